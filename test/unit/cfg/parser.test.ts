import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/cfg/parse-config.js';
import { CfgError } from '../../../src/cfg/cfg-error.js';
import type { Expression, RouteBlock, Statement, TopItem } from '../../../src/cfg/ast.js';
import { assertCfgError, fixtures, IN_CI, parseText } from './cfg-test-support.js';

function items(text: string): readonly TopItem[] {
  return parseText(text).ast.items;
}

function route(text: string): RouteBlock {
  const r = items(`request_route {\n${text}\n}`)[0];
  assert.ok(r?.kind === 'route');
  return r;
}

function firstCondition(text: string): Expression {
  const s = route(`if (${text}) exit;`).body[0];
  assert.ok(s?.kind === 'if');
  return s.condition;
}

/** An expression as a compact prefix form, for precedence checks. */
function show(e: Expression): string {
  switch (e.kind) {
    case 'binary':
      return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'unary':
      return `(${e.op} ${show(e.operand)})`;
    case 'number':
      return e.text;
    case 'string':
      return JSON.stringify(e.value);
    case 'pv':
    case 'select':
      return e.text;
    case 'call':
      return `${e.name}(${e.args.map(show).join(',')})`;
    case 'route-call':
      return `route(${e.name ?? (e.target === undefined ? '' : show(e.target))})`;
    case 'core':
      return e.name;
    case 'myself':
      return 'myself';
    case 'ident':
      return e.name;
    case 'address':
      return e.mask === undefined ? e.address : `${e.address}/${String(e.mask)}`;
    case 'socket':
      return `${e.spec.proto ?? ''}:${e.spec.hosts.join(',')}:${String(e.spec.port ?? '')}`;
    case 'builtin':
      return `${e.name}(${e.args.map(show).join(',')})`;
  }
}

describe('parser: global part', () => {
  it('parses parameters of every value type', () => {
    const got = items('debug=-1\nlog_stderror=yes\nlog_facility=LOG_LOCAL0\nlog_prefix="{$mt} "\nchildren=8 port=5060\nalias="a.example" b.example:5070\nmhomed=1\ntcp_source_ipv4=10.0.0.1\n');
    assert.deepEqual(
      got.map((i) => (i.kind === 'param' ? `${i.name}:${i.value.type}` : i.kind)),
      ['debug:number', 'log_stderror:number', 'log_facility:ident', 'log_prefix:string', 'children:number', 'port:number', 'alias:sockets', 'mhomed:number', 'tcp_source_ipv4:address'],
    );
    const alias = got[6];
    assert.ok(alias?.kind === 'param' && alias.value.type === 'sockets');
    assert.deepEqual(alias.value.sockets.map((s) => [s.hosts.join(','), s.port]), [['a.example', undefined], ['b.example', 5070]]);
  });

  it('parses listen with protocol, port, advertise, name and multi-homed lists', () => {
    const [a, b, c] = items('listen=udp:127.0.0.1:5060 advertise 1.2.3.4:5080 name "pub"\nlisten=tcp:[::1]:5061\nlisten=sctp:(10.0.0.1, eth0):*\n');
    assert.ok(a?.kind === 'param' && a.value.type === 'sockets');
    assert.deepEqual(a.value.sockets[0], { proto: 'udp', hosts: ['127.0.0.1'], port: 5060, pos: { file: 't.cfg', line: 1, column: 8 } });
    assert.equal(a.value.advertise?.host, '1.2.3.4');
    assert.equal(a.value.advertise.port, 5080);
    assert.equal(a.value.name, 'pub');
    assert.ok(b?.kind === 'param' && b.value.type === 'sockets');
    assert.deepEqual(b.value.sockets[0]?.hosts, ['::1']);
    assert.ok(c?.kind === 'param' && c.value.type === 'sockets');
    assert.deepEqual([c.value.sockets[0]?.hosts, c.value.sockets[0]?.port], [['10.0.0.1', 'eth0'], 0]);
  });

  it('parses cfg variables, loadmodule, mpath, modparam and flags', () => {
    const got = items('pstn.gw_ip = "" desc "PSTN GW Address"\nmpath="/usr/lib/kamailio/modules/"\nloadmodule "/x/tm.so"\nmodparam("nathelper|registrar", "received_avp", "$avp(RECEIVED)")\nmodparam("tm", "fr_timer", -1)\nflags FLAG_A, "b":3\n');
    const [cv, mp, lm, m1, m2, fl] = got;
    assert.ok(cv?.kind === 'cfgvar');
    assert.deepEqual([cv.group, cv.name, cv.value.type, cv.description], ['pstn', 'gw_ip', 'string', 'PSTN GW Address']);
    assert.ok(mp?.kind === 'loadpath' && mp.path === '/usr/lib/kamailio/modules/');
    assert.ok(lm?.kind === 'loadmodule' && lm.module === 'tm');
    assert.ok(m1?.kind === 'modparam' && m1.module === 'nathelper|registrar' && m1.value.type === 'string');
    assert.ok(m2?.kind === 'modparam' && m2.value.type === 'number' && m2.value.value === -1);
    assert.deepEqual(m2.paramPos, { file: 't.cfg', line: 5, column: 16 });
    assert.ok(fl?.kind === 'flags');
    assert.deepEqual(fl.flags.map((f) => [f.name, f.bit]), [['FLAG_A', undefined], ['b', 3]]);
  });
});

