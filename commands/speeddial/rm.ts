import { Args } from '@oclif/core';
import { SpeedDialRepo } from '../../src/db/repos/speed-dial.js';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';

export interface SpeedDialRmResult {
  readonly owner: string;
  readonly shortNumber: string;
  readonly removed: number;
}

export default class SpeedDialRm extends ProvisionCommand<typeof SpeedDialRm, SpeedDialRmResult> {
  static override summary = 'Remove a short number of a user (kamctl speeddial rm).';
  static override description = 'Deletes the speed_dial row of that owner and short number. Nothing to remove is E_NOT_FOUND (exit 21). "sipctl speed_dial rm" is the same command.';
  static override examples = ['<%= config.bin %> speeddial rm alice@example.com 11@example.com', '<%= config.bin %> speeddial rm alice 11 --json'];
  static override aliases = ['speed_dial:rm'];
  static override args = {
    sipId: Args.string({ description: 'the owner: user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)', required: true }),
    sdId: Args.string({ description: 'the short number as user@domain (domain default: SIP_DOMAIN)', required: true }),
  };

  async run(): Promise<SpeedDialRmResult> {
    const owner = this.identity('SIP-ID', this.args.sipId);
    const sd = this.identity('SD-ID', this.args.sdId);
    const removed = await new SpeedDialRepo(await this.connection('rw'), this.tables.speedDial).remove(owner, sd);
    if (removed === 0) throw new AppError('E_NOT_FOUND', `${formatUserDomain(owner)} has no short number ${formatUserDomain(sd)}`);
    return { owner: formatUserDomain(owner), shortNumber: formatUserDomain(sd), removed };
  }

  protected text(r: SpeedDialRmResult): string {
    return `short number ${r.shortNumber} of ${r.owner} removed`;
  }
}
