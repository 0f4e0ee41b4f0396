// A note's text for the rules that read more than the parsed Note (forbidden-text, heading-spacing,
// frontmatter-required's key lines): its lines, the same lines with code masked as the link parser
// masks them, and where the body starts. Read once per check run through CheckInput.readText.

import { splitFrontmatter } from '../core/parse/frontmatter.ts';
import { maskBody } from '../core/parse/mask.ts';
import { normaliseText } from '../core/parse/note.ts';
import type { Note } from '../core/types.ts';
import type { CheckContext } from './context.ts';

export interface NoteText {
  /** The whole text, normalised (no BOM, `\n` line ends). */
  text: string;
  /** The file's lines. Index 0 is file line 1. */
  lines: string[];
  /** The same lines with code, math and HTML blocks blanked in the body; frontmatter lines as they
   * are. Computed on first use: masking costs more than reading, and most notes never need it. */
  masked: () => string[];
  /** Index in `lines` of the first body line (0 without frontmatter). */
  bodyStart: number;
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
  let masked: string[] | undefined;
  return {
    text, lines, bodyStart,
    masked: () => (masked ??= [...lines.slice(0, bodyStart), ...maskBody(lines.slice(bodyStart), { indexComments })]),
  };
}
