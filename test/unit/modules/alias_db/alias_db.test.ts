/**
 * alias_db in-process on a real SQLite database made by sipctl's schema code, rows written by
 * sipctl's dbaliases repository: alias_db_lookup with and without use_domain, the table taken
 * from a pseudo-variable, and a missing table (logged, -1, never a crash).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { DbAliasesRepo } from '../../../../src/db/repos/dbaliases.js';
import { schemaSqlite, type SchemaSqlite } from '../../../support/db.js';
import { engine, onlyReply, request, type Engine } from '../engine-harness.js';

function cfg(dbFile: string, useDomain: number): string {
  return `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "alias_db.so"
modparam("alias_db", "db_url", "sqlite:///${dbFile}")
modparam("alias_db", "use_domain", ${String(useDomain)})
request_route {
  if (alias_db_lookup("$hdr(X-Table)")) {
    sl_send_reply("200", "$ru");
    exit;
  }
  sl_send_reply("404", "no alias");
}
`;
}

describe('alias_db_lookup', () => {
  let sqlite: SchemaSqlite;
  before(async () => {
    sqlite = await schemaSqlite('sipd-alias-db-', ['standard', 'alias_db'], async (db) => {
      const repo = new DbAliasesRepo(db);
      await repo.add({ username: 'sales', domain: '127.0.0.1' }, { username: 'alice', domain: 'example.test' });
      await repo.add({ username: 'sales', domain: 'other.test' }, { username: 'bob', domain: 'example.test' });
      await repo.add({ username: 'help', domain: 'other.test' }, { username: 'carol', domain: 'example.test' });
    });
  });
  after(() => {
    sqlite.remove();
  });
  let running: Engine | null = null;
  afterEach(async () => {
    await running?.registry.stop();
    running = null;
  });
  const start = async (useDomain: number): Promise<Engine> => {
    running = await engine(cfg(sqlite.file, useDomain));
    return running;
  };
  const lookup = async (e: Engine, ruri: string, table = 'dbaliases'): Promise<string> => {
    await e.send(request('INVITE', ruri, [`X-Table: ${table}`]));
    const r = onlyReply(e);
    return `${String(r.status)} ${r.reason}`;
  };

  it('use_domain 0: matches the user in any alias domain and rewrites the R-URI to the first row', async () => {
    const e = await start(0);
    assert.equal(await lookup(e, 'sip:sales@127.0.0.1'), '200 sip:alice@example.test');
    assert.equal(await lookup(e, 'sip:help@127.0.0.1:5080;transport=udp'), '200 sip:carol@example.test');
    assert.equal(await lookup(e, 'sip:nobody@127.0.0.1'), '404 no alias');
  });

  it('use_domain 1: the R-URI host must be the alias domain', async () => {
    const e = await start(1);
    assert.equal(await lookup(e, 'sip:sales@other.test'), '200 sip:bob@example.test');
    assert.equal(await lookup(e, 'sip:sales@127.0.0.1'), '200 sip:alice@example.test');
    assert.equal(await lookup(e, 'sip:help@127.0.0.1'), '404 no alias');
  });

  it('a R-URI without a user is not looked up', async () => {
    const e = await start(0);
    assert.equal(await lookup(e, 'sip:127.0.0.1'), '404 no alias');
  });

  it('a table that does not exist is -1 and logged, and the next lookup works', async () => {
    const e = await start(0);
    assert.equal(await lookup(e, 'sip:sales@127.0.0.1', 'no_such_table'), '404 no alias');
    assert.ok(
      e.logger.lines.some((l) => l.source === 'alias_db' && l.level === -1 && l.text.includes('alias lookup of sales failed')),
      JSON.stringify(e.logger.lines),
    );
    assert.equal(await lookup(e, 'sip:sales@127.0.0.1'), '200 sip:alice@example.test');
  });
});
