import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { removeTrusted, type TrustedRow } from '../../src/db/repos/trusted.js';
import { parseIp } from '../../src/provision/validate/ip.js';

export interface TrustedRmResult {
  readonly removed: readonly TrustedRow[];
}

export default class TrustedRm extends ProvisionCommand<typeof TrustedRm, TrustedRmResult> {
  static override summary = 'Remove a trusted peer: every row of a source address (kamctl trusted rm).';
  static override description = 'An address with no rows is an error with exit code 21. Run sipctl trusted reload afterwards.';
  static override examples = ['<%= config.bin %> trusted rm 192.0.2.20'];
  static override args = { src_ip: Args.string({ required: true, description: 'source IP address' }) };

  async run(): Promise<TrustedRmResult> {
    const ip = parseIp(this.args.src_ip, 'source address');
    return { removed: await withDb(this.db, 'rw', (db) => removeTrusted(db, ip.text)) };
  }

  protected text(r: TrustedRmResult): string {
    return `removed ${String(r.removed.length)} trusted row(s) of ${r.removed[0]?.src_ip ?? ''}\nrun '${this.config.bin} trusted reload' to update the running server`;
  }
}
