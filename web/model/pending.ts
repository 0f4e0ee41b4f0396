// Edges the page keeps out of the graphology graph until they can be seen: those hidden when the
// page opens, by their relation (a big vault's topic links) or by a hidden end (tags and attachments,
// which Obsidian's graph view hides by default). At 100k notes that is 820k of 1.1M edges; putting
// them into graphology and sigma cost most of a minute before the first frame, for edges nobody
// sees. Kept as the payload's integer columns they cost a few typed arrays. They still count
// wherever the whole vault counts — legend totals, node sizes, orphans, the panel's links,
// communities — through this module, and `show()` moves them into the graph once a filter shows them.
//
//   payload edges   j: source src[j] (from `out`), target[j], rel[j] → rels[rel[j]] = [relation, label]
//   waiting[j]      1 while edge j is outside the graph (0 once loaded, or dropped by a watch-mode delta)
//   loaded edge     key edgeKeyAt(j), the key it would have had if loaded at once (keys.ts, to-graph.ts)

import type { CompactGraph } from '../../src/viewer/compact.ts';
import type { VaultGraph } from './graph.ts';
import type { NodeKind, VaultEdge } from '../../src/viewer/payload.ts';
import { edgeKeyAt, keyIndex } from './keys.ts';

type EdgeCallback = (edge: string, attributes: VaultEdge, source: string, target: string) => void;

/** What hides an edge: its relation, or the kind of either end. */
export interface Hidden { relations: ReadonlySet<string>; kinds: ReadonlySet<NodeKind> }

export interface PendingEdges {
  /** How many edges wait outside the graph. */
  readonly size: number;
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
  /**
   * Add to the graph every waiting edge that `hidden` no longer hides (ends' kinds read from the
   * graph); only the edges at `nodes` when given. Returns how many were added.
   */
  show(graph: VaultGraph, hidden: Hidden, nodes?: Iterable<string>): number;
}

/** Nothing waits (a bare graphology export, or nothing hidden at open). */
export const NO_PENDING: PendingEdges = {
  size: 0, labels: () => new Map(), forEachOutEdge() {}, forEachInEdge() {}, forEachEdge() {},
  inDegree: () => 0, degree: () => 0, forget: () => false, show: () => 0,
};

/**
 * The edges of a compact payload for which `waiting[j]` is 1 (the array is taken over: it is the
 * module's own from then on). `keys[i]` is node i's key (nodeKeyAt(i)); `attributes(j)` makes edge
 * j's graph attributes (the same as to-graph.ts gives a loaded edge).
 */
