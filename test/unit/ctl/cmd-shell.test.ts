import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { RpcFaultError } from '../../../src/rpc/rpc-fault.js';
import { runShell } from '../../../src/ctl/cmd-shell.js';
import { fakeCaller } from './captures.js';

async function session(lines: string, historyFile?: string) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (d: string) => (text += d));
  const rpc = fakeCaller({
    'system.listMethods': ['core.uptime', 'core.version'],
    'core.uptime': { now: 'n', up_since: 'u', uptime: 5 },
    'core.ps': [1, 'main', 2, 'timer'],
    'system.methodHelp': 'Returns the uptime',
    'ul.lookup': new RpcFaultError('ul.lookup', 500, 'AOR not found in location table'),
  });
  input.end(lines);
  const summary = await runShell({ input, output, terminal: false, rpc, historyFile });
  return { summary, text, rpc };
}

describe('interactive kamcmd', () => {
  it('runs each line, prints faults as kamcmd does, and stops at quit', async () => {
    const { summary, text, rpc } = await session('core.uptime\n\nps\nul.lookup location nobody\nhelp core.uptime\nquit\ncore.version\n');
    assert.deepEqual(summary, { commands: 4, errors: 1 });
    assert.equal(text, '{\n\tnow: n\n\tup_since: u\n\tuptime: 5\n}\n1\tmain\n2\ttimer\nerror: 500 - AOR not found in location table\nReturns the uptime\n');
    assert.ok(!rpc.calls.some((c) => c.method === 'core.version'), 'nothing after quit');
  });

  it('help lists methods, aliases and built-ins; a bad line is reported and skipped', async () => {
    const { text, summary } = await session('help\ncore.echo "open\n');
    assert.match(text, /^core\.uptime\ncore\.version\nalias: ps\n/);
    assert.match(text, /builtin: quit\n/);
    assert.match(text, /error: unbalanced " quote/);
    assert.equal(summary.errors, 1);
  });

  it('keeps history in a file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-hist-'));
    try {
      const file = path.join(dir, 'history');
      fs.writeFileSync(file, 'core.version\n');
      await session('core.uptime\n', file);
      // Without a terminal readline keeps no new history; the file must survive untouched.
      assert.match(fs.readFileSync(file, 'utf8'), /core\.version/);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
