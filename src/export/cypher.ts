// A Cypher script (`cypher-shell -f vault.cypher`) that MERGEs the graph into Neo4j, so running it
// twice changes nothing. Nodes are `:VaultNode` plus a label from `kind` (`:Note`, `:Topic`…),
// unique on `key`; relationships get the relation upper-snake-cased as type (`:FURTHER_READING`).
// Rows go in UNWIND batches of literal maps. Every string is a single-quoted literal with `\`,
// `'`, `;` and control characters escaped; identifiers are backtick-quoted with backticks doubled.

import { EDGE_COLUMNS, flatten, NODE_COLUMNS, type Column } from './flat.ts';
import { nodeLabel, relationshipType } from './neo4j.ts';
import type { GraphSource, Write } from './source.ts';

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

/** Text set aside and written later, in order: in memory, or a spool file for big graphs (export/write.ts). */
export interface TextBuffer { push(text: string): void; drain(write: Write): void; dispose(): void }

export function memoryBuffer(): TextBuffer {
  let parts: string[] = [];
  return { push: (t) => { parts.push(t); }, drain: (write) => { for (const p of parts) write(p); parts = []; }, dispose: () => { parts = []; } };
}

/**
 * One pass: each node's row goes to its kind's buffer and each edge's to its type's (kinds and types
 * in order of first appearance), framed in batches as it comes; then the buffers are written in turn.
 */
export function writeCypher(src: GraphSource, write: Write, buffer: () => TextBuffer = memoryBuffer): void {
  write(`// vaultgraph: ${src.order} nodes, ${src.size} relationships. Run: cypher-shell -f FILE\n`
    + 'CREATE CONSTRAINT vaultgraph_key IF NOT EXISTS FOR (n:VaultNode) REQUIRE n.key IS UNIQUE;');
  const byKind = new Map<string, Batches>();
  const byType = new Map<string, Batches>();
  try {
    src.pass({
      node: (node, a) => {
        let b = byKind.get(a.kind);
        if (!b) byKind.set(a.kind, b = new Batches(buffer(), `\n] AS row\nMERGE (n:VaultNode {key: row.key}) SET n:${cypherName(nodeLabel(a.kind))} SET n += row.props;`));
        b.add(`{key: ${cypherString(node)}, props: ${props(a, NODE_COLUMNS)}}`);
      },
      edge: (edge, s, t, a) => {
        const type = relationshipType(a.relation);
        let b = byType.get(type);
        if (!b) byType.set(type, b = new Batches(buffer(), '\n] AS row\nMATCH (a:VaultNode {key: row.s}) MATCH (b:VaultNode {key: row.t})\n'
          + `MERGE (a)-[r:${cypherName(type)} {key: row.key}]->(b) SET r += row.props;`));
        b.add(`{s: ${cypherString(s)}, t: ${cypherString(t)}, key: ${cypherString(edge)}, props: ${props(a, EDGE_COLUMNS)}}`);
      },
    });
    for (const b of [...byKind.values(), ...byType.values()]) b.drain(write);
  } finally {
    for (const b of [...byKind.values(), ...byType.values()]) b.dispose();
  }
  write('\n');
}

/** Rows in UNWIND statements of BATCH rows each, every statement on lines of its own. */
class Batches {
  private rows = 0;
  constructor(private readonly text: TextBuffer, private readonly close: string) {}
  add(row: string): void {
    if (this.rows % BATCH === 0) {
      if (this.rows > 0) this.text.push(this.close);
      this.text.push('\nUNWIND [\n  ');
    } else this.text.push(',\n  ');
    this.text.push(row);
    this.rows++;
  }
  drain(write: Write): void {
    if (this.rows > 0) this.text.push(this.close);
    this.text.drain(write);
  }
  dispose(): void { this.text.dispose(); }
}
