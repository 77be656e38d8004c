import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CfgSemanticErrors, compileScript } from '../../../src/cfg/compiler.js';
import { MemoryCoreServices } from '../../../src/cfg/memory-core-services.js';
import { parseConfig } from '../../../src/cfg/parse-config.js';
import { BUILTIN_MODULES } from '../../../src/modules/builtin-modules.js';
import { ModuleRegistry } from '../../../src/modules/registry.js';
import { engine, request } from '../modules/engine-harness.js';
import { parseText, STOCK_CFG } from './cfg-test-support.js';

function compile(text: string): void {
  const { ast } = parseText(text);
  compileScript(ast, { host: new ModuleRegistry(BUILTIN_MODULES), core: new MemoryCoreServices() });
}

function semanticError(text: string): CfgSemanticErrors {
  try {
    compile(text);
  } catch (e) {
    assert.ok(e instanceof CfgSemanticErrors, String(e));
    assert.equal(e.code, 'E_CFG_SEMANTIC');
    return e;
  }
  assert.fail('expected a semantic error');
}

const M = 'loadmodule "sl.so"\nloadmodule "pv.so"\nloadmodule "textops.so"\n';

// [name, script, line, column, message fragment]
const CASES: readonly (readonly [string, string, number, number, RegExp])[] = [
  ['unknown module', 'loadmodule "nosuch.so"\n', 1, 1, /unknown module "nosuch"/],
  ['module loaded twice', 'loadmodule "sl.so"\nloadmodule "sl"\n', 2, 1, /module "sl" is loaded twice/],
  ['unknown module by path', 'loadmodule "/usr/lib/kamailio/modules/nosuchmod.so"\n', 1, 1, /unknown module "nosuchmod"/],
  ['modparam of a module not loaded', 'modparam("sl", "default_code", 500)\n', 1, 10, /no loaded module matches "sl"/],
  ['unknown modparam', `${M}modparam("sl", "no_such", 1)\n`, 4, 16, /no parameter "no_such"/],
  ['modparam string for an int', `${M}modparam("sl", "default_code", "500")\n`, 4, 32, /takes an integer/],
  ['modparam int for a string', `${M}modparam("sl", "default_reason", 5)\n`, 4, 34, /takes a string/],
  ['unknown global parameter', 'no_such_param = 1\n', 1, 1, /unknown global parameter "no_such_param"/],
  ['global parameter of the wrong type', 'children = "four"\n', 1, 1, /takes a number/],
  ['unknown function', `${M}request_route {\n  t_relay();\n}\n`, 5, 3, /unknown function t_relay\(\)/],
  ['too many arguments', `${M}request_route {\n  sl_send_reply("200", "OK", "x");\n}\n`, 5, 3, /takes 2 arguments, found 3/],
  ['too few arguments', `${M}request_route {\n  sl_send_reply("200");\n}\n`, 5, 3, /takes 2 arguments, found 1/],
  ['reply code out of range', `${M}request_route {\n  sl_send_reply("99", "x");\n}\n`, 5, 17, /not in 100\.\.699/],
  ['non-integer flag', `${M}request_route {\n  setflag("abc");\n}\n`, 5, 11, /must be an integer/],
  ['flag out of range', `${M}request_route {\n  setflag(32);\n}\n`, 5, 11, /out of range 0\.\.31/],
  ['unknown route', `${M}request_route {\n  route(NOPE);\n}\n`, 5, 3, /route\(NOPE\) names a route that is not defined/],
  ['unknown pseudo-variable', `${M}request_route {\n  $nosuch = 1;\n}\n`, 5, 3, /unknown pseudo-variable \$nosuch/],
  ['read-only pseudo-variable', `${M}request_route {\n  $si = "1.2.3.4";\n}\n`, 5, 3, /\$si is read-only/],
  ['bad regex argument', `${M}request_route {\n  if (search("a(")) exit;\n}\n`, 5, 14, /invalid regular expression/],
  ['unknown method in an is_method list', `${M}request_route {\n  if (is_method("INVITE|FOO")) exit;\n}\n`, 5, 17, /"FOO" is not a known method/],
  ['bad xlog level', `${M}loadmodule "xlog.so"\nrequest_route {\n  xlog("L_X", "hi");\n}\n`, 6, 8, /unknown log level/],
  ['unknown transformation', `${M}request_route {\n  $var(x) = $(ru{s.nosuch});\n}\n`, 5, 13, /unknown transformation \{s\.nosuch\}/],
  ['route defined twice', `${M}route[A] { exit; }\nroute[A] { exit; }\n`, 5, 7, /defined twice/],
  ['function not allowed in the route type', `${M}loadmodule "maxfwd.so"\nonreply_route[R] {\n  mf_process_maxfwd_header("10");\n}\n`, 6, 3, /cannot be used in a onreply route/],
  ['module dependency missing', 'loadmodule "registrar.so"\n', 1, 1, /needs module/],
];

