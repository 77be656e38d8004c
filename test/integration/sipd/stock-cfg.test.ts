/**
 * The stock kamailio.cfg of Kamailio 5.6 (/etc/kamailio/kamailio.cfg, unmodified) on the real
 * sipd, and the same file on the real Kamailio 5.6 where it is cheap, so both are held to one
 * behaviour. A small wrapper cfg in a temp dir adds what a kamailio-local.cfg would: loopback
 * listen lines and, for the DB features, the DBURL (so passwords stay out of argv).
 *  - `sipd -c` accepts the file with no defines and with the DB feature sets;
 *  - no defines: OPTIONS gets `200 Keepalive`; bob registers (SIPp) and a SIPp caller reaches
 *    him through lookup("location") with Record-Route, ACK and BYE following the route set;
 *    acc logs the INVITE and the BYE (`ACC: transaction answered: …`) as Kamailio does;
 *  - WITH_MYSQL + WITH_AUTH + WITH_USRLOCDB + WITH_ACCDB on a sipctl-made database: REGISTER is
 *    challenged (401), the right password gets 200, a wrong one 401; the contacts are in the
 *    location table after shutdown; the call's INVITE and BYE are rows of `acc` with the
 *    db_extra columns — the same rows Kamailio writes for the same call.
 * SQLite always; MariaDB and PostgreSQL under CI=true (or when reachable). Loopback only;
 * every process started here is stopped even when an assertion fails.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { Knex } from 'knex';
import { decodeTime } from '../../../src/db/repos/location.js';
import { asRows } from '../../../src/db/rows.js';
import { ENGINES, IN_CI, addSubscribers, createdTestDb, kamailioDbUrl, type TestDb, type TestEngine } from '../../support/db.js';
import { freeTcpUdpPort, kamailioSkipReason, startKamailio } from '../../support/kamailio.js';
import { REPO_ROOT, cleanEnv, runProcess, runSipctl } from '../../support/sipctl.js';
import { DAEMON_FIXTURES, SIPD_BIN, options, sipStatuses, startSipd, udpExchange } from '../../support/sipd.js';
import { describeSipp, freePorts, runSipp, sippSkipReason, startSipp, waitForPort } from '../../support/sipp.js';

const STOCK = '/etc/kamailio/kamailio.cfg';
const SIPSAK = '/usr/bin/sipsak';
const SIPP_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'sipp');
const RW_PW = 'stockrw4test';
/** The driver a wrapper loads besides the stock cfg's own db_mysql (Kamailio refuses to load one twice). */
const DB_DRIVER: Readonly<Record<TestEngine, string | null>> = { sqlite: 'db_sqlite', mysql: null, pgsql: 'db_postgres' };
const DB_FEATURES = ['WITH_MYSQL', 'WITH_AUTH', 'WITH_USRLOCDB', 'WITH_ACCDB'];
const skip = sippSkipReason() ?? (fs.existsSync(STOCK) ? undefined : `${STOCK} is not installed`);

interface Server {
  readonly port: number;
  log(): string;
  stop(): Promise<void>;
}

/** What a kamailio-local.cfg would add: loopback listen lines, the DB URL and its driver. */
function wrapper(listenPort: string, db?: { url: string; driver: string | null }): string {
  return [
    '#!KAMAILIO',
    `listen=udp:127.0.0.1:${listenPort}`,
    `listen=tcp:127.0.0.1:${listenPort}`,
    ...(db === undefined ? [] : [`#!define DBURL "${db.url}"`]),
    ...(db?.driver == null ? [] : [`loadmodule "${db.driver}.so"`]),
    `include_file "${STOCK}"`,
    '',
  ].join('\n');
}

async function stockSipd(dir: string, defines: readonly string[], db?: { url: string; driver: string | null }): Promise<Server> {
  const file = path.join(dir, 'stock-sipd.cfg');
  fs.writeFileSync(file, wrapper('PORT', db), { mode: 0o600 });
  const s = await startSipd(file, defines);
  return {
    port: s.port,
    log: () => s.stderr(),
    stop: async () => {
      await s.stop();
    },
  };
}

