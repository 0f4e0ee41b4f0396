// Text renderings for the terminal: diagnostics as clickable `file:line:col` lines, stats as a table.

import type { Stats } from '../query/analysis.ts';
import type { Diagnostic } from '../core/types.ts';

/** `01-博客/a.md:12:3: warning ambiguous-link: …` — editors and terminals make the location clickable. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.path}:${d.line}${d.column !== undefined ? `:${d.column}` : ''}: ${d.severity} ${d.code}: ${d.message}`;
}

/** Strip C0/C1 control characters (ANSI escapes in a file name or note must not drive the terminal). */
export function safeText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

export function formatStats(s: Stats): string {
  const lines: string[] = [];
  const n = s.nodes;
  lines.push(`notes       ${n.note + n.topic} (${n.topic} topic notes)`);
  lines.push(`attachments ${n.attachment} linked`);
  lines.push(`tags        ${n.tag}`);
  lines.push(`unresolved  ${n.unresolved} missing targets`);
  lines.push(`links       ${s.links.total} written: ${s.links.resolved} resolved (${s.links.ambiguous} ambiguous), ${s.links.unresolved} unresolved, ${s.links.self} self links`);
  lines.push(`edges       ${s.edges}`);
  lines.push('');
  lines.push('relation              edges  occurrences  written as');
  for (const [name, r] of Object.entries(s.relations)) {
    lines.push(`${name.padEnd(20)} ${String(r.edges).padStart(6)} ${String(r.occurrences).padStart(12)}  ${r.labels.join(', ')}`);
  }
  lines.push('');
  lines.push(`orphans     ${s.orphans.isolated} isolated, ${s.orphans['no-incoming']} never linked to, ${s.orphans['no-relation']} without any document relation, ${s.orphans['dead-ends']} dead ends (documents)`);
  if (s.hubs.length > 0) {
    lines.push('');
    lines.push('top hubs (incoming edges, tags excluded)');
    for (const h of s.hubs) lines.push(`${String(h.inDegree).padStart(6)}  ${h.node}${h.kind === 'topic' ? '  (topic)' : ''}`);
  }
  const codes = Object.entries(s.diagnostics);
  if (codes.length > 0) {
    lines.push('');
    lines.push('diagnostics');
    for (const [code, count] of codes) lines.push(`${String(count).padStart(6)}  ${code}`);
  }
  return lines.map(safeText).join('\n') + '\n';
}