describe('parser: routes and statements', () => {
  it('parses every route type', () => {
    const got = items(
      'route { exit; }\nrequest_route { exit; }\nroute[A] { exit; }\nroute["B"] { exit; }\nroute[3] { exit; }\nbranch_route[BR] { exit; }\nfailure_route[F] { exit; }\nonreply_route { exit; }\nonreply_route[R] { exit; }\nreply_route { exit; }\nonsend_route { exit; }\nevent_route[htable:mod-init] { exit; }\n',
    );
    assert.deepEqual(
      got.map((i) => (i.kind === 'route' ? `${i.type}:${i.name ?? ''}` : i.kind)),
      ['request:', 'request:', 'route:A', 'route:B', 'route:3', 'branch:BR', 'failure:F', 'reply:', 'onreply:R', 'reply:', 'onsend:', 'event:htable:mod-init'],
    );
  });

  it('accepts OpenSIPS-style route types and empty blocks with a warning', () => {
    const r = parseText('startup_route { exit; }\ntimer_route[t, 60] { exit; }\nroute[E] { }\n');
    assert.deepEqual(r.ast.items.map((i) => (i.kind === 'route' ? `${i.type}:${String(i.interval ?? '')}` : '')), ['startup:', 'timer:60', 'route:']);
    assert.equal(r.warnings.length, 3);
  });

  it('parses if/else if/else, switch, while, return forms, assignments and calls', () => {
    const r = route(
      [
        'if (is_method("INVITE")) { setflag(1); } else if ($rU == $null) drop; else { exit; }',
        'switch ($var(rc)) { case -1: case -3: send_reply("404", "Not Found"); exit; case -2: break; default: return; }',
        'while ($var(i) < 10) { $var(i) = $var(i) + 1; }',
        'return(1); return -1; return; exit; drop;',
        '$avp(oexten) = $rU; $sht(ipban=>$si) = 1; $du = $null;',
        'force_rport; force_rport(); route(RELAY); route("X"); route($var(r)); t_on_branch("MANAGE_BRANCH");',
      ].join('\n'),
    );
    assert.deepEqual(r.body.map((s) => s.kind), ['if', 'switch', 'while', 'return', 'return', 'return', 'exit', 'drop', 'assign', 'assign', 'assign', 'call', 'call', 'call', 'call', 'call', 'call']);
    const ifs = r.body[0];
    assert.ok(ifs?.kind === 'if' && ifs.else?.[0]?.kind === 'if');
    const sw = r.body[1];
    assert.ok(sw?.kind === 'switch');
    assert.deepEqual(sw.cases.map((c) => [c.label === undefined ? 'default' : show(c.label), c.body.length]), [['(- 1)', 0], ['(- 3)', 2], ['(- 2)', 1], ['default', 1]]);
    const calls = r.body.slice(11).map((s) => (s.kind === 'call' ? show(s.call) : ''));
    assert.deepEqual(calls, ['force_rport()', 'force_rport()', 'route(RELAY)', 'route(X)', 'route($var(r))', 't_on_branch("MANAGE_BRANCH")']);
  });

  it('keeps positions of calls and pseudo-variables for the compiler', () => {
    const r = route('\tif (!t_relay()) {\n\t\tsl_reply_error();\n\t}');
    const s = r.body[0];
    assert.ok(s?.kind === 'if');
    assert.ok(s.condition.kind === 'unary' && s.condition.operand.kind === 'call');
    assert.deepEqual(s.condition.operand.pos, { file: 't.cfg', line: 2, column: 7 });
    assert.deepEqual(s.then[0]?.pos, { file: 't.cfg', line: 3, column: 3 });
  });

  it('warns about += and := that Kamailio 5.6 does not accept', () => {
    const r = parseText('request_route { $var(x) += 1; $var(y) := 2; }');
    assert.equal(r.warnings.length, 2);
  });
});

