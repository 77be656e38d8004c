import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { Args, Flags } from '@oclif/core';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { importSubscribers, type ImportSummary } from '../../src/provision/subscriber-import.js';

export type SubscriberImportResult = ImportSummary & { readonly file: string };

export default class SubscriberImport extends ProvisionCommand<typeof SubscriberImport, SubscriberImportResult> {
  static override summary = 'Import subscribers from a CSV or JSON-lines file, in batches.';
  static override description = `CSV has a header line naming its columns; JSON lines have one object per line. Columns: username (user or user@domain), domain (default SIP_DOMAIN), and either password (hashed here; stored in clear only with STORE_PLAINTEXT_PW=1) or ha1 with optional ha1b (32 or 64 hex digits, taken as they are).
Rows are checked as they are read and written --batch-size at a time, one transaction per batch. The first bad row stops the import with its line number (exit 2; exit 20 for a subscriber that exists already): earlier batches stay, nothing of its batch is written. --on-conflict skip keeps existing subscribers, update overwrites their credentials. FILE "-" reads standard input.`;
  static override examples = [
    '<%= config.bin %> subscriber import users.csv',
    '<%= config.bin %> subscriber import users.jsonl --on-conflict skip --json',
    'kamailio-export | <%= config.bin %> subscriber import - --format csv',
  ];
  static override args = { file: Args.string({ description: 'the file to read, or - for standard input', required: true }) };
  static override flags = {
    format: Flags.string({ description: 'csv or jsonl (default: from the first line)', options: ['csv', 'jsonl'] }),
    'on-conflict': Flags.string({ description: 'what to do with a subscriber that exists already', options: ['error', 'skip', 'update'], default: 'error' }),
    'batch-size': Flags.integer({ description: 'rows per transaction', default: 5000, min: 1, max: 100000 }),
  };

  async run(): Promise<SubscriberImportResult> {
    const file = this.args.file;
    let input: Readable;
    let size = 0;
    if (file === '-') {
      input = process.stdin;
    } else {
      try {
        size = fs.statSync(file).size;
      } catch (err) {
        throw new AppError('E_IO', `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      input = fs.createReadStream(file);
    }
    const stream = input;
    const format = this.flags.format === 'csv' || this.flags.format === 'jsonl' ? this.flags.format : undefined;
    const onConflict = this.flags['on-conflict'] === 'skip' || this.flags['on-conflict'] === 'update' ? this.flags['on-conflict'] : 'error';
    const summary = await importSubscribers(await this.connection('rw'), this.tables.subscriber, stream, {
      format,
      defaultDomain: this.sipDomain,
      storePlaintext: this.rc.bool('STORE_PLAINTEXT_PW'),
      onConflict,
      batchSize: this.flags['batch-size'],
      progress: this.progress(),
      totalBytes: size,
      bytesRead: () => ('bytesRead' in stream && typeof stream.bytesRead === 'number' ? stream.bytesRead : 0),
    });
    return { file, ...summary };
  }

  protected text(r: SubscriberImportResult): string {
    return `${String(r.rows)} row(s) of ${r.file} imported in ${String(r.batches)} batch(es); the table gained ${String(r.added)} subscriber(s)`;
  }
}
