// The build cache: each note's frozen draft, reused on the next build when nothing it depends on
// changed. A draft depends on the note's bytes, the options, the tool's version and the vault's
// set of file paths (resolution sees every file), so the cache stores all four:
//   - tool version, options and the file-set hash must match, or the whole cache is ignored;
//   - a note is reused when its size and mtime match (as git trusts its index), else it is read
//     and its sha1 compared, so a touched-but-unchanged file still hits;
//   - entries whose mtime is within 2 s of the cache's own write time are re-checked by content
//     (a file edited in the same second as the last build must not be missed).
// The cache lives in the user's cache folder (`$XDG_CACHE_HOME/vaultgraph`, else `~/.cache`),
// one file per vault, written atomically: deleting it is always safe, a torn or foreign file is
// ignored, never trusted.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import type { PackedDraft } from './pack.ts';
import type { Options } from './options.ts';
import { sha1, type Stamp } from './read.ts';
import { writeFileAtomic } from './write.ts';

const FORMAT = 1;
const RACY_MS = 2000;

export interface CacheEntry extends Stamp { draft: PackedDraft }

interface CacheFile {
  format: number;
  version: string;
  options: string;
  fileSet: string;
  writtenAt: number;
  entries: Record<string, CacheEntry>;
}

export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vaultgraph');
}

export function cacheFileFor(cacheDir: string, root: string): string {
  const id = createHash('sha1').update(fs.realpathSync(root)).digest('hex').slice(0, 16);
  return path.join(cacheDir, `${path.basename(root).replace(/[^\w.-]+/g, '_')}-${id}.v8`);
}

export function fileSetHash(paths: readonly string[]): string {
  const h = createHash('sha1');
  for (const p of paths) h.update(p).update('\0');
  return h.digest('hex');
}

export interface CacheKey { version: string; options: Options; fileSet: string }

/** Load the entries usable for this build, or an empty map (missing, foreign, stale or torn file). */
export function loadCache(file: string, key: CacheKey): { entries: Map<string, CacheEntry>; writtenAt: number } {
  const none = { entries: new Map<string, CacheEntry>(), writtenAt: 0 };
  let data: CacheFile;
  try {
    data = v8.deserialize(fs.readFileSync(file)) as CacheFile;
  } catch {
    return none;
  }
  if (!data || data.format !== FORMAT || data.version !== key.version || data.options !== JSON.stringify(key.options) || data.fileSet !== key.fileSet) return none;
  return { entries: new Map(Object.entries(data.entries)), writtenAt: data.writtenAt };
}

export function saveCache(file: string, key: CacheKey, entries: Map<string, CacheEntry>): void {
  const data: CacheFile = {
    format: FORMAT, version: key.version, options: JSON.stringify(key.options), fileSet: key.fileSet,
    writtenAt: Date.now(), entries: Object.fromEntries(entries),
  };
  writeFileAtomic(file, v8.serialize(data));
}

/**
 * Can the cached entry stand for the file at `full` now? Stat first; read and hash only when the
 * stat differs or the file changed too close to the cache's write time to trust its mtime.
 */
export function stillValid(entry: CacheEntry, full: string, writtenAt: number): boolean {
  let st: fs.Stats;
  try { st = fs.statSync(full); } catch { return false; }
  if (st.size !== entry.size) return false;
  if (st.mtimeMs === entry.mtimeMs && st.mtimeMs < writtenAt - RACY_MS) return true;
  try { return sha1(fs.readFileSync(full)) === entry.sha1; } catch { return false; }
}
