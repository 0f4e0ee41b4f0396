// Whether many files still have the stats recorded for them (build/fresh.ts's up-to-date check: at
// 100k notes the stat calls are three quarters of that check's time, ~5 µs each in the kernel).
// Long lists are checked by this thread and one helper thread at once, yet the call stays
// synchronous: both take chunks of paths from one shared counter (Atomics), so a helper that starts
// late, or never (it failed, or its code could not run), only leaves more chunks to this thread.
// Imports only Node's built-ins: dist/fresh.mjs bundles it, and it runs before the tool loads.

import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';

/** Paths per chunk taken from the shared counter. */
const PER_CHUNK = 1024;
/** Lists shorter than this are checked on this thread alone: a helper costs ~30 ms of CPU to start. */
export const HELPER_FROM = 20_000;
/** How long this thread waits for a chunk the helper took before it calls the stats changed (the caller then builds). */
const HELPER_WAIT_MS = 10_000;

/** The shared counters: the next chunk to take, chunks finished, and a flag set once any stat differed (or the check is over). */
const DONE = 1, FAILED = 2;

export interface Chunks {
  /** The paths, UTF-8, each ended by a NUL; chunk k's first path starts at starts[k]. */
  paths: Uint8Array;
  starts: Int32Array;
  /** Four numbers per path (size, mtime, ctime, inode), in the paths' order. */
  stats: Float64Array;
  /** [the next chunk to take, chunks finished, stop: a stat differed or the check is over] */
  ctl: Int32Array;
  chunks: number;
  count: number;
}

/**
 * Take chunks from `m.ctl` until none is left or a stat differs, and check each. The helper thread
 * runs this very function from its source text, so it uses nothing but its arguments.
 */
function checkChunks(statSync: typeof fs.statSync, m: Chunks, perChunk: number): void {
  const options = { throwIfNoEntry: false };
  const x = m.stats, ctl = m.ctl, paths = m.paths;
  for (;;) {
    if (Atomics.load(ctl, 2)) return;
    const k = Atomics.add(ctl, 0, 1);
    if (k >= m.chunks) return;
    let at = m.starts[k]!, ok = true;
    for (let i = k * perChunk, last = Math.min(i + perChunk, m.count); i < last; i++) {
      const end = paths.indexOf(0, at);
      const st = end < 0 ? undefined : statSync(paths.subarray(at, end) as Buffer, options);
      at = end + 1;
      const q = i * 4;
      if (!st || st.size !== x[q] || st.mtimeMs !== x[q + 1] || st.ctimeMs !== x[q + 2] || st.ino !== x[q + 3]) { ok = false; break; }
    }
    if (!ok) Atomics.store(ctl, 2, 1);
    Atomics.add(ctl, 1, 1);
    Atomics.notify(ctl, 1);
  }
}

/** The helper's script (exported for the test that runs it alone): checkChunks from its own source text, over the shared memory. */
export const HELPER_SOURCE = `const { workerData: w } = require('node:worker_threads');
(${checkChunks.toString()})(require('node:fs').statSync, { ...w, paths: Buffer.from(w.paths.buffer, w.paths.byteOffset, w.paths.length) }, ${PER_CHUNK});`;

/**
 * The paths and stats laid out in chunks, in memory the helper thread can share (`shared`: the
 * arrays given are copied unless they are shared already). Undefined when a path has no NUL.
 */
export function chunksOf(buf: Uint8Array, at: number, count: number, stats: Float64Array, shared: boolean): Chunks | undefined {
  const chunks = Math.ceil(count / PER_CHUNK);
  const starts = new Int32Array(shared ? new SharedArrayBuffer(chunks * 4) : new ArrayBuffer(chunks * 4));
  let end = at;
  for (let i = 0; i < count; i++) {
    if (i % PER_CHUNK === 0) starts[i / PER_CHUNK] = end - at;
    const nul = buf.indexOf(0, end);
    if (nul < 0) return undefined;
    end = nul + 1;
  }
  const share = <T extends Float64Array | Uint8Array>(a: T, make: (b: SharedArrayBuffer) => T): T => {
    if (!shared || a.buffer instanceof SharedArrayBuffer) return a;
    const s = make(new SharedArrayBuffer(a.byteLength));
    s.set(a as never);
    return s;
  };
  return {
    paths: share(buf.subarray(at, end), (b) => new Uint8Array(b)),
    starts,
    stats: share(stats.subarray(0, count * 4), (b) => new Float64Array(b)),
    ctl: new Int32Array(shared ? new SharedArrayBuffer(12) : new ArrayBuffer(12)),
    chunks,
    count,
  };
}

export interface StatsHoldOptions {
  /** From how many paths a helper thread checks beside this one (HELPER_FROM; tests lower it). */
  helperFrom?: number;
}

/**
 * Every one of `count` paths (each ended by a NUL, from `at` in `buf`) still has its stat in
 * `stats` (four numbers per path, in order): false at the first that differs or is missing.
 */
export function statsHold(buf: Uint8Array, at: number, count: number, stats: Float64Array, o: StatsHoldOptions = {}): boolean {
  if (count === 0) return true;
  const helper = count >= (o.helperFrom ?? HELPER_FROM) && os.availableParallelism() > 1;
  const m = chunksOf(buf, at, count, stats, helper);
  if (!m) return false;
  const chunks = m.chunks;
  let w: Worker | undefined;
  if (helper) {
    try {
      w = new Worker(HELPER_SOURCE, { eval: true, workerData: m /* its arrays are views of shared memory: cloned, they are shared */, stdout: true, stderr: true });
      w.on('error', () => { /* its chunks are taken by this thread, or waited for below */ });
      w.unref(); // the process may end while it still stats (the caller builds, or exits)
    } catch { w = undefined; }
  }
  try {
    checkChunks(fs.statSync, m, PER_CHUNK);
    // Chunks the helper took and has not finished: wait for them (it notifies DONE after each).
    const until = Date.now() + HELPER_WAIT_MS;
    let done = Atomics.load(m.ctl, DONE);
    while (done < chunks && !Atomics.load(m.ctl, FAILED)) {
      const left = until - Date.now();
      if (left <= 0 || Atomics.wait(m.ctl, DONE, done, left) === 'timed-out') return false;
      done = Atomics.load(m.ctl, DONE);
    }
    return done === chunks && !Atomics.load(m.ctl, FAILED);
  } finally {
    Atomics.store(m.ctl, FAILED, 1); // a helper still going stops at its next chunk
    void w?.terminate().catch(() => undefined);
  }
}
