// The one emitter of the graph JSON (graphology export format), streamed: no graphology graph and no
// giant string. The bytes equal JSON.stringify(graph.export()) + "\n". The build writes edges as the
// packed drafts are merged, into a Spool, since the nodes, which need every degree, come first in
// the file; watch mode writes its live model. `build --pretty` indents this stream (pretty-json.ts).

import type { VaultModel } from '../core/graph.ts';
import { edgeKey, GRAPH_OPTIONS, nodeAttributesJson } from '../core/model.ts';
import type { MergedEdge, MergeResult } from '../core/merge.ts';
import type { PackedDraft, SpecialEdge } from '../core/pack.ts';
import type { Chunk, Spool } from './spool.ts';
import { esc } from '../core/edge-json.ts';

const CHUNK = 1 << 22; // flush every ~4 M characters

/** What the node section needs of each note: its attributes JSON, kind and path. */
export type NoteNode = Pick<PackedDraft, 'json' | 'kind' | 'path'>;

/**
 * The edge section: the packed drafts' ready bytes and the special edges the merge keys itself,
 * each written as `,{…}`, the comma of the very first edge dropped.
 */
export class EdgeSink {
  private first = true;
  constructor(readonly spool: Spool) {}

  bytes = (b: Uint8Array): void => {
    if (b.length === 0) return;
    if (this.first) { this.first = false; b = b.subarray(1); }
    this.spool.push(b);
  };

  special = ({ key, source, target, draft, suffixed }: MergedEdge<SpecialEdge>): void => {
    const s = esc(source), t = esc(target);
    const k = suffixed ? esc(key) : edgeKey(esc(draft.relation), s, t); // the escaped key is the key of the escaped parts
    this.spool.push(`${this.first ? '' : ','}{"key":"${k}","source":"${s}","target":"${t}","attributes":${draft.json}}`);
    this.first = false;
  };
}


/** Items of a JSON list, comma-separated, gathered into chunks of ~4 M characters. */
class ListWriter {
  private buf = '';
  private first = true;
  constructor(private readonly write: (s: Chunk) => void) {}
  item(json: string): void {
    this.buf += this.first ? json : `,${json}`;
    this.first = false;
    if (this.buf.length >= CHUNK) this.flush();
  }
  raw(s: string): void { this.buf += s; }
  flush(): void { if (this.buf) { this.write(this.buf); this.buf = ''; } }
}

/**
 * The file's frame: `{"options":…,"attributes":{},"nodes":[` the nodes `],"edges":[` the edges
 * `]}` and a newline. `nodes` gives each node's JSON to `item`; `edges` writes the edge section
 * (comma-separated already) through `write`, or its items through `item`.
 */
function writeGraphJson(write: (s: Chunk) => void, nodes: (item: (json: string) => void) => void, edges: (write: (s: Chunk) => void, item: (json: string) => void) => void): void {
  const out = new ListWriter(write);
  out.raw(`{"options":${JSON.stringify(GRAPH_OPTIONS)},"attributes":{},"nodes":[`);
  nodes((json) => out.item(json));
  out.raw('],"edges":[');
  const items = new ListWriter(write);
  out.flush();
  edges(write, (json) => items.item(json));
  items.flush();
  write(']}\n');
}

/** The build's file: nodes (with degrees) from the merge, then the spooled edges. */
export function writeGraphFile(notes: ArrayLike<NoteNode>, m: MergeResult, edges: Spool, write: (s: Chunk) => void, isExcluded?: (p: string) => boolean): void {
  writeGraphJson(write, (item) => {
    for (const { key, note, made } of m.nodes) {
      const n = note !== undefined ? notes[note]! : undefined;
      const json = n ? n.json : JSON.stringify(made);
      const kind = n ? n.kind : made!.kind;
      const path = n ? n.path : made!.path;
      item(`{"key":${JSON.stringify(key)},"attributes":${nodeAttributesJson(json, kind, path, m.inDegree.get(key) ?? 0, m.outDegree.get(key) ?? 0, isExcluded)}}`);
    }
  }, (write) => edges.drain(write));
}

/** A model held in memory (watch mode's live vault), in the same bytes. */
export function writeModelJson(model: VaultModel, write: (s: Chunk) => void): void {
  writeGraphJson(write, (item) => { for (const n of model.nodes) item(JSON.stringify(n)); }, (_write, item) => { for (const e of model.edges) item(JSON.stringify(e)); });
}
