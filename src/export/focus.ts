// A note's local graph (Obsidian's "local graph"): the nodes within `depth` links of a focus node,
// following edges both ways, and the edges among them. Nodes are added nearest first, so capping
// the result (`firstNodes`) keeps the closest neighbourhood.

import Graph from 'graphology';
import { GRAPH_OPTIONS, type VaultGraph } from '../core/graph.ts';
import type { NodeAttributes } from '../core/types.ts';
import type { GraphSource } from './source.ts';

/**
 * Find the node a user meant: its key (`notes/A`), its path (`notes/A.md`), or — when only one node
 * has it — its label or file name, case-insensitively. Returns the key, or a one-line reason.
 */
export function findNode(graph: VaultGraph, query: string): { key: string } | { error: string } {
  const q = query.normalize('NFC').replace(/\\/g, '/');
  if (graph.hasNode(q)) return { key: q };
  const lower = q.toLowerCase().replace(/\.md$/, '');
  const byPath = graph.filterNodes((_n, a) => a.path.toLowerCase().replace(/\.md$/, '') === lower);
  if (byPath.length === 1) return { key: byPath[0]! };
  const byName = graph.filterNodes((n, a) => a.label.toLowerCase() === lower || n.slice(n.lastIndexOf('/') + 1).toLowerCase() === lower);
  if (byName.length === 1) return { key: byName[0]! };
  if (byName.length > 1) return { error: `"${query}" names ${byName.length} nodes (${byName.slice(0, 3).join(', ')}…); give the vault path` };
  return { error: `no node "${query}" in the vault (give a note's vault path, e.g. folder/Note)` };
}

/** Breadth-first, both directions, up to `depth` steps; nodes in order of distance, then key. */
export function localGraph(graph: VaultGraph, focus: string, depth: number): VaultGraph {
  const order = [focus];
  const seen = new Set(order);
  let frontier = [focus];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next = new Set<string>();
    for (const node of frontier) graph.forEachNeighbor(node, (nb) => { if (!seen.has(nb)) next.add(nb); });
    frontier = [...next].sort();
    for (const n of frontier) { seen.add(n); order.push(n); }
  }
  return induced(graph, order);
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
  const chosen = new Map(order.map((i, rank) => [keys[i]!, rank]));
  const attrs: NodeAttributes[] = new Array(order.length);
  const sub: VaultGraph = new Graph(GRAPH_OPTIONS);
  src.pass({
    node: (key, a) => { const r = chosen.get(key); if (r !== undefined) attrs[r] = a; },
    edge: (e, s, t, a) => {
      if (sub.order === 0) order.forEach((i, r) => sub.addNode(keys[i]!, attrs[r]!));
      if (chosen.has(s) && chosen.has(t)) sub.addDirectedEdgeWithKey(e, s, t, a);
    },
  });
  if (sub.order === 0) order.forEach((i, r) => sub.addNode(keys[i]!, attrs[r]!));
  return { graph: sub, omitted: keys.length - order.length };
}

function induced(graph: VaultGraph, nodes: readonly string[]): VaultGraph {
  const sub: VaultGraph = new Graph(GRAPH_OPTIONS);
  for (const n of nodes) sub.addNode(n, graph.getNodeAttributes(n));
  graph.forEachEdge((e, a, s, t) => { if (sub.hasNode(s) && sub.hasNode(t)) sub.addDirectedEdgeWithKey(e, s, t, a); });
  return sub;
}
