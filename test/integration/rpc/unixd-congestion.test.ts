/**
 * A unix datagram server that is slow to read: its queue (net.unix.max_dgram_qlen, 10 by
 * default) fills and sendto() says EAGAIN. The client waits and retries as a blocking sendto()
 * would, instead of failing the call. The server is a real AF_UNIX socket in a python3 process
 * that reads nothing for 400 ms and then answers every JSON-RPC request.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRpcClient } from '../../../src/rpc/client.js';

const SLOW_SERVER = `
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("ready", flush=True)
time.sleep(0.4)
s.settimeout(5)
for _ in range(int(sys.argv[2])):
    data, peer = s.recvfrom(65536)
    req = json.loads(data)
    s.sendto(json.dumps({"jsonrpc": "2.0", "result": req["params"][0], "id": req["id"]}).encode(), peer)
`;

describe('unix datagram client against a server whose queue is full', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-unixd-'));
  const sock = path.join(dir, 'slow.sock');
  const calls = 40;
  let server: ReturnType<typeof spawn> | undefined;

  before(async () => {
    server = spawn('python3', ['-c', SLOW_SERVER, sock, String(calls)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      server?.stdout?.once('data', () => {
        resolve();
      });
      server?.once('exit', (code) => {
        reject(new Error(`slow server exited with ${String(code)}`));
      });
    });
  });

  after(() => {
    server?.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`${String(calls)} calls at once all get their answers`, async () => {
    const clients = Array.from({ length: calls }, () => createRpcClient(`jsonunixd:${sock}`, { timeoutMs: 5000, replyDir: dir }));
    try {
      const results = await Promise.all(clients.map((c, i) => c.call('core.echo', [`n${String(i)}`])));
      assert.deepEqual(results, clients.map((_, i) => `n${String(i)}`));
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
