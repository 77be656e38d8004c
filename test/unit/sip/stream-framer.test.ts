import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipParseError, StreamFramer, parseMessage } from '../../../src/sip/index.js';
import { loadCorpus } from './torture-corpus.js';

/** Corpus messages that are whole, exact stream frames: Content-Length present and exact. */
const frames = loadCorpus()
  .map((e) => ({ name: e.file, bytes: e.bytes }))
  .filter(({ bytes }) => {
    try {
      const m = parseMessage(bytes, { stream: true });
      return m.source !== null && m.source.trailing === 0 && m.source.start === 0;
    } catch (err) {
      if (err instanceof SipParseError) return false;
      throw err;
    }
  });

function feed(framer: StreamFramer, chunks: readonly Buffer[]): Buffer[] {
  const out: Buffer[] = [];
  for (const c of chunks) out.push(...framer.push(c));
  return out;
}

const second = Buffer.from(
  'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK2\r\nContent-Length: 4\r\n\r\nabcd',
  'latin1',
);

describe('StreamFramer', () => {
  it('has stream-framable corpus messages', () => {
    assert.ok(frames.length >= 40, `only ${frames.length}`);
  });

  for (const { name, bytes } of frames) {
    it(`frames ${name} split at every byte offset`, () => {
      for (let k = 0; k <= bytes.length; k++) {
        const framer = new StreamFramer();
        const out = feed(framer, [bytes.subarray(0, k), bytes.subarray(k)]);
        assert.equal(out.length, 1, `split at ${k}`);
        assert.ok(out[0]?.equals(bytes), `split at ${k}`);
        assert.equal(framer.pendingBytes, 0);
      }
    });

    it(`frames ${name} coalesced with a second message, split anywhere`, () => {
      const both = Buffer.concat([bytes, Buffer.from('\r\n\r\n'), second]);
      for (let k = 0; k <= both.length; k++) {
        const out = feed(new StreamFramer(), [both.subarray(0, k), both.subarray(k)]);
        assert.equal(out.length, 2, `split at ${k}`);
        assert.ok(out[0]?.equals(bytes) && out[1]?.equals(second), `split at ${k}`);
      }
    });
  }

  it('frames a message fed one byte at a time, and copies what it held back', () => {
    const framer = new StreamFramer();
    const out: Buffer[] = [];
    for (const b of second) out.push(...framer.push(Buffer.from([b])));
    assert.equal(out.length, 1);
    assert.ok(out[0]?.equals(second));
  });

  it('skips CRLF keep-alives between messages', () => {
    const framer = new StreamFramer();
    assert.deepEqual(framer.push(Buffer.from('\r\n\r\n\r\n')), []);
    assert.equal(framer.pendingBytes, 0);
    const out = framer.push(Buffer.concat([second, Buffer.from('\r\n'), second]));
    assert.equal(out.length, 2);
  });

  it('gives the REGISTER of dblreq, then its INVITE, then fails on the octets after it', () => {
    // On a stream the INVITE is the next message; its body is longer than its Content-Length,
    // so the rest ("C" CRLF CRLF) is a message without Content-Length.
    const dbl = loadCorpus().find((e) => e.name === 'dblreq');
    assert.ok(dbl);
    const framer = new StreamFramer();
    const out = framer.push(dbl.bytes);
    assert.equal(framer.error?.code, 'E_SIP_PARSE_CONTENT_LENGTH_MISSING');
    assert.throws(() => framer.push(Buffer.from('x')), SipParseError);
    assert.deepEqual(
      out.map((b) => {
        const m = parseMessage(b, { stream: true });
        return m.kind === 'request' ? m.method : m.status;
      }),
      ['REGISTER', 'INVITE'],
    );
  });

  it('waits for the body of clerr (Content-Length 9999) without emitting', () => {
    const clerr = loadCorpus().find((e) => e.name === 'clerr');
    assert.ok(clerr);
    const framer = new StreamFramer();
    assert.deepEqual(framer.push(clerr.bytes), []);
    assert.equal(framer.pendingBytes, clerr.bytes.length);
  });

  const failing: readonly [string, string, string, { maxHeaderBytes?: number; maxBodyBytes?: number }][] = [
    ['negative Content-Length', 'INVITE sip:a@b SIP/2.0\r\nl: -999\r\n\r\n', 'E_SIP_PARSE_CONTENT_LENGTH', {}],
    ['non-numeric Content-Length', 'INVITE sip:a@b SIP/2.0\r\nContent-Length: 12abc\r\n\r\n', 'E_SIP_PARSE_CONTENT_LENGTH', {}],
    ['two different Content-Lengths', 'INVITE sip:a@b SIP/2.0\r\nl: 13\r\nContent-Length: 5\r\n\r\n', 'E_SIP_PARSE_CONTENT_LENGTH', {}],
    ['missing Content-Length', 'INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n', 'E_SIP_PARSE_CONTENT_LENGTH_MISSING', {}],
    ['huge Content-Length', 'INVITE sip:a@b SIP/2.0\r\nl: 4294967295\r\n\r\n', 'E_SIP_PARSE_BODY_TOO_LARGE', {}],
    ['Content-Length above the limit', 'INVITE sip:a@b SIP/2.0\r\nl: 101\r\n\r\n', 'E_SIP_PARSE_BODY_TOO_LARGE', { maxBodyBytes: 100 }],
    ['oversized header section', `INVITE sip:a@b SIP/2.0\r\nX: ${'a'.repeat(200)}\r\n`, 'E_SIP_PARSE_HEADERS_TOO_LARGE', { maxHeaderBytes: 128 }],
  ];
  for (const [what, text, code, options] of failing) {
    it(`fails for ${what} with ${code}, and stays failed`, () => {
      const framer = new StreamFramer(options);
      const isCode = (err: unknown): boolean => err instanceof SipParseError && err.code === code;
      assert.throws(() => framer.push(Buffer.from(text, 'latin1')), isCode);
      assert.throws(() => framer.push(second), isCode);
    });
  }

  it('keeps the header section of a rejected message so the caller can answer 400', () => {
    const framer = new StreamFramer();
    const text = 'INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nl: -1\r\n\r\n';
    assert.throws(() => framer.push(Buffer.from(text, 'latin1')));
    assert.equal(framer.headerSection?.toString('latin1'), text);
  });

  it('finds a folded Content-Length', () => {
    const msg = Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nContent-Length:\r\n 3\r\n\r\nabc', 'latin1');
    const out = new StreamFramer().push(msg);
    assert.equal(out.length, 1);
    assert.equal(parseMessage(out[0] ?? Buffer.alloc(0), { stream: true }).body.toString(), 'abc');
  });
});
