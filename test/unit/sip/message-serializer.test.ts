import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipParseError, SipRequest, HeaderField, SipResponse, parseMessage, serializeMessage, withSipUriParts } from '../../../src/sip/index.js';
import { loadCorpus } from './torture-corpus.js';

const text = (b: Buffer): string => b.toString('latin1');
const wsinv = loadCorpus().find((e) => e.name === 'wsinv');

function req(s: string): SipRequest {
  const m = parseMessage(Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8'));
  if (m.kind !== 'request') throw new Error('expected a request');
  return m;
}

const INVITE = 'INVITE sip:bob@biloxi.com SIP/2.0\nVia: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\nMax-Forwards: 70\nTo: Bob <sip:bob@biloxi.com>\nFrom: Alice <sip:alice@atlanta.com>;tag=1928301774\nCall-ID: a84b4c76e66710\nCSeq: 314159 INVITE\nl: 4\n\nv=0\n';

describe('serializeMessage', () => {
  it('returns the source bytes of an unedited message', () => {
    assert.ok(wsinv);
    const m = parseMessage(wsinv.bytes);
    assert.ok(serializeMessage(m).equals(wsinv.bytes));
  });

  it('keeps untouched fields byte for byte (folding, spelling) when others change', () => {
    assert.ok(wsinv);
    const m = parseMessage(wsinv.bytes);
    m.appendHeader('X-Proxy', 'sipd');
    const out = text(serializeMessage(m));
    assert.ok(out.includes('from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8\r\n'));
    assert.ok(out.includes('cseq: 0009\r\n  INVITE\r\n'));
    assert.ok(out.endsWith(`X-Proxy: sipd\r\n\r\n${text(m.body)}`));
  });

  it('adds a Via and a Record-Route on top of their kind, changes the Request-URI', () => {
    const m = req(INVITE);
    m.prependHeader('Via', 'SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKproxy');
    m.prependHeader('Record-Route', '<sip:192.0.2.1;lr>');
    const ru = m.requestUri;
    assert.equal(ru.kind, 'sip');
    m.setRequestUri(withSipUriParts(ru, { host: '192.0.2.9', port: 5070 }));
    const out = text(serializeMessage(m));
    assert.ok(out.startsWith('INVITE sip:bob@192.0.2.9:5070 SIP/2.0\r\nRecord-Route: <sip:192.0.2.1;lr>\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKproxy\r\nVia: SIP/2.0/UDP pc33'));
    assert.deepEqual(parseMessage(Buffer.from(out, 'latin1')).vias.map((v) => v.branch), ['z9hG4bKproxy', 'z9hG4bK776asdhds']);
  });

  it('removes and replaces fields (remove_hf, insert_hf)', () => {
    const m = req(INVITE);
    assert.equal(m.removeHeaders('max-forwards'), 1);
    assert.equal(m.removeHeaders('X-None'), 0);
    m.replaceHeader('t', '<sip:carol@chicago.com>');
    m.insertHeader('P-First', '1');
    const again = parseMessage(serializeMessage(m));
    assert.equal(again.maxForwards, null);
    assert.equal(again.to?.uri.raw, 'sip:carol@chicago.com');
    assert.equal(again.headers[0]?.name, 'P-First');
    assert.equal(again.headers.findIndex((h) => h.key === 'to'), 2);
  });

  it('removes only the top value of a multi-valued Via field', () => {
    assert.ok(wsinv);
    const m = parseMessage(wsinv.bytes);
    assert.ok(m.removeTopVia());
    assert.deepEqual(m.vias.map((v) => v.host), ['spindle.example.com', '192.168.255.111']);
    assert.ok(m.removeTopVia());
    const again = parseMessage(serializeMessage(m));
    assert.deepEqual(again.vias.map((v) => v.host), ['192.168.255.111']);
  });

  it('fixes Content-Length when the body changes, and adds it when missing', () => {
    const m = req(INVITE);
    m.setBody('v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n', 'application/sdp');
    const again = parseMessage(serializeMessage(m), { stream: true });
    assert.equal(again.contentLength, 31);
    assert.equal(again.body.toString(), 'v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n');
    assert.equal(again.contentType?.subtype, 'sdp');
    assert.ok(text(serializeMessage(m)).includes('\r\nl: 31\r\n'));

    const noLength = parseMessage(Buffer.from('MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\nhi', 'latin1'));
    noLength.appendHeader('X', 'y');
    assert.equal(text(serializeMessage(noLength)), 'MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nX: y\r\nContent-Length: 2\r\n\r\nhi');
  });

  it('drops the octets a datagram had after Content-Length', () => {
    const dbl = loadCorpus().find((e) => e.name === 'dblreq');
    assert.ok(dbl);
    const out = serializeMessage(parseMessage(dbl.bytes));
    assert.ok(text(out).endsWith('Content-Length: 0\r\n\r\n'));
    assert.equal(out.length, dbl.bytes.length - 450);
  });

  it('refuses header injection', () => {
    const m = req(INVITE);
    assert.throws(() => { m.appendHeader('X', 'a\r\nVia: evil'); }, SipParseError);
    assert.throws(() => { m.appendHeader('Bad Name', 'a'); }, SipParseError);
    assert.throws(() => { m.setRequestUri('sip:a@b SIP/2.0\r\n'); }, SipParseError);
  });

  it('builds requests and responses from scratch', () => {
    const r = SipResponse.create(200, 'OK', [HeaderField.create('Via', 'SIP/2.0/UDP h;branch=z9hG4bK1'), HeaderField.create('CSeq', '1 OPTIONS')]);
    assert.equal(text(serializeMessage(r)), 'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    const q = SipRequest.create('OPTIONS', 'sip:a@b', [HeaderField.create('Max-Forwards', '70')]);
    assert.equal(text(serializeMessage(q)), 'OPTIONS sip:a@b SIP/2.0\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n');
    assert.throws(() => SipResponse.create(700, 'x', []), SipParseError);
  });
});
