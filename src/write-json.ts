// Stream the graph JSON (graphology export format) from frozen drafts, chunk by chunk, without
// building a graphology graph or one giant string. The bytes equal JSON.stringify(graph.export()).

import { GRAPH_OPTIONS } from './graph.ts';
import type { FrozenDraft, FrozenEdge } from './frozen.ts';
import type { Merged } from './merge.ts';

const CHUNK = 1 << 22; // flush every ~4 MB of text

export function writeGraphJson(drafts: readonly FrozenDraft[], m: Merged<FrozenEdge>, write: (s: string) => void, isExcluded?: (p: string) => boolean): void {
  let buf = `{"options":${JSON.stringify(GRAPH_OPTIONS)},"attributes":{},"nodes":[`;
  const push = (s: string) => {
    buf += s;
    if (buf.length >= CHUNK) { write(buf); buf = ''; }
  };
  m.nodes.forEach(({ key, note, made }, i) => {
    const json = note !== undefined ? drafts[note]!.json : JSON.stringify(made);
    const kind = note !== undefined ? drafts[note]!.kind : made!.kind;
    const path = note !== undefined ? drafts[note]!.path : made!.path;
    const excluded = isExcluded && (kind === 'note' || kind === 'topic' || kind === 'attachment') && isExcluded(path);
    push(`${i ? ',' : ''}{"key":${JSON.stringify(key)},"attributes":${json.slice(0, -1)},"inDegree":${m.inDegree.get(key) ?? 0},"outDegree":${m.outDegree.get(key) ?? 0}${excluded ? ',"excluded":true' : ''}}}`);
  });
  push('],"edges":[');
  // Node keys are written once per edge end: escape each once (JSON.stringify without its quotes).
  const escaped = new Map<string, string>();
  const esc = (k: string) => {
    let e = escaped.get(k);
    if (e === undefined) escaped.set(k, (e = JSON.stringify(k).slice(1, -1)));
    return e;
  };
  m.edges.forEach(({ key, source, target, draft, suffixed }, i) => {
    const s = esc(source), t = esc(target);
    const k = suffixed ? esc(key) : `${esc(draft.relation)}:${s}->${t}`;
    push(`${i ? ',' : ''}{"key":"${k}","source":"${s}","target":"${t}","attributes":${draft.json}}`);
  });
  write(buf + ']}\n');
}
