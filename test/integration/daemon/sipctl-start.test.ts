import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DAEMON_FIXTURES, freeSipPort, options, udpExchange } from '../../support/sipd.js';
import { cleanEnv, runSipctl } from '../../support/sipctl.js';

describe('sipctl start | status | restart | stop', () => {
  it('drives sipd through its life cycle and reports failures with the server\'s own error', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-start-'));
    const port = await freeSipPort();
    const env = cleanEnv({
      HOME: dir,
      RUNDIR: dir,
      PID_FILE: path.join(dir, 'sipd.pid'),
      SIPD_CFG: path.join(DAEMON_FIXTURES, 'stateless.cfg'),
      STARTOPTIONS: `-A PORT=${String(port)}`,
      CTLENGINE: 'BINRPC',
    });
    const sipctl = (args: string[], extra: Record<string, string> = {}) => runSipctl(args, { env: { ...env, ...extra }, cwd: dir });
    try {
      const down = await sipctl(['status', '--json']);
      assert.equal(down.code, 52);
      assert.match(down.stdout, /E_SERVER_DOWN/);

      const started = await sipctl(['start', '--json']);
      assert.equal(started.code, 0, started.stderr + started.stdout);
      const result: unknown = JSON.parse(started.stdout);
      assert.ok(typeof result === 'object' && result !== null && 'pid' in result && typeof result.pid === 'number');
      const pid = result.pid;
      assert.match((await udpExchange(port, options(port))) ?? '', /^SIP\/2\.0 200 OK/);

      const again = await sipctl(['start']);
      assert.equal(again.code, 20);
      assert.match(again.stderr, /already running \(pid \d+/);

      const status = await sipctl(['status']);
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, new RegExp(`running: pid ${String(pid)} .*sipd \\d+\\.\\d+\\.\\d+ .*up \\d+ s`));

      const restarted = await sipctl(['restart', '--json']);
      assert.equal(restarted.code, 0, restarted.stderr);
      assert.doesNotMatch(restarted.stdout, new RegExp(`"pid": ${String(pid)}\\b[^]*"pid": ${String(pid)}\\b`));
      assert.match((await udpExchange(port, options(port))) ?? '', /^SIP\/2\.0 200 OK/);

      const stopped = await sipctl(['stop']);
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.match(stopped.stdout, /stopped \(pid \d+\)/);
      assert.equal((await sipctl(['stop'])).stdout.trim(), 'not running');

      // A broken script: start fails with exit 50 and shows where the script is wrong.
      const broken = await sipctl(['start', '--cfg', path.join(DAEMON_FIXTURES, 'broken.cfg')]);
      assert.equal(broken.code, 50);
      assert.match(broken.stderr, /broken\.cfg:5:\d+: .* \[E_SERVER_START\]/s);
    } finally {
      await runSipctl(['stop'], { env, cwd: dir });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
