/**
 * How many OPTIONS per second go through a compiled minimal request_route that answers with
 * sl_send_reply — parsing, routing, reply building and serialization, no sockets.
 * Run: `npm run build && node dist/bench/route-engine.js [seconds]`.
 */
import { compileScript } from '../src/cfg/compiler.js';
import { MessageContext, WorkerState } from '../src/cfg/message-context.js';
import { MemoryCoreServices } from '../src/cfg/memory-core-services.js';
import { parseConfigText } from '../src/cfg/parse-config.js';
import { BUILTIN_MODULES } from '../src/modules/builtin-modules.js';
import { ModuleRegistry } from '../src/modules/registry.js';
import { parseMessage, serializeMessage } from '../src/sip/index.js';
import type { ReceiveInfo } from '../src/sip/transport-types.js';

const CFG = `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (is_method("OPTIONS") && uri == myself && $rU == $null) {
    sl_send_reply("200", "Keepalive");
    exit;
  }
  sl_send_reply("404", "Not here");
}
`;

const RAW = Buffer.from(
  [
    'OPTIONS sip:127.0.0.1 SIP/2.0',
    'Via: SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK776asdhds;rport',
    'Max-Forwards: 70',
    'To: <sip:127.0.0.1>',
    'From: <sip:probe@192.0.2.10>;tag=1928301774',
    'Call-ID: a84b4c76e66710@pc33',
    'CSeq: 1 OPTIONS',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n'),
);

const seconds = Number(process.argv[2] ?? '3');
const core = new MemoryCoreServices();
const registry = new ModuleRegistry(BUILTIN_MODULES);
const script = compileScript(parseConfigText('bench.cfg', CFG).ast, { host: registry, core });
const worker = new WorkerState();
const rcv: ReceiveInfo = {
  proto: 'udp',
  src: { address: '192.0.2.10', port: 5070, family: 'IPv4' },
  dst: { address: '127.0.0.1', port: 5060, family: 'IPv4' },
  listenerId: 'udp:127.0.0.1:5060',
};

let bytes = 0;
function one(): void {
  const ctx = new MessageContext(parseMessage(RAW), rcv, core, worker);
  const r = script.runRequest(ctx);
  if (r instanceof Promise) throw new Error('the bench route should run synchronously');
  const sent = core.replies.pop();
  if (sent === undefined || sent.reply.status !== 200) throw new Error('no 200 reply');
  bytes += serializeMessage(sent.reply).length;
}

for (let i = 0; i < 20_000; i++) one();
const end = Date.now() + seconds * 1000;
let n = 0;
const start = process.hrtime.bigint();
while (Date.now() < end) {
  for (let i = 0; i < 1000; i++) one();
  n += 1000;
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`route-engine: ${Math.round(n / elapsed).toLocaleString('en-US')} OPTIONS/s (parse + request_route + sl_send_reply + serialize, ${String(n)} in ${elapsed.toFixed(2)} s, one core, ${String(Math.round(bytes / n))} B/reply)`);
