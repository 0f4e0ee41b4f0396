// GEXF 1.2 (Gephi) through graphology-gexf's writer. `kind`, `path`, `folder`… are node attributes
// and `relation`, `description`, `origin`… edge attributes (Gephi partitions and filters on them);
// the edge weight is `count`. Lists and objects are JSON text (GEXF values are scalars), and
// characters XML forbids become U+FFFD (see xml.ts), in keys too.
// Gephi draws what it reads: `viz:color` per node kind and per relation (the viewer's palette), and
// `viz:position` when positions are given (the export command passes the viewer's cached layout, so
// Gephi opens the graph as the viewer shows it instead of laying it out again).

import Graph from 'graphology';
import { write } from 'graphology-gexf';
import type { VaultGraph } from '../core/graph.ts';
import { GRAPH_OPTIONS } from '../core/model.ts';
import type { NodeKind } from '../core/types.ts';
import { KIND_COLORS, relationStyle } from '../viewer/palette.ts';
import { EDGE_COLUMNS, flatten, NODE_COLUMNS, type FlatRow } from './flat.ts';
import { xmlSafe } from './xml.ts';

export interface Point { x: number; y: number }

export function toGexf(graph: VaultGraph, positions?: ReadonlyMap<string, Point>): string {
  const flat = new Graph<FlatRow, FlatRow>(GRAPH_OPTIONS);
  const viz = new Map<string, { color: string; x?: number; y?: number }>();
  graph.forEachNode((node, a) => {
    const key = xmlSafe(node);
    flat.addNode(key, clean(flatten(a, NODE_COLUMNS)));
    const p = positions?.get(node);
    viz.set(key, { color: KIND_COLORS[a.kind as NodeKind] ?? KIND_COLORS.note, ...(p && { x: p.x, y: p.y }) });
  });
  graph.forEachEdge((edge, a, s, t) => flat.addDirectedEdgeWithKey(xmlSafe(edge), xmlSafe(s), xmlSafe(t), clean(flatten(a, EDGE_COLUMNS))));
  return write(flat, {
    formatNode: (key, { label, ...attributes }) => ({ label: String(label), attributes, viz: viz.get(key) }),
    formatEdge: (_key, { label, count, ...attributes }) => ({ label: String(label), weight: Number(count), attributes: { count, ...attributes },
      viz: { color: relationStyle(String(attributes.relation)).color } }),
  });
}

function clean(row: FlatRow): FlatRow {
  const out: FlatRow = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' ? xmlSafe(v) : v;
  return out;
}
