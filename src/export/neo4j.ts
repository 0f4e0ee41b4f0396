// Neo4j bulk import (`neo4j-admin database import full`): `nodes.csv` with `id:ID` and `:LABEL`
// (`VaultNode;Note`, `VaultNode;Topic`…), `relationships.csv` with `:START_ID,:END_ID,:TYPE`
// (the relation upper-snake-cased: `further-reading` → `FURTHER_READING`). RFC 4180 cells with the
// csv export's formula guard (csv.ts guardFormula): these files get opened in spreadsheets too, so a
// text cell starting with `= + - @ '` tab or CR gets a leading `'`, which the importer stores — drop
// one leading `'` from text values after import to get them back (ids are guarded alike on both
// files, so relationships still meet their nodes). Cells may hold newlines: import with
// `--multiline-fields=true`. Lists and objects are JSON text.

import { csvRow } from './csv.ts';
import { flatten, usedColumns, type Column } from './flat.ts';
import type { FileSink, GraphSource } from './source.ts';

const NEO4J_TYPE: Record<Column['type'], string> = { string: '', json: '', int: ':int', double: ':double', boolean: ':boolean' };

/** `further-reading` → `FURTHER_READING`: letters and digits of any script, the rest `_` (`相关` stays). */
export function relationshipType(relation: string): string {
  return relation.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '').toUpperCase() || 'LINK';
}

/** `note` → `Note`. */
export function nodeLabel(kind: string): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** `nodes.csv`, then `relationships.csv`: a pass for the columns, then one per file. */
export function writeNeo4jCsv(src: GraphSource, file: FileSink): void {
  const cols = usedColumns(src);
  // Headers are our own names: never guarded. Data cells are.
  file('nodes.csv', (write) => {
    write(csvRow(['id:ID', ':LABEL', ...cols.node.map((c) => c.name + NEO4J_TYPE[c.type])], false));
    src.pass({ node: (node, a) => {
      const row = flatten(a, cols.node);
      write(csvRow([node, `VaultNode;${nodeLabel(a.kind)}`, ...cols.node.map((c) => row[c.name])], true));
    } });
  });
  file('relationships.csv', (write) => {
    write(csvRow([':START_ID', ':END_ID', ':TYPE', 'key', ...cols.edge.map((c) => c.name + NEO4J_TYPE[c.type])], false));
    src.pass({ edge: (edge, s, t, a) => {
      const row = flatten(a, cols.edge);
      write(csvRow([s, t, relationshipType(a.relation), edge, ...cols.edge.map((c) => row[c.name])], true));
    } });
  });
}
