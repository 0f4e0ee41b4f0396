// Read and parse many notes on worker threads (one per core, two here), in chunks handed out as
// workers become free; results come back in file order. Small vaults are done inline: starting
// workers and cloning results back costs more than it saves below a few thousand notes.

import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from './worker.ts';
import type { GraphDetail } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import { aliasesOf, draftChunk, draftStateFor, joinList, type Drafted, type DraftState, type Files } from './draft-chunk.ts';
import { readNoteParsed } from './read.ts';
import type { Note } from '../core/types.ts';


export interface PoolOptions {
  /**
   * Worker threads; 0 or 1 works inline. Default: $VAULTGRAPH_THREADS, else one per core (at most
   * 4) from 5,000 notes on.
   */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
  /** Give up when a worker spends longer than this on one chunk (a note hanging the parser). Default 120 s. */
  chunkTimeoutMs?: number;
  /** Workers started ahead (startWorkers) for the next run, which uses and ends them instead of starting its own. */
  started?: Worker[];
  /** Asked before each chunk is handed out: true stops the run (serve stopped while building behind its first page). */
  stopped?: () => boolean;
  /** Awaited between chunks done inline, and by the build between runs of cached notes (a server answers requests meanwhile); rejecting stops the run. */
  pause?: () => Promise<void>;
}

const MIN_PARALLEL = 5000;
const CHUNK = 256;


/** Read and parse every note. */
export async function parseFiles(root: string, files: Files, options: Options, pool: PoolOptions = {}): Promise<Note[]> {
  const out: Note[] = [];
  await parseEach(root, files, options, pool, (n) => out.push(n));
  return out;
}

/** Read and parse every note, handing each to `consume` in file order as soon as it is ready. */
export function parseEach(root: string, files: Files, options: Options, pool: PoolOptions, consume: (note: Note) => void): Promise<void> {
  return run<Note>(root, files, { type: 'init', options }, 'parse', pool, (chunk) => chunk.map(([rel, disk]) => readNoteParsed(root, rel, disk, options, false).note), consume);
}

/**
 * Every note's frontmatter aliases, as `[path, aliases]` for the notes that have some, in file
 * order: what `resolveAliases` needs known before any link resolves (a first pass over the vault).
 */
export async function collectAliases(root: string, files: Files, options: Options, pool: PoolOptions = {}): Promise<Array<[string, string[]]>> {
  const out: Array<[string, string[]]> = [];
  await run<[string, string[]] | null>(root, files, { type: 'init', options }, 'aliases', { ...pool, onProgress: undefined }, (chunk) => aliasesOf(root, chunk, options), (a) => { if (a) out.push(a); });
  return out;
}

/** What the JSON build path needs to draft notes anywhere: every vault file and its node key. */
export interface DraftSetup {
  /** Every file of the vault (notes and attachments), sorted, for the resolver. */
  paths: readonly string[];
  /** The node key of each of `paths` (Merger.keysOf). */
  keys: readonly string[];
  /** With `resolveAliases`: every note's aliases (collectAliases), for the resolver. */
  aliases?: ReadonlyArray<[string, string[]]>;
  /** How much of each edge to pack (the graph JSON's detail). */
  detail: GraphDetail;
  /** Also stamp each file for the build cache. */
  stamp: boolean;
}

/**
 * Read, parse, resolve, classify and pack every note (the JSON build path), handing each to
 * `consume` in file order as soon as it is ready. With `resolveAliases`, `setup.aliases` must hold
 * every note's aliases (collectAliases) before any link resolves.
 */
export function draftEach(root: string, files: Files, setup: DraftSetup, options: Options, pool: PoolOptions, consume: (d: Drafted, i: number) => void): Promise<void> {
  let state: DraftState | undefined;
  // Every path and key as one string each: cloning 20k small strings per worker cost the main thread ~50 ms at 10k notes.
  const keys = joinList(setup.keys);
  let paths: string | undefined;
  const init = (w: Worker) => indexed.get(w) === setup.paths
    ? { type: 'init', options, keys, detail: setup.detail, stamp: setup.stamp } // it has the files (startWorkers)
    : { type: 'init', options, paths: (paths ??= joinList(setup.paths)), keys, detail: setup.detail, aliases: setup.aliases, stamp: setup.stamp };
  return run<Drafted>(root, files, init, 'draft', pool, (chunk) => {
    state ??= draftStateFor(setup);
    return draftChunk(root, chunk, state, options, setup.stamp).items;
  }, consume);
}

/** How many worker threads `files` notes get (0 or 1: inline). */
export function threadsFor(notes: number, pool: PoolOptions): number {
  const fromEnv = Number(process.env.VAULTGRAPH_THREADS);
  const envSet = process.env.VAULTGRAPH_THREADS !== undefined && Number.isInteger(fromEnv) && fromEnv >= 0; // junk is ignored
  return pool.threads ?? (envSet ? fromEnv : notes >= MIN_PARALLEL ? Math.min(4, os.availableParallelism()) : 0);
}

