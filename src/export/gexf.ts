// GEXF 1.2 (Gephi) through graphology-gexf's writer. `kind`, `path`, `folder`… are node attributes
// and `relation`, `description`, `origin`… edge attributes (Gephi partitions and filters on them);
// the edge weight is `count`. Lists and objects are JSON text (GEXF values are scalars), and
// characters XML forbids become U+FFFD (see xml.ts), in keys too.

import Graph from 'graphology';
import { write } from 'graphology-gexf';
import type { VaultGraph } from '../core/graph.ts';
import { GRAPH_OPTIONS } from '../core/model.ts';
import { EDGE_COLUMNS, flatten, NODE_COLUMNS, type FlatRow } from './flat.ts';
import { xmlSafe } from './xml.ts';

export function toGexf(graph: VaultGraph): string {
  const flat = new Graph<FlatRow, FlatRow>(GRAPH_OPTIONS);
  graph.forEachNode((node, a) => flat.addNode(xmlSafe(node), clean(flatten(a, NODE_COLUMNS))));
  graph.forEachEdge((edge, a, s, t) => flat.addDirectedEdgeWithKey(xmlSafe(edge), xmlSafe(s), xmlSafe(t), clean(flatten(a, EDGE_COLUMNS))));
  return write(flat, {
    formatNode: (_key, { label, ...attributes }) => ({ label: String(label), attributes }),
    formatEdge: (_key, { label, count, ...attributes }) => ({ label: String(label), weight: Number(count), attributes: { count, ...attributes } }),
  });
}

function clean(row: FlatRow): FlatRow {
  const out: FlatRow = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' ? xmlSafe(v) : v;
  return out;
}
