/**
 * The control plane of sipd against the real Kamailio 5.6, in one run:
 *  - RPC round trips per second: core.uptime over BINRPC (unix socket), one caller at a time
 *    and 8 at once, with sipctl's client;
 *  - ul.dump with 100,000 contacts (added with ul.add), over the JSON-RPC FIFO as kamctl does;
 *  - command latency: `sipctl uptime` (FIFO), `kamctl uptime` and `kamcmd core.uptime`.
 *
 *   node dist/bench/control-plane.js [contacts=100000] [runs=15]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRpcClient, type RpcClient } from '../src/rpc/client.js';
import { RpcDouble } from '../src/rpc/rpc-value.js';
import { KAMAILIO_MODULES, freeTcpUdpPort, kamailioAvailable, startKamailio } from '../test/support/kamailio.js';
import { startSipd } from '../test/support/sipd.js';
import { SIPCTL_BIN, cleanEnv } from '../test/support/sipctl.js';

const CONTACTS = Number(process.argv[2] ?? '100000');
const RUNS = Number(process.argv[3] ?? '15');

const MODULES = ['kex', 'corex', 'tm', 'sl', 'textops', 'usrloc', 'registrar', 'jsonrpcs', 'ctl'];

function cfg(run: string, port: string, mpath: string): string {
  return `#!KAMAILIO
debug=-1
log_stderror=yes
children=1
auto_aliases=no
listen=udp:127.0.0.1:${port}
${mpath}
${MODULES.map((m) => `loadmodule "${m}.so"`).join('\n')}
modparam("ctl", "binrpc", "unix:${run}/sipd_ctl")
modparam("jsonrpcs", "transport", 2)
modparam("jsonrpcs", "fifo_name", "${run}/sipd_rpc.fifo")
modparam("usrloc", "db_mode", 0)
modparam("usrloc", "preload", "location")
request_route {
	if (is_method("OPTIONS")) { sl_send_reply("200", "OK"); exit; }
	sl_send_reply("404", "Not here");
}
`;
}

interface Server {
  readonly name: string;
  readonly ctl: string;
  readonly fifo: string;
  stop(): Promise<unknown>;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

async function roundTrips(client: RpcClient, concurrency: number, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await client.call('core.uptime', []);
        n++;
      }
    }),
  );
  return n / seconds;
}

async function fill(client: RpcClient, count: number): Promise<void> {
  const batch = 64;
  for (let i = 0; i < count; i += batch) {
    const calls: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(count, i + batch); j++) {
      const user = `user${String(j).padStart(6, '0')}`;
      calls.push(client.call('ul.add', ['location', user, `sip:${user}@192.0.2.${String(j % 250)}:5060`, 3600, new RpcDouble(1.0), '', 0, 0, 4294967295]));
    }
    await Promise.all(calls);
  }
}

function latency(cmd: string, args: readonly string[], env: Record<string, string>): string {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { env, encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) return `failed: ${(r.stderr || r.stdout).trim().slice(0, 120)}`;
    if (i >= 2) times.push(performance.now() - t0);
  }
  return `${median(times).toFixed(1)} ms`;
}

async function measure(server: Server, home: string): Promise<string[]> {
  const out: string[] = [];
  const bin = createRpcClient(`unix:${server.ctl}`, { timeoutMs: 120_000 });
  try {
    out.push(`core.uptime round trips, 1 caller: ${Math.round(await roundTrips(bin, 1, 3)).toLocaleString('en')}/s`);
    out.push(`core.uptime round trips, 8 callers: ${Math.round(await roundTrips(bin, 8, 3)).toLocaleString('en')}/s`);
    const t0 = performance.now();
    await fill(bin, CONTACTS);
    out.push(`ul.add of ${CONTACTS.toLocaleString('en')} contacts: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    await bin.close();
  }
  // Kamailio 5.6 builds a large JSON reply in time that grows faster than the contact count
  // (well over two minutes for 100,000 here), so the dump may take up to ten.
  const fifo = createRpcClient(`fifo:${server.fifo}`, { timeoutMs: 600_000 });
  try {
    const t0 = performance.now();
    const dump = await fifo.call('ul.dump', []);
    const ms = performance.now() - t0;
    out.push(`ul.dump over the FIFO with ${CONTACTS.toLocaleString('en')} contacts: ${ms.toFixed(0)} ms (${(JSON.stringify(dump).length / 1048576).toFixed(1)} MiB of JSON)`);
  } catch (err) {
    out.push(`ul.dump over the FIFO: failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    await fifo.close();
  }
  out.push(`sipctl uptime (FIFO): ${latency(process.execPath, [SIPCTL_BIN, 'uptime'], cleanEnv({ HOME: home, CTLENGINE: 'RPCFIFO', RPCFIFOPATH: server.fifo }))}`);
  if (fs.existsSync('/usr/sbin/kamctl')) out.push(`kamctl uptime (FIFO): ${latency('/usr/sbin/kamctl', ['uptime'], cleanEnv({ HOME: home, RPCFIFOPATH: server.fifo }))}`);
  if (fs.existsSync('/usr/sbin/kamcmd')) out.push(`kamcmd core.uptime (BINRPC): ${latency('/usr/sbin/kamcmd', ['-s', `unix:${server.ctl}`, 'core.uptime'], cleanEnv({ HOME: home }))}`);
  return out;
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ctl-home-'));
const cfgDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ctl-cfg-'));
try {
  // sipd: the same script (PORT is defined on its command line by startSipd).
  const sipdCfg = path.join(cfgDir, 'sipd.cfg');
  fs.writeFileSync(sipdCfg, cfg(cfgDir, 'PORT', ''));
  const sipd = await startSipd(sipdCfg);
  const sipdServer: Server = { name: 'sipd', ctl: path.join(cfgDir, 'sipd_ctl'), fifo: path.join(cfgDir, 'sipd_rpc.fifo'), stop: () => sipd.stop() };
  const results: [string, string[]][] = [];
  try {
    results.push(['sipd', await measure(sipdServer, home)]);
  } finally {
    await sipdServer.stop();
  }
  if (kamailioAvailable()) {
    const port = await freeTcpUdpPort();
    const k = await startKamailio({
      prefix: 'bench-ctl-',
      cfg: (dir) => cfg(path.join(dir, 'run'), String(port), `mpath="${KAMAILIO_MODULES}/"`),
      args: ['-m', '1024', '-M', '512'],
      waitFor: { paths: ['run/sipd_ctl', 'run/sipd_rpc.fifo'] },
    });
    try {
      results.push(['Kamailio 5.6', await measure({ name: 'kamailio', ctl: path.join(k.runDir, 'sipd_ctl'), fifo: path.join(k.runDir, 'sipd_rpc.fifo'), stop: () => k.stop() }, home)]);
    } finally {
      await k.stop();
    }
  } else {
    results.push(['Kamailio 5.6', ['not installed']]);
  }
  console.log(`control plane, ${CONTACTS.toLocaleString('en')} contacts, command latency = median of ${String(RUNS)} runs (loadavg ${os.loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  for (const [name, lines] of results) {
    console.log(`\n${name}`);
    for (const l of lines) console.log(`  ${l}`);
  }
} finally {
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(cfgDir, { recursive: true, force: true });
}
