/**
 * tm's callbacks for other modules (request in, on failure, response out): when each runs,
 * what it gets, and that a transaction without callbacks has no hooks armed.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { ProxyTransaction } from '../../../../src/sip/proxy/index.js';
import { actAsUas, newTag } from '../../sip/proxy/sip-agent.js';
import { PRELUDE, tmHarness, type TmHarness } from './tm-harness.js';

let h: TmHarness | null = null;

afterEach(async () => {
  await h?.stop();
  h = null;
});

const ROUTES = `
request_route {
	setflag(2);
	if ($rU == "redirect") {
		t_on_failure("REDIRECT");
	}
	if ($rU == "local") {
		t_newtran();
		t_reply("403", "Not Here");
		exit;
	}
	t_relay();
}
failure_route[REDIRECT] {
	if (isflagset(2)) {
		xlog("L_INFO", "flag 2 set in failure_route\\n");
	} else {
		xlog("L_INFO", "flag 2 clear in failure_route\\n");
	}
	t_reply("404", "Not Found");
}
`;

/** Everything the callbacks saw, in order. */
interface Seen {
  readonly events: string[];
  readonly txs: ProxyTransaction[];
}

async function start(opts: { failure: boolean; clearFlag2?: boolean }): Promise<{ t: TmHarness; seen: Seen }> {
  const t = await tmHarness(PRELUDE + ROUTES);
  h = t;
  const seen: Seen = { events: [], txs: [] };
  t.tm.onRequestIn((tx) => {
    seen.txs.push(tx);
    seen.events.push(`in ${tx.request.method}`);
    t.tm.onResponseOut(tx, (e) => {
      seen.events.push(`out ${String(e.response.status)} flags ${String(e.flags)}`);
    });
    if (opts.failure) {
      t.tm.onFailure(tx, (e) => {
        seen.events.push(`failure ${String(e.reply.status)} flags ${String(e.flags)}`);
        if (opts.clearFlag2 === true) e.flags &= ~(1 << 2);
      });
    }
  });
  return { t, seen };
}

function invite(t: TmHarness, uri: string, callId: string): void {
  t.uac.send({ address: '127.0.0.1', port: 5060, family: 'IPv4' }, t.uac.request({ method: 'INVITE', uri, callId, fromTag: newTag() }));
}

describe('tm callbacks', () => {
  it('request in for each new transaction, response out for the final reply only (not the 180), no failure callback for a 2xx', async () => {
    const { t, seen } = await start({ failure: true });
    actAsUas(t.uas, { invite: [180, 200] });
    invite(t, 'sip:ok@127.0.0.3', 'cb-ok');
    await t.uac.waitForResponse(200, 'INVITE');
    await t.settle();
    assert.deepEqual(seen.events, ['in INVITE', 'out 200 flags 4'], 'no failure callback for a 2xx; the 180 is not final');
    assert.deepEqual(t.errors, []);
  });

  it('on failure runs before failure_route with the flags it starts with; a change is what failure_route sees; t_reply there is sent with the transaction\'s flags', async () => {
    const { t, seen } = await start({ failure: true, clearFlag2: true });
    actAsUas(t.uas, { invite: [302] });
    invite(t, 'sip:redirect@127.0.0.3', 'cb-302');
    await t.uac.waitForResponse(404, 'INVITE');
    await t.settle();
    assert.deepEqual(seen.events, ['in INVITE', 'failure 302 flags 4', 'out 404 flags 4']);
    assert.deepEqual(
      t.logger.lines.map((l) => l.text).filter((x) => x.startsWith('flag 2')),
      ['flag 2 clear in failure_route'],
    );
  });

  it('on failure runs without a failure_route too, and its flag change stays with the transaction', async () => {
    const { t, seen } = await start({ failure: true, clearFlag2: true });
    actAsUas(t.uas, { invite: [486] });
    invite(t, 'sip:busy@127.0.0.3', 'cb-486');
    await t.uac.waitForResponse(486, 'INVITE');
    await t.settle();
    assert.deepEqual(seen.events, ['in INVITE', 'failure 486 flags 4', 'out 486 flags 0']);
  });

  it('response out for a local t_reply after t_newtran', async () => {
    const { t, seen } = await start({ failure: false });
    invite(t, 'sip:local@127.0.0.3', 'cb-local');
    await t.uac.waitForResponse(403, 'INVITE');
    await t.settle();
    assert.deepEqual(seen.events, ['in INVITE', 'out 403 flags 4']);
  });

  it('a transaction without callbacks has no final-response hook, and a callback that throws is logged, not fatal', async () => {
    const t = await tmHarness(PRELUDE + ROUTES);
    h = t;
    const txs: ProxyTransaction[] = [];
    t.tm.onRequestIn((tx) => {
      txs.push(tx);
      if (tx.request.callId === 'cb-throw') {
        t.tm.onResponseOut(tx, () => {
          throw new Error('boom');
        });
      }
    });
    actAsUas(t.uas, { invite: [200] });
    invite(t, 'sip:ok@127.0.0.3', 'cb-plain');
    await t.uac.waitForResponse(200, 'INVITE');
    invite(t, 'sip:ok@127.0.0.3', 'cb-throw');
    await t.settle();
    const [plain] = txs;
    assert.equal(txs.length, 2);
    assert.ok(plain !== undefined);
    assert.equal(plain.onFinalResponse, null);
    assert.equal(plain.onFailure, null);
    assert.equal(t.uac.statuses('INVITE').filter((s) => s === 200).length, 2, 'the call goes on');
    assert.ok(t.logger.lines.some((l) => l.text.includes('response-out callback failed: boom')));
    assert.deepEqual(t.errors, []);
  });
});
