// Messages per second for the SIP message layer on one core.
//   npx tsc -p . && node dist/bench/sip-parse.js
import { checkRequest, parseMessage, serializeMessage } from '../src/sip/index.js';

const crlf = (s: string): Buffer => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8');

const sdp = 'v=0\r\no=alice 2890844526 2890844526 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n';
const INVITE = Buffer.concat([
  crlf(
    `INVITE sip:bob@biloxi.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport
Max-Forwards: 70
To: "Bob" <sip:bob@biloxi.example.com>
From: "Alice" <sip:alice@atlanta.example.com>;tag=1928301774
Call-ID: a84b4c76e66710@pc33.atlanta.example.com
CSeq: 314159 INVITE
Contact: <sip:alice@192.0.2.10:5060;transport=udp>
Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO, UPDATE
Supported: replaces, timer
User-Agent: bench-ua/1.0
Content-Type: application/sdp
Content-Length: ${Buffer.byteLength(sdp)}

`,
  ),
  Buffer.from(sdp, 'latin1'),
]);
const REGISTER = crlf(`REGISTER sip:atlanta.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnashds7;rport
Max-Forwards: 70
To: "Alice" <sip:alice@atlanta.example.com>
From: "Alice" <sip:alice@atlanta.example.com>;tag=456248
Call-ID: 843817637684230@998sdasdh09
CSeq: 1826 REGISTER
Contact: <sip:alice@192.0.2.10:5060;transport=udp>;expires=3600;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"
Authorization: Digest username="alice", realm="atlanta.example.com", nonce="ea9c8e88df84f1cec4341ae6cbe5a359", uri="sip:atlanta.example.com", response="dfe56131d1958046689d83306477ecc", algorithm=MD5
User-Agent: bench-ua/1.0
Expires: 3600
Content-Length: 0

`);

let sink = 0;

function bench(name: string, bytes: Buffer, work: (b: Buffer) => number): void {
  // Warm up, then run for about one second.
  for (let i = 0; i < 20000; i++) sink += work(bytes);
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1e9) {
    for (let i = 0; i < 5000; i++) sink += work(bytes);
    n += 5000;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  const rate = Math.round(n / (elapsed / 1e9));
  console.log(`${name.padEnd(48)} ${String(rate).padStart(9)} msg/s  (${bytes.length} bytes)`);
}

const parseOnly = (b: Buffer): number => parseMessage(b).headers.length;

const routeFields = (b: Buffer): number => {
  const m = parseMessage(b);
  if (m.kind !== 'request') return 0;
  const ru = m.requestUri;
  return (m.topVia?.branch?.length ?? 0) + (m.from?.tag?.length ?? 0) + (m.to === null ? 0 : 1) + (m.cseq?.seq ?? 0) + (m.callId?.length ?? 0) + (m.maxForwards ?? 0) + ru.raw.length;
};

const sanity = (b: Buffer): number => {
  const m = parseMessage(b);
  return m.kind === 'request' && checkRequest(m).ok ? 1 : 0;
};

const forward = (b: Buffer): number => {
  const m = parseMessage(b);
  if (m.kind !== 'request') return 0;
  m.prependHeader('Via', 'SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKsipd0a1b2c3d');
  m.prependHeader('Record-Route', '<sip:198.51.100.1;lr>');
  m.setRequestUri('sip:bob@203.0.113.5:5060');
  return serializeMessage(m).length;
};

const roundTrip = (b: Buffer): number => serializeMessage(parseMessage(b)).length;

console.log(`node ${process.version}`);
for (const [label, bytes] of [
  ['INVITE', INVITE],
  ['REGISTER', REGISTER],
] as const) {
  bench(`${label}: parse (start line + field boundaries)`, bytes, parseOnly);
  bench(`${label}: parse + routing fields`, bytes, routeFields);
  bench(`${label}: parse + sanity checks`, bytes, sanity);
  bench(`${label}: parse + serialize (unedited)`, bytes, roundTrip);
  bench(`${label}: parse + Via/RR/R-URI edits + serialize`, bytes, forward);
}
if (sink === 0) console.log('');
