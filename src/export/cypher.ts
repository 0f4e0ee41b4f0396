// A Cypher script (`cypher-shell -f vault.cypher`) that MERGEs the graph into Neo4j, so running it
// twice changes nothing. Nodes are `:VaultNode` plus a label from `kind` (`:Note`, `:Topic`…),
// unique on `key`; relationships get the relation upper-snake-cased as type (`:FURTHER_READING`).
// Rows go in UNWIND batches of literal maps. Every string is a single-quoted literal with `\`,
// `'`, `;` and control characters escaped; identifiers are backtick-quoted with backticks doubled.

import type { VaultGraph } from '../core/graph.ts';
import { EDGE_COLUMNS, flatten, NODE_COLUMNS, type Column } from './flat.ts';
import { nodeLabel, relationshipType } from './neo4j.ts';

const BATCH = 500;
/** In Cypher, tags and aliases stay lists (`'ai' IN n.tags`); nested values are JSON text. */
const LIST_PROPS = new Set(['aliases', 'tags']);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const CYPHER_SPECIAL = /[\\';\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function cypherString(s: string): string {
  const body = s.replace(LONE_SURROGATE, '\uFFFD').replace(CYPHER_SPECIAL, (c) =>
    c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`);
  return `'${body}'`;
}

export function cypherName(name: string): string {
  return '`' + name.replace(LONE_SURROGATE, '\uFFFD').replace(/`/g, '``') + '`';
}

function literal(v: unknown): string {
  if (typeof v === 'string') return cypherString(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  return 'null';
}

function props(attrs: object, columns: readonly Column[]): string {
  const a = attrs as Record<string, unknown>;
  const flat = flatten(a, columns);
  const parts = columns.filter((c) => a[c.name] !== undefined && a[c.name] !== null)
    .map((c) => `${c.name}: ${LIST_PROPS.has(c.name) && Array.isArray(a[c.name]) ? literal((a[c.name] as unknown[]).map(String)) : literal(flat[c.name])}`);
  return `{${parts.join(', ')}}`;
}

export function toCypher(graph: VaultGraph): string {
  const out = [
    `// vaultgraph: ${graph.order} nodes, ${graph.size} relationships. Run: cypher-shell -f FILE`,
    'CREATE CONSTRAINT vaultgraph_key IF NOT EXISTS FOR (n:VaultNode) REQUIRE n.key IS UNIQUE;',
  ];
  const byKind = new Map<string, string[]>();
  graph.forEachNode((node, a) => {
    push(byKind, a.kind, `{key: ${cypherString(node)}, props: ${props(a, NODE_COLUMNS)}}`);
  });
  for (const [kind, rows] of byKind) {
    for (const batch of batches(rows)) {
      out.push(`UNWIND [\n  ${batch.join(',\n  ')}\n] AS row\nMERGE (n:VaultNode {key: row.key}) SET n:${cypherName(nodeLabel(kind))} SET n += row.props;`);
    }
  }
  const byType = new Map<string, string[]>();
  graph.forEachEdge((edge, a, s, t) => {
    push(byType, relationshipType(a.relation), `{s: ${cypherString(s)}, t: ${cypherString(t)}, key: ${cypherString(edge)}, props: ${props(a, EDGE_COLUMNS)}}`);
  });
  for (const [type, rows] of byType) {
    for (const batch of batches(rows)) {
      out.push(`UNWIND [\n  ${batch.join(',\n  ')}\n] AS row\nMATCH (a:VaultNode {key: row.s}) MATCH (b:VaultNode {key: row.t})\n`
        + `MERGE (a)-[r:${cypherName(type)} {key: row.key}]->(b) SET r += row.props;`);
    }
  }
  return out.join('\n') + '\n';
}

function push(map: Map<string, string[]>, key: string, row: string): void {
  const list = map.get(key);
  if (list) list.push(row);
  else map.set(key, [row]);
}

function batches<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}
