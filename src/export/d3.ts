// D3 / force-graph / Foam shape: `{nodes: [{id, ...attributes}], links: [{source, target, ...}]}`.
// Every attribute is kept; `key` on a link is the graph's edge key.

import type { VaultGraph } from '../core/graph.ts';

export function toD3(graph: VaultGraph, opts: { pretty?: boolean } = {}): string {
  const nodes = graph.mapNodes((id, a) => ({ id, ...a }));
  const links = graph.mapEdges((key, a, source, target) => ({ source, target, key, ...a }));
  return JSON.stringify({ directed: true, multigraph: true, nodes, links }, null, opts.pretty ? 2 : undefined) + '\n';
}
