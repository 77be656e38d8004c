import { Args, Flags } from '@oclif/core';
import { ctlFlags } from '../../src/cli/rpc-command.js';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { obtainPassword } from '../../src/provision/cli/password-source.js';
import { isUsrlocAlias } from '../../src/provision/cli/ul-alias.js';
import { checkPassword, digestCredentials } from '../../src/provision/credentials.js';
import { addSubscriber, parseAliasesType, type AliasCheck } from '../../src/provision/subscriber.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';

export interface SubscriberAddResult {
  readonly username: string;
  readonly domain: string;
  /** Whether subscriber.password holds the clear text (STORE_PLAINTEXT_PW=1). */
  readonly plaintextStored: boolean;
}

export const passwordStdinFlag = Flags.boolean({ description: 'read the password from standard input (all of it, less one trailing newline) instead of argv' });

export default class SubscriberAdd extends ProvisionCommand<typeof SubscriberAdd, SubscriberAddResult> {
  static override summary = 'Add a subscriber with its digest credentials (kamctl add).';
  static override description = `Writes subscriber(username, domain, ha1, ha1b, password) as kamctl does: ha1 = MD5(user:domain:password), ha1b = MD5(user@domain:domain:password), the realm being the domain. The clear-text password column is filled only with STORE_PLAINTEXT_PW=1 (sipctl's default is 0; kamctl's is 1).
USER is user, user@domain or sip:user@domain; without a domain SIP_DOMAIN is used. The password may hold any character (spaces, quotes, #, unicode). Give it as an argument, with --password-stdin, or type it at the hidden prompt; under --json or without a terminal a missing password is E_PROMPT_NEEDED.
An existing subscriber or alias of the same name is E_EXISTS (exit 20). Aliases are looked up as ALIASES_TYPE says: DB (and unset) in the dbaliases table; UL in the running server's usrloc table ALS_TABLE (default aliases) with ul.lookup over the control socket (--ctl, CTLURL or CTLENGINE), and a server that cannot be asked is an error (E_RPC_CONNECT, exit 30) with nothing written. "sipctl add USER PASSWORD" and "sipctl add subscriber USER PASSWORD" are the same command.`;
  static override examples = [
    '<%= config.bin %> subscriber add alice@example.com \'s3cret pass\'',
    'printf %s "$PW" | <%= config.bin %> subscriber add alice --password-stdin',
    '<%= config.bin %> add subscriber alice@example.com secret',
    '<%= config.bin %> add alice secret --json',
  ];
  static override strict = false;
  static override args = {
    user: Args.string({ description: 'user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)' }),
    password: Args.string({ description: 'the password; omit it to use --password-stdin or the prompt' }),
  };
  static override flags = { 'password-stdin': passwordStdinFlag, ...ctlFlags };

  async run(): Promise<SubscriberAddResult> {
    const [user = '', password] = this.argsBetween(1, 2, 'add [subscriber] USER [PASSWORD]', 'subscriber');
    const key = this.identity('USER', user);
    const plaintext = this.rc.bool('STORE_PLAINTEXT_PW');
    const pw = await obtainPassword({ argument: password, fromStdin: this.flags['password-stdin'], prompter: this.prompter(false), who: formatUserDomain(key) });
    checkPassword(pw, plaintext);
    await addSubscriber(await this.connection('rw'), this.tables, key, digestCredentials(key, pw, plaintext), this.aliasCheck());
    return { ...key, plaintextStored: plaintext };
  }

  private aliasCheck(): AliasCheck {
    if (parseAliasesType(this.rc.get('ALIASES_TYPE')) === 'DB') return { type: 'DB' };
    const table = this.rc.get('ALS_TABLE') ?? 'aliases';
    const o = { rc: this.rc, ctlFlag: this.flags.ctl, timeoutFlag: this.flags.timeout, table };
    return { type: 'UL', table, isAlias: (alias) => isUsrlocAlias(o, alias) };
  }

  protected text(r: SubscriberAddResult): string {
    return `subscriber ${formatUserDomain(r)} added`;
  }
}