async function stockKamailio(defines: readonly string[], db?: { url: string; driver: string | null }): Promise<Server> {
  const port = await freeTcpUdpPort();
  const k = await startKamailio({ cfg: wrapper(String(port), db), args: ['-n', '1', ...defines.flatMap((d) => ['-A', d])], waitFor: { tcpPorts: [port] }, prefix: 'stock-cfg-' });
  return { port, log: () => k.stderr(), stop: () => k.stop() };
}

function sets(vars: Record<string, string>): string[] {
  return Object.entries(vars).flatMap(([k, v]) => ['-set', k, v]);
}

/**
 * bob registers the contact of a SIPp callee (REGISTER by SIPp, or by `register` when the server
 * wants credentials), then a SIPp caller calls him through the server: INVITE, 200, ACK, BYE.
 * Returns the INVITE the callee received.
 */
async function call(server: Server, callee: string, register?: (contact: string) => Promise<void>): Promise<string> {
  const [uasPort, regPort, uacPort] = await freePorts(3);
  if (uasPort === undefined || regPort === undefined || uacPort === undefined) throw new Error('no ports');
  const remote = `127.0.0.1:${String(server.port)}`;
  const contact = `sip:${callee}@127.0.0.1:${String(uasPort)}`;
  const uas = startSipp({ scenario: path.join(SIPP_FIXTURES, 'call-uas.xml'), localPort: uasPort, calls: 1, timeoutSec: 20, traceMessages: true });
  try {
    await waitForPort('udp', uasPort);
    if (register === undefined) {
      const reg = await runSipp({ scenario: path.join(DAEMON_FIXTURES, 'stock-register.xml'), remote, localPort: regPort, calls: 1, timeoutSec: 10, extraArgs: sets({ user: callee, domain: remote, contact }) });
      assert.equal(reg.exitCode, 0, `REGISTER: ${describeSipp(reg)}\n--- server ---\n${server.log().slice(-3000)}`);
    } else {
      await register(contact);
    }
    const caller = await runSipp({ scenario: path.join(SIPP_FIXTURES, 'call-uac.xml'), remote, localPort: uacPort, calls: 1, timeoutSec: 20, recvTimeoutMs: 8000, extraArgs: sets({ target: `sip:${callee}@${remote}` }) });
    assert.equal(caller.exitCode, 0, `caller: ${describeSipp(caller)}\n--- server ---\n${server.log().slice(-3000)}`);
    const r = await uas.done;
    assert.equal(r.exitCode, 0, `callee: ${describeSipp(r)}`);
    const invite = /^INVITE [\s\S]*?(?=\r?\n\r?\n)/m.exec(r.messages)?.[0];
    assert.ok(invite !== undefined, r.messages.slice(0, 2000));
    return invite;
  } finally {
    await uas.stop();
  }
}

/** The syslog-style acc records a server logged, without the timestamp and the tags that differ per run. */
function accRecords(log: string): string[] {
  return [...log.matchAll(/ACC: (transaction answered|call missed): (\S+)/g)].map((m) =>
    `${m[1] ?? ''}: ${(m[2] ?? '').replace(/(timestamp|from_tag|to_tag|call_id)=[^;]*/g, '$1=*')}`,
  );
}

async function checkOnly(defines: readonly string[]): Promise<{ code: number | null; out: string }> {
  const r = await runProcess(process.execPath, [SIPD_BIN, '-c', '-f', STOCK, ...defines.flatMap((d) => ['-A', d])], { timeoutMs: 30_000 });
  return { code: r.code, out: `${r.stdout}${r.stderr}` };
}

describe('sipd -c accepts the stock kamailio.cfg', { skip: fs.existsSync(STOCK) ? undefined : `${STOCK} is not installed` }, () => {
  for (const defines of [[], ['WITH_MYSQL', 'WITH_AUTH', 'WITH_USRLOCDB'], DB_FEATURES, [...DB_FEATURES, 'WITH_IPAUTH', 'WITH_ALIASDB', 'WITH_SPEEDDIAL', 'WITH_MULTIDOMAIN']]) {
    it(`with ${defines.length === 0 ? 'no defines' : defines.join(' + ')}`, async () => {
      const r = await checkOnly(defines);
      assert.equal(r.code, 0, r.out);
    });
  }

  it('rejects WITH_AUTH without WITH_MYSQL, as Kamailio does (DBURL is then an undefined word)', async () => {
    const r = await checkOnly(['WITH_AUTH']);
    assert.notEqual(r.code, 0, r.out);
  });
});