export function pendingEdges(c: CompactGraph, keys: readonly string[], waiting: Uint8Array,
  attributes: (j: number) => VaultEdge): PendingEdges {
  const n = keys.length, m = c.target.length;
  const src = new Uint32Array(m);
  const outStart = new Uint32Array(n + 1);
  for (let s = 0, j = 0; s < n; s++) { outStart[s] = j; for (let k = 0; k < c.out[s]!; k++) src[j++] = s; }
  outStart[n] = m;
  // A node's index from its key, read from the key itself: a map of 100k keys cost the first frame
  // ~30 ms at 100k notes. (A node made later, in watch mode, has no waiting edges: undefined.)
  const nodeAt = (key: string): number | undefined => { const i = keyIndex(key); return i >= 0 && i < n && keys[i] === key ? i : undefined; };

  // Counts and the incoming index, rebuilt on the first read after a change (integers only: a few
  // ms at 1M edges).
  let dirty = true, size = 0;
  let inDeg = new Uint32Array(n), deg = new Uint32Array(n);
  let inStart: Uint32Array | null = null, inEdges: Uint32Array | null = null;
  const fresh = () => {
    if (!dirty) return;
    dirty = false;
    size = 0; inDeg = new Uint32Array(n); deg = new Uint32Array(n); inStart = inEdges = null;
    for (let j = 0; j < m; j++) if (waiting[j]) { size++; inDeg[c.target[j]!]!++; deg[c.target[j]!]!++; deg[src[j]!]!++; }
  };
  const incoming = (): [Uint32Array, Uint32Array] => {
    fresh();
    if (!inStart || !inEdges) {
      inStart = new Uint32Array(n + 1);
      for (let t = 0; t < n; t++) inStart[t + 1] = inStart[t]! + inDeg[t]!;
      inEdges = new Uint32Array(size);
      const fill = inStart.slice(0, n);
      for (let j = 0; j < m; j++) if (waiting[j]) inEdges[fill[c.target[j]!]!++] = j;
    }
    return [inStart, inEdges];
  };
  const call = (cb: EdgeCallback, j: number) => cb(edgeKeyAt(j), attributes(j), keys[src[j]!]!, keys[c.target[j]!]!);
  const outOf = (key: string, cb: (j: number) => void) => {
    fresh();
    const s = nodeAt(key);
    if (s === undefined || deg[s] === 0) return;
    for (let j = outStart[s]!; j < outStart[s + 1]!; j++) if (waiting[j]) cb(j);
  };
  const inOf = (key: string, cb: (j: number) => void) => {
    fresh();
    const t = nodeAt(key);
    if (t === undefined || inDeg[t] === 0) return;
    const [start, edges] = incoming();
    for (let k = start[t]!; k < start[t + 1]!; k++) cb(edges[k]!);
  };

  return {
    get size() { fresh(); return size; },
    labels() {
      // Counted by the payload's relation index first (820k waiting edges at 100k notes), then named.
      const byRel = new Uint32Array(c.rels.length);
      for (let j = 0; j < m; j++) if (waiting[j]) byRel[c.rel[j]!]!++;
      const out = new Map<string, Map<string, number>>();
      byRel.forEach((count, r) => {
        if (!count) return;
        const [relation, label] = c.rels[r]!;
        const per = out.get(relation) ?? out.set(relation, new Map()).get(relation)!;
        per.set(label, (per.get(label) ?? 0) + count);
      });
      return out;
    },
    forEachOutEdge: (key, cb) => outOf(key, (j) => call(cb, j)),
    forEachInEdge: (key, cb) => inOf(key, (j) => call(cb, j)),
    forEachEdge(cb) { for (let j = 0; j < m; j++) if (waiting[j]) call(cb, j); },
    inDegree: (key) => { fresh(); const i = nodeAt(key); return i === undefined ? 0 : inDeg[i]!; },
    degree: (key) => { fresh(); const i = nodeAt(key); return i === undefined ? 0 : deg[i]!; },
    forget(source, target, relation) {
      const t = nodeAt(target);
      let found = -1;
      outOf(source, (j) => { if (found < 0 && c.target[j] === t && c.rels[c.rel[j]!]![0] === relation) found = j; });
      if (found < 0) return false;
      waiting[found] = 0;
      dirty = true;
      return true;
    },
    show(graph, hidden, nodes) {
      const relHidden = c.rels.map(([relation]) => hidden.relations.has(relation));
      const candidates: number[] = [];
      if (nodes) for (const k of nodes) { outOf(k, (j) => candidates.push(j)); inOf(k, (j) => candidates.push(j)); }
      let added = 0;
      const consider = (j: number) => {
        if (!waiting[j] || relHidden[c.rel[j]!]) return;
        const s = keys[src[j]!]!, t = keys[c.target[j]!]!;
        // A watch-mode delta may have dropped an end since the page opened.
        if (!graph.hasNode(s) || !graph.hasNode(t)) return;
        if (hidden.kinds.has(graph.getNodeAttribute(s, 'kind')) || hidden.kinds.has(graph.getNodeAttribute(t, 'kind'))) return;
        waiting[j] = 0;
        dirty = true;
        if (graph.hasEdge(edgeKeyAt(j))) return;
        graph.addEdgeWithKey(edgeKeyAt(j), s, t, attributes(j));
        added++;
      };
      if (nodes) candidates.forEach(consider);
      else for (let j = 0; j < m; j++) consider(j);
      return added;
    },
  };
}
