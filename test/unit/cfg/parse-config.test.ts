import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CfgError } from '../../../src/cfg/cfg-error.js';
import { parseConfig, parseConfigText } from '../../../src/cfg/parse-config.js';
import type { Config, RouteBlock } from '../../../src/cfg/ast.js';
import { IN_CI, referenceDir, STOCK_CFG } from './cfg-test-support.js';

/** An empty working directory, so that no kamailio-local.cfg is picked up by accident. */
const cwd = mkdtempSync(path.join(os.tmpdir(), 'sipd-cfg-'));

const ALL_FEATURES = [
  'WITH_MYSQL', 'WITH_AUTH', 'WITH_IPAUTH', 'WITH_USRLOCDB', 'WITH_PRESENCE', 'WITH_MSGREBUILD', 'WITH_NAT', 'WITH_NATSIPPING',
  'WITH_RTPENGINE', 'WITH_PSTN', 'WITH_ALIASDB', 'WITH_SPEEDDIAL', 'WITH_MULTIDOMAIN', 'WITH_TLS', 'WITH_JSONRPC',
  'WITH_ANTIFLOOD', 'WITH_BLOCK3XX', 'WITH_BLOCK401407', 'WITH_VOICEMAIL', 'WITH_ACCDB', 'WITH_DEBUG',
];

const COMBINATIONS: readonly (readonly string[])[] = [
  [],
  ['WITH_MYSQL', 'WITH_AUTH', 'WITH_USRLOCDB'],
  ['WITH_MYSQL', 'WITH_AUTH', 'WITH_IPAUTH'],
  ['WITH_NAT'],
  ['WITH_NAT', 'WITH_RTPENGINE', 'WITH_NATSIPPING'],
  ['WITH_MYSQL', 'WITH_PRESENCE', 'WITH_MSGREBUILD'],
  ['WITH_TLS'],
  ['WITH_ANTIFLOOD'],
  ['WITH_MYSQL', 'WITH_ACCDB'],
  ['WITH_DEBUG'],
  ['WITH_JSONRPC'],
  ['WITH_PSTN', 'WITH_VOICEMAIL', 'WITH_BLOCK3XX', 'WITH_BLOCK401407'],
  ['WITH_MYSQL', 'WITH_ALIASDB', 'WITH_SPEEDDIAL', 'WITH_MULTIDOMAIN'],
  ALL_FEATURES,
];

function haveStock(t: { skip(message: string): void }): boolean {
  if (existsSync(STOCK_CFG)) return true;
  if (IN_CI) assert.fail(`${STOCK_CFG} is missing (CI installs the Debian kamailio package)`);
  t.skip(`${STOCK_CFG} is not installed here`);
  return false;
}

function stock(defines: readonly string[]): Config {
  return parseConfig(STOCK_CFG, { defines, cwd }).ast;
}

function routes(ast: Config): RouteBlock[] {
  return ast.items.filter((i): i is RouteBlock => i.kind === 'route');
}

