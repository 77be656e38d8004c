import { Args } from '@oclif/core';
import { SpeedDialRepo } from '../../src/db/repos/speed-dial.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { speedDialTable, speedDialView, type SpeedDialView } from './show.js';

export interface SpeedDialListResult {
  readonly entries: readonly SpeedDialView[];
}

export default class SpeedDialList extends ProvisionCommand<typeof SpeedDialList, SpeedDialListResult> {
  static override summary = 'List the short numbers of one user, or all of them (kamctl speeddial list).';
  static override description = 'Reads speed_dial as the read-only user. Without SIP-ID every entry is listed (kamctl asks first; a listing changes nothing, so sipctl does not). "sipctl speed_dial list" is the same command.';
  static override examples = ['<%= config.bin %> speeddial list alice@example.com', '<%= config.bin %> speeddial list --json'];
  static override aliases = ['speed_dial:list'];
  static override args = { sipId: Args.string({ description: 'the owner: user, user@domain or sip:user@domain; everyone when omitted' }) };

  async run(): Promise<SpeedDialListResult> {
    const owner = this.args.sipId === undefined ? undefined : this.identity('SIP-ID', this.args.sipId);
    const rows = await new SpeedDialRepo(await this.connection('ro'), this.tables.speedDial).list(owner);
    return { entries: rows.map(speedDialView) };
  }

  protected text(r: SpeedDialListResult): string {
    return `${speedDialTable(r.entries)}\n${String(r.entries.length)} entr${r.entries.length === 1 ? 'y' : 'ies'}`;
  }
}
