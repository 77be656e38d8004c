/** acc: which final replies make records, the syslog line, the database row, and log_extra / db_extra parsing. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FixupError } from '../../../../src/cfg/script-api.js';
import { parseExtra } from '../../../../src/modules/acc/acc-extra.js';
import { accDecision, accLogLine, accRow, type AccCore } from '../../../../src/modules/acc/index.js';

const STOCK = { flag: 1, missedFlag: 2, failedFlag: 3 };
const flags = (...n: number[]) => n.reduce((a, b) => a | (1 << b), 0);

describe('accDecision (the stock cfg flags: acc 1, missed 2, failed 3)', () => {
  it('accounts a 2xx with the acc flag', () => {
    assert.deepEqual(accDecision(STOCK, flags(1), 'INVITE', 200), { answered: true, missed: false });
  });
  it('needs failed_transaction_flag for 300 and above', () => {
    assert.deepEqual(accDecision(STOCK, flags(1), 'BYE', 481), { answered: false, missed: false });
    assert.deepEqual(accDecision(STOCK, flags(1, 3), 'BYE', 481), { answered: true, missed: false });
  });
  it('makes a missed call of an INVITE answered 300 or above with the missed flag only', () => {
    assert.deepEqual(accDecision(STOCK, flags(1, 2), 'INVITE', 486), { answered: false, missed: true });
    assert.deepEqual(accDecision(STOCK, flags(1, 2), 'MESSAGE', 486), { answered: false, missed: false });
    assert.deepEqual(accDecision(STOCK, flags(1, 2), 'INVITE', 200), { answered: true, missed: false });
  });
  it('makes nothing without flags, or with unset (-1) flag parameters', () => {
    assert.deepEqual(accDecision(STOCK, 0, 'INVITE', 200), { answered: false, missed: false });
    assert.deepEqual(accDecision({ flag: -1, missedFlag: -1, failedFlag: -1 }, -1, 'INVITE', 486), { answered: false, missed: false });
  });
});

const CORE: AccCore = { method: 'INVITE', fromTag: 'ft', toTag: 'tt', callId: 'c1@h', code: 200, reason: 'OK', time: 1_700_000_000_987 };

describe('records', () => {
  it('logs Kamailio\'s key=value line, extras last', () => {
    assert.equal(
      accLogLine('answered', CORE, [['src_user', 'alice']]),
      'ACC: transaction answered: timestamp=1700000000;method=INVITE;from_tag=ft;to_tag=tt;call_id=c1@h;code=200;reason=OK;src_user=alice',
    );
    assert.match(accLogLine('missed', { ...CORE, code: 486, reason: 'Busy Here' }, []), /^ACC: call missed: .*;code=486;reason=Busy Here$/);
  });
  it('fills the columns acc_*_column name, and the db_extra columns', () => {
    const cols = { method: 'method', fromTag: 'from_tag', toTag: 'to_tag', callId: 'callid', code: 'sip_code', reason: 'sip_reason' };
    assert.deepEqual(accRow(cols, CORE, [['dst_user', 'bob']]), { method: 'INVITE', from_tag: 'ft', to_tag: 'tt', callid: 'c1@h', sip_code: '200', sip_reason: 'OK', dst_user: 'bob' });
  });
});

describe('parseExtra', () => {
  it('reads the stock cfg\'s extras (spaces and an empty tail allowed)', () => {
    assert.deepEqual(parseExtra('log_extra', 'src_user=$fU;src_ip=$si; dst_domain=$rd;'), [
      { name: 'src_user', pv: '$fU' },
      { name: 'src_ip', pv: '$si' },
      { name: 'dst_domain', pv: '$rd' },
    ]);
    assert.deepEqual(parseExtra('db_extra', ''), []);
  });
  it('rejects an item without a name or without a pseudo-variable', () => {
    assert.throws(() => parseExtra('db_extra', 'src_user'), FixupError);
    assert.throws(() => parseExtra('db_extra', '=$fU'), FixupError);
    assert.throws(() => parseExtra('db_extra', 'src_user=fU'), /not a pseudo-variable/);
  });
});
