// Flat rows for the formats whose cells are scalars (GEXF, GraphML, CSV, Neo4j): every node and
// edge attribute as a string, number or boolean. Lists and objects (`meta`, `aliases`, `tags`,
// `occurrences`) become JSON text, so nothing is lost and a reader gets them back with JSON.parse.

import type { GraphSource } from './source.ts';

export type Scalar = string | number | boolean;
export type FlatRow = Record<string, Scalar>;

/** `required` columns are on every node (edge): an empty cell reads back as '' (GEXF drops empty values). */
export interface Column { name: string; type: 'string' | 'int' | 'double' | 'boolean' | 'json'; required?: true }

/**
 * Node columns in a fixed order: the README's node attributes, `excluded` (Obsidian's excluded
 * files), then `community` and `pagerank` when `assignAnalytics` wrote them.
 */
export const NODE_COLUMNS: readonly Column[] = [
  { name: 'kind', type: 'string', required: true }, { name: 'label', type: 'string', required: true },
  { name: 'path', type: 'string', required: true }, { name: 'folder', type: 'string', required: true },
  { name: 'meta', type: 'json' }, { name: 'aliases', type: 'json' }, { name: 'tags', type: 'json' },
  { name: 'inDegree', type: 'int', required: true }, { name: 'outDegree', type: 'int', required: true },
  { name: 'excluded', type: 'boolean' }, { name: 'community', type: 'int' }, { name: 'pagerank', type: 'double' },
];

export const EDGE_COLUMNS: readonly Column[] = [
  { name: 'relation', type: 'string', required: true }, { name: 'label', type: 'string', required: true },
  { name: 'description', type: 'string' }, { name: 'count', type: 'int', required: true },
  { name: 'origin', type: 'string', required: true }, { name: 'occurrences', type: 'json', required: true },
];

/** Attributes → cells for the given columns; absent attributes are absent cells. */
export function flatten(attrs: object, columns: readonly Column[]): FlatRow {
  const row: FlatRow = {};
  const a = attrs as Record<string, unknown>;
  for (const c of columns) {
    const v = a[c.name];
    if (v === undefined || v === null) continue;
    row[c.name] = c.type === 'json' ? JSON.stringify(v) : (v as Scalar);
  }
  return row;
}

/** Cells → attributes: the inverse of `flatten` (numbers from text, JSON parsed). */
export function unflatten(row: Record<string, string | number | boolean | undefined>, columns: readonly Column[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = row[c.name];
    if (v === undefined || v === '') {
      if (c.required && c.type === 'string') out[c.name] = '';
      continue;
    }
    if (c.type === 'json') out[c.name] = JSON.parse(String(v));
    else if (c.type === 'int' || c.type === 'double') out[c.name] = Number(v);
    else if (c.type === 'boolean') out[c.name] = v === true || v === 'true';
    else out[c.name] = String(v);
  }
  return out;
}

/** Which columns any node and any edge of the graph actually has (so headers stay short): one pass. */
export function usedColumns(src: GraphSource): { node: Column[]; edge: Column[] } {
  const nodeKeys = new Set<string>(), edgeKeys = new Set<string>();
  src.pass({
    node: (_n, a) => { for (const k of Object.keys(a)) nodeKeys.add(k); },
    edge: (_e, _s, _t, a) => { for (const k of Object.keys(a)) edgeKeys.add(k); },
  });
  return { node: NODE_COLUMNS.filter((c) => nodeKeys.has(c.name)), edge: EDGE_COLUMNS.filter((c) => edgeKeys.has(c.name)) };
}
