/**
 * Wall time of one runtime command, end to end (process start to exit), against one real
 * Kamailio 5.6: `sipctl uptime` over BINRPC and over the FIFO, `kamctl uptime` (FIFO) and
 * `kamcmd core.uptime` (BINRPC). Prints the median and the spread of N runs of each:
 *
 *   node dist/bench/ctl-latency.js [runs=20]
 *
 * Needs /usr/sbin/kamailio, kamctl and kamcmd; a missing tool is reported and skipped.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { KAMAILIO_MODULES, freeTcpUdpPort, kamailioAvailable, startKamailio } from '../test/support/kamailio.js';
import { SIPCTL_BIN, cleanEnv } from '../test/support/sipctl.js';

const runs = Number(process.argv[2] ?? '20');

function cfg(dir: string, port: number): string {
  const run = path.join(dir, 'run');
  return `#!KAMAILIO
debug=1
log_stderror=yes
fork=yes
children=1
auto_aliases=no
dns=no
rev_dns=no
listen=udp:127.0.0.1:${String(port)}
mpath="${KAMAILIO_MODULES}/"
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "jsonrpcs.so"
loadmodule "ctl.so"
modparam("ctl", "binrpc", "unix:${run}/sipd_ctl")
modparam("jsonrpcs", "transport", 2)
modparam("jsonrpcs", "fifo_name", "${run}/sipd_rpc.fifo")
modparam("usrloc", "db_mode", 0)
request_route {
	sl_send_reply("404", "Not here");
}
`;
}

interface Case {
  readonly label: string;
  readonly cmd: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function measure(c: Case): number[] | string {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const start = performance.now();
    const r = spawnSync(c.cmd, c.args, { env: c.env, encoding: 'utf8', timeout: 30_000 });
    const ms = performance.now() - start;
    if (r.status !== 0) return `failed (exit ${String(r.status)}): ${(r.stderr || r.stdout).trim().slice(0, 200)}`;
    if (i >= 2) times.push(ms); // the first two warm the page cache
  }
  return times;
}

if (!kamailioAvailable()) {
  console.log('kamailio is not installed; nothing to measure');
} else {
  const port = await freeTcpUdpPort();
  const k = await startKamailio({ prefix: 'sipctl-bench-', cfg: (dir) => cfg(dir, port), waitFor: { paths: ['run/sipd_ctl', 'run/sipd_rpc.fifo'] } });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-bench-home-'));
  try {
    const socket = path.join(k.runDir, 'sipd_ctl');
    const fifo = path.join(k.runDir, 'sipd_rpc.fifo');
    const cases: Case[] = [
      { label: 'sipctl uptime (BINRPC)', cmd: process.execPath, args: [SIPCTL_BIN, 'uptime'], env: cleanEnv({ HOME: home, CTLENGINE: 'BINRPC', RUNDIR: k.runDir }) },
      { label: 'sipctl uptime (FIFO)', cmd: process.execPath, args: [SIPCTL_BIN, 'uptime'], env: cleanEnv({ HOME: home, CTLENGINE: 'RPCFIFO', RPCFIFOPATH: fifo }) },
      { label: 'kamctl uptime (FIFO)', cmd: '/usr/sbin/kamctl', args: ['uptime'], env: cleanEnv({ HOME: home, RPCFIFOPATH: fifo }) },
      { label: 'kamcmd core.uptime (BINRPC)', cmd: '/usr/sbin/kamcmd', args: ['-s', `unixs:${socket}`, 'core.uptime'], env: cleanEnv({ HOME: home }) },
    ];
    console.log(`wall time per invocation, ${String(runs)} runs each after 2 warm-up runs, one Kamailio 5.6 (pid ${String(k.pid)})`);
    for (const c of cases) {
      if (c.cmd.startsWith('/usr/sbin/') && !fs.existsSync(c.cmd)) {
        console.log(`${c.label.padEnd(30)} skipped: ${c.cmd} is not installed`);
        continue;
      }
      const times = measure(c);
      if (typeof times === 'string') {
        console.log(`${c.label.padEnd(30)} ${times}`);
        continue;
      }
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`${c.label.padEnd(30)} median ${median(times).toFixed(1).padStart(6)} ms   min ${(sorted[0] ?? 0).toFixed(1).padStart(6)} ms   max ${(sorted.at(-1) ?? 0).toFixed(1).padStart(6)} ms`);
    }
  } finally {
    await k.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
