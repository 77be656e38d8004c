import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../../src/errors.js';
import { RpcFault, type RpcMethod } from '../../../../src/rpc/rpc-method.js';
import { RpcDispatcher, type RpcOrigin } from '../../../../src/rpc/server/dispatcher.js';
import { RpcRegistry } from '../../../../src/rpc/server/registry.js';
import type { RpcServerLogger } from '../../../../src/rpc/server/server-logger.js';

const BINRPC: RpcOrigin = { protocol: 'binrpc', transport: 'unix-stream', listener: 'unix:/x' };
const JSONRPC: RpcOrigin = { protocol: 'jsonrpc', transport: 'fifo', listener: 'fifo:/x' };

function method(name: string, doc = 'Does things.\nMore lines.'): RpcMethod {
  return { name, doc, handler: () => name };
}

describe('RpcRegistry', () => {
  it('looks methods up by name and lists them sorted by byte value, system.* included', () => {
    const registry = new RpcRegistry();
    registry.register([method('ul.dump'), method('core.uptime'), method('Z.upper')], 'test');
    assert.equal(registry.get('ul.dump')?.name, 'ul.dump');
    assert.equal(registry.get('nope'), undefined);
    assert.deepEqual(registry.names(), ['Z.upper', 'core.uptime', 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'ul.dump']);
  });

  it('refuses a duplicate name, all or nothing, naming both owners', () => {
    const registry = new RpcRegistry();
    registry.register([method('ul.dump')], 'usrloc');
    assert.throws(
      () => {
        registry.register([method('ul.new'), method('ul.dump')], 'other');
      },
      (error: unknown) => error instanceof AppError && error.code === 'E_EXISTS' && /ul\.dump of other is already registered by usrloc/.test(error.message),
    );
    assert.equal(registry.has('ul.new'), false);
    assert.throws(() => {
      registry.register([method('a.b'), method('a.b')], 'x');
    }, /already registered/);
    assert.throws(() => {
      registry.register([method('system.listMethods')], 'x');
    }, /by core/);
    assert.throws(() => {
      registry.register([method('has space')], 'x');
    }, /printable name/);
  });
});

describe('system.* methods', () => {
  const registry = new RpcRegistry();
  registry.register([method('core.uptime', 'Returns uptime of SIP server.'), method('x.nodoc', '')], 'test');
  const dispatcher = new RpcDispatcher(registry);

  it('system.listMethods is a list of every name', async () => {
    assert.deepEqual(await dispatcher.dispatch('system.listMethods', [], BINRPC), { kind: 'result', value: [...registry.names()], returns: 'list' });
  });

  it('system.methodHelp answers the first doc line, "undocumented", or Kamailio\'s faults', async () => {
    assert.deepEqual(await dispatcher.dispatch('system.methodHelp', ['core.uptime'], BINRPC), { kind: 'result', value: 'Returns uptime of SIP server.', returns: 'value' });
    assert.deepEqual(await dispatcher.dispatch('system.methodHelp', ['x.nodoc'], BINRPC), { kind: 'result', value: 'undocumented', returns: 'value' });
    assert.deepEqual(await dispatcher.dispatch('system.methodHelp', ['no.such'], BINRPC), { kind: 'fault', code: 400, message: 'command not found' });
    assert.deepEqual(await dispatcher.dispatch('system.methodHelp', [], BINRPC), { kind: 'fault', code: 400, message: 'Method Name Expected' });
  });

  it('system.methodSignature is 500 "Not Implemented Yet"', async () => {
    assert.deepEqual(await dispatcher.dispatch('system.methodSignature', ['core.uptime'], JSONRPC), { kind: 'fault', code: 500, message: 'Not Implemented Yet' });
  });
});

describe('RpcDispatcher', () => {
  const logged: { level: string; details: Record<string, unknown>; message: string }[] = [];
  const log =
    (level: string) =>
    (details: Record<string, unknown>, message: string): void => {
      logged.push({ level, details, message });
    };
  const logger: RpcServerLogger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const registry = new RpcRegistry();
  registry.register(
    [
      { name: 't.fault', doc: '', handler: (ctx) => Promise.reject(ctx.fault(404, 'not here')) },
      { name: 't.throw', doc: '', handler: () => JSON.parse('{') as never },
      { name: 't.async', doc: '', handler: async (ctx) => ({ method: ctx.method, params: [...ctx.params] }) },
      { name: 't.origin', doc: '', handler: (ctx) => ('origin' in ctx ? (ctx.origin as RpcOrigin).transport : 'none') },
      { name: 't.hang', doc: '', handler: () => new Promise<never>(() => undefined) },
      { name: 't.sync', doc: '', handler: () => { throw new RpcFault(606, 'rpc available only over binrpc (ctl)'); } },
    ],
    'test',
  );
  const dispatcher = new RpcDispatcher(registry, { logger, handlerTimeoutMs: 50 });

  it('passes method and params, and the origin', async () => {
    assert.deepEqual(await dispatcher.dispatch('t.async', ['a', 1], JSONRPC), { kind: 'result', value: { method: 't.async', params: ['a', 1] }, returns: 'value' });
    assert.deepEqual(await dispatcher.dispatch('t.origin', [], BINRPC), { kind: 'result', value: 'unix-stream', returns: 'value' });
  });

  it('turns an RpcFault, thrown or rejected, into a fault', async () => {
    assert.deepEqual(await dispatcher.dispatch('t.fault', [], BINRPC), { kind: 'fault', code: 404, message: 'not here' });
    assert.deepEqual(await dispatcher.dispatch('t.sync', [], BINRPC), { kind: 'fault', code: 606, message: 'rpc available only over binrpc (ctl)' });
  });

  it('turns any other exception into a logged, counted 500 without the parameters', async () => {
    const before = dispatcher.stats.internalErrors;
    assert.deepEqual(await dispatcher.dispatch('t.throw', ['secret-password'], BINRPC), { kind: 'fault', code: 500, message: 'Internal server error' });
    assert.equal(dispatcher.stats.internalErrors, before + 1);
    const line = logged.find((entry) => entry.message === 'RPC handler failed');
    assert.ok(line);
    assert.equal(line.details.method, 't.throw');
    assert.doesNotMatch(JSON.stringify(logged), /secret-password/);
  });

  it('answers a handler that never finishes with a 500 after the timeout', async () => {
    assert.deepEqual(await dispatcher.dispatch('t.hang', [], BINRPC), { kind: 'fault', code: 500, message: 'Internal server error: t.hang timed out' });
    assert.equal(dispatcher.stats.timeouts, 1);
  });

  it('unknown methods: the ctl module\'s and jsonrpcs\' texts', async () => {
    assert.deepEqual(await dispatcher.dispatch('no.such.method', [], BINRPC), { kind: 'fault', code: 500, message: 'command no.such.method not found' });
    assert.deepEqual(await dispatcher.dispatch('no.such.method', [], JSONRPC), { kind: 'fault', code: 500, message: 'Method Not Found' });
    assert.equal(dispatcher.stats.unknownMethods, 2);
  });
});
