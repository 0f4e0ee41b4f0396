// Rules over single links: broken links and subpaths, alias-only links, the 相关文档 item convention,
// 关联主题 links outside the topic folder, merged topic names. Each rule: context → findings.

import { noteId } from '../core/paths.ts';
import { buildIndex, resolveLink, type ResolverIndex } from '../core/resolve.ts';
import type { Resolution } from '../core/types.ts';
import { shown, type CheckContext, type Edit, type LinkFact, type RawFinding } from './context.ts';
import { missingSubpath } from './subpath.ts';

const at = (f: LinkFact) => ({ path: f.note.path, line: f.link.line, column: f.link.column });

/** Diagnostics that mean a note's headings and blocks were never read: its subpaths cannot be judged. */
const UNPARSED = new Set(['read-error', 'binary-content', 'file-too-large']);

export function brokenLink(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const f of ctx.links) {
    if (f.res.kind !== 'missing') continue;
    // A more specific rule that is on takes the link (and says more about it).
    if (f.relatedItem && ctx.enabled('related-dangling')) continue;
    if (ctx.enabled('alias-only-link') && aliasResolution(ctx, f)) continue;
    if (ctx.enabled('topic-alias') && topicAliasOf(ctx, f)) continue;
    out.push({ rule: 'broken-link', ...at(f), message: `${shown(f.link)}: "${f.link.target}" does not exist in the vault` });
  }
  return out;
}

export function aliasOnlyLink(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const f of ctx.links) {
    const r = f.res.kind === 'missing' ? aliasResolution(ctx, f) : undefined;
    if (!r) continue;
    const to = noteId(r.path);
    const also = r.kind === 'ambiguous' ? ` (also an alias of ${r.candidates.slice(1).join(', ')})` : '';
    out.push({ rule: 'alias-only-link', ...at(f),
      message: `${shown(f.link)} is unresolved in Obsidian; only the alias "${f.link.target}" of ${r.path}${also} would resolve it: write [[${to}|${f.link.target}]]` });
  }
  return out;
}

export function brokenSubpath(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const f of ctx.links) {
    const sub = f.link.subpath;
    if (sub === undefined || f.target === undefined || !/\.md$/i.test(f.target)) continue;
    const note = ctx.noteByPath.get(f.target);
    if (!note || note.diagnostics.some((d) => UNPARSED.has(d.code))) continue;
    const missing = missingSubpath(note, sub);
    if (missing === undefined) continue;
    const what = missing.startsWith('^') ? `block ${missing}` : `heading "${missing}"`;
    out.push({ rule: 'broken-subpath', ...at(f), message: `${shown(f.link)}: ${f.target} has no ${what}` });
  }
  return out;
}

export function relatedDangling(ctx: CheckContext): RawFinding[] {
  return ctx.links.filter((f) => f.relatedItem && f.res.kind === 'missing').map((f) => ({
    rule: 'related-dangling', ...at(f), message: `相关文档 item ${shown(f.link)} points to "${f.link.target}", which does not exist`,
  }));
}

export function relatedDuplicate(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  const seen = new Map<string, number>(); // note path + target → line of the first item
  for (const f of ctx.links) {
    if (!f.relatedItem || f.res.kind === 'self') continue;
    const key = `${f.note.path}\n${(f.target ?? `?${f.link.target}`).toLowerCase()}`;
    const first = seen.get(key);
    if (first === undefined) { seen.set(key, f.link.line); continue; }
    out.push({ rule: 'related-duplicate', ...at(f), message: `${shown(f.link)} is already listed in 相关文档 on line ${first}` });
  }
  return out;
}

/** `关联理由`, `说明`… but not `Reason`: full-width punctuation is a CJK-text convention. */
const NON_ASCII = /[^\x00-\x7f]/;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The structural separators of an item tail in full width; the description text is not touched.
 *   `; 关联理由: 引用; 说明: a: b` → `； 关联理由： 引用； 说明： a: b`
 */
export function fullWidthSeparators(tail: string, reasonLabels: readonly string[], descriptionLabels: readonly string[]): string {
  const reasons = reasonLabels.filter((l) => NON_ASCII.test(l)).map(escape);
  const descs = descriptionLabels.filter((l) => NON_ASCII.test(l)).map(escape);
  if (reasons.length === 0) return tail;
  const d = descs.length > 0 ? `(?:([;；]\\s*)(${descs.join('|')})(\\s*[:：]))?` : '';
  const shape = new RegExp(`^(\\s*[;；]?\\s*)(${reasons.join('|')})(\\s*[:：]\\s*)([^;；]*)${d}`);
  const m = shape.exec(tail);
  if (!m) return tail;
  const full = (s: string | undefined) => (s ?? '').replace(/;/g, '；').replace(/:/g, '：');
  const head = full(m[1]) + m[2] + full(m[3]) + m[4] + (m[5] !== undefined ? full(m[5]) + m[6] + full(m[7]) : '');
  return head + tail.slice(m[0].length);
}

