/** Locations inside the installed package. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: the nearest directory above this module with our package.json. This
 * module runs from dist/src (tsc's output) and from a chunk of the bundled CLI (dist/cli/…).
 */
function packageRoot(): string {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'bin', 'sipd.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package root above ${start}`);
  }
}

export const PACKAGE_ROOT = packageRoot();

export function templatePath(name: string): string {
  return path.join(PACKAGE_ROOT, 'templates', name);
}
