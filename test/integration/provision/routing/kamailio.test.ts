/**
 * The contract with the real Kamailio 5.6: a database provisioned only with sipctl (db create,
 * then domain, address, dispatcher and dialplan commands) is what the domain, permissions,
 * dispatcher and dialplan modules load, as their RPC dumps show, and a dialplan rule added by
 * sipctl translates a number.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createRpcClient } from '../../../../src/rpc/client.js';
import { testDb, type TestDb } from '../../../support/db.js';
import { freeTcpUdpPort, kamailioCfg, skipWithoutKamailio, startKamailio } from '../../../support/kamailio.js';
import { cleanEnv, runSipctl } from '../../../support/sipctl.js';

async function ok(db: TestDb, args: readonly string[]): Promise<void> {
  const r = await runSipctl(args, { env: cleanEnv(db.env), cwd: db.dir });
  assert.equal(r.code, 0, `sipctl ${args.join(' ')} exited ${String(r.code)}:\n${r.stderr}${r.stdout}`);
}

function cfg(dbPath: string, sipPort: number, ctlSocket: string): string {
  // db_sqlite drops the slash after "sqlite://", so an absolute path needs four slashes.
  const url = `sqlite:///${dbPath}`;
  return kamailioCfg({
    listen: [`udp:127.0.0.1:${String(sipPort)}`],
    modules: ['db_sqlite', 'kex', 'corex', 'tm', 'sl', 'pv', 'ctl', 'dispatcher', 'permissions', 'domain', 'dialplan'],
    modparams: {
      ctl: { binrpc: `unix:${ctlSocket}` },
      dispatcher: { db_url: url },
      permissions: { db_url: url, load_backends: 1 },
      domain: { db_url: url },
      dialplan: { db_url: url },
    },
    routes: `request_route {
  sl_send_reply("404", "Not here");
}
`,
  });
}

describe('a database provisioned by sipctl, loaded by the real Kamailio', () => {
  it('shows the destinations, addresses and domains sipctl wrote and applies its dialplan rule', async (t) => {
    if (skipWithoutKamailio(t)) return;
    const db = await testDb(t, 'sqlite');
    if (db === undefined) return;
    t.after(() => db.cleanup());
    await ok(db, ['db', 'create', '--yes']);
    await ok(db, ['domain', 'add', 'example.test']);
    await ok(db, ['domain', 'add', 'other.test', '--did', 'grp1', '--attr', 'rate=peak']);
    await ok(db, ['address', 'add', '1', '192.0.2.10']);
    await ok(db, ['address', 'add', '2', '10.0.0.0', '8', '5060', 'lan']);
    await ok(db, ['dispatcher', 'add', '1', 'sip:192.0.2.30:5060', '0', '0', 'weight=50;duid=gw1', 'gateway one']);
    await ok(db, ['dispatcher', 'add', '1', 'sip:192.0.2.31:5070;transport=tcp']);
    await ok(db, ['dialplan', 'addrule', '1', '10', 'regexp', '^00([1-9][0-9]+)$', '0', '^00(.*)$', '+\\1']);

    const sipPort = await freeTcpUdpPort();
    const k = await startKamailio({
      cfg: (dir) => cfg(db.env['DB_PATH'] ?? '', sipPort, path.join(dir, 'run', 'kamailio_ctl')),
      waitFor: { paths: ['run/kamailio_ctl'] },
      prefix: 'sipctl-routing-',
    });
    t.after(() => k.stop());
    const rpc = createRpcClient(`unix:${path.join(k.runDir, 'kamailio_ctl')}`);
    t.after(() => rpc.close());

    const dispatcher = JSON.stringify(await rpc.call('dispatcher.list', []));
    assert.match(dispatcher, /sip:192\.0\.2\.30:5060/, dispatcher);
    assert.match(dispatcher, /sip:192\.0\.2\.31:5070;transport=tcp/, dispatcher);
    assert.match(dispatcher, /duid=gw1/, dispatcher);

    const addresses = JSON.stringify(await rpc.call('permissions.addressDump', []));
    assert.match(addresses, /192\.0\.2\.10/, addresses);
    const subnets = JSON.stringify(await rpc.call('permissions.subnetDump', []));
    assert.match(subnets, /10\.0\.0\.0/, subnets);
    assert.match(subnets, /"lan"/, subnets);

    const domains = JSON.stringify(await rpc.call('domain.dump', []));
    assert.match(domains, /example\.test/, domains);
    assert.match(domains, /other\.test/, domains);
    assert.match(domains, /grp1/, domains);

    const translated = JSON.stringify(await rpc.call('dialplan.translate', [1, '0049301234']));
    assert.match(translated, /\+49301234/, translated);
    assert.doesNotMatch(k.stderr(), /ERROR: dialplan|failed to (load|compile)/, k.stderr().slice(-4000));
  });
});
