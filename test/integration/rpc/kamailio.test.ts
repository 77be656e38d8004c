/**
 * The RPC clients against a real Kamailio 5.6: every transport (BINRPC over unix stream, unix
 * datagram, TCP, UDP; JSON-RPC over FIFO, datagram socket, HTTP) answers the same calls with
 * the shapes PROTOCOLS.md §5 describes.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createRpcClient, type RpcClient } from '../../../src/rpc/client.js';
import { RpcFaultError } from '../../../src/rpc/rpc-fault.js';
import { asList, isRpcArray, isRpcStruct, RpcDouble, type RpcValue } from '../../../src/rpc/rpc-value.js';
import { AppError } from '../../../src/errors.js';
import { freePort, freeTcpUdpPort, JSONRPC_HTTP_ROUTE, kamailioCfg, kamailioSkipReason, startKamailio, type RunningKamailio } from '../../support/kamailio.js';

interface Ports {
  readonly sip: number;
  readonly http: number;
  readonly ctlTcp: number;
  readonly ctlUdp: number;
}

function cfg(dir: string, ports: Ports): string {
  const run = path.join(dir, 'run');
  return kamailioCfg({
    listen: [`udp:127.0.0.1:${ports.sip}`, `tcp:127.0.0.1:${ports.http}`],
    core: ['use_dns_cache=off', 'tcp_accept_no_cl=yes'],
    modules: ['kex', 'corex', 'tm', 'sl', 'pv', 'usrloc', 'registrar', 'xhttp', 'jsonrpcs', 'ctl'],
    modparams: {
      ctl: { binrpc: [`unix:${run}/kamailio_ctl`, `unixd:${run}/kamailio_ctl.dgram`, `tcp:127.0.0.1:${ports.ctlTcp}`, `udp:127.0.0.1:${ports.ctlUdp}`] },
      jsonrpcs: { transport: 0, pretty_format: 1, fifo_name: `${run}/kamailio_rpc.fifo`, fifo_reply_dir: `${dir}/`, dgram_socket: `${run}/kamailio_rpc.sock` },
      usrloc: { db_mode: 0 },
    },
    routes: `request_route {
	if (method == "REGISTER") {
		save("location");
		exit;
	}
	sl_send_reply("404", "Not here");
	exit;
}

${JSONRPC_HTTP_ROUTE}`,
  });
}

function struct(value: RpcValue | undefined, what: string): Readonly<Record<string, RpcValue>> {
  assert.ok(value !== undefined && isRpcStruct(value), `${what} should be an object, got ${JSON.stringify(value)}`);
  return value;
}

const skip = kamailioSkipReason();

describe('RPC clients against a real Kamailio 5.6', { skip: skip ?? false }, () => {
  let kamailio: RunningKamailio | undefined;
  let ports: Ports;
  const transports: Record<string, () => string> = {};

  before(async () => {
    ports = { sip: await freeTcpUdpPort(), http: await freePort('tcp'), ctlTcp: await freePort('tcp'), ctlUdp: await freePort('udp') };
    kamailio = await startKamailio({
      prefix: 'sipctl-rpc-',
      cfg: (dir) => cfg(dir, ports),
      waitFor: {
        paths: ['kamailio_ctl', 'kamailio_ctl.dgram', 'kamailio_rpc.fifo', 'kamailio_rpc.sock'].map((name) => `run/${name}`),
        tcpPorts: [ports.http, ports.ctlTcp],
      },
    });
    const run = kamailio.runDir;
    Object.assign(transports, {
      'binrpc unix stream': () => `unix:${run}/kamailio_ctl`,
      'binrpc unix datagram': () => `unixd:${run}/kamailio_ctl.dgram`,
      'binrpc tcp': () => `tcp:127.0.0.1:${ports.ctlTcp}`,
      'binrpc udp': () => `udp:127.0.0.1:${ports.ctlUdp}`,
      'jsonrpc fifo': () => `fifo:${run}/kamailio_rpc.fifo`,
      'jsonrpc datagram': () => `jsonunixd:${run}/kamailio_rpc.sock`,
      'jsonrpc http': () => `http://127.0.0.1:${ports.http}/RPC`,
    });
  });

  after(async () => {
    await kamailio?.stop();
  });

  const names = ['binrpc unix stream', 'binrpc unix datagram', 'binrpc tcp', 'binrpc udp', 'jsonrpc fifo', 'jsonrpc datagram', 'jsonrpc http'];
  for (const [index, name] of names.entries()) {
    describe(name, () => {
      let client: RpcClient;
      before(() => {
        const url = transports[name];
        assert.ok(url !== undefined && kamailio !== undefined);
        client = createRpcClient(url(), { timeoutMs: 5000, replyDir: kamailio.dir });
      });
      after(async () => {
        await client.close();
      });

      it('core.uptime gives now, up_since and uptime', async () => {
        const up = struct(await client.call('core.uptime', []), 'core.uptime');
        assert.equal(typeof up.now, 'string');
        assert.equal(typeof up.up_since, 'string');
        assert.equal(typeof up.uptime, 'number');
      });

      it('core.version is the version string', async () => {
        const version = await client.call('core.version', []);
        assert.ok(typeof version === 'string');
        assert.match(version, /^kamailio 5\.6\.\d+ /);
      });

      it('system.listMethods lists the methods, sorted', async () => {
        const methods = await client.call('system.listMethods', [], { returns: 'list' });
        assert.ok(isRpcArray(methods));
        for (const method of ['core.uptime', 'ul.dump', 'ul.add', 'stats.get_statistics']) assert.ok(methods.includes(method), method);
        const strings = methods.map(String);
        assert.deepEqual([...strings].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : a === b ? 0 : 1)), strings);
      });

      it('stats.get_statistics all gives "group:name = value" strings', async () => {
        const stats = await client.call('stats.get_statistics', ['all'], { returns: 'list' });
        assert.ok(isRpcArray(stats) && stats.length > 10);
        const lines = stats.map((line) => (typeof line === 'string' ? line : JSON.stringify(line)));
        for (const line of lines) assert.match(line, /^[\w-]+:[\w-]+ = -?\d+$/);
        assert.ok(lines.some((line) => line.startsWith('usrloc:')));
      });

      it('ul.add then ul.lookup and ul.dump show the contact', async () => {
        const aor = `user${index}`;
        const contact = `sip:${aor}@127.0.0.1:${40000 + index}`;
        const added = await client.call('ul.add', ['location', aor, contact, 3600, new RpcDouble(0.5), '', 0, 0, 4294967295]);
        assert.deepEqual(added, {});

        const found = struct(await client.call('ul.lookup', ['location', aor]), 'ul.lookup');
        assert.equal(found.AoR, aor);
        const contacts = asList(found.Contacts);
        assert.equal(contacts.length, 1);
        const entry = struct(struct(contacts[0], 'contact entry').Contact, 'Contact');
        assert.equal(entry.Address, contact);
        assert.equal(entry.Q, 0.5);
        assert.equal(typeof entry.Expires, 'number');
        // u-typed: JSON shows the unsigned value, BINRPC the 32-bit signed one.
        assert.ok(entry.Methods === 4294967295 || entry.Methods === -1);

        const dump = struct(await client.call('ul.dump', []), 'ul.dump');
        const domains = asList(dump.Domains).map((d) => struct(struct(d, 'domain entry').Domain, 'Domain'));
        const location = domains.find((d) => d.Domain === 'location');
        assert.ok(location !== undefined, 'the location domain is listed');
        const aors = asList(location.AoRs).map((item) => struct(struct(item, 'AoR entry').Info, 'Info').AoR);
        assert.ok(aors.includes(aor), `${aor} in ${JSON.stringify(aors)}`);

        const brief = struct(await client.call('ul.dump', ['brief']), 'ul.dump brief');
        const briefDomains = asList(brief.Domains).map((d) => struct(struct(d, 'domain entry').Domain, 'Domain'));
        const briefAors = briefDomains.flatMap((d) => asList(d.AoRs).map((item) => struct(item, 'AoR entry').AoR));
        assert.ok(briefAors.includes(aor));
      });

      it('a fault is E_RPC_FAULT with the code and text', async () => {
        await assert.rejects(client.call('ul.lookup', ['location', 'nobody-here']), (error: unknown) => {
          assert.ok(error instanceof RpcFaultError);
          assert.equal(error.code, 'E_RPC_FAULT');
          assert.equal(error.faultCode, 500);
          assert.match(error.message, /500 AOR not found in location table/);
          return true;
        });
        await assert.rejects(client.call('no.such.method', []), (error: unknown) => error instanceof AppError && error.code === 'E_RPC_FAULT');
      });

      it('the same client serves further calls after a fault', async () => {
        assert.equal(typeof (await client.call('core.version', [])), 'string');
      });
    });
  }
});
