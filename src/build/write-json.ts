// The one emitter of the graph JSON (graphology export format), streamed: no graphology graph and no
// giant string. The bytes equal JSON.stringify(graphJsonOf(model, detail)) + "\n" (graph-json.ts:
// `full` is graph.export() itself, `lean` the default). The build writes edges as the packed drafts
// are merged: lean, straight out (edges come first in its file); full, into a Spool, since there the
// nodes, which need every degree, come first. Watch mode writes its live model. `build --pretty`
// indents this stream (pretty-json.ts).

import type { VaultModel } from '../core/graph.ts';
import { graphJsonOf, leanNodeAttributesJson } from '../core/graph-json.ts';
import { degreesJsonTail, edgeKey, GRAPH_OPTIONS, type GraphDetail } from '../core/model.ts';
import type { MergedEdge, MergeResult, PackedSink } from '../core/merge.ts';
import type { PackedDraft, SpecialEdge } from '../core/pack.ts';
import type { Chunk, Spool } from './spool.ts';
import { esc } from '../core/edge-json.ts';


/** What the node section needs of each note: its attributes JSON, kind and path. */
export type NoteNode = Pick<PackedDraft, 'json' | 'kind' | 'path'>;

const COMMA = 0x2c, CLOSE = 0x7d; // `,` `}`
const BLOCK = 1 << 20;

/**
 * The edge section, comma-separated: full, the packed drafts' ready edges as they are; lean, each
 * one's `,"attributes":…` member (or none) framed with its source and target keys (`keys`: by file index, as packed); and
 * the special edges the merge keys itself. Gathered in a block of its own, copied byte by byte
 * (a million small edges: a view per piece would cost more than the copy), then spooled.
 */
export class EdgeSink implements PackedSink {
  private first = true;
  private source = '';
  /** `{"source":"S","target":"` of the current source. */
  private sourceBytes: Uint8Array = Buffer.alloc(0);
  /** Per file index: `T"`. */
  private readonly targetBytes: Array<Uint8Array | undefined>;
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  /** `out` takes each filled block (only valid during the call). */
  constructor(private readonly out: (b: Uint8Array) => void, private readonly detail: GraphDetail, private readonly keys: readonly string[]) {
    this.targetBytes = new Array(keys.length);
  }

  private room(n: number): void {
    if (this.used + n <= this.block.length) return;
    this.flush();
    if (n > this.block.length) this.block = Buffer.allocUnsafe(n);
  }

  /** Hand on what is gathered (serve's model marks where each note's edges start). */
  flush(): void {
    if (this.used > 0) this.out(this.block.subarray(0, this.used));
    this.used = 0;
  }

  private copy(b: Uint8Array, start = 0, end = b.length): void {
    const { block } = this;
    let at = this.used;
    if (end - start > 64) { block.set(start === 0 && end === b.length ? b : b.subarray(start, end), at); at += end - start; } // a whole frame: no view
    else for (let i = start; i < end; i++) block[at++] = b[i]!;
    this.used = at;
  }

  ready = (source: string, target: number, b: Uint8Array, start: number, end: number): void => {
    if (this.detail === 'full') {
      if (this.first) { this.first = false; start++; } // the packed edge's leading comma
      this.room(end - start);
      this.copy(b, start, end);
      return;
    }
    // The frame in two pieces made once: per source `{"source":"S","target":"`, per target `T"`.
    if (source !== this.source) { this.source = source; this.sourceBytes = Buffer.from(`{"source":"${esc(source)}","target":"`); }
    const t = (this.targetBytes[target] ??= Buffer.from(`${esc(this.keys[target]!)}"`));
    const s = this.sourceBytes;
    this.room(1 + s.length + t.length + (end - start) + 1);
    if (this.first) this.first = false; else this.block[this.used++] = COMMA;
    this.copy(s); this.copy(t);
    this.copy(b, start, end);
    this.block[this.used++] = CLOSE;
  };

  /** Per made node (missing target, tag, linked path) met by a special edge: `T"`. */
  private readonly madeBytes = new Map<string, Uint8Array>();

  special = ({ key, source, target, draft, suffixed }: MergedEdge<SpecialEdge>): void => {
    if (this.detail !== 'full') {
      // Lean: the same two frame pieces as ready edges, the target's made once per made node.
      if (source !== this.source) { this.source = source; this.sourceBytes = Buffer.from(`{"source":"${esc(source)}","target":"`); }
      let t = this.madeBytes.get(target);
      if (t === undefined) this.madeBytes.set(target, (t = Buffer.from(`${esc(target)}"`)));
      const s = this.sourceBytes, json = draft.json;
      this.room(1 + s.length + t.length + json.length * 3 + 1);
      if (this.first) this.first = false; else this.block[this.used++] = COMMA;
      this.copy(s); this.copy(t);
      this.used += this.block.write(json, this.used);
      this.block[this.used++] = CLOSE;
      return;
    }
    const s = esc(source), t = esc(target);
    const comma = this.first ? '' : ',';
    this.first = false;
    const k = this.detail === 'full' ? `"key":"${suffixed ? esc(key) : edgeKey(esc(draft.relation), s, t)}",` : ''; // the escaped key is the key of the escaped parts
    const text = `${comma}{${k}"source":"${s}","target":"${t}","attributes":${draft.json}}`;
    this.room(text.length * 3);
    this.used += this.block.write(text, this.used);
  };

