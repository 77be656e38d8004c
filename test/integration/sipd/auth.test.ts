/**
 * sipd's auth + auth_db against a database that only sipctl made and provisioned, driven by
 * sipsak, and the real Kamailio 5.6 on the same database with the same cfg
 * (test/fixtures/daemon/auth.cfg, the stock route[AUTH]): both must answer every step with
 * the same status codes. REGISTER: 200 with the right password, 401 with a wrong one or an
 * unknown user; INVITE from a local user: 407, then 200 with the right password.
 * SQLite always; MariaDB and PostgreSQL under CI=true (or when reachable).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { DB_MODULE, ENGINES, addSubscribers, createdTestDb, kamailioDbUrl, type TestDb, type TestEngine } from '../../support/db.js';
import { KAMAILIO_MODULES, freeTcpUdpPort, kamailioSkipReason, startKamailioAnswering } from '../../support/kamailio.js';
import { cleanEnv, runProcess } from '../../support/sipctl.js';
import { DAEMON_FIXTURES, sipStatuses, startSipdOnDb } from '../../support/sipd.js';

const SIPSAK = '/usr/bin/sipsak';
const FIXTURE = path.join(DAEMON_FIXTURES, 'auth.cfg');
/** The read-write user's password: the db_url carries it, so it goes into a cfg file, not argv. */
const RW_PW = 'authrw4test';

/** A database made by `sipctl db create`, with alice added by `sipctl subscriber add`. */
async function provisioned(t: TestContext, engine: TestEngine): Promise<TestDb | undefined> {
  // calculate_ha1 with password_column "password", as the stock cfg: the plain text is needed.
  const rc = { SIP_DOMAIN: 'localhost', STORE_PLAINTEXT_PW: '1' };
  const db = await createdTestDb(t, engine, RW_PW, rc);
  if (db === undefined) return undefined;
  const env = cleanEnv({ ...db.env, ...rc });
  await addSubscribers(db, env, { 'alice@localhost': 'correct horse' });
  return db;
}


interface Step {
  readonly name: string;
  readonly args: (port: number, dir: string) => string[];
}

const sipsakBase = (port: number) => ['-p', '127.0.0.1', '-r', String(port), '-H', '127.0.0.1', '-vvv'];
const register = (user: string, password: string) => (port: number): string[] => ['-U', '-i', '-C', `sip:${user}@127.0.0.1:5999`, '-s', `sip:${user}@localhost`, '-u', user, '-a', password, ...sipsakBase(port)];
const invite = (password: string) => (port: number, dir: string): string[] => ['-f', path.join(dir, 'invite.sip'), '-s', 'sip:bob@localhost', '-u', 'alice', '-a', password, ...sipsakBase(port)];

const STEPS: readonly Step[] = [
  { name: 'REGISTER, right password', args: register('alice', 'correct horse') },
  { name: 'REGISTER, wrong password', args: register('alice', 'wrong horse') },
  { name: 'REGISTER, unknown user', args: register('nobody', 'correct horse') },
  { name: 'INVITE, right password', args: invite('correct horse') },
  { name: 'INVITE, wrong password', args: invite('wrong horse') },
];

/** What each step must show on either server (status codes in order). */
const EXPECTED: readonly (readonly number[])[] = [
  [401, 200],
  [401],
  [401],
  [407, 200],
  [407],
];

function writeInvite(dir: string): void {
  const lines = [
    'INVITE sip:bob@localhost SIP/2.0',
    'Via: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-auth-test;rport',
    'From: <sip:alice@localhost>;tag=auth1',
    'To: <sip:bob@localhost>',
    'Call-ID: auth-invite@127.0.0.1',
    'CSeq: 1 INVITE',
    'Contact: <sip:alice@127.0.0.1:5999>',
    'Max-Forwards: 70',
    'Content-Length: 0',
  ];
  fs.writeFileSync(path.join(dir, 'invite.sip'), `${lines.join('\r\n')}\r\n\r\n`);
}

async function runSteps(port: number, dir: string, log: () => string): Promise<number[][]> {
  const out: number[][] = [];
  for (const step of STEPS) {
    const r = await runProcess(SIPSAK, step.args(port, dir), { timeoutMs: 20_000 });
    const codes = sipStatuses(`${r.stdout}${r.stderr}`);
    const expected = EXPECTED[out.length] ?? [];
    assert.equal(r.code === 0, expected.at(-1) === 200, `${step.name}: sipsak exited ${String(r.code)}\n${r.stdout}${r.stderr}\n--- server ---\n${log().slice(-3000)}`);
    out.push(codes);
  }
  return out;
}

for (const engine of ENGINES) {
  describe(`auth_db on ${engine}: sipd answers as Kamailio`, { timeout: 180_000 }, () => {
    it('registers and calls with the right password, challenges otherwise', async (t) => {
      if (!fs.existsSync(SIPSAK)) {
        if (process.env['CI'] === 'true') throw new Error(`CI needs ${SIPSAK}`);
        t.skip(`${SIPSAK} is not installed`);
        return;
      }
      const db = await provisioned(t, engine);
      if (db === undefined) return;
      writeInvite(db.dir);

      // sipd: the fixture behind a wrapper that defines the db_url (it may hold a password).
      const sipd = await startSipdOnDb(db.dir, kamailioDbUrl(db), FIXTURE);
      let ours: number[][];
      try {
        ours = await runSteps(sipd.port, db.dir, () => sipd.stderr());
        assert.doesNotMatch(sipd.stderr(), new RegExp(RW_PW), 'the db_url password is in the log');
        assert.doesNotMatch(sipd.stderr(), /correct horse/, 'the SIP password is in the log');
      } finally {
        await sipd.stop();
      }
      assert.deepEqual(ours, EXPECTED, 'sipd');

      const skip = kamailioSkipReason();
      if (skip !== undefined) {
        t.diagnostic(`Kamailio comparison skipped: ${skip}`);
        return;
      }
      const port = await freeTcpUdpPort();
      const k = await startKamailioAnswering(
        {
          cfg: `#!define DBURL "${kamailioDbUrl(db)}"\n#!define PORT ${String(port)}\nmpath="${KAMAILIO_MODULES}/"\nchildren=1\nloadmodule "${DB_MODULE[engine]}.so"\ninclude_file "${FIXTURE}"\n`,
          prefix: 'sipd-auth-kamailio-',
        },
        port,
      );
      let theirs: number[][];
      try {
        theirs = await runSteps(port, db.dir, () => k.stderr());
      } finally {
        await k.stop();
      }
      assert.deepEqual(theirs, EXPECTED, 'Kamailio');
      assert.deepEqual(ours, theirs);
    });
  });
}
