// parseNoteBytes: parseNote straight from a note's UTF-8 bytes, decoding only what the parser looks
// at. Decoding UTF-8 (Chinese prose) costs more than the rest of reading a note, and most body lines
// are prose the parser only needs the shape of. Such a line (none of # ^ [ \ ` $ < > % ~, and its
// first non-ASCII character no space) stands in as its ASCII head plus "x":  `- 中文…` → `- x`.
// Masking (block starts, indentation, blank lines, list items, paragraph ends) and extraction
// (no heading, tag, block id or link on it) treat the two alike.
// Same Note as parseNote(path, the bytes decoded), which bytes it cannot vouch for (a BOM, a CR,
// a frontmatter fence it does not end) still go through.

import type { Note } from '../types.ts';
import { parseFrontmatter, type FrontmatterResult } from './frontmatter.ts';
import { parseNote, parseSplit, type ParseOptions } from './note.ts';

const NL = 0x0a;
/** Bytes that make a line worth decoding wherever they are: every construct the parser acts on starts with one. */
const ACTS = new Uint8Array(256);
for (const c of '#^[\\`$<>%~') ACTS[c.charCodeAt(0)] = 1;
/** Lead bytes of the non-ASCII characters that can be white space (U+00A0, U+1680, U+2000–U+205F, U+3000, U+FEFF). */
const MAY_BE_SPACE = new Set([0xc2, 0xe1, 0xe2, 0xe3, 0xef]);

/** `bytes`: valid UTF-8 without NUL (decode.ts's checks passed), not empty. */
export function parseNoteBytes(path: string, bytes: Buffer, opts: ParseOptions): Note {
  if (bytes.indexOf(0x0d) !== -1 || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return whole(path, bytes, opts);
  let fm: FrontmatterResult = { data: {}, body: '', bodyLine: 1, yaml: '' };
  let bodyAt = 0;
  if (bytes[0] === 0x2d && bytes[1] === 0x2d && bytes[2] === 0x2d) { // `---`: maybe frontmatter
    // The closing fence is the first line starting with `---` after line 1 (frontmatter.ts): decode
    // up to the end of that line and let parseFrontmatter judge; unless it takes all of it as the
    // block, the note is read whole.
    const firstEnd = bytes.indexOf(NL);
    const close = firstEnd === -1 ? -1 : bytes.indexOf('\n---', firstEnd);
    if (close === -1) return whole(path, bytes, opts);
    const eol = bytes.indexOf(NL, close + 4);
    bodyAt = eol === -1 ? bytes.length : eol + 1;
    fm = parseFrontmatter(bytes.toString('utf8', 0, bodyAt));
    if (fm.body !== '') return whole(path, bytes, opts);
  }
  const lines: string[] = [];
  for (let s = bodyAt; ; ) {
    const e = bytes.indexOf(NL, s);
    const end = e === -1 ? bytes.length : e;
    lines.push(lineOf(bytes, s, end));
    if (e === -1) break;
    s = e + 1;
  }
  return parseSplit(path, fm, lines, opts);
}

function whole(path: string, bytes: Buffer, opts: ParseOptions): Note {
  return parseNote(path, bytes.toString('utf8'), opts);
}

/**
 * The line `bytes[start, end)`: decoded when it holds a byte the parser acts on; else its ASCII
 * head (spaces, list markers, words) then "x" for the rest, when the rest starts with a character
 * that is not white space (everything looks at a line's head or at the bytes in ACTS only).
 */
function lineOf(bytes: Buffer, start: number, end: number): string {
  let p = start;
  for (; p < end; p++) {
    const c = bytes[p]!;
    if (c >= 0x80) break;
    if (ACTS[c] === 1) return bytes.toString('utf8', start, end);
  }
  if (p === end) return bytes.toString('latin1', start, end); // all ASCII: the same string
  if (MAY_BE_SPACE.has(bytes[p]!)) return bytes.toString('utf8', start, end);
  for (let i = p + 1; i < end; i++) if (ACTS[bytes[i]!] === 1) return bytes.toString('utf8', start, end);
  return p === start ? 'x' : `${bytes.toString('latin1', start, p)}x`;
}
