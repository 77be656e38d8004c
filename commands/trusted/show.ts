import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { table } from '../../src/cli/render.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { listTrusted, type TrustedRow } from '../../src/db/repos/trusted.js';

export interface TrustedShowResult {
  readonly trusted: readonly TrustedRow[];
}

export default class TrustedShow extends ProvisionCommand<typeof TrustedShow, TrustedShowResult> {
  static override summary = 'List the permissions trusted table (kamctl trusted show).';
  static override description = 'Reads the database as the read-only user; sipctl trusted dump shows what the running server has loaded.';
  static override examples = ['<%= config.bin %> trusted show', '<%= config.bin %> trusted show --json'];

  async run(): Promise<TrustedShowResult> {
    return { trusted: await withDb(this.db, 'ro', (db) => listTrusted(db)) };
  }

  protected text(r: TrustedShowResult): string {
    return table(['id', 'src_ip', 'proto', 'from_pattern', 'ruri_pattern', 'tag', 'priority'], r.trusted.map((t) => [t.id, t.src_ip, t.proto, t.from_pattern, t.ruri_pattern, t.tag, t.priority]));
  }
}
