// The one emitter of the graph JSON (graphology export format), streamed: no graphology graph and no
// giant string. The bytes equal JSON.stringify(graphJsonOf(model, detail)) + "\n" (graph-json.ts:
// `full` is graph.export() itself, `lean` the default). The build writes edges as the packed drafts
// are merged, into a Spool, since the nodes, which need every degree, come first in the file; watch
// mode writes its live model. `build --pretty` indents this stream (pretty-json.ts).

import type { VaultModel } from '../core/graph.ts';
import { graphJsonOf } from '../core/graph-json.ts';
import { edgeKey, GRAPH_OPTIONS, nodeAttributesJson, type GraphDetail } from '../core/model.ts';
import type { MergedEdge, MergeResult, PackedSink } from '../core/merge.ts';
import type { PackedDraft, SpecialEdge } from '../core/pack.ts';
import type { Chunk, Spool } from './spool.ts';
import { esc } from '../core/edge-json.ts';

const CHUNK = 1 << 22; // flush every ~4 M characters

/** What the node section needs of each note: its attributes JSON, kind and path. */
export type NoteNode = Pick<PackedDraft, 'json' | 'kind' | 'path'>;

const SOURCE = Buffer.from('{"source":"'), TARGET = Buffer.from('","target":"'), ATTRIBUTES = Buffer.from('","attributes":'), CLOSE = Buffer.from('}'), COMMA = Buffer.from(',');

/**
 * The edge section, comma-separated: full, the packed drafts' ready edges as they are; lean, each
 * one's attributes framed with its source and target keys (`keys`: by file index, as packed); and
 * the special edges the merge keys itself.
 */
export class EdgeSink implements PackedSink {
  private first = true;
  private source = '';
  private sourceBytes: Uint8Array = Buffer.alloc(0);
  private readonly keyBytes: Array<Uint8Array | undefined>;

  constructor(readonly spool: Spool, private readonly detail: GraphDetail, private readonly keys: readonly string[]) {
    this.keyBytes = new Array(keys.length);
  }

  ready = (source: string, target: number, b: Uint8Array): void => {
    const { spool } = this;
    if (this.detail === 'full') {
      if (this.first) { this.first = false; b = b.subarray(1); } // the packed edge's leading comma
      spool.push(b);
      return;
    }
    if (source !== this.source) { this.source = source; this.sourceBytes = Buffer.from(esc(source)); }
    if (this.first) this.first = false; else spool.push(COMMA);
    spool.push(SOURCE); spool.push(this.sourceBytes); spool.push(TARGET);
    spool.push((this.keyBytes[target] ??= Buffer.from(esc(this.keys[target]!))));
    spool.push(ATTRIBUTES); spool.push(b); spool.push(CLOSE);
  };

  special = ({ key, source, target, draft, suffixed }: MergedEdge<SpecialEdge>): void => {
    const s = esc(source), t = esc(target);
    const comma = this.first ? '' : ',';
    this.first = false;
    if (this.detail === 'lean') { this.spool.push(`${comma}{"source":"${s}","target":"${t}","attributes":${draft.json}}`); return; }
    const k = suffixed ? esc(key) : edgeKey(esc(draft.relation), s, t); // the escaped key is the key of the escaped parts
    this.spool.push(`${comma}{"key":"${k}","source":"${s}","target":"${t}","attributes":${draft.json}}`);
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

/** A model held in memory (watch mode's live vault), in the same bytes as the build's. */
export function writeModelJson(model: VaultModel, write: (s: Chunk) => void, detail: GraphDetail = 'lean'): void {
  const { nodes, edges } = graphJsonOf(model, detail);
  writeGraphJson(write, (item) => { for (const n of nodes) item(JSON.stringify(n)); }, (_write, item) => { for (const e of edges) item(JSON.stringify(e)); });
}
