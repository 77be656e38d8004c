import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SipErrorCode } from '../../../src/errors.js';
import { SipParseError, checkRequest, checkResponse, parseMessage, type SipRequest } from '../../../src/sip/index.js';
import { loadCorpus, type TortureEntry } from './torture-corpus.js';

type Outcome = 'ok' | SipErrorCode;

/** What a stateless server does with the datagram: parse, then the sanity checks. */
function outcome(bytes: Buffer): Outcome {
  let msg;
  try {
    msg = parseMessage(bytes);
  } catch (err) {
    if (err instanceof SipParseError) return err.code;
    throw err;
  }
  const r = msg.kind === 'request' ? checkRequest(msg) : checkResponse(msg);
  return r.ok ? 'ok' : r.code;
}

/** Every invalid message of the corpus, with the code it must be rejected with. */
const INVALID: Readonly<Record<string, SipErrorCode>> = {
  badinv01: 'E_SIP_PARSE_VIA', // ";;,;,,": empty parameters and list elements
  clerr: 'E_SIP_PARSE_BODY_SHORT', // Content-Length 9999 > body (§18.3)
  ncl: 'E_SIP_PARSE_CONTENT_LENGTH', // -999
  scalar02: 'E_SIP_PARSE_CSEQ', // CSeq 36893488147419103232 > 2^32-1, checked first
  scalarlg: 'E_SIP_PARSE_CSEQ', // response, CSeq > 2^32-1: dropped
  quotbal: 'E_SIP_PARSE_TO', // unterminated quoted display name
  ltgtruri: 'E_SIP_PARSE_REQUEST_URI', // <sip:...> as Request-URI
  lwsruri: 'E_SIP_PARSE_START_LINE', // "sip:user@example.com; lr": four elements
  lwsstart: 'E_SIP_PARSE_START_LINE', // two SPs between elements
  trws: 'E_SIP_PARSE_START_LINE', // SPs after SIP/2.0
  escruri: 'E_SIP_SANITY_RURI_HEADERS', // ?Route=… in the Request-URI
  baddate: 'E_SIP_PARSE_DATE', // EST instead of GMT
  regbadct: 'E_SIP_PARSE_CONTACT', // URI with ?headers outside <>
  badaspec: 'E_SIP_PARSE_TO', // "< sip:… >"
  baddn: 'E_SIP_PARSE_HEADERS_END', // this copy has no empty line (see the corpus README)
  badvers: 'E_SIP_SANITY_VERSION', // SIP/7.0 → 505
  mismatch01: 'E_SIP_SANITY_CSEQ_METHOD',
  mismatch02: 'E_SIP_SANITY_CSEQ_METHOD', // the mismatch wins over "unknown method"
  bigcode: 'E_SIP_PARSE_STATUS_CODE', // 4294967301
  'ipv6-bad': 'E_SIP_PARSE_REQUEST_URI', // IPv6 without brackets
  'ipv6-bug-abnf-3-colons': 'E_SIP_PARSE_REQUEST_URI', // ":::" is not an IPv6 address
};

/** Semantic messages: well-formed, some of which a stateless server still rejects. */
const SEMANTIC: Readonly<Record<string, Outcome>> = {
  badbranch: 'ok', // falls back to RFC 2543 matching in tm
  insuf: 'E_SIP_SANITY_MISSING_HEADER',
  unkscm: 'E_SIP_SANITY_URI_SCHEME', // 416
  novelsc: 'E_SIP_SANITY_URI_SCHEME', // 416, but the scheme soap.beep parses
  unksm2: 'ok', // syntactically valid; the registrar refuses the non-SIP AOR
  bext01: 'ok', // 420 is the application's answer
  invut: 'ok',
  regaut01: 'ok',
  multi01: 'E_SIP_SANITY_DUPLICATE_HEADER',
  mcl01: 'E_SIP_PARSE_CONTENT_LENGTH', // 13 and 5
  bcast: 'ok', // a response; the broadcast Via is the forwarding logic's concern
  zeromf: 'ok', // 483 is the proxy's answer
  cparam01: 'ok',
  cparam02: 'ok',
  regescrt: 'ok',
  sdp01: 'ok',
  inv2543: 'ok',
};

const corpus = loadCorpus();
const byClass = (cls: TortureEntry['cls']): TortureEntry[] => corpus.filter((e) => e.cls === cls);

