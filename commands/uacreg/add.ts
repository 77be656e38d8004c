import { Args, Flags } from '@oclif/core';
import { ProvisionCommand } from '../../src/provision/cli/provision-command.js';
import { keyValues } from '../../src/cli/render.js';
import { withDb } from '../../src/db/repos/table-row.js';
import { addUacreg, type UacregRow } from '../../src/db/repos/uacreg.js';
import { parseInteger } from '../../src/provision/validate/port.js';

export type UacregAddResult = Omit<UacregRow, 'auth_password'>;

export default class UacregAdd extends ProvisionCommand<typeof UacregAdd, UacregAddResult> {
  static override summary = 'Add a registration this server sends to a remote registrar (uacreg table; kamcli uacreg add).';
  static override description = `The arguments follow kamcli's order. auth_proxy, when given, must be a sip: URI. The password is read from standard input with --password-stdin, so it need not sit in the shell history; --auth-ha1 stores an HA1 instead. An l_uuid already in the table is an error with exit code 20. Run sipctl rpc uac.reg_reload afterwards.`;
  static override examples = [
    'echo "$PW" | <%= config.bin %> uacreg add gw1 alice example.com 4930123 sip.carrier.example sip.carrier.example 4930123 --password-stdin --auth-proxy sip:sip.carrier.example --expires 600',
  ];
  static override args = {
    l_uuid: Args.string({ required: true, description: 'local unique id of the registration' }),
    l_username: Args.string({ required: true, description: 'local user' }),
    l_domain: Args.string({ required: true, description: 'local domain' }),
    r_username: Args.string({ required: true, description: 'remote user' }),
    r_domain: Args.string({ required: true, description: 'remote domain' }),
    realm: Args.string({ required: true, description: 'authentication realm' }),
    auth_username: Args.string({ required: true, description: 'authentication user' }),
  };
  static override flags = {
    'password-stdin': Flags.boolean({ description: 'read the authentication password from standard input (first line)' }),
    'auth-ha1': Flags.string({ description: 'HA1 (32 hex digits) instead of a password' }),
    'auth-proxy': Flags.string({ description: 'outbound proxy, a sip: URI', default: '' }),
    expires: Flags.integer({ description: 'registration lifetime in seconds', default: 0, min: 0 }),
    flags: Flags.string({ description: 'uac registration flags', default: '0' }),
    'reg-delay': Flags.integer({ description: 'seconds to wait before the first REGISTER', default: 0, min: 0 }),
    'contact-addr': Flags.string({ description: 'address for the Contact header', default: '' }),
    socket: Flags.string({ description: 'local socket to send from', default: '' }),
  };

  private async readPassword(): Promise<string> {
    if (!this.flags['password-stdin']) return '';
    let data = '';
    for await (const chunk of process.stdin) data += String(chunk);
    return data.split(/\r?\n/)[0] ?? '';
  }

  async run(): Promise<UacregAddResult> {
    const a = this.args;
    const f = this.flags;
    const entry = {
      ...a,
      auth_password: await this.readPassword(),
      auth_ha1: f['auth-ha1'] ?? '',
      auth_proxy: f['auth-proxy'],
      expires: f.expires,
      flags: parseInteger(f.flags, { what: 'flags' }),
      reg_delay: f['reg-delay'],
      contact_addr: f['contact-addr'],
      socket: f.socket,
    };
    const { auth_password: _secret, ...shown } = await withDb(this.db, 'rw', (db) => addUacreg(db, entry));
    return shown;
  }

  protected text(r: UacregAddResult): string {
    return keyValues(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' || typeof v === 'number' ? v : ''] as const));
  }
}
