// Communities for "colour by community": Louvain over an undirected, simple, weighted copy of
// the graph (louvain refuses multi graphs, and a link's direction says nothing about clusters).
// Tags are left out: a popular tag would glue unrelated notes into one community.

import { mulberry32 } from '../../src/core/random.ts';
import Graph from 'graphology';
import louvain from 'graphology-communities-louvain';
import type { VaultGraph } from './filters.ts';
import { NO_PENDING, type PendingEdges } from './pending.ts';

/** Node key → community index (0 = the largest). Deterministic: a seeded RNG. Counts the edges not loaded yet too. */
export function communities(graph: VaultGraph, pending: PendingEdges = NO_PENDING): Map<string, number> {
  const simple = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  graph.forEachNode((key, a) => { if (a.kind !== 'tag') simple.addNode(key); });
  const add = (_e: string, _a: unknown, src: string, tgt: string) => {
    if (src === tgt || !simple.hasNode(src) || !simple.hasNode(tgt)) return;
    simple.updateEdge(src, tgt, (w: { weight?: number }) => ({ weight: (w.weight ?? 0) + 1 }));
  };
  graph.forEachEdge(add);
  pending.forEachEdge(add);
  const raw = louvain(simple, { getEdgeWeight: 'weight', rng: mulberry32(42) });
  // Renumber by size so colours are stable-ish and the big communities get the first palette colours.
  const sizes = new Map<number, number>();
  for (const c of Object.values(raw)) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const rank = new Map([...sizes].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([c], i) => [c, i]));
  return new Map(Object.entries(raw).map(([k, c]) => [k, rank.get(c)!]));
}

