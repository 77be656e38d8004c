import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import type { Prompter, Question } from '../../../../src/cli/prompt.js';
import { AppError } from '../../../../src/errors.js';
import { obtainPassword, readPasswordStdin } from '../../../../src/provision/cli/password-source.js';

/** Answers password questions from a list, recording what was asked. */
function scripted(answers: string[]): Prompter & { asked: Question[] } {
  const asked: Question[] = [];
  return {
    asked,
    confirm: () => Promise.reject(new Error('no confirm expected')),
    password: (q) => {
      asked.push(q);
      const a = answers.shift();
      return a === undefined ? Promise.reject(new Error('asked too often')) : Promise.resolve(a);
    },
  };
}

const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;

describe('obtainPassword', () => {
  it('takes the argument as it is, without asking', async () => {
    const p = scripted([]);
    assert.equal(await obtainPassword({ argument: ' sp ace #1 ', fromStdin: false, prompter: p, who: 'a@b' }), ' sp ace #1 ');
    assert.equal(p.asked.length, 0);
  });

  it('reads all of stdin less one line ending', async () => {
    const p = scripted([]);
    assert.equal(await obtainPassword({ argument: undefined, fromStdin: true, prompter: p, who: 'a@b', stdin: Readable.from([Buffer.from('pa ss\r\n')]) }), 'pa ss');
    assert.equal(await readPasswordStdin(Readable.from([Buffer.from('two\n\n')])), 'two\n');
    // A character split across two chunks is still one character.
    const euro = Buffer.from('€');
    assert.equal(await readPasswordStdin(Readable.from([euro.subarray(0, 1), euro.subarray(1)])), '€');
  });

  it('asks twice at the prompt, naming the flags that answer it, and refuses a mismatch', async () => {
    const p = scripted(['s3cret', 's3cret']);
    assert.equal(await obtainPassword({ argument: undefined, fromStdin: false, prompter: p, who: 'alice@example.com' }), 's3cret');
    assert.equal(p.asked.length, 2);
    assert.match(p.asked[0]?.message ?? '', /alice@example\.com/);
    assert.match(p.asked[0]?.answeredBy ?? '', /--password-stdin/);
    await assert.rejects(obtainPassword({ argument: undefined, fromStdin: false, prompter: scripted(['a', 'b']), who: 'x@y' }), isCode('E_USAGE'));
  });

  it('refuses two sources at once', async () => {
    await assert.rejects(obtainPassword({ argument: 'a', fromStdin: true, prompter: scripted([]), who: 'x@y' }), isCode('E_USAGE'));
  });
});
