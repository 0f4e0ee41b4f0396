// The JSON build path of `vaultgraph build`: every note's packed draft, in file order, from the build
// cache or from the parse workers, merged as it arrives and written as graphology's export format
// through a spool (see write-json.ts); no graphology graph is built. With `-o FILE`, a file the
// cache knows to be up to date is left alone.

import fs from 'node:fs';
import path from 'node:path';
import { CacheReader, CacheWriter, cacheFileFor, fileSetHash, recordOutput, statStamp, stillValid, type CacheKey } from './cache.ts';
import { buildGraph, type BrokenLink, type LinkCounts } from '../core/graph.ts';
import { Merger } from '../core/merge.ts';
import type { Options } from '../core/options.ts';
import type { PackedDraft, SpecialEdge } from '../core/pack.ts';
import { draftChunk, draftEach, draftState, parseFiles, type DraftSetup, type DraftState, type PoolOptions } from './parse-pool.ts';
import { noteId } from '../core/parse/note.ts';
import { prepare, type Prepared } from './prepare.ts';
import type { Stamp } from './read.ts';
import { Spool, type Chunk } from './spool.ts';
import type { Diagnostic } from '../core/types.ts';
import { CODE_VERSION } from './version.ts';
import { outputTarget, writeFileAtomicWith } from './write.ts';
import { EdgeSink, writeGraphFile, type NoteNode } from './write-json.ts';

export interface BuildHooks extends PoolOptions {
  /** Reuse and update the build cache in this folder (JSON path only). */
  cacheDir?: string;
  onCache?: (stats: { reused: number; drafted: number }) => void;
  /** Edge bytes kept in memory before they move to a temporary file (JSON path only). */
  spoolBytes?: number;
}

/** The cache as it stands for this build: which notes it still holds (checked once per build). */
interface CacheState {
  file: string;
  key: CacheKey;
  cache: CacheReader | undefined;
  /** Per note: its current stamp when the cached record still stands for it. */
  hits: Array<Stamp | undefined>;
  /** The notes to draft afresh. */
  todo: number[];
  /** Some hit was confirmed by content under a new stat: worth writing the new stamps. */
  restamped: boolean;
}

function checkCache(root: string, files: ReadonlyArray<[string, string]>, cacheDir: string, key: CacheKey): CacheState {
  const file = cacheFileFor(cacheDir, root);
  const cache = CacheReader.open(file, key);
  // Cached records are in file order: the same files, since the file set matches.
  const hits: Array<Stamp | undefined> = new Array(files.length);
  const todo: number[] = [];
  let restamped = false;
  files.forEach(([rel, disk], i) => {
    const old = cache?.stamps[i];
    const now = old && old.path === rel ? stillValid(old, path.join(root, disk), cache!.writtenAt) : undefined;
    if (now) { hits[i] = now; restamped ||= now !== old; } else todo.push(i);
  });
  return { file, key, cache, hits, todo, restamped };
}

/**
 * Every note's packed draft, handed to `consume` in file order: from the cache where still valid,
 * the rest read and drafted afresh (on workers for big vaults); a new cache is written meanwhile.
 * `checked`: the cache already checked for this build (its reader is closed here).
 */
async function draftInOrder(root: string, files: Array<[string, string]>, setup: Omit<DraftSetup, 'stamp'>, options: Options, hooks: BuildHooks, consume: (d: PackedDraft, i: number) => void, checked?: CacheState): Promise<void> {
  if (!hooks.cacheDir) return draftEach(root, files, { ...setup, stamp: false }, options, hooks, (d, i) => consume(d.draft, i));
  const { file, key, cache, hits, todo, restamped } = checked ?? checkCache(root, files, hooks.cacheDir, cacheKey(options, setup.paths));
  try {
    // Nothing to change (not even a stamp to refresh): keep the cache file as it is.
    let writer: CacheWriter | undefined;
    if (!cache || todo.length > 0 || restamped) {
      try { writer = new CacheWriter(file, key); } catch { /* a read-only cache folder only costs speed */ }
    }
    const save = (f: (w: CacheWriter) => void) => {
      if (!writer) return;
      try { f(writer); } catch { writer.abort(); writer = undefined; }
    };
    try {
      let at = 0; // next file to consume
      let state: DraftState | undefined; // for drafting here what a damaged cache record should have held
      let damaged = false;
      const upTo = (end: number) => {
        for (; at < end; at++) {
          let record: ReturnType<CacheReader['read']> | undefined;
          if (!damaged) {
            try { record = cache!.read(at); } catch { damaged = true; }
            if (record && record.draft.path !== files[at]![0]) { record = undefined; damaged = true; }
            // Not rewriting the cache this time: drop it, so the next build makes a sound one.
            if (damaged && !writer) fs.rmSync(file, { force: true });
          }
          if (record) {
            const { draft, raw } = record;
            save((w) => w.copy(files[at]![0], hits[at]!, raw));
            consume(draft, at);
          } else {
            state ??= draftState(setup.paths, setup.keys);
            const d = draftChunk(root, [files[at]!], state, options, true).items[0]!;
            save((w) => w.add(files[at]![0], d.stamp ?? UNREADABLE, d.draft));
            consume(d.draft, at);
          }
        }
      };
      await draftEach(root, todo.map((i) => files[i]!), { ...setup, stamp: true }, options, hooks, (d, k) => {
        const i = todo[k]!;
        upTo(i);
        save((w) => w.add(files[i]![0], d.stamp ?? UNREADABLE, d.draft));
        consume(d.draft, i);
        at = i + 1;
      });
      upTo(files.length);
      hooks.onCache?.({ reused: files.length - todo.length, drafted: todo.length });
      save((w) => w.commit());
      writer = undefined;
    } finally {
      writer?.abort();
    }
  } finally {
    cache?.close();
  }
}

