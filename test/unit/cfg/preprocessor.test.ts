import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../src/cfg/parse-config.js';
import { Preprocessor } from '../../../src/cfg/preprocessor.js';
import type { PreprocessorOptions } from '../../../src/cfg/preprocessor.js';
import type { Token } from '../../../src/cfg/token.js';
import { assertCfgError, fixtures, parseText } from './cfg-test-support.js';

function run(text: string, options: PreprocessorOptions & { files?: Record<string, string> } = {}): { tokens: Token[]; pp: Preprocessor } {
  const files = options.files ?? {};
  const pp = new Preprocessor('t.cfg', text, { cwd: '/virtual', readFile: (p) => files[p], ...options });
  const tokens: Token[] = [];
  for (;;) {
    const t = pp.next();
    if (t.kind === 'eof') return { tokens, pp };
    tokens.push(t);
  }
}

function texts(text: string, options: PreprocessorOptions & { files?: Record<string, string> } = {}): string[] {
  return run(text, options).tokens.map((t) => {
    switch (t.kind) {
      case 'string':
        return JSON.stringify(t.value);
      case 'number':
        return String(t.value);
      case 'directive':
        return `#!${t.name}`;
      case 'eof':
        return '';
      case 'id':
      case 'pv':
      case 'select':
      case 'ipv6':
      case 'numid':
      case 'evname':
      case 'op':
        return t.text;
    }
  });
}

describe('preprocessor: defines', () => {
  it('replaces whole defined words with their value, lexed again', () => {
    assert.deepEqual(texts('#!define FLT_ACC 1\n#!define URL "mysql://x"\n#!define TWO FLT_ACC + FLT_ACC\nsetflag(FLT_ACC); x=URL; y=TWO;'), [
      'setflag', '(', '1', ')', ';', 'x', '=', '"mysql://x"', ';', 'y', '=', '1', '+', '1', ';',
    ]);
  });

  it('does not replace inside strings, pseudo-variables, selects, longer words or keywords', () => {
    assert.deepEqual(texts('#!define X 1\n#!define debug 9\n"X" $var(X) @X.y X_Y debug XX'), ['"X"', '$var(X)', '@X.y', 'X_Y', 'debug', 'XX']);
  });

  it('expands a define without value to nothing', () => {
    assert.deepEqual(texts('#!define EMPTY\na EMPTY b'), ['a', 'b']);
  });

  it('gives expanded tokens the position of the name and says which define they come from', () => {
    const { tokens } = run('#!define V 1 + 2\n  x = V;');
    const plus = tokens[3];
    assert.deepEqual(plus?.pos, { file: 't.cfg', line: 2, column: 7 });
    assert.equal(plus.fromDefine, 'V');
  });

  it('follows define, trydef and redefine rules, and -A defines', () => {
    assert.deepEqual(texts('#!trydef DBURL "a"\n#!trydef DBURL "b"\nDBURL'), ['"a"']);
    assert.deepEqual(texts('#!trydef DBURL "a"\nDBURL', { defines: ['DBURL="cli"'] }), ['"cli"']);
    assert.deepEqual(texts('#!define A 1\n#!redefine A 2\nA'), ['2']);
    assert.deepEqual(texts('#!ifdef WITH_X\nyes_x\n#!endif\nV', { defines: ['WITH_X', 'V=7'] }), ['yes_x', '7']);
    assertCfgError(() => run('#!define A 1\n#!define A 2\n'), 'E_CFG_SYNTAX', 2, 10);
    assertCfgError(() => run('#!define DBGLEVEL 3\n', { defines: ['DBGLEVEL=3'] }), 'E_CFG_SYNTAX', 1, 10);
  });

  it('predefines the Kamailio version names and MOD_ names after loadmodule', () => {
    const { ast } = parseText('#!ifdef KAMAILIO_5_6\nloadmodule "tm.so"\n#!endif\n#!ifdef MOD_tm\nloadmodule "tmx.so"\n#!endif\n#!ifdef MOD_tmx\nx=1\n#!endif\n');
    assert.deepEqual(ast.items.map((i) => i.kind), ['loadmodule', 'loadmodule', 'param']);
  });

  it('undefines with #!undef and warns that Kamailio 5.6 ignores it', () => {
    const { tokens, pp } = run('#!define A 1\n#!undef A\nA');
    assert.deepEqual(tokens.map((t) => (t.kind === 'id' ? t.text : t.kind)), ['A']);
    assert.equal(pp.warnings.length, 1);
  });

  it('defines from the environment with #!defenv and #!trydefenv', () => {
    assert.deepEqual(texts('#!defenv HOME\n#!defenvs H=HOME\n#!trydefenv NOPE\nHOME H', { env: { HOME: '/root' } }), ['/', 'root', '"/root"']);
    assertCfgError(() => run('#!defenv NOPE\n', { env: {} }), 'E_CFG_SYNTAX', 1, 10);
  });

  it('rejects a define that expands into itself', () => {
    assertCfgError(() => run('#!define A B\n#!define B A\nx A'), 'E_CFG_SYNTAX', 3, 3);
  });
});

