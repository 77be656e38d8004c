/**
 * The base of commands that talk to a running server (sipd or Kamailio) over its control socket.
 * It adds `--ctl URL` and `--timeout SECONDS`, picks the socket from the flag or the rc keys
 * (src/ctl/ctl-target.ts), creates the RPC client on first use and closes it at the end.
 * The client code is imported only when a call is made, so `--help` and usage errors stay fast.
 */
import { Flags, type Command } from '@oclif/core';
import { BaseCommand } from './base-command.js';
import { AppError } from '../errors.js';
import { parseCtlUrl } from '../rpc/ctl-url.js';
import { parseTimeoutSeconds, resolveCtlTarget, type CtlTarget } from '../ctl/ctl-target.js';
import type { CallOptions, RpcClient } from '../rpc/client.js';
import type { RpcParam, RpcValue } from '../rpc/rpc-value.js';
import type { RpcCaller } from '../ctl/rpc-caller.js';

export const ctlFlags = {
  ctl: Flags.string({
    description: 'control socket: unix:/path, unixd:/path, tcp:host:port, udp:host:port, fifo:/path, jsonunixd:/path, http://host:port/RPC (rc: CTLURL, else CTLENGINE)',
    helpGroup: 'CONTROL',
  }),
  timeout: Flags.string({ description: 'seconds to wait for each answer (rc: CTLTIMEOUT, default 5)', helpGroup: 'CONTROL' }),
};

/** usrloc's table for the ul commands. */
export const ulTableFlag = Flags.string({ description: 'usrloc table (domain) to use', default: 'location' });

export abstract class RpcCommand<T extends typeof Command, R> extends BaseCommand<T, R> {
  static override baseFlags = { ...BaseCommand.baseFlags, ...ctlFlags };

  /** The smallest deadline this command needs when --timeout does not set one (ping waits for SIP). */
  protected static minTimeoutMs = 0;

  #client: RpcClient | undefined;

  /** A socket the command's own flags name (kamcmd's -s); undefined to use --ctl and the rc. */
  protected socketFlag(): string | undefined {
    return undefined;
  }

  /** 'binrpc' for kamcmd, which ignores CTLENGINE. */
  protected ctlMode(): 'engine' | 'binrpc' {
    return 'engine';
  }

  protected ctlTarget(): CtlTarget {
    const ctl = this.flagValues()['ctl'];
    return resolveCtlTarget(this.rc, this.socketFlag() ?? (typeof ctl === 'string' ? ctl : undefined), this.ctlMode());
  }

  protected timeoutMs(): number {
    const flag = this.flagValues()['timeout'];
    if (typeof flag === 'string') return parseTimeoutSeconds(flag, '--timeout');
    const rcSeconds = this.rc.int('CTLTIMEOUT') ?? 5;
    const min = (this.constructor as typeof RpcCommand).minTimeoutMs;
    return Math.max(rcSeconds * 1000, min);
  }

  /** The client, created on first use and closed when the command ends. */
  protected async client(): Promise<RpcClient> {
    if (this.#client !== undefined) return this.#client;
    const url = parseCtlUrl(this.ctlTarget().url);
    const replyDir = url.transport === 'fifo' ? this.rc.get('RPCFIFOREPLYDIR') : undefined;
    const { createRpcClient } = await import('../rpc/client.js');
    const client = createRpcClient(url, { timeoutMs: this.timeoutMs(), ...(replyDir === undefined ? {} : { replyDir }) });
    this.#client = client;
    this.onCleanup(() => client.close());
    return client;
  }

  /** The client as the src/ctl functions take it. */
  protected async caller(): Promise<RpcCaller> {
    const client = await this.client();
    const source = this.ctlTarget().source;
    const call = async (method: string, params: readonly RpcParam[], options?: CallOptions): Promise<RpcValue> => {
      try {
        return await client.call(method, params, options);
      } catch (error) {
        if (error instanceof AppError && error.code === 'E_RPC_CONNECT') throw new AppError('E_RPC_CONNECT', `${error.message}. Is the server running with its control socket there? (socket from ${connectHint(source)})`, { cause: error });
        throw error;
      }
    };
    return { url: client.url, call };
  }
}

function connectHint(source: CtlTarget['source']): string {
  switch (source) {
    case 'flag':
      return '--ctl or -s';
    case 'CTLURL':
      return 'CTLURL';
    case 'CTLENGINE':
      return 'CTLENGINE; name another with --ctl or CTLURL';
  }
}
