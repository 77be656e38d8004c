/**
 * Registrar Path support and tm's serial forking by q, driven by SIPp against the real sipd
 * running test/fixtures/daemon/registrar-tm.cfg — and the same scenarios against the real
 * Kamailio 5.6 running the same file, so both are held to one behaviour:
 * - a contact registered with Path is reached through the first Path hop, with the path
 *   vector as Route (RFC 3327);
 * - t_load_contacts/t_next_contacts try the q=1.0 contact first and the q=0.5 one from
 *   failure_route after a 486 or a timeout;
 * - $T_req(pv) in onreply_route and $T_rpl(pv) in failure_route (logged and added as X-Failed).
 * Loopback only; every process started here is stopped in `after`/`finally`.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { KAMAILIO_MODULES, kamailioSkipReason, startKamailioAnswering } from '../../support/kamailio.js';
import { REPO_ROOT } from '../../support/sipctl.js';
import { DAEMON_FIXTURES, freeSipPort, startSipd } from '../../support/sipd.js';
import { describeSipp, freePorts, runSipp, sippSkipReason, startSipp, waitForPort, type SippResult } from '../../support/sipp.js';

const CFG = path.join(DAEMON_FIXTURES, 'registrar-tm.cfg');
const SIPP_FIXTURES = path.join(REPO_ROOT, 'test', 'fixtures', 'sipp');
const skip = sippSkipReason();

function scenario(name: string): string {
  const own = path.join(DAEMON_FIXTURES, `${name}.xml`);
  return fs.existsSync(own) ? own : path.join(SIPP_FIXTURES, `${name}.xml`);
}

function sets(vars: Record<string, string>): string[] {
  return Object.entries(vars).flatMap(([k, v]) => ['-set', k, v]);
}

/** The first request of `method` that SIPp logged as received, as text. */
function received(log: string, method: string): string | null {
  for (const block of log.split(/^-{10,}.*$/m)) {
    if (!/message received/.test(block)) continue;
    const text = block.trim();
    const start = text.search(new RegExp(`^${method} `, 'm'));
    if (start >= 0) return text.slice(start);
  }
  return null;
}

function header(msg: string | null, name: string): string[] {
  if (msg === null) return [];
  return msg
    .split(/\r?\n/)
    .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((l) => l.slice(name.length + 1).trim());
}

interface Server {
  readonly port: number;
  stderr(): string;
  stop(): Promise<unknown>;
}

async function startKamailioServer(): Promise<Server> {
  const port = await freeSipPort();
  const k = await startKamailioAnswering({ cfg: fs.readFileSync(CFG, 'utf8'), args: ['-L', KAMAILIO_MODULES, '-A', `PORT=${String(port)}`], prefix: 'registrar-tm-' }, port);
  return { port, stderr: () => k.stderr(), stop: () => k.stop() };
}

async function waitForLog(server: Server, re: RegExp, timeoutMs = 3000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!re.test(server.stderr())) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