describe('parser: expressions', () => {
  it('follows Kamailio precedence', () => {
    assert.equal(show(firstCondition('$a || $b && $c')), '(|| $a (&& $b $c))');
    assert.equal(show(firstCondition('$a == 1 && $b != 2')), '(&& (== $a 1) (!= $b 2))');
    assert.equal(show(firstCondition('$a + 2 * 3 == 7')), '(== (+ $a (* 2 3)) 7)');
    assert.equal(show(firstCondition('!$a == 1')), '(== (! $a) 1)');
    assert.equal(show(firstCondition('$a | 1 & 2 ^ 4')), '(| $a (& 1 (^ 2 4)))');
    assert.equal(show(firstCondition('$a < 1 == $b > 2')), '(== (< $a 1) (> $b 2))');
    assert.equal(show(firstCondition('$a mod 3 - 1')), '(- (mod $a 3) 1)');
    assert.equal(show(firstCondition('(int)$a + 1')), '(+ ((int) $a) 1)');
    assert.equal(show(firstCondition('defined $a && strempty($b)')), '(&& (defined $a) strempty($b))');
    assert.equal(show(firstCondition('$a << 1 >> 2')), '(<< $a (>> 1 2))');
    assert.equal(show(firstCondition('not $a and $b or $c')), '(|| (&& (! $a) $b) $c)');
  });

  it('parses the core keywords and myself', () => {
    assert.equal(show(firstCondition('is_method("OPTIONS") && uri==myself && $rU==$null')), '(&& (&& is_method("OPTIONS") (== uri myself)) (== $rU $null))');
    assert.equal(show(firstCondition('src_ip!=127.0.0.1')), '(!= src_ip 127.0.0.1)');
    assert.equal(show(firstCondition('src_ip==10.0.0.0/8 || dst_ip == ::1')), '(|| (== src_ip 10.0.0.0/8) (== dst_ip ::1))');
    assert.equal(show(firstCondition('method == INVITE || proto == UDP || af == INET')), '(|| (|| (== method INVITE) (== proto UDP)) (== af INET))');
    assert.equal(show(firstCondition('status=~"[12][0-9][0-9]" && msg:len > 1500')), '(&& (=~ status "[12][0-9][0-9]") (> msg:len 1500))');
    assert.equal(show(firstCondition('myself != from_uri')), '(!= myself from_uri)');
    assert.equal(show(firstCondition('$ru =~ "^sip:" && @cfg_get.pstn.gw_ip != ""')), '(&& (=~ $ru "^sip:") (!= @cfg_get.pstn.gw_ip ""))');
  });

  it('parses socket and host arguments of core functions', () => {
    const r = route('force_send_socket(udp:10.0.0.1:5060); forward(sip.example.com, 5060); forward(10.0.0.2:5070);');
    assert.deepEqual(r.body.map((s: Statement) => (s.kind === 'call' ? show(s.call) : '')), [
      'force_send_socket(udp:10.0.0.1:5060)',
      'forward(sip.example.com,5060)',
      'forward(:10.0.0.2:5070)',
    ]);
  });
});

