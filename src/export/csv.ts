// CSV for spreadsheets and scripts: `nodes.csv` + `edges.csv`, RFC 4180 (CRLF line ends; a cell
// with `,` `"` CR or LF is quoted, quotes doubled). Lists and objects are JSON text.
//
// Formula injection: a spreadsheet runs a cell that starts with `= + - @` (or tab/CR) as a formula,
// so `=cmd|' /C calc'!A0` in a note title would run on the reader's machine. Such a cell gets a
// leading `'` (OWASP's advice; spreadsheets hide it). A cell that already starts with `'` gets one
// too, so the rule is reversible: a reader drops one leading `'` from every text cell (`unguard`).

import { flatten, usedColumns, type Scalar } from './flat.ts';
import type { FileSink, GraphSource } from './source.ts';

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
  return rows.map((r) => csvRow(r, guard)).join('');
}

export function csvRow(row: readonly (Scalar | undefined)[], guard: boolean): string {
  return row.map((v) => csvCell(v, guard)).join(',') + '\r\n';
}

/** `nodes.csv`, then `edges.csv`: a pass for the columns, then one per file. */
export function writeCsv(src: GraphSource, file: FileSink): void {
  const cols = usedColumns(src);
  // Headers are our own names: never guarded. Data cells are.
  file('nodes.csv', (write) => {
    write(csvRow(['id', ...cols.node.map((c) => c.name)], false));
    src.pass({ node: (node, a) => {
      const row = flatten(a, cols.node);
      write(csvRow([node, ...cols.node.map((c) => row[c.name] ?? '')], true));
    } });
  });
  file('edges.csv', (write) => {
    write(csvRow(['key', 'source', 'target', ...cols.edge.map((c) => c.name)], false));
    src.pass({ edge: (edge, s, t, a) => {
      const row = flatten(a, cols.edge);
      write(csvRow([edge, s, t, ...cols.edge.map((c) => row[c.name] ?? '')], true));
    } });
  });
}
