import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SipParseError, formatUri, parseUri, withSipUriParts, type SipUri } from '../../../src/sip/index.js';

function sip(text: string): SipUri {
  const u = parseUri(text);
  if (u.kind !== 'sip') throw new Error(`${text} is not a sip URI`);
  return u;
}

describe('parseUri', () => {
  it('reads user, password, host, port, params and headers', () => {
    const u = sip('sips:alice:secret@Atlanta.COM:5061;transport=TCP;lr;maddr=[2001:db8::1]?subject=project%20x&priority=urgent');
    assert.deepEqual(
      [u.scheme, u.user, u.password, u.host, u.hostType, u.port],
      ['sips', 'alice', 'secret', 'Atlanta.COM', 'name', 5061],
    );
    assert.deepEqual([...u.params], [['transport', 'TCP'], ['lr', null], ['maddr', '[2001:db8::1]']]);
    assert.deepEqual(u.headers, [['subject', 'project x'], ['priority', 'urgent']]);
  });

  it('keeps ";" in the user part (RFC 4475 semiuri) and unescapes it', () => {
    const u = sip('sip:user;par=u%40example.net@example.com');
    assert.deepEqual([u.user, u.host, u.params.size], ['user;par=u@example.net', 'example.com', 0]);
  });

  it('unescapes the user, params and param values (RFC 4475 esc01)', () => {
    assert.equal(sip('sip:sips%3Auser%40example.com@example.net').user, 'sips:user@example.com');
    const c = sip('sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31');
    assert.deepEqual([c.user, [...c.params]], ['caller', [['lr', null], ['name', 'value%41']]]);
    assert.equal(sip('sip:null-%00-null@example.com').user, 'null-\0-null');
  });

  it('tells IPv4, IPv6 and names apart', () => {
    assert.equal(sip('sip:192.0.2.1').hostType, 'ipv4');
    assert.equal(sip('sip:[2001:db8::10]:5070').port, 5070);
    assert.equal(sip('sip:[2001:db8::10:5070]').port, null);
    assert.equal(sip('sip:[::ffff:192.0.2.2]').hostType, 'ipv6');
    assert.equal(sip('sip:host_1.example.com').hostType, 'name');
  });

  it('reads tel and other schemes', () => {
    const t = parseUri('tel:+1-201-555-0123;phone-context=example.com');
    assert.equal(t.kind, 'tel');
    assert.equal(t.number, '+1-201-555-0123');
    const o = parseUri('soap.beep://192.0.2.103:3002');
    assert.deepEqual(o.kind === 'opaque' ? [o.scheme, o.opaque] : [], ['soap.beep', '//192.0.2.103:3002']);
  });

  const bad = [
    'sip:2001:db8::10', // IPv6 without brackets (RFC 5118 ipv6-bad)
    'sip:user@[2001:db8:::192.0.2.1]',
    'sip:user@[2001:db8::1',
    'sip:a@b:65536',
    'sip:a@b:',
    'sip:a@b;;lr',
    'sip:a@b;x=',
    'sip:a%4@b',
    'sip:a@b@c',
    'sip:@b',
    'sip:a@b c',
    'sip:a@256.1.1.1',
    '<sip:a@b>',
    'nocolon',
    '1sip:a@b',
    'x:',
    'tel:',
  ];
  for (const text of bad) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseUri(text, 'E_SIP_PARSE_REQUEST_URI'), (e: unknown) => e instanceof SipParseError && e.code === 'E_SIP_PARSE_REQUEST_URI');
    });
  }
});

describe('formatUri and withSipUriParts', () => {
  it('formats what it parsed back to an equivalent text, escaping where needed', () => {
    for (const text of ['sip:alice@atlanta.com;transport=tcp', 'sips:a:b@[2001:db8::1]:5061;lr?h=v', 'sip:sips%3Auser%40example.com@example.net', 'tel:+15551234;npdi']) {
      assert.equal(formatUri(parseUri(text)), text);
    }
    assert.equal(formatUri(sip('sip:I%20have%20spaces@example.net')), 'sip:I%20have%20spaces@example.net');
  });

  it('changes user, host and port ($rU, $rd, $rp)', () => {
    const u = withSipUriParts(sip('sip:alice@atlanta.com;transport=tcp'), { user: 'bob smith', host: '192.0.2.7', port: 5080 });
    assert.equal(u.raw, 'sip:bob%20smith@192.0.2.7:5080;transport=tcp');
    assert.equal(u.hostType, 'ipv4');
    assert.throws(() => withSipUriParts(u, { host: 'bad host' }), SipParseError);
  });
});
