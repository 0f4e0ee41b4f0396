// A note's local graph (Obsidian's "local graph"): the nodes within `depth` links of a focus node,
// following edges both ways, and the edges among them. Nodes are added nearest first, so capping
// the result (`firstNodes`) keeps the closest neighbourhood.

import Graph from 'graphology';
import { GRAPH_OPTIONS, type VaultGraph } from '../core/graph.ts';
import type { NodeAttributes } from '../core/types.ts';
import { graphSource, type GraphSource } from './source.ts';

/**
 * Find the node a user meant: its key (`notes/A`), its path (`notes/A.md`), or — when only one node
 * has it — its label or file name, case-insensitively. Returns the key, or a one-line reason.
 */
export function findNode(graph: VaultGraph, query: string): { key: string } | { error: string } {
  return findNodeIn(graphSource(graph), query);
}

/** `findNode` over a source: one pass over the nodes. */
export function findNodeIn(src: GraphSource, query: string): { key: string } | { error: string } {
  const q = query.normalize('NFC').replace(/\\/g, '/');
  const lower = q.toLowerCase().replace(/\.md$/, '');
  let exact = false;
  const byPath: string[] = [], byName: string[] = [];
  src.pass({ node: (n, a) => {
    if (n === q) exact = true;
    if (a.path.toLowerCase().replace(/\.md$/, '') === lower) byPath.push(n);
    if (a.label.toLowerCase() === lower || n.slice(n.lastIndexOf('/') + 1).toLowerCase() === lower) byName.push(n);
  } });
  if (exact) return { key: q };
  if (byPath.length === 1) return { key: byPath[0]! };
  if (byName.length === 1) return { key: byName[0]! };
  if (byName.length > 1) return { error: `"${query}" names ${byName.length} nodes (${byName.slice(0, 3).join(', ')}…); give the vault path` };
  return { error: `no node "${query}" in the vault (give a note's vault path, e.g. folder/Note)` };
}

/** Breadth-first, both directions, up to `depth` steps; nodes in order of distance, then key. */
export function localGraph(graph: VaultGraph, focus: string, depth: number): VaultGraph {
  return localGraphOf(graphSource(graph), focus, depth);
}

/** `localGraph` over a source: the adjacency as compact arrays (one pass), then the chosen nodes and their edges (another). */
export function localGraphOf(src: GraphSource, focus: string, depth: number): VaultGraph {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const ends = new Int32Array(2 * src.size);
  let m = 0;
  src.pass({
    node: (key) => { index.set(key, keys.length); keys.push(key); },
    edge: (_e, s, t) => { ends[m++] = index.get(s)!; ends[m++] = index.get(t)!; },
  });
  // Neighbours both ways, compressed rows: node i's are near[start[i]…start[i+1]).
  const start = new Int32Array(keys.length + 1);
  for (let j = 0; j < m; j++) start[ends[j]! + 1]! += 1;
  for (let i = 0; i < keys.length; i++) start[i + 1]! += start[i]!;
  const near = new Int32Array(m), at = start.slice(0, keys.length);
  for (let j = 0; j < m; j += 2) { near[at[ends[j]!]!++] = ends[j + 1]!; near[at[ends[j + 1]!]!++] = ends[j]!; }
  const first = index.get(focus)!;
  const order = [first];
  const seen = new Set(order);
  let frontier = [first];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next = new Set<number>();
    for (const i of frontier) for (let k = start[i]!; k < start[i + 1]!; k++) if (!seen.has(near[k]!)) next.add(near[k]!);
    frontier = [...next].sort((x, y) => (keys[x]! < keys[y]! ? -1 : 1));
    for (const i of frontier) { seen.add(i); order.push(i); }
  }
  return inducedOf(src, order.map((i) => keys[i]!));
}

/** The subgraph on the first `max` nodes of `graph` (its insertion order), and how many were left out. */
export function firstNodes(graph: VaultGraph, max: number): { graph: VaultGraph; omitted: number } {
  const nodes = graph.nodes();
  if (nodes.length <= max) return { graph, omitted: 0 };
  return { graph: induced(graph, nodes.slice(0, max)), omitted: nodes.length - max };
}

/**
 * The `max` busiest nodes (degree, then key) and the edges among them, read from a source in two passes: the degrees (compact arrays),
 * then only the chosen nodes and the edges among them. What the capped diagrams of a big vault need.
 */
export function busiestNodes(src: GraphSource, max: number): { graph: VaultGraph; omitted: number } {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const degree = new Int32Array(src.order);
  src.pass({
    node: (key) => { index.set(key, keys.length); keys.push(key); },
    edge: (_e, s, t) => { degree[index.get(s)!]! += 1; degree[index.get(t)!]! += 1; },
  });
  const order = keys.map((_k, i) => i).sort((a, b) => degree[b]! - degree[a]! || (keys[a]! < keys[b]! ? -1 : 1)).slice(0, max);
  return { graph: inducedOf(src, order.map((i) => keys[i]!)), omitted: keys.length - order.length };
}

/** The subgraph of a source on `nodes`, in that order, with the edges among them in the source's order. */
function inducedOf(src: GraphSource, nodes: readonly string[]): VaultGraph {
  const rank = new Map(nodes.map((n, r) => [n, r]));
  const attrs: NodeAttributes[] = new Array(nodes.length);
  const sub: VaultGraph = new Graph(GRAPH_OPTIONS);
  const addNodes = () => { if (sub.order === 0) nodes.forEach((n, r) => sub.addNode(n, attrs[r]!)); };
  src.pass({
    node: (key, a) => { const r = rank.get(key); if (r !== undefined) attrs[r] = a; },
    edge: (e, s, t, a) => {
      addNodes();
      if (rank.has(s) && rank.has(t)) sub.addDirectedEdgeWithKey(e, s, t, a);
    },
  });
  addNodes();
  return sub;
}

function induced(graph: VaultGraph, nodes: readonly string[]): VaultGraph {
  const sub: VaultGraph = new Graph(GRAPH_OPTIONS);
  for (const n of nodes) sub.addNode(n, graph.getNodeAttributes(n));
  graph.forEachEdge((e, a, s, t) => { if (sub.hasNode(s) && sub.hasNode(t)) sub.addDirectedEdgeWithKey(e, s, t, a); });
  return sub;
}
