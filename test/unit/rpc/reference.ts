/** Locates the shared control-protocol captures (never copied into the repository). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 12; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'tsconfig.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('repository root not found above the test file');
}

export const REPO_ROOT = findRepoRoot();
export const CONTROL_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'control');

export function controlPath(...parts: string[]): string {
  return path.join(CONTROL_DIR, ...parts);
}

/** Lower-case hex, whitespace-separated, 16 per line: strip the whitespace. */
export function readHex(file: string): Buffer {
  return Buffer.from(fs.readFileSync(file, 'utf8').replace(/\s+/g, ''), 'hex');
}

/** Labels of files in `dir` ending with `suffix`, sorted. */
export function labels(dir: string, suffix: string): string[] {
  return fs
    .readdirSync(controlPath(dir))
    .filter((name) => name.endsWith(suffix))
    .map((name) => name.slice(0, -suffix.length))
    .sort();
}
