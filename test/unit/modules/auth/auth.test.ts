/**
 * auth + auth_db in-process, on a real SQLite database made by sipctl's schema code and rows
 * written by sipctl's subscriber repository: challenges, each return code of auth_check, nonce
 * expiry, qop, ha1/ha1b/plain-text columns, consume_credentials, and what happens when the
 * database fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SubscriberRepo } from '../../../../src/db/repos/subscriber.js';
import { AppError } from '../../../../src/errors.js';
import { digestCredentials } from '../../../../src/provision/credentials.js';
import { digestHa1, digestHa2, digestResponse, parseDigestCredentials } from '../../../../src/sip/digest.js';
import type { SipResponse } from '../../../../src/sip/index.js';
import { schemaSqlite, testDb, type SchemaSqlite } from '../../../support/db.js';
import { cleanEnv, runSipctl } from '../../../support/sipctl.js';
import { engine, onlyReply, request, type Engine } from '../engine-harness.js';

const REALM = '127.0.0.1';

interface Challenge {
  readonly realm: string;
  readonly nonce: string;
}

/** The realm and nonce of a 401/407 challenge. */
function challengeOf(r: SipResponse): Challenge {
  const v = r.header(r.status === 401 ? 'www-authenticate' : 'proxy-authenticate') ?? '';
  const realm = /realm="([^"]*)"/.exec(v)?.[1];
  const nonce = /nonce="([^"]*)"/.exec(v)?.[1];
  assert.ok(realm !== undefined && nonce !== undefined, `no challenge in ${v}`);
  return { realm, nonce };
}

/** Credentials a UAC would send for this challenge. */
function credentials(c: Challenge, o: { user: string; password: string; method: string; uri: string; qop?: boolean; realm?: string }): string {
  const realm = o.realm ?? c.realm;
  const ha1 = digestHa1('MD5', o.user, realm, o.password);
  const q = o.qop === true ? { qop: 'auth' as const, nc: '00000001', cnonce: 'c0ffee' } : undefined;
  const response = digestResponse('MD5', ha1, c.nonce, digestHa2('MD5', o.method, o.uri, q?.qop ?? null), q);
  const qopPart = q === undefined ? '' : `, qop=auth, nc=${q.nc}, cnonce="${q.cnonce}"`;
  return `Digest username="${o.user}", realm="${realm}", nonce="${c.nonce}", uri="${o.uri}", response="${response}", algorithm=MD5${qopPart}`;
}

function cfg(dbFile: string, extra = ''): string {
  return `
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "textops.so"
loadmodule "auth.so"
loadmodule "auth_db.so"
modparam("auth_db", "db_url", "sqlite:///${dbFile}")
modparam("auth_db", "calculate_ha1", yes)
modparam("auth_db", "password_column", "password")
${extra}
request_route {
  auth_check("$fd", "$hdr(X-Table)", "1");
  $var(rc) = $rc;
  if ($var(rc) == 1) {
    consume_credentials();
    sl_send_reply("200", "OK");
    exit;
  }
  if ($var(rc) == -5 || $var(rc) == -4) {
    auth_challenge("$fd", "0");
    exit;
  }
  sl_send_reply("403", "rc $var(rc)");
}
`;
}

