/** Shared helpers of the routing-language tests: paths, parsing from memory, error checks. */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfgError } from '../../../src/cfg/cfg-error.js';
import { parseConfigText } from '../../../src/cfg/parse-config.js';
import type { ParseConfigOptions, ParseConfigResult } from '../../../src/cfg/parse-config.js';

/** The repository root (tests run from dist/test/unit/cfg). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
export const fixtures = path.join(repoRoot, 'test', 'fixtures', 'cfg');
export const referenceDir = path.resolve(repoRoot, '..', 'shared', 'reference');
export const STOCK_CFG = '/etc/kamailio/kamailio.cfg';
export const IN_CI = process.env['CI'] === 'true';

/** Parses text held in memory; other files come from `files` (absolute paths under /virtual). */
export function parseText(text: string, options: ParseConfigOptions & { files?: Record<string, string> } = {}): ParseConfigResult {
  const files = options.files ?? {};
  return parseConfigText('t.cfg', text, {
    cwd: '/virtual',
    readFile: (p) => files[p],
    ...options,
  });
}

/** Asserts that `fn` throws a CfgError with this code at this line and column. */
export function assertCfgError(fn: () => unknown, code: string, line: number, column: number, file = 't.cfg'): CfgError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CfgError, `expected a CfgError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.deepEqual({ file: e.pos.file, line: e.pos.line, column: e.pos.column }, { file, line, column }, e.message);
    assert.ok(e.message.startsWith(`${file}:${String(line)}:${String(column)}: expected `), e.message);
    assert.match(e.message, /found/);
    return e;
  }
  assert.fail('expected a CfgError, but nothing was thrown');
}