describe('compiler: semantic errors with file:line:column', () => {
  for (const [name, text, line, column, re] of CASES) {
    it(name, () => {
      const e = semanticError(text);
      const first = e.errors[0];
      assert.ok(first !== undefined);
      assert.deepEqual({ line: first.pos.line, column: first.pos.column }, { line, column }, first.message);
      assert.match(first.message, re);
      assert.ok(e.message.startsWith(`t.cfg:${String(line)}:${String(column)}: `), e.message);
    });
  }

  it('reports every error, not only the first', () => {
    const e = semanticError(`${M}request_route {\n  foo();\n  bar();\n}\n`);
    assert.equal(e.errors.length, 2);
    assert.match(e.message, /foo\(\)[\s\S]*t\.cfg:6:3: unknown function bar\(\)/);
  });

  it('the stock kamailio.cfg compiles with the modules it loads', { skip: !existsSync(STOCK_CFG) }, () => {
    const { ast } = parseConfig(STOCK_CFG);
    const script = compileScript(ast, { host: new ModuleRegistry(BUILTIN_MODULES), core: new MemoryCoreServices() });
    assert.ok(script);
  });
});

describe('compiler: statements and expressions', () => {
  const run = async (body: string, extra = ''): Promise<Map<string, unknown>> => {
    const e = await engine(`${M}loadmodule "siputils.so"\n${extra}\nrequest_route {\n${body}\n}\nroute[ONE] { return 1; }\nroute[NEG] { return -2; }\nroute[ZERO] { return 0; }\nroute[SET] { $var(inset) = 1; }\n`);
    await e.send(request('INVITE', 'sip:bob@127.0.0.1:5060;transport=udp'));
    return new Map(e.worker.vars);
  };

  it('if/else with > 0 truth, && and || with non-zero truth, ! of a failed call', async () => {
    const v = await run(`
      if (is_method("INVITE")) $var(a) = 1; else $var(a) = 2;
      if (!is_method("BYE")) $var(b) = 1;
      if (is_method("BYE") || has_totag()) $var(c) = 1; else $var(c) = 2;
      if (-1) $var(d) = 1; else $var(d) = 2;
      if (-1 && 1) $var(e) = 1;`);
    assert.deepEqual([v.get('a'), v.get('b'), v.get('c'), v.get('d'), v.get('e')], [1, 1, 2, 2, 1]);
  });

  it('route return values become $rc; return 0 acts as exit', async () => {
    const v = await run(`
      route(NEG); $var(rc1) = $rc;
      if (route(ONE)) $var(one) = 1;
      route(SET);
      route(ZERO);
      $var(after) = 1;`);
    assert.equal(v.get('rc1'), -2);
    assert.equal(v.get('one'), 1);
    assert.equal(v.get('inset'), 1);
    assert.equal(v.has('after'), false);
  });

  it('switch on integers falls through to break; string switch; while stops at max_while_loops', async () => {
    const v = await run(`
      $var(i) = 0;
      while ($var(i) < 1000) { $var(i) = $var(i) + 1; }
      switch (2) { case 1: $var(s) = "one"; case 2: $var(s) = "two"; case 3: $var(t) = "three"; break; case 4: $var(u) = 4; }
      switch ($rm) { case "INVITE": $var(m) = "inv"; break; default: $var(m) = "other"; }`, 'max_while_loops = 50');
    assert.equal(v.get('i'), 50);
    assert.equal(v.get('s'), 'two');
    assert.equal(v.get('t'), 'three');
    assert.equal(v.has('u'), false);
    assert.equal(v.get('m'), 'inv');
  });

  it('comparison and + follow the left operand type; =~ is case-insensitive and unanchored', async () => {
    const v = await run(`
      if (10 == "10") $var(b) = 1;
      $var(c) = "n" + 5;
      $var(d) = 5 + "5";
      if ($rU =~ "O") $var(e) = 1;
      if ($fU == $null) $var(f) = 1; else $var(f) = 0;
      if ($avp(x) == $null) $var(g) = 1;
      $var(h) = $(ru{uri.user}{s.toupper}) + "@" + $(ru{s.len});`);
    assert.equal(v.get('b'), 1);
    assert.equal(v.get('c'), 'n5');
    assert.equal(v.get('d'), 10);
    assert.equal(v.get('e'), 1);
    assert.equal(v.get('f'), 0);
    assert.equal(v.get('g'), 1);
    assert.equal(v.get('h'), 'BOB@36');
  });

  it('core keywords: uri == myself includes the port; method; src_ip networks; proto', async () => {
    const v = await run(`
      if (uri == myself) $var(a) = 1;
      if (from_uri == myself) $var(b) = 1;
      if (method == "invite") $var(c) = 1;
      if (src_ip == 192.0.2.0/24) $var(d) = 1;
      if (src_ip != myself) $var(e) = 1;
      if (proto == UDP) $var(f) = 1;
      if (src_port == 5070) $var(g) = 1;`);
    assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => v.get(k)), [1, 1, 1, 1, 1, 1, 1]);
  });

  it('flags, $avp stacks, exit stops everything', async () => {
    const v = await run(`
      setflag(3);
      if (isflagset(3)) $var(f) = 1;
      resetflag(3);
      if (!isflagset(3)) $var(g) = 1;
      $avp(x) = "a"; $avp(x) = "b"; $var(top) = $avp(x);
      $avp(x) = $null; $var(next) = $avp(x);
      exit;
      $var(never) = 1;`);
    assert.deepEqual([v.get('f'), v.get('g'), v.get('top'), v.get('next'), v.has('never')], [1, 1, 'b', 'a', false]);
  });
});
