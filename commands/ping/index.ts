import os from 'node:os';
import { Args } from '@oclif/core';
import { RpcCommand } from '../../src/cli/rpc-command.js';
import { ping, PING_MIN_TIMEOUT_MS, renderPing, type PingResult as Ping } from '../../src/ctl/ping.js';

export type PingResult = Ping;

export default class PingCommand extends RpcCommand<typeof PingCommand, PingResult> {
  static override summary = 'Have the server send OPTIONS to a SIP URI and show the reply (kamctl ping, tm.t_uac_wait_block).';
  static override description = `The request goes out from the server, with From and Contact sip:daemon@HOST (HOST: SIP_DOMAIN, else this machine's name), and the command waits for the final reply. When nothing answers, the server's transaction timer ends it with 408 after about 30 s, so the default deadline here is 40 s (--timeout changes it).
Exit code 0 when the destination answered (any status other than 408), 1 on 408. --json gives {uri, status, reason, elapsedMs}.`;
  static override examples = ['<%= config.bin %> ping sip:gw1.example.com', '<%= config.bin %> ping sip:alice@192.0.2.10:5060 --json'];
  static override args = {
    uri: Args.string({ description: 'SIP URI to send OPTIONS to', required: true }),
  };
  protected static override minTimeoutMs = PING_MIN_TIMEOUT_MS;

  async run(): Promise<PingResult> {
    const domain = this.rc.get('SIP_DOMAIN');
    const result = await ping(await this.caller(), this.args.uri, domain === undefined || domain === '' ? os.hostname() : domain);
    if (result.status === 408) process.exitCode = 1;
    return result;
  }

  protected render(r: PingResult): string {
    return renderPing(r);
  }
}
