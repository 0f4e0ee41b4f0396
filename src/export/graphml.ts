// GraphML (yEd, Cytoscape, NetworkX, igraph). graphology-graphml only parses, so this writes it:
// one `<key>` per attribute with its type, `<data>` per present value, edge ids = edge keys,
// `edgedefault="directed"`. Lists and objects are JSON text; labels also go to `label`, which yEd
// and Cytoscape show. Every value is escaped (xml.ts).

import type { VaultGraph } from '../core/graph.ts';
import { EDGE_COLUMNS, flatten, NODE_COLUMNS, usedColumns, type Column } from './flat.ts';
import { xmlEscape } from './xml.ts';

const GRAPHML_TYPE: Record<Column['type'], string> = { string: 'string', json: 'string', int: 'int', double: 'double', boolean: 'boolean' };

export function toGraphml(graph: VaultGraph): string {
  const nodeCols = usedColumns(graph, NODE_COLUMNS, 'node');
  const edgeCols = usedColumns(graph, EDGE_COLUMNS, 'edge');
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
      + ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  // Key ids are prefixed per domain: a node `label` and an edge `label` are different keys.
  for (const c of nodeCols) out.push(`  <key id="n_${c.name}" for="node" attr.name="${c.name}" attr.type="${GRAPHML_TYPE[c.type]}"/>`);
  for (const c of edgeCols) out.push(`  <key id="e_${c.name}" for="edge" attr.name="${c.name}" attr.type="${GRAPHML_TYPE[c.type]}"/>`);
  out.push('  <graph id="vault" edgedefault="directed">');
  graph.forEachNode((node, a) => {
    out.push(`    <node id="${xmlEscape(node)}">${dataOf(flatten(a, nodeCols), 'n_')}</node>`);
  });
  graph.forEachEdge((edge, a, s, t) => {
    out.push(`    <edge id="${xmlEscape(edge)}" source="${xmlEscape(s)}" target="${xmlEscape(t)}">${dataOf(flatten(a, edgeCols), 'e_')}</edge>`);
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

function dataOf(row: Record<string, string | number | boolean>, prefix: string): string {
  return Object.entries(row).map(([k, v]) => `<data key="${prefix}${k}">${xmlEscape(String(v))}</data>`).join('');
}