describe('parse + sanity over the RFC 4475/5118 corpus', () => {
  it('has the corpus', () => {
    assert.ok(corpus.length >= 61, `only ${corpus.length} corpus files`);
  });

  for (const e of byClass('valid')) {
    it(`valid ${e.file} is accepted`, () => {
      assert.equal(outcome(e.bytes), 'ok');
    });
  }

  for (const e of byClass('invalid')) {
    it(`invalid ${e.file} fails with ${INVALID[e.name] ?? '(no code listed)'}`, () => {
      const want = INVALID[e.name];
      assert.ok(want !== undefined, `add ${e.name} to the INVALID table`);
      assert.equal(outcome(e.bytes), want);
    });
  }

  for (const e of byClass('semantic')) {
    it(`semantic ${e.file} → ${SEMANTIC[e.name] ?? '(not listed)'}`, () => {
      const want = SEMANTIC[e.name];
      assert.ok(want !== undefined, `add ${e.name} to the SEMANTIC table`);
      assert.equal(outcome(e.bytes), want);
    });
  }

  it('baddn with its empty line fails on the unquoted display name', () => {
    const e = corpus.find((x) => x.name === 'baddn');
    assert.ok(e);
    assert.equal(outcome(Buffer.concat([e.bytes, Buffer.from('\r\n')])), 'E_SIP_PARSE_FROM');
  });
});

describe('sanity failures carry what to answer', () => {
  const req = (text: string): SipRequest => {
    const m = parseMessage(Buffer.from(text.replace(/\n/g, '\r\n'), 'latin1'));
    if (m.kind !== 'request') throw new Error('expected a request');
    return m;
  };
  const base = (over: Record<string, string | null> = {}, line = 'OPTIONS sip:a@example.com SIP/2.0'): string => {
    const h: Record<string, string | null> = {
      Via: 'SIP/2.0/UDP h.example.com;branch=z9hG4bK1',
      From: '<sip:b@example.com>;tag=1',
      To: '<sip:a@example.com>',
      'Call-ID': 'x@y',
      CSeq: '1 OPTIONS',
      'Max-Forwards': '70',
      ...over,
    };
    const lines = Object.entries(h)
      .filter((kv): kv is [string, string] => kv[1] !== null)
      .map(([k, v]) => `${k}: ${v}`);
    return `${line}\n${lines.join('\n')}\nContent-Length: 0\n\n`;
  };

  it('505 for another SIP version, with the check name', () => {
    const r = checkRequest(req(base({}, 'OPTIONS sip:a@example.com SIP/3.0')));
    assert.deepEqual(r.ok ? null : [r.status, r.reason, r.check], [505, 'Version Not Supported', 'rfc3261_7_1']);
  });

  it('400 for a missing Call-ID, naming it in the detail', () => {
    const r = checkRequest(req(base({ 'Call-ID': null })));
    if (r.ok) assert.fail('expected a failure');
    assert.equal(r.status, 400);
    assert.equal(r.check, 'rfc3261_8_1_1');
    assert.match(r.detail, /Call-ID/);
  });

  it('Max-Forwards is optional, but not above 255', () => {
    assert.equal(checkRequest(req(base({ 'Max-Forwards': null }))).ok, true);
    const r = checkRequest(req(base({ 'Max-Forwards': '256' })));
    assert.equal(r.ok ? null : r.code, 'E_SIP_SANITY_MAX_FORWARDS');
  });

  it('CSeq 2^31-1 passes, 2^31 fails, 2^32 is a parse error', () => {
    assert.equal(checkRequest(req(base({ CSeq: '2147483647 OPTIONS' }))).ok, true);
    const r = checkRequest(req(base({ CSeq: '2147483648 OPTIONS' })));
    assert.equal(r.ok ? null : r.code, 'E_SIP_SANITY_CSEQ_VALUE');
    const r2 = checkRequest(req(base({ CSeq: '4294967296 OPTIONS' })));
    assert.equal(r2.ok ? null : r2.code, 'E_SIP_PARSE_CSEQ');
  });

  it('Expires up to 2^32-1, Contact expires too', () => {
    assert.equal(checkRequest(req(base({ Expires: '4294967295' }))).ok, true);
    const r = checkRequest(req(base({ Expires: '4294967296' })));
    assert.equal(r.ok ? null : r.code, 'E_SIP_PARSE_EXPIRES');
    const r2 = checkRequest(req(base({ Contact: '<sip:a@b>;expires=4294967296' })));
    assert.equal(r2.ok ? null : r2.code, 'E_SIP_SANITY_EXPIRES');
  });

  it('a tel: Request-URI passes; skip lets a proxy route other schemes', () => {
    assert.equal(checkRequest(req(base({}, 'OPTIONS tel:+15551234 SIP/2.0'))).ok, true);
    const m = req(base({}, 'OPTIONS urn:service:sos SIP/2.0'));
    assert.equal(checkRequest(m).ok, false);
    assert.equal(checkRequest(m, { skip: ['rfc3261_8_2_2_1'] }).ok, true);
  });
});
