// Masking: blank out every part of a note body where Obsidian does not look for links or tags
// (docs/OBSIDIAN-LINKS.md §2) — fenced and indented code, math, HTML comments and HTML blocks, inline
// code spans, inline math, backslash escapes — keeping every other character at its column, so the
// extractors can match on the masked text and read the original at the same positions.
//
//   body line:  see `[[A]]` and [[B]] $[[C]]$ \[[D]]
//   masked:     see         and [[B]]                 (only B survives)

export interface MaskOptions {
  /** `%%…%%` comments are indexed by Obsidian; mask them only when this is false. */
  indexComments: boolean;
}

/** Fence opener: up to 3 spaces, then ``` or ~~~ (3+); the closer is the same char, at least as long. */
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** Inside a list item or a block quote, a fence may sit at the item's own indentation. */
const FENCE_OPEN_NESTED = /^\s*(`{3,}|~{3,})(.*)$/;
/** Block quote markers in front of a line's content: `> `, `>> `, `> > `. */
const QUOTE_PREFIX = /^(?: {0,3}> ?)+/;
/** `$$` on a line starts or ends a display-math block (Obsidian allows text around it). */
const MATH_FENCE = /\$\$/g;
/** CommonMark HTML block start, type 1 (raw text elements, end at their closing tag). */
const HTML_RAW_OPEN = /^ {0,3}<(script|pre|style|textarea)(?=[\s>]|$)/i;
/** CommonMark HTML block start, type 6 (block-level tag names; ends at a blank line). */
const HTML_BLOCK_OPEN = new RegExp(
  '^ {0,3}</?(address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|' +
    'fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|' +
    'nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?=[\\s/>]|$)',
  'i',
);
/** Type 7: a line holding only one complete open or close tag (cannot interrupt a paragraph). */
const HTML_LONE_TAG = /^ {0,3}(<[A-Za-z][A-Za-z0-9-]*(\s+[A-Za-z_:][\w.:-]*(\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;
/** Characters that can start an inline construct this module masks. */
const INLINE_SPECIAL = /[\\`$<%]/;
/** List item marker: `-`, `*`, `+` or `1.`/`1)`, then a space or the end of the line. */
export const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])(\s+|$)/;

/**
 * Where the masking is: in text, or inside a construct that runs over lines. One object shape for
 * every kind (the fields a kind does not use keep their defaults), so that the code reading it sees
 * one shape: with a shape per kind, V8 threw away maskBody's optimised code ("wrong map") and
 * compiled it again while a cold build ran (docs/perf-cold-build.md, session 19).
 */
interface State {
  readonly in: 'text' | 'fence' | 'codespan' | 'math' | 'comment' | 'percent' | 'html-raw' | 'html-block' | 'indented';
  /** fence: its character and length, whether in a list item or quote (nested), in a quote, its indentation. */
  readonly char: string;
  readonly len: number;
  readonly nested: boolean;
  readonly quoted: boolean;
  readonly indent: number;
  /** codespan: a code span that runs on to line `line`, column `end`. */
  readonly line: number;
  readonly end: number;
  /** html-raw: the tag whose closing tag ends it. */
  readonly tag: string;
}
/** Every state is made here, its fields always in this order. */
function stateOf(kind: State['in'], f: Partial<Omit<State, 'in'>> = {}): State {
  return { in: kind, char: f.char ?? '', len: f.len ?? 0, nested: f.nested ?? false, quoted: f.quoted ?? false, indent: f.indent ?? 0, line: f.line ?? 0, end: f.end ?? 0, tag: f.tag ?? '' };
}
const TEXT = stateOf('text');
const MATH = stateOf('math');
const COMMENT = stateOf('comment'); // <!-- … -->
const PERCENT = stateOf('percent'); // %% … %% when not indexed
const HTML_BLOCK = stateOf('html-block');
const INDENTED = stateOf('indented');

// Tested on char codes: `line[i]` would make a string of each line's first character (a new one
// for any non-Latin-1 character, so for most lines of a Chinese note).
const BLOCK_START = new Set([...'`~<>'].map((c) => c.charCodeAt(0)));
const LIST_START = new Set([...'-*+0123456789'].map((c) => c.charCodeAt(0)));
/** Index of the first non-space, non-tab character, or -1 for a blank line. */
function firstNonSpace(line: string): number {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return i;
  }
  return -1;
}
const blank = (s: string): string => ' '.repeat(s.length);
const isBlank = (s: string): boolean => s.trim() === '';
const indentWidth = (s: string): number => {
  let w = 0;
  for (const ch of s) {
    if (ch === ' ') w++;
    else if (ch === '\t') w += 4 - (w % 4);
    else break;
  }
  return w;
};

/**
 * Mask a whole body, line by line. Returns one masked string per input line (same lengths).
 * Pure and total: any text gives an answer; unclosed constructs run to the end of the body.
 */
