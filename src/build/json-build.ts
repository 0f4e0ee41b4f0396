// The one engine of `vaultgraph build`, whatever its flags: every note's packed draft, in file order,
// from the build cache or from the parse workers, merged as it arrives and written as graphology's
// export format through a spool (see write-json.ts); no graphology graph is built. `--pretty`
// indents that stream; `--resolve-aliases` first reads every note's aliases (they decide how any
// link resolves) and keys the cache by them. With `-o FILE`, a file the cache knows to be up to date
// is left alone.

import fs from 'node:fs';
import path from 'node:path';
import { CacheReader, CacheWriter, cacheFileFor, fileSetHash, statStamp, stillValid, updateHeader, type CacheKey, type KnownHeader } from './cache.ts';
import { reuseOutput } from './output-reuse.ts';
import type { BrokenLink, LinkCounts } from '../core/graph.ts';
import { mergerForFiles, type MergeResult, type PackedSink } from '../core/merge.ts';
import type { GraphDetail } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import type { PackedDraft, SpecialEdge } from '../core/pack.ts';
import { draftChunk, draftStateFor, type Drafted, type DraftState } from './draft-chunk.ts';
import { collectAliases, draftEach, startWorkers, type DraftSetup, type PoolOptions } from './parse-pool.ts';
import { prepare, type Prepared } from './prepare.ts';
import type { Stamp } from './read.ts';
import { Spool, type Chunk } from './spool.ts';
import type { Diagnostic } from '../core/types.ts';
import { CODE_VERSION } from './version.ts';
import { outputTarget, writeFileAtomicWith } from './write.ts';
import { EdgeSink, graphJsonHead, writeGraphTail, type NoteNode } from './write-json.ts';
import { prettyJsonWriter } from './pretty-json.ts';

export interface BuildHooks extends PoolOptions {
  /** Indent the JSON as JSON.stringify(…, null, 2) does (pretty-json.ts). */
  pretty?: boolean;
  /** How much of each edge the JSON holds (graph-json.ts): `lean` (default) or `full` (graph.export()). */
  detail?: GraphDetail;
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
  /** Per note, once the build has used it: the stamp it was read with (a hit's, or the fresh read's). */
  used: Array<Stamp | undefined>;
  /** The cache file's header once the build is done (the one read, or the one written), if it stands. */
  known?: KnownHeader;
  /** The notes of `todo`, drafted already (output-reuse.ts compared them with their records). */
  drafted?: Drafted[];
}

function checkCache(root: string, files: ReadonlyArray<[string, string]>, cacheDir: string, key: CacheKey): CacheState {
  const file = cacheFileFor(cacheDir, root, key.detail);
  const cache = CacheReader.open(file, key);
  // Cached records are in file order: the same files, since the file set matches.
  const hits: Array<Stamp | undefined> = new Array(files.length);
  const todo: number[] = [];
  let restamped = false;
  const base = root.endsWith(path.sep) ? root : root + path.sep; // the scan's paths are plain: no join per note
  files.forEach(([rel, disk], i) => {
    const old = cache?.stamps[i];
    const now = old && old.path === rel ? stillValid(old, base + disk, cache!.writtenAt) : undefined;
    if (now) { hits[i] = now; restamped ||= now !== old; } else todo.push(i);
  });
  return { file, key, cache, hits, todo, restamped, used: [...hits] };
}

/**
 * Every note's packed draft, handed to `consume` in file order: from the cache where still valid,
 * the rest read and drafted afresh (on workers for big vaults); a new cache is written meanwhile.
 * `checked`: the cache already checked for this build (its reader is closed here).
 */
