/**
 * Runs requests through a compiled script in-process: parse a cfg text, compile it against
 * the built-in modules and MemoryCoreServices, feed raw SIP bytes, and read what was sent.
 */
import assert from 'node:assert/strict';
import { compileScript, type CompiledScript, type RunResult } from '../../../src/cfg/compiler.js';
import { MessageContext, WorkerState } from '../../../src/cfg/message-context.js';
import { ManualClock, MemoryCoreServices, MemoryLogger } from '../../../src/cfg/memory-core-services.js';
import { parseConfigText } from '../../../src/cfg/parse-config.js';
import { BUILTIN_MODULES } from '../../../src/modules/builtin-modules.js';
import { ModuleRegistry } from '../../../src/modules/registry.js';
import { parseMessage, type SipResponse } from '../../../src/sip/index.js';
import type { ReceiveInfo } from '../../../src/sip/transport-types.js';

export interface Engine {
  readonly script: CompiledScript;
  readonly core: MemoryCoreServices;
  readonly clock: ManualClock;
  readonly logger: MemoryLogger;
  readonly registry: ModuleRegistry;
  readonly worker: WorkerState;
  /** Runs request_route on raw text (\n becomes CRLF); returns the context and result. */
  send(raw: string, from?: { address: string; port: number }): Promise<{ ctx: MessageContext; result: RunResult }>;
  /** The replies sent so far, then forgets them. */
  takeReplies(): SipResponse[];
}

export const RCV_DEFAULT = { address: '192.0.2.10', port: 5070 };

export function sip(raw: string): Buffer {
  const text = raw.replace(/^\n/, '').replace(/\r?\n/g, '\r\n');
  return Buffer.from(text.endsWith('\r\n\r\n') ? text : `${text}\r\n`);
}

export async function engine(cfg: string): Promise<Engine> {
  const clock = new ManualClock();
  const logger = new MemoryLogger(3);
  const core = new MemoryCoreServices({ clock, logger });
  const registry = new ModuleRegistry(BUILTIN_MODULES);
  const { ast } = parseConfigText('test.cfg', cfg);
  const script = compileScript(ast, { host: registry, core });
  await registry.init();
  await registry.start();
  const worker = new WorkerState();
  return {
    script,
    core,
    clock,
    logger,
    registry,
    worker,
    async send(raw, from = RCV_DEFAULT) {
      const msg = parseMessage(sip(raw));
      const rcv: ReceiveInfo = {
        proto: 'udp',
        src: { address: from.address, port: from.port, family: 'IPv4' },
        dst: { address: '127.0.0.1', port: 5060, family: 'IPv4' },
        listenerId: 'udp:127.0.0.1:5060',
      };
      const ctx = new MessageContext(msg, rcv, core, worker);
      const result = await script.runRequest(ctx);
      return { ctx, result };
    },
    takeReplies() {
      const out = core.replies.map((r) => r.reply);
      core.replies.length = 0;
      return out;
    },
  };
}

export function onlyReply(e: Engine): SipResponse {
  const r = e.takeReplies();
  assert.equal(r.length, 1, `expected one reply, got ${String(r.length)}: ${r.map((x) => x.startLine()).join(' | ')}`);
  const first = r[0];
  assert.ok(first !== undefined);
  return first;
}

/** A request with the usual headers; `extra` lines are added before Content-Length. */
export function request(method: string, uri: string, extra: string[] = [], opts: { cseq?: number; callId?: string; toTag?: string } = {}): string {
  return [
    `${method} ${uri} SIP/2.0`,
    'Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;rport',
    'Max-Forwards: 70',
    `To: <sip:alice@127.0.0.1>${opts.toTag === undefined ? '' : `;tag=${opts.toTag}`}`,
    'From: <sip:alice@127.0.0.1>;tag=1928301774',
    `Call-ID: ${opts.callId ?? 'a84b4c76e66710@pc33'}`,
    `CSeq: ${String(opts.cseq ?? 1)} ${method}`,
    ...extra,
    'Content-Length: 0',
    '',
    '',
  ].join('\n');
}
