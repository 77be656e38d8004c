/**
 * sipctl's runtime commands, run as the real binary, against a real Kamailio 5.6 over BINRPC
 * (unix stream socket), JSON-RPC over the FIFO and JSON-RPC over HTTP. The sockets are named as
 * sipd names them (sipd_ctl, sipd_rpc.fifo) so CTLENGINE's defaults are exercised too.
 */
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, freeTcpUdpPort, JSONRPC_HTTP_ROUTE, kamailioCfg, kamailioSkipReason, startKamailio, type RunningKamailio } from '../../support/kamailio.js';
import { cleanEnv, runSipctl, type RunResult } from '../../support/sipctl.js';

interface Ports {
  readonly sip: number;
  readonly http: number;
}

function cfg(dir: string, ports: Ports): string {
  const run = path.join(dir, 'run');
  return kamailioCfg({
    listen: [`udp:127.0.0.1:${ports.sip}`, `tcp:127.0.0.1:${ports.http}`],
    core: ['use_dns_cache=off', 'tcp_accept_no_cl=yes', 'alias=ctl.example.test'],
    modules: ['kex', 'corex', 'tm', 'tmx', 'sl', 'pv', 'usrloc', 'registrar', 'dispatcher', 'xhttp', 'jsonrpcs', 'ctl'],
    modparams: {
      ctl: { binrpc: `unix:${run}/sipd_ctl` },
      jsonrpcs: { transport: 0, fifo_name: `${run}/sipd_rpc.fifo`, fifo_reply_dir: `${dir}/` },
      usrloc: { db_mode: 0 },
      // Each transport reloads once; Kamailio refuses a reload within reload_delta (5 s) of the last.
      dispatcher: { list_file: `${dir}/dispatcher.list`, reload_delta: 0 },
    },
    routes: `request_route {
	if (method == "REGISTER") {
		save("location");
		exit;
	}
	if (method == "OPTIONS" && uri == myself) {
		sl_send_reply("200", "Alive");
		exit;
	}
	sl_send_reply("404", "Not here");
	exit;
}

${JSONRPC_HTTP_ROUTE}`,
  });
}

const DISPATCHER_LIST = `1 sip:127.0.0.1:5071 0 10 duid=gw1;weight=50
1 sip:127.0.0.1:5072 0 5 duid=gw2;weight=50
2 sip:127.0.0.1:5073 0 0 duid=media1
`;

/** Answers every OPTIONS with 200 OK, as a tiny SIP UA would. */
async function startResponder(): Promise<{ port: number; requests: () => number; close: () => Promise<void> }> {
  const socket = dgram.createSocket('udp4');
  let count = 0;
  socket.on('message', (msg, rinfo) => {
    const text = msg.toString('utf8');
    if (!text.startsWith('OPTIONS ')) return;
    count++;
    const head = text.split('\r\n\r\n')[0] ?? '';
    const keep = head.split('\r\n').filter((line) => /^(Via|v|From|f|Call-ID|i|CSeq):/i.test(line));
    const to = head.split('\r\n').find((line) => /^(To|t):/i.test(line)) ?? 'To: <sip:unknown>';
    const reply = ['SIP/2.0 200 OK', ...keep, `${to};tag=responder1`, 'Content-Length: 0', '', ''].join('\r\n');
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => {
    socket.bind(0, '127.0.0.1', resolve);
  });
  return {
    port: socket.address().port,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        socket.close(() => {
          resolve();
        });
      }),
  };
}

function parseJson(r: RunResult, what: string): unknown {
  assert.equal(r.code, 0, `${what} exited ${String(r.code)}: ${r.stderr}${r.stdout}`);
  try {
    return JSON.parse(r.stdout);
  } catch {
    assert.fail(`${what} did not print JSON: ${r.stdout}`);
  }
}