describe('auth and auth_db', () => {
  let sqlite: SchemaSqlite;

  before(async () => {
    sqlite = await schemaSqlite('sipd-auth-', ['standard', 'auth_db'], async (db) => {
      const repo = new SubscriberRepo(db);
      await repo.insert({ username: 'alice', domain: REALM, ...digestCredentials({ username: 'alice', domain: REALM }, 'secret', true) });
      // No plain text: only ha1/ha1b work for bob.
      await repo.insert({ username: 'bob', domain: REALM, ...digestCredentials({ username: 'bob', domain: REALM }, 'hidden', false) });
    });
  });

  after(() => {
    sqlite.remove();
  });

  const engines: Engine[] = [];
  const start = async (extra = ''): Promise<Engine> => {
    const e = await engine(cfg(sqlite.file, extra));
    engines.push(e);
    return e;
  };
  after(async () => {
    for (const e of engines) await e.registry.stop();
  });

  const register = (auth?: string, opts: { cseq?: number; table?: string } = {}) =>
    request('REGISTER', `sip:${REALM}`, [`X-Table: ${opts.table ?? 'subscriber'}`, ...(auth === undefined ? [] : [`Authorization: ${auth}`])], { cseq: opts.cseq ?? 1 });

  it('challenges a REGISTER with 401 and other requests with 407, realm and a 32-character nonce only', async () => {
    const e = await start();
    await e.send(register());
    const r = onlyReply(e);
    assert.equal(r.status, 401);
    assert.equal(r.reason, 'Unauthorized');
    assert.match(r.header('www-authenticate') ?? '', /^Digest realm="127\.0\.0\.1", nonce="[A-Za-z0-9_-]{32}"$/);
    await e.send(request('INVITE', 'sip:bob@127.0.0.1', ['X-Table: subscriber']));
    const p = onlyReply(e);
    assert.equal(p.status, 407);
    assert.equal(p.reason, 'Proxy Authentication Required');
    assert.match(p.header('proxy-authenticate') ?? '', /^Digest realm="127\.0\.0\.1", nonce="[A-Za-z0-9_-]{32}"$/);
    assert.equal(p.header('www-authenticate'), undefined);
  });

  it('accepts the right password (with and without qop) and removes the credentials it used', async () => {
    const e = await start();
    await e.send(register());
    const c = challengeOf(onlyReply(e));
    const { ctx } = await e.send(register(credentials(c, { user: 'alice', password: 'secret', method: 'REGISTER', uri: `sip:${REALM}` }), { cseq: 2 }));
    assert.equal(onlyReply(e).status, 200);
    assert.equal(ctx.request?.hasHeader('authorization'), false, 'consume_credentials left the header');
    await e.send(register(credentials(c, { user: 'alice', password: 'secret', method: 'REGISTER', uri: `sip:${REALM}`, qop: true }), { cseq: 3 }));
    assert.equal(onlyReply(e).status, 200);
  });

  it('answers -2 for a wrong password, -3 for an unknown user, -5 for another realm, -8 for someone else\'s identity', async () => {
    const e = await start();
    await e.send(register());
    const c = challengeOf(onlyReply(e));
    await e.send(register(credentials(c, { user: 'alice', password: 'wrong', method: 'REGISTER', uri: `sip:${REALM}` })));
    assert.equal(onlyReply(e).reason, 'rc -2');
    await e.send(register(credentials(c, { user: 'nobody', password: 'x', method: 'REGISTER', uri: `sip:${REALM}` })));
    assert.equal(onlyReply(e).reason, 'rc -3');
    await e.send(register(credentials(c, { user: 'alice', password: 'secret', method: 'REGISTER', uri: `sip:${REALM}`, realm: 'elsewhere' })));
    assert.equal(onlyReply(e).status, 401, 'credentials for another realm count as none');
    // bob's password is right, but the request is From/To alice.
    await e.send(register(credentials(c, { user: 'bob', password: 'hidden', method: 'REGISTER', uri: `sip:${REALM}` })));
    assert.equal(onlyReply(e).reason, 'rc -2', 'bob has no plain-text password with calculate_ha1');
  });

  it('uses the ha1 column without calculate_ha1, and ha1b for a username with a domain', async () => {
    const e = await start('modparam("auth_db", "calculate_ha1", 0)\nmodparam("auth_db", "password_column", "ha1")');
    const bobRegister = (auth?: string) => register(auth).replace(/sip:alice@/g, 'sip:bob@');
    await e.send(bobRegister());
    const c = challengeOf(onlyReply(e));
    await e.send(bobRegister(credentials(c, { user: 'bob', password: 'hidden', method: 'REGISTER', uri: `sip:${REALM}` })));
    assert.equal(onlyReply(e).status, 200);
    await e.send(bobRegister(credentials(c, { user: `bob@${REALM}`, password: 'hidden', method: 'REGISTER', uri: `sip:${REALM}` })));
    assert.equal(onlyReply(e).status, 200);
    // The identity check compares users: bob's valid credentials on alice's REGISTER.
    await e.send(register(credentials(c, { user: 'bob', password: 'hidden', method: 'REGISTER', uri: `sip:${REALM}` })));
    assert.equal(onlyReply(e).reason, 'rc -8');
  });

  it('rejects an expired nonce with -4 (and re-challenges without stale=true) and a forged one with -1', async () => {
    const e = await start();
    await e.send(register());
    const c = challengeOf(onlyReply(e));
    e.clock.advance(301_000);
    await e.send(register(credentials(c, { user: 'alice', password: 'secret', method: 'REGISTER', uri: `sip:${REALM}` })));
    const again = onlyReply(e);
    assert.equal(again.status, 401);
    assert.doesNotMatch(again.header('www-authenticate') ?? '', /stale/);
    const forged = { realm: REALM, nonce: 'A'.repeat(32) };
    await e.send(register(credentials(forged, { user: 'alice', password: 'secret', method: 'REGISTER', uri: `sip:${REALM}` })));
    assert.equal(onlyReply(e).reason, 'rc -1');
  });

  it('passes ACK and CANCEL without credentials', async () => {
    const e = await start();
    await e.send(request('CANCEL', 'sip:bob@127.0.0.1', ['X-Table: subscriber']));
    assert.equal(onlyReply(e).status, 200);
  });

  it('answers -1 and logs when the database fails at run time, and keeps working', async () => {
    const e = await start();
    await e.send(register());
    const c = challengeOf(onlyReply(e));
    const auth = credentials(c, { user: 'alice', password: 'secret', method: 'REGISTER', uri: `sip:${REALM}` });
    await e.send(register(auth, { table: 'no_such_table' }));
    assert.equal(onlyReply(e).reason, 'rc -1');
    assert.ok(e.logger.lines.some((l) => /auth_db.*no_such_table/.test(l.text) || /no_such_table/.test(l.text)), 'the DB error is logged');
    assert.ok(!e.logger.lines.some((l) => l.text.includes('secret')), 'the password is not logged');
    await e.send(register(auth));
    assert.equal(onlyReply(e).status, 200);
  });

  it('checks credentials against a password from the script (pv_auth_check)', async () => {
    const e = await engine(`
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "auth.so"
request_route {
  pv_auth_check("$fd", "s3cret", "0", "1");
  $var(rc) = $rc;
  if ($var(rc) == -5) { auth_challenge("$fd", "1"); exit; }
  sl_send_reply("200", "rc $var(rc)");
}
`);
    await e.send(register());
    const ch = onlyReply(e);
    assert.match(ch.header('www-authenticate') ?? '', /, qop="auth"$/);
    const c = challengeOf(ch);
    await e.send(register(credentials(c, { user: 'alice', password: 's3cret', method: 'REGISTER', uri: `sip:${REALM}`, qop: true })));
    assert.equal(onlyReply(e).reason, 'rc 1');
    await e.send(register(credentials(c, { user: 'alice', password: 'nope', method: 'REGISTER', uri: `sip:${REALM}`, qop: true })));
    assert.equal(onlyReply(e).reason, 'rc -2');
  });

  it('has_credentials finds a realm in either header', async () => {
    const e = await engine(`
loadmodule "sl.so"
loadmodule "auth.so"
request_route {
  if (has_credentials("example.com")) sl_send_reply("200", "yes"); else sl_send_reply("200", "no");
}
`);
    const c = { realm: 'example.com', nonce: 'n' };
    await e.send(request('INVITE', 'sip:bob@127.0.0.1', [`Proxy-Authorization: ${credentials(c, { user: 'a', password: 'p', method: 'INVITE', uri: 'sip:bob@127.0.0.1' })}`]));
    assert.equal(onlyReply(e).reason, 'yes');
    await e.send(request('INVITE', 'sip:bob@127.0.0.1'));
    assert.equal(onlyReply(e).reason, 'no');
    assert.equal(parseDigestCredentials(credentials(c, { user: 'a', password: 'p', method: 'INVITE', uri: 'u' }))?.realm, 'example.com');
  });
});

