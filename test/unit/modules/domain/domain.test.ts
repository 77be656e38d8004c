/**
 * domain in-process on a real SQLite database made by sipctl's schema code, rows written by
 * sipctl's domain repository: is_from_local, is_uri_host_local and is_domain_local (without
 * case), domain.reload and domain.dump, a reload that fails (old table kept), and start-up
 * errors that name db_url without its password.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { connect } from '../../../../src/db/connect.js';
import { openDbHandles } from '../../../../src/db/daemon-pool.js';
import { parseDbUrl } from '../../../../src/db/db-url.js';
import { addDomain } from '../../../../src/db/repos/domain.js';
import { AppError } from '../../../../src/errors.js';
import { RpcFault } from '../../../../src/rpc/rpc-method.js';
import type { RpcValue } from '../../../../src/rpc/rpc-value.js';
import { schemaSqlite, type SchemaSqlite } from '../../../support/db.js';
import { engine, onlyReply, request, type Engine } from '../engine-harness.js';

function cfg(dbUrl: string): string {
  return `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "domain.so"
modparam("domain", "db_url", "${dbUrl}")
request_route {
  $var(f) = "no";
  if (is_from_local()) $var(f) = "yes";
  $var(u) = "no";
  if (is_uri_host_local()) $var(u) = "yes";
  $var(d) = "no";
  if (is_domain_local("$hdr(X-Domain)")) $var(d) = "yes";
  sl_send_reply("200", "from $var(f) uri $var(u) domain $var(d)");
}
`;
}

async function call(e: Engine, name: string): Promise<RpcValue> {
  const method = e.registry.rpcMethods().find((m) => m.name === name);
  assert.ok(method !== undefined, `${name} is served`);
  return method.handler({ method: name, params: [], fault: (code, message) => new RpcFault(code, message) });
}

describe('domain', () => {
  let sqlite: SchemaSqlite;
  const withDb = async <T>(fn: (db: Awaited<ReturnType<typeof connect>>) => Promise<T>): Promise<T> => {
    const db = await connect(parseDbUrl(sqlite.url), 'rw');
    try {
      return await fn(db);
    } finally {
      await db.destroy();
    }
  };
  before(async () => {
    sqlite = await schemaSqlite('sipd-domain-', ['standard', 'domain'], async (db) => {
      await addDomain(db, { domain: 'Example.Test' });
      await addDomain(db, { domain: '127.0.0.1', did: 'local', attrs: [{ name: 'flavour', type: 2, value: 'vanilla' }] });
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
  const start = async (): Promise<Engine> => {
    running = await engine(cfg(sqlite.url));
    return running;
  };
  const check = async (e: Engine, o: { from: string; ruri: string; domain: string }): Promise<string> => {
    const raw = request('OPTIONS', o.ruri, [`X-Domain: ${o.domain}`]).replace('From: <sip:alice@127.0.0.1>', `From: <${o.from}>`);
    await e.send(raw);
    return onlyReply(e).reason;
  };

  it('is_from_local, is_uri_host_local and is_domain_local look the host up without case', async () => {
    const e = await start();
    assert.equal(await check(e, { from: 'sip:alice@127.0.0.1', ruri: 'sip:bob@EXAMPLE.test', domain: 'example.TEST' }), 'from yes uri yes domain yes');
    assert.equal(await check(e, { from: 'sip:alice@example.test:5070', ruri: 'sip:bob@127.0.0.1;transport=tcp', domain: '127.0.0.1' }), 'from yes uri yes domain yes');
    assert.equal(await check(e, { from: 'sip:alice@elsewhere.test', ruri: 'sip:bob@127.0.0.2', domain: 'example' }), 'from no uri no domain no');
    assert.equal(await check(e, { from: 'tel:+4930123', ruri: 'tel:+4930123', domain: '' }), 'from no uri no domain no');
  });

  it('domain.dump shows each domain with its did (the domain itself when none) and the attribute names', async () => {
    const e = await start();
    assert.deepEqual(await call(e, 'domain.dump'), {
      domains: [
        { domain: '127.0.0.1', did: 'local' },
        { domain: 'Example.Test', did: 'Example.Test' },
      ],
      attributes: [{ did: 'local', attrs: ['flavour'] }],
    });
  });

  it('a domain added to the table counts only after domain.reload', async () => {
    const e = await start();
    const probe = { from: 'sip:alice@elsewhere.test', ruri: 'sip:bob@new.test', domain: 'new.test' };
    assert.equal(await check(e, probe), 'from no uri no domain no');
    await withDb((db) => addDomain(db, { domain: 'new.test' }));
    try {
      assert.equal(await check(e, probe), 'from no uri no domain no');
      assert.deepEqual(await call(e, 'domain.reload'), {});
      assert.equal(await check(e, probe), 'from no uri yes domain yes');
    } finally {
      await withDb((db) => db('domain').where({ domain: 'new.test' }).del());
    }
  });

  it('a reload that fails answers fault 500, is logged and keeps the loaded table', async () => {
    const e = await start();
    await withDb((db) => db.schema.renameTable('domain', 'domain_away'));
    try {
      await assert.rejects(call(e, 'domain.reload'), (err: unknown) => err instanceof RpcFault && err.code === 500 && err.message === 'Domain table reload failed');
      assert.ok(e.logger.lines.some((l) => l.source === 'domain' && l.level === -1 && l.text.startsWith('cannot reload the domain table')), JSON.stringify(e.logger.lines));
      assert.equal(await check(e, { from: 'sip:alice@127.0.0.1', ruri: 'sip:bob@127.0.0.1', domain: 'example.test' }), 'from yes uri yes domain yes');
    } finally {
      await withDb((db) => db.schema.renameTable('domain_away', 'domain'));
    }
  });

  it('a database that cannot be reached stops the start, naming db_url and hiding the password', async () => {
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    await assert.rejects(engine(cfg('mysql://kamailio:s3cretpw@127.0.0.1:1/kamailio')), (err: unknown) => {
      assert.ok(err instanceof AppError, String(err));
      assert.equal(err.code, 'E_DB_CONNECT');
      assert.match(err.message, /^domain: modparam "db_url": /);
      assert.doesNotMatch(err.message, /s3cretpw/);
      return true;
    });
    await assert.rejects(engine(cfg(`sqlite:///${path.join(sqlite.dir, 'missing.sqlite')}`)), (err: unknown) => err instanceof AppError && err.code === 'E_DB_MISSING' && err.message.startsWith('domain: modparam "db_url": '));
    assert.equal(openDbHandles(), 0, 'a failed open leaves no handle behind');
  });
});
