/**
 * `alias=` names as the control protocols show them: the real kamcmd prints corex.list_aliases
 * and core.aliases_list from sipd and from a real Kamailio 5.6 given the same alias lines, and
 * the outputs must be equal; so must the JSON-RPC results (over the FIFO) and `sipctl srv
 * aliases`, as a table and as --json. Kamailio runs with auto_aliases=no: with it on, Kamailio
 * adds the reverse-DNS names of its listen addresses (`localhost` for 127.0.0.1), sipd adds none.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freeTcpUdpPort, kamailioCfg, kamailioSkipReason, startKamailio, type RunningKamailio } from '../../support/kamailio.js';
import { startSipd, type RunningSipd } from '../../support/sipd.js';
import { cleanEnv, runSipctl, type RunResult } from '../../support/sipctl.js';

const KAMCMD = '/usr/sbin/kamcmd';
const kamcmdMissing = !fs.existsSync(KAMCMD);
if (kamcmdMissing && process.env['CI'] === 'true') throw new Error(`${KAMCMD} missing: install the kamailio package`);
const skip = kamailioSkipReason() ?? (kamcmdMissing ? `${KAMCMD} not installed` : undefined);

/** Protocols, quoted names, ports, case, a host list, IPv6 and repeats. */
const ALIAS_LINES = [
  'alias=udp:foo.example.org',
  'alias="bar.example.net"',
  'alias=example.com:5060',
  'alias="quoted.example.com:5070"',
  'alias=tcp:Mixed.Example.ORG:5080',
  'alias=tls:secure.example.org',
  'alias=udp:(a.example.org, b.example.org):5062',
  'alias=a.example.org',
  'alias=A.example.org',
  'alias=[::1]:5060',
  'alias=10.0.0.1',
];

const ROUTE = `request_route {
	if (method == "OPTIONS") { sl_send_reply("200", "OK"); exit; }
	sl_send_reply("404", "Not here");
}
`;

function sipdCfg(dir: string, aliases: readonly string[] = ALIAS_LINES): string {
  return `#!KAMAILIO
debug=0
log_stderror=yes
listen=udp:127.0.0.1:PORT
listen=tcp:127.0.0.1:PORT
${aliases.join('\n')}
loadmodule "sl.so"
loadmodule "corex.so"
loadmodule "ctl.so"
loadmodule "jsonrpcs.so"
modparam("jsonrpcs", "fifo_reply_dir", "${dir}/")
${ROUTE}`;
}

function kamailioAliasCfg(dir: string, port: number): string {
  const run = path.join(dir, 'run');
  return kamailioCfg({
    listen: [`udp:127.0.0.1:${String(port)}`, `tcp:127.0.0.1:${String(port)}`],
    core: ALIAS_LINES,
    modules: ['sl', 'corex', 'ctl', 'jsonrpcs'],
    modparams: {
      ctl: { binrpc: `unix:${run}/sipd_ctl` },
      jsonrpcs: { transport: 2, fifo_name: `${run}/sipd_rpc.fifo`, fifo_reply_dir: `${dir}/` },
    },
    routes: ROUTE,
  });
}

/** What kamcmd printed for the first alias= lines (Kamailio 5.6, auto_aliases=no). */
const FIRST_ALIAS = '{\n\tPROTO: *\n\tADDR: 10.0.0.1\n\tPORT: 0\n}\n';