  /** Hand on the last edges. */
  finish(): void {
    this.flush();
  }
}

const frame = (first: 'nodes' | 'edges') => `{"options":${JSON.stringify(GRAPH_OPTIONS)},"attributes":{},"${first}":[`;

/**
 * The file's opening, up to its first list: graph.export()'s order (nodes, then edges) in full; in
 * lean the edges come first, so the build streams them straight out as the notes are merged, and
 * the nodes, which need every degree, close the file (`Graph.from()` takes the keys in any order).
 */
export function graphJsonHead(detail: GraphDetail): string {
  return frame(detail === 'lean' ? 'edges' : 'nodes');
}

/**
 * Text written as UTF-8 straight into a block of bytes, handed on a block at a time (each block is
 * only valid during the call, as the edges' are): the build's node list without a string per node
 * for its whole entry or for the list (at 100k notes they cost the main thread ~230 MB of allocation
 * and a collection, at the end of the build, when nothing else runs), and a model's whole JSON.
 */
class ByteWriter {
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;
  private first = true;
  constructor(private readonly out: (b: Chunk) => void) {}
  /** `open`, then a comma-separated list whose items each start with item(). */
  list(open: string): void {
    this.text(open);
    this.first = true;
  }
  /** The next item of the list, or its first piece. */
  item(s: string): void {
    if (!this.first) this.text(',');
    this.first = false;
    this.text(s);
  }
  text(s: string): void {
    if (this.used + 3 * s.length > this.block.length) {
      this.flush();
      if (3 * s.length > this.block.length) this.block = Buffer.allocUnsafe(3 * s.length);
    }
    this.used += this.block.write(s, this.used);
  }
  /** Take back the last byte written (an ASCII character). */
  unwrite(): void { this.used--; }
  flush(): void {
    if (this.used > 0) this.out(this.block.subarray(0, this.used));
    this.used = 0;
  }
}

/**
 * Each node's entry, comma-separated, with its degrees from the merge: `{"key":K,"attributes":A}`,
 * A being the attributes JSON with the degrees in place of its closing `}` (nodeAttributesJson;
 * lean: made lean first, which leaves that `}` where it was).
 */
function eachNode(notes: ArrayLike<NoteNode>, m: MergeResult, lean: boolean, out: ByteWriter, isExcluded?: (p: string) => boolean): void {
  for (const { key, note, made } of m.nodes) {
    const n = note !== undefined ? notes[note]! : undefined;
    const json = n ? n.json : JSON.stringify(made);
    const kind = n ? n.kind : made!.kind;
    const path = n ? n.path : made!.path;
    out.item(`{"key":${JSON.stringify(key)},"attributes":`);
    out.text(lean ? leanNodeAttributesJson(key, kind, path, json) : json);
    out.unwrite(); // its `}`
    out.text(degreesJsonTail(kind, path, m.inDegree.get(key) ?? 0, m.outDegree.get(key) ?? 0, isExcluded));
    out.text('}');
  }
}

/**
 * The rest of the build's file, after the merge: full, the head, the nodes and the spooled edges;
 * lean (head and edges already written; no spool), the lean nodes.
 */
export function writeGraphTail(notes: ArrayLike<NoteNode>, m: MergeResult, spooled: Spool | undefined, write: (s: Chunk) => void, isExcluded?: (p: string) => boolean): void {
  const out = new ByteWriter(write);
  out.list(spooled ? frame('nodes') : '],"nodes":[');
  eachNode(notes, m, !spooled, out, isExcluded);
  if (spooled) {
    out.text('],"edges":[');
    out.flush();
    spooled.drain(write);
  }
  out.text(']}\n');
  out.flush();
}

/** A model held in memory (watch mode's live vault), in the same bytes as the build's. */
export function writeModelJson(model: VaultModel, write: (s: Chunk) => void, detail: GraphDetail = 'lean'): void {
  const json = graphJsonOf(model, detail);
  const out = new ByteWriter(write);
  const lists = detail === 'lean' ? (['edges', 'nodes'] as const) : (['nodes', 'edges'] as const);
  out.list(frame(lists[0]));
  for (const x of json[lists[0]]) out.item(JSON.stringify(x));
  out.list(`],"${lists[1]}":[`);
  for (const x of json[lists[1]]) out.item(JSON.stringify(x));
  out.text(']}\n');
  out.flush();
}
