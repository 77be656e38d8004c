/**
 * Subscriber import throughput per engine, against the targets of the provisioning issue
 * (≥ 50,000/s into SQLite, ≥ 10,000/s into MariaDB and PostgreSQL; kamctl add manages about
 * 19 users/s). A CSV of N subscribers with clear-text passwords (so every row is hashed) is
 * imported into a fresh database twice: in-process through importSubscribers, and end to end
 * with `sipctl subscriber import` (process start and connection included).
 *
 *   node dist/bench/subscriber-import.js [subscribers=100000] [engines=sqlite,mysql,pgsql]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from '../src/db/connect.js';
import { dbSettings } from '../src/db/settings.js';
import { loadRc } from '../src/config/rc-load.js';
import { importSubscribers } from '../src/provision/subscriber-import.js';
import { SIPCTL_BIN, cleanEnv } from '../test/support/sipctl.js';

type Engine = 'sqlite' | 'mysql' | 'pgsql';
const N = Number(process.argv[2] ?? '100000');
const ENGINES = (process.argv[3] ?? 'sqlite,mysql,pgsql').split(',') as Engine[];
const TARGET: Record<Engine, number> = { sqlite: 50_000, mysql: 10_000, pgsql: 10_000 };

function sipctl(args: string[], env: Record<string, string>, cwd: string): string {
  const r = spawnSync(process.execPath, [SIPCTL_BIN, ...args], { env, cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`sipctl ${args.join(' ')} failed (${String(r.status)}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

function drop(engine: Engine, name: string): void {
  if (engine === 'mysql') {
    execFileSync('mysql', ['-h', '127.0.0.1', '-u', 'root', '-e', `DROP DATABASE IF EXISTS \`${name}\`; DROP USER IF EXISTS '${name}rw'@'localhost', '${name}ro'@'localhost', '${name}rw'@'127.0.0.1', '${name}ro'@'127.0.0.1';`]);
  } else if (engine === 'pgsql') {
    execFileSync('psql', ['-q', '-h', '127.0.0.1', '-U', 'postgres', '-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`, '-c', `DROP ROLE IF EXISTS "${name}rw"`, '-c', `DROP ROLE IF EXISTS "${name}ro"`]);
  }
}

async function run(engine: Engine, dir: string, file: string, mode: 'in-process' | 'cli'): Promise<number> {
  const name = `bench_imp_${String(process.pid)}_${mode === 'cli' ? 'c' : 'p'}`;
  const rc = { DBENGINE: engine.toUpperCase(), DBHOST: '127.0.0.1', DBNAME: name, DB_PATH: path.join(dir, `${name}.sqlite`), DBRWUSER: `${name}rw`, DBRWPW: 'rw', DBROUSER: `${name}ro`, DBROPW: 'ro', SIP_DOMAIN: 'bench.example.com' };
  const env = cleanEnv({ HOME: dir, ...rc });
  try {
    sipctl(['db', 'create', '--yes'], env, dir);
    const t0 = performance.now();
    if (mode === 'cli') {
      sipctl(['subscriber', 'import', file, '--json'], env, dir);
    } else {
      const settings = dbSettings(loadRc({ env: rc, home: dir, cwd: dir }));
      const db = await connect(settings, 'rw');
      try {
        await importSubscribers(db, 'subscriber', fs.createReadStream(file), { defaultDomain: rc.SIP_DOMAIN, storePlaintext: false, onConflict: 'error', batchSize: 5000 });
      } finally {
        await db.destroy();
      }
    }
    return performance.now() - t0;
  } finally {
    drop(engine, name);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-bench-import-'));
try {
  const file = path.join(dir, 'subscribers.csv');
  let csv = 'username,password\n';
  for (let i = 0; i < N; i++) csv += `user${String(i)},pw ${String(i)} #"x\n`.replace('#"x', '#x');
  fs.writeFileSync(file, csv);
  console.log(`subscriber import of ${String(N)} rows (password hashed per row), node ${process.version}`);
  for (const engine of ENGINES) {
    for (const mode of ['in-process', 'cli'] as const) {
      const ms = await run(engine, dir, file, mode);
      const rate = N / (ms / 1000);
      console.log(`${engine.padEnd(6)} ${mode.padEnd(10)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(rate).toLocaleString('en').padStart(8)} subscribers/s  (target ${TARGET[engine].toLocaleString('en')}/s: ${rate >= TARGET[engine] ? 'met' : 'MISSED'})`);
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
