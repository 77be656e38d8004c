/**
 * Wall time of `sipctl db create --all` (70 tables) against the real `kamdbctl create`
 * (63 tables: it has no uid step on PostgreSQL and SQLite) on each engine, measured in the
 * same run. Each run uses a fresh database; the median of RUNS runs is printed.
 *
 *   node dist/bench/db-create.js [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SIPCTL_BIN, cleanEnv } from '../test/support/sipctl.js';

type Engine = 'sqlite' | 'mysql' | 'pgsql';
const RUNS = Number(process.argv[2] ?? '5');
const KAMDBCTL = '/usr/sbin/kamdbctl';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function timed(cmd: string, args: string[], env: Record<string, string>, cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${String(r.status)}): ${r.stderr}${r.stdout}`);
  return ms;
}

function dropServerDb(engine: Engine, name: string): void {
  if (engine === 'mysql') {
    execFileSync('mysql', ['-h', '127.0.0.1', '-u', 'root', '-e', `DROP DATABASE IF EXISTS \`${name}\`; DROP USER IF EXISTS '${name}rw'@'localhost', '${name}ro'@'localhost', '${name}rw'@'127.0.0.1', '${name}ro'@'127.0.0.1';`]);
  } else if (engine === 'pgsql') {
    execFileSync('psql', ['-q', '-h', '127.0.0.1', '-U', 'postgres', '-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, '-c', `DROP ROLE IF EXISTS "${name}rw"`, '-c', `DROP ROLE IF EXISTS "${name}ro"`]);
  }
}

function sipctlRun(engine: Engine, dir: string, name: string): number {
  const env = cleanEnv({
    HOME: dir,
    DBENGINE: engine.toUpperCase(),
    DBHOST: '127.0.0.1',
    DBNAME: name,
    DB_PATH: path.join(dir, `${name}.sqlite`),
    DBRWUSER: `${name}rw`,
    DBROUSER: `${name}ro`,
  });
  try {
    return timed(process.execPath, [SIPCTL_BIN, 'db', 'create', '--all'], env, dir);
  } finally {
    dropServerDb(engine, name);
  }
}

function kamdbctlRun(engine: Engine, dir: string, name: string): number {
  const rcDir = fs.mkdtempSync(path.join(dir, 'home-'));
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(rcDir, 0o755);
  const common = [`DBNAME=${name}`, `DBRWUSER="${name}rw"`, 'DBRWPW="kamailiorw"', `DBROUSER="${name}ro"`, 'DBROPW="kamailioro"', 'INSTALL_EXTRA_TABLES=yes', 'INSTALL_PRESENCE_TABLES=yes', 'INSTALL_DBUID_TABLES=yes'];
  const rc: Record<Engine, string[]> = {
    mysql: ['DBENGINE=MYSQL', 'DBHOST=localhost', 'DBROOTUSER="root"', 'DBROOTPWSKIP=yes', 'CHARSET="latin1"', ...common],
    pgsql: ['DBENGINE=PGSQL', 'DBHOST=/var/run/postgresql', 'DBROOTUSER="postgres"', ...common],
    sqlite: ['DBENGINE=SQLITE', `DB_PATH="${path.join(rcDir, 'k.sqlite')}"`, ...common],
  };
  fs.writeFileSync(path.join(rcDir, '.kamctlrc'), `${rc[engine].join('\n')}\n`);
  try {
    if (engine === 'pgsql') {
      execFileSync('chown', ['-R', 'postgres', rcDir]);
      return timed('su', ['postgres', '-s', '/bin/sh', '-c', `cd /tmp && HOME=${rcDir} ${KAMDBCTL} create </dev/null`], cleanEnv(), dir);
    }
    return timed(KAMDBCTL, ['create'], cleanEnv({ HOME: rcDir }), dir);
  } finally {
    dropServerDb(engine, name);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-db-create-'));
const haveKamdbctl = fs.existsSync(KAMDBCTL);
const rows: string[] = [];
try {
  for (const engine of ['sqlite', 'mysql', 'pgsql'] as const) {
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(sipctlRun(engine, dir, `bdc_s${String(process.pid)}_${String(i)}`));
      if (haveKamdbctl) theirs.push(kamdbctlRun(engine, dir, `bdc_k${String(process.pid)}_${String(i)}`));
    }
    const a = median(ours);
    const b = haveKamdbctl ? median(theirs) : NaN;
    rows.push(`${engine.padEnd(7)} sipctl db create --all ${(a / 1000).toFixed(3)} s   kamdbctl create ${haveKamdbctl ? `${(b / 1000).toFixed(3)} s` : 'not installed'}   ratio ${(a / b).toFixed(2)}`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
console.log(`db create, median of ${String(RUNS)} runs (wall time, fresh database each run)`);
for (const r of rows) console.log(r);
