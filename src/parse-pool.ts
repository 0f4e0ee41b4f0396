// Read and parse many notes on worker threads (one per core, two here), in chunks handed out as
// workers become free; results come back in file order. Small vaults are done inline: starting
// workers and cloning results back costs more than it saves below a few thousand notes.

import os from 'node:os';
import { startWorker } from './worker.ts';
import { draftNote } from './draft.ts';
import { freeze, type FrozenDraft } from './frozen.ts';
import { noteOf } from './note-of.ts';
import type { Options } from './options.ts';
import { readNote, readNoteStamped, type Stamp } from './read.ts';
import { buildIndex, type ResolverIndex } from './resolve.ts';
import type { Note } from './types.ts';

export interface PoolOptions {
  /**
   * Worker threads; 0 or 1 works inline. Default: $VAULTGRAPH_THREADS, else one per core (at most
   * 4) from 5,000 notes on.
   */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

const MIN_PARALLEL = 5000;
const CHUNK = 256;

type Files = ReadonlyArray<[string, string]>;

/** Read and parse every note. */
export async function parseFiles(root: string, files: Files, options: Options, pool: PoolOptions = {}): Promise<Note[]> {
  const out: Note[] = [];
  await run<Note>(root, files, { type: 'init', options }, 'parse', pool, (rel, disk) => noteOf(readNote(root, rel, disk, options.maxFileBytes), options), (n) => out.push(n));
  return out;
}

/**
 * Read, parse, resolve, classify and serialise every note (the JSON build path). `allPaths` is
 * every file of the vault, sorted, for the resolver. Not for `resolveAliases`, which needs every
 * note's aliases before any link resolves.
 */
export async function draftFiles(root: string, files: Files, allPaths: readonly string[], options: Options, pool: PoolOptions = {}, stamp = false): Promise<Drafted[]> {
  const out: Drafted[] = [];
  await draftEach(root, files, allPaths, options, pool, stamp, (d) => out.push(d));
  return out;
}

/** draftFiles, handing each note's draft to `consume` in file order as soon as it is ready. */
export function draftEach(root: string, files: Files, allPaths: readonly string[], options: Options, pool: PoolOptions, stamp: boolean, consume: (d: Drafted, i: number) => void): Promise<void> {
  let index: ResolverIndex | undefined;
  return run<Drafted>(root, files, { type: 'init', options, paths: [...allPaths], stamp }, 'draft', pool, (rel, disk) => {
    index ??= buildIndex(allPaths);
    return draftOne(root, rel, disk, index, options, stamp);
  }, consume);
}

export interface Drafted { draft: FrozenDraft; stamp?: Stamp }

/** One note, start to finish: read (with its stamp for the cache), parse, draft, freeze. */
export function draftOne(root: string, rel: string, disk: string, index: ResolverIndex, options: Options, stamp: boolean): Drafted {
  const read = readNoteStamped(root, rel, disk, options.maxFileBytes, stamp);
  const draft = freeze(draftNote(noteOf(read.file, options), index, options));
  return read.stamp ? { draft, stamp: read.stamp } : { draft };
}

/** Work through `files` inline or on workers; `consume` sees every item in file order. */
async function run<T>(root: string, files: Files, init: object, type: 'parse' | 'draft', pool: PoolOptions, inline: (rel: string, disk: string) => T, consume: (item: T, i: number) => void): Promise<void> {
  const fromEnv = Number(process.env.VAULTGRAPH_THREADS);
  const envSet = process.env.VAULTGRAPH_THREADS !== undefined && Number.isInteger(fromEnv) && fromEnv >= 0; // junk is ignored
  const threads = pool.threads ?? (envSet ? fromEnv : files.length >= MIN_PARALLEL ? Math.min(4, os.availableParallelism()) : 0);
  if (threads <= 1) {
    for (let i = 0; i < files.length; i++) {
      consume(inline(files[i]![0], files[i]![1]), i);
      pool.onProgress?.(i + 1, files.length);
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
  const workers = Array.from({ length: Math.min(threads, chunks.length) }, () => startWorker('parse-worker'));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const feed = () => {
        if (next >= chunks.length) { resolve(); return; }
        const id = next++;
        w.postMessage({ type, id, root, files: chunks[id] });
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
      w.on('error', reject);
      w.on('exit', (code) => { if (code !== 0) reject(new Error(`parse worker exited with code ${code}`)); });
      w.postMessage(init);
      feed();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  if (emitted !== chunks.length) throw new Error(`parse workers returned ${emitted} of ${chunks.length} chunks`);
}
