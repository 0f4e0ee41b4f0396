// `vaultgraph diff` output: text for the terminal, the JSON contract, a Markdown pull-request comment,
// and GitHub workflow annotations on the lines that changed. Pure: a VaultDiff in, a string out.

import { ghData, ghProperty } from '../check/format.ts';
import type { DiffBroken, DiffEdge, VaultDiff } from '../query/diff.ts';
import { safeText } from './format.ts';

export type DiffFormat = 'text' | 'json' | 'markdown' | 'github';
export const DIFF_FORMATS: readonly DiffFormat[] = ['text', 'json', 'markdown', 'github'];

/** How a note's file is shown (relative to the working directory, for clicking and annotations). */
export type ShowPath = (vaultPath: string) => string;

/** The JSON contract of `diff --json` (see docs/diff.md); `topics` and `edges.changed` are extras. */
export function formatDiffJson(d: VaultDiff): string {
  const edge = (e: DiffEdge) => ({ source: e.source, target: e.target, relation: e.relation, description: e.description });
  const broken = (b: DiffBroken) => ({ source: b.source, target: b.target, line: b.line ?? null });
  return JSON.stringify({
    notes: d.notes,
    edges: {
      added: d.edges.added.map(edge), removed: d.edges.removed.map(edge),
      changed: d.edges.changed.map(({ source, target, relation, before, after }) => ({ source, target, relation, before, after })),
    },
    broken: { added: d.broken.added.map(broken), fixed: d.broken.fixed.map(broken) },
    orphans: d.orphans,
    topics: d.topics,
  }, null, 2) + '\n';
}

/** Per relation: "cites +2 −1". */
function perRelation(d: VaultDiff): string {
  const m = new Map<string, [number, number]>();
  for (const e of d.edges.added) (m.get(e.relation) ?? m.set(e.relation, [0, 0]).get(e.relation)!)[0]++;
  for (const e of d.edges.removed) (m.get(e.relation) ?? m.set(e.relation, [0, 0]).get(e.relation)!)[1]++;
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([r, [a, x]]) => `${r}${a ? ` +${a}` : ''}${x ? ` −${x}` : ''}`).join(', ');
}

export function summaryLine(d: VaultDiff): string {
  return `notes +${d.notes.added.length} −${d.notes.removed.length} ~${d.notes.renamed.length} renamed; `
    + `edges +${d.edges.added.length} −${d.edges.removed.length}${d.edges.changed.length ? ` (${d.edges.changed.length} 说明 changed)` : ''}; `
    + `broken links +${d.broken.added.length} (${d.broken.fixed.length} fixed); orphans +${d.orphans.added.length} −${d.orphans.removed.length}`;
}

const arrow = (e: { source: string; target: string; relation: string }) => `${e.source} —${e.relation}→ ${e.target}`;

export function formatDiffText(d: VaultDiff): string {
  const out: string[] = [];
  const section = (title: string, lines: string[]) => { if (lines.length) out.push(title, ...lines.map((l) => `  ${l}`), ''); };
  section('notes', [...d.notes.added.map((k) => `+ ${k}`), ...d.notes.removed.map((k) => `− ${k}`), ...d.notes.renamed.map(([a, b]) => `~ ${a} → ${b}`)]);
  section(`edges (${perRelation(d)})`, [
    ...d.edges.added.map((e) => `+ ${arrow(e)}${e.description ? `  “${e.description}”` : ''}`),
    ...d.edges.removed.map((e) => `− ${arrow(e)}`),
    ...d.edges.changed.map((e) => `~ ${arrow(e)}: “${e.before ?? ''}” → “${e.after ?? ''}”`),
  ]);
  section('broken links', [...d.broken.added.map((b) => `+ ${b.source}${b.line !== undefined ? `:${b.line}` : ''} → ${b.target}`), ...d.broken.fixed.map((b) => `fixed ${b.source} → ${b.target}`)]);
  section('orphans', [...d.orphans.added.map((k) => `+ ${k}`), ...d.orphans.removed.map((k) => `− ${k} (now linked)`)]);
  section('topics', d.topics.map((t) => `${t.topic}: ${[...t.added.map((k) => `+${k}`), ...t.removed.map((k) => `−${k}`)].join(' ')}`));
  out.push(summaryLine(d));
  return out.map(safeText).join('\n') + '\n';
}

