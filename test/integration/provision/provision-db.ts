/**
 * A database made by `sipctl db create` for the provisioning tests, the sipctl runner that
 * points at it, and row readers that check what the commands wrote.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Knex } from 'knex';
import { asRows, type Row } from '../../../src/db/rows.js';
import { testDb, type TestDb, type TestEngine } from '../../support/db.js';
import { cleanEnv, runSipctl, type RunResult } from '../../support/sipctl.js';

export const SIP_DOMAIN = 'example.com';

export interface ProvisionDb {
  readonly db: TestDb;
  readonly admin: Knex;
  run(args: readonly string[], opts?: { input?: string; env?: Readonly<Record<string, string>> }): Promise<RunResult>;
  /** Runs with --json, expects exit code 0 and returns the parsed object. */
  json(args: readonly string[], opts?: { input?: string; env?: Readonly<Record<string, string>> }): Promise<Readonly<Record<string, unknown>>>;
  rows(table: string, where?: Readonly<Record<string, string>>): Promise<Row[]>;
}

/** A fresh database with the standard tables, removed when the test ends, pass or fail. */
export async function provisionDb(t: TestContext, engine: TestEngine): Promise<ProvisionDb | undefined> {
  const db = await testDb(t, engine);
  if (db === undefined) return undefined;
  t.after(() => db.cleanup());
  const env = (extra: Readonly<Record<string, string>> = {}) => cleanEnv({ ...db.env, SIP_DOMAIN, ...extra });
  const created = await runSipctl(['db', 'create', '--yes'], { env: env(), cwd: db.dir });
  assert.equal(created.code, 0, `db create: ${created.stderr}${created.stdout}`);
  const admin = await db.admin();
  const run = (args: readonly string[], opts: { input?: string; env?: Readonly<Record<string, string>> } = {}) =>
    runSipctl(args, { env: env(opts.env), cwd: db.dir, ...(opts.input === undefined ? {} : { input: opts.input }) });
  return {
    db,
    admin,
    run,
    json: async (args, opts) => {
      const r = await run([...args, '--json'], opts);
      assert.equal(r.code, 0, `sipctl ${args.join(' ')} exited ${String(r.code)}: ${r.stderr}${r.stdout}`);
      const doc: unknown = JSON.parse(r.stdout);
      assert.ok(typeof doc === 'object' && doc !== null && !Array.isArray(doc), `not a JSON object: ${r.stdout}`);
      return doc as Readonly<Record<string, unknown>>;
    },
    rows: async (table, where = {}) => {
      const rows: unknown = await admin(table).select('*').where(where).orderBy('id');
      return asRows(rows);
    },
  };
}

/** Expects a failure with this exit code and error code, under --json. */
export async function expectError(p: ProvisionDb, args: readonly string[], code: string, exitCode: number, input?: string): Promise<string> {
  const r = await p.run([...args, '--json'], input === undefined ? {} : { input });
  assert.equal(r.code, exitCode, `sipctl ${args.join(' ')}: exit ${String(r.code)}, expected ${String(exitCode)}\n${r.stdout}${r.stderr}`);
  const doc: unknown = JSON.parse(r.stdout);
  assert.ok(typeof doc === 'object' && doc !== null && 'error' in doc);
  const err = doc.error as { code: string; message: string };
  assert.equal(err.code, code, `sipctl ${args.join(' ')}: ${err.message}`);
  return err.message;
}
