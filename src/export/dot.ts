// Graphviz DOT of a (local) graph. Node ids are `n0, n1…`; vault text only appears in quoted
// `label="…"` values, where `\` and `"` are escaped (`\\` also stops `\N`, `\G`, `\l` from being
// read as label escapes), newlines become `\n`, and other control characters spaces.

import type { VaultGraph } from '../core/graph.ts';

const SHAPE: Record<string, string> = { note: 'box', topic: 'ellipse', tag: 'hexagon', attachment: 'note', unresolved: 'box' };

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;

export function dotString(s: string): string {
  return `"${s.replace(/\r\n?/g, '\n').replace(CONTROL, ' ').replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}"`;
}

export function toDot(graph: VaultGraph, opts: { focus?: string; omitted?: number } = {}): string {
  const id = new Map(graph.nodes().map((n, i) => [n, `n${i}`]));
  const lines = ['digraph vault {', '  rankdir=LR;', '  node [fontname="sans-serif"]; edge [fontname="sans-serif", fontsize=10];'];
  graph.forEachNode((node, a) => {
    const extra = a.kind === 'unresolved' ? ', style=dashed' : node === opts.focus ? ', penwidth=3' : '';
    lines.push(`  ${id.get(node)} [label=${dotString(a.label)}, shape=${SHAPE[a.kind] ?? 'box'}, tooltip=${dotString(node)}${extra}];`);
  });
  graph.forEachEdge((_e, a, s, t) => {
    lines.push(`  ${id.get(s)} -> ${id.get(t)} [label=${dotString(a.label)}];`);
  });
  if (opts.omitted) lines.push(`  more [label=${dotString(`… ${opts.omitted} more nodes not shown`)}, shape=plaintext];`);
  lines.push('}');
  return lines.join('\n') + '\n';
}
