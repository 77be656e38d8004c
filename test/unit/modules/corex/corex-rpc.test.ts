/**
 * corex's RPC methods in Kamailio 5.6's reply shapes. The expected values are what Kamailio
 * 5.6 answered (jsonrpcs FIFO, kamcmd) with these lines and auto_aliases=no:
 *
 *   alias=udp:foo.example.org
 *   alias="bar.example.net"
 *   alias=example.com:5060
 *   alias="quoted.example.com:5070"
 *   alias=tcp:Mixed.Example.ORG:5080
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileScript } from '../../../../src/cfg/compiler.js';
import type { HostAlias } from '../../../../src/cfg/core-services.js';
import { MemoryCoreServices } from '../../../../src/cfg/memory-core-services.js';
import { parseConfigText } from '../../../../src/cfg/parse-config.js';
import { BUILTIN_MODULES } from '../../../../src/modules/builtin-modules.js';
import { ModuleRegistry } from '../../../../src/modules/registry.js';
import { RpcFault, type RpcMethod } from '../../../../src/rpc/rpc-method.js';
import type { RpcValue } from '../../../../src/rpc/rpc-value.js';
import { resultRecords } from '../../../../src/rpc/server/binrpc-answer.js';

/** The alias= lines above, in script order (test/unit/daemon/listen-config.test.ts parses them). */
const ALIASES: readonly HostAlias[] = [
  { proto: 'udp', host: 'foo.example.org', port: null },
  { proto: null, host: 'bar.example.net', port: null },
  { proto: null, host: 'example.com', port: 5060 },
  { proto: null, host: 'quoted.example.com:5070', port: null },
  { proto: 'tcp', host: 'Mixed.Example.ORG', port: 5080 },
];

/** corex's methods over a core with these aliases. */
async function corexMethods(aliases: readonly HostAlias[]): Promise<readonly RpcMethod[]> {
  const { ast } = parseConfigText('t.cfg', 'loadmodule "corex.so"\nrequest_route {\n  drop;\n}\n');
  const core = new MemoryCoreServices({ aliases });
  const registry = new ModuleRegistry(BUILTIN_MODULES);
  compileScript(ast, { host: registry, core });
  await registry.init();
  return registry.instance('corex')?.rpc ?? [];
}

async function call(methods: readonly RpcMethod[], name: string): Promise<RpcValue> {
  const method = methods.find((m) => m.name === name);
  assert.ok(method !== undefined, `${name} is served`);
  return method.handler({ method: name, params: [], fault: (code, message) => new RpcFault(code, message) });
}

describe('corex.list_aliases', () => {
  it('lists one struct per alias, last declared first, PROTO * and PORT 0 for any (as Kamailio 5.6)', async () => {
    const methods = await corexMethods(ALIASES);
    const method = methods.find((m) => m.name === 'corex.list_aliases');
    assert.ok(method !== undefined);
    assert.equal(method.returns, 'list');
    assert.equal(method.doc, 'List socket aliases');
    const got = await call(methods, 'corex.list_aliases');
    // Kamailio's JSON-RPC result.
    assert.deepEqual(got, [
      { PROTO: 'tcp', ADDR: 'Mixed.Example.ORG', PORT: 5080 },
      { PROTO: '*', ADDR: 'quoted.example.com:5070', PORT: 0 },
      { PROTO: '*', ADDR: 'example.com', PORT: 5060 },
      { PROTO: '*', ADDR: 'bar.example.net', PORT: 0 },
      { PROTO: 'udp', ADDR: 'foo.example.org', PORT: 0 },
    ]);
    // Over BINRPC: each alias a top-level struct of PROTO (str), ADDR (str), PORT (int).
    const records = resultRecords(got, 'list');
    assert.equal(records.length, 5);
    assert.deepEqual(records[1], {
      type: 'struct',
      items: [
        { type: 'str', value: '*', name: 'PROTO' },
        { type: 'str', value: 'quoted.example.com:5070', name: 'ADDR' },
        { type: 'int', value: 0, name: 'PORT' },
      ],
    });
  });

  it('is empty without aliases (Kamailio: result [], kamcmd prints nothing)', async () => {
    const got = await call(await corexMethods([]), 'corex.list_aliases');
    assert.deepEqual(got, []);
    assert.deepEqual(resultRecords(got, 'list'), []);
  });
});
