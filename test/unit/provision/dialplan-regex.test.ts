import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../../src/errors.js';
import { checkDialplanRule, compileDialplanRegex, compilePosixPattern, highestReplacementGroup } from '../../../src/provision/validate/dialplan-regex.js';

const refused = (source: string, re: RegExp): void => {
  assert.throws(() => compileDialplanRegex(source), (e: unknown) => e instanceof AppError && e.code === 'E_USAGE' && re.test(e.message), source);
};

describe('dialplan regular expressions', () => {
  it('compiles what PCRE and JavaScript read alike and counts groups', () => {
    assert.equal(compileDialplanRegex('^00([1-9][0-9]+)$').groups, 1);
    assert.equal(compileDialplanRegex('^(?:\\+|00)(?<cc>49)(\\d+)$').groups, 2);
    assert.equal(compileDialplanRegex('^(?<=a)b\\[(x)\\]').groups, 1);
    assert.ok(compileDialplanRegex('^0[1-9]{2,4}$').regex.test('0123'));
  });
  it('refuses PCRE-only constructs with a message naming them', () => {
    refused('^a++$', /possessive/);
    refused('^a{2}+$', /possessive/);
    refused('(?>abc)', /atomic/);
    refused('(?i)abc', /inline option/);
    refused('\\Aabc\\z', /anchor/);
    refused('[[:digit:]]+', /POSIX class/);
    refused('(?P<x>a)', /Python-style/);
    refused('(?R)', /recursion/);
    refused('(?(1)a|b)', /conditional/);
    refused('(*FAIL)', /verbs/);
    refused('\\Qa.b\\E', /quoting/);
    refused('(?<=a+)b', /fixed length/);
    refused('[]a]', /literal to PCRE/);
  });
  it('refuses what does not compile at all', () => {
    refused('^(abc$', /not a valid regular expression/);
    refused('[a-', /not closed/);
    refused('*abc', /not a valid regular expression/);
  });
  it('checks repl_exp against the groups of subst_exp, as the module does', () => {
    assert.equal(highestReplacementGroup('+\\1\\2'), 2);
    assert.equal(highestReplacementGroup('\\\\1'), -1);
    checkDialplanRule({ matchOp: 'regexp', matchExp: '^00', substExp: '^00(.*)$', replExp: '+\\1' });
    checkDialplanRule({ matchOp: 'equal', matchExp: '(not a regex', substExp: '', replExp: 'sip:sos@x' });
    assert.throws(() => { checkDialplanRule({ matchOp: 'regexp', matchExp: '^00', substExp: '^00(.*)$', replExp: '\\2' }); }, /refers to group \\2/);
    assert.throws(() => { checkDialplanRule({ matchOp: 'equal', matchExp: '112', substExp: '', replExp: '\\1' }); }, /refers to group/);
    assert.throws(() => { checkDialplanRule({ matchOp: 'regexp', matchExp: '', substExp: '', replExp: '' }); }, /empty/);
  });
  it('translates POSIX classes in trusted patterns', () => {
    assert.ok(compilePosixPattern('^sip:[[:digit:]]+@').regex.test('sip:123@x'));
    assert.throws(() => compilePosixPattern('[[:nope:]]'), /unknown POSIX class/);
    assert.throws(() => compilePosixPattern('(?:a)'), /not POSIX/);
  });
});
