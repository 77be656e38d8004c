// Calls per second through the stateful proxy core on one core, in-process (loopback
// transport, no sockets): the S4 workload of ../shared/reference/perf (INVITE → 100/200 →
// ACK → BYE → 200, record-routed, stateful INVITE and BYE, stateless ACK).
//   npx tsc -p . && node dist/bench/proxy-core.js [seconds=5] [calls-in-flight=200]
//
// The UAC and UAS here are minimal string-built endpoints in the same process; the time
// spent inside ProxyCore.receive() is measured separately and printed as µs per call, which
// is the figure to compare with Kamailio's 211–230 µs of CPU per S4 call (two workers).
import { performance } from 'node:perf_hooks';
import {
  LoopbackNetwork,
  LoopbackTransport,
  processMaxForwards,
  ProxyCore,
  recordRouteUri,
  TransportSet,
  type DestInfo,
  type ReceiveInfo,
  type SipRequest,
  type TransportSink,
} from '../src/sip/index.js';

const seconds = Number(process.argv[2] ?? 5);
const inFlight = Number(process.argv[3] ?? 200);

const net = new LoopbackNetwork();
const proxyT = new LoopbackTransport(net, { proto: 'udp', address: '127.0.0.1', port: 5070 });
const uacT = new LoopbackTransport(net, { proto: 'udp', address: '127.0.0.2', port: 5060 });
const uasT = new LoopbackTransport(net, { proto: 'udp', address: '127.0.0.3', port: 5080 });
const transports = new TransportSet([proxyT]);
const errors: unknown[] = [];
const core = new ProxyCore({ transports, onError: (e) => errors.push(e) });

const PROXY: DestInfo = { proto: 'udp', to: { address: '127.0.0.1', port: 5070, family: 'IPv4' } };
const UAS_URI = 'sip:127.0.0.3:5080';
const RR = `<${recordRouteUri(proxyT.listener)}>`;

// The S4 cfg as a routing function: maxfwd, loose_route for in-dialog requests, record_route
// and t_relay to the UAS for the rest, ACK forwarded statelessly.
core.hooks.onRequest = (req: SipRequest, info: ReceiveInfo): void => {
  if (processMaxForwards(req, 10) === 'exhausted') {
    core.replyStateless(req, info, 483, 'Too Many Hops');
    return;
  }
  if (req.to?.tag != null) {
    if (req.hasHeader('Route')) req.removeHeaders('Route');
    if (req.method === 'ACK') core.forward(req, info);
    else core.relay(req, info);
    return;
  }
  if (req.method === 'INVITE') req.prependHeader('Record-Route', RR);
  core.relay(req, info, [{ dstUri: UAS_URI }]);
};

let proxyNs = 0;
const timedSink: TransportSink = {
  receive(data, info) {
    const t0 = performance.now();
    core.receive(data, info);
    proxyNs += (performance.now() - t0) * 1e6;
  },
};

// ---- minimal endpoints --------------------------------------------------------------

const SDP = 'v=0\r\no=bench 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';

function headerLines(text: string): { first: string; lines: string[] } {
  const end = text.indexOf('\r\n\r\n');
  const lines = text.slice(0, end).split('\r\n');
  return { first: lines[0] ?? '', lines: lines.slice(1) };
}

function pick(lines: readonly string[], name: string): string[] {
  const out: string[] = [];
  const lower = name.toLowerCase();
  for (const l of lines) if (l.slice(0, lower.length + 1).toLowerCase() === `${lower}:`) out.push(l);
  return out;
}

function value(lines: readonly string[], name: string): string {
  const l = pick(lines, name)[0] ?? '';
  return l.slice(l.indexOf(':') + 1).trim();
}

let seq = 0;
let completed = 0;
let started = 0;
let running = true;

function branch(): string {
  return `z9hG4bK${(seq++).toString(36)}x${Math.floor(performance.now() * 1000).toString(36)}`;
}

