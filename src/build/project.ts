// Where vaultgraph's own files are: the project root (the folder holding its package.json), found
// from this module whether it runs from the sources (src/<layer>/) or the bundle (dist/), and the
// newest modification time under some of its folders (for "is the bundle or cache stale?").

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = path.dirname(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`vaultgraph: no package.json above ${from}`);
  }
}

/** The folder with vaultgraph's package.json, bundled or not. */
export const PROJECT_ROOT: string = findRoot(fileURLToPath(import.meta.url));

/** The path of this module's own file (a `.ts` source, or the bundle that inlined it). */
export const RUNNING_FILE: string = fileURLToPath(import.meta.url);

/** Newest mtime (ms) of any file under the given folders of the project (missing folders skipped). */
export function newestMtime(dirs: readonly string[]): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  for (const d of dirs) {
    const p = path.join(PROJECT_ROOT, d);
    if (fs.existsSync(p)) walk(p);
  }
  return newest;
}
