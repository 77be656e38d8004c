import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runSipctl } from '../../support/sipctl.js';

interface ManifestFlag {
  readonly name: string;
  readonly description?: string;
}

interface ManifestCommand {
  readonly id: string;
  readonly summary?: string;
  readonly description?: string;
  readonly examples?: readonly unknown[];
  readonly flags: Readonly<Record<string, ManifestFlag>>;
  readonly args: Readonly<Record<string, { readonly description?: string }>>;
}

function commands(): ManifestCommand[] {
  const manifest: unknown = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'oclif.manifest.json'), 'utf8'));
  assert.ok(typeof manifest === 'object' && manifest !== null && 'commands' in manifest);
  const list = manifest.commands;
  assert.ok(typeof list === 'object' && list !== null);
  return Object.values(list as Record<string, ManifestCommand>);
}

describe('every command', () => {
  it('has a summary, a description, examples, --json and described flags and arguments', () => {
    const all = commands();
    assert.ok(all.length >= 17, `only ${String(all.length)} commands in the manifest`);
    for (const c of all) {
      assert.ok((c.summary ?? '').length > 10, `${c.id}: no summary`);
      assert.ok((c.description ?? '').length > 10, `${c.id}: no description`);
      assert.ok((c.examples ?? []).length > 0, `${c.id}: no example`);
      assert.ok('json' in c.flags, `${c.id}: no --json`);
      for (const f of Object.values(c.flags)) assert.ok((f.description ?? '') !== '', `${c.id}: flag --${f.name} has no description`);
      for (const [name, a] of Object.entries(c.args)) assert.ok((a.description ?? '') !== '', `${c.id}: argument ${name} has no description`);
    }
  });

  it('prints its help with the examples', async () => {
    for (const c of commands().filter((x) => x.id.startsWith('db:') || x.id.startsWith('config:'))) {
      const r = await runSipctl([...c.id.split(':'), '--help']);
      assert.equal(r.code, 0, `${c.id} --help: ${r.stderr}`);
      assert.match(r.stdout, /EXAMPLES/, `${c.id} --help shows no examples`);
      assert.match(r.stdout, /--json/, `${c.id} --help does not offer --json`);
    }
  });
});