/** The stamp of a note that could not be read: never matches, so the next build tries again. */
const UNREADABLE: Stamp = { size: -1, mtimeMs: 0, ctimeMs: 0, ino: 0, sha1: '' };

export interface JsonBuild {
  nodes: number;
  edges: number;
  broken: BrokenLink[];
  diagnostics: Diagnostic[];
  counts: LinkCounts;
}

/**
 * The same graph, written as JSON (graphology export format) through `write` in chunks: workers
 * parse, resolve and serialise; no graphology graph is built. The fast path of `vaultgraph build`.
 * A chunk given as bytes is only valid during the call (the buffer is reused): copy it to keep it.
 */
export async function buildVaultJson(root: string, write: (chunk: Chunk) => void, overrides: Partial<Options> = {}, hooks: BuildHooks = {}): Promise<JsonBuild> {
  const prep = prepare(root, overrides);
  const b = await jsonFrom(root, prep, write, hooks);
  return { ...b, diagnostics: [...prep.diagnostics, ...b.diagnostics] };
}

/**
 * buildVaultJson into `file` (written atomically), unless the file is up to date: the build cache
 * records what the last build wrote there, and when no note, option or exclusion changed and the
 * file is as that build left it, the file stays and its summary is reported (`upToDate`).
 */
export async function buildVaultJsonFile(root: string, file: string, overrides: Partial<Options> = {}, hooks: BuildHooks = {}): Promise<JsonBuild & { upToDate: boolean }> {
  const prep = prepare(root, overrides);
  const ignore = JSON.stringify(prep.obsidian.userIgnoreFilters);
  // One look at the cache serves both questions: is the file up to date, and which notes to draft.
  const checked = hooks.cacheDir !== undefined && !prep.options.resolveAliases
    ? checkCache(root, prep.listed.notes, hooks.cacheDir, cacheKey(prep.options, allPathsOf(prep))) : undefined;
  // A pipe or device is written every time: "up to date" only makes sense for a file we can stat.
  const regular = outputTarget(file).kind === 'file';
  const summary = checked && regular && upToDateSummary(checked, file, ignore);
  if (summary) {
    checked!.cache?.close();
    return { ...summary, diagnostics: [...prep.diagnostics, ...summary.diagnostics], upToDate: true };
  }
  const b = await writeFileAtomicWith(file, (write) => jsonFrom(root, prep, write, hooks, checked));
  const stamp = checked && regular ? statStamp(file) : undefined;
  if (stamp) {
    try { recordOutput(checked!.file, checked!.key, { file, stamp, ignore, summary: b }); } catch { /* only costs speed next time */ }
  }
  return { ...b, diagnostics: [...prep.diagnostics, ...b.diagnostics], upToDate: false };
}

function cacheKey(options: Options, allPaths: readonly string[]): CacheKey {
  return { version: CODE_VERSION, options, fileSet: fileSetHash(allPaths) };
}

/** Every file of the vault (notes and attachments), sorted: what resolution and the cache key see. */
function allPathsOf(prep: Prepared): string[] {
  return [...prep.listed.notes.map(([p]) => p), ...prep.listed.attachments].sort();
}

/** The recorded summary when `file` is exactly what the last build wrote and nothing it came from changed. */
function upToDateSummary(checked: CacheState, file: string, ignore: string): JsonBuild | undefined {
  const out = checked.cache?.output;
  if (!out || out.file !== file || out.ignore !== ignore || checked.todo.length > 0 || checked.restamped) return undefined;
  const now = statStamp(file);
  if (!now || now.size !== out.stamp.size || now.mtimeMs !== out.stamp.mtimeMs || now.ctimeMs !== out.stamp.ctimeMs || now.ino !== out.stamp.ino) return undefined;
  return out.summary as JsonBuild;
}

/** The JSON build from prepared inputs; diagnostics are only those of the notes and the merge. */
async function jsonFrom(root: string, prep: Prepared, write: (chunk: Chunk) => void, hooks: BuildHooks, checked?: CacheState): Promise<JsonBuild> {
  const { options, listed, isExcluded } = prep;
  if (options.resolveAliases) { // aliases must all be known before any link resolves: the in-memory path
    const notes = await parseFiles(root, listed.notes, options, hooks);
    const b = buildGraph({ notes, attachments: listed.attachments, isExcluded }, options);
    write(JSON.stringify(b.graph.export()) + '\n');
    return { nodes: b.graph.order, edges: b.graph.size, broken: b.broken, diagnostics: b.diagnostics, counts: b.counts };
  }
  const allPaths = allPathsOf(prep);
  const merger = new Merger<SpecialEdge>(listed.notes.map(([p]) => ({ id: noteId(p), path: p })), listed.attachments);
  const keys = merger.keysOf(allPaths);
  const notes: NoteNode[] = new Array(listed.notes.length);
  const edges = new EdgeSink(new Spool(hooks.spoolBytes));
  try {
    await draftInOrder(root, listed.notes, { paths: allPaths, keys }, options, hooks, (d, i) => {
      notes[i] = { json: d.json, kind: d.kind, path: d.path };
      merger.addPacked(d, keys, allPaths, edges.bytes, edges.special);
    }, checked);
    const merged = merger.finish();
    writeGraphFile(notes, merged, edges.spool, write, isExcluded);
    return { nodes: merged.nodes.length, edges: [...merged.outDegree.values()].reduce((a, b) => a + b, 0), broken: merged.broken, diagnostics: merged.diagnostics, counts: merged.counts };
  } finally {
    edges.spool.dispose();
  }
}

