// Neo4j bulk import (`neo4j-admin database import full`): `nodes.csv` with `id:ID` and `:LABEL`
// (`VaultNode;Note`, `VaultNode;Topic`…), `relationships.csv` with `:START_ID,:END_ID,:TYPE`
// (the relation upper-snake-cased: `further-reading` → `FURTHER_READING`). RFC 4180 cells with the
// csv export's formula guard (csv.ts guardFormula): these files get opened in spreadsheets too, so a
// text cell starting with `= + - @ '` tab or CR gets a leading `'`, which the importer stores — drop
// one leading `'` from text values after import to get them back (ids are guarded alike on both
// files, so relationships still meet their nodes). Cells may hold newlines: import with
// `--multiline-fields=true`. Lists and objects are JSON text.

import type { VaultGraph } from '../core/graph.ts';
import { csvLines } from './csv.ts';
import { EDGE_COLUMNS, flatten, NODE_COLUMNS, usedColumns, type Column, type Scalar } from './flat.ts';

const NEO4J_TYPE: Record<Column['type'], string> = { string: '', json: '', int: ':int', double: ':double', boolean: ':boolean' };

/** `further-reading` → `FURTHER_READING`: letters and digits of any script, the rest `_` (`相关` stays). */
export function relationshipType(relation: string): string {
  return relation.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '').toUpperCase() || 'LINK';
}

/** `note` → `Note`. */
export function nodeLabel(kind: string): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

export function toNeo4jCsv(graph: VaultGraph): { 'nodes.csv': string; 'relationships.csv': string } {
  const nodeCols = usedColumns(graph, NODE_COLUMNS, 'node');
  const edgeCols = usedColumns(graph, EDGE_COLUMNS, 'edge');
  const nodes: (Scalar | undefined)[][] = [['id:ID', ':LABEL', ...nodeCols.map((c) => c.name + NEO4J_TYPE[c.type])]];
  const rels: (Scalar | undefined)[][] = [[':START_ID', ':END_ID', ':TYPE', 'key', ...edgeCols.map((c) => c.name + NEO4J_TYPE[c.type])]];
  graph.forEachNode((node, a) => {
    const row = flatten(a, nodeCols);
    nodes.push([node, `VaultNode;${nodeLabel(a.kind)}`, ...nodeCols.map((c) => row[c.name])]);
  });
  graph.forEachEdge((edge, a, s, t) => {
    const row = flatten(a, edgeCols);
    rels.push([s, t, relationshipType(a.relation), edge, ...edgeCols.map((c) => row[c.name])]);
  });
  // Headers are our own names: never guarded. Data cells are.
  return {
    'nodes.csv': csvLines(nodes.slice(0, 1), false) + csvLines(nodes.slice(1), true),
    'relationships.csv': csvLines(rels.slice(0, 1), false) + csvLines(rels.slice(1), true),
  };
}
