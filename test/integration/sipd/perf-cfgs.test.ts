/**
 * sipd runs the very Kamailio cfg files of reference/perf (S1 OPTIONS, S2 REGISTER without
 * auth, S3 REGISTER with digest against a subscriber table, S4 stateful proxy): `-c` accepts
 * all of them, and each serves a short SIPp run with the reference scenarios (S3 with ours,
 * bench/scenarios/s3_register_auth.xml) and users user00001… of domain bench.local from an
 * injection file. S3's database is made by sipctl (SQLite always, MariaDB under CI=true or
 * when reachable) and handed to the cfg as DBURL. The files listen on 127.0.0.1:5070; when
 * that port is taken (a bench running) the live runs are skipped with a message.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { testDb, type TestEngine } from '../../support/db.js';
import { REPO_ROOT, SHARED_REFERENCE, cleanEnv, runSipctl } from '../../support/sipctl.js';
import { SIPD_BIN } from '../../support/sipd.js';
import { describeSipp, freePorts, runSipp, sippSkipReason, startSipp, waitForPort } from '../../support/sipp.js';

const PERF = path.join(SHARED_REFERENCE, 'perf');
const CFG = path.join(PERF, 'kamailio');
const SCENARIOS = path.join(PERF, 'scenarios');
const BENCH_PORT = 5070;
const S3_SCENARIO = path.join(REPO_ROOT, 'bench', 'scenarios', 's3_register_auth.xml');
const USER_DOMAIN = 'bench.local';

const userName = (i: number): string => `user${String(i).padStart(5, '0')}`;
const password = (i: number): string => `pw${String(i).padStart(5, '0')}`;

/**
 * SIPp's injection file for `count` users: field0 user, field1 password, field2 the whole
 * `[authentication …]` keyword (SIPp does not expand [fieldN] inside that keyword).
 */