describe('aliases: sipd and a real Kamailio 5.6 with the same alias= lines', { skip: skip ?? false }, () => {
  let sipd: RunningSipd | undefined;
  let kamailio: RunningKamailio | undefined;
  let sipdDir = '';

  before(async () => {
    sipdDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-aliases-'));
    const cfgPath = path.join(sipdDir, 'sipd.cfg');
    fs.writeFileSync(cfgPath, sipdCfg(sipdDir));
    const port = await freeTcpUdpPort();
    [sipd, kamailio] = await Promise.all([
      startSipd(cfgPath),
      startKamailio({ prefix: 'sipctl-aliases-', cfg: (dir) => kamailioAliasCfg(dir, port), waitFor: { paths: ['run/sipd_ctl', 'run/sipd_rpc.fifo'] } }),
    ]);
  });

  after(async () => {
    await Promise.all([sipd?.stop(), kamailio?.stop()]);
    if (sipdDir !== '') fs.rmSync(sipdDir, { recursive: true, force: true });
  });

  const kamcmd = (socket: string, method: string): string => {
    const r = spawnSync(KAMCMD, ['-s', `unix:${socket}`, method], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    return r.stdout;
  };
  const sockets = (): { sipd: string; kamailio: string } => {
    assert.ok(sipd !== undefined && kamailio !== undefined);
    return { sipd: sipd.ctl, kamailio: path.join(kamailio.runDir, 'sipd_ctl') };
  };
  /** sipctl over JSON-RPC on the FIFO (or BINRPC) of sipd or of Kamailio. */
  const sipctl = (server: 'sipd' | 'kamailio', args: readonly string[], engine: 'RPCFIFO' | 'BINRPC' = 'RPCFIFO'): Promise<RunResult> => {
    assert.ok(sipd !== undefined && kamailio !== undefined);
    const env =
      server === 'sipd'
        ? cleanEnv({ HOME: sipdDir, CTLENGINE: engine, RUNDIR: sipd.dir, RPCFIFOREPLYDIR: sipdDir })
        : cleanEnv({ HOME: sipdDir, CTLENGINE: engine, RUNDIR: kamailio.runDir, RPCFIFOREPLYDIR: kamailio.dir });
    return runSipctl(args, { env, timeoutMs: 60_000 });
  };

  it('kamcmd corex.list_aliases prints the same from both', () => {
    const s = sockets();
    const fromKamailio = kamcmd(s.kamailio, 'corex.list_aliases');
    assert.ok(fromKamailio.startsWith(FIRST_ALIAS), fromKamailio);
    assert.equal(kamcmd(s.sipd, 'corex.list_aliases'), fromKamailio);
  });

  it('kamcmd core.aliases_list prints the same from both', () => {
    const s = sockets();
    const fromKamailio = kamcmd(s.kamailio, 'core.aliases_list');
    assert.match(fromKamailio, /^\{\n\tmyself_callbacks: no\n\taliases: \{\n\t\talias: \{\n\t\t\tproto: \*\n\t\t\taddress: 10\.0\.0\.1\n\t\t\tport: \*\n/);
    assert.equal(kamcmd(s.sipd, 'core.aliases_list'), fromKamailio);
  });

  for (const method of ['corex.list_aliases', 'core.aliases_list']) {
    it(`JSON-RPC ${method} gives the same result from both`, async () => {
      const [fromSipd, fromKamailio] = await Promise.all([sipctl('sipd', ['rpc', method, '--json']), sipctl('kamailio', ['rpc', method, '--json'])]);
      assert.equal(fromKamailio.code, 0, fromKamailio.stderr);
      assert.equal(fromSipd.code, 0, fromSipd.stderr);
      assert.deepEqual(JSON.parse(fromSipd.stdout), JSON.parse(fromKamailio.stdout));
    });
  }

  for (const engine of ['RPCFIFO', 'BINRPC'] as const) {
    it(`sipctl srv aliases (${engine}) shows the same table and --json for both`, async () => {
      const [text, json, kText, kJson] = await Promise.all([
        sipctl('sipd', ['srv', 'aliases'], engine),
        sipctl('sipd', ['srv', 'aliases', '--json'], engine),
        sipctl('kamailio', ['srv', 'aliases'], engine),
        sipctl('kamailio', ['srv', 'aliases', '--json'], engine),
      ]);
      for (const r of [text, json, kText, kJson]) assert.equal(r.code, 0, r.stderr);
      assert.equal(text.stdout, kText.stdout);
      assert.deepEqual(JSON.parse(json.stdout), JSON.parse(kJson.stdout));
      assert.deepEqual(JSON.parse(json.stdout), {
        what: 'aliases',
        aliases: [
          { proto: '*', address: '10.0.0.1', port: 0 },
          { proto: '*', address: '::1', port: 5060 },
          { proto: '*', address: 'a.example.org', port: 0 },
          { proto: 'udp', address: 'b.example.org', port: 5062 },
          { proto: 'udp', address: 'a.example.org', port: 5062 },
          { proto: 'tls', address: 'secure.example.org', port: 0 },
          { proto: 'tcp', address: 'Mixed.Example.ORG', port: 5080 },
          { proto: '*', address: 'quoted.example.com:5070', port: 0 },
          { proto: '*', address: 'example.com', port: 5060 },
          { proto: '*', address: 'bar.example.net', port: 0 },
          { proto: 'udp', address: 'foo.example.org', port: 0 },
        ],
      });
      // The table's cells, row by row: * for any protocol or port.
      const rows = text.stdout
        .split('\n')
        .filter((r) => r.startsWith('│'))
        .map((r) => r.split('│').slice(1, -1).map((c) => c.trim()));
      assert.deepEqual(rows[0], ['proto', 'address', 'port']);
      assert.deepEqual(rows[1], ['*', '10.0.0.1', '*']);
      assert.deepEqual(rows[7], ['tcp', 'Mixed.Example.ORG', '5080']);
      assert.equal(rows.length, 12);
    });
  }
});

describe('aliases: none declared', { skip: skip ?? false }, () => {
  let sipd: RunningSipd | undefined;
  let dir = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipd-noaliases-'));
    const cfgPath = path.join(dir, 'sipd.cfg');
    fs.writeFileSync(cfgPath, sipdCfg(dir, []));
    sipd = await startSipd(cfgPath);
  });

  after(async () => {
    await sipd?.stop();
    if (dir !== '') fs.rmSync(dir, { recursive: true, force: true });
  });

  it('kamcmd prints what it printed against Kamailio 5.6 (auto_aliases=no, no alias=)', async () => {
    assert.ok(sipd !== undefined);
    const run = (method: string) => spawnSync(KAMCMD, ['-s', `unix:${sipd?.ctl ?? ''}`, method], { encoding: 'utf8', timeout: 10_000 });
    const list = run('corex.list_aliases');
    assert.equal(list.status, 0, list.stderr);
    assert.equal(list.stdout, '');
    const core = run('core.aliases_list');
    assert.equal(core.status, 0, core.stderr);
    assert.equal(core.stdout, '{\n\tmyself_callbacks: no\n\taliases: {\n\t}\n}\n');
    const text = await runSipctl(['srv', 'aliases'], { env: cleanEnv({ HOME: dir, CTLENGINE: 'BINRPC', RUNDIR: sipd.dir }) });
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout.trim(), 'no aliases');
  });
});
