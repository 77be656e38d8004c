import os from 'node:os';
import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { RpcCommand } from '../../src/cli/rpc-command.js';
import { AppError } from '../../src/errors.js';
import { kamcmdCall } from '../../src/ctl/kamcmd.js';
import { formatValues, kamcmdText } from '../../src/ctl/value-text.js';
import type { ShellSummary } from '../../src/ctl/cmd-shell.js';
import type { RpcParam, RpcValue } from '../../src/rpc/rpc-value.js';

export type CmdResult =
  | { readonly mode: 'call'; readonly method: string; readonly params: readonly RpcParam[]; readonly result: RpcValue; readonly text: string }
  | ({ readonly mode: 'interactive' } & ShellSummary);

export default class Cmd extends RpcCommand<typeof Cmd, CmdResult> {
  static override summary = 'Send one BINRPC command, or open an interactive prompt with history and method completion (kamcmd).';
  static override description = `Works as kamcmd: "cmd METHOD [ARG …]" calls the method and prints the reply as kamcmd does (struct members as "name: value", nesting in braces); -f prints it through a format where each %v takes the next value (\\n, \\t understood). kamcmd's aliases work: ps, psx, ls/list, ver/version, who, listen, dns_*, dst_blacklist_*. Arguments are typed as kamcmd types them (numbers are numbers; s: forces a string).
The socket is -s (kamcmd's syntax: unixs:/path, unixd:/path, tcp:host:port, udp:host:port, a bare path; the URLs of --ctl too), else CTLURL, else sipd's BINRPC socket unix:$RUNDIR/sipd_ctl — CTLENGINE is not used, as kamcmd always speaks BINRPC.
Without a method on a terminal it opens a prompt: Tab completes method names (from system.listMethods) and help's argument, history is kept in ~/.sipctl_cmd_history, "help" lists methods, "quit" or Ctrl-D leaves. Without a terminal (or with --json) a method is required.`;
  static override examples = [
    '<%= config.bin %> cmd core.uptime',
    '<%= config.bin %> cmd -s unixs:/run/kamailio/kamailio_ctl ul.dump brief',
    '<%= config.bin %> cmd -f "%v\\t%v\\n" core.ps',
    '<%= config.bin %> cmd',
  ];
  static override strict = false;
  static override args = {
    method: Args.string({ description: 'RPC method or kamcmd alias; none opens the prompt' }),
    params: Args.string({ description: 'arguments (any number)' }),
  };
  static override flags = {
    socket: Flags.string({ char: 's', description: 'BINRPC socket, kamcmd syntax (overrides --ctl)' }),
    format: Flags.string({ char: 'f', description: 'print the reply with this format; %v is the next value' }),
  };

  protected override socketFlag(): string | undefined {
    const s = this.flags.socket;
    if (s === undefined) return undefined;
    // kamcmd's "unixs:" is the stream socket; its bare names are paths.
    return s.startsWith('unixs:') ? `unix:${s.slice(6)}` : s;
  }

  protected override ctlMode(): 'binrpc' {
    return 'binrpc';
  }

  async run(): Promise<CmdResult> {
    if (this.positional.length === 0) {
      if (!this.interactive) throw new AppError('E_USAGE', 'name a method (e.g. core.uptime); the interactive prompt needs a terminal');
      const { runShell } = await import('../../src/ctl/cmd-shell.js');
      const summary = await runShell({
        input: process.stdin,
        output: process.stdout,
        terminal: true,
        rpc: await this.caller(),
        format: this.flags.format,
        historyFile: path.join(os.homedir(), '.sipctl_cmd_history'),
      });
      return { mode: 'interactive', ...summary };
    }
    const call = kamcmdCall(this.positional, this.flags.format);
    const result = await (await this.caller()).call(call.method, call.params);
    const text = call.format === undefined ? kamcmdText(result) : formatValues(call.format, result).replace(/\n$/, '');
    return { mode: 'call', method: call.method, params: call.params, result, text };
  }

  protected render(r: CmdResult): string {
    return r.mode === 'call' ? r.text : '';
  }
}