function noDefines(name: string, start: (dir: string) => Promise<Server>, skipReason: string | undefined): void {
  describe(`${name}: the stock cfg with no defines`, { skip: skipReason, timeout: 120_000 }, () => {
    it('answers OPTIONS to itself with 200 Keepalive, routes a registered call with Record-Route, and logs acc records', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stock-cfg-'));
      let server: Server | undefined;
      try {
        server = await start(dir);
        const reply = await udpExchange(server.port, options(server.port));
        assert.match(reply ?? '', /^SIP\/2\.0 200 Keepalive\r\n/);
        const invite = await call(server, 'bob');
        assert.match(invite, /^INVITE sip:bob@127\.0\.0\.1:\d+ SIP\/2\.0/, 'the Request-URI is the registered contact');
        assert.match(invite, new RegExp(`^Record-Route: <sip:127\\.0\\.0\\.1:${String(server.port)};lr>`, 'm'));
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(accRecords(server.log()), [
          'transaction answered: timestamp=*;method=INVITE;from_tag=*;to_tag=*;call_id=*;code=200;reason=OK;src_user=caller;src_domain=127.0.0.1;src_ip=127.0.0.1;dst_ouser=bob;dst_user=bob;dst_domain=127.0.0.1',
          'transaction answered: timestamp=*;method=BYE;from_tag=*;to_tag=*;call_id=*;code=200;reason=OK;src_user=caller;src_domain=127.0.0.1;src_ip=127.0.0.1;dst_ouser=bob;dst_user=callee;dst_domain=127.0.0.1',
        ]);
      } finally {
        await server?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

noDefines('sipd', (dir) => stockSipd(dir, []), skip);
noDefines('Kamailio 5.6', () => stockKamailio([]), skip ?? kamailioSkipReason());

// ---- WITH_MYSQL + WITH_AUTH + WITH_USRLOCDB + WITH_ACCDB on a sipctl database --------------

const PASSWORDS: Readonly<Record<string, string>> = { alice: 'alice pw 1', bob: 'bob pw 2', carol: 'carol pw 3', dave: 'dave pw 4' };

/** A sipctl database with the acc extra columns and the subscribers of PASSWORDS (plain text, as calculate_ha1 needs). */
async function provisioned(t: TestContext, engine: TestEngine): Promise<TestDb | undefined> {
  const rc = { SIP_DOMAIN: 'localhost', STORE_PLAINTEXT_PW: '1' };
  const db = await createdTestDb(t, engine, RW_PW, rc);
  if (db === undefined) return undefined;
  const env = cleanEnv({ ...db.env, ...rc });
  const init = await runSipctl(['acc', 'initdb'], { env, cwd: db.dir });
  assert.equal(init.code, 0, `acc initdb: ${init.stderr}${init.stdout}`);
  await addSubscribers(db, env, Object.fromEntries(Object.entries(PASSWORDS).map(([user, pw]) => [`${user}@localhost`, pw])));
  return db;
}


/**
 * REGISTER with digest credentials by sipsak, from a file so the Request-URI and From carry the
 * server's port (the stock cfg wants them to be "myself"); the realm is the From host.
 */
async function sipsakRegister(port: number, user: string, password: string, contact: string): Promise<number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stock-reg-'));
  try {
    const domain = `127.0.0.1:${String(port)}`;
    const file = path.join(dir, 'register.sip');
    const id = `${user}-${String(Date.now())}-${String(Math.random()).slice(2, 8)}`;
    const lines = [
      `REGISTER sip:${domain} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-${id};rport`,
      `From: <sip:${user}@${domain}>;tag=${id}`,
      `To: <sip:${user}@${domain}>`,
      `Call-ID: ${id}@127.0.0.1`,
      'CSeq: 1 REGISTER',
      `Contact: <${contact}>`,
      'Expires: 600',
      'Max-Forwards: 70',
      'Content-Length: 0',
    ];
    fs.writeFileSync(file, `${lines.join('\r\n')}\r\n\r\n`);
    const r = await runProcess(SIPSAK, ['-f', file, '-s', `sip:${user}@${domain}`, '-u', user, '-a', password, '-p', '127.0.0.1', '-r', String(port), '-H', '127.0.0.1', '-vvv'], { timeoutMs: 20_000 });
    return sipStatuses(`${r.stdout}${r.stderr}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function accRows(admin: Knex, table: string, callee: string): Promise<Record<string, string>[]> {
  const r: unknown = await admin(table).select('*').where('dst_ouser', callee).orderBy('id');
  return asRows(r).map((row) => {
    const out: Record<string, string> = {};
    for (const k of ['method', 'sip_code', 'sip_reason', 'src_user', 'src_domain', 'src_ip', 'dst_ouser', 'dst_user', 'dst_domain']) out[k] = String(row[k]);
    out['tags'] = row['from_tag'] !== '' && row['to_tag'] !== '' && row['callid'] !== '' ? 'set' : 'missing';
    out['time'] = Math.abs(decodeTime(row['time']) - Date.now()) < 120_000 ? 'now' : `not now: ${String(row['time'])}`;
    return out;
  });
}

const expectedAcc = (callee: string) =>
  ['INVITE', 'BYE'].map((method) => ({ method, sip_code: '200', sip_reason: 'OK', src_user: 'caller', src_domain: '127.0.0.1', src_ip: '127.0.0.1', dst_ouser: callee, dst_user: method === 'INVITE' ? callee : 'callee', dst_domain: '127.0.0.1', tags: 'set', time: 'now' }));

/** Registration with auth, a call, the location and acc rows, on one server. */
async function dbFlow(server: Server, admin: Knex, caller: string, callee: string): Promise<void> {
  const pw = PASSWORDS[caller] ?? '';
  assert.deepEqual(await sipsakRegister(server.port, caller, 'not the password', 'sip:x@127.0.0.1:5999'), [401], 'a wrong password is challenged again');
  assert.deepEqual(await sipsakRegister(server.port, caller, pw, `sip:${caller}@127.0.0.1:5999`), [401, 200], server.log().slice(-3000));
  await call(server, callee, async (contact) => {
    assert.deepEqual(await sipsakRegister(server.port, callee, PASSWORDS[callee] ?? '', contact), [401, 200]);
  });
  // acc writes without waiting for the caller; give the row a moment.
  for (let i = 0; i < 40 && (await accRows(admin, 'acc', callee)).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await accRows(admin, 'acc', callee), expectedAcc(callee));
}

async function locationUsers(admin: Knex): Promise<string[]> {
  const r: unknown = await admin('location').select('username');
  return asRows(r).map((x) => String(x['username'])).sort();
}

for (const engine of ENGINES) {
  describe(`the stock cfg with ${DB_FEATURES.join(' + ')} on ${engine}`, { skip, timeout: 240_000 }, () => {
    it('sipd: 401 then 200, wrong password 401, contacts in location after shutdown, acc rows for the call', async (t) => {
      if (!fs.existsSync(SIPSAK)) {
        if (IN_CI) throw new Error(`CI needs ${SIPSAK}`);
        t.skip(`${SIPSAK} is not installed`);
        return;
      }
      const db = await provisioned(t, engine);
      if (db === undefined) return;
      const admin = await db.admin();
      const server = await stockSipd(db.dir, DB_FEATURES, { url: kamailioDbUrl(db), driver: DB_DRIVER[engine] });
      try {
        await dbFlow(server, admin, 'alice', 'bob');
      } finally {
        await server.stop();
      }
      assert.deepEqual(await locationUsers(admin), ['alice', 'bob'], 'db_mode 2 flushes the contacts at shutdown');
    });

    it('Kamailio 5.6 on the same kind of database writes the same acc rows', { skip: kamailioSkipReason() }, async (t) => {
      if (!fs.existsSync(SIPSAK)) {
        t.skip(`${SIPSAK} is not installed`);
        return;
      }
      const db = await provisioned(t, engine);
      if (db === undefined) return;
      const admin = await db.admin();
      const server = await stockKamailio(DB_FEATURES, { url: kamailioDbUrl(db), driver: DB_DRIVER[engine] });
      try {
        await dbFlow(server, admin, 'carol', 'dave');
      } finally {
        await server.stop();
      }
      assert.deepEqual(await locationUsers(admin), ['carol', 'dave']);
    });
  });
}
