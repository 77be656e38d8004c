/**
 * socketPlan's aliases: what `alias=` lines become, in the order and with the repeats dropped as
 * Kamailio 5.6 lists them (measured with kamcmd corex.list_aliases, auto_aliases=no).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileScript } from '../../../src/cfg/compiler.js';
import { hostAliasList } from '../../../src/cfg/core-services.js';
import { MemoryCoreServices } from '../../../src/cfg/memory-core-services.js';
import { parseConfigText } from '../../../src/cfg/parse-config.js';
import { socketPlan } from '../../../src/daemon/listen-config.js';
import { BUILTIN_MODULES } from '../../../src/modules/builtin-modules.js';
import { ModuleRegistry } from '../../../src/modules/registry.js';

function plan(globals: string) {
  const { ast } = parseConfigText('t.cfg', `${globals}\nrequest_route {\n  drop;\n}\n`);
  const script = compileScript(ast, { host: new ModuleRegistry(BUILTIN_MODULES), core: new MemoryCoreServices() });
  return socketPlan(script.settings);
}

describe('socketPlan: alias=', () => {
  it('lists the last declared first, keeps the case, takes a quoted string whole as the host', () => {
    const p = plan(
      [
        'listen=udp:127.0.0.1:15099',
        'listen=tcp:127.0.0.1:15099',
        'alias=udp:foo.example.org',
        'alias="bar.example.net"',
        'alias=example.com:5060',
        'alias="quoted.example.com:5070"',
        'alias=tcp:Mixed.Example.ORG:5080',
      ].join('\n'),
    );
    // kamcmd corex.list_aliases against Kamailio 5.6 with these lines.
    assert.deepEqual(p.aliases, [
      { proto: 'tcp', host: 'Mixed.Example.ORG', port: 5080 },
      { proto: null, host: 'quoted.example.com:5070', port: null },
      { proto: null, host: 'example.com', port: 5060 },
      { proto: null, host: 'bar.example.net', port: null },
      { proto: 'udp', host: 'foo.example.org', port: null },
    ]);
  });

  it('drops repeats as add_alias does; host lists, IPv6 without brackets, `*` ports and protocols', () => {
    const p = plan(
      [
        'listen=udp:127.0.0.1:15098',
        'alias=[::1]:5060',
        'alias=::2',
        'alias=udp:(a.example.org, b.example.org):5062',
        'alias=a.example.org',
        'alias=a.example.org',
        'alias=A.example.org',
        'alias=tls:secure.example.org',
        'alias=sctp:s.example.org:*',
        'alias=10.0.0.1:5060',
      ].join('\n'),
    );
    // As Kamailio 5.6 listed the same lines.
    assert.deepEqual(p.aliases, [
      { proto: null, host: '10.0.0.1', port: 5060 },
      { proto: 'sctp', host: 's.example.org', port: null },
      { proto: 'tls', host: 'secure.example.org', port: null },
      { proto: null, host: 'a.example.org', port: null },
      { proto: 'udp', host: 'b.example.org', port: 5062 },
      { proto: 'udp', host: 'a.example.org', port: 5062 },
      { proto: null, host: '::2', port: null },
      { proto: null, host: '::1', port: 5060 },
    ]);
  });

  it('no alias= and auto_aliases (the default) give no aliases: sipd adds no reverse-DNS names', () => {
    assert.deepEqual(plan('listen=udp:127.0.0.1:15098').aliases, []);
    assert.deepEqual(plan('auto_aliases=yes\nlisten=udp:127.0.0.1:15098').aliases, []);
  });
});

describe('hostAliasList (add_alias)', () => {
  // Both as Kamailio 5.6 listed the same declarations.
  it('with port and protocol, an alias that covers it (any port or any protocol) makes it a repeat', () => {
    assert.deepEqual(
      hostAliasList([
        { proto: null, host: 'x.example', port: null },
        { proto: 'udp', host: 'X.EXAMPLE', port: 5060 },
        { proto: 'tcp', host: 'y.example', port: null },
        { proto: 'tcp', host: 'y.example', port: 5070 },
      ]),
      [
        { proto: 'tcp', host: 'y.example', port: null },
        { proto: null, host: 'x.example', port: null },
      ],
    );
  });

  it('without port or protocol, only an exact repeat is dropped (a narrower alias stays)', () => {
    assert.deepEqual(
      hostAliasList([
        { proto: 'udp', host: 'x.example', port: 5060 },
        { proto: null, host: 'x.example', port: null },
        { proto: null, host: 'x.example', port: 5060 },
        { proto: null, host: 'x.example', port: 0 },
        { proto: '*', host: 'x.example', port: 5060 },
      ]),
      [
        { proto: null, host: 'x.example', port: 5060 },
        { proto: null, host: 'x.example', port: null },
        { proto: 'udp', host: 'x.example', port: 5060 },
      ],
    );
  });

  it('isMyself matches an alias without case and on its port (any port when none)', () => {
    const core = new MemoryCoreServices({ aliases: [{ proto: 'udp', host: 'Mixed.Example.ORG', port: 5080 }, 'any.example.org', '[::1]:5062'] });
    assert.equal(core.isMyself('mixed.example.org', 5080), true);
    assert.equal(core.isMyself('mixed.example.org', null), false);
    assert.equal(core.isMyself('ANY.example.org', 1234), true);
    assert.equal(core.isMyself('[::1]', 5062), true);
    assert.deepEqual(core.aliases(), [
      { proto: null, host: '::1', port: 5062 },
      { proto: null, host: 'any.example.org', port: null },
      { proto: 'udp', host: 'Mixed.Example.ORG', port: 5080 },
    ]);
  });
});
