/**
 * The real kamctl (Kamailio 5.6, CTLENGINE=RPCFIFO) against our JSON-RPC FIFO server: kamctl
 * writes its request into our FIFO and reads the reply from its FIFO /tmp/kamailio_receiver_<pid>,
 * then prints it through its awk filter. A private HOME holds the .kamctlrc that points kamctl at
 * our FIFO. Output is compared with kamctl's output against the real Kamailio
 * (kamctl/<label>.stdout.txt): same text once dates and numbers (uptime, expiry times, the
 * request id kamctl takes from its pid) are blanked.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { controlPath } from '../../unit/rpc/reference.js';
import { capturedResult } from './capture-methods.js';
import { normalise, runTool, startServers, toolSkipReason, type RunningServers } from './harness.js';

const KAMCTL = '/usr/sbin/kamctl';
const skip = toolSkipReason(KAMCTL);

const CASES: readonly { readonly label: string; readonly args: readonly string[]; readonly exact?: boolean }[] = [
  { label: 'kamctl.uptime', args: ['uptime'] },
  { label: 'kamctl.ps', args: ['ps'] },
  { label: 'kamctl.stats-sl', args: ['stats', 'sl'] },
  { label: 'kamctl.ul-show', args: ['ul', 'show'] },
  { label: 'kamctl.ul-show-alice', args: ['ul', 'show', 'alice'] },
  { label: 'kamctl.online', args: ['online'], exact: true },
  { label: 'kamctl.rpc-core.echo', args: ['rpc', 'core.echo', 'hello', '12', 's:34'] },
];

function captured(label: string): string {
  return fs.readFileSync(controlPath('kamctl', `${label}.stdout.txt`), 'utf8').replace(/^exit=\d+\n?$/m, '');
}

describe('real kamctl (RPCFIFO) against our JSON-RPC FIFO server', { skip }, () => {
  let servers: RunningServers | undefined;
  let home: string | undefined;
  let env: NodeJS.ProcessEnv = {};

  before(async () => {
    servers = await startServers({ replyDir: '/tmp/' });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'kamctl-home-'));
    fs.writeFileSync(path.join(home, '.kamctlrc'), `CTLENGINE=RPCFIFO\nRPCFIFOPATH=${servers.paths.fifo}\nSIP_DOMAIN=127.0.0.1\n`);
    env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C' };
  });

  after(async () => {
    if (home !== undefined) fs.rmSync(home, { recursive: true, force: true });
    await servers?.stop();
  });

  for (const { label, args, exact } of CASES) {
    it(`kamctl ${args.join(' ')} prints what it printed against Kamailio (${label})`, async () => {
      const run = await runTool(KAMCTL, args, env);
      assert.equal(run.code, 0, run.stderr);
      const want = captured(label);
      if (exact === true) assert.equal(run.stdout, want);
      else assert.equal(normalise(run.stdout), normalise(want));
    });
  }

  it('kamctl stats prints every statistic of stats.get_statistics all', async () => {
    const run = await runTool(KAMCTL, ['stats'], env);
    assert.equal(run.code, 0, run.stderr);
    const all = capturedResult('stats.get_statistics.all');
    assert.ok(Array.isArray(all));
    const lines = run.stdout.split('\n').filter((line) => line.includes(' = '));
    assert.equal(lines.length, all.length);
    assert.match(run.stdout, /^ {4}"core:bad_URIs_rcvd = 0",$/m);
  });

  it('kamctl rpc core.uptime prints the same as kamctl uptime', async () => {
    const run = await runTool(KAMCTL, ['rpc', 'core.uptime'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(normalise(run.stdout), normalise(captured('kamctl.uptime')));
  });

  it('kamctl rpc of an unknown method prints the jsonrpcs error', async () => {
    const run = await runTool(KAMCTL, ['rpc', 'no.such'], env);
    assert.match(run.stdout, /"code": 500,\n\s+"message":\s+"Method Not Found"/);
  });

  it('leaves no reply FIFO behind', async () => {
    assert.ok(servers);
    const leftovers = fs.readdirSync('/tmp').filter((name) => name.startsWith('kamailio_receiver_'));
    for (const name of leftovers) {
      const stat = fs.statSync(path.join('/tmp', name));
      // Only FIFOs younger than this test run could be ours.
      assert.ok(stat.mtimeMs < Date.now() - 60_000, `${name} left in /tmp`);
    }
    assert.equal(servers.set.stats().internalErrors, 0);
  });
});
