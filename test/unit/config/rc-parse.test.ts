import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { parseRc } from '../../../src/config/rc-parse.js';
import { AppError } from '../../../src/errors.js';

function parse(text: string, vars: Record<string, string> = {}) {
  return parseRc(text, 'rc', new Map(Object.entries(vars)));
}

function values(text: string, vars: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(parse(text, vars).map((a) => [a.key, a.value]));
}

function failsAt(text: string, line: number, what: RegExp): void {
  assert.throws(
    () => parse(text),
    (err: unknown) => err instanceof AppError && err.code === 'E_RC_PARSE' && err.message.startsWith(`rc:${String(line)}: `) && what.test(err.message),
  );
}

describe('parseRc', () => {
  it('reads plain, quoted and exported assignments with comments', () => {
    assert.deepEqual(
      values(`# comment
SIP_DOMAIN=example.com
DBENGINE=MYSQL   # trailing comment
  DBHOST="db.example.com"
DBRWPW='it''s'
export DBNAME=kam
export DBNAME
DBPORT=3306; VERBOSE=1
`),
      { SIP_DOMAIN: 'example.com', DBENGINE: 'MYSQL', DBHOST: 'db.example.com', DBRWPW: 'its', DBNAME: 'kam', DBPORT: '3306', VERBOSE: '1' },
    );
  });

  it('keeps spaces, # and quotes inside quotes, and backslash escapes', () => {
    assert.deepEqual(values(`A="a b # c"\nB='x"y'\nC="say \\"hi\\" \\$HOME \\\\"\nD=a\\ b\nE=""\n`), {
      A: 'a b # c',
      B: 'x"y',
      C: 'say "hi" $HOME \\',
      D: 'a b',
      E: '',
    });
  });

  it('reads multi-line quoted values such as STANDARD_MODULES', () => {
    const a = parse(`STANDARD_MODULES="standard acc lcr
\t\tdomain group"
NEXT=1
`);
    assert.equal(a[0]?.value, 'standard acc lcr\n\t\tdomain group');
    assert.equal(a[1]?.line, 3);
  });

  it('expands $NAME, ${NAME} and ${NAME:-default} from earlier lines and the environment', () => {
    assert.deepEqual(values('A=one\nB="$A-${A}x"\nC=${MISSING:-fallback}\nD=$HOME/rc\nE=\'$A\'\nF=${E:-$A}\n', { HOME: '/root' }), {
      A: 'one',
      B: 'one-onex',
      C: 'fallback',
      D: '/root/rc',
      E: '$A',
      F: '$A',
    });
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    assert.deepEqual(values('\uFEFFA=1\r\nB="2"\r\n'), { A: '1', B: '2' });
  });

  it('rejects what only a shell could do, naming the line', () => {
    failsAt('A=1\nB=two words\n', 2, /unexpected text "words"/);
    failsAt('A=$(rm -rf /)\n', 1, /command substitution/);
    failsAt('\n\nA=`id`\n', 3, /command substitution/);
    failsAt('if [ -f x ]; then\n', 1, /expected KEY=value/);
    failsAt('A="open\nB=2\n', 1, /unterminated double quote/);
    failsAt("A='open\n", 1, /unterminated single quote/);
    failsAt('A=x|y\n', 1, /shell syntax/);
    failsAt('A=${B\n', 1, /unsupported form|unterminated/);
    failsAt('1A=3\n', 1, /expected KEY=value/);
  });

  it('reads the kamctlrc that Debian ships, when installed', (t) => {
    const file = '/etc/kamailio/kamctlrc';
    if (!fs.existsSync(file)) {
      t.skip(`${file} is not installed`);
      return;
    }
    assert.doesNotThrow(() => parseRc(fs.readFileSync(file, 'utf8'), file, new Map()));
  });
});
