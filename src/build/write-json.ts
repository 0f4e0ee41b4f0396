// Stream the graph JSON (graphology export format) without building a graphology graph or one
// giant string. The bytes equal JSON.stringify(graph.export()). Edges are written as the packed
// drafts are merged, into a Spool, since the nodes, which need every degree, come first in the
// file; the nodes follow at the end.

import { GRAPH_OPTIONS } from '../core/graph.ts';
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
    const k = suffixed ? esc(key) : `${esc(draft.relation)}:${s}->${t}`;
    this.spool.push(`${this.first ? '' : ','}{"key":"${k}","source":"${s}","target":"${t}","attributes":${draft.json}}`);
    this.first = false;
  };
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
