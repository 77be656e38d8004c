import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { csvLine, parseCsvLine } from '../../../src/provision/csv-line.js';

describe('CSV lines', () => {
  it('reads plain and quoted fields', () => {
    assert.deepEqual(parseCsvLine('a,b,,c'), { ok: true, fields: ['a', 'b', '', 'c'] });
    assert.deepEqual(parseCsvLine('"a, ""b""",c'), { ok: true, fields: ['a, "b"', 'c'] });
    assert.deepEqual(parseCsvLine('""'), { ok: true, fields: [''] });
    assert.deepEqual(parseCsvLine('x,'), { ok: true, fields: ['x', ''] });
  });

  it('reports malformed quoting', () => {
    assert.equal(parseCsvLine('"open,x').ok, false);
    assert.equal(parseCsvLine('"a"b,c').ok, false);
    assert.equal(parseCsvLine('a"b,c').ok, false);
  });

  it('reads back what it writes, for any fields without line breaks', () => {
    fc.assert(
      fc.property(fc.array(fc.string().filter((s) => !/[\r\n]/.test(s)), { minLength: 1, maxLength: 6 }), (fields) => {
        const line = csvLine(fields).replace(/\n$/, '');
        assert.deepEqual(parseCsvLine(line), { ok: true, fields });
      }),
    );
  });
});