function obj(value: unknown, what: string): Record<string, unknown> {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${what} should be an object: ${JSON.stringify(value)}`);
  return Object.fromEntries(Object.entries(value));
}

function arr(value: unknown, what: string): unknown[] {
  assert.ok(Array.isArray(value), `${what} should be a list: ${JSON.stringify(value)}`);
  return value as unknown[];
}

const skip = kamailioSkipReason();

describe('sipctl runtime commands against a real Kamailio 5.6', { skip: skip ?? false }, () => {
  let kamailio: RunningKamailio | undefined;
  let responder: Awaited<ReturnType<typeof startResponder>> | undefined;
  let home = '';
  let ports: Ports;
  const envs: Record<string, () => Record<string, string>> = {};

  before(async () => {
    ports = { sip: await freeTcpUdpPort(), http: await freePort('tcp') };
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-ctl-home-'));
    responder = await startResponder();
    kamailio = await startKamailio({
      prefix: 'sipctl-ctl-',
      cfg: (dir) => {
        fs.writeFileSync(path.join(dir, 'dispatcher.list'), DISPATCHER_LIST);
        return cfg(dir, ports);
      },
      waitFor: { paths: ['run/sipd_ctl', 'run/sipd_rpc.fifo'], tcpPorts: [ports.http] },
    });
    const k = kamailio;
    const common = { HOME: home, SIP_DOMAIN: '' };
    envs['binrpc'] = () => cleanEnv({ ...common, CTLENGINE: 'BINRPC', RUNDIR: k.runDir });
    envs['fifo'] = () => cleanEnv({ ...common, CTLENGINE: 'RPCFIFO', RUNDIR: k.runDir, RPCFIFOREPLYDIR: k.dir });
    envs['http'] = () => cleanEnv({ ...common, CTLURL: `http://127.0.0.1:${String(ports.http)}/RPC` });
  });

  after(async () => {
    await kamailio?.stop();
    await responder?.close();
    if (home !== '') fs.rmSync(home, { recursive: true, force: true });
  });

  for (const transport of ['binrpc', 'fifo', 'http']) {
    describe(transport, () => {
      const sipctl = (args: readonly string[]): Promise<RunResult> => {
        const env = envs[transport];
        assert.ok(env !== undefined);
        return runSipctl(args, { env: env(), timeoutMs: 60_000 });
      };
      const aor = `user-${transport}`;
      const contact = `sip:${aor}@127.0.0.1:40123`;

      it('uptime, as text and as {now, upSince, uptime}', async () => {
        const text = await sipctl(['uptime']);
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stdout, /^up \d\d:\d\d:\d\d \(\d+ s\) since /);
        const json = obj(parseJson(await sipctl(['uptime', '--json']), 'uptime --json'), 'uptime');
        assert.deepEqual(Object.keys(json).sort(), ['now', 'upSince', 'uptime']);
        assert.equal(typeof json['uptime'], 'number');
      });

      it('rpc core.version prints the result; --json wraps it', async () => {
        const text = await sipctl(['rpc', 'core.version']);
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stdout, /^"kamailio 5\.6\.\d+ /);
        const json = obj(parseJson(await sipctl(['rpc', 'core.version', '--json']), 'rpc --json'), 'rpc');
        assert.equal(json['method'], 'core.version');
        assert.deepEqual(json['params'], []);
        assert.match(String(json['result']), /^kamailio 5\.6/);
      });

      it('ul add, then ul show AOR / --brief / all and online list it', async () => {
        const added = await sipctl(['ul', 'add', aor, contact, '3600', '0.5']);
        assert.equal(added.code, 0, added.stderr);
        const one = obj(parseJson(await sipctl(['ul', 'show', aor, '--json']), 'ul show AOR'), 'ul show');
        assert.equal(one['mode'], 'aor');
        const records = arr(one['records'], 'records');
        assert.equal(records.length, 1);
        const record = obj(records[0], 'record');
        assert.equal(record['aor'], aor);
        const contacts = arr(record['contacts'], 'contacts').map((c) => obj(c, 'contact'));
        assert.equal(contacts.length, 1);
        const [first] = contacts;
        assert.ok(first !== undefined);
        assert.equal(first['address'], contact);
        assert.equal(first['q'], 0.5);
        assert.equal(first['methods'], 4294967295);
        const expires = first['expires'];
        assert.ok(typeof expires === 'number' && expires > 3500 && expires <= 3600, String(expires));

        const all = await sipctl(['ul', 'show']);
        assert.equal(all.code, 0, all.stderr);
        assert.ok(all.stdout.split('\n').some((line) => line.includes(aor) && line.includes(contact) && line.includes('0.5')), all.stdout);
        const brief = obj(parseJson(await sipctl(['ul', 'show', '--brief', '--json']), 'ul show --brief'), 'brief');
        assert.ok(arr(brief['aors'], 'aors').some((e) => obj(e, 'aor entry')['aor'] === aor));
        const online = await sipctl(['online']);
        assert.ok(online.stdout.split('\n').includes(aor), online.stdout);
      });

      it('ul rm removes the AoR; then ul show AOR and ul rm are E_NOT_FOUND', async () => {
        const extra = `${aor}-rm`;
        assert.equal((await sipctl(['ul', 'add', extra, `sip:${extra}@127.0.0.1:40999`])).code, 0);
        const removed = obj(parseJson(await sipctl(['ul', 'rm', extra, '--json']), 'ul rm'), 'ul rm');
        assert.deepEqual(removed['removed'], [`sip:${extra}@127.0.0.1:40999`]);
        const gone = await sipctl(['ul', 'show', extra]);
        assert.equal(gone.code, 21);
        assert.match(gone.stderr, /^error: .*\[E_NOT_FOUND\]\n$/);
        const again = obj(parseJson({ ...(await sipctl(['ul', 'rm', extra, '--json'])), code: 0 }, 'ul rm again'), 'error doc');
        assert.equal(obj(again['error'], 'error')['code'], 'E_NOT_FOUND');
      });

      it('ul rm-contact removes one contact', async () => {
        const multi = `${aor}-multi`;
        for (const port of [41001, 41002]) assert.equal((await sipctl(['ul', 'add', multi, `sip:${multi}@127.0.0.1:${String(port)}`, '600'])).code, 0);
        assert.equal((await sipctl(['ul', 'rm-contact', multi, `sip:${multi}@127.0.0.1:41001`])).code, 0);
        const left = obj(parseJson(await sipctl(['ul', 'show', multi, '--json']), 'ul show'), 'ul show');
        const record = obj(arr(left['records'], 'records')[0], 'record');
        assert.deepEqual(arr(record['contacts'], 'contacts').map((c) => obj(c, 'contact')['address']), [`sip:${multi}@127.0.0.1:41002`]);
      });

      it('stats: a table, a group, and {stats: [{group, name, value}]}', async () => {
        const table = await sipctl(['stats', 'sl']);
        assert.equal(table.code, 0, table.stderr);
        assert.match(table.stdout, /│ sl +│ sent_replies +│ +\d+ +│/);
        const json = obj(parseJson(await sipctl(['stats', '--json']), 'stats --json'), 'stats');
        const rows = arr(json['stats'], 'stats').map((r) => obj(r, 'row'));
        assert.ok(rows.length > 20);
        for (const row of rows) {
          assert.deepEqual(Object.keys(row).sort(), ['group', 'name', 'value']);
          assert.equal(typeof row['value'], 'number');
        }
        assert.ok(rows.some((r) => r['group'] === 'usrloc' && r['name'] === 'registered_users'));
        const missing = await sipctl(['stats', 'no_such_statistic']);
        assert.equal(missing.code, 21);
      });

      it('dispatcher dump, set-state and reload', async () => {
        const dump = obj(parseJson(await sipctl(['dispatcher', 'dump', '--json']), 'dispatcher dump'), 'dump');
        const sets = arr(dump['sets'], 'sets').map((s) => obj(s, 'set'));
        assert.deepEqual(sets.map((s) => s['id']), [1, 2]);
        const targets = arr(sets[0]?.['targets'], 'targets').map((t) => obj(t, 'target'));
        assert.deepEqual(targets.map((t) => t['uri']), ['sip:127.0.0.1:5071', 'sip:127.0.0.1:5072']);
        assert.equal(targets[0]?.['duid'], 'gw1');

        const set = await sipctl(['dispatcher', 'set-state', 'i', '1', 'sip:127.0.0.1:5072']);
        assert.equal(set.code, 0, set.stderr);
        const after = obj(parseJson(await sipctl(['dispatcher', 'dump', '--json']), 'dump'), 'dump');
        const flags = arr(obj(arr(after['sets'], 'sets')[0], 'set')['targets'], 'targets').map((t) => String(obj(t, 'target')['flags']));
        assert.match(flags[1] ?? '', /^I/);
        assert.equal((await sipctl(['dispatcher', 'set-state', 'a', '1', 'sip:127.0.0.1:5999'])).code, 21);

        const reload = await sipctl(['dispatcher', 'reload']);
        assert.equal(reload.code, 0, reload.stderr);
        assert.match(reload.stdout, /reloaded/i);
        const reloaded = obj(parseJson(await sipctl(['dispatcher', 'dump', '--json']), 'dump'), 'dump');
        const flagsAfter = arr(obj(arr(reloaded['sets'], 'sets')[0], 'set')['targets'], 'targets').map((t) => String(obj(t, 'target')['flags']));
        assert.match(flagsAfter[1] ?? '', /^A/, 'the reload restores the list file state');
      });

      it('ps lists the processes', async () => {
        const json = obj(parseJson(await sipctl(['ps', '--json']), 'ps'), 'ps');
        const processes = arr(json['processes'], 'processes').map((p) => obj(p, 'process'));
        assert.ok(processes.some((p) => p['pid'] === kamailio?.pid && p['idx'] === 0), JSON.stringify(processes));
        assert.ok(processes.some((p) => String(p['description']).includes('ctl handler')));
      });

      it('ping gets 200 from a SIP responder and from Kamailio itself', async () => {
        assert.ok(responder !== undefined);
        const before = responder.requests();
        const json = obj(parseJson(await sipctl(['ping', `sip:ping@127.0.0.1:${String(responder.port)}`, '--json']), 'ping'), 'ping');
        assert.equal(json['status'], 200);
        assert.equal(json['reason'], 'OK');
        assert.equal(typeof json['elapsedMs'], 'number');
        assert.equal(responder.requests(), before + 1, 'the responder saw the OPTIONS');
        const self = await sipctl(['ping', `sip:127.0.0.1:${String(ports.sip)}`]);
        assert.equal(self.code, 0, self.stderr);
        assert.match(self.stdout, /: 200 Alive \(\d+\.\d ms\)$/m);
      });

      it('srv version, modules and rpclist', async () => {
        const version = obj(parseJson(await sipctl(['srv', 'version', '--json']), 'srv version'), 'version');
        assert.match(String(version['version']), /^kamailio 5\.6\.\d+ \(.*\)$/);
        const modules = obj(parseJson(await sipctl(['srv', 'modules', '--json']), 'srv modules'), 'modules');
        assert.ok(arr(modules['modules'], 'modules').includes('dispatcher'));
        const methods = await sipctl(['srv', 'rpclist']);
        assert.ok(methods.stdout.split('\n').includes('ul.dump'));
        const aliases = await sipctl(['srv', 'aliases']);
        assert.match(aliases.stdout, /ctl\.example\.test/);
      });

      it('monitor off a terminal prints one plain snapshot', async () => {
        const r = await sipctl(['monitor']);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /cycle 1\/1/);
        assert.match(r.stdout, /Shared memory/);
        assert.ok(!r.stdout.includes('\x1b['), 'no escape codes off a terminal');
      });
    });
  }

  it('cmd speaks BINRPC like kamcmd, with -s and -f', async () => {
    assert.ok(kamailio !== undefined);
    const env = cleanEnv({ HOME: home });
    const r = await runSipctl(['cmd', '-s', `unixs:${kamailio.runDir}/sipd_ctl`, 'core.uptime'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\{\n\tnow: .*\n\tup_since: .*\n\tuptime: \d+\n\}\n$/);
    const ps = await runSipctl(['cmd', '-s', `${kamailio.runDir}/sipd_ctl`, 'ps'], { env });
    assert.match(ps.stdout, new RegExp(`^${String(kamailio.pid)}\\tmain process - attendant$`, 'm'));
    const fault = await runSipctl(['cmd', '-s', `${kamailio.runDir}/sipd_ctl`, 'ul.lookup', 'location', 'nobody'], { env });
    assert.equal(fault.code, 33);
    assert.match(fault.stderr, /500 AOR not found/);
    const noMethod = await runSipctl(['cmd', '-s', `${kamailio.runDir}/sipd_ctl`], { env });
    assert.equal(noMethod.code, 2, 'no prompt without a terminal');
  });

  it('nothing listening is E_RPC_CONNECT (exit 30) on every transport, as one line', async () => {
    const gone = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-nothing-'));
    try {
      const closedPort = await freePort('tcp');
      for (const url of [`unix:${gone}/sipd_ctl`, `fifo:${gone}/sipd_rpc.fifo`, `http://127.0.0.1:${String(closedPort)}/RPC`]) {
        const r = await runSipctl(['uptime', '--ctl', url, '--timeout', '2'], { env: cleanEnv({ HOME: home }) });
        assert.equal(r.code, 30, `${url}: ${r.stderr}`);
        assert.match(r.stderr, /^error: .+\[E_RPC_CONNECT\]\n$/, url);
        const json = await runSipctl(['uptime', '--ctl', url, '--json', '--timeout', '2'], { env: cleanEnv({ HOME: home }) });
        assert.equal(json.code, 30);
        assert.deepEqual(Object.keys(obj(obj(JSON.parse(json.stdout), 'doc')['error'], 'error')).sort(), ['code', 'exitCode', 'message']);
      }
    } finally {
      fs.rmSync(gone, { recursive: true, force: true });
    }
  });
});
