// Node positions computed ahead, in Node, so the browser starts from a settled layout instead of
// running FA2 on 100,000 nodes. ForceAtlas2 (Barnes–Hut) runs in a worker thread for a FIXED number
// of iterations chosen by graph size, from a seeded start: the same vault gives the same positions
// on every machine. Results are cached under the user cache dir by a hash of the topology (node keys
// + edges + iterations + seed), so a second `serve`/`html` of an unchanged vault starts instantly.
// New nodes in a watched vault are placed near their neighbours (`placeNear`), never re-laid out; so
// are they in a vault changed between two runs (its last layout is kept: layout-last.ts), as long as
// most of the graph is old — the same vault then gives the positions its history gave it.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { startWorker } from '../build/worker.ts';
import { defaultCacheDir } from '../build/cache.ts';
import { layoutSettings, runLayout, type LayoutJob } from './layout-core.ts';
import { controlBuffer } from './layout-threads.ts';
import { mulberry32 } from '../core/random.ts';
import { writeFileAtomic } from '../build/write.ts';
import { readRegular } from '../build/read.ts';
import { visibleOffset } from './place.ts';
import { lastLayoutFile, neighboursOf, readLastLayout, worthCarrying, writeLastLayout } from './layout-last.ts';

export interface LayoutOptions {
  /** FA2 iterations; default by size (`iterationsFor`). */
  iterations: number;
  seed: number;
  /** Folder of the position cache (`<cache>/layout/<hash>.f32`); false: no cache. */
  cacheDir: string | false;
  /** The vault the graph comes from: its last layout is carried over when only a little changed (layout-last.ts). */
  vault?: string;
  /** Threads for FA2's repulsion (layout-threads.ts); default by size (`threadsFor`). The positions do not depend on it. */
  threads?: number;
  /** Called with (done, total) iterations while FA2 runs (the CLI draws a line on a TTY). */
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_LAYOUT: Omit<LayoutOptions, 'iterations' | 'cacheDir'> = { seed: 42 };

/**
 * Iterations by node count, from docs/PERF.md §6 (~150 settle 1k nodes, ~200 settle 10k); at 100k a
 * Barnes–Hut iteration costs ≈0.6 s (θ 1.2, this 2-core machine), so 20 after a coarse start (coarseFor).
 */
export function iterationsFor(order: number): number {
  if (order <= 2000) return 150;
  if (order <= 20_000) return 200;
  if (order <= 50_000) return 100;
  return 20;
}

/** Above 50,000 nodes the full iterations start from a coarse layout of the best-linked 10,000 (layout-core.ts runMultilevel). */
export function coarseFor(order: number): LayoutJob['coarse'] {
  return order > 50_000 ? { nodes: 10_000, iterations: 100 } : undefined;
}

/**
 * From 20,000 nodes the repulsion is shared by one thread per core (at most 4): an iteration there
 * costs tens of milliseconds or more, against ~0.1 ms to hand out a round.
 */
export function threadsFor(order: number): number {
  return order >= 20_000 ? Math.max(1, Math.min(4, os.availableParallelism())) : 1;
}

/** Below this many nodes FA2 runs inline: starting a worker (and tsx in it) costs more. */
const INLINE_BELOW = 1500;
/** Bump when the layout's maths change, so old cache files stop matching. */
const LAYOUT_VERSION = 3;

/** The graph as the layout sees it: node keys in payload order, edges as index pairs, a weight per edge (default 1). */
export interface Topology { keys: readonly string[]; source: ArrayLike<number>; target: ArrayLike<number>; weight?: ArrayLike<number> }

/** Edges reordered by source (a stable counting sort): encodeCompact's order. */
export function groupBySource(keys: readonly string[], source: ArrayLike<number>, target: ArrayLike<number>, weight: ArrayLike<number>): Topology {
  const n = keys.length, m = source.length;
  const at = new Int32Array(n + 1);
  for (let j = 0; j < m; j++) at[source[j]! + 1]!++;
  for (let i = 0; i < n; i++) at[i + 1]! += at[i]!;
  const s = new Int32Array(m), t = new Int32Array(m), w = new Float32Array(m);
  for (let j = 0; j < m; j++) { const k = at[source[j]!]!++; s[k] = source[j]!; t[k] = target[j]!; w[k] = weight[j]!; }
  return { keys, source: s, target: t, weight: w };
}

/** The typed 相关文档 relations: the ones the layout pulls together hardest. */
const TYPED_RELATIONS = new Set(['cites', 'explains', 'further-reading', 'agrees', 'contradicts', 'same-event',
  'upstream-downstream', 'version-evolution', 'related']);

/**
 * How hard an edge of this relation pulls its ends together. Typed relations pull hardest, so typed
 * neighbours sit close (on the users' vault the median typed edge went from 0.21 to 0.08 of the
 * median distance between two notes); topic and tag links pull gently: a note joins its topics'
 * neighbourhood without every topic hub dragging the whole vault into one ball.
 */
export function relationWeight(relation: string): number {
  if (TYPED_RELATIONS.has(relation)) return 3;
  if (relation === 'topic' || relation === 'tag') return 0.2;
  return 1;
}

export interface LayoutResult { positions: Float32Array; iterations: number; ms: number; cached: boolean; hash: string; carried?: boolean }

export async function computeLayout(topo: Topology, options: Partial<LayoutOptions> = {}): Promise<LayoutResult> {
  const t0 = performance.now();
  const n = topo.keys.length;
  const iterations = options.iterations ?? iterationsFor(n);
  const seed = options.seed ?? DEFAULT_LAYOUT.seed;
  const hash = topologyHash(topo, iterations, seed);
  const cacheDir = options.cacheDir === undefined ? defaultCacheDir() : options.cacheDir;
  const file = cacheDir ? path.join(cacheDir, 'layout', `${hash}.f32`) : null;
  const hit = file ? readPositions(file, n) : null;
  if (hit) return { positions: hit, iterations, ms: Math.round(performance.now() - t0), cached: true, hash };
  // A changed vault keeps its picture: the last layout, new nodes beside their neighbours.
  const lastFile = cacheDir && options.vault !== undefined ? lastLayoutFile(cacheDir, options.vault) : null;
  const last = lastFile ? readLastLayout(lastFile) : undefined;
  const carried = last && worthCarrying(topo.keys, last) ? carryPositions(neighboursOf(topo), topo.keys, last) : undefined;
  const keep = (positions: Float32Array) => {
    if (!file) return;
    try { writeFileAtomic(file, new Uint8Array(positions.buffer, positions.byteOffset, positions.byteLength), { mode: 0o600, regularOnly: true }); prune(path.dirname(file)); } catch { /* a cache is optional */ }
    if (lastFile) writeLastLayout(lastFile, topo.keys, positions);
  };
  if (carried) {
    keep(carried);
    return { positions: carried, iterations, ms: Math.round(performance.now() - t0), cached: false, hash, carried: true };
  }
  // Straight into typed arrays (100k notes: 1.1M edges; arrays grown by push, then copied, cost ~0.4 s before the layout could start).
  const { source, target, weight } = topo;
  let m = 0;
  for (let j = 0; j < source.length; j++) if (source[j] !== target[j]) m++;
  const edges = new Uint32Array(2 * m), weights = new Float32Array(m);
  for (let j = 0, e = 0; j < source.length; j++) {
    if (source[j] === target[j]) continue;
    edges[2 * e] = source[j]!; edges[2 * e + 1] = target[j]!;
    weights[e++] = weight?.[j] ?? 1;
  }
  const coarse = coarseFor(n);
  const job: LayoutJob = { nodes: n, edges, weights, iterations, seed, settings: layoutSettings(n), ...(coarse && { coarse }) };
  const total = iterations + (coarse?.iterations ?? 0);
  const progress = options.onProgress ? (done: number) => options.onProgress!(done, total) : undefined;
  const positions = n < INLINE_BELOW ? runLayout(job, progress) : await inWorker(job, options.threads ?? threadsFor(n), progress);
  keep(positions);
  return { positions, iterations, ms: Math.round(performance.now() - t0), cached: false, hash };
}

/** sha1 of everything the positions depend on. Keys are NUL-separated (they never contain NUL). */
export function topologyHash(topo: Topology, iterations: number, seed: number): string {
  const h = createHash('sha1').update(`vaultgraph-layout/${LAYOUT_VERSION}/${iterations}/${seed}/${topo.keys.length}\0`);
  for (const k of topo.keys) h.update(k).update('\0');
  const m = topo.source.length;
  const ends = new Uint32Array(2 * m);
  for (let j = 0; j < m; j++) { ends[2 * j] = topo.source[j]!; ends[2 * j + 1] = topo.target[j]!; }
  h.update(new Uint8Array(ends.buffer));
  if (topo.weight) h.update(new Uint8Array(Float32Array.from(topo.weight).buffer));
  return h.digest('hex');
}

/** The cache file is raw little-endian Float32 x,y pairs; any other length is ignored. */
function readPositions(file: string, n: number): Float32Array | null {
  try {
    const buf = readRegular(file, n * 8 + 1);
    if (buf.byteLength !== n * 8) return null;
    const out = new Float32Array(n * 2);
    new Uint8Array(out.buffer).set(buf);
    return out.every(Number.isFinite) ? out : null;
  } catch { return null; }
}

/** Keep the 16 most recently written layouts (each vault state is one file). */
function prune(dir: string, keep = 16): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.f32') && !f.startsWith('last-'))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(keep)) fs.rmSync(path.join(dir, f), { force: true });
}

