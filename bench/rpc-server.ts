/**
 * RPC round trips per second against our servers, with our client, for a core.uptime-like
 * method: BINRPC over a unix stream socket and JSON-RPC over HTTP, one call at a time on one
 * client and with several clients in parallel.
 * `node dist/bench/rpc-server.js [seconds-per-case] [parallel]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRpcClient } from '../src/rpc/client.js';
import { RpcRegistry } from '../src/rpc/server/registry.js';
import { RpcServerSet } from '../src/rpc/server/rpc-server-set.js';

const seconds = Number(process.argv[2] ?? '2');
const parallel = Number(process.argv[3] ?? '8');
const started = new Date();

const registry = new RpcRegistry();
registry.register(
  [
    {
      name: 'core.uptime',
      doc: 'Returns uptime of SIP server.',
      handler: () => {
        const now = new Date();
        return { now: now.toString(), up_since: started.toString(), uptime: Math.floor((now.getTime() - started.getTime()) / 1000) };
      },
    },
  ],
  'bench',
);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpcbench-'));
const socketPath = path.join(dir, 'ctl');
const set = new RpcServerSet(registry, { binrpc: [{ transport: 'unix-stream', path: socketPath }], jsonrpc: { http: { host: '127.0.0.1', port: 0 } } });

async function measure(url: string, clients: number): Promise<number> {
  const pool = Array.from({ length: clients }, () => createRpcClient(url, { timeoutMs: 5000 }));
  try {
    for (const client of pool) for (let k = 0; k < 50; k++) await client.call('core.uptime', []);
    const end = performance.now() + seconds * 1000;
    const begin = performance.now();
    const counts = await Promise.all(
      pool.map(async (client) => {
        let calls = 0;
        while (performance.now() < end) {
          await client.call('core.uptime', []);
          calls++;
        }
        return calls;
      }),
    );
    const total = counts.reduce((sum, count) => sum + count, 0);
    return total / ((performance.now() - begin) / 1000);
  } finally {
    await Promise.all(pool.map((client) => client.close()));
  }
}

try {
  await set.start();
  const http = set.listeners.find((listener) => listener.url.startsWith('http://'));
  if (http === undefined) throw new Error('no HTTP listener');
  for (const [label, url] of [
    ['BINRPC unix stream', `unix:${socketPath}`],
    ['JSON-RPC HTTP', http.url],
  ] as const) {
    for (const clients of [1, parallel]) {
      const rate = await measure(url, clients);
      console.log(`${label.padEnd(20)} ${String(clients).padStart(2)} client(s): ${rate.toFixed(0).padStart(7)} core.uptime round trips/s`);
    }
  }
} finally {
  await set.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
