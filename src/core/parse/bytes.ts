// parseNoteBytes: parseNote straight from a note's UTF-8 bytes, decoding only what the parser looks
// at. Decoding UTF-8 (Chinese prose) costs more than the rest of reading a note, and most body lines
// are prose the parser only needs the shape of. Such a line (none of # ^ [ \ ` $ < > % ~, and no
// space as its first non-ASCII character) stands in as its head plus "x": `- 中文…` → `- x`,
// `1. Some words` → `1. x` (bodyLines says what a head is). Masking (block starts, indentation,
// blank lines, list items, paragraph ends) and extraction (no heading, tag, block id or link on
// it) treat the two alike.
// Same Note as parseNote(path, the bytes decoded), which bytes it cannot vouch for (a BOM, a CR,
// a frontmatter fence it does not end) still go through.

import type { Note } from '../types.ts';
import { frontmatterResult, parseFrontmatter, type FrontmatterResult } from './frontmatter.ts';
import { parseNote, parseSplit, type ParseOptions } from './note.ts';

const NL = 0x0a;
/** Lead bytes of the non-ASCII characters that can be white space (U+00A0, U+1680, U+2000–U+205F, U+3000, U+FEFF). */
const MAY_BE_SPACE = new Set([0xc2, 0xe1, 0xe2, 0xe3, 0xef]);

/** `bytes`: valid UTF-8 without NUL (decode.ts's checks passed), not empty. */
export function parseNoteBytes(path: string, bytes: Buffer, opts: ParseOptions): Note {
  if (bytes.indexOf(0x0d) !== -1 || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return whole(path, bytes, opts);
  let fm: FrontmatterResult = frontmatterResult({}, '', 1, '');
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
  return parseSplit(path, fm, bodyLines(bytes, bodyAt), opts);
}

function whole(path: string, bytes: Buffer, opts: ParseOptions): Note {
  return parseNote(path, bytes.toString('utf8'), opts);
}

/** Characters that make a line worth decoding wherever they are: every construct the parser acts on starts with one (searched in the body read as Latin-1). */
const ACTS_NEXT = /[#^[\\`$<>%~]/g;
/** Where a line's head ends: its first ASCII letter or non-ASCII byte. */
const HEAD_END = /[A-Za-z\x80-\xff]/g;
/** A line holding a non-ASCII byte (decoded as UTF-8, not Latin-1). */
const NON_ASCII = /[\x80-\xff]/;

/**
 * The body's lines from byte `at` on, as the parser needs them. The body is read once as Latin-1
 * (a copy, no decoding: byte i is char i, so ASCII is itself) and searched with regular
 * expressions instead of byte by byte:
 * - a line holding a byte the parser acts on (ACTS_NEXT) is decoded (UTF-8 when it has non-ASCII);
 * - any other line stands in as its head, everything before its first ASCII letter or non-ASCII
 *   character, plus `x` for the rest (`- 中文…` → `- x`, `1. Some text` → `1. x`, `Prose.` → `x`).
 *   Everything that looks at such a line reads only its head: indentation, a list marker (digits,
 *   `-*+`, `.` `)` and the white space after it), whether it is blank; a letter or a non-ASCII
 *   character ends each of those the same way `x` does. The exception is a non-ASCII character
 *   that may be white space (MAY_BE_SPACE): that line is decoded.
 */
function bodyLines(bytes: Buffer, at: number): string[] {
  const text = bytes.toString('latin1', at);
  const lines: string[] = [];
  // The next ACTS char and the next head end at or after `s` (text.length: none); each is searched
  // again only once passed, so the body is read once by each search whatever its lines.
  let acts = -1;
  let head = -1;
  for (let s = 0; ; ) {
    const nl = text.indexOf('\n', s);
    const end = nl === -1 ? text.length : nl;
    // test(), not exec(): no match object per line; each pattern matches one character, so it sits just before lastIndex.
    if (acts < s) { ACTS_NEXT.lastIndex = s; acts = ACTS_NEXT.test(text) ? ACTS_NEXT.lastIndex - 1 : text.length; }
    if (acts < end) lines.push(decoded(bytes, text, at, s, end));
    else {
      if (head < s) { HEAD_END.lastIndex = s; head = HEAD_END.test(text) ? HEAD_END.lastIndex - 1 : text.length; }
      const p = head < end ? head : end;
      if (p === end) lines.push(s === end ? '' : text.slice(s, end)); // no letter: short, and kept as it is
      else if (text.charCodeAt(p) >= 0x80 && MAY_BE_SPACE.has(text.charCodeAt(p))) lines.push(bytes.toString('utf8', at + s, at + end));
      else lines.push(p === s ? 'x' : `${text.slice(s, p)}x`);
    }
    if (nl === -1) break;
    s = nl + 1;
  }
  return lines;
}

/** The line text[s, end) decoded: Latin-1 is the text itself when it is all ASCII. */
function decoded(bytes: Buffer, text: string, at: number, s: number, end: number): string {
  const line = text.slice(s, end);
  return NON_ASCII.test(line) ? bytes.toString('utf8', at + s, at + end) : line;
}
