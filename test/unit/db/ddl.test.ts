import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DDL_DIR, renderDdlGoldens } from '../../../scripts/ddl-goldens.js';
import { defaultLiteral } from '../../../src/db/ddl.js';
import { SCHEMA_HASH, schemaHash } from '../../../src/db/migrations.js';
import { SCHEMA_MODULES } from '../../../schema/index.js';

describe('DDL', () => {
  it('equals the reviewed golden files for every engine and schema module (scripts/gen-ddl-goldens.ts)', async () => {
    const goldens = await renderDdlGoldens();
    assert.equal(goldens.size, 3 * SCHEMA_MODULES.length);
    for (const [file, sql] of goldens) {
      const golden = path.join(DDL_DIR, file);
      assert.ok(fs.existsSync(golden), `missing golden ${file}`);
      assert.equal(sql, fs.readFileSync(golden, 'utf8'), `DDL of ${file} differs from its golden`);
    }
  });

  it('quotes string defaults and keeps numeric ones as literals', () => {
    assert.equal(defaultLiteral({ name: 'a', type: 'string', default: "it's" }), "'it''s'");
    assert.equal(defaultLiteral({ name: 'a', type: 'float', default: '1.0' }), '1.0');
    assert.equal(defaultLiteral({ name: 'a', type: 'string', default: '00', defaultUnquoted: true }), '00');
    assert.equal(defaultLiteral({ name: 'a', type: 'int', default: null }), 'NULL');
    assert.equal(defaultLiteral({ name: 'a', type: 'int' }), undefined);
    assert.throws(() => defaultLiteral({ name: 'a', type: 'int', default: '1; drop table x' }));
  });
});

describe('schema integrity', () => {
  it('schema/ matches SCHEMA_HASH: a change of a table needs a migration (src/db/migrations.ts) and a new hash', () => {
    assert.equal(schemaHash(), SCHEMA_HASH);
  });

  it('the hash notices a change of one column default', () => {
    const changed = SCHEMA_MODULES.map((m, i) =>
      i !== 0 ? m : { ...m, tables: m.tables.map((t) => ({ ...t, columns: t.columns.map((c, j) => (j === 1 ? { ...c, default: 'x' } : c)) })) },
    );
    assert.notEqual(schemaHash(changed), SCHEMA_HASH);
  });

  it('has the 70 tables of Kamailio 5.6 in 43 schema modules with unique names', () => {
    const tables = SCHEMA_MODULES.flatMap((m) => m.tables.map((t) => t.name));
    assert.equal(SCHEMA_MODULES.length, 43);
    assert.equal(tables.length, 70);
    assert.equal(new Set(tables).size, 70);
  });
});
