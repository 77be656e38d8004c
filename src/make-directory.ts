import fs from 'node:fs';
import path from 'node:path';

/**
 * mkdir -p, one level at a time. Node 20's fs.mkdirSync(dir, { recursive: true }) never
 * returns for a path under /proc such as /proc/nope: mkdir fails there with ENOENT although
 * the parent exists, and Node retries the parent and the child for ever.
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  let d = dir;
  while (!fs.existsSync(d)) {
    missing.unshift(d);
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  for (const m of missing) fs.mkdirSync(m);
}