describe('auth_db start-up', () => {
  it('refuses a db_url it cannot read, naming the parameter', async () => {
    await assert.rejects(engine(cfg('').replace(/sqlite:\/\/\/[^"]*/, 'oracle://u:topsecret@h/db')), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, /db_url/);
      assert.doesNotMatch(e.message, /topsecret/);
      return true;
    });
  });

  it('fails the start when the database is not there, naming db_url', async () => {
    await assert.rejects(engine(cfg('/nonexistent/dir/k.sqlite')), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'E_DB_MISSING');
      assert.match(e.message, /^auth_db: modparam "db_url": /);
      return true;
    });
  });
});

describe('auth_db on MariaDB', () => {
  it('keeps several lookups in flight: concurrent requests are checked over more than one connection', async (t) => {
    const db = await testDb(t, 'mysql');
    if (db === undefined) return;
    let e: Engine | undefined;
    try {
      const created = await runSipctl(['db', 'create', '--yes'], { env: cleanEnv(db.env), cwd: db.dir });
      assert.equal(created.code, 0, `sipctl db create: ${created.stderr}${created.stdout}`);
      const admin = await db.admin();
      await new SubscriberRepo(admin).insert({ username: 'alice', domain: REALM, ...digestCredentials({ username: 'alice', domain: REALM }, 'secret', true) });
      // root without a password on loopback, as every MariaDB test here.
      e = await engine(cfg('').replace(/sqlite:\/\/\/[^"]*/, `mysql://root@127.0.0.1:3306/${db.name}`));
      const started = e;
      await started.send(request('REGISTER', `sip:${REALM}`, ['X-Table: subscriber']));
      const c = challengeOf(onlyReply(started));
      const auth = `Authorization: ${credentials(c, { user: 'alice', password: 'secret', method: 'REGISTER', uri: `sip:${REALM}` })}`;
      const burst = 12;
      await Promise.all(Array.from({ length: burst }, (_, i) => started.send(request('REGISTER', `sip:${REALM}`, ['X-Table: subscriber', auth], { cseq: 2 + i }))));
      const statuses = started.takeReplies().map((r) => r.status);
      assert.deepEqual(statuses, Array.from({ length: burst }, () => 200));
      // With one connection every lookup waits for the one before; the pool opens more.
      const rows: unknown = await admin.raw('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [db.name]);
      const first = Array.isArray(rows) && Array.isArray(rows[0]) ? (rows[0] as { n: number | string }[])[0] : undefined;
      assert.ok(Number(first?.n) > 1, `auth_db used ${String(first?.n)} connection(s) for ${String(burst)} concurrent checks`);
    } finally {
      await e?.registry.stop();
      await db.cleanup();
    }
  });
});