/** FA2 on a worker, with `threads - 1` helper workers for the repulsion; all of them end with the layout. */
function inWorker(job: LayoutJob, threads: number, onProgress?: (done: number) => void): Promise<Float32Array> {
  const w = startWorker('layout-worker');
  const helpers = Array.from({ length: Math.max(0, threads - 1) }, () => startWorker('layout-worker'));
  const control = controlBuffer();
  const channels = helpers.map(() => new MessageChannel());
  const end = () => { for (const h of [w, ...helpers]) void h.terminate(); };
  return new Promise<Float32Array>((resolve, reject) => {
    const fail = (e: unknown) => { end(); reject(e); };
    w.on('message', (m: { type: 'progress'; done: number } | { type: 'done'; positions: Float32Array }) => {
      if (m.type === 'progress') onProgress?.(m.done);
      else { end(); resolve(m.positions); }
    });
    for (const x of [w, ...helpers]) {
      x.on('error', fail);
      x.on('exit', (code) => { if (code !== 0) fail(new Error(`layout worker exited with code ${code}`)); });
    }
    helpers.forEach((h, i) => h.postMessage({ type: 'help', control, port: channels[i]!.port2 }, [channels[i]!.port2]));
    const ports = channels.map((c) => c.port1);
    w.postMessage({ ...job, ...(helpers.length > 0 && { helpers: { control, ports } }) },
      [job.edges.buffer as ArrayBuffer, ...(job.weights ? [job.weights.buffer as ArrayBuffer] : []), ...ports]);
  });
}


