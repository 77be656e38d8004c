import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { defaultPrompterFactory, type Prompter, type Question } from '../../../src/cli/prompt.js';
import { AppError } from '../../../src/errors.js';
import DbDrop from '../../../commands/db/drop.js';
import DbCreate from '../../../commands/db/create.js';
import { REPO_ROOT } from '../../support/sipctl.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipctl-prompt-'));
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  BaseCommand.prompterFactory = defaultPrompterFactory;
  process.exitCode = 0;
});

/** Answers every confirmation with `answer` and records the questions. */
function stub(answer: boolean, asked: Question[]): typeof defaultPrompterFactory {
  return () =>
    ({
      confirm: (q: Question) => {
        asked.push(q);
        return Promise.resolve(answer);
      },
      password: () => Promise.reject(new Error('no password expected')),
    }) satisfies Prompter;
}

describe('prompts', () => {
  it('--yes answers yes; without a terminal a question fails naming the flag', async () => {
    assert.equal(await defaultPrompterFactory({ yes: true, interactive: false }).confirm({ message: 'Drop?', answeredBy: '--yes' }), true);
    await assert.rejects(
      defaultPrompterFactory({ yes: false, interactive: false }).confirm({ message: 'Drop?', answeredBy: '--yes' }),
      (e: unknown) => e instanceof AppError && e.code === 'E_PROMPT_NEEDED' && e.message.includes('--yes') && e.exitCode === 15,
    );
  });

  it('db drop asks, and a "no" leaves the database and exits with E_ABORTED', async () => {
    const file = path.join(dir, 'drop.sqlite');
    process.env['HOME'] = dir;
    await DbCreate.run(['--db-path', file, '--yes'], REPO_ROOT);
    assert.ok(fs.existsSync(file));

    const asked: Question[] = [];
    BaseCommand.prompterFactory = stub(false, asked);
    process.exitCode = 0;
    await DbDrop.run(['--db-path', file], REPO_ROOT);
    assert.equal(process.exitCode, 14);
    assert.equal(asked.length, 1);
    assert.match(asked[0]?.message ?? '', /Drop SQLite .*drop\.sqlite/);
    assert.ok(fs.existsSync(file), 'the database must survive a "no"');

    BaseCommand.prompterFactory = stub(true, asked);
    process.exitCode = 0;
    await DbDrop.run(['--db-path', file], REPO_ROOT);
    assert.equal(process.exitCode, 0);
    assert.ok(!fs.existsSync(file));
  });

  it('db create asks for each optional group that no flag or rc key decides', async () => {
    const asked: Question[] = [];
    BaseCommand.prompterFactory = stub(false, asked);
    process.exitCode = 0;
    await DbCreate.run(['--db-path', path.join(dir, 'groups.sqlite'), '--extra'], REPO_ROOT);
    assert.equal(process.exitCode, 0);
    assert.deepEqual(
      asked.map((q) => q.answeredBy),
      ['--presence, --no-presence, --all or --yes (rc: INSTALL_PRESENCE_TABLES)', '--uid, --no-uid, --all or --yes (rc: INSTALL_DBUID_TABLES)'],
    );
  });
});
