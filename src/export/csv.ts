// CSV for spreadsheets and scripts: `nodes.csv` + `edges.csv`, RFC 4180 (CRLF line ends; a cell
// with `,` `"` CR or LF is quoted, quotes doubled). Lists and objects are JSON text.
//
// Formula injection: a spreadsheet runs a cell that starts with `= + - @` (or tab/CR) as a formula,
// so `=cmd|' /C calc'!A0` in a note title would run on the reader's machine. Such a cell gets a
// leading `'` (OWASP's advice; spreadsheets hide it). A cell that already starts with `'` gets one
// too, so the rule is reversible: a reader drops one leading `'` from every text cell (`unguard`).

import type { VaultGraph } from '../core/graph.ts';
import { EDGE_COLUMNS, flatten, NODE_COLUMNS, usedColumns, type Scalar } from './flat.ts';

const FORMULA_START = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]/;

export function guardFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

export function unguard(s: string): string {
  return s.startsWith("'") ? s.slice(1) : s;
}

export function csvCell(value: Scalar | undefined, guard: boolean): string {
  if (value === undefined) return '';
  let s = String(value);
  if (guard && typeof value === 'string') s = guardFormula(s);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLines(rows: readonly (readonly (Scalar | undefined)[])[], guard: boolean): string {
  return rows.map((r) => r.map((v) => csvCell(v, guard)).join(',') + '\r\n').join('');
}

export function toCsv(graph: VaultGraph): { 'nodes.csv': string; 'edges.csv': string } {
  const nodeCols = usedColumns(graph, NODE_COLUMNS, 'node');
  const edgeCols = usedColumns(graph, EDGE_COLUMNS, 'edge');
  const nodes: Scalar[][] = [['id', ...nodeCols.map((c) => c.name)]];
  const edges: Scalar[][] = [['key', 'source', 'target', ...edgeCols.map((c) => c.name)]];
  const header = [nodes[0]!, edges[0]!];
  graph.forEachNode((node, a) => {
    const row = flatten(a, nodeCols);
    nodes.push([node, ...nodeCols.map((c) => row[c.name] ?? '')]);
  });
  graph.forEachEdge((edge, a, s, t) => {
    const row = flatten(a, edgeCols);
    edges.push([edge, s, t, ...edgeCols.map((c) => row[c.name] ?? '')]);
  });
  // Headers are our own names: never guarded. Data cells are.
  return {
    'nodes.csv': csvLines([header[0]!], false) + csvLines(nodes.slice(1), true),
    'edges.csv': csvLines([header[1]!], false) + csvLines(edges.slice(1), true),
  };
}