export function maskBody(lines: readonly string[], opts: MaskOptions): string[] {
  const out: string[] = new Array(lines.length);
  let state: State = TEXT;
  let prevBlank = true; // start of body counts as after a blank line
  let inList = false; // inside a list: indented lines continue the item instead of being code
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    switch (state.in) {
      case 'fence': {
        // A fence opened in a block quote or a list item ends with its container: a line outside
        // the quote, or a non-blank line indented less than the fence (CommonMark).
        const first = firstNonSpace(line);
        const leftQuote = state.quoted && first !== -1 && line[first] !== '>';
        const leftItem = state.nested && !state.quoted && state.indent > 0 && first !== -1 && indentWidth(line) < state.indent;
        if (leftQuote || leftItem) { state = TEXT; break; }
        const content = line.replace(QUOTE_PREFIX, '');
        const m = (state.nested ? /^\s*(`{3,}|~{3,})\s*$/ : /^ {0,3}(`{3,}|~{3,})\s*$/).exec(content);
        if (m && m[1]![0] === state.char && m[1]!.length >= state.len) state = TEXT;
        out[i] = blank(line);
        prevBlank = false;
        continue;
      }
      case 'html-raw': {
        if (new RegExp(`</${state.tag}>`, 'i').test(line)) state = TEXT;
        out[i] = blank(line);
        continue;
      }
      case 'html-block': {
        if (isBlank(line)) { state = TEXT; prevBlank = true; out[i] = line; continue; }
        out[i] = blank(line);
        continue;
      }
      case 'codespan': {
        if (i < state.line) { out[i] = blank(line); continue; }
        break; // the span ends on this line: maskInline takes it from here
      }
      case 'indented': {
        if (isBlank(line) || indentWidth(line) >= 4) { out[i] = blank(line); continue; }
        state = TEXT;
        break;
      }
      default:
        break;
    }
    // Block openers all start (after up to 3 spaces, or 4+ for indented code) with one of ` ~ <.
    const first = firstNonSpace(line);
    const indent = first > 0 ? indentWidth(line) : 0;
    if (state.in === 'text' && first !== -1 && (indent >= 4 || BLOCK_START.has(line.charCodeAt(first)))) {
      const quoted = line[first] === '>';
      const nested = inList || quoted;
      const fence = (nested ? FENCE_OPEN_NESTED : FENCE_OPEN).exec(quoted ? line.replace(QUOTE_PREFIX, '') : line);
      if (fence && !(fence[1]![0] === '`' && fence[2]!.includes('`'))) {
        state = stateOf('fence', { char: fence[1]![0]!, len: fence[1]!.length, nested, quoted, indent: quoted ? 0 : indent });
        out[i] = blank(line);
        prevBlank = false;
        continue;
      }
      const raw = HTML_RAW_OPEN.exec(line);
      if (raw) {
        const tag = raw[1]!.toLowerCase();
        if (!new RegExp(`</${tag}>`, 'i').test(line)) state = stateOf('html-raw', { tag });
        out[i] = blank(line);
        prevBlank = false;
        continue;
      }
      if (HTML_BLOCK_OPEN.test(line) || (prevBlank && HTML_LONE_TAG.test(line))) {
        state = HTML_BLOCK;
        out[i] = blank(line);
        prevBlank = false;
        continue;
      }
      if (prevBlank && !inList && indent >= 4) {
        state = INDENTED;
        out[i] = blank(line);
        continue;
      }
    }
    // A text line, possibly continuing a multi-line math block, comment or code span. Most lines
    // hold nothing to mask: they skip maskInline (and the objects a call makes) altogether.
    if (state.in === 'text' && !INLINE_SPECIAL.test(line)) out[i] = line;
    else {
      const r = maskInline(line, state, opts, (n) => closingRunAhead(lines, i, n));
      state = r.state;
      out[i] = r.masked;
    }
    const nowBlank = first === -1;
    if (!nowBlank && LIST_START.has(line.charCodeAt(first)) && LIST_ITEM.test(line)) inList = true;
    else if (!nowBlank && indent < 2 && prevBlank) inList = false;
    prevBlank = nowBlank;
  }
  return out;
}

