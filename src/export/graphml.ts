// GraphML (yEd, Cytoscape, NetworkX, igraph). graphology-graphml only parses, so this writes it:
// one `<key>` per attribute with its type, `<data>` per present value, edge ids = edge keys,
// `edgedefault="directed"`. Lists and objects are JSON text; labels also go to `label`, which yEd
// and Cytoscape show. Every value is escaped (xml.ts).

import { flatten, usedColumns, type Column } from './flat.ts';
import type { GraphSource, Write } from './source.ts';
import { xmlEscape } from './xml.ts';

const GRAPHML_TYPE: Record<Column['type'], string> = { string: 'string', json: 'string', int: 'int', double: 'double', boolean: 'boolean' };

export function writeGraphml(src: GraphSource, write: Write): void {
  const { node: nodeCols, edge: edgeCols } = usedColumns(src);
  write('<?xml version="1.0" encoding="UTF-8"?>\n'
    + '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
    + ' xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n');
  // Key ids are prefixed per domain: a node `label` and an edge `label` are different keys.
  for (const c of nodeCols) write(`  <key id="n_${c.name}" for="node" attr.name="${c.name}" attr.type="${GRAPHML_TYPE[c.type]}"/>\n`);
  for (const c of edgeCols) write(`  <key id="e_${c.name}" for="edge" attr.name="${c.name}" attr.type="${GRAPHML_TYPE[c.type]}"/>\n`);
  write('  <graph id="vault" edgedefault="directed">\n');
  src.pass({
    node: (node, a) => write(`    <node id="${xmlEscape(node)}">${dataOf(flatten(a, nodeCols), 'n_')}</node>\n`),
    edge: (edge, s, t, a) => write(`    <edge id="${xmlEscape(edge)}" source="${xmlEscape(s)}" target="${xmlEscape(t)}">${dataOf(flatten(a, edgeCols), 'e_')}</edge>\n`),
  });
  write('  </graph>\n</graphml>\n');
}

function dataOf(row: Record<string, string | number | boolean>, prefix: string): string {
  return Object.entries(row).map(([k, v]) => `<data key="${prefix}${k}">${xmlEscape(String(v))}</data>`).join('');
}