export function relatedHalfwidth(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  const { reasonLabels, descriptionLabels } = ctx.options;
  for (const f of ctx.links) {
    const tail = f.link.tail;
    if (!f.relatedItem || tail === undefined || !/[;:]/.test(tail)) continue;
    const fixed = fullWidthSeparators(tail, reasonLabels, descriptionLabels);
    if (fixed === tail) continue;
    let i = 0;
    while (tail[i] === fixed[i]) i++;
    const column = f.link.column + f.link.raw.length;
    out.push({ rule: 'related-halfwidth', path: f.note.path, line: f.link.line, column: column + i,
      message: `相关文档 item ${shown(f.link)} uses half-width "${tail[i]}"; write "${fixed[i]}"`,
      fix: { line: f.link.line, column, before: tail, after: fixed } });
  }
  return out;
}

export function topicOutsideFolder(ctx: CheckContext): RawFinding[] {
  const folder = ctx.options.topicFolder.toLowerCase();
  if (folder === '') return [];
  return ctx.links
    .filter((f) => f.topicSection && f.res.kind !== 'self' && f.target !== undefined && !f.target.toLowerCase().startsWith(folder))
    .map((f) => ({ rule: 'topic-outside-folder', ...at(f),
      message: `${shown(f.link)} under a topic heading points to ${f.target}, outside the topic folder ${ctx.options.topicFolder}` }));
}

export function topicAlias(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const f of ctx.links) {
    const hit = topicAliasOf(ctx, f);
    if (!hit) continue;
    const fix = renameFix(ctx, f, hit.from, hit.to);
    out.push({ rule: 'topic-alias', ...at(f), ...(fix && { fix }),
      message: `${shown(f.link)} links to topic "${hit.from}", which was merged into "${hit.to}": write [[${ctx.options.topicFolder}${hit.to}]]` });
  }
  return out;
}

/** The (old → new) topicAliases entry a link's target falls under: its file, or the path as written when missing. */
export function topicAliasOf(ctx: CheckContext, f: LinkFact): { from: string; to: string } | undefined {
  const folder = ctx.options.topicFolder;
  if (folder === '' || Object.keys(ctx.config.topicAliases).length === 0 || f.res.kind === 'self') return undefined;
  const p = f.target ?? f.link.target.replace(/^\//, '');
  if (!p.toLowerCase().startsWith(folder.toLowerCase())) return undefined;
  const from = p.slice(folder.length).replace(/\.md$/i, '');
  return Object.hasOwn(ctx.config.topicAliases, from) ? { from, to: ctx.config.topicAliases[from]! } : undefined;
}

/**
 * The rename as an edit of the wikilink, only when certain: the linkpath is written plainly (no
 * table escape, NFC), ends with the old name at a folder boundary, and the new linkpath resolves
 * from this note to the new topic note. `[[00-元语/memo|m]]` → `[[00-元语/memory|m]]`.
 */
function renameFix(ctx: CheckContext, f: LinkFact, from: string, to: string): Edit | undefined {
  const { raw } = f.link;
  if (f.link.syntax !== 'wiki') return undefined;
  const open = raw.indexOf('[[');
  const close = raw.lastIndexOf(']]');
  if (open === -1 || close < open + 2) return undefined;
  const inner = raw.slice(open + 2, close);
  const stop = inner.search(/[#|]/);
  const written = stop === -1 ? inner : inner.slice(0, stop);
  const core = written.trim();
  if (written.endsWith('\\') || core !== f.link.target) return undefined;
  const ext = /\.md$/i.exec(core)?.[0] ?? '';
  const stem = core.slice(0, core.length - ext.length);
  const cut = stem.length - from.length;
  if (cut < 0 || stem.slice(cut).toLowerCase() !== from.toLowerCase() || (cut > 0 && stem[cut - 1] !== '/')) return undefined;
  const next = stem.slice(0, cut) + to + ext;
  const res = resolveLink(next, f.note.path, ctx.index);
  const wanted = `${ctx.options.topicFolder}${to}.md`.toLowerCase();
  if (res.kind !== 'resolved' || res.path.toLowerCase() !== wanted) return undefined;
  const i = written.indexOf(core);
  const after = raw.slice(0, open + 2) + written.slice(0, i) + next + written.slice(i + core.length) + inner.slice(written.length) + raw.slice(close);
  return { line: f.link.line, column: f.link.column, before: raw, after };
}

const aliasIndexes = new WeakMap<CheckContext, ResolverIndex>();

/** How a missing link would resolve through aliases (non-Obsidian), or undefined. */
function aliasResolution(ctx: CheckContext, f: LinkFact): Extract<Resolution, { path: string }> | undefined {
  let index = aliasIndexes.get(ctx);
  if (!index) {
    index = buildIndex([...ctx.notes.map((n) => n.path), ...ctx.attachments].sort(), new Map(ctx.notes.map((n) => [n.path, n.aliases])));
    aliasIndexes.set(ctx, index);
  }
  const r = resolveLink(f.link.target, f.note.path, index, true);
  return r.kind === 'resolved' || r.kind === 'ambiguous' ? r : undefined;
}
