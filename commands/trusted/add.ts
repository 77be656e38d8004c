import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { keyValues } from '../../src/cli/render.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { addTrusted, trustedEntry, type TrustedRow, TRUSTED_PROTOS } from '../../src/db/repos/trusted.js';

export type TrustedAddResult = TrustedRow;

export default class TrustedAdd extends ProvisionCommand<typeof TrustedAdd, TrustedAddResult> {
  static override summary = 'Add a trusted peer to the permissions trusted table (kamctl trusted add).';
  static override description = `proto is one of ${TRUSTED_PROTOS.join(', ')}. from_pattern is a POSIX extended regular expression matched against the From URI; it is compiled before the insert. As kamctl, an absent pattern and tag are written as empty strings.
kamctl refuses a second row for the same address; sipctl refuses only the same address, protocol and pattern (exit code 20), so one peer can have several patterns. Run sipctl trusted reload afterwards.`;
  static override examples = ['<%= config.bin %> trusted add 192.0.2.20 any', '<%= config.bin %> trusted add 192.0.2.21 udp "^sip:.*@carrier\\.example$" carrier-a'];
  static override args = {
    src_ip: Args.string({ required: true, description: 'source IP address of the peer' }),
    proto: Args.string({ required: true, description: `transport: ${TRUSTED_PROTOS.join('|')}` }),
    from_pattern: Args.string({ description: 'regular expression the From URI must match' }),
    tag: Args.string({ description: 'tag returned by allow_trusted() in a variable' }),
  };

  async run(): Promise<TrustedAddResult> {
    const entry = trustedEntry(this.args.src_ip, this.args.proto, this.args.from_pattern, this.args.tag);
    return withDb(this.db, 'rw', (db) => addTrusted(db, entry));
  }

  protected text(r: TrustedAddResult): string {
    return `${keyValues([['id', r.id], ['src_ip', r.src_ip], ['proto', r.proto], ['from_pattern', r.from_pattern], ['tag', r.tag]])}\nrun '${this.config.bin} trusted reload' to load it into the running server`;
  }
}
