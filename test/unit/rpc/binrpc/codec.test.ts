import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BinrpcError } from '../../../../src/rpc/binrpc/binrpc-error.js';
import {
  decodePacket,
  encodeFault,
  encodePacket,
  encodeReply,
  encodeRequest,
  parseFault,
  parseRequest,
} from '../../../../src/rpc/binrpc/codec.js';
import type { BinrpcPacket, BinrpcRecord } from '../../../../src/rpc/binrpc/record.js';
import { controlPath, labels, readHex } from '../reference.js';

/** The JSON form of the captures' `*.rep.decoded.json` (bytes as spaced hex). */
function toCaptureJson(packet: BinrpcPacket): unknown {
  const record = (r: BinrpcRecord): unknown => {
    const base = r.type === 'struct' || r.type === 'array'
      ? { type: r.type, items: r.items.map(record) }
      : r.type === 'bytes'
        ? { type: 'bytes', hex: Buffer.from(r.value).toString('hex').replace(/(..)(?!$)/g, '$1 ') }
        : { type: r.type, value: r.value };
    return r.name === undefined ? base : { ...base, name: r.name };
  };
  return { header: { ...packet.header }, records: packet.records.map(record) };
}

const REQUESTS = labels('binrpc', '.req.hex');

describe('binrpc codec against kamcmd/Kamailio captures', () => {
  it('has captures to test', () => {
    assert.ok(REQUESTS.length > 50, `only ${REQUESTS.length} captures found`);
  });

  for (const label of REQUESTS) {
    it(`${label}: request re-encodes byte for byte, reply decodes to the recorded tree`, () => {
      const reqBytes = readHex(controlPath('binrpc', `${label}.req.hex`));
      const request = decodePacket(reqBytes);
      assert.equal(request.header.type, 'request');
      const { method, params, cookie } = parseRequest(request);
      assert.deepEqual(encodeRequest(cookie, method, params), reqBytes);

      const repBytes = readHex(controlPath('binrpc', `${label}.rep.hex`));
      const reply = decodePacket(repBytes);
      const expected: unknown = JSON.parse(fs.readFileSync(controlPath('binrpc', `${label}.rep.decoded.json`), 'utf8'));
      assert.deepEqual(toCaptureJson(reply), expected);
      assert.equal(reply.header.cookie, cookie, 'the reply echoes the cookie value');
      // Kamailio's writer is minimal too, so our re-encoding of its reply is identical.
      assert.deepEqual(encodePacket(reply.header.type, reply.header.cookie, reply.records), repBytes);
    });
  }
});

