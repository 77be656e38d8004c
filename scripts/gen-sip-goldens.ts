// Regenerates test/fixtures/sip/golden/<name>.json for every valid message of the RFC 4475 /
// RFC 5118 corpus. Run it on purpose, then review the diff:
//   npx tsc -p . && node dist/scripts/gen-sip-goldens.js
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseMessage } from '../src/sip/index.js';
import { goldenDir, loadCorpus, summarize } from '../test/unit/sip/torture-corpus.js';

mkdirSync(goldenDir, { recursive: true });
let count = 0;
for (const entry of loadCorpus()) {
  if (entry.cls !== 'valid') continue;
  const summary = { file: entry.file, expected: entry.expected, message: summarize(parseMessage(entry.bytes)) };
  writeFileSync(path.join(goldenDir, `${entry.name}.json`), `${JSON.stringify(summary, null, 2)}\n`);
  count++;
}
process.stdout.write(`wrote ${count} golden files to ${path.relative(process.cwd(), goldenDir)}\n`);
