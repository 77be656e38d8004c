/** Locations inside the installed package. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: this file is dist/src/paths.js. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function templatePath(name: string): string {
  return path.join(PACKAGE_ROOT, 'templates', name);
}