describe('binrpc codec edge cases (hand-built packets)', () => {
  it('cookie-width: a 4-byte cookie 5 comes back as one byte', () => {
    const req = decodePacket(readHex(controlPath('binrpc-edge', 'cookie-width.req.hex')));
    assert.equal(req.header.cookieLen, 4);
    assert.deepEqual(encodeRequest(5, 'core.version', [], { cookieLen: 4 }), readHex(controlPath('binrpc-edge', 'cookie-width.req.hex')));
    const rep = decodePacket(readHex(controlPath('binrpc-edge', 'cookie-width.rep.hex')));
    assert.equal(rep.header.cookieLen, 1);
    assert.equal(rep.header.cookie, 5);
  });

  it('kamcmd argument typing request: int 0, empty string, doubles 16 and 1000, int 5', () => {
    const bytes = readHex(controlPath('binrpc-edge', 'kamcmd-arg-typing.req.hex'));
    const { method, params, cookie } = parseRequest(decodePacket(bytes));
    assert.equal(method, 'core.echo');
    assert.deepEqual(params, [
      { type: 'int', value: 0 },
      { type: 'str', value: '' },
      { type: 'double', value: 16 },
      { type: 'double', value: 1000 },
      { type: 'int', value: 5 },
    ]);
    assert.deepEqual(encodeRequest(cookie, method, params), bytes);
  });

  it('faults decode to code and text, and encode like the ctl module', () => {
    for (const name of ['bad-magic', 'bytes-param', 'empty-body', 'method-not-str', 'not-a-request', 'type-mismatch']) {
      const bytes = readHex(controlPath('binrpc-edge', `${name}.rep.hex`));
      const fault = decodePacket(bytes);
      assert.equal(fault.header.type, 'fault');
      const { code, message } = parseFault(fault);
      assert.equal(code, 400);
      assert.deepEqual(encodeFault(fault.header.cookie, code, message), bytes, name);
    }
  });

  it('server-side request checks give the ctl module\'s reasons', () => {
    assert.throws(() => decodePacket(readHex(controlPath('binrpc-edge', 'bad-magic.req.hex'))), (e: unknown) => e instanceof BinrpcError && e.reason === 'corrupted packet');
    const empty = decodePacket(readHex(controlPath('binrpc-edge', 'empty-body.req.hex')));
    assert.throws(() => parseRequest(empty), (e: unknown) => e instanceof BinrpcError && e.reason === 'end of packet encountered');
    const notStr = decodePacket(readHex(controlPath('binrpc-edge', 'method-not-str.req.hex')));
    assert.throws(() => parseRequest(notStr), (e: unknown) => e instanceof BinrpcError && e.reason === 'record doesn\'t match type');
    const reply = decodePacket(readHex(controlPath('binrpc-edge', 'not-a-request.req.hex')));
    assert.throws(() => parseRequest(reply), (e: unknown) => e instanceof BinrpcError && e.reason === 'corrupted packet');
  });

  it('encodes the byte examples of PROTOCOLS.md §2.3', () => {
    const body = (records: BinrpcRecord[]): string => {
      const bytes = encodeReply(0, records);
      return bytes.subarray(bytes.length - decodePacket(bytes).header.bodyLen).toString('hex');
    };
    assert.equal(body([{ type: 'int', value: 0 }]), '00');
    assert.equal(body([{ type: 'int', value: 7 }]), '1007');
    assert.equal(body([{ type: 'int', value: 500 }]), '2001f4');
    assert.equal(body([{ type: 'int', value: -7 }]), '40fffffff9');
    assert.equal(body([{ type: 'int', value: 4294967295 }]), '40ffffffff');
    assert.equal(body([{ type: 'str', value: '' }]), '1100');
    assert.equal(body([{ type: 'str', value: 'abc' }]), '4161626300');
    assert.equal(body([{ type: 'str', value: 'abcdefg' }]).slice(0, 4), '9108');
    assert.equal(body([{ type: 'str', value: 'x'.repeat(299) }]).slice(0, 6), 'a1012c');
    assert.equal(body([{ type: 'double', value: 1.5 }]), '2205dc');
    assert.equal(body([{ type: 'double', value: 0.5 }]), '2201f4');
    assert.equal(body([{ type: 'double', value: 0 }]), '02');
    assert.equal(body([{ type: 'double', value: -1 }]), '82fffffffffffffc18');
    assert.equal(body([{ type: 'double', value: 1234.567 }]), '3212d687');
    assert.equal(body([{ type: 'struct', items: [{ type: 'str', value: 'x', name: 'a' }, { type: 'int', value: 5, name: 'b' }] }]), '03' + '256100' + '217800' + '256200' + '1005' + '83');
    assert.equal(body([{ type: 'bytes', value: Uint8Array.of(1, 2) }]), '260102');
  });

  it('refuses values BINRPC cannot carry', () => {
    assert.throws(() => encodeReply(0, [{ type: 'int', value: 2 ** 32 }]), BinrpcError);
    assert.throws(() => encodeReply(0, [{ type: 'int', value: 1.5 }]), BinrpcError);
    assert.throws(() => encodeReply(0, [{ type: 'double', value: Number.NaN }]), BinrpcError);
    assert.throws(() => encodeReply(2 ** 32, []), BinrpcError);
  });

  it('truncates fault texts to 255 bytes as Kamailio does', () => {
    const { message } = parseFault(decodePacket(encodeFault(1, 500, 'e'.repeat(400))));
    assert.equal(message.length, 255);
  });
});