describe('stock kamailio.cfg', () => {
  for (const defines of COMBINATIONS) {
    it(`parses with ${defines.length === 0 ? 'no defines' : defines.length > 5 ? 'every WITH_* define' : defines.join(' ')}`, (t) => {
      if (!haveStock(t)) return;
      const ast = stock(defines);
      assert.ok(routes(ast).length >= 18);
    });
  }

  it('fails like Kamailio when a DB feature is asked for without WITH_MYSQL', (t) => {
    if (!haveStock(t)) return;
    assert.throws(() => stock(['WITH_AUTH']), (e: unknown) => e instanceof CfgError && e.code === 'E_CFG_SYNTAX' && e.pos.line === 414 && e.pos.column === 31);
  });

  it('has the expected routes, in file order', (t) => {
    if (!haveStock(t)) return;
    assert.deepEqual(
      routes(stock([])).map((r) => `${r.type}${r.name === undefined ? '' : `[${r.name}]`}`),
      [
        'request', 'route[RELAY]', 'route[REQINIT]', 'route[WITHINDLG]', 'route[REGISTRAR]', 'route[LOCATION]', 'route[PRESENCE]',
        'route[AUTH]', 'route[NATDETECT]', 'route[NATMANAGE]', 'route[DLGURI]', 'route[SIPOUT]', 'route[PSTN]', 'route[TOVOICEMAIL]',
        'branch[MANAGE_BRANCH]', 'reply', 'onreply[MANAGE_REPLY]', 'failure[MANAGE_FAILURE]',
      ],
    );
    assert.ok(routes(stock(['WITH_JSONRPC'])).some((r) => r.type === 'event' && r.name === 'xhttp:request'));
  });

  it('has the expected modules, modparams and parameters under each define set', (t) => {
    if (!haveStock(t)) return;
    const count = (ast: Config, kind: string): number => ast.items.filter((i) => i.kind === kind).length;
    const none = stock([]);
    assert.equal(count(none, 'loadmodule'), 20);
    assert.equal(count(none, 'modparam'), 23); // as kamailio --cfg-print shows
    assert.deepEqual(
      none.items.flatMap((i) => (i.kind === 'param' ? [i.name] : [])),
      ['debug', 'log_stderror', 'memdbg', 'memlog', 'log_facility', 'log_prefix', 'children', 'tcp_connection_lifetime', 'tcp_max_connections', 'enable_sctp'],
    );
    const debug = none.items[0];
    assert.ok(debug?.kind === 'param' && debug.value.type === 'number' && debug.value.value === 2);
    const auth = stock(['WITH_MYSQL', 'WITH_AUTH', 'WITH_USRLOCDB']);
    assert.equal(count(auth, 'loadmodule'), 23);
    assert.equal(count(auth, 'modparam'), 30);
    const dburl = auth.items.find((i) => i.kind === 'modparam' && i.module === 'auth_db' && i.param === 'db_url');
    assert.ok(dburl?.kind === 'modparam' && dburl.value.type === 'string');
    assert.equal(dburl.value.value, 'mysql://kamailio:kamailiorw@localhost/kamailio');
    const all = stock(ALL_FEATURES);
    assert.equal(all.items.filter((i) => i.kind === 'cfgvar').length, 4);
    const extra = all.items.find((i) => i.kind === 'modparam' && i.param === 'log_extra');
    assert.ok(extra?.kind === 'modparam' && extra.value.type === 'string');
    assert.equal(extra.value.value, 'src_user=$fU;src_domain=$fd;src_ip=$si;dst_ouser=$tU;dst_user=$rU;dst_domain=$rd');
  });

  it('starts request_route with route(REQINIT) then route(NATDETECT)', (t) => {
    if (!haveStock(t)) return;
    const main = routes(stock([]))[0];
    assert.ok(main?.type === 'request');
    const [first, second] = main.body;
    assert.ok(first?.kind === 'call' && first.call.kind === 'route-call');
    assert.equal(first.call.name, 'REQINIT');
    assert.ok(second?.kind === 'call' && second.call.kind === 'route-call' && second.call.name === 'NATDETECT');
    assert.equal(first.pos.file, STOCK_CFG);
    assert.equal(first.pos.column, 2);
  });
});

describe('benchmark cfg files', () => {
  const dir = path.join(referenceDir, 'perf', 'kamailio');
  const present = existsSync(dir);
  const names = present ? readdirSync(dir).filter((f) => f.endsWith('.cfg')).sort() : [];
  it('are all present', (t) => {
    if (!present) {
      if (IN_CI) assert.fail(`${dir} is missing`);
      t.skip(`${dir} is not here`);
      return;
    }
    assert.deepEqual(names, ['s1-options.cfg', 's2-register.cfg', 's3-register-auth.cfg', 's4-proxy.cfg']);
  });
  for (const name of names) {
    it(`${name} parses, with common.inc included`, () => {
      const r = parseConfig(path.join(dir, name), { cwd });
      assert.deepEqual(r.ast.files.map((f) => path.basename(f)), [name, 'common.inc']);
      assert.equal(r.ast.compat, 'kamailio');
      const listen = r.ast.items.filter((i) => i.kind === 'param' && i.name === 'listen');
      assert.equal(listen.length, 2);
      assert.equal(r.warnings.length, 0);
    });
  }
});

describe('parseConfig', () => {
  it('reports a missing main file as E_IO', () => {
    assert.throws(() => parseConfig(path.join(cwd, 'none.cfg')), { code: 'E_IO' });
  });

  it('never throws anything but CfgError, and ends, on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          parseConfigText('t.cfg', text, { cwd, readFile: () => undefined });
        } catch (e) {
          if (!(e instanceof CfgError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws anything but CfgError, and ends, on mutations of the stock cfg', (t) => {
    if (!haveStock(t)) return;
    const text = readFileSync(STOCK_CFG, 'utf8');
    const alphabet = ['{', '}', '(', ')', ';', '"', "'", '$', '#!endif\n', '#!ifdef X\n', '/*', '*/', '=', '==', '\n', ' ', 'route', 'if', 'else', '#!define A A\nA', '@', '[', ']', ':', '.', 'myself', 'include_file "x"\n'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: 20 }), fc.constantFrom(...alphabet)), { minLength: 1, maxLength: 4 }),
        (edits) => {
          let mutated = text;
          for (const [at, remove, insert] of edits) {
            const p = Math.min(at, mutated.length);
            mutated = mutated.slice(0, p) + insert + mutated.slice(p + remove);
          }
          try {
            parseConfigText(STOCK_CFG, mutated, { cwd, readFile: () => undefined, defines: ['WITH_MYSQL', 'WITH_AUTH'] });
          } catch (e) {
            if (!(e instanceof CfgError)) throw e;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
