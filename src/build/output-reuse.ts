// When `build -o FILE` need not merge and write the graph again: the output is a function of the
// notes' drafts (with the options, the file set and the exclusions the cache key and the output
// record hold), so when every draft a build would merge now is byte for byte the draft the cache
// holds, the JSON a build would write is the JSON a build wrote from those records. The notes that
// changed since (an edit that keeps the note's links, a touch) are drafted here and compared with
// their records (early cutoff, as build systems call it); then FILE, when it is still as that build
// left it, is up to date, and a FILE the cache has not seen gets a copy of an output that is.
// Anything this cannot tell falls through to the full build.

import path from 'node:path';
import { sameRecord, statStamp, updateHeader, type CacheReader, type OutputRecord, type PathStamp } from './cache.ts';
import { draftChunk, draftStateFor, type Drafted } from './draft-chunk.ts';
import { mergerForFiles } from '../core/merge.ts';
import type { GraphDetail } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import type { Stamp } from './read.ts';
import { copyRecorded } from './write.ts';

/**
 * Past this many changed notes the full build runs at once: they are drafted on this thread, one
 * by one, and a change that keeps every note's draft is rare among many.
 */
export const MAX_REDRAFTED = 256;

/** What the build knows of its cache (json-build.ts's CacheState). */
export interface CacheView {
  file: string;
  cache: CacheReader | undefined;
  todo: number[];
  restamped: boolean;
  /** Per note, its stamp as read by this build; filled here for the notes redrafted. */
  used: Array<Stamp | undefined>;
  /** The notes of `todo`, in its order, when drafted here: the full build uses them rather than drafting them again. */
  drafted?: Drafted[];
}

/** What a build would draft from: the vault's notes and attachments, every path, aliases, the options and detail. */
export interface DraftInputs {
  root: string;
  notes: ReadonlyArray<[string, string]>;
  attachments: readonly string[];
  allPaths: readonly string[];
  aliases?: ReadonlyArray<[string, string[]]>;
  options: Options;
  detail: GraphDetail;
}

/**
 * The summary of an output the cache remembers that stands for `file` now, after making `file` that
 * output (a copy) when it is another file; upToDate when `file` was left as it was. Undefined: build.
 */
export function reuseOutput(inputs: DraftInputs, c: CacheView, file: string, ignore: string, format: string): { summary: OutputRecord['summary']; upToDate: boolean } | undefined {
  const cache = c.cache;
  if (!cache || c.todo.length > MAX_REDRAFTED) return undefined;
  const target = path.resolve(file);
  const usable = cache.outputs.filter((o) => o.ignore === ignore && o.format === format && sameStat(statStamp(o.file), o.stamp));
  if (usable.length === 0 || !draftsUnchanged(inputs, c)) return undefined;
  const own = usable.find((o) => o.file === target);
  const from = own ?? usable[0]!;
  let output: OutputRecord | undefined;
  if (!own) {
    const stamp = copyOutput(from, target);
    if (!stamp) return undefined;
    output = { ...from, file: target, stamp };
  }
  const restamp = c.todo.length > 0 || c.restamped;
  if (output || restamp) {
    const stamps: PathStamp[] = inputs.notes.map(([rel], i) => ({ path: rel, ...c.used[i]! }));
    try { updateHeader(c.file, cache.known, { ...(output && { output }), ...(restamp && { stamps }) }); } catch { /* only costs speed next time */ }
  }
  return { summary: from.summary, upToDate: !output };
}

/**
 * Is every note's draft now exactly the record the cache holds for it? The notes the cache could
 * not vouch for by their stat are read, drafted here and compared; their stamps go into `used`.
 */
function draftsUnchanged(inputs: DraftInputs, c: CacheView): boolean {
  if (c.todo.length === 0) return true;
  const { root, notes, attachments, allPaths, aliases, options, detail } = inputs;
  const keys = mergerForFiles(notes, attachments).keysOf(allPaths);
  const state = draftStateFor({ paths: allPaths, keys, aliases, detail });
  const { items } = draftChunk(root, c.todo.map((i) => notes[i]!), state, options, true);
  c.drafted = items;
  const stamps: Stamp[] = [];
  for (let k = 0; k < items.length; k++) {
    const i = c.todo[k]!, { draft, stamp } = items[k]!;
    if (!stamp) return false;
    let record: ReturnType<CacheReader['read']>;
    try { record = c.cache!.read(i); } catch { return false; }
    if (record.draft.path !== notes[i]![0] || !sameRecord(draft, record.raw)) return false;
    stamps.push(stamp);
  }
  c.todo.forEach((i, k) => { c.used[i] = stamps[k]; });
  return true;
}

/** The output file `from` names, still exactly as recorded, copied to `to` (atomically); its new stat, or undefined (nothing written). */
function copyOutput(from: OutputRecord, to: string): OutputRecord['stamp'] | undefined {
  return copyRecorded(from.file, from.stamp, to) ? statStamp(to) : undefined;
}

function sameStat(now: OutputRecord['stamp'] | undefined, was: OutputRecord['stamp']): boolean {
  return !!now && now.size === was.size && now.mtimeMs === was.mtimeMs && now.ctimeMs === was.ctimeMs && now.ino === was.ino;
}
