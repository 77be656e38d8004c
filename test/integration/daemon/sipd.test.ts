import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRpcClient } from '../../../src/rpc/client.js';
import { isRpcStruct } from '../../../src/rpc/rpc-value.js';
import { DAEMON_FIXTURES, options, SIPD_BIN, startSipd, udpExchange, type RunningSipd } from '../../support/sipd.js';
import { SHARED_REFERENCE } from '../../support/sipctl.js';

const STATELESS = path.join(DAEMON_FIXTURES, 'stateless.cfg');

function sipd(args: string[]) {
  return spawnSync(process.execPath, [SIPD_BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('sipd command line', () => {
  it('-c accepts a good script and rejects a broken one with file:line:column', () => {
    const ok = sipd(['-c', '-f', STATELESS]);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stderr, /config file ok/);
    const bad = sipd(['-c', '-f', path.join(DAEMON_FIXTURES, 'broken.cfg')]);
    assert.equal(bad.status, 40);
    assert.match(bad.stderr, /broken\.cfg:5:\d+: /);
  });

  it('-c names an unknown module or function with its position, and -A defines reach #!ifdef', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-cfg-'));
    try {
      const file = path.join(dir, 'x.cfg');
      fs.writeFileSync(file, '#!ifdef WITH_X\nloadmodule "nosuch.so"\n#!endif\nloadmodule "sl.so"\nrequest_route {\n  sl_send_reply("200", "OK");\n  nosuch_function();\n}\n');
      const r = sipd(['-c', '-f', file]);
      assert.equal(r.status, 41);
      assert.match(r.stderr, /x\.cfg:7:3: unknown function nosuch_function\(\)/);
      const withX = sipd(['-c', '-f', file, '-A', 'WITH_X']);
      assert.match(withX.stderr, /x\.cfg:2:1: unknown module "nosuch"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('-V prints the version; a bad option is a usage error', () => {
    const v = sipd(['-V']);
    assert.equal(v.status, 0);
    assert.match(v.stdout, /^version: sipd \d+\.\d+\.\d+ /);
    const bad = sipd(['-Z']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option -Z/);
  });

  it('replies carry a Server header unless server_signature=no', async () => {
    for (const [defines, present] of [[[], true], [['NO_SIGNATURE'], false]] as const) {
      const server = await startSipd(STATELESS, defines);
      try {
        const reply = await udpExchange(server.port, options(server.port), 2000);
        assert.ok(reply !== null);
        assert.equal(/^Server: sipd /m.test(reply), present, reply);
      } finally {
        await server.stop();
      }
    }
  });

  it('starts in the background, writes the pid file, survives SIGHUP and stops on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-bg-'));
    const pidFile = path.join(dir, 'sipd.pid');
    const probe = net.createServer();
    const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => {
      const a = probe.address();
      resolve(typeof a === 'object' && a !== null ? a.port : 0);
    }));
    await new Promise((r) => probe.close(r));
    try {
      const r = sipd(['-f', STATELESS, '-P', pidFile, '-Y', dir, '-A', `PORT=${String(port)}`]);
      assert.equal(r.status, 0, r.stderr);
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      assert.ok(pid > 0);
      process.kill(pid, 'SIGHUP');
      await new Promise((res) => setTimeout(res, 300));
      assert.doesNotThrow(() => process.kill(pid, 0), 'SIGHUP must not stop sipd');
      const reply = await udpExchange(port, options(port));
      assert.match(reply ?? '', /^SIP\/2\.0 200 OK/);
      process.kill(pid, 'SIGTERM');
      const deadline = Date.now() + 10_000;
      while (fs.existsSync(pidFile) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
      assert.ok(!fs.existsSync(pidFile), 'the pid file is removed on a clean stop');
    } finally {
      try {
        process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGKILL');
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a start that fails reports the error and exits non-zero (port already in use)', async () => {
    const running = await startSipd(STATELESS);
    try {
      const r = sipd(['-f', STATELESS, '-Y', running.dir, '-A', `PORT=${String(running.port)}`]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /EADDRINUSE|in use/i);
    } finally {
      await running.stop();
    }
  });
});

describe('sipd under hostile input', () => {
  let server: RunningSipd;
  before(async () => {
    server = await startSipd(STATELESS);
  });
  after(async () => {
    const code = await server.stop();
    assert.equal(code, 0, server.stderr());
  });

  it('answers the RFC 4475 and mutated messages without dying, keeps answering, and its memory stays bounded', async () => {
    const torture = path.join(SHARED_REFERENCE, 'torture');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-mut-'));
    try {
      execFileSync(process.execPath, [path.join(torture, 'tools', 'mutate.mjs'), path.join(torture, 'rfc4475'), out, '--per-seed', '12', '--seed', '7'], { stdio: 'ignore' });
      const files = fs
        .readdirSync(out)
        .filter((f) => f.endsWith('.bin'))
        .map((f) => fs.readFileSync(path.join(out, f)))
        .filter((b) => b.length < 60_000);
      const seeds = fs.readdirSync(path.join(torture, 'rfc4475')).map((f) => fs.readFileSync(path.join(torture, 'rfc4475', f)));
      const inputs = [...seeds, ...files];
      const rss = (): number => {
        const status = fs.readFileSync(`/proc/${String(server.child.pid)}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      };
      const send = async (round: number) => {
        const sock = (await import('node:dgram')).createSocket('udp4');
        for (let i = 0; i < inputs.length; i++) {
          const b = inputs[i];
          if (b === undefined) continue;
          sock.send(b, server.port, '127.0.0.1');
          if (i % 50 === 0) await new Promise((r) => setTimeout(r, 5));
        }
        // TCP: the same bytes as one stream per round, which the framer must survive too.
        await new Promise<void>((resolve) => {
          const c = net.connect(server.port, '127.0.0.1', () => {
            for (const b of inputs.slice(0, 200)) c.write(b);
            c.end();
          });
          c.on('error', () => {
            resolve();
          });
          c.on('close', () => {
            resolve();
          });
          c.setTimeout(3000, () => c.destroy());
        });
        sock.close();
        const reply = await udpExchange(server.port, options(server.port, `alive-${String(round)}`));
        assert.match(reply ?? '', /^SIP\/2\.0 200 OK/, `no answer to OPTIONS after round ${String(round)}`);
      };
      await send(0);
      await send(1);
      const warm = rss();
      for (let round = 2; round < 6; round++) await send(round);
      const grown = rss() - warm;
      assert.ok(grown < 48 * 1024 * 1024, `RSS grew by ${String(Math.round(grown / 1048576))} MiB over 4 rounds of ${String(inputs.length)} messages`);
      // The control socket still works and the server counted no internal errors.
      const client = createRpcClient(`unix:${server.ctl}`);
      try {
        const up = await client.call('core.uptime', []);
        assert.ok(isRpcStruct(up) && typeof up['uptime'] === 'number');
      } finally {
        await client.close();
      }
      assert.doesNotMatch(server.stderr(), /uncaught exception|unhandled rejection|internal error/i);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