/** The next character that can start an inline construct (global: searched from `lastIndex`). */
const INLINE_SPECIAL_NEXT = /[\\`$<%]/g;
/** Characters a backslash escapes (so they lose their meaning). */
const ESCAPABLE = '[]#!`$%(<*_|>\\-';

/** Mask inline constructs in one line, carrying multi-line math/comment state across lines. */
function maskInline(line: string, start: State, opts: MaskOptions, ahead: (n: number) => { line: number; end: number } | undefined): { masked: string; state: State } {
  if (start.in === 'text' && !INLINE_SPECIAL.test(line)) return { masked: line, state: start }; // the common case
  // The result is built from slices of the line and runs of spaces; wipes come in column order.
  let out = '';
  let copied = 0;
  const wipe = (from: number, to: number) => {
    if (to <= from) return;
    out += line.slice(copied, from) + ' '.repeat(to - from);
    copied = to;
  };
  const masked = () => (copied === 0 ? line : out + line.slice(copied));
  let state: State = start;
  // Whether a `$` can close depends only on its neighbours, so once a search from some column found
  // no closer, no later opener will: remember it, or a line of `$a $a $a …` costs O(n²).
  let noCloserFrom = Infinity;
  let i = 0;
  if (state.in === 'codespan') { wipe(0, state.end); i = state.end; state = TEXT; }
  while (i < line.length) {
    if (state.in === 'math') {
      MATH_FENCE.lastIndex = i;
      const m = MATH_FENCE.exec(line);
      const end = m ? m.index + 2 : line.length;
      wipe(i, end);
      i = end;
      if (m) state = TEXT;
      continue;
    }
    if (state.in === 'comment' || state.in === 'percent') {
      const closer = state.in === 'comment' ? '-->' : '%%';
      const j = line.indexOf(closer, i);
      const end = j === -1 ? line.length : j + closer.length;
      wipe(i, end);
      i = end;
      if (j !== -1) state = TEXT;
      continue;
    }
    INLINE_SPECIAL_NEXT.lastIndex = i; // plain text up to the next special character stays as it is
    const next = INLINE_SPECIAL_NEXT.exec(line);
    if (!next) break;
    i = next.index;
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length && ESCAPABLE.includes(line[i + 1]!)) {
      // `\|` stays visible: it is how a wikilink alias is written inside a table.
      if (line[i + 1] !== '|') wipe(i, i + 2);
      i += 2;
      continue;
    }
    if (ch === '`') {
      let n = 1;
      while (line[i + n] === '`') n++;
      const closeAt = findBacktickRun(line, i + n, n);
      if (closeAt === -1) {
        // CommonMark: a code span may run on over line breaks within its paragraph.
        const later = ahead(n);
        if (later) { wipe(i, line.length); return { masked: masked(), state: stateOf('codespan', { line: later.line, end: later.end }) }; }
        i += n; // no closer in this paragraph: literal backticks
        continue;
      }
      wipe(i, closeAt + n);
      i = closeAt + n;
      continue;
    }
    if (ch === '$') {
      if (line[i + 1] === '$') { wipe(i, i + 2); i += 2; state = MATH; continue; }
      const end = i + 1 >= noCloserFrom ? -1 : inlineMathEnd(line, i);
      if (end === -1 && line[i + 1] !== undefined && !/\s/.test(line[i + 1]!)) noCloserFrom = Math.min(noCloserFrom, i + 1);
      if (end !== -1) { wipe(i, end + 1); i = end + 1; continue; }
      i++;
      continue;
    }
    if (ch === '<' && line.startsWith('<!--', i)) { state = COMMENT; continue; }
    if (ch === '%' && line[i + 1] === '%' && !opts.indexComments) { wipe(i, i + 2); i += 2; state = PERCENT; continue; }
    i++;
  }
  return { masked: masked(), state };
}

/** Lines that end a paragraph by starting a block: a fence, an ATX heading, a quote, a list item, an HTML block. */
const INTERRUPTS_PARAGRAPH = /^ {0,3}(?:`{3,}|~{3,}|#{1,6}(?:\s|$)|>|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|<[A-Za-z/!])/;

/** The closing run of `n` backticks for a span opened on line `from`, on a later line of the same paragraph. */
function closingRunAhead(lines: readonly string[], from: number, n: number): { line: number; end: number } | undefined {
  for (let j = from + 1; j < lines.length; j++) {
    const l = lines[j]!;
    if (isBlank(l) || INTERRUPTS_PARAGRAPH.test(l)) return undefined; // a span never crosses into another block
    const at = findBacktickRun(l, 0, n);
    if (at !== -1) return { line: j, end: at + n };
  }
  return undefined;
}

/** Index of the next run of exactly `n` backticks at or after `from`, or -1. */
function findBacktickRun(line: string, from: number, n: number): number {
  for (let j = line.indexOf('`', from); j !== -1; j = line.indexOf('`', j)) {
    let m = 1;
    while (line[j + m] === '`') m++;
    if (m === n) return j;
    j += m;
  }
  return -1;
}

/** Inline math `$x$`: the opener is followed by a non-space, the closer preceded by a non-space and not followed by a digit. */
function inlineMathEnd(line: string, open: number): number {
  const next = line[open + 1];
  if (next === undefined || /\s/.test(next)) return -1;
  for (let j = line.indexOf('$', open + 1); j !== -1; j = line.indexOf('$', j + 1)) {
    if (line[j - 1] === '\\') continue;
    if (!/\s/.test(line[j - 1]!) && !/\d/.test(line[j + 1] ?? '')) return j;
  }
  return -1;
}