describe('binrpc strict decoding', () => {
  const bad: [string, string, BinrpcError['reason']][] = [
    ['bad magic', 'b1 00 00 00', 'corrupted packet'],
    ['packet type 2', 'a1 20 00 00', 'corrupted packet'],
    ['short body', 'a1 10 05 00 10 07', 'end of packet encountered'],
    ['trailing bytes', 'a1 10 01 00 00 00', 'corrupted packet'],
    ['unterminated string', 'a1 10 04 00 31 61 62 63', 'string not NUL terminated'],
    ['empty string record', 'a1 10 01 00 01', 'string not NUL terminated'],
    ['int of 5 bytes', 'a1 10 06 00 50 01 02 03 04 05', 'corrupted packet'],
    ['double of 9 bytes', 'a1 10 01 00 92', 'corrupted packet'],
    ['unclosed struct', 'a1 10 01 00 03', 'unbalanced struct/array'],
    ['stray end', 'a1 10 01 00 83', 'unbalanced struct/array'],
    ['mismatched end', 'a1 10 02 00 03 84', 'unbalanced struct/array'],
    ['avp at top level', 'a1 10 03 00 25 61 00', 'record doesn\'t match type'],
    ['avp without value', 'a1 10 05 00 03 25 61 00 83', 'record doesn\'t match type'],
    ['avp at end', 'a1 10 04 00 03 25 61 00', 'end of packet encountered'],
    ['named array', 'a1 10 06 00 03 25 61 00 04 84', 'record doesn\'t match type'],
    ['struct start with payload', 'a1 10 02 00 13 00', 'corrupted packet'],
    ['end tag on a string', 'a1 10 01 00 81', 'corrupted packet'],
    ['type 7', 'a1 10 01 00 07', 'invalid record type'],
    ['length of length 5', 'a1 10 01 00 d1', 'corrupted packet'],
    ['length beyond body', 'a1 10 03 00 91 40 00', 'end of packet encountered'],
  ];
  for (const [name, hex, reason] of bad) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => decodePacket(Buffer.from(hex.replace(/ /g, ''), 'hex')),
        (e: unknown) => e instanceof BinrpcError && e.code === 'E_RPC_PROTOCOL' && e.reason === reason,
      );
    });
  }

  it('refuses nesting deeper than the limit and bodies over the limit', () => {
    const deep = Buffer.concat([Buffer.from([0xa1, 0x14, 0x00, 0x80, 0x00]), Buffer.alloc(64, 0x03), Buffer.alloc(64, 0x83)]);
    assert.throws(() => decodePacket(deep), (e: unknown) => e instanceof BinrpcError && e.reason === 'nesting too deep');
    assert.throws(() => decodePacket(Buffer.from('a11c7fffffff00', 'hex')), (e: unknown) => e instanceof BinrpcError && e.reason === 'packet too big');
    assert.throws(() => decodePacket(encodeReply(0, [{ type: 'str', value: 'x'.repeat(100) }]), { maxBodyLength: 64 }), BinrpcError);
  });

  it('accepts lengths written wider than needed and unnamed struct members', () => {
    const packet = decodePacket(Buffer.from('a104000900' + 'a100024100' + '03' + '1007' + '83', 'hex'));
    assert.deepEqual(packet.records, [{ type: 'str', value: 'A' }, { type: 'struct', items: [{ type: 'int', value: 7 }] }]);
  });

  it('property: arbitrary bytes decode or throw BinrpcError, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodePacket(bytes);
        } catch (error) {
          if (!(error instanceof BinrpcError)) throw error;
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('property: a valid header followed by arbitrary body bytes decodes or throws BinrpcError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(0, 1, 3), (body, type) => {
        const bytes = Buffer.concat([Buffer.from([0xa1, (type << 4) | 0x04, body.length >> 8, body.length & 0xff, 0x2a]), body]);
        try {
          decodePacket(bytes);
        } catch (error) {
          if (!(error instanceof BinrpcError)) throw error;
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('property: encode → decode is the identity on records', () => {
    const name = fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !s.includes('\0')), { nil: undefined });
    const leaf = fc.oneof(
      fc.record({ type: fc.constant('int' as const), value: fc.integer({ min: -0x80000000, max: 0x7fffffff }) }),
      fc.record({ type: fc.constant('str' as const), value: fc.string({ unit: 'grapheme', maxLength: 40 }) }),
      fc.record({ type: fc.constant('double' as const), value: fc.integer({ min: -1e12, max: 1e12 }).map((n) => n / 1000) }),
    );
    const tree = fc.letrec<{ node: BinrpcRecord }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({ type: fc.constant('struct' as const), items: fc.array(fc.tuple(tie('node'), name), { maxLength: 4 }).map((xs) => xs.map(([r, n]) => (n === undefined || r.type === 'array' ? r : { ...r, name: n }))) }),
      ),
    })).node;
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 5 }), fc.integer({ min: 0, max: 0xffffffff }), (records, cookie) => {
        const packet = decodePacket(encodeReply(cookie, records));
        assert.equal(packet.header.cookie, cookie);
        assert.deepEqual(packet.records, JSON.parse(JSON.stringify(records)));
      }),
      { numRuns: 500 },
    );
  });
});
