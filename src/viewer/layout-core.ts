// ForceAtlas2 on flat matrices: seeded start on a disc, then a fixed number of iterations (fa2.ts,
// graphology's `iterate` bit for bit, the repulsion shared between threads when a RepulsionPool is
// given). Same job → same positions (no clock, no Math.random), in the worker or inline, on any number of threads.

import { createRequire } from 'node:module';
import { mulberry32 } from '../core/random.ts';
import { buildTree, edgeFactors, finishStep, makeRegions, portable, PPE, PPN, repulse, resetForces, type FA2Settings } from './fa2.ts';
import type { RepulsionPool } from './layout-threads.ts';

export type { FA2Settings } from './fa2.ts';

export interface LayoutJob {
  nodes: number;
  /** Edge ends as node indexes: s0,t0,s1,t1… (self loops already dropped). */
  edges: Uint32Array;
  /** One weight per edge (relationWeight in layout.ts); absent: all 1. */
  weights?: Float32Array;
  iterations: number;
  seed: number;
  settings: FA2Settings;
  /** Start positions x0,y0,… (a coarser layout's); absent: seeded on a disc. */
  initial?: Float32Array;
  /** Big graphs: first lay out only the `nodes` best-linked nodes for `iterations`, and start the whole from that (runMultilevel). */
  coarse?: { nodes: number; iterations: number };
}

type Iterate = (settings: FA2Settings, nodes: Float32Array, edges: Float32Array) => void;
// No types ship for iterate.js, and the package has no `exports` map: require the file itself.
const iterate = createRequire(import.meta.url)('graphology-layout-forceatlas2/iterate.js') as Iterate;
const defaults = createRequire(import.meta.url)('graphology-layout-forceatlas2/defaults.js') as FA2Settings;

/** inferSettings() of the library (BH above 2,000 nodes), with a coarser Barnes–Hut above 20,000. */
export function layoutSettings(order: number): FA2Settings {
  return {
    ...defaults, barnesHutOptimize: order > 2000, strongGravityMode: true, gravity: 0.05, scalingRatio: 10,
    slowDown: 1 + Math.log(Math.max(1, order)),
    // θ 0.5 → 1.2 (Gephi's default) makes an iteration 2–4× faster (10k: ~100 → ~27 ms; 100k: ~2 → ~0.8 s).
    barnesHutTheta: order > 5000 ? 1.2 : 0.5,
  };
}

/** Positions x0,y0,x1,y1… for the job's nodes. `onProgress` gets the iterations done so far (the coarse ones first). */
export function runLayout(job: LayoutJob, onProgress?: (done: number) => void, pool?: RepulsionPool): Float32Array {
  if (job.coarse && job.coarse.nodes < job.nodes) return runMultilevel(job, job.coarse, onProgress, pool);
  const n = job.nodes, m = job.edges.length / 2;
  const shared = pool !== undefined && portable(job.settings);
  const N = new Float32Array(shared ? new SharedArrayBuffer(n * PPN * 4) : new ArrayBuffer(n * PPN * 4)), E = new Float32Array(m * PPE);
  const rand = mulberry32(job.seed);
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(rand()) * 100, t = rand() * 2 * Math.PI, o = i * PPN;
    N[o] = job.initial ? job.initial[2 * i]! : r * Math.cos(t); N[o + 1] = job.initial ? job.initial[2 * i + 1]! : r * Math.sin(t);
    N[o + 6] = 1; N[o + 7] = 1; N[o + 8] = 1;
  }
  for (let j = 0; j < m; j++) {
    const s = job.edges[2 * j]! * PPN, t = job.edges[2 * j + 1]! * PPN, o = j * PPE;
    E[o] = s; E[o + 1] = t; E[o + 2] = job.weights?.[j] ?? 1;
    // Mass (repulsion) stays the plain degree: weighting it too let the notes drift apart again
    // (typed-edge length ratio on the real vault 0.15 against 0.08).
    N[s + 6]! += 1; N[t + 6]! += 1;
  }
  const every = Math.max(1, Math.round(job.iterations / 100));
  const step = stepper(job.settings, N, E, n, shared ? pool : undefined);
  for (let k = 1; k <= job.iterations; k++) {
    step();
    if (onProgress && (k % every === 0 || k === job.iterations)) onProgress(k);
  }
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const x = N[i * PPN]!, y = N[i * PPN + 1]!;
    out[2 * i] = Number.isFinite(x) ? x : 0;
    out[2 * i + 1] = Number.isFinite(y) ? y : 0;
  }
  return out;
}

