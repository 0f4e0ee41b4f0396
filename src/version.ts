// The tool's version (package.json), for `--version`, and a stamp of the code itself, so caches
// built by other code — another release, or sources edited since — are never reused.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const VERSION: string = (JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Newest modification time of the running code: the bundle, or every source file under src/ and web/. */
function codeStamp(): string {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return String(fs.statSync(here).mtimeMs);
  let newest = 0;
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      newest = Math.max(newest, e.isDirectory() ? (walk(p), 0) : fs.statSync(p).mtimeMs);
    }
  };
  const root = path.resolve(path.dirname(here), '..');
  for (const d of ['src', 'web']) if (fs.existsSync(path.join(root, d))) walk(path.join(root, d));
  return String(newest);
}

/** VERSION plus the code stamp: the cache key's notion of "the same tool". */
export const CODE_VERSION = `${VERSION}+${codeStamp()}`;
