import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { parseInteger, parsePort } from '../../../src/provision/validate/port.js';

const usage = (fn: () => unknown): void => {
  assert.throws(fn, (e: unknown) => e instanceof AppError && e.code === 'E_USAGE');
};

describe('port and integer arguments', () => {
  it('accepts 1–65535, and 0 only when allowed', () => {
    assert.equal(parsePort('5060'), 5060);
    assert.equal(parsePort('65535'), 65535);
    assert.equal(parsePort('0', { allowZero: true }), 0);
    for (const bad of ['0', '65536', '-1', '50.6', '+5060', '0x10', '', '5060 ', '５０６０']) usage(() => parsePort(bad));
  });
  it('reads 32-bit integers and names the argument', () => {
    assert.equal(parseInteger('-5'), -5);
    assert.equal(parseInteger('2147483647'), 2147483647);
    usage(() => parseInteger('2147483648'));
    usage(() => parseInteger('1; DROP TABLE x'));
    assert.throws(() => parseInteger('x', { what: 'setid' }), /setid "x"/);
  });
});
