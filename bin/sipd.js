#!/usr/bin/env node
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const args = process.argv.slice(2);
if (args.includes('-V') || args.includes('--version')) {
  process.stdout.write(`sipd ${pkg.version}\n`);
} else {
  process.stderr.write('sipd: the SIP server is not built yet; only -V works in this version\n');
  process.exitCode = 1;
}
