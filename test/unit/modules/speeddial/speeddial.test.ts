/**
 * speeddial in-process on a real SQLite database made by sipctl's schema code, rows written by
 * sipctl's speed_dial repository: sd_lookup for the From user and for an owner given as an
 * argument, with and without use_domain, a failing table; and speeddial and alias_db naming
 * the same db_url share one database handle, closed when the last of them stops.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { openDbHandles } from '../../../../src/db/daemon-pool.js';
import { SpeedDialRepo } from '../../../../src/db/repos/speed-dial.js';
import { schemaSqlite, type SchemaSqlite } from '../../../support/db.js';
import { engine, onlyReply, request, type Engine } from '../engine-harness.js';

function cfg(dbFile: string, useDomain: number, extra = ''): string {
  return `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "speeddial.so"
modparam("speeddial", "db_url", "sqlite:///${dbFile}")
modparam("speeddial", "use_domain", ${String(useDomain)})
${extra}
request_route {
  if ($hdr(X-Owner) != $null) {
    if (sd_lookup("$hdr(X-Table)", "$hdr(X-Owner)")) {
      sl_send_reply("200", "$ru");
      exit;
    }
  } else if (sd_lookup("$hdr(X-Table)")) {
    sl_send_reply("200", "$ru");
    exit;
  }
  sl_send_reply("404", "no entry");
}
`;
}

describe('sd_lookup', () => {
  let sqlite: SchemaSqlite;
  before(async () => {
    sqlite = await schemaSqlite('sipd-speeddial-', ['standard', 'speeddial', 'alias_db'], async (db) => {
      const repo = new SpeedDialRepo(db);
      const entry = (owner: string, ownerDomain: string, sd: string, sdDomain: string, newUri: string) =>
        repo.add({ owner: { username: owner, domain: ownerDomain }, shortNumber: { username: sd, domain: sdDomain }, newUri, description: '' });
      await entry('alice', '127.0.0.1', '1', '127.0.0.1', 'sip:bob@example.test');
      await entry('alice', 'other.test', '2', 'other.test', 'sip:carol@example.test');
      await entry('dave', '127.0.0.1', '1', '127.0.0.1', 'sip:erin@example.test;transport=tcp');
    });
  });
  after(() => {
    sqlite.remove();
  });
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const e of engines.splice(0)) await e.registry.stop();
  });
  const start = async (useDomain: number, extra = ''): Promise<Engine> => {
    const e = await engine(cfg(sqlite.file, useDomain, extra));
    engines.push(e);
    return e;
  };
  const lookup = async (e: Engine, ruri: string, opts: { owner?: string; table?: string } = {}): Promise<string> => {
    const headers = [`X-Table: ${opts.table ?? 'speed_dial'}`, ...(opts.owner === undefined ? [] : [`X-Owner: ${opts.owner}`])];
    await e.send(request('INVITE', ruri, headers));
    const r = onlyReply(e);
    return `${String(r.status)} ${r.reason}`;
  };

  it('use_domain 0: the From user\'s short number becomes the R-URI', async () => {
    const e = await start(0);
    assert.equal(await lookup(e, 'sip:1@127.0.0.1'), '200 sip:bob@example.test');
    // The owner's and short number's domains are not compared.
    assert.equal(await lookup(e, 'sip:2@elsewhere.test'), '200 sip:carol@example.test');
    assert.equal(await lookup(e, 'sip:3@127.0.0.1'), '404 no entry');
  });

  it('an owner URI given as the second argument replaces the From user', async () => {
    const e = await start(0);
    assert.equal(await lookup(e, 'sip:1@127.0.0.1', { owner: 'sip:dave@127.0.0.1' }), '200 sip:erin@example.test;transport=tcp');
    assert.equal(await lookup(e, 'sip:1@127.0.0.1', { owner: 'sip:frank@127.0.0.1' }), '404 no entry');
    assert.equal(await lookup(e, 'sip:1@127.0.0.1', { owner: 'not a uri' }), '404 no entry');
  });

  it('use_domain 1: owner domain and short-number domain must match too', async () => {
    const e = await start(1);
    assert.equal(await lookup(e, 'sip:1@127.0.0.1'), '200 sip:bob@example.test');
    assert.equal(await lookup(e, 'sip:2@127.0.0.1'), '404 no entry');
    assert.equal(await lookup(e, 'sip:2@other.test', { owner: 'sip:alice@other.test' }), '200 sip:carol@example.test');
  });

  it('a table that does not exist is -1 and logged', async () => {
    const e = await start(0);
    assert.equal(await lookup(e, 'sip:1@127.0.0.1', { table: 'no_such_table' }), '404 no entry');
    assert.ok(e.logger.lines.some((l) => l.source === 'speeddial' && l.level === -1 && l.text.includes('speed dial lookup of 1 for alice failed')), JSON.stringify(e.logger.lines));
  });

  it('speeddial and alias_db on the same db_url share one handle; the last stop closes it', async () => {
    assert.equal(openDbHandles(), 0);
    const e = await engine(cfg(sqlite.file, 0, `loadmodule "alias_db.so"\nmodparam("alias_db", "db_url", "${sqlite.url}")`));
    try {
      assert.equal(openDbHandles(), 1);
      assert.equal(await lookup(e, 'sip:1@127.0.0.1'), '200 sip:bob@example.test');
      const other = await start(0);
      assert.equal(openDbHandles(), 1, 'a second daemon in the process joins the handle too');
      assert.equal(await lookup(other, 'sip:1@127.0.0.1'), '200 sip:bob@example.test');
    } finally {
      await e.registry.stop();
    }
    assert.equal(openDbHandles(), 1, 'still used by the other engine');
    for (const x of engines.splice(0)) await x.registry.stop();
    assert.equal(openDbHandles(), 0);
  });
});