function startCall(): void {
  started++;
  const n = started;
  const text = [
    `INVITE sip:callee@bench.local SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.2:5060;branch=${branch()}`,
    'Max-Forwards: 70',
    `From: <sip:caller@bench.local>;tag=${String(n)}`,
    'To: <sip:callee@bench.local>',
    `Call-ID: bench-${String(n)}@127.0.0.2`,
    'CSeq: 1 INVITE',
    'Contact: <sip:caller@127.0.0.2:5060>',
    'Content-Type: application/sdp',
    `Content-Length: ${String(SDP.length)}`,
    '',
    SDP,
  ].join('\r\n');
  uacT.send(PROXY, Buffer.from(text));
}

const uac: TransportSink = {
  receive(data) {
    const { first, lines } = headerLines(data.toString('latin1'));
    const status = Number(first.slice(8, 11));
    const cseq = value(lines, 'CSeq');
    if (status === 200 && cseq.endsWith('INVITE')) {
      const to = value(lines, 'To');
      const from = value(lines, 'From');
      const callId = value(lines, 'Call-ID');
      const rr = pick(lines, 'Record-Route').map((l) => `Route:${l.slice(l.indexOf(':') + 1)}`);
      const req = (method: string, cseqNo: number): Buffer =>
        Buffer.from(
          [
            `${method} sip:callee@127.0.0.3:5080 SIP/2.0`,
            `Via: SIP/2.0/UDP 127.0.0.2:5060;branch=${branch()}`,
            'Max-Forwards: 70',
            ...rr,
            `From: ${from}`,
            `To: ${to}`,
            `Call-ID: ${callId}`,
            `CSeq: ${String(cseqNo)} ${method}`,
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n'),
        );
      uacT.send(PROXY, req('ACK', 1));
      uacT.send(PROXY, req('BYE', 2));
    } else if (status === 200 && cseq.endsWith('BYE')) {
      completed++;
      if (running) startCall();
    }
  },
};

function reply(lines: readonly string[], status: string, toTag: boolean, info: ReceiveInfo): void {
  const to = pick(lines, 'To')[0] ?? '';
  const text = [
    `SIP/2.0 ${status}`,
    ...pick(lines, 'Via'),
    ...pick(lines, 'Record-Route'),
    ...pick(lines, 'From'),
    toTag ? `${to};tag=uas` : to,
    ...pick(lines, 'Call-ID'),
    ...pick(lines, 'CSeq'),
    'Contact: <sip:callee@127.0.0.3:5080>',
    'Content-Length: 0',
    '',
    '',
  ].join('\r\n');
  uasT.send({ proto: 'udp', to: info.src }, Buffer.from(text));
}

const uas: TransportSink = {
  receive(data, info) {
    const { first, lines } = headerLines(data.toString('latin1'));
    if (first.startsWith('INVITE')) reply(lines, '200 OK', true, info);
    else if (first.startsWith('BYE')) reply(lines, '200 OK', false, info);
  },
};

// ---- run --------------------------------------------------------------------------------

await transports.start(timedSink);
await uacT.start(uac);
await uasT.start(uas);

// Warm-up, then the measured run.
for (let i = 0; i < inFlight; i++) startCall();
await new Promise((r) => setTimeout(r, 1000));
const warm = completed;
proxyNs = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
running = false;
const calls = completed - warm;
await net.settle();
await new Promise((r) => setTimeout(r, 200));

const mem = process.memoryUsage();
console.log(`proxy core, loopback, S4 call flow, ${String(inFlight)} calls in flight, ${String(seconds)} s`);
console.log(`  calls/s                      ${Math.round(calls / elapsed).toLocaleString('en')}`);
console.log(`  proxy µs per call (receive)  ${(proxyNs / 1000 / Math.max(1, calls)).toFixed(1)}   (5 messages in, 6 out per call)`);
console.log(`  process CPU µs per call      ${(((cpu.user + cpu.system) / Math.max(1, calls))).toFixed(1)}   (proxy + UAC + UAS + timers)`);
console.log(`  transactions alive           server ${String(core.layer.serverCount)}, client ${String(core.layer.clientCount)}, timers ${String(core.layer.wheel.size)}`);
console.log(`  heap used / RSS              ${(mem.heapUsed / 1048576).toFixed(0)} MiB / ${(mem.rss / 1048576).toFixed(0)} MiB`);
if (errors.length > 0) console.log(`  errors                       ${String(errors.length)}: ${String(errors[0])}`);
await core.stop();
await uacT.close();
await uasT.close();