/**
 * Start the parse workers for `notes` notes ahead of use (they boot while the caller finishes its
 * set-up): pass them as `pool.started` to the next draftEach, which ends them. The caller must
 * end them itself if it never gets there (ending them twice is harmless). With `files` (what
 * draftEach's setup will hold), each worker is sent every vault file at once and builds its
 * resolver index while the caller makes the node keys; draftEach then sends only the keys.
 */
export function startWorkers(notes: number, pool: PoolOptions, files?: Pick<DraftSetup, 'paths' | 'aliases'>): Worker[] {
  const threads = threadsFor(notes, pool);
  const workers = threads <= 1 ? [] : Array.from({ length: Math.min(threads, Math.ceil(notes / CHUNK)) }, () => startWorker('parse-worker'));
  if (files && workers.length > 0) {
    const message = { type: 'files', paths: joinList(files.paths), aliases: files.aliases };
    for (const w of workers) { w.postMessage(message); indexed.set(w, files.paths); }
  }
  return workers;
}

/** Workers that were sent every vault file ahead (startWorkers), with the list they were sent. */
const indexed = new WeakMap<Worker, readonly string[]>();

/** Work through `files` inline or on workers; `consume` sees every item in file order. */
async function run<T>(root: string, files: Files, init: object | ((w: Worker) => object), type: 'parse' | 'draft' | 'aliases', pool: PoolOptions, inline: (chunk: Files) => T[], consume: (item: T, i: number) => void): Promise<void> {
  const started = pool.started && pool.started.length > 0 ? pool.started : undefined;
  if (!started && threadsFor(files.length, pool) <= 1) {
    for (let i = 0; i < files.length; i += CHUNK) {
      if (i > 0) await pool.pause?.();
      inline(files.slice(i, i + CHUNK)).forEach((item, k) => {
        consume(item, i + k);
        pool.onProgress?.(i + k + 1, files.length);
      });
    }
    return;
  }
  const chunks: Array<Array<[string, string]>> = [];
  for (let i = 0; i < files.length; i += CHUNK) chunks.push(files.slice(i, i + CHUNK) as Array<[string, string]>);
  // Chunks come back in any order; hold the early ones until every chunk before them is consumed.
  const waiting = new Map<number, T[]>();
  let next = 0;
  let emitted = 0; // chunks consumed
  let done = 0;
  const workers = started ?? Array.from({ length: Math.min(threadsFor(files.length, pool), chunks.length) }, () => startWorker('parse-worker'));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      let current = -1; // the chunk this worker is on
      let watchdog: NodeJS.Timeout | undefined;
      const timeout = pool.chunkTimeoutMs ?? 120_000;
      const notes = (id: number) => `${chunks[id]![0]![0]} … ${chunks[id]!.at(-1)![0]}`;
      const fail = (why: string) => { clearTimeout(watchdog); reject(new Error(current >= 0 ? `${why} (while on the notes ${notes(current)})` : why)); };
      const feed = () => {
        clearTimeout(watchdog);
        // Nothing left for this worker: end it now. Ending a worker takes 0.1–0.4 s (its heap goes),
        // which then passes while this thread merges the last chunks and writes the nodes.
        if (next >= chunks.length) { resolve(); void w.terminate(); return; }
        if (pool.stopped?.()) { clearTimeout(watchdog); reject(new Error('stopped')); return; }
        current = next++;
        w.postMessage({ type, id: current, root, files: chunks[current] });
        // A chunk takes well under a second; one that takes minutes means a note hangs the parser.
        watchdog = setTimeout(() => fail(`a parse worker spent over ${timeout / 1000} s on one chunk of notes; stopped`), timeout);
        watchdog.unref();
      };
      w.on('message', (m: { id: number; items: T[] }) => {
        done += m.items.length;
        feed(); // keep the worker busy while this thread consumes
        waiting.set(m.id, m.items);
        try {
          for (let items = waiting.get(emitted); items; items = waiting.get(emitted)) {
            waiting.delete(emitted);
            items.forEach((item, k) => consume(item, emitted * CHUNK + k));
            emitted++;
          }
        } catch (e) { reject(e); return; }
        pool.onProgress?.(done, files.length);
      });
      w.on('error', (e) => fail(`a parse worker failed: ${e instanceof Error ? e.stack ?? e.message : JSON.stringify(e)}`));
      w.on('exit', (code) => { if (code !== 0) fail(`a parse worker exited with code ${code}`); });
      w.postMessage(typeof init === 'function' ? init(w) : init);
      feed();
    })));
  } finally {
    for (const w of workers) void w.terminate(); // not awaited: see feed()
  }
  if (emitted !== chunks.length) throw new Error(`parse workers returned ${emitted} of ${chunks.length} chunks`);
}
