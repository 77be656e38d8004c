import { Args } from '@oclif/core';
import { SpeedDialRepo } from '../../src/db/repos/speed-dial.js';
import { AppError } from '../../src/errors.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { isUniqueViolation } from '../../src/provision/db-conflict.js';
import { parseSipUri } from '../../src/provision/validate/sip-uri.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';
import { checkText } from '../../src/provision/validate/validation.js';
import type { SpeedDialView } from './show.js';

export type SpeedDialAddResult = SpeedDialView;

export default class SpeedDialAdd extends ProvisionCommand<typeof SpeedDialAdd, SpeedDialAddResult> {
  static override summary = 'Give a user a short number that leads to a SIP URI (kamctl speeddial add).';
  static override description = `Inserts speed_dial(username, domain, sd_username, sd_domain, new_uri, description). NEW-URI must be a SIP URI with a user part (sip:user@domain), as kamctl requires; it is checked, not rewritten. The same short number for the same owner is E_EXISTS (exit 20). "sipctl speed_dial add" is the same command.`;
  static override examples = ['<%= config.bin %> speeddial add alice@example.com 11@example.com sip:bob@example.com "Bob\'s desk"', '<%= config.bin %> speeddial add alice 12 sip:+4930123@pstn.example.com --json'];
  static override aliases = ['speed_dial:add'];
  static override args = {
    sipId: Args.string({ description: 'the owner: user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)', required: true }),
    sdId: Args.string({ description: 'the short number as user@domain (domain default: SIP_DOMAIN)', required: true }),
    newUri: Args.string({ description: 'where it leads: sip:user@domain', required: true }),
    description: Args.string({ description: 'a description (at most 64 characters)' }),
  };

  async run(): Promise<SpeedDialAddResult> {
    const owner = this.identity('SIP-ID', this.args.sipId);
    const shortNumber = this.identity('SD-ID', this.args.sdId);
    parseSipUri('NEW-URI', this.args.newUri, { max: 255, requireUser: true });
    const description = checkText('DESC', this.args.description ?? '', 64, { allowEmpty: true });
    const uriText = this.args.newUri;
    const db = await this.connection('rw');
    try {
      await db.transaction(async (trx) => {
        const repo = new SpeedDialRepo(trx, this.tables.speedDial);
        if ((await repo.find(owner, shortNumber)).length > 0) throw new AppError('E_EXISTS', `${formatUserDomain(owner)} already has short number ${formatUserDomain(shortNumber)}`);
        await repo.add({ owner, shortNumber, newUri: uriText, description });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('E_EXISTS', `${formatUserDomain(owner)} already has short number ${formatUserDomain(shortNumber)}`, { cause: err });
      throw err;
    }
    return { owner: formatUserDomain(owner), shortNumber: formatUserDomain(shortNumber), newUri: uriText, description };
  }

  protected text(r: SpeedDialAddResult): string {
    return `short number ${r.shortNumber} of ${r.owner} → ${r.newUri} added`;
  }
}