export type { Point } from './place.ts';
import type { Point } from './place.ts';

/** What placeNear reads: graphology's neighbour iteration. */
export interface Neighbours { forEachNeighbor(node: string, cb: (neighbor: string) => void): void }

/**
 * Where a new node goes: the barycentre of its neighbours that already have a position, plus an
 * offset seeded by the node's key, between 0.7 and 1 × `spread` away (so it is not drawn under its
 * neighbour, two new notes linking the same hub do not overlap, and the same vault gives the same
 * picture). No positioned neighbour: near the origin.
 *   neighbours at (0,0) and (10,0) → about (5, 0), 0.7–1 × `spread` from it
 */
export function placeNear(graph: Neighbours, node: string, positions: ReadonlyMap<string, Point>, spread = 1): Point {
  let x = 0, y = 0, k = 0;
  graph.forEachNeighbor(node, (nb) => {
    const p = positions.get(nb);
    if (p && nb !== node) { x += p.x; y += p.y; k++; }
  });
  const rand = mulberry32(keySeed(node));
  const r = spread * (0.7 + 0.3 * rand()), t = rand() * 2 * Math.PI;
  return k === 0 ? { x: r * 10 * Math.cos(t), y: r * 10 * Math.sin(t) } : { x: x / k + r * Math.cos(t), y: y / k + r * Math.sin(t) };
}

/** FNV-1a of the key: a stable 32-bit seed. */
function keySeed(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Positions for a changed graph from the previous ones: nodes that existed keep theirs, new ones
 * are placed near their neighbours (in rounds, so a new note linking another new note follows it).
 */
export function carryPositions(graph: Neighbours, keys: readonly string[], previous: ReadonlyMap<string, Point>): Float32Array {
  const known = new Map(previous);
  const spread = visibleOffset(previous.values());
  const out = new Float32Array(keys.length * 2);
  let pending = keys.filter((k) => !known.has(k));
  for (let round = 0; round < 3 && pending.length; round++) {
    const next: string[] = [];
    for (const k of pending) {
      let any = false;
      graph.forEachNeighbor(k, (nb) => { if (known.has(nb)) any = true; });
      if (any || round === 2) known.set(k, placeNear(graph, k, known, spread)); else next.push(k);
    }
    pending = next;
  }
  keys.forEach((k, i) => { const p = known.get(k)!; out[2 * i] = p.x; out[2 * i + 1] = p.y; });
  return out;
}

