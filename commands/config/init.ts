import fs from 'node:fs';
import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { AppError } from '../../src/errors.js';
import { makeDirectory } from '../../src/make-directory.js';
import { templatePath } from '../../src/paths.js';

export interface ConfigInitResult {
  readonly file: string;
}

export default class ConfigInit extends BaseCommand<typeof ConfigInit, ConfigInitResult> {
  static override summary = 'Write the fully commented sipctlrc template.';
  static override description = 'Refuses to overwrite an existing file unless --force is given.';
  static override examples = ['<%= config.bin %> config init', '<%= config.bin %> config init ~/.sipctlrc', '<%= config.bin %> config init /etc/sipctl/sipctlrc --force'];
  static override args = {
    file: Args.string({ description: 'where to write it', default: 'sipctlrc' }),
  };
  static override flags = {
    force: Flags.boolean({ description: 'overwrite an existing file' }),
  };

  async run(): Promise<ConfigInitResult> {
    const file = path.resolve(this.args.file);
    const text = fs.readFileSync(templatePath('sipctlrc'), 'utf8');
    try {
      makeDirectory(path.dirname(file));
      fs.writeFileSync(file, text, { flag: this.flags.force ? 'w' : 'wx', mode: 0o600 });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new AppError('E_EXISTS', `${file} exists already; use --force to overwrite it`);
      throw new AppError('E_IO', `cannot write ${file}: ${String(code)}`, { cause: err });
    }
    return { file };
  }

  protected render(r: ConfigInitResult): string {
    return `wrote ${r.file}`;
  }
}
