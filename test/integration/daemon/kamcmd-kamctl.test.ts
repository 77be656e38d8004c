import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DAEMON_FIXTURES, startSipd, udpExchange, type RunningSipd } from '../../support/sipd.js';
import { SHARED_REFERENCE } from '../../support/sipctl.js';

const KAMCMD = '/usr/sbin/kamcmd';
const KAMCTL = '/usr/sbin/kamctl';
const missing = [KAMCMD, KAMCTL].filter((f) => !fs.existsSync(f));
if (missing.length > 0 && process.env['CI'] === 'true') throw new Error(`${missing.join(', ')} missing: install the kamailio package`);

/** The lines of kamcmd's output with the values blanked: what kamcmd prints is then only the shape. */
function shape(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/: .*/, ':'))
    .filter((l) => l.trim() !== '');
}

function register(port: number, user: string, contactPort: number): Buffer {
  const callId = `reg-${user}-${String(Date.now())}`;
  return Buffer.from(
    [
      `REGISTER sip:127.0.0.1:${String(port)} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${String(contactPort)};branch=z9hG4bK${callId};rport`,
      'Max-Forwards: 70',
      `To: <sip:${user}@127.0.0.1>`,
      `From: <sip:${user}@127.0.0.1>;tag=r1`,
      `Call-ID: ${callId}`,
      'CSeq: 1 REGISTER',
      `Contact: <sip:${user}@127.0.0.1:${String(contactPort)}>`,
      'Expires: 3600',
      'User-Agent: sipd-test',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n'),
  );
}

describe('the real kamcmd and kamctl against sipd', { skip: missing.length > 0 ? `${missing.join(', ')} not installed` : false }, () => {
  let server: RunningSipd;
  let home: string;
  const kamcmd = (...args: string[]) => spawnSync(KAMCMD, ['-s', `unix:${server.ctl}`, ...args], { encoding: 'utf8', timeout: 10_000 });
  const kamctl = (...args: string[]) => spawnSync(KAMCTL, args, { encoding: 'utf8', timeout: 20_000, env: { PATH: process.env['PATH'] ?? '', HOME: home } });

  before(async () => {
    server = await startSipd(path.join(DAEMON_FIXTURES, 'stateless.cfg'));
    home = path.join(server.dir, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, '.kamctlrc'), `CTLENGINE=RPCFIFO\nRPCFIFOPATH=${path.join(server.dir, 'sipd_rpc.fifo')}\nSIP_DOMAIN=127.0.0.1\n`);
    for (const [user, p] of [['alice', 5060], ['bob', 5062]] as const) {
      assert.match((await udpExchange(server.port, register(server.port, user, p))) ?? '', /^SIP\/2\.0 200 OK/);
    }
  });
  after(async () => {
    await server.stop();
  });

  it('kamcmd prints core.uptime, core.version, core.psx and ul.* with the shapes Kamailio 5.6 gives', () => {
    const capture = (name: string) => fs.readFileSync(path.join(SHARED_REFERENCE, 'control', 'binrpc', `${name}.kamcmd.txt`), 'utf8').replace(/\nexit=\d+\n?$/, '\n');
    const uptime = kamcmd('core.uptime');
    assert.equal(uptime.status, 0, uptime.stderr);
    assert.deepEqual(shape(uptime.stdout), shape(capture('core.uptime')));
    assert.match(kamcmd('core.version').stdout, /^sipd \d+\.\d+\.\d+ \(\w+\/\w+\) \n$/);
    assert.deepEqual([...new Set(shape(kamcmd('core.psx').stdout))], [...new Set(shape(capture('core.psx')))]);
    // One contact per AoR here: the capture's contact block is its first one.
    const dump = shape(kamcmd('ul.dump').stdout);
    const captured = shape(capture('ul.dump'));
    const block = (lines: string[]) => lines.slice(lines.indexOf('\t\t\t\t\t\tContact: {'), lines.indexOf('\t\t\t\t\t\t}') + 1);
    assert.deepEqual(block(dump), block(captured));
    assert.deepEqual(dump.slice(0, 6), captured.slice(0, 6));
    assert.deepEqual(shape(kamcmd('ul.dump', 'brief').stdout).slice(0, 6), shape(capture('ul.dump.brief')).slice(0, 6));
    const lookup = kamcmd('ul.lookup', 'location', 'alice');
    assert.match(lookup.stdout, /AoR: alice\n\tContacts: \{\n\t\tContact: \{\n\t\t\tAddress: sip:alice@127\.0\.0\.1:5060/);
    const notFound = kamcmd('ul.lookup', 'location', 'nobody');
    assert.match(notFound.stderr + notFound.stdout, /500.*AOR not found in location table/);
  });

  it('kamcmd core.tcp_info counts the TCP listener and its open connections', async () => {
    assert.match(kamcmd('core.tcp_info').stdout, /readers: 1\n\tmax_connections: 2048\n\tmax_tls_connections: 0\n\topened_connections: 0\n/);
    const socket = net.connect(server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.match(kamcmd('core.tcp_info').stdout, /opened_connections: 1\n/);
    } finally {
      socket.destroy();
    }
  });

  it('kamcmd lists the methods and prints statistics as group:name = value', () => {
    const methods = kamcmd('system.listMethods').stdout.split('\n');
    for (const m of ['core.uptime', 'core.version', 'core.psx', 'ul.dump', 'ul.lookup', 'stats.get_statistics', 'system.listMethods']) assert.ok(methods.includes(m), `${m} missing`);
    const stats = kamcmd('stats.get_statistics', 'all').stdout.trim().split('\n');
    assert.ok(stats.length > 10);
    for (const line of stats) assert.match(line, /^[\w-]+:[\w-]+ = -?\d+$/);
    assert.ok(stats.includes('usrloc:registered_users = 2'), stats.join('\n'));
    // sl.stats: the same members as Kamailio's (JavaScript lists the numeric ones first).
    const sl = new Set(shape(kamcmd('sl.stats').stdout).filter((l) => l.startsWith('\t')));
    const captured = new Set(shape(fs.readFileSync(path.join(SHARED_REFERENCE, 'control', 'binrpc', 'sl.stats.kamcmd.txt'), 'utf8')).filter((l) => l.startsWith('\t')));
    assert.deepEqual(sl, captured);
    const sockets = kamcmd('corex.list_sockets').stdout;
    assert.match(sockets, new RegExp(`PROTO: udp\\n\\t\\tNAME: 127\\.0\\.0\\.1\\n\\t\\tADDRLIST: \\{\\n\\t\\t\\tADDR: 127\\.0\\.0\\.1\\n\\t\\t\\}\\n\\t\\tPORT: ${String(server.port)}`));
    // cfg.get/cfg.seti on core.debug, as kamcmd cfg.* does against Kamailio.
    assert.equal(kamcmd('cfg.get', 'core', 'debug').stdout.trim(), '0');
    assert.equal(kamcmd('cfg.seti', 'core', 'debug', '1').status, 0);
    assert.equal(kamcmd('cfg.get', 'core', 'debug').stdout.trim(), '1');
    assert.match(kamcmd('cfg.list').stdout, /^core: debug$/m);
    assert.equal(kamcmd('cfg.seti', 'core', 'debug', '0').status, 0);
    // corex.debug reads and changes the log level.
    assert.match(kamcmd('corex.debug').stdout, /debug: 0/);
    assert.match(kamcmd('corex.debug', '2').stdout, /old: 0\n\tnew: 2/);
    assert.match(kamcmd('corex.debug').stdout, /debug: 2/);
  });

  it('kamctl (CTLENGINE=RPCFIFO) runs ul show, uptime, ps, stats and ul rm against sipd', () => {
    const json = (args: string[]): unknown => {
      const r = kamctl(...args);
      assert.equal(r.status, 0, `kamctl ${args.join(' ')}: ${r.stderr}${r.stdout}`);
      return JSON.parse(r.stdout);
    };
    const show = json(['ul', 'show']);
    assert.match(JSON.stringify(show), /"AoR":"alice".*"Address":"sip:alice@127\.0\.0\.1:5060"/);
    assert.match(JSON.stringify(json(['uptime'])), /"result":\{"now":".+","up_since":".+","uptime":\d+\}/);
    assert.match(JSON.stringify(json(['ps'])), /"IDX":0,"PID":\d+,"DSC":"main process/);
    assert.match(JSON.stringify(json(['stats', 'usrloc'])), /usrloc:registered_users = 2/);
    const rm = kamctl('ul', 'rm', 'bob');
    assert.equal(rm.status, 0, rm.stderr + rm.stdout);
    assert.doesNotMatch(kamcmd('ul.dump', 'brief').stdout, /AoR: bob/);
  });
});