/** Broken scripts: each must fail with this code at this line and column. */
const BROKEN: readonly { name: string; text: string; code: string; line: number; column: number; files?: Record<string, string> }[] = [
  { name: 'missing ) in if', text: 'request_route {\n\tif (1 == 1 {\n\t\texit;\n\t}\n}\n', code: 'E_CFG_SYNTAX', line: 2, column: 13 },
  { name: 'missing ; after a call', text: 'request_route {\n\tsl_send_reply("404", "x")\n\texit;\n}', code: 'E_CFG_SYNTAX', line: 3, column: 2 },
  { name: 'unclosed route block', text: 'request_route {\n\texit;\n', code: 'E_CFG_SYNTAX', line: 3, column: 1 },
  { name: 'else without if', text: 'route[A] {\n\telse {\n\t\texit;\n\t}\n}', code: 'E_CFG_SYNTAX', line: 2, column: 2 },
  { name: 'undefined name as modparam value', text: 'loadmodule "sl.so"\nmodparam("sl", "bind_tm", FOO)', code: 'E_CFG_SYNTAX', line: 2, column: 27 },
  { name: 'bad listen port', text: 'listen=udp:127.0.0.1:abc\n', code: 'E_CFG_SYNTAX', line: 1, column: 22 },
  { name: 'parameter without value', text: 'debug=2\nchildren=\nrequest_route {\n\texit;\n}', code: 'E_CFG_SYNTAX', line: 3, column: 1 },
  { name: 'route name not closed', text: 'failure_route[X {\n\texit;\n}', code: 'E_CFG_SYNTAX', line: 1, column: 17 },
  { name: 'myself alone', text: 'request_route {\n\tif (myself) {\n\t\texit;\n\t}\n}', code: 'E_CFG_SYNTAX', line: 2, column: 12 },
  { name: 'define twice', text: '#!define A 1\n#!define A 2\n', code: 'E_CFG_SYNTAX', line: 2, column: 10 },
  { name: 'missing #!endif', text: 'x=1\n#!ifdef WITH_X\ny=2\n', code: 'E_CFG_SYNTAX', line: 2, column: 1 },
  { name: 'stray #!endif', text: 'x=1\n#!endif\n', code: 'E_CFG_SYNTAX', line: 2, column: 1 },
  { name: 'unterminated string', text: 'request_route {\n\txlog("oops);\n}\n', code: 'E_CFG_SYNTAX', line: 2, column: 7 },
  { name: 'unterminated comment', text: 'x=1\n/* open\n', code: 'E_CFG_SYNTAX', line: 2, column: 1 },
  { name: 'missing include', text: 'include_file "gone.cfg"\n', code: 'E_CFG_INCLUDE', line: 1, column: 14 },
  { name: 'include name without quotes', text: 'include_file gone.cfg\n', code: 'E_CFG_INCLUDE', line: 1, column: 14 },
  { name: 'error inside an included file', text: 'include_file "bad.inc"\n', code: 'E_CFG_SYNTAX', line: 2, column: 3, files: { '/virtual/bad.inc': 'x=1\ny=(\n' } },
  { name: 'function call without parentheses', text: 'request_route {\n\tt_relay;\n}', code: 'E_CFG_SYNTAX', line: 2, column: 9 },
  { name: 'assignment to a non-variable', text: 'request_route {\n\t"x" = 1;\n}', code: 'E_CFG_SYNTAX', line: 2, column: 2 },
  { name: 'pseudo-variable without =', text: 'request_route {\n\t$var(x) 1;\n}', code: 'E_CFG_SYNTAX', line: 2, column: 10 },
  { name: 'core keyword without comparison', text: 'request_route {\n\tif (uri) exit;\n}', code: 'E_CFG_SYNTAX', line: 2, column: 9 },
  { name: 'mixed case label types', text: 'request_route {\n\tswitch ($var(x)) {\n\tcase 1: break;\n\tcase "a": break;\n\t}\n}', code: 'E_CFG_SYNTAX', line: 4, column: 7 },
  { name: 'nested call in arguments', text: 'request_route {\n\txlog(f(1));\n}', code: 'E_CFG_SYNTAX', line: 2, column: 7 },
  { name: 'event route without module:event name', text: 'event_route[start] {\n\texit;\n}', code: 'E_CFG_SYNTAX', line: 1, column: 13 },
  { name: 'bad IPv4 octet', text: 'request_route {\n\tif (src_ip == 10.0.0.300) exit;\n}', code: 'E_CFG_SYNTAX', line: 2, column: 16 },
  { name: 'expression expected', text: 'request_route {\n\tif () exit;\n}', code: 'E_CFG_SYNTAX', line: 2, column: 6 },
  { name: 'garbage at top level', text: 'debug=2\n42\n', code: 'E_CFG_SYNTAX', line: 2, column: 1 },
];

describe('parser: broken scripts', () => {
  for (const b of BROKEN) {
    it(`${b.name}: ${b.code} at ${String(b.line)}:${String(b.column)}`, () => {
      const file = b.name === 'error inside an included file' ? 'bad.inc' : 't.cfg';
      assertCfgError(() => parseText(b.text, b.files === undefined ? {} : { files: b.files }), b.code, b.line, b.column, file);
    });
  }
});

const KAMAILIO = '/usr/sbin/kamailio';

/** The first `line N, column C` of kamailio -c's parse errors. */
function kamailioErrorLine(file: string): number | undefined {
  let out = '';
  try {
    out = execFileSync(KAMAILIO, ['-c', '-f', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20000 });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    out = `${err.stdout ?? ''}${err.stderr ?? ''}`;
  }
  const m = /parse error in config file [^,]+, (?:from )?line (\d+)/.exec(out);
  return m === null ? undefined : Number(m[1]);
}

describe('parser: agrees with kamailio -c on the line of the error', () => {
  const dir = path.join(fixtures, 'broken');
  const have = existsSync(KAMAILIO);
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.cfg')).sort()) {
    it(name, (t) => {
      if (!have) {
        if (IN_CI) assert.fail(`${KAMAILIO} is missing`);
        t.skip(`${KAMAILIO} is not installed`);
        return;
      }
      const file = path.join(dir, name);
      let ours: CfgError | undefined;
      try {
        parseConfig(file, { cwd: dir });
      } catch (e) {
        if (e instanceof CfgError) ours = e;
        else throw e;
      }
      assert.ok(ours !== undefined, `${name} parsed without error`);
      assert.equal(ours.pos.line, kamailioErrorLine(file), ours.message);
    });
  }
});
