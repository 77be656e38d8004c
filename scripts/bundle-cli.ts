/**
 * Bundles sipctl (src/cli/main.ts and every command, as compiled by tsc) into dist/cli with
 * esbuild: @oclif/core and our own modules become a few shared chunks, each command one entry.
 * Node then resolves and reads a handful of files instead of about two hundred, which is most
 * of a command's start-up time. Packages with native parts or their own dynamic loading stay
 * external and load from node_modules when a command needs them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { PACKAGE_ROOT } from '../src/paths.js';

const DIST = path.join(PACKAGE_ROOT, 'dist');
const OUT = path.join(DIST, 'cli');
const EXTERNAL = ['knex', 'pg', 'mysql2', 'sqlite3', 'unix-dgram', 'inquirer', 'cli-progress', 'typescript'];

function commandFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return commandFiles(p);
    return e.name.endsWith('.js') ? [p] : [];
  });
}

fs.rmSync(OUT, { recursive: true, force: true });
const commandsDir = path.join(DIST, 'commands');
const entryPoints = [
  { in: path.join(DIST, 'src', 'cli', 'main.js'), out: 'main' },
  ...commandFiles(commandsDir).map((f) => ({ in: f, out: path.join('commands', path.relative(commandsDir, f).replace(/\.js$/, '')) })),
];
await build({
  entryPoints,
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  chunkNames: 'chunks/[name]-[hash]',
  // oclif is CommonJS: inside an ES module bundle its require() of Node built-ins needs one.
  banner: { js: "import { createRequire as __sipctlCreateRequire } from 'node:module'; const require = __sipctlCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