function writeUsers(dir: string, count: number): string {
  const lines = ['SEQUENTIAL'];
  for (let i = 1; i <= count; i++) lines.push(`${userName(i)};${password(i)};[authentication username=${userName(i)} password=${password(i)}]`);
  const file = path.join(dir, 'users.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function portBusy(): Promise<boolean> {
  try {
    await waitForPort('udp', BENCH_PORT, '127.0.0.1', 100);
    return true;
  } catch {
    return false;
  }
}

/** Starts sipd on a reference cfg with private control sockets; stops it after `body`. */
async function withSipd(cfg: string, defines: readonly string[], body: () => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-perf-'));
  const args = [SIPD_BIN, '-D', '-E', '-f', cfg, '-Y', dir, '-A', `CTLSOCK="unixs:${path.join(dir, 'ctl')}"`, '-A', `RPCFIFO="${path.join(dir, 'rpc.fifo')}"`, ...defines.flatMap((d) => ['-A', d])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => {
    resolve();
  }));
  try {
    await waitForPort('udp', BENCH_PORT, '127.0.0.1', 20_000).catch((e: unknown) => {
      throw new Error(`sipd did not start on ${cfg}: ${err}\n${String(e)}`);
    });
    await body();
    assert.doesNotMatch(err, /internal error/, err);
  } finally {
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the reference perf cfgs under sipd', { timeout: 120_000 }, () => {
  for (const file of ['s1-options.cfg', 's2-register.cfg', 's3-register-auth.cfg', 's4-proxy.cfg']) {
    it(`sipd -c accepts ${file}`, () => {
      const r = spawnSync(process.execPath, [SIPD_BIN, '-c', '-f', path.join(CFG, file)], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /config file ok/);
    });
  }

  it('sipd -c accepts the database driver modules db_mysql, db_postgres and db_sqlite with their parameters', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-perf-drivers-'));
    try {
      const cfg = path.join(dir, 'drivers.cfg');
      fs.writeFileSync(
        cfg,
        [
          'loadmodule "db_mysql.so"',
          'loadmodule "db_postgres.so"',
          'loadmodule "/usr/lib/x86_64-linux-gnu/kamailio/modules/db_sqlite.so"',
          'modparam("db_mysql", "ping_interval", 60)',
          'modparam("db_postgres", "retries", 3)',
          'modparam("db_sqlite", "db_set", "/tmp/x.db;journal_mode=WAL")',
          'request_route { drop; }',
          '',
        ].join('\n'),
      );
      const ok = spawnSync(process.execPath, [SIPD_BIN, '-c', '-f', cfg], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(ok.status, 0, ok.stderr);
      // A parameter the driver does not have is still refused.
      fs.appendFileSync(cfg, 'modparam("db_mysql", "no_such_param", 1)\n');
      const bad = spawnSync(process.execPath, [SIPD_BIN, '-c', '-f', cfg], { encoding: 'utf8', timeout: 30_000 });
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /db_mysql has no parameter "no_such_param"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const skip = sippSkipReason();

  it('S1: s1-options.cfg answers the reference OPTIONS scenario', { skip }, async (t) => {
    if (await portBusy()) {
      t.skip(`127.0.0.1:${String(BENCH_PORT)} is busy (a bench is running?)`);
      return;
    }
    await withSipd(path.join(CFG, 's1-options.cfg'), [], async () => {
      const [port] = await freePorts(1);
      const r = await runSipp({ scenario: path.join(SCENARIOS, 's1_options.xml'), remote: `127.0.0.1:${String(BENCH_PORT)}`, localPort: port ?? 0, calls: 200, rate: 200, timeoutSec: 20 });
      assert.equal(r.exitCode, 0, describeSipp(r));
      assert.equal(r.stats?.successfulCalls, 200, describeSipp(r));
    });
  });

  it('S2: s2-register.cfg saves the reference registrations', { skip }, async (t) => {
    if (await portBusy()) {
      t.skip(`127.0.0.1:${String(BENCH_PORT)} is busy (a bench is running?)`);
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-perf-s2-'));
    try {
      const users = writeUsers(dir, 100);
      await withSipd(path.join(CFG, 's2-register.cfg'), [], async () => {
        const [port] = await freePorts(1);
        const r = await runSipp({ scenario: path.join(SCENARIOS, 's2_register.xml'), remote: `127.0.0.1:${String(BENCH_PORT)}`, localPort: port ?? 0, calls: 100, rate: 100, timeoutSec: 20, injectionFile: users });
        assert.equal(r.exitCode, 0, describeSipp(r));
        assert.equal(r.stats?.successfulCalls, 100, describeSipp(r));
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const engine of ['sqlite', 'mysql'] satisfies TestEngine[]) {
    it(`S3: s3-register-auth.cfg challenges, authenticates against a sipctl-made ${engine} subscriber table and flushes the contacts to location`, { skip }, async (t) => {
      if (await portBusy()) {
        t.skip(`127.0.0.1:${String(BENCH_PORT)} is busy (a bench is running?)`);
        return;
      }
      const db = await testDb(t, engine);
      if (db === undefined) return;
      try {
        const env = cleanEnv({ ...db.env, SIP_DOMAIN: USER_DOMAIN, STORE_PLAINTEXT_PW: '1' });
        const created = await runSipctl(['db', 'create', '--yes'], { env, cwd: db.dir });
        assert.equal(created.code, 0, `sipctl db create: ${created.stderr}${created.stdout}`);
        const csv = path.join(db.dir, 'subscribers.csv');
        fs.writeFileSync(csv, ['username,password', ...Array.from({ length: 100 }, (_, i) => `${userName(i + 1)},${password(i + 1)}`), ''].join('\n'));
        const imported = await runSipctl(['subscriber', 'import', csv, '--quiet'], { env, cwd: db.dir });
        assert.equal(imported.code, 0, `sipctl subscriber import: ${imported.stderr}${imported.stdout}`);
        const users = writeUsers(db.dir, 100);
        // MariaDB: root without a password on loopback, so no secret is in sipd's argv.
        const url = engine === 'sqlite' ? `sqlite://${db.env['DB_PATH'] ?? ''}` : `mysql://root@127.0.0.1:3306/${db.name}`;
        await withSipd(path.join(CFG, 's3-register-auth.cfg'), [`DBURL="${url}"`, 'UL_TIMER=1'], async () => {
          const [port] = await freePorts(1);
          const r = await runSipp({ scenario: S3_SCENARIO, remote: `127.0.0.1:${String(BENCH_PORT)}`, localPort: port ?? 0, calls: 100, rate: 50, timeoutSec: 30, injectionFile: users });
          assert.equal(r.exitCode, 0, describeSipp(r));
          assert.equal(r.stats?.successfulCalls, 100, describeSipp(r));
          // usrloc db_mode 2 writes the contacts back every UL_TIMER (1 s here).
          const admin = await db.admin();
          let rows = 0;
          for (let i = 0; i < 50 && rows < 100; i++) {
            await new Promise((resolve) => setTimeout(resolve, 200));
            const found: unknown = await admin('location').where('username', 'like', 'user%').count({ n: '*' });
            rows = Array.isArray(found) ? Number((found[0] as { n?: unknown } | undefined)?.n) : 0;
          }
          assert.equal(rows, 100, 'contacts in the location table');
        });
      } finally {
        await db.cleanup();
      }
    });
  }

  it('S4: s4-proxy.cfg relays the reference calls to the reference UAS', { skip }, async (t) => {
    if (await portBusy()) {
      t.skip(`127.0.0.1:${String(BENCH_PORT)} is busy (a bench is running?)`);
      return;
    }
    const [uasPort, uacPort] = await freePorts(2);
    if (uasPort === undefined || uacPort === undefined) throw new Error('no ports');
    await withSipd(path.join(CFG, 's4-proxy.cfg'), [`UAS="sip:127.0.0.1:${String(uasPort)}"`], async () => {
      const uas = startSipp({ scenario: path.join(SCENARIOS, 's4_uas.xml'), localPort: uasPort, calls: 50, timeoutSec: 30 });
      try {
        await waitForPort('udp', uasPort);
        const r = await runSipp({ scenario: path.join(SCENARIOS, 's4_uac.xml'), remote: `127.0.0.1:${String(BENCH_PORT)}`, localPort: uacPort, calls: 50, rate: 25, callDurationMs: 200, timeoutSec: 25 });
        assert.equal(r.exitCode, 0, describeSipp(r));
        assert.equal(r.stats?.successfulCalls, 50, describeSipp(r));
        const callee = await uas.done;
        assert.equal(callee.exitCode, 0, describeSipp(callee));
      } finally {
        await uas.stop();
      }
    });
  });
});
