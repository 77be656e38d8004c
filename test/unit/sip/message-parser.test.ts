import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { SipParseError, parseMessage, serializeMessage, type SipRequest, type SipResponse } from '../../../src/sip/index.js';
import { exerciseAll, goldenDir, loadCorpus, summarize, tortureDir } from './torture-corpus.js';

const corpus = loadCorpus();

/** The summary without what serializing changes on purpose (discarded datagram octets). */
function stable(msg: SipRequest | SipResponse): unknown {
  const s = summarize(msg);
  if (s !== null && typeof s === 'object' && !Array.isArray(s)) return { ...s, discardedTrailingBytes: 0 };
  return s;
}

function parses(bytes: Buffer): SipRequest | SipResponse | null {
  try {
    return parseMessage(bytes);
  } catch (err) {
    if (err instanceof SipParseError) return null;
    throw err;
  }
}

function request(text: string): SipRequest {
  const m = parseMessage(Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8'));
  if (m.kind !== 'request') throw new Error('expected a request');
  return m;
}

/** Parses, and if that works reads everything; returns the error for anything but SipParseError. */
function hostile(bytes: Buffer): unknown {
  try {
    exerciseAll(parseMessage(bytes));
    parseMessage(bytes, { stream: true });
  } catch (err) {
    if (!(err instanceof SipParseError)) return err;
  }
  return null;
}

describe('golden files of the valid corpus messages', () => {
  const valid = corpus.filter((e) => e.cls === 'valid');
  for (const e of valid) {
    it(`${e.file} matches golden/${e.name}.json`, () => {
      const golden = JSON.parse(readFileSync(path.join(goldenDir, `${e.name}.json`), 'utf8')) as { message: unknown };
      assert.deepEqual(summarize(parseMessage(e.bytes)), golden.message);
    });
  }
  it('has no golden file without a valid message', () => {
    const names = new Set(valid.map((e) => `${e.name}.json`));
    assert.deepEqual(
      readdirSync(goldenDir).filter((f) => !names.has(f)),
      [],
    );
  });
});

describe('parse → serialize → parse', () => {
  for (const e of corpus) {
    const msg = parses(e.bytes);
    if (msg === null) continue;
    it(`is stable for ${e.file}`, () => {
      const once = serializeMessage(msg);
      const again = parseMessage(once);
      assert.deepEqual(stable(again), stable(msg));
      assert.deepEqual(serializeMessage(again), once);
    });
    it(`is stable for ${e.file} after edits`, () => {
      const m = parseMessage(e.bytes);
      m.prependHeader('Via', 'SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bK-edit;rport');
      m.appendHeader('X-Edited', 'yes');
      m.prependHeader('Record-Route', '<sip:192.0.2.99;lr>');
      if (m.kind === 'request') m.setRequestUri('sip:edited@192.0.2.1:5070;transport=tcp');
      // Serializing adds the Content-Length a message without one lacks (RFC 2543 inv2543).
      if (!m.hasHeader('Content-Length')) m.appendHeader('Content-Length', String(m.body.length));
      const once = serializeMessage(m);
      const again = parseMessage(once);
      assert.deepEqual(stable(again), stable(m));
      assert.deepEqual(serializeMessage(again), once);
      assert.equal(again.topVia?.branch, 'z9hG4bK-edit');
    });
  }
});

describe('message parser details', () => {
  it('finds compact and long names in any case', () => {
    const m = request(
      'OPTIONS sip:a@b SIP/2.0\nv: SIP/2.0/UDP h;branch=z9hG4bK1\nVIA: SIP/2.0/TCP g\nf: <sip:c@d>;tag=9\nT: sip:a@b\ni: cid\nCSEQ: 2 OPTIONS\nm: *\nL: 0\n\n',
    );
    assert.equal(m.vias.length, 2);
    assert.equal(m.from?.tag, '9');
    assert.equal(m.to?.uri.raw, 'sip:a@b');
    assert.equal(m.callId, 'cid');
    assert.equal(m.cseq?.seq, 2);
    assert.equal(m.contacts, '*');
    assert.equal(m.contentLength, 0);
    assert.equal(m.header('call-ID'), 'cid');
    assert.equal(m.header('i'), 'cid');
  });

  it('unfolds folded values to one SP', () => {
    const m = request('OPTIONS sip:a@b SIP/2.0\nSubject: one\n two\n\t three\nl: 0\n\n');
    assert.equal(m.header('s'), 'one two three');
  });

  it('splits lists at commas outside quotes and <>', () => {
    const m = request(
      'OPTIONS sip:a@b SIP/2.0\nContact: "a, b" <sip:x@y;p=1>;x="c,d", <sip:z@w>;q=0.5\nRequire: 100rel , timer\nl: 0\n\n',
    );
    const c = m.contacts;
    assert.ok(c !== null && c !== '*');
    assert.deepEqual(
      c.map((a) => [a.displayName, a.uri.raw, a.params.get('q') ?? null]),
      [
        ['a, b', 'sip:x@y;p=1', null],
        [null, 'sip:z@w', '0.5'],
      ],
    );
    assert.deepEqual(m.headerList('Require'), ['100rel', 'timer']);
  });

  it('keeps UTF-8 in display names and reason phrases', () => {
    const m = request('OPTIONS sip:a@b SIP/2.0\nFrom: "Jörg Ünal" <sip:j@b>;tag=1\nl: 0\n\n');
    assert.equal(m.from?.displayName, 'Jörg Ünal');
    const r = parseMessage(Buffer.from('SIP/2.0 486 Besetzt – bitte später\r\nl: 0\r\n\r\n', 'utf8'));
    assert.equal(r.kind === 'response' ? r.reason : null, 'Besetzt – bitte später');
  });

  it('reads Via sent-by, port, received and rport', () => {
    const m = request('OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/tcp [2001:db8::1]:5061;received=192.0.2.1;rport=4000;branch=z9hG4bKx\nVia: SIP/2.0/UDP h;rport\nl: 0\n\n');
    const [a, b] = m.vias;
    assert.deepEqual([a?.transport, a?.host, a?.port, a?.received, a?.rport, a?.branch], ['TCP', '[2001:db8::1]', 5061, '192.0.2.1', 4000, 'z9hG4bKx']);
    assert.deepEqual([b?.hasRport, b?.rport], [true, null]);
    assert.equal(m.topVia?.host, '[2001:db8::1]');
  });

  it('takes a datagram without Content-Length to its end, but not a stream message', () => {
    const bytes = Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\nhello', 'latin1');
    assert.equal(parseMessage(bytes).body.toString(), 'hello');
    assert.throws(() => parseMessage(bytes, { stream: true }), { code: 'E_SIP_PARSE_CONTENT_LENGTH_MISSING' });
  });

  it('ignores CRLFs before the start line', () => {
    const m = parseMessage(Buffer.from('\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nl: 0\r\n\r\n', 'latin1'));
    assert.equal(serializeMessage(m).toString('latin1'), 'OPTIONS sip:a@b SIP/2.0\r\nl: 0\r\n\r\n');
  });

  const bad: readonly [string, string, string][] = [
    ['bare LF in a header', 'OPTIONS sip:a@b SIP/2.0\r\nX: a\nb\r\n\r\n', 'E_SIP_PARSE_HEADER'],
    ['bare CR in a header', 'OPTIONS sip:a@b SIP/2.0\r\nX: a\rb\r\n\r\n', 'E_SIP_PARSE_HEADER'],
    ['no colon', 'OPTIONS sip:a@b SIP/2.0\r\nNoColon\r\n\r\n', 'E_SIP_PARSE_HEADER'],
    ['continuation first', 'OPTIONS sip:a@b SIP/2.0\r\n  x: y\r\n\r\n', 'E_SIP_PARSE_HEADER'],
    ['empty', '', 'E_SIP_PARSE_HEADERS_END'],
    ['method not a token', 'OPT(IONS sip:a@b SIP/2.0\r\n\r\n', 'E_SIP_PARSE_START_LINE'],
    ['status 099', 'SIP/2.0 099 x\r\n\r\n', 'E_SIP_PARSE_STATUS_CODE'],
    ['version junk', 'OPTIONS sip:a@b SIP/2.0x\r\n\r\n', 'E_SIP_PARSE_START_LINE'],
    ['CL non-numeric', 'OPTIONS sip:a@b SIP/2.0\r\nl: 12abc\r\n\r\n', 'E_SIP_PARSE_CONTENT_LENGTH'],
    ['CL 2^64', 'OPTIONS sip:a@b SIP/2.0\r\nl: 18446744073709551616\r\n\r\n', 'E_SIP_PARSE_CONTENT_LENGTH'],
  ];
  for (const [what, text, code] of bad) {
    it(`rejects ${what} with ${code}`, () => {
      assert.throws(() => parseMessage(Buffer.from(text, 'latin1')), (err: unknown) => err instanceof SipParseError && err.code === code);
    });
  }

  it('caches a parsed header until that header is edited', () => {
    const m = request('OPTIONS sip:a@b SIP/2.0\nFrom: <sip:x@y>;tag=1\nl: 0\n\n');
    const first = m.from;
    assert.equal(m.from, first);
    m.replaceHeader('From', '<sip:z@y>;tag=2');
    assert.equal(m.from?.tag, '2');
  });
});

describe('hostile input never throws anything but SipParseError', () => {
  it('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => hostile(Buffer.from(bytes)) === null),
      { numRuns: 3000 },
    );
  });

  const names = ['Via', 'v', 'From', 'f', 'To', 't', 'Contact', 'm', 'Route', 'Record-Route', 'CSeq', 'Call-ID', 'Max-Forwards', 'Expires', 'Content-Length', 'l', 'Content-Type', 'Date', 'X'];
  const valueChar = fc.constantFrom(...'aZ09:;,=@<>"\\[]?%/.-_ \t*+~!'.split(''), 'sip:', 'SIP/2.0/UDP ', 'z9hG4bK', '%00', '\r\n ', 'tag=');
  const header = fc.tuple(fc.constantFrom(...names), fc.array(valueChar, { maxLength: 40 })).map(([n, v]) => `${n}: ${v.join('')}`);
  const startLine = fc.oneof(
    fc.constant('INVITE sip:a@b SIP/2.0'),
    fc.constant('SIP/2.0 200 OK'),
    fc.array(valueChar, { maxLength: 30 }).map((v) => `OPTIONS ${v.join('')} SIP/2.0`),
  );
  it('SIP-shaped messages with random header values', () => {
    fc.assert(
      fc.property(startLine, fc.array(header, { maxLength: 12 }), fc.string({ maxLength: 40 }), (line, headers, body) => {
        const text = `${line}\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
        return hostile(Buffer.from(text, 'utf8')) === null;
      }),
      { numRuns: 3000 },
    );
  });

  it('corpus messages with random bytes spliced in', () => {
    const seeds = corpus.map((e) => e.bytes);
    fc.assert(
      fc.property(fc.nat(seeds.length - 1), fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.nat(8), (i, at, insert, cut) => {
        const seed = seeds[i] ?? Buffer.alloc(0);
        const p = at % (seed.length + 1);
        const bytes = Buffer.concat([seed.subarray(0, p), Buffer.from(insert), seed.subarray(Math.min(seed.length, p + cut))]);
        return hostile(bytes) === null;
      }),
      { numRuns: 3000 },
    );
  });

  describe('mutations from torture/tools/mutate.mjs', () => {
    let outDir = '';
    before(() => {
      outDir = mkdtempSync(path.join(tmpdir(), 'sip-mutate-'));
      execFileSync(process.execPath, [path.join(tortureDir, 'tools', 'mutate.mjs'), path.join(tortureDir, 'rfc4475'), outDir, '--per-seed', '38', '--prefixes', '37'], { stdio: 'ignore' });
    });
    after(() => {
      rmSync(outDir, { recursive: true, force: true });
    });
    it('every mutated file parses or throws SipParseError', () => {
      const files = readdirSync(outDir).filter((f) => f.endsWith('.bin'));
      assert.ok(files.length > 49 * 38, `only ${files.length} mutations`);
      const failures: string[] = [];
      for (const f of files) {
        const err = hostile(readFileSync(path.join(outDir, f)));
        if (err !== null) failures.push(`${f}: ${inspect(err)}`);
      }
      assert.deepEqual(failures, []);
    });
  });
});
