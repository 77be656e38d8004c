import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Args, Flags } from '@oclif/core';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { exportSubscribers, type SubscriberFileFormat } from '../../src/provision/subscriber-import.js';
import { validateDomain } from '../../src/provision/validate/user-domain.js';

export interface SubscriberExportResult {
  readonly file: string | null;
  readonly format: SubscriberFileFormat;
  readonly rows: number;
}

export default class SubscriberExport extends ProvisionCommand<typeof SubscriberExport, SubscriberExportResult> {
  static override summary = 'Export subscribers to a CSV or JSON-lines file that subscriber import reads back.';
  static override description = `Writes username, domain, ha1 and ha1b of every subscriber (of one domain with -d), in id order, read as DBROUSER page by page. --show-secrets adds the clear-text password column. The file is created with mode 0600: ha1 is as good as a password for digest authentication. Without FILE the rows go to standard output (not with --json).`;
  static override examples = ['<%= config.bin %> subscriber export users.csv', '<%= config.bin %> subscriber export users.jsonl --format jsonl -d example.com --json', '<%= config.bin %> subscriber export | gzip > users.csv.gz'];
  static override args = { file: Args.string({ description: 'the file to write (replaced if it exists); standard output when omitted' }) };
  static override flags = {
    format: Flags.string({ description: 'csv or jsonl (default: jsonl for a .jsonl/.json file, else csv)', options: ['csv', 'jsonl'] }),
    domain: Flags.string({ char: 'd', description: 'only subscribers of this domain' }),
    'show-secrets': Flags.boolean({ description: 'add the clear-text password column' }),
  };

  async run(): Promise<SubscriberExportResult> {
    const file = this.args.file ?? null;
    if (file === null && this.jsonEnabled()) throw new AppError('E_USAGE', '--json prints the summary on standard output, so name a FILE for the rows');
    const format: SubscriberFileFormat = this.flags.format === 'csv' || this.flags.format === 'jsonl' ? this.flags.format : file !== null && /\.jsonl?$/i.test(file) ? 'jsonl' : 'csv';
    const domain = this.flags.domain === undefined ? undefined : validateDomain('--domain', this.flags.domain);
    const db = await this.connection('ro');
    let out: Writable = process.stdout;
    if (file !== null) {
      try {
        out = fs.createWriteStream(file, { mode: 0o600 });
        await new Promise<void>((resolve, reject) => {
          out.once('open', () => {
            resolve();
          }).once('error', reject);
        });
      } catch (err) {
        throw new AppError('E_IO', `cannot write ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
    }
    const rows = await exportSubscribers(db, this.tables.subscriber, out, { format, withPassword: this.flags['show-secrets'], domain, progress: this.progress() });
    if (file !== null) {
      out.end();
      await finished(out);
    }
    return { file, format, rows };
  }

  protected text(r: SubscriberExportResult): string {
    return r.file === null ? '' : `${String(r.rows)} subscriber(s) written to ${r.file} (${r.format})`;
  }
}
