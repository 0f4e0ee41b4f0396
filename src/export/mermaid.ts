// Mermaid flowchart of a (local) graph, to paste into Markdown. Node ids are `n0, n1…`, so vault
// text only ever appears inside `"…"` labels, where Mermaid reads entity codes: `"` `#` `<` `>` `&`
// and backtick (which would start a Markdown string) are written as `#quot;` `#35;`…, and newlines
// and control characters as spaces. Edge labels are the vault's own words (`引用`, `关联主题`, `up`).

import type { VaultGraph } from '../core/graph.ts';

const SHAPE: Record<string, [string, string]> = {
  note: ['["', '"]'], topic: ['(["', '"])'], tag: ['{{"', '"}}'], attachment: ['[/"', '"/]'], unresolved: ['["', '"]'],
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

export function mermaidText(s: string): string {
  return s.replace(CONTROL, ' ').replace(/[#"<>&`]/g, (c) => `#${c.charCodeAt(0)};`);
}

export function toMermaid(graph: VaultGraph, opts: { focus?: string; omitted?: number } = {}): string {
  const id = new Map(graph.nodes().map((n, i) => [n, `n${i}`]));
  const lines = ['flowchart LR'];
  graph.forEachNode((node, a) => {
    const [open, close] = SHAPE[a.kind] ?? SHAPE.note!;
    lines.push(`  ${id.get(node)}${open}${mermaidText(a.label)}${close}`);
  });
  graph.forEachEdge((_e, a, s, t) => {
    lines.push(`  ${id.get(s)} -->|"${mermaidText(a.label)}"| ${id.get(t)}`);
  });
  if (opts.omitted) lines.push(`  more["… ${opts.omitted} more nodes not shown"]`, '  style more stroke-dasharray: 5 5');
  const unresolved = graph.filterNodes((_n, a) => a.kind === 'unresolved').map((n) => id.get(n));
  if (unresolved.length > 0) lines.push(`  classDef missing stroke-dasharray: 3 3`, `  class ${unresolved.join(',')} missing`);
  if (opts.focus !== undefined && id.has(opts.focus)) lines.push(`  style ${id.get(opts.focus)} stroke-width:3px`);
  return lines.join('\n') + '\n';
}
