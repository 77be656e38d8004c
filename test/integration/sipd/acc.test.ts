/**
 * acc with a failure_route, on sipd and on the real Kamailio 5.6, both running
 * test/fixtures/daemon/acc.cfg: SIPp callees answer 302 or 486, failure_route turns the 302 into
 * a 404 (or leaves the 486), and the acc log lines — and, with a database, the rows of acc and
 * missed_calls — must be the same on both:
 *  - failure_route running makes a missed-call record for the failed reply, and the reply it
 *    sends with t_reply is a missed call again (two records for a 302 turned into 404);
 *  - a reply relayed after failure_route is a missed call only when failure_route set the flag
 *    again;
 *  - acc_log_request / acc_db_request account the request at once.
 * Loopback only; every process and database made here is removed in `finally` / `t.after`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { Knex } from 'knex';
import { asRows } from '../../../src/db/rows.js';
import { DB_MODULE, ENGINES, createdTestDb, kamailioDbUrl, type TestEngine } from '../../support/db.js';
import { KAMAILIO_MODULES, kamailioSkipReason, startKamailioAnswering } from '../../support/kamailio.js';
import { DAEMON_FIXTURES, freeSipPort, startSipd } from '../../support/sipd.js';
import { describeSipp, freePorts, runSipp, sippSkipReason, startSipp, waitForPort } from '../../support/sipp.js';

const CFG = path.join(DAEMON_FIXTURES, 'acc.cfg');
const skip = sippSkipReason();
const RW_PW = 'accrw4test';

interface Server {
  readonly port: number;
  log(): string;
  stop(): Promise<void>;
}

interface Db {
  readonly url: string;
  readonly driver: string;
}

/** acc.cfg with the database defines in front, for a run with DB accounting. */
function wrapper(dir: string, db: Db): string {
  const file = path.join(dir, 'acc-db.cfg');
  fs.writeFileSync(file, ['#!KAMAILIO', `#!define DBURL "${db.url}"`, `#!define DBDRIVER "${db.driver}.so"`, `include_file "${CFG}"`, ''].join('\n'), { mode: 0o600 });
  return file;
}

async function sipd(dir: string, db?: Db): Promise<Server> {
  const s = await startSipd(db === undefined ? CFG : wrapper(dir, db));
  return {
    port: s.port,
    log: () => s.stderr(),
    stop: async () => {
      await s.stop();
    },
  };
}

async function kamailio(dir: string, db?: Db): Promise<Server> {
  const port = await freeSipPort();
  const cfg = fs.readFileSync(db === undefined ? CFG : wrapper(dir, db), 'utf8');
  const k = await startKamailioAnswering({ cfg, args: ['-L', KAMAILIO_MODULES, '-A', `PORT=${String(port)}`], prefix: 'acc-' }, port);
  return { port, log: () => k.stderr(), stop: () => k.stop() };
}

/** One call: a SIPp callee answering `answer` (302 or 486), a SIPp caller to `user` through the server. */
async function call(server: Server, user: string, answer: 302 | 486): Promise<void> {
  const [uasPort, uacPort] = await freePorts(2);
  if (uasPort === undefined || uacPort === undefined) throw new Error('no ports');
  const uas = startSipp({ scenario: path.join(DAEMON_FIXTURES, `acc-${String(answer)}-uas.xml`), localPort: uasPort, calls: 1, timeoutSec: 15 });
  try {
    await waitForPort('udp', uasPort);
    const target = `sip:${user}@127.0.0.1:${String(uasPort)}`;
    const caller = await runSipp({ scenario: path.join(DAEMON_FIXTURES, 'acc-uac.xml'), remote: `127.0.0.1:${String(server.port)}`, localPort: uacPort, calls: 1, timeoutSec: 15, recvTimeoutMs: 8000, extraArgs: ['-set', 'target', target] });
    assert.equal(caller.exitCode, 0, `caller ${user}: ${describeSipp(caller)}\n--- server ---\n${server.log().slice(-3000)}`);
  } finally {
    await uas.stop();
  }
}

const CALLS: readonly (readonly [string, 302 | 486])[] = [
  ['redirect', 302],
  ['again', 302],
  ['plain', 486],
  ['busy', 486],
  ['request', 486],
];

async function allCalls(server: Server): Promise<void> {
  for (const [user, answer] of CALLS) await call(server, user, answer);
}

/** The acc log lines, without the values that differ per run. */
function records(log: string): string[] {
  return [...log.matchAll(/ACC: ([a-z ]+): (\S.*)$/gm)].map((m) => `${m[1] ?? ''}: ${(m[2] ?? '').replace(/(timestamp|from_tag|to_tag|call_id)=[^;]*;/g, '').replace(/uri=sip:([^@]+)@[^;]*/, 'uri=$1')}`);
}

