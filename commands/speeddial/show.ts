import { Args } from '@oclif/core';
import { table } from '../../src/cli/render.js';
import { SpeedDialRepo, type SpeedDialRow } from '../../src/db/repos/speed-dial.js';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';

export interface SpeedDialView {
  readonly owner: string;
  readonly shortNumber: string;
  readonly newUri: string;
  readonly description: string;
}

export function speedDialView(r: SpeedDialRow): SpeedDialView {
  return { owner: formatUserDomain(r.owner), shortNumber: formatUserDomain(r.shortNumber), newUri: r.newUri, description: r.description };
}

export function speedDialTable(rows: readonly SpeedDialView[]): string {
  return table(['short number', 'owner', 'new URI', 'description'], rows.map((r) => [r.shortNumber, r.owner, r.newUri, r.description]));
}

export interface SpeedDialShowResult {
  readonly entries: readonly SpeedDialView[];
}

export default class SpeedDialShow extends ProvisionCommand<typeof SpeedDialShow, SpeedDialShowResult> {
  static override summary = 'Show where a short number leads, and whose it is (kamctl speeddial show).';
  static override description = 'Reads speed_dial (SD_TABLE) as the read-only user. An unknown short number is E_NOT_FOUND (exit 21). "sipctl speed_dial show" is the same command.';
  static override examples = ['<%= config.bin %> speeddial show 11@example.com', '<%= config.bin %> speeddial show 11 --json'];
  static override aliases = ['speed_dial:show'];
  static override args = { sdId: Args.string({ description: 'the short number as user@domain (domain default: SIP_DOMAIN)', required: true }) };

  async run(): Promise<SpeedDialShowResult> {
    const sd = this.identity('SD-ID', this.args.sdId);
    const rows = await new SpeedDialRepo(await this.connection('ro'), this.tables.speedDial).findShortNumber(sd);
    if (rows.length === 0) throw new AppError('E_NOT_FOUND', `short number ${formatUserDomain(sd)} does not exist`);
    return { entries: rows.map(speedDialView) };
  }

  protected text(r: SpeedDialShowResult): string {
    return speedDialTable(r.entries);
  }
}
