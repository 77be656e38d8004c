import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Lexer } from '../../../src/cfg/lexer.js';
import type { Token } from '../../../src/cfg/token.js';
import { assertCfgError } from './cfg-test-support.js';

function lex(text: string): Token[] {
  const lexer = new Lexer(text, 't.cfg');
  const out: Token[] = [];
  for (;;) {
    const t = lexer.next();
    out.push(t);
    if (t.kind === 'eof') return out;
  }
}

/** `kind:text` for each token, eof left out. */
function shape(text: string): string[] {
  return lex(text)
    .slice(0, -1)
    .map((t) => {
      switch (t.kind) {
        case 'string':
          return `string:${t.value}`;
        case 'number':
          return `number:${String(t.value)}`;
        case 'directive':
          return `directive:${t.name}${t.arg === undefined ? '' : ` ${t.arg}`}${t.value === undefined ? '' : `=${t.value}`}`;
        case 'eof':
          return 'eof';
        case 'id':
        case 'pv':
        case 'select':
        case 'ipv6':
        case 'numid':
        case 'evname':
        case 'op':
          return `${t.kind}:${t.text}`;
      }
    });
}

describe('lexer', () => {
  it('lexes words, operators and punctuation with positions', () => {
    const tokens = lex('if ($rU==$null) {\n\texit;\n}');
    assert.deepEqual(shape('if ($rU==$null) {\n\texit;\n}'), [
      'id:if', 'op:(', 'pv:$rU', 'op:==', 'pv:$null', 'op:)', 'op:{', 'id:exit', 'op:;', 'op:}',
    ]);
    const exit = tokens[7];
    assert.deepEqual(exit?.pos, { file: 't.cfg', line: 2, column: 2 });
  });

  it('knows every operator, the longest first', () => {
    assert.deepEqual(
      shape('== != =~ !~ + - * / % | & ^ ~ ! && || < > <= >= = += := << >> mod and or not eq ne ieq ine (int) (str)'),
      [
        'op:==', 'op:!=', 'op:=~', 'op:!~', 'op:+', 'op:-', 'op:*', 'op:/', 'op:%', 'op:|', 'op:&', 'op:^', 'op:~',
        'op:!', 'op:&&', 'op:||', 'op:<', 'op:>', 'op:<=', 'op:>=', 'op:=', 'op:+=', 'op::=', 'op:<<', 'op:>>',
        'op:mod', 'op:&&', 'op:||', 'op:!', 'op:eq', 'op:ne', 'op:ieq', 'op:ine', 'op:(int)', 'op:(str)',
      ],
    );
  });

  it('decodes string escapes, keeps unknown ones and joins adjacent strings', () => {
    assert.deepEqual(shape('"a\\tb\\n\\"q\\" \\x41\\101 \\+ \\\\"'), ['string:a\tb\n"q" AA \\+ \\']);
    assert.deepEqual(shape('"src_user=$fU;"\n\t"dst_user=$rU"'), ['string:src_user=$fU;dst_user=$rU']);
    assert.deepEqual(shape("'raw \\n $x' \"y\""), ['string:raw \\n $x', 'string:y']);
    assert.deepEqual(shape('"line\\\ncontinued"'), ['string:linecontinued']);
  });

  it('lexes numbers in all bases and the yes/no words', () => {
    assert.deepEqual(shape('10 0x1f 017 101b 0 yes no on off true false enable disable inet inet6'), [
      'number:10', 'number:31', 'number:15', 'number:5', 'number:0', 'number:1', 'number:0', 'number:1',
      'number:0', 'number:1', 'number:0', 'number:1', 'number:0', 'number:2', 'number:10',
    ]);
    assert.deepEqual(shape('3com 08'), ['numid:3com', 'numid:08']);
  });

  it('keeps pseudo-variables whole, with balanced parentheses', () => {
    assert.deepEqual(shape('$ru $var(x) $avp(s:x) $hdr(Name) $(ru{s.len}) $T_branch_idx $sht(t=>$ci) $(avp(x)[0]) $? $rc $retcode'), [
      'pv:$ru', 'pv:$var(x)', 'pv:$avp(s:x)', 'pv:$hdr(Name)', 'pv:$(ru{s.len})', 'pv:$T_branch_idx',
      'pv:$sht(t=>$ci)', 'pv:$(avp(x)[0])', 'pv:$?', 'pv:$rc', 'pv:$retcode',
    ]);
    // As in Kamailio, a dot ends the name: $err.class is $err followed by '.'.
    assert.deepEqual(shape('$err.class'), ['pv:$err', 'op:.', 'id:class']);
  });

  it('lexes IPv4 as numbers and dots, IPv6 as one literal, and selects', () => {
    assert.deepEqual(shape('127.0.0.1'), ['number:127', 'op:.', 'number:0', 'op:.', 'number:0', 'op:.', 'number:1']);
    assert.deepEqual(shape('::1 fe80::1 [2001:db8::5]'), ['ipv6:::1', 'ipv6:fe80::1', 'op:[', 'ipv6:2001:db8::5', 'op:]']);
    assert.deepEqual(shape('@cfg_get.pstn.gw_ip @hf_value["x"][1]'), ['select:@cfg_get.pstn.gw_ip', 'select:@hf_value["x"][1]']);
  });

  it('lexes msg:len and the event route name as one token', () => {
    assert.deepEqual(shape('msg:len > 10'), ['id:msg:len', 'op:>', 'number:10']);
    assert.deepEqual(shape('event_route [xhttp:request] {'), ['id:event_route', 'op:[', 'evname:xhttp:request', 'op:]', 'op:{']);
    assert.deepEqual(shape('event_route[tm:local-request]'), ['id:event_route', 'op:[', 'evname:tm:local-request', 'op:]']);
  });

  it('marks the words Kamailio reserves', () => {
    const [debug, mine] = lex('debug my_define');
    assert.ok(debug?.kind === 'id' && debug.reserved);
    assert.ok(mine?.kind === 'id' && !mine.reserved);
  });

  it('skips line comments and nested block comments', () => {
    assert.deepEqual(shape('a # c1\nb // c2\n/* x /* nested */ still */ c'), ['id:a', 'id:b', 'id:c']);
  });

  it('recognises headers and directives, with #! and !!', () => {
    assert.deepEqual(shape('#!KAMAILIO\n#!SER\n#!MAXCOMPAT\n//!KAMAILIO\n'), [
      'directive:compat kamailio', 'directive:compat ser', 'directive:compat maxcompat', 'directive:compat kamailio',
    ]);
    assert.deepEqual(shape('#!define A 1\n!!define B\n#!trydef C "x"\n#!redefine D y\n#!ifdef A\n#!else\n#!endif\n!!ifndef B\n#!endif'), [
      'directive:define A=1', 'directive:define B', 'directive:trydef C="x"', 'directive:redefine D=y',
      'directive:ifdef A', 'directive:else', 'directive:endif', 'directive:ifndef B', 'directive:endif',
    ]);
    assert.deepEqual(shape('#!define LONG a \\\n b\nx'), ['directive:define LONG=a  b', 'id:x']);
    assert.deepEqual(shape('include_file "a.cfg"\n#!import_file "b.cfg"'), ['directive:include_file "a.cfg"', 'directive:import_file "b.cfg"']);
    assert.deepEqual(shape('#!substdef "/X/y/"'), ['directive:substdef', 'string:/X/y/']);
  });

  it('treats #!endif followed by text as a comment, as Kamailio does, and warns', () => {
    const lexer = new Lexer('#!endif // note\n#!KAMAILIO \n#!ifexp X\nx', 't.cfg');
    const t = lexer.next();
    assert.equal(t.kind, 'id');
    assert.equal(lexer.warnings.length, 3);
    assert.match(lexer.warnings[0]?.message ?? '', /comment/);
  });

  it('in skipped text sees only the conditional directives', () => {
    const lexer = new Lexer('"unclosed\n$ /* #!define X\n#!ifdef Y\n#!endif\n', 't.cfg');
    const first = lexer.next(true);
    assert.equal(first.kind === 'directive' ? first.name : first.kind, 'ifdef');
    const second = lexer.next(true);
    assert.equal(second.kind === 'directive' ? second.name : second.kind, 'endif');
    assert.equal(lexer.next(true).kind, 'eof');
  });

  it('reports broken tokens at their start', () => {
    assertCfgError(() => lex('x = "abc'), 'E_CFG_SYNTAX', 1, 5);
    assertCfgError(() => lex("x = 'abc"), 'E_CFG_SYNTAX', 1, 5);
    assertCfgError(() => lex('a\n  /* /* */'), 'E_CFG_SYNTAX', 2, 3);
    assertCfgError(() => lex('a ? b'), 'E_CFG_SYNTAX', 1, 3);
    assertCfgError(() => lex('$ = 1'), 'E_CFG_SYNTAX', 1, 1);
    assertCfgError(() => lex('$var(x = 1\n'), 'E_CFG_SYNTAX', 1, 1);
    assertCfgError(() => lex('#!define A-B 1\n'), 'E_CFG_SYNTAX', 1, 11);
    assertCfgError(() => lex('#!ifdef \n'), 'E_CFG_SYNTAX', 1, 9);
  });
});