describe('preprocessor: conditionals', () => {
  it('keeps or skips branches, nested, with #!else', () => {
    const text = '#!define A\n#!ifdef A\na1\n#!ifndef B\nnotb\n#!else\nb\n#!endif\n#!else\na0\n#!endif\nend';
    assert.deepEqual(texts(text), ['a1', 'notb', 'end']);
    assert.deepEqual(texts(text.replace('#!define A\n', '')), ['a0', 'end']);
  });

  it('never lexes skipped text and ignores defines made there', () => {
    assert.deepEqual(texts('#!ifdef NO\n"unclosed $ /* \n#!define X 1\n#!endif\nX'), ['X']);
  });

  it('warns on a stray #!else, fails on a stray #!endif and on a missing #!endif', () => {
    assert.equal(run('#!else\nx').pp.warnings.length, 1);
    assertCfgError(() => run('x\n #!endif\n'), 'E_CFG_SYNTAX', 2, 2);
    assertCfgError(() => run('#!ifdef A\n#!ifdef B\n#!endif\nx'), 'E_CFG_SYNTAX', 1, 1);
  });
});

describe('preprocessor: subst', () => {
  it('applies #!subst to strings and pseudo-variables lexed afterwards', () => {
    assert.deepEqual(texts('"host-a" #!subst "/host-a/host-b/g"\nx "host-a host-a" $var(host-a)'), ['"host-a"', 'x', '"host-b host-b"', '$var(host-b)']);
    assert.deepEqual(texts('#!subst "/(A+)/<\\1>/i"\nx "xaay"'), ['x', '"x<aa>y"']);
  });

  it('defines the name of #!substdef and #!substdefs too', () => {
    assert.deepEqual(texts('#!substdef "!MY_IP!10.0.0.1!g"\nx "sip:MY_IP" MY_IP'), ['x', '"sip:10.0.0.1"', '10', '.', '0', '.', '0', '.', '1']);
    assert.deepEqual(texts('#!substdefs "/KNAME/kam/"\nKNAME'), ['"kam"']);
  });

  it('rejects malformed rules at the string', () => {
    assertCfgError(() => run('#!subst "/a/b/z"'), 'E_CFG_SYNTAX', 1, 9);
    assertCfgError(() => run('#!subst "/a"'), 'E_CFG_SYNTAX', 1, 9);
    assertCfgError(() => run('#!subst 12'), 'E_CFG_SYNTAX', 1, 9);
  });
});

describe('preprocessor: include_file and import_file', () => {
  it('opens names relative to the working directory first, then to the including file', () => {
    const files = {
      '/virtual/a.inc': 'from_cwd include_file "conf/b.inc"',
      '/virtual/conf/b.inc': 'include_file "c.inc"',
      '/virtual/conf/c.inc': 'from_dir',
    };
    const { tokens, pp } = run('include_file "a.inc" end', { files });
    assert.deepEqual(tokens.map((t) => (t.kind === 'id' ? `${t.text}@${t.pos.file}` : t.kind)), ['from_cwd@a.inc', 'from_dir@conf/c.inc', 'end@t.cfg']);
    assert.deepEqual(pp.files, ['t.cfg', 'a.inc', 'conf/b.inc', 'conf/c.inc']);
  });

  it('ignores a missing import_file and fails on a missing include_file', () => {
    assert.deepEqual(texts('import_file "kamailio-local.cfg"\nx'), ['x']);
    assertCfgError(() => run('x\ninclude_file "nope.cfg"'), 'E_CFG_INCLUDE', 2, 14);
    assertCfgError(() => run('include_file nope.cfg'), 'E_CFG_INCLUDE', 1, 14);
  });

  it('lets an imported file switch features on for the rest of the main file', () => {
    const files = { '/virtual/kamailio-local.cfg': '#!define WITH_AUTH\n#!trydef DBURL "local"\n' };
    assert.deepEqual(texts('import_file "kamailio-local.cfg"\n#!ifdef WITH_AUTH\nauth\n#!endif\n#!trydef DBURL "main"\nDBURL', { files }), ['auth', '"local"']);
  });

  it('rejects include cycles and too deep nesting', () => {
    const cycle = { '/virtual/a.inc': 'include_file "b.inc"', '/virtual/b.inc': '\ninclude_file "a.inc"' };
    const e = assertCfgError(() => run('include_file "a.inc"', { files: cycle }), 'E_CFG_INCLUDE', 2, 14, 'b.inc');
    assert.match(e.message, /t\.cfg -> a\.inc -> b\.inc -> a\.inc/);
    const deep: Record<string, string> = {};
    for (let k = 0; k < 12; k++) deep[`/virtual/d${String(k)}.inc`] = `include_file "d${String(k + 1)}.inc"`;
    deep['/virtual/d12.inc'] = 'x';
    assertCfgError(() => run('include_file "d0.inc"', { files: deep }), 'E_CFG_INCLUDE', 1, 14, 'd9.inc');
    assert.doesNotThrow(() => run('include_file "d3.inc"', { files: deep }));
  });

  it('reads real files and reports positions in the included file', () => {
    const main = path.join(fixtures, 'include', 'main.cfg');
    const { ast } = parseConfig(main, { cwd: fixtures });
    assert.deepEqual(ast.items.map((i) => i.kind), ['param', 'param', 'route']);
    const route = ast.items[2];
    assert.ok(route?.kind === 'route');
    assert.equal(route.body[0]?.pos.file, path.join(fixtures, 'include', 'sub', 'body.inc'));
    assert.equal(route.body[0].pos.line, 1);
    const cycle = path.join(fixtures, 'include', 'cycle-a.cfg');
    assert.throws(() => parseConfig(cycle, { cwd: fixtures }), { code: 'E_CFG_INCLUDE' });
  });
});