const rec = (kind: string, code: number, reason: string, user: string) => `${kind}: method=INVITE;code=${String(code)};reason=${reason};uri=${user};ru_user=${user}`;

/** What Kamailio 5.6 logs for CALLS (checked against it below). */
const EXPECTED_LOG = [
  rec('call missed', 302, 'Moved Temporarily', 'redirect'),
  rec('call missed', 404, 'Not Found', 'redirect'),
  rec('transaction answered', 404, 'Not Found', 'redirect'),
  rec('call missed', 302, 'Moved Temporarily', 'again'),
  rec('call missed', 404, 'Not Found', 'again'),
  rec('transaction answered', 404, 'Not Found', 'again'),
  rec('call missed', 486, 'Busy Here', 'plain'),
  rec('transaction answered', 486, 'Busy Here', 'plain'),
  rec('call missed', 486, 'Busy Here', 'busy'),
  rec('transaction answered', 486, 'Busy Here', 'busy'),
  rec('request accounted', 403, 'Not Today', 'request'),
  'request accounted: method=INVITE;code=;reason=no code here;uri=request;ru_user=request',
  rec('call missed', 486, 'Busy Here', 'request'),
  rec('transaction answered', 486, 'Busy Here', 'request'),
];

function logOnly(name: string, start: (dir: string) => Promise<Server>, skipReason: string | undefined): void {
  describe(`acc with failure_route on ${name}`, { skip: skipReason, timeout: 120_000 }, () => {
    it('logs a missed call when failure_route runs and for the reply it sends, and acc_log_request records', async () => {
      const server = await start(DAEMON_FIXTURES);
      try {
        await allCalls(server);
        await new Promise((r) => setTimeout(r, 300));
        assert.deepEqual(records(server.log()), EXPECTED_LOG, server.log().slice(-3000));
      } finally {
        await server.stop();
      }
    });
  });
}

logOnly('sipd', (dir) => sipd(dir), skip);
logOnly('Kamailio 5.6', (dir) => kamailio(dir), skip ?? kamailioSkipReason());

// ---- the same records as rows of acc and missed_calls ----------------------------------

async function database(t: TestContext, engine: TestEngine): Promise<{ db: Db; admin: Knex; dir: string } | undefined> {
  const tdb = await createdTestDb(t, engine, RW_PW, { SIP_DOMAIN: 'localhost' });
  if (tdb === undefined) return undefined;
  return { db: { url: kamailioDbUrl(tdb), driver: DB_MODULE[engine] }, admin: await tdb.admin(), dir: tdb.dir };
}

async function rows(admin: Knex, table: string): Promise<string[]> {
  const r: unknown = await admin(table).select('*').orderBy('id');
  return asRows(r).map((row) => {
    const tags = row['from_tag'] !== '' && row['callid'] !== '' ? '' : ' (tags missing)';
    return `${String(row['method'])} ${String(row['sip_code'])} ${String(row['sip_reason'])}${tags}`;
  });
}

const EXPECTED_ACC = ['INVITE 404 Not Found', 'INVITE 404 Not Found', 'INVITE 486 Busy Here', 'INVITE 486 Busy Here', 'INVITE 403 Not Today', 'INVITE 486 Busy Here'];
const EXPECTED_MISSED = ['INVITE 302 Moved Temporarily', 'INVITE 404 Not Found', 'INVITE 302 Moved Temporarily', 'INVITE 404 Not Found', 'INVITE 486 Busy Here', 'INVITE 486 Busy Here', 'INVITE 480 Away', 'INVITE 486 Busy Here'];

async function dbRun(t: TestContext, engine: TestEngine, start: (dir: string, db: Db) => Promise<Server>): Promise<void> {
  const d = await database(t, engine);
  if (d === undefined) return;
  const server = await start(d.dir, d.db);
  try {
    await allCalls(server);
  } finally {
    await server.stop();
  }
  assert.deepEqual({ acc: await rows(d.admin, 'acc'), missed_calls: await rows(d.admin, 'missed_calls') }, { acc: EXPECTED_ACC, missed_calls: EXPECTED_MISSED }, server.log().slice(-3000));
}

for (const engine of ENGINES) {
  describe(`acc rows with failure_route on ${engine}`, { skip, timeout: 180_000 }, () => {
    it('sipd', async (t) => {
      await dbRun(t, engine, sipd);
    });
    it('Kamailio 5.6 writes the same rows', { skip: kamailioSkipReason() }, async (t) => {
      await dbRun(t, engine, kamailio);
    });
  });
}
