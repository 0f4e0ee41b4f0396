// Edges the page keeps out of the graphology graph until they are shown: the relations hidden when
// the page opens (a big vault's topic links are two thirds of its edges). At 100k notes, putting
// those 800k edges into graphology and sigma cost most of a minute before the first frame, for
// edges nobody sees; kept as the payload's integer columns they cost a few typed arrays. They still
// count wherever the whole vault counts — legend totals, node sizes, orphans, the panel's links,
// communities — through this module, and `load()` moves a relation into the graph when it is shown.
//
//   payload edges   j: source src[j] (from `out`), target[j], rel[j] → rels[rel[j]] = [relation, label]
//   waiting         rel[j] is a deferred relation, and no watch-mode delta dropped edge j
//   loaded edge     key `e<j>`, the same key it would have had if loaded at once (load.ts)

import type { CompactGraph } from './compact.ts';
import type { VaultGraph } from './filters.ts';
import type { VaultEdge } from './payload.ts';

type EdgeCallback = (edge: string, attributes: VaultEdge, source: string, target: string) => void;

export interface PendingEdges {
  /** How many edges wait outside the graph. */
  readonly size: number;
  /** The relations that have edges waiting. */
  relations(): Set<string>;
  /** Waiting edges per relation, by label (the legend's totals and the vault's words). */
  labels(): Map<string, Map<string, number>>;
  /** Waiting edges at a node, like graphology's iterators (the panel's links, orphans). */
  forEachOutEdge(key: string, cb: EdgeCallback): void;
  forEachInEdge(key: string, cb: EdgeCallback): void;
  forEachEdge(cb: EdgeCallback): void;
  /** Waiting edges into / at a node (a self-loop counts twice in `degree`, as in graphology). */
  inDegree(key: string): number;
  degree(key: string): number;
  /** A watch-mode delta dropped or replaced the waiting edge source → target of this relation: forget it. */
  forget(source: string, target: string, relation: string): boolean;
  /** Add the waiting edges of these relations to the graph; returns how many were added. */
  load(graph: VaultGraph, relations: Iterable<string>): number;
}

/** Nothing waits (a bare graphology export, or nothing hidden at open). */
export const NO_PENDING: PendingEdges = {
  size: 0, relations: () => new Set(), labels: () => new Map(),
  forEachOutEdge() {}, forEachInEdge() {}, forEachEdge() {},
  inDegree: () => 0, degree: () => 0, forget: () => false, load: () => 0,
};

/**
 * The waiting edges of a compact payload: those whose relation is in `deferred`. `keys[i]` is node
 * i's key; `attributes(j)` makes edge j's graph attributes (the same as load.ts gives a loaded edge).
 */
export function pendingEdges(c: CompactGraph, keys: readonly string[], deferred: ReadonlySet<string>,
  attributes: (j: number) => VaultEdge): PendingEdges {
  const n = keys.length, m = c.target.length;
  const waitingRel = Uint8Array.from(c.rels, ([relation]) => (deferred.has(relation) ? 1 : 0));
  const src = new Uint32Array(m);
  const outStart = new Uint32Array(n + 1);
  for (let s = 0, j = 0; s < n; s++) { outStart[s] = j; for (let k = 0; k < c.out[s]!; k++) src[j++] = s; }
  outStart[n] = m;
  const gone = new Uint8Array(m);
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k, i));
  const waits = (j: number) => waitingRel[c.rel[j]!] === 1 && gone[j] === 0;

  // Counts and the incoming index, rebuilt on the first read after a load/forget (integers only: a
  // few ms at 1M edges).
  let dirty = true, size = 0;
  let inDeg = new Uint32Array(n), deg = new Uint32Array(n);
  let inStart: Uint32Array | null = null, inEdges: Uint32Array | null = null;
  const fresh = () => {
    if (!dirty) return;
    dirty = false;
    size = 0; inDeg = new Uint32Array(n); deg = new Uint32Array(n); inStart = inEdges = null;
    if (!waitingRel.includes(1)) return;
    for (let j = 0; j < m; j++) if (waits(j)) { size++; inDeg[c.target[j]!]++; deg[c.target[j]!]++; deg[src[j]!]++; }
  };
  const incoming = (): [Uint32Array, Uint32Array] => {
    fresh();
    if (!inStart || !inEdges) {
      inStart = new Uint32Array(n + 1);
      for (let t = 0; t < n; t++) inStart[t + 1] = inStart[t]! + inDeg[t]!;
      inEdges = new Uint32Array(size);
      const fill = inStart.slice(0, n);
      for (let j = 0; j < m; j++) if (waits(j)) inEdges[fill[c.target[j]!]!++] = j;
    }
    return [inStart, inEdges];
  };
  const call = (cb: EdgeCallback, j: number) => cb(`e${j}`, attributes(j), keys[src[j]!]!, keys[c.target[j]!]!);

  return {
    get size() { fresh(); return size; },
    relations: () => new Set(c.rels.filter((_r, r) => waitingRel[r] === 1).map(([relation]) => relation)),
    labels() {
      const out = new Map<string, Map<string, number>>();
      for (let j = 0; j < m; j++) {
        if (!waits(j)) continue;
        const [relation, label] = c.rels[c.rel[j]!]!;
        const per = out.get(relation) ?? out.set(relation, new Map()).get(relation)!;
        per.set(label, (per.get(label) ?? 0) + 1);
      }
      return out;
    },
    forEachOutEdge(key, cb) {
      fresh();
      const s = index.get(key);
      if (s === undefined || deg[s] === 0) return;
      for (let j = outStart[s]!; j < outStart[s + 1]!; j++) if (waits(j)) call(cb, j);
    },
    forEachInEdge(key, cb) {
      const t = index.get(key);
      if (t === undefined || inDeg[t] === 0) return;
      const [start, edges] = incoming();
      for (let k = start[t]!; k < start[t + 1]!; k++) call(cb, edges[k]!);
    },
    forEachEdge(cb) { if (waitingRel.includes(1)) for (let j = 0; j < m; j++) if (waits(j)) call(cb, j); },
    inDegree: (key) => { fresh(); const i = index.get(key); return i === undefined ? 0 : inDeg[i]!; },
    degree: (key) => { fresh(); const i = index.get(key); return i === undefined ? 0 : deg[i]!; },
    forget(source, target, relation) {
      const s = index.get(source), t = index.get(target);
      if (s === undefined || t === undefined) return false;
      for (let j = outStart[s]!; j < outStart[s + 1]!; j++) {
        if (c.target[j] === t && waits(j) && c.rels[c.rel[j]!]![0] === relation) { gone[j] = 1; dirty = true; return true; }
      }
      return false;
    },
    load(graph, relations) {
      const wanted = new Set(relations);
      const rels = c.rels.flatMap(([relation], r) => (waitingRel[r] === 1 && wanted.has(relation) ? [r] : []));
      if (rels.length === 0) return 0;
      const which = new Uint8Array(c.rels.length);
      for (const r of rels) which[r] = 1;
      let added = 0;
      for (let j = 0; j < m; j++) {
        if (which[c.rel[j]!] !== 1 || gone[j] === 1) continue;
        const s = keys[src[j]!]!, t = keys[c.target[j]!]!;
        // A watch-mode delta may have dropped an end since the page opened.
        if (!graph.hasNode(s) || !graph.hasNode(t) || graph.hasEdge(`e${j}`)) continue;
        graph.addEdgeWithKey(`e${j}`, s, t, attributes(j));
        added++;
      }
      for (const r of rels) waitingRel[r] = 0;
      dirty = true;
      return added;
    },
  };
}