function scenarios(name: string, start: () => Promise<Server>, skipReason: string | undefined): void {
  describe(`${name}: Path, serial forking by q and $T_req/$T_rpl, driven by SIPp`, { skip: skipReason, timeout: 120_000 }, () => {
    let server: Server;
    let remote: string;

    before(async () => {
      server = await start();
      remote = `127.0.0.1:${String(server.port)}`;
    });

    after(async () => {
      await server.stop();
    });

    const uac = (scen: string, localPort: number, vars: Record<string, string>, traceMessages = false): Promise<SippResult> =>
      runSipp({ scenario: scenario(scen), remote, localPort, calls: 1, timeoutSec: 20, recvTimeoutMs: 8000, extraArgs: sets(vars), traceMessages });

    it('sends a call for a contact registered with Path to the first Path hop, with the path as Route', async () => {
      const [edgePort, regPort, uacPort] = await freePorts(3);
      if (edgePort === undefined || regPort === undefined || uacPort === undefined) throw new Error('no ports');
      const pathVector = `<sip:127.0.0.1:${String(edgePort)};lr>,<sip:core.invalid;lr>`;
      const edge = startSipp({ scenario: scenario('busy-uas'), localPort: edgePort, calls: 1, timeoutSec: 20, traceMessages: true });
      try {
        await waitForPort('udp', edgePort);
        const reg = await uac('register-path', regPort, { user: 'carol', contact: 'sip:carol@192.0.2.9:5090', path: pathVector });
        assert.equal(reg.exitCode, 0, `the 200 echoes Path (path_mode 1): ${describeSipp(reg)}`);
        const caller = await uac('call-busy-uac', uacPort, { target: `sip:carol@127.0.0.1:${String(server.port)}` });
        assert.equal(caller.exitCode, 0, describeSipp(caller));
        const r = await edge.done;
        assert.equal(r.exitCode, 0, describeSipp(r));
        const inv = received(r.messages, 'INVITE');
        assert.ok(inv !== null, r.messages.slice(0, 2000));
        assert.match(inv, /^INVITE sip:carol@192\.0\.2\.9:5090 SIP\/2\.0/, 'the Request-URI is the registered contact');
        assert.deepEqual(header(inv, 'Route'), [pathVector]);
      } finally {
        await edge.stop();
      }
    });

    for (const firstFails of ['486', 'timeout'] as const) {
      it(`tries the q=1.0 contact first and the q=0.5 one from failure_route after a ${firstFails}`, async () => {
        const [firstPort, secondPort, regPort, uacPort] = await freePorts(4);
        if (firstPort === undefined || secondPort === undefined || regPort === undefined || uacPort === undefined) throw new Error('no ports');
        const user = firstFails === '486' ? 'dave' : 'erin';
        // For the timeout nothing listens on the first contact's port: fr_timer (2 s) ends it with a local 408.
        const first = firstFails === '486' ? startSipp({ scenario: scenario('busy-uas'), localPort: firstPort, calls: 1, timeoutSec: 20, traceMessages: true }) : null;
        const second = startSipp({ scenario: scenario('call-uas'), localPort: secondPort, calls: 1, timeoutSec: 25, traceMessages: true });
        try {
          if (first !== null) await waitForPort('udp', firstPort);
          await waitForPort('udp', secondPort);
          const reg = await uac('register-q', regPort, { user, first: `sip:${user}@127.0.0.1:${String(firstPort)}`, second: `sip:${user}@127.0.0.1:${String(secondPort)}` });
          assert.equal(reg.exitCode, 0, describeSipp(reg));
          const caller = await uac('call-uac', uacPort, { target: `sip:${user}@127.0.0.1:${String(server.port)}` }, true);
          assert.equal(caller.exitCode, 0, describeSipp(caller));
          assert.doesNotMatch(caller.messages, /SIP\/2\.0 486/, 'the 486 of the first q-group is not relayed');
          const callee = await second.done;
          assert.equal(callee.exitCode, 0, describeSipp(callee));
          const inv = received(callee.messages, 'INVITE');
          assert.match(inv ?? '', new RegExp(`^INVITE sip:${user}@127\\.0\\.0\\.1:${String(secondPort)} SIP/2\\.0`));
          if (first !== null) {
            const busy = await first.done;
            assert.equal(busy.exitCode, 0, describeSipp(busy));
            assert.match(received(busy.messages, 'INVITE') ?? '', new RegExp(`^INVITE sip:${user}@127\\.0\\.0\\.1:${String(firstPort)} SIP/2\\.0`));
            // $T_rpl in failure_route: the 486 that ended the first group.
            assert.deepEqual(header(inv, 'X-Failed'), ['486 Busy Here']);
            assert.ok(await waitForLog(server, /T_rpl: 486 \[486 Busy Here\], T_req <null>/), server.stderr().slice(-3000));
            // $T_req in onreply_route: the INVITE of the transaction.
            assert.ok(await waitForLog(server, /T_req: 486 for INVITE from caller, T_rpl <null>/), server.stderr().slice(-3000));
          } else {
            // A local 408 is no received reply: $T_rpl has nothing to give.
            assert.ok(await waitForLog(server, /T_rpl: 408 \[<null> <null>\], T_req <null>/), server.stderr().slice(-3000));
          }
          assert.ok(await waitForLog(server, /T_req: 200 for INVITE from caller, T_rpl <null>/), server.stderr().slice(-3000));
        } finally {
          await first?.stop();
          await second.stop();
        }
      });
    }
  });
}

scenarios('sipd', () => startSipd(CFG), skip);
scenarios('Kamailio 5.6', startKamailioServer, skip ?? kamailioSkipReason());