/** Markdown-inert text: notes are untrusted, and a PR comment must not gain links, HTML or @-mentions from them. */
export function mdText(s: string): string {
  return safeText(s).replace(/[\\`*_{}[\]()#+!|~<>&@-]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '@' ? '&#64;' : `\\${c}`))
    .replace(/\r?\n/g, ' ');
}

/** Lists longer than this fold into a <details> block in the comment. */
const FOLD = 15;

export function formatDiffMarkdown(d: VaultDiff, title = 'vaultgraph diff'): string {
  const out: string[] = [`### ${mdText(title)}`, ''];
  const c = (n: number) => String(n);
  out.push('| | added | removed |', '|---|---:|---:|');
  out.push(`| notes | ${c(d.notes.added.length)} | ${c(d.notes.removed.length)} |`);
  out.push(`| edges | ${c(d.edges.added.length)} | ${c(d.edges.removed.length)} |`);
  out.push(`| broken links | ${c(d.broken.added.length)} | ${c(d.broken.fixed.length)} fixed |`);
  out.push(`| orphans | ${c(d.orphans.added.length)} | ${c(d.orphans.removed.length)} |`);
  out.push('');
  const list = (title: string, items: string[]) => {
    if (!items.length) return;
    const body = items.map((i) => `- ${i}`);
    if (items.length > FOLD) out.push(`<details><summary>${title} (${items.length})</summary>`, '', ...body, '', '</details>', '');
    else out.push(`**${title}**`, '', ...body, '');
  };
  const k = (key: string) => mdText(key);
  const edge = (e: { source: string; target: string; relation: string }) => `${k(e.source)} —**${mdText(e.relation)}**→ ${k(e.target)}`;
  list('Broken links (new)', d.broken.added.map((b) => `:x: ${k(b.source)}${b.line !== undefined ? ` line ${b.line}` : ''} → ${k(b.target)}`));
  list('Broken links fixed', d.broken.fixed.map((b) => `${k(b.source)} → ${k(b.target)}`));
  list('Notes added', d.notes.added.map(k));
  list('Notes removed', d.notes.removed.map(k));
  list('Notes renamed', d.notes.renamed.map(([a, b]) => `${k(a)} → ${k(b)}`));
  list('Relations added', d.edges.added.map((e) => `${edge(e)}${e.description ? ` — ${mdText(e.description)}` : ''}`));
  list('Relations removed', d.edges.removed.map(edge));
  list('说明 changed', d.edges.changed.map((e) => `${edge(e)}: ${mdText(e.before ?? '')} → ${mdText(e.after ?? '')}`));
  list('New orphans', d.orphans.added.map(k));
  list('No longer orphaned', d.orphans.removed.map(k));
  list('Topic membership', d.topics.map((t) => `${k(t.topic)}: ${[...t.added.map((x) => `+${k(x)}`), ...t.removed.map((x) => `−${k(x)}`)].join(', ')}`));
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}

/**
 * GitHub workflow annotations on the new side's lines: new broken links and new orphans as
 * warnings, relations added, removed or re-described as notices (a removed relation is marked on
 * its note's first line, or skipped when the note is gone).
 */
export function formatDiffGithub(d: VaultDiff, show: ShowPath): string {
  const out: string[] = [];
  const gone = new Set(d.notes.removed);
  // Without a line (a side read from a lean graph JSON) the annotation is on the file.
  const put = (level: 'warning' | 'notice', path: string, line: number | undefined, title: string, message: string) =>
    out.push(`::${level} file=${ghProperty(show(path))}${line !== undefined ? `,line=${line}` : ''},title=${ghProperty(title)}::${ghData(message)}\n`);
  for (const b of d.broken.added) put('warning', b.path, b.line, 'broken link', `${b.source} links to "${b.target}", which does not exist`);
  for (const k of d.orphans.added) put('warning', d.paths[k] ?? k, 1, 'new orphan', `no other note links to ${k}`);
  for (const e of d.edges.added) put('notice', e.path, e.line, `${e.relation} added`, `${arrow(e)}${e.description ? `: ${e.description}` : ''}`);
  for (const e of d.edges.changed) put('notice', e.path, e.line, `${e.relation} 说明 changed`, `${arrow(e)}: "${e.before ?? ''}" → "${e.after ?? ''}"`);
  for (const e of d.edges.removed) {
    if (gone.has(e.source)) continue;
    put('notice', d.paths[e.source] ?? e.path, 1, `${e.relation} removed`, arrow(e));
  }
  return out.join('');
}