async function draftInOrder(root: string, files: Array<[string, string]>, setup: Omit<DraftSetup, 'stamp'>, options: Options, hooks: BuildHooks, consume: (d: PackedDraft, i: number) => void, checked?: CacheState): Promise<void> {
  if (!hooks.cacheDir) return draftEach(root, files, { ...setup, stamp: false }, options, hooks, (d, i) => consume(d.draft, i));
  const state0 = checked ?? checkCache(root, files, hooks.cacheDir, cacheKey(options, { allPaths: setup.paths, ...(setup.aliases && { aliases: setup.aliases }) }, setup.detail));
  const { file, key, cache, hits, todo, restamped, used } = state0;
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
            state ??= draftStateFor(setup);
            const d = draftChunk(root, [files[at]!], state, options, true).items[0]!;
            used[at] = d.stamp;
            save((w) => w.add(files[at]![0], d.stamp ?? UNREADABLE, d.draft));
            consume(d.draft, at);
          }
        }
      };
      const drafted = (d: Drafted, k: number) => {
        const i = todo[k]!;
        upTo(i);
        used[i] = d.stamp;
        save((w) => w.add(files[i]![0], d.stamp ?? UNREADABLE, d.draft));
        consume(d.draft, i);
        at = i + 1;
      };
      if (state0.drafted) state0.drafted.forEach(drafted);
      else await draftEach(root, todo.map((i) => files[i]!), { ...setup, stamp: true }, options, hooks, drafted);
      if (hooks.pause) while (at < files.length) { upTo(Math.min(files.length, at + 1000)); await hooks.pause(); }
      upTo(files.length);
      hooks.onCache?.({ reused: files.length - todo.length, drafted: todo.length });
      if (writer) save((w) => { state0.known = w.commit(); });
      // The records stand for this build's drafts only when none was drafted afresh (a cache that
      // could not be rewritten keeps the old ones): an output recorded against them must be theirs.
      else if (cache && !damaged && todo.length === 0) state0.known = cache.known;
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
  const vault = await vaultFiles(root, prep, hooks);
  const b = await jsonFrom(root, prep, vault, write, hooks);
  return { ...b, diagnostics: [...prep.diagnostics, ...b.diagnostics] };
}

/**
 * buildVaultJson into `file` (written atomically), unless the file is up to date: the build cache
 * records what the last build wrote there, and when no note, option or exclusion changed and the
 * file is as that build left it, the file stays and its summary is reported (`upToDate`).
 */
export async function buildVaultJsonFile(root: string, file: string, overrides: Partial<Options> = {}, hooks: BuildHooks = {}): Promise<JsonBuild & { upToDate: boolean; inputs?: BuildInputs }> {
  const startedAt = Date.now();
  const prep = prepare(root, overrides);
  const ignore = JSON.stringify(prep.obsidian.userIgnoreFilters);
  const format = `${hooks.pretty ? 'pretty' : 'json'} ${hooks.detail ?? 'lean'}`;
  const vault = await vaultFiles(root, prep, hooks);
  // One look at the cache serves both questions: is the file up to date, and which notes to draft.
  const detail = hooks.detail ?? 'lean';
  const checked = hooks.cacheDir !== undefined ? checkCache(root, prep.listed.notes, hooks.cacheDir, cacheKey(prep.options, vault, detail)) : undefined;
  // A pipe or device is written every time: "up to date" only makes sense for a file we can stat.
  const regular = outputTarget(file).kind === 'file';
  const inputs = (): BuildInputs | undefined => checked && regular ? { startedAt, notes: prep.listed.notes.map(([, disk], i) => [disk, checked.used[i]]), dirs: prep.listed.dirs ?? [] } : undefined;
  // The file is up to date, or another output of the same drafts can be copied to it (output-reuse.ts).
  const reused = checked && regular ? reuseOutput({ root, notes: prep.listed.notes, attachments: prep.listed.attachments, allPaths: vault.allPaths, ...(vault.aliases && { aliases: vault.aliases }), options: prep.options, detail }, checked, file, ignore, format) : undefined;
  if (reused) {
    checked!.cache?.close();
    const summary = reused.summary as JsonBuild;
    return { ...summary, diagnostics: [...prep.diagnostics, ...summary.diagnostics], upToDate: reused.upToDate, inputs: inputs() };
  }
  const b = await writeFileAtomicWith(file, (write) => jsonFrom(root, prep, vault, write, hooks, checked));
  const stamp = checked && regular ? statStamp(file) : undefined;
  // Remembered only against records that are exactly this build's drafts (draftInOrder sets `known` then).
  if (stamp && checked!.known) {
    try { updateHeader(checked!.file, checked!.known, { output: { file: path.resolve(file), stamp, ignore, format, summary: b } }); } catch { /* only costs speed next time */ }
  }
  return { ...b, diagnostics: [...prep.diagnostics, ...b.diagnostics], upToDate: false, inputs: inputs() };
}

/** What a build to a file read: each note's stamp as read (undefined: unreadable), the folders the scan entered. */
export interface BuildInputs {
  startedAt: number;
  notes: Array<[disk: string, stamp: Stamp | undefined]>;
  dirs: string[];
}

/** What every note's draft depends on besides its own text: the vault's files, and with `resolveAliases` every note's aliases. */
interface VaultFiles {
  /** Every file of the vault (notes and attachments), sorted: what resolution and the cache key see. */
  allPaths: readonly string[];
  aliases?: ReadonlyArray<[string, string[]]>;
}

