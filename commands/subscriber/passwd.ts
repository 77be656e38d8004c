import { Args } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { obtainPassword } from '../../src/provision/cli/password-source.js';
import { checkPassword, digestCredentials } from '../../src/provision/credentials.js';
import { changePassword } from '../../src/provision/subscriber.js';
import { formatUserDomain } from '../../src/provision/validate/user-domain.js';
import { passwordStdinFlag } from './add.js';

export interface SubscriberPasswdResult {
  readonly username: string;
  readonly domain: string;
  readonly plaintextStored: boolean;
}

export default class SubscriberPasswd extends ProvisionCommand<typeof SubscriberPasswd, SubscriberPasswdResult> {
  static override summary = 'Change the password of a subscriber (kamctl passwd).';
  static override description = `Recomputes ha1 and ha1b (and the password column: the clear text with STORE_PLAINTEXT_PW=1, else empty), as kamctl passwd does. A missing subscriber is E_NOT_FOUND (exit 21).
The password comes from the argument, --password-stdin or the hidden prompt, as for subscriber add. "sipctl passwd USER PASSWORD" is the same command.`;
  static override examples = [
    '<%= config.bin %> subscriber passwd alice@example.com \'new secret\'',
    'printf %s "$PW" | <%= config.bin %> passwd alice --password-stdin',
  ];
  static override strict = false;
  static override args = {
    user: Args.string({ description: 'user, user@domain or sip:user@domain (domain default: SIP_DOMAIN)' }),
    password: Args.string({ description: 'the new password; omit it to use --password-stdin or the prompt' }),
  };
  static override flags = { 'password-stdin': passwordStdinFlag };

  async run(): Promise<SubscriberPasswdResult> {
    const [user = '', password] = this.argsBetween(1, 2, 'passwd [subscriber] USER [PASSWORD]', 'subscriber');
    const key = this.identity('USER', user);
    const plaintext = this.rc.bool('STORE_PLAINTEXT_PW');
    const pw = await obtainPassword({ argument: password, fromStdin: this.flags['password-stdin'], prompter: this.prompter(false), who: formatUserDomain(key) });
    checkPassword(pw, plaintext);
    await changePassword(await this.connection('rw'), this.tables, key, digestCredentials(key, pw, plaintext));
    return { ...key, plaintextStored: plaintext };
  }

  protected text(r: SubscriberPasswdResult): string {
    return `password of ${formatUserDomain(r)} changed`;
  }
}
