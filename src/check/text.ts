// A note's text for the rules that read more than the parsed Note (forbidden-text, heading-spacing,
// frontmatter-required's key lines): its lines, the same lines with code masked as the link parser
// masks them, and where the body starts. Read once per check run through CheckInput.readText.

import { splitFrontmatter } from '../core/parse/frontmatter.ts';
import { maskBody } from '../core/parse/mask.ts';
import { normaliseText } from '../core/parse/note.ts';
import type { Note } from '../core/types.ts';
import type { CheckContext } from './context.ts';

export interface NoteText {
  /** The file's lines (no BOM; any line break). Index 0 is file line 1. */
  lines: string[];
  /** The same lines with code, math and HTML blocks blanked in the body; frontmatter lines as they are. */
  masked: string[];
  /** Index in `lines` of the first body line (0 without frontmatter). */
  bodyStart: number;
  /** The frontmatter YAML lines start at index 1 and end before bodyStart - 1 (the closing fence). */
  hasFrontmatter: boolean;
}

/** Diagnostics that mean a note's text was never read in full: the text rules skip it. */
const UNREAD = new Set(['read-error', 'binary-content', 'file-too-large']);

const cache = new WeakMap<CheckContext, Map<string, NoteText | undefined>>();

export function noteText(ctx: CheckContext, note: Note): NoteText | undefined {
  let byPath = cache.get(ctx);
  if (!byPath) { byPath = new Map(); cache.set(ctx, byPath); }
  if (byPath.has(note.path)) return byPath.get(note.path);
  const raw = note.diagnostics.some((d) => UNREAD.has(d.code)) ? undefined : ctx.readText(note.path);
  const text = raw === undefined ? undefined : splitText(raw, ctx.options.indexComments);
  byPath.set(note.path, text);
  return text;
}

/** Pure: a file's text → lines, masked lines and the body start. */
export function splitText(raw: string, indexComments: boolean): NoteText {
  const text = normaliseText(raw);
  const lines = text.split('\n');
  const split = splitFrontmatter(text);
  const bodyStart = split.bodyLine - 1;
  const masked = [...lines.slice(0, bodyStart), ...maskBody(lines.slice(bodyStart), { indexComments })];
  return { lines, masked, bodyStart, hasFrontmatter: bodyStart > 0 };
}
