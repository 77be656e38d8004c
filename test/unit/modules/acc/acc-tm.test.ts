/**
 * acc on tm's callbacks, in-process: the records of test/fixtures/daemon/acc.cfg's cases as
 * Kamailio 5.6 writes them (test/integration/sipd/acc.test.ts compares with the real one).
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { commentStatus } from '../../../../src/modules/acc/index.js';
import { actAsUas, newTag } from '../../sip/proxy/sip-agent.js';
import { PRELUDE, tmHarness, type TmHarness } from '../tm/tm-harness.js';

let h: TmHarness | null = null;

afterEach(async () => {
  await h?.stop();
  h = null;
});

const CFG = `${PRELUDE}
loadmodule "acc.so"
modparam("acc", "log_flag", 1)
modparam("acc", "log_missed_flag", 2)
modparam("acc", "failed_transaction_flag", 3)
modparam("acc", "log_extra", "ru_user=$rU")
request_route {
	setflag(1);
	setflag(2);
	setflag(3);
	if ($rU == "request") {
		acc_log_request("403 Not Today");
		acc_log_request("no code here");
	}
	if ($rU != "plain") {
		t_on_failure("REDIRECT");
	}
	t_relay();
}
failure_route[REDIRECT] {
	if ($rU == "busyset") {
		setflag(2);
		exit;
	}
	if (!t_check_status("302")) {
		exit;
	}
	if ($rU == "reset") {
		resetflag(2);
	}
	t_reply("404", "Not Found");
}
`;

/** The acc lines logged, without timestamp, tags and Call-ID. */
function records(t: TmHarness): string[] {
  return t.logger.lines
    .map((l) => l.text)
    .filter((x) => x.startsWith('ACC: '))
    .map((x) => x.replace(/(timestamp|from_tag|to_tag|call_id)=[^;]*;/g, ''));
}

async function call(user: string, answer: number, expect: number): Promise<string[]> {
  const t = await tmHarness(CFG);
  h = t;
  actAsUas(t.uas, { invite: [answer] });
  t.uac.send({ address: '127.0.0.1', port: 5060, family: 'IPv4' }, t.uac.request({ method: 'INVITE', uri: `sip:${user}@127.0.0.3`, callId: `acc-${user}`, fromTag: newTag() }));
  await t.uac.waitForResponse(expect, 'INVITE');
  await t.settle();
  assert.deepEqual(t.errors, []);
  return records(t);
}

const line = (kind: string, code: number, reason: string, user: string) => `ACC: ${kind}: method=INVITE;code=${String(code)};reason=${reason};ru_user=${user}`;

describe('acc with failure_route (as Kamailio 5.6)', () => {
  it('a 302 turned into 404 by failure_route: a missed call for each, then the 404 answered', async () => {
    assert.deepEqual(await call('redirect', 302, 404), [
      line('call missed', 302, 'Moved Temporarily', 'redirect'),
      line('call missed', 404, 'Not Found', 'redirect'),
      line('transaction answered', 404, 'Not Found', 'redirect'),
    ]);
  });

  it('t_reply in failure_route is a missed call even after resetflag there (the transaction keeps its flags)', async () => {
    assert.deepEqual(await call('reset', 302, 404), [
      line('call missed', 302, 'Moved Temporarily', 'reset'),
      line('call missed', 404, 'Not Found', 'reset'),
      line('transaction answered', 404, 'Not Found', 'reset'),
    ]);
  });

  it('a 486 relayed after failure_route: one missed call (the flag was cleared), unless failure_route sets it again', async () => {
    assert.deepEqual(await call('busy', 486, 486), [line('call missed', 486, 'Busy Here', 'busy'), line('transaction answered', 486, 'Busy Here', 'busy')]);
    await h?.stop();
    h = null;
    assert.deepEqual(await call('busyset', 486, 486), [
      line('call missed', 486, 'Busy Here', 'busyset'),
      line('call missed', 486, 'Busy Here', 'busyset'),
      line('transaction answered', 486, 'Busy Here', 'busyset'),
    ]);
  });

  it('without failure_route: the missed call, then the answered record', async () => {
    assert.deepEqual(await call('plain', 486, 486), [line('call missed', 486, 'Busy Here', 'plain'), line('transaction answered', 486, 'Busy Here', 'plain')]);
  });

  it('a 200: answered only', async () => {
    assert.deepEqual(await call('ok', 200, 200), [line('transaction answered', 200, 'OK', 'ok')]);
  });

  it('acc_log_request: "request accounted" with the comment\'s code and reason, no To tag', async () => {
    const r = await call('request', 200, 200);
    assert.deepEqual(r.slice(0, 2), ['ACC: request accounted: method=INVITE;code=403;reason=Not Today;ru_user=request', 'ACC: request accounted: method=INVITE;code=;reason=no code here;ru_user=request']);
    assert.ok((h?.logger.lines ?? []).map((l) => l.text).some((x) => /request accounted: timestamp=\d+;method=INVITE;from_tag=[^;]+;to_tag=;call_id=acc-request;/.test(x)));
  });
});

describe('commentStatus', () => {
  it('takes a leading three-digit code', () => {
    assert.deepEqual(commentStatus('403 Not Today'), { code: 403, reason: 'Not Today' });
    assert.deepEqual(commentStatus('404'), { code: 404, reason: '' });
    assert.deepEqual(commentStatus('no code here'), { code: '', reason: 'no code here' });
    assert.deepEqual(commentStatus('4040 x'), { code: '', reason: '4040 x' });
  });
});
