import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { table } from '../../src/cli/render.js';
import { dbFlags, dbOverrides } from '../../src/cli/flags.js';
import type { RcSource } from '../../src/config/rc-load.js';

export interface ConfigShowResult {
  readonly files: readonly string[];
  readonly keys: readonly {
    readonly key: string;
    readonly value: string | null;
    readonly source: string;
    readonly known: boolean;
  }[];
}

function describe(source: RcSource): string {
  switch (source.kind) {
    case 'file':
      return `${source.file}:${String(source.line)}`;
    case 'env':
      return 'environment';
    case 'flag':
      return 'command line';
    case 'default':
      return 'default';
  }
}

export default class ConfigShow extends BaseCommand<typeof ConfigShow, ConfigShowResult> {
  static override summary = 'Print every effective rc key, its value and where it came from.';
  static override description =
    'Passwords are masked unless --show-secrets is given. Keys an rc file sets that sipctl does not know are listed too, marked unknown.';
  static override examples = [
    '<%= config.bin %> config show',
    '<%= config.bin %> config show --rc /etc/kamailio/kamctlrc',
    '<%= config.bin %> config show --json | jq -r \'.keys[] | select(.key=="DBENGINE") | .value\'',
  ];
  static override flags = {
    ...dbFlags,
    'show-secrets': Flags.boolean({ description: 'print passwords in clear' }),
  };

  protected override rcOverrides() {
    return dbOverrides(this.flagValues());
  }

  async run(): Promise<ConfigShowResult> {
    const mask = !this.flags['show-secrets'];
    return {
      files: this.rc.files,
      keys: this.rc.all().map((e) => ({
        key: e.key,
        value: e.value === undefined ? null : mask && e.secret && e.value !== '' ? '********' : e.value,
        source: describe(e.source),
        known: e.known,
      })),
    };
  }

  protected render(r: ConfigShowResult): string {
    const head = r.files.length === 0 ? 'no rc file read' : `rc files read: ${r.files.join(', ')}`;
    const rows = r.keys.map((k) => [k.key + (k.known ? '' : ' (unknown)'), k.value ?? '', k.source]);
    return `${head}\n${table(['key', 'value', 'from'], rows)}`;
  }
}