/** One iteration: fa2.ts (the repulsion on the pool's threads too) for the settings it covers, else the library's iterate. */
function stepper(settings: FA2Settings, N: Float32Array, E: Float32Array, n: number, pool?: RepulsionPool): () => void {
  if (!portable(settings)) return () => iterate(settings, N, E);
  const R = makeRegions(n, pool !== undefined), ewc = edgeFactors(E, settings);
  pool?.session(N, R, settings, n);
  return () => {
    resetForces(N);
    buildTree(N, R);
    if (pool) pool.round(); else repulse(N, R, settings, 0, n);
    finishStep(N, E, ewc, settings);
  };
}

/**
 * FA2 on the `coarse.nodes` nodes of highest degree (the hubs and the notes most linked, which hold
 * the picture's shape), then every other node at the barycentre of its placed neighbours (in rounds,
 * so a note linked only to leaves follows them), then `job.iterations` on the whole graph. On the
 * 100k-note vault, 100 coarse + 20 full iterations take about half the time of 50 full ones from a
 * disc and leave edges shorter: median edge / median distance 1.21 against 1.44, typed edges 0.41 against 0.47.
 */
function runMultilevel(job: LayoutJob, coarse: { nodes: number; iterations: number }, onProgress?: (done: number) => void, pool?: RepulsionPool): Float32Array {
  const n = job.nodes, m = job.edges.length / 2, K = coarse.nodes;
  const degree = new Uint32Array(n);
  for (const v of job.edges) degree[v]!++;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => degree[b]! - degree[a]! || a - b);
  const sub = new Int32Array(n).fill(-1);
  for (let i = 0; i < K; i++) sub[order[i]!] = i;
  const pairs: number[] = [], weights: number[] = [];
  for (let j = 0; j < m; j++) {
    const a = sub[job.edges[2 * j]!]!, b = sub[job.edges[2 * j + 1]!]!;
    if (a >= 0 && b >= 0) { pairs.push(a, b); weights.push(job.weights?.[j] ?? 1); }
  }
  const small = runLayout({ nodes: K, edges: Uint32Array.from(pairs), weights: Float32Array.from(weights), iterations: coarse.iterations, seed: job.seed, settings: job.settings }, onProgress, pool);
  // Neighbours both ways, as offsets into one array.
  const start = new Uint32Array(n + 1);
  for (const v of job.edges) start[v + 1]!++;
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const adj = new Uint32Array(2 * m), fill = start.slice(0, n);
  for (let j = 0; j < m; j++) { const a = job.edges[2 * j]!, b = job.edges[2 * j + 1]!; adj[fill[a]!++] = b; adj[fill[b]!++] = a; }
  const xy = new Float32Array(2 * n), placed = new Uint8Array(n);
  let extent = 1;
  for (let v = 0; v < n; v++) {
    const i = sub[v]!;
    if (i < 0) continue;
    xy[2 * v] = small[2 * i]!; xy[2 * v + 1] = small[2 * i + 1]!; placed[v] = 1;
    extent = Math.max(extent, Math.abs(small[2 * i]!), Math.abs(small[2 * i + 1]!));
  }
  const rand = mulberry32(job.seed + 1), spread = extent * 0.01;
  for (let round = 0; round < 4; round++) {
    const now: number[] = [];
    for (let v = 0; v < n; v++) {
      if (placed[v]) continue;
      let sx = 0, sy = 0, k = 0;
      for (let q = start[v]!; q < start[v + 1]!; q++) { const u = adj[q]!; if (placed[u]) { sx += xy[2 * u]!; sy += xy[2 * u + 1]!; k++; } }
      if (k === 0 && round < 3) continue;
      const r = k === 0 ? extent * Math.sqrt(rand()) : spread * (0.5 + rand()), t = rand() * 2 * Math.PI;
      xy[2 * v] = (k ? sx / k : 0) + r * Math.cos(t); xy[2 * v + 1] = (k ? sy / k : 0) + r * Math.sin(t);
      now.push(v);
    }
    for (const v of now) placed[v] = 1;
  }
  return runLayout({ ...job, coarse: undefined, initial: xy }, onProgress && ((done) => onProgress(coarse.iterations + done)), pool);
}
