import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { ERRORS, SIP_ERRORS } from '../../src/errors.js';
import { README, RC_TEMPLATE, renderRcTemplate, renderReadme } from '../../scripts/docs.js';

describe('generated documentation', () => {
  it('README tables and templates/sipctlrc are what the code says (npm run gen:docs)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    assert.equal(readme, renderReadme(readme), 'README.md is stale: run npm run gen:docs');
    assert.equal(fs.readFileSync(RC_TEMPLATE, 'utf8'), renderRcTemplate(), 'templates/sipctlrc is stale: run npm run gen:docs');
  });

  it('README lists every error code and no code that does not exist', () => {
    const readme = fs.readFileSync(README, 'utf8');
    const listed = new Set([...readme.matchAll(/`(E_[A-Z0-9_]+)`/g)].map((m) => m[1]));
    const known = [...Object.keys(ERRORS), ...Object.keys(SIP_ERRORS)];
    for (const code of known) assert.ok(listed.has(code), `${code} is not in README.md`);
    for (const code of listed) assert.ok(code !== undefined && known.includes(code), `README.md names ${String(code)}, which is not an error code`);
  });

  it('exit codes are distinct per kind of failure and never 0 or 1', () => {
    for (const [code, e] of Object.entries(ERRORS)) assert.ok(e.exitCode > 1, `${code} has exit code ${String(e.exitCode)}`);
    const byCode = new Map<number, string[]>();
    for (const [code, e] of Object.entries(ERRORS)) byCode.set(e.exitCode, [...(byCode.get(e.exitCode) ?? []), code]);
    // Only the rc-file family shares one exit code: all three mean "fix the rc file".
    for (const [exit, codes] of byCode) if (codes.length > 1) assert.ok(codes.every((c) => c.startsWith('E_RC_')), `exit ${String(exit)} shared by ${codes.join(', ')}`);
  });
});
