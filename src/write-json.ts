// Stream the graph JSON (graphology export format) from frozen drafts, chunk by chunk, without
// building a graphology graph or one giant string. The bytes equal JSON.stringify(graph.export()).
// Edges are written as their drafts are merged (into a Spool, since the nodes, which need every
// degree, come first in the file); the nodes follow at the end.

import { GRAPH_OPTIONS } from './graph.ts';
import type { FrozenDraft, FrozenEdge } from './frozen.ts';
import type { Merged, MergedEdge, MergeResult } from './merge.ts';
import { Spool, type Chunk } from './spool.ts';

const CHUNK = 1 << 22; // flush every ~4 M characters

/** What the node section needs of each note: its attributes JSON, kind and path. */
export type NoteNode = Pick<FrozenDraft, 'json' | 'kind' | 'path'>;

/** Edge objects as JSON text, in merge order, with the separators between them. */
export class EdgeJsonWriter {
  private buf = '';
  private first = true;
  // Node keys are written once per edge end: escape each once (JSON.stringify without its quotes).
  private readonly escaped = new Map<string, string>();

  constructor(private readonly out: Spool) {}

  private esc(k: string): string {
    let e = this.escaped.get(k);
    if (e === undefined) this.escaped.set(k, (e = JSON.stringify(k).slice(1, -1)));
    return e;
  }

  add({ key, source, target, draft, suffixed }: MergedEdge<FrozenEdge>): void {
    const s = this.esc(source), t = this.esc(target);
    const k = suffixed ? this.esc(key) : `${this.esc(draft.relation)}:${s}->${t}`;
    this.buf += `${this.first ? '' : ','}{"key":"${k}","source":"${s}","target":"${t}","attributes":${draft.json}}`;
    this.first = false;
    if (this.buf.length >= CHUNK) { this.out.push(this.buf); this.buf = ''; }
  }

  end(): Spool {
    if (this.buf) this.out.push(this.buf);
    this.buf = '';
    return this.out;
  }
}

/** The whole file: header, nodes (with degrees), then the spooled edges. */
export function writeGraphFile(notes: ArrayLike<NoteNode>, m: MergeResult, edges: Spool, write: (s: Chunk) => void, isExcluded?: (p: string) => boolean): void {
  let buf = `{"options":${JSON.stringify(GRAPH_OPTIONS)},"attributes":{},"nodes":[`;
  const push = (s: string) => {
    buf += s;
    if (buf.length >= CHUNK) { write(buf); buf = ''; }
  };
  m.nodes.forEach(({ key, note, made }, i) => {
    const n = note !== undefined ? notes[note]! : undefined;
    const json = n ? n.json : JSON.stringify(made);
    const kind = n ? n.kind : made!.kind;
    const path = n ? n.path : made!.path;
    const excluded = isExcluded && (kind === 'note' || kind === 'topic' || kind === 'attachment') && isExcluded(path);
    push(`${i ? ',' : ''}{"key":${JSON.stringify(key)},"attributes":${json.slice(0, -1)},"inDegree":${m.inDegree.get(key) ?? 0},"outDegree":${m.outDegree.get(key) ?? 0}${excluded ? ',"excluded":true' : ''}}}`);
  });
  write(buf + '],"edges":[');
  edges.drain(write);
  write(']}\n');
}

/** Everything at once, from merged drafts held in memory (tests, benchmarks). */
export function writeGraphJson(drafts: readonly FrozenDraft[], m: Merged<FrozenEdge>, write: (s: Chunk) => void, isExcluded?: (p: string) => boolean): void {
  const edges = new EdgeJsonWriter(new Spool());
  for (const e of m.edges) edges.add(e);
  writeGraphFile(drafts, m, edges.end(), write, isExcluded);
}
