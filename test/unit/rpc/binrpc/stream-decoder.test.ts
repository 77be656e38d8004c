import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BinrpcError } from '../../../../src/rpc/binrpc/binrpc-error.js';
import { decodePacket } from '../../../../src/rpc/binrpc/codec.js';
import { BinrpcStreamDecoder } from '../../../../src/rpc/binrpc/stream-decoder.js';
import { controlPath, labels, readHex } from '../reference.js';

const SAMPLES = ['core.uptime', 'ul.lookup', 'system.listMethods', 'error.missing_param', 'stats.get_statistics.unknown'];
const SECOND = readHex(controlPath('binrpc', 'core.version.rep.hex'));

describe('binrpc stream decoder', () => {
  for (const label of SAMPLES) {
    it(`${label}: split at every byte offset, then coalesced with a second packet`, () => {
      const bytes = readHex(controlPath('binrpc', `${label}.rep.hex`));
      const whole = decodePacket(bytes);
      const second = decodePacket(SECOND);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const decoder = new BinrpcStreamDecoder();
        const first = decoder.push(bytes.subarray(0, cut));
        assert.deepEqual(first, cut === bytes.length ? [whole] : [], `cut ${cut}`);
        // The rest of this packet and all of the next arrive in one chunk.
        const rest = decoder.push(Buffer.concat([bytes.subarray(cut), SECOND]));
        assert.deepEqual(rest, cut === bytes.length ? [second] : [whole, second], `cut ${cut}`);
        assert.equal(decoder.bufferedBytes, 0);
      }
    });
  }

  it('decodes the pipelined capture (two requests in one write) and byte-by-byte feeding', () => {
    const pipelined = readHex(controlPath('binrpc-edge', 'pipelined.req.hex'));
    assert.equal(new BinrpcStreamDecoder().push(pipelined).length, 2);
    const replies = readHex(controlPath('binrpc-edge', 'pipelined.rep.hex'));
    const decoder = new BinrpcStreamDecoder();
    const packets = [...replies].flatMap((byte) => decoder.push(Uint8Array.of(byte)));
    assert.deepEqual(packets.map((p) => p.header.cookie), [0x11, 0x22]);
  });

  it('decodes all reply captures concatenated into one stream', () => {
    const all = labels('binrpc', '.rep.hex').map((label) => readHex(controlPath('binrpc', `${label}.rep.hex`)));
    const packets = new BinrpcStreamDecoder().push(Buffer.concat(all));
    assert.equal(packets.length, all.length);
  });

  it('fails fast on a bad first byte and stays failed', () => {
    const decoder = new BinrpcStreamDecoder();
    assert.throws(() => decoder.push(Uint8Array.of(0x42)), BinrpcError);
    assert.throws(() => decoder.push(SECOND), BinrpcError);
  });

  it('refuses an announced body over the limit before buffering it', () => {
    const decoder = new BinrpcStreamDecoder({ maxBodyLength: 1000 });
    assert.throws(() => decoder.push(Buffer.from('a1140fa000', 'hex')), (e: unknown) => e instanceof BinrpcError && e.reason === 'packet too big');
  });

  it('property: arbitrary chunks either decode or throw BinrpcError', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }), (chunks) => {
        const decoder = new BinrpcStreamDecoder({ maxBodyLength: 4096 });
        try {
          for (const chunk of chunks) decoder.push(chunk);
        } catch (error) {
          if (!(error instanceof BinrpcError)) throw error;
        }
      }),
      { numRuns: 3000 },
    );
  });
});