async function vaultFiles(root: string, prep: Prepared, hooks: BuildHooks): Promise<VaultFiles> {
  const allPaths = [...prep.listed.notes.map(([p]) => p), ...prep.listed.attachments].sort();
  // With alias resolution any note's aliases can change how any link resolves: a first pass reads them all.
  if (!prep.options.resolveAliases) return { allPaths };
  return { allPaths, aliases: await collectAliases(root, prep.listed.notes, prep.options, hooks) };
}

/** The cache holds drafts made from these files (and aliases), by this code with these options, packed for this detail. */
function cacheKey(options: Options, vault: VaultFiles, detail: GraphDetail): CacheKey {
  const fileSet = fileSetHash(vault.aliases ? [...vault.allPaths, '', ...vault.aliases.flatMap(([p, a]) => [p, ...a, ''])] : vault.allPaths);
  return { version: CODE_VERSION, options, fileSet, detail };
}

/** What a merge of the vault hands its consumer, in note order: each note's draft, then that note's edges (PackedSink). */
export interface DraftSink extends PackedSink {
  note(d: PackedDraft, i: number): void;
}

/**
 * Every note's packed draft (at `detail`), from the cache or the workers, merged in file order into
 * the sink `makeSink` gives for every file's node key (the order the drafts' target indices point into).
 */
async function mergeInOrder(root: string, prep: Prepared, vault: VaultFiles, hooks: BuildHooks, detail: GraphDetail,
  makeSink: (keys: readonly string[]) => DraftSink, checked?: CacheState): Promise<MergeResult> {
  const { allPaths, aliases } = vault;
  // The parse workers boot (Node's start-up, the bundle) while this thread gives the keys.
  // Each is sent the vault's files at once, to index them for resolution meanwhile too.
  const started = startWorkers(checked ? (checked.drafted ? 0 : checked.todo.length) : hooks.cacheDir === undefined ? prep.listed.notes.length : 0, hooks, { paths: allPaths, aliases });
  try {
    const merger = mergerForFiles<SpecialEdge>(prep.listed.notes, prep.listed.attachments);
    const keys = merger.keysOf(allPaths);
    const sink = makeSink(keys);
    await draftInOrder(root, prep.listed.notes, { paths: allPaths, keys, detail, ...(aliases && { aliases }) }, prep.options, { ...hooks, started }, (d, i) => {
      sink.note(d, i);
      merger.addPacked(d, keys, allPaths, sink);
    }, checked);
    return merger.finish();
  } finally {
    for (const w of started) void w.terminate(); // already ended, unless the build stopped before using them
  }
}

/** The same engine for another consumer than the JSON writer (serve's viewer model), at `hooks.detail`. */
export async function mergeVault(root: string, overrides: Partial<Options>, hooks: BuildHooks, makeSink: (keys: readonly string[]) => DraftSink): Promise<{ prep: Prepared; merged: MergeResult }> {
  const prep = prepare(root, overrides);
  const vault = await vaultFiles(root, prep, hooks);
  return { prep, merged: await mergeInOrder(root, prep, vault, hooks, hooks.detail ?? 'lean', makeSink) };
}

/** The JSON build from prepared inputs; diagnostics are only those of the notes and the merge. */
async function jsonFrom(root: string, prep: Prepared, vault: VaultFiles, out: (chunk: Chunk) => void, hooks: BuildHooks, checked?: CacheState): Promise<JsonBuild> {
  const { listed, isExcluded } = prep;
  const write = hooks.pretty ? prettyJsonWriter(out) : out;
  const notes: NoteNode[] = new Array(listed.notes.length);
  const detail = hooks.detail ?? 'lean';
  // Lean: the edges go straight out, after the head; full: they wait in a spool for the nodes.
  const spool = detail === 'full' ? new Spool(hooks.spoolBytes) : undefined;
  if (!spool) write(graphJsonHead(detail));
  let edges: EdgeSink | undefined;
  try {
    const merged = await mergeInOrder(root, prep, vault, hooks, detail, (keys) => {
      const sink = (edges = new EdgeSink(spool ? (b) => spool.push(b) : write, detail, keys));
      return { note: (d, i) => { notes[i] = { json: d.json, kind: d.kind, path: d.path }; }, ready: sink.ready, special: sink.special };
    }, checked);
    edges!.finish();
    writeGraphTail(notes, merged, spool, write, isExcluded);
    return { nodes: merged.nodes.length, edges: [...merged.outDegree.values()].reduce((a, b) => a + b, 0), broken: merged.broken, diagnostics: merged.diagnostics, counts: merged.counts };
  } finally {
    spool?.dispose();
  }
}

