// The vault's own written rules, configured in check (all off by default): required frontmatter
// per folder, no body H1 when the title is in frontmatter, no forbidden phrases outside code, notes
// only under the allowed top-level folders, and a blank line after each `##` heading (fixable).

import type { Note } from '../core/types.ts';
import { globMatcher, type ValueType } from './config.ts';
import type { CheckContext, RawFinding } from './context.ts';
import { noteText } from './text.ts';

/** Diagnostics after which a note's frontmatter is not known (frontmatter-invalid and file-problem say why). */
const NO_FRONTMATTER = new Set(['frontmatter-invalid', 'frontmatter-unclosed', 'frontmatter-not-mapping', 'frontmatter-js', 'read-error', 'binary-content', 'file-too-large']);

const TYPE_NAMES: Record<ValueType, string> = {
  string: 'non-empty text', date: 'a date YYYY-MM-DD', list: 'a non-empty list', link: 'a link "[[…]]" (or a list of links)',
};

export function frontmatterRequired(ctx: CheckContext): RawFinding[] {
  const reqs = ctx.config.require.map((r) => ({ ...r, matches: r.folder === undefined ? () => true : globMatcher([r.folder]) }));
  if (reqs.length === 0) return [];
  const out: RawFinding[] = [];
  for (const note of ctx.notes) {
    if (note.diagnostics.some((d) => NO_FRONTMATTER.has(d.code))) continue;
    for (const r of reqs) {
      if (!r.matches(note.path)) continue;
      const where = r.folder === undefined ? '' : ` in ${r.folder}`;
      for (const [key, type] of Object.entries(r.keys)) {
        if (!Object.hasOwn(note.frontmatter, key)) {
          out.push({ rule: 'frontmatter-required', path: note.path, line: 1, column: 1, message: `frontmatter has no "${key}" (required${where}: ${TYPE_NAMES[type]})` });
        } else if (!hasType(note.frontmatter[key], type)) {
          out.push({ rule: 'frontmatter-required', path: note.path, ...keyPosition(ctx, note, key),
            message: `frontmatter "${key}" is ${describe(note.frontmatter[key])}, not ${TYPE_NAMES[type]} (required${where})` });
        }
      }
    }
  }
  return out;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LINK = /^\s*!?(?:\[\[[^\]]+\]\]|\[[^\]]*\]\([^)]+\))\s*$/;

/** Does a frontmatter value (as js-yaml's core schema gives it: dates stay strings) have the type? */
export function hasType(v: unknown, type: ValueType): boolean {
  switch (type) {
    case 'string': return (typeof v === 'string' && v.trim() !== '') || (typeof v === 'number' && Number.isFinite(v));
    case 'date': {
      const m = typeof v === 'string' ? DATE.exec(v.trim()) : null;
      if (!m) return false;
      const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
      return d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!; // 2024-02-30 is not a date
    }
    case 'list': return Array.isArray(v) && v.length > 0;
    case 'link': return (typeof v === 'string' && LINK.test(v)) || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && LINK.test(x)));
  }
}

function describe(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'empty';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '…' : s;
}

/** The line of a top-level key in the frontmatter (`key:` or `"key":`), else line 1. */
function keyPosition(ctx: CheckContext, note: Note, key: string): { line: number; column: number } {
  const text = noteText(ctx, note);
  if (!text) return { line: 1, column: 1 };
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^(?:${escaped}|"${escaped}"|'${escaped}')\\s*:`);
  for (let i = 1; i < text.bodyStart; i++) if (re.test(text.lines[i]!)) return { line: i + 1, column: 1 };
  return { line: 1, column: 1 };
}

export function bodyTitleHeading(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const note of ctx.notes) {
    const title = note.frontmatter.title;
    if (typeof title !== 'string' || title.trim() === '') continue;
    for (const h of note.headings) {
      if (h.level !== 1) continue;
      out.push({ rule: 'body-title-heading', path: note.path, line: h.line, column: 1,
        message: `the body has the H1 heading "# ${h.text}" but the title is in frontmatter ("${title.trim()}"): remove the heading` });
    }
  }
  return out;
}

export function forbiddenText(ctx: CheckContext): RawFinding[] {
  const phrases = ctx.config.forbid;
  if (phrases.length === 0) return [];
  const out: RawFinding[] = [];
  for (const note of ctx.notes) {
    const text = noteText(ctx, note);
    if (!text || !phrases.some((p) => text.text.includes(p))) continue; // most notes: no masking needed
    text.masked().forEach((line, i) => {
      for (const phrase of phrases) {
        for (let at = line.indexOf(phrase); at !== -1; at = line.indexOf(phrase, at + phrase.length)) {
          out.push({ rule: 'forbidden-text', path: note.path, line: i + 1, column: at + 1, message: `"${phrase}" is a forbidden phrase (check.forbid)` });
        }
      }
    });
  }
  return out;
}

export function allowedRoots(ctx: CheckContext): RawFinding[] {
  const roots = ctx.config.allowedRoots;
  if (roots.length === 0) return [];
  const allowed = globMatcher(roots);
  return ctx.notes.filter((n) => !allowed(n.path)).map((n) => ({ rule: 'allowed-roots', path: n.path, line: 1, column: 1,
    message: `${n.path} is outside the allowed top-level folders (${roots.join(', ')})` }));
}

/** `##` only: the users' rule (and their normalize_h2_spacing script) is about second-level headings. */
export function headingSpacing(ctx: CheckContext): RawFinding[] {
  const out: RawFinding[] = [];
  for (const note of ctx.notes) {
    if (!note.headings.some((h) => h.level === 2)) continue;
    const text = noteText(ctx, note);
    if (!text) continue;
    for (const h of note.headings) {
      const line = text.lines[h.line - 1];
      const next = text.lines[h.line];
      if (h.level !== 2 || line === undefined || next === undefined || next.trim() === '') continue;
      out.push({ rule: 'heading-spacing', path: note.path, line: h.line, column: line.length + 1,
        message: `"## ${h.text}" is not followed by a blank line`,
        fix: { line: h.line, column: 1, before: line, after: `${line}\n` } });
    }
  }
  return out;
}
