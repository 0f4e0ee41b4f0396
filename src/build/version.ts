// The tool's version (package.json), for `--version`, and a stamp of the code itself, so caches
// built by other code — another release, or sources edited since — are never reused.

import fs from 'node:fs';
import path from 'node:path';
import { newestMtime, PROJECT_ROOT, RUNNING_FILE } from './project.ts';

export const VERSION: string = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Newest modification time of the running code: the bundle, or every source file under src/ and web/. */
function codeStamp(): string {
  if (!RUNNING_FILE.endsWith('.ts')) return String(fs.statSync(RUNNING_FILE).mtimeMs);
  return String(newestMtime(['src', 'web']));
}

/** VERSION plus the code stamp: the cache key's notion of "the same tool". */
export const CODE_VERSION = `${VERSION}+${codeStamp()}`;
