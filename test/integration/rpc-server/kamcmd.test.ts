/**
 * The real kamcmd (Kamailio 5.6's BINRPC client) against our BINRPC servers on every ctl
 * transport: unix stream, TCP, UDP and unix datagram. Its printed output must equal what it
 * printed against the real Kamailio in the captures (binrpc/<label>.kamcmd.txt) — byte for byte
 * where our test methods return the captured values, and in shape (dates and numbers blanked)
 * where the values are live (core.uptime).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { controlPath } from '../../unit/rpc/reference.js';
import { normalise, runTool, startServers, toolSkipReason, type RunningServers } from './harness.js';

const KAMCMD = '/usr/sbin/kamcmd';
const skip = toolSkipReason(KAMCMD);

interface Case {
  readonly label: string;
  readonly args: readonly string[];
  /** Compare only the shape (live values). */
  readonly shape?: boolean;
}

/** Labels and kamcmd arguments as in setup/capture-list.txt. */
const CASES: readonly Case[] = [
  { label: 'core.uptime', args: ['core.uptime'], shape: true },
  { label: 'core.version', args: ['core.version'] },
  { label: 'core.ps', args: ['core.ps'] },
  { label: 'core.psx', args: ['core.psx'] },
  { label: 'kamcmd.alias.ps', args: ['ps'] },
  { label: 'kamcmd.builtin.help', args: ['help', 'core.uptime'] },
  { label: 'system.methodHelp', args: ['system.methodHelp', 'core.uptime'] },
  { label: 'system.methodHelp.unknown', args: ['system.methodHelp', 'no.such'] },
  { label: 'system.methodSignature', args: ['system.methodSignature', 'core.uptime'] },
  { label: 'stats.get_statistics.all', args: ['stats.get_statistics', 'all'], shape: true },
  { label: 'stats.get_statistics.group', args: ['stats.get_statistics', 'shmem:'], shape: true },
  { label: 'stats.get_statistics.single', args: ['stats.get_statistics', 'rcv_requests'], shape: true },
  { label: 'stats.get_statistics.multi', args: ['stats.get_statistics', 'usrloc:', 'registered_users', 'sent_replies'], shape: true },
  { label: 'stats.get_statistics.unknown', args: ['stats.get_statistics', 'no_such_stat'] },
  { label: 'ul.dump', args: ['ul.dump'], shape: true },
  { label: 'ul.dump.brief', args: ['ul.dump', 'brief'] },
  { label: 'ul.lookup', args: ['ul.lookup', 'location', 'alice'], shape: true },
  { label: 'ul.lookup.notfound', args: ['ul.lookup', 'location', 'nobody'] },
  { label: 'ul.lookup.badtable', args: ['ul.lookup', 'nosuchtable', 'alice'] },
  { label: 'error.unknown_method', args: ['no.such.method'] },
];

function captured(label: string): string {
  return fs.readFileSync(controlPath('binrpc', `${label}.kamcmd.txt`), 'utf8').replace(/^exit=\d+\n?$/m, '');
}

describe('real kamcmd against our BINRPC servers', { skip }, () => {
  let servers: RunningServers | undefined;

  before(async () => {
    servers = await startServers();
  });

  after(async () => {
    await servers?.stop();
  });

  const transports = ['unix', 'tcp', 'udp', 'unixd'] as const;

  for (const transport of transports) {
    describe(`kamcmd -s ${transport}:…`, () => {
      for (const { label, args, shape } of CASES) {
        it(`${args.join(' ')} prints what it printed against Kamailio (${label})`, async () => {
          assert.ok(servers);
          const run = await runTool(KAMCMD, ['-s', servers.urls[transport], ...args]);
          assert.equal(run.code, 0, run.stderr);
          const want = captured(label);
          if (shape === true) assert.equal(normalise(run.stdout), normalise(want));
          else assert.equal(run.stdout, want);
        });
      }

      it('system.listMethods prints every registered method, one per line, sorted', async () => {
        assert.ok(servers);
        const run = await runTool(KAMCMD, ['-s', servers.urls[transport], 'system.listMethods']);
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(run.stdout.trimEnd().split('\n'), [...servers.registry.names()]);
        // Same layout as against Kamailio: bare names, no braces or indentation.
        assert.match(captured('system.listMethods'), /^core\.echo\n/m);
        assert.doesNotMatch(run.stdout, /[{}\t]/);
      });
    });
  }

  it('kamcmd -f walks the core.ps records into the format as against Kamailio', async () => {
    assert.ok(servers);
    const run = await runTool(KAMCMD, ['-s', servers.urls.unix, '-f', 'pid=%v_desc=%v\\n', 'core.ps']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, captured('kamcmd.format.core.ps'));
  });
});
