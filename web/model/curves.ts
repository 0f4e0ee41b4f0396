// Parallel and opposite edges drawn apart: edges sharing both ends (either way round) become curves
// (`@sigma/edge-curve`), each bowing its own way; a lone edge stays straight (cheaper to draw).
// Pure: sets `curvature` and the curved program type on the graph's edge attributes.

import type { VaultGraph } from './filters.ts';

/** Straight program → its curved twin (main.ts registers both). */
export const CURVED: Record<string, string> = { arrow: 'curvedArrow', line: 'curved' };
const STRAIGHT: Record<string, string> = { curvedArrow: 'arrow', curved: 'line' };
const STEP = 0.35;

/**
 * Curvatures for the edges between `nodes`' pairs (all pairs when omitted). The i-th edge of a pair,
 * seen from the pair's first node, bows by ±STEP·(1 + ⌊i/2⌋), alternating sides; an edge running the
 * other way flips its sign, since sigma bends relative to the edge's own direction.
 *   a→b cites, b→a explains   → one curve on each side
 */
export function curveParallel(graph: VaultGraph, nodes?: Iterable<string>): void {
  if (!nodes) { curveAll(graph); return; }
  const seen = new Set<string>();
  const each = (a: string, b: string) => {
    const { x, y, id } = pair(a, b);
    if (seen.has(id) || x === y) return;
    seen.add(id);
    // graphology's edges(x, y) of a directed graph lists both ways round: a set keeps each edge once.
    bow(graph, x, [...new Set([...graph.edges(x, y), ...graph.edges(y, x)])]);
  };
  for (const n of nodes) if (graph.hasNode(n)) graph.forEachNeighbor(n, (o) => each(n, o));
}

/**
 * The whole graph in one pass over its edges, bucketed by pair (the page's open: asking graphology
 * for each pair's edges both ways round cost ~3× as much on the users' vault).
 */
function curveAll(graph: VaultGraph): void {
  const pairs = new Map<string, { x: string; edges: string[] }>();
  graph.forEachEdge((e, _a, s, t) => {
    if (s === t) return;
    const { x, id } = pair(s, t);
    const known = pairs.get(id);
    if (known) known.edges.push(e);
    else pairs.set(id, { x, edges: [e] });
  });
  for (const { x, edges } of pairs.values()) bow(graph, x, edges);
}

/** A node pair either way round: its ends in order and its key. */
function pair(a: string, b: string): { x: string; y: string; id: string } {
  const [x, y] = a < b ? [a, b] : [b, a];
  return { x, y, id: `${x}\u0000${y}` };
}

/** One pair's edges (x its first node): a lone edge straight, the others bowing apart, in key order. */
function bow(graph: VaultGraph, x: string, edges: string[]): void {
  edges.sort();
  edges.forEach((e, i) => {
    const a0 = graph.getEdgeAttributes(e) as unknown as { type?: string; curvature?: number };
    const type = a0.type ?? 'arrow';
    if (edges.length < 2) {
      if (STRAIGHT[type]) graph.mergeEdgeAttributes(e, { type: STRAIGHT[type], curvature: 0 } as never);
      return;
    }
    const base = STRAIGHT[type] ?? type;
    if (!CURVED[base]) return;
    const sign = graph.source(e) === x ? 1 : -1;
    const c = STEP * (1 + Math.floor(i / 2)) * (i % 2 === 0 ? 1 : -1) * sign;
    graph.mergeEdgeAttributes(e, { type: CURVED[base], curvature: c } as never);
  });
}
