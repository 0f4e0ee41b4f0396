// parseNote: one note's text → Note (frontmatter, links with positions, tags, headings, block ids,
// diagnostics). Pure: same path and text, same Note; never throws on any text.

import { noteId } from '../paths.ts';
import type { Diagnostic, Heading, Note, RawLink, TagRef } from '../types.ts';
import { parseFrontmatter, type FrontmatterResult } from './frontmatter.ts';
import { findMarkdownLinks, findWikilinks, type LineLink } from './links.ts';
import { LIST_ITEM, maskBody } from './mask.ts';
import { findFields, propertyLinks, unquotedWikilinks } from './properties.ts';
import { findTags, frontmatterAliases, frontmatterTags } from './tags.ts';

export interface ParseOptions {
  indexComments: boolean;
}

/** A masked line without any of these holds no heading, block id, tag or link: most lines of prose. */
const MAY_HOLD = /[#^[]/;
/** ATX heading: 1–6 `#`, a space, the text, optional closing `#`s.  group 1: hashes, group 2: text */
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
/** Block id at the end of a line (`text ^abc-1`) or alone on its line (`^abc-1`). group 1: id */
const BLOCK_ID = /(?:^|\s)\^([A-Za-z0-9-]+)\s*$/;
/** A list item's content start: marker, spaces, optional task box. */
const ITEM_PREFIX = /^\s*(?:[-*+]|\d{1,9}[.)])\s+(?:\[.\]\s+)?/;


/** A file's text as the parser reads it: no BOM, `\n` line ends (line numbers stay those of the file). */
export function normaliseText(raw: string): string {
  const unbommed = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  return unbommed.includes('\r') ? unbommed.replace(/\r\n?/g, '\n') : unbommed;
}

export function parseNote(path: string, raw: string, opts: ParseOptions): Note {
  const fm = parseFrontmatter(normaliseText(raw));
  return parseSplit(path, fm, fm.body.split('\n'), opts);
}

/**
 * A note from its parsed frontmatter and its body lines (parse/bytes.ts hands in lines it did not
 * decode as stand-ins, which everything below treats as it would the lines they stand for).
 */
export function parseSplit(path: string, fm: FrontmatterResult, lines: readonly string[], opts: ParseOptions): Note {
  const diagnostics: Diagnostic[] = [];
  const links: RawLink[] = [];
  const tags: TagRef[] = [];
  const data = fm.data;
  frontmatterRefs(path, fm, links, tags, diagnostics);
  const headings: Heading[] = [];
  const blocks: string[] = [];
  bodyRefs(lines, maskBody(lines, { indexComments: opts.indexComments }), fm.bodyLine, links, tags, headings, blocks);
  const title = typeof data.title === 'string' && data.title.trim() ? data.title.trim() : baseName(path);
  return { id: noteId(path), path, title, frontmatter: data, aliases: frontmatterAliases(data), links, tags, headings, blocks, diagnostics };
}

/**
 * The links, tags and problems of a note's frontmatter. Apart from the body's line loop (bodyRefs):
 * frontmatter objects come in many shapes, and in one function with the loop they made V8 throw
 * away and compile again the loop's optimised code (docs/perf-cold-build.md, session 19).
 */
function frontmatterRefs(path: string, fm: FrontmatterResult, links: RawLink[], tags: TagRef[], diagnostics: Diagnostic[]): void {
  if (fm.problem) {
    diagnostics.push({ path, line: fm.problem.line, severity: 'warning', code: fm.problem.code, message: fm.problem.message });
  }
  const data = fm.data;
  // Positions in the YAML text: each value is looked for after the previous one of its kind (the
  // parsed values come in document order), as a whole token, so repeats and substrings land on
  // their own lines; a value written differently (block scalars, escapes) falls back to line 1.
  const linkAt = yamlCursor(fm.yaml);
  for (const p of propertyLinks(data)) {
    const pos = linkAt(p.value.trim());
    links.push({
      target: p.target, subpath: p.subpath, alias: p.alias, embed: p.embed, syntax: 'wiki', origin: 'frontmatter', key: p.key,
      line: pos.line, column: pos.column, raw: p.value.trim(), heading: -1, tail: undefined,
    });
  }
  const keyAt = yamlCursor(fm.yaml);
  for (const key of unquotedWikilinks(data)) {
    const named = key.split('.').filter((k) => !/^\d+$/.test(k));
    const pos = keyAt(`${named[named.length - 1] ?? key}:`);
    diagnostics.push({ path, line: pos.line, severity: 'warning', code: 'unquoted-wikilink-in-yaml',
      message: `frontmatter "${key}" holds [[…]] without quotes, which YAML reads as a nested list; write "[[…]]" in quotes to make it a link` });
  }
  const fmTags = frontmatterTags(data);
  const tagAt = yamlCursor(fm.yaml);
  for (const name of fmTags.tags) {
    const pos = tagAt(name);
    tags.push({ name, line: pos.line, column: pos.column, origin: 'frontmatter' });
  }
  const droppedAt = yamlCursor(fm.yaml);
  for (const name of fmTags.droppedForSpace) {
    diagnostics.push({ path, line: droppedAt(name).line, severity: 'warning', code: 'tags-string-dropped',
      message: `frontmatter tag "${name}" contains a space, so Obsidian drops it; write tags as a list: [a, b]` });
  }
}

/** The body's headings, block ids, tags and links, from its lines and their masked forms (line numbers from `bodyLine` on). */
function bodyRefs(lines: readonly string[], masked: readonly string[], bodyLine: number, links: RawLink[], tags: TagRef[], headings: Heading[], blocks: string[]): void {
  let current = -1;
  for (let i = 0; i < lines.length; i++) {
    const m = masked[i]!;
    if (!MAY_HOLD.test(m)) continue;
    const original = lines[i]!;
    const lineNo = bodyLine + i;
    const h = m.includes('#') ? HEADING.exec(m) : null;
    if (h) {
      const level = h[1]!.length;
      let parent = current;
      while (parent !== -1 && headings[parent]!.level >= level) parent = headings[parent]!.parent;
      // The text as written (code spans and math included): the masked line only told us it is a heading.
      const written = (m === original ? h : HEADING.exec(original))?.[2] ?? h[2] ?? ''; // most lines are not masked at all
      headings.push({ level, text: (written.includes('\\') ? written.replace(/\\([!-/:-@[-`{-~])/g, '$1') : written).trim(), line: lineNo, parent });
      current = headings.length - 1;
    }
    const block = m.includes('^') ? BLOCK_ID.exec(m) : null;
    if (block) blocks.push(block[1]!.toLowerCase());
    const wiki = m.includes('[[') ? findWikilinks(m, original) : [];
    // A `#` inside a wikilink is its subpath or display text, never a tag (W4).
    if (m.includes('#')) for (const t of findTags(blankSpans(m, wiki))) tags.push({ name: t.name, line: lineNo, column: t.start + 1, origin: 'body' });
    if (!m.includes('[')) continue;

    const found: LineLink[] = m.includes('](') ? wiki.concat(findMarkdownLinks(blankSpans(m, wiki), original)).sort((a, b) => a.start - b.start) : wiki;
    if (found.length === 0) continue;
    const fields = findFields(m); // [] unless the line has `::`
    const item = LIST_ITEM.test(original) ? ITEM_PREFIX.exec(original) : null;
    for (const l of found) {
      const field = fields.find((f) => l.start >= f.start && l.end <= f.end);
      links.push({
        target: l.target, subpath: l.subpath, alias: l.alias, embed: l.embed, syntax: l.syntax,
        origin: field ? 'field' : 'body', key: field?.key,
        line: lineNo, column: l.start + 1, raw: original.slice(l.start, l.end), heading: current,
        tail: item && l.start === item[0].length ? original.slice(l.end) : undefined,
      });
    }
  }
}

/** `line` with the given spans replaced by spaces (so Markdown links are not matched inside wikilinks). */
function blankSpans(line: string, spans: readonly LineLink[]): string {
  if (spans.length === 0) return line;
  let out = '';
  let at = 0;
  for (const s of spans) { out += line.slice(at, s.start) + ' '.repeat(s.end - s.start); at = s.end; }
  return out + line.slice(at);
}

function baseName(path: string): string {
  return noteId(path.slice(path.lastIndexOf('/') + 1));
}

/** Characters around a YAML scalar token: start/end, whitespace, flow and quote punctuation, `#`. */
const YAML_EDGE = new Set([' ', '\t', '\n', '[', ']', '{', '}', ',', '"', "'", '#', '-', ':']);

/**
 * A finder of file positions (the YAML starts on file line 2) for values met in document order:
 * each search starts after the previous hit and wants `needle` as a whole token; when it is not
 * found from there, the first token anywhere; else line 1, column 1. Lines are counted
 * incrementally, so a list of n values costs O(YAML length), not O(n × length).
 */
function yamlCursor(yaml: string): (needle: string) => { line: number; column: number } {
  let from = 0;
  let lineAt = 0; // offset of the start of line `line`
  let line = 1;
  const position = (i: number) => {
    if (i < lineAt) { lineAt = 0; line = 1; } // a fallback hit before the cursor: count again
    for (let n = yaml.indexOf('\n', lineAt); n !== -1 && n < i; n = yaml.indexOf('\n', n + 1)) { line++; lineAt = n + 1; }
    return { line: line + 1, column: i - lineAt + 1 };
  };
  const token = (needle: string, start: number): number => {
    if (needle === '') return -1;
    for (let i = yaml.indexOf(needle, start); i !== -1; i = yaml.indexOf(needle, i + 1)) {
      const before = i === 0 ? ' ' : yaml[i - 1]!;
      const after = i + needle.length >= yaml.length ? ' ' : yaml[i + needle.length]!;
      const edge = needle.endsWith(':') || YAML_EDGE.has(after);
      if (YAML_EDGE.has(before) && edge) return i;
    }
    return -1;
  };
  return (needle) => {
    let i = token(needle, from);
    if (i === -1) i = token(needle, 0);
    if (i === -1) return { line: 1, column: 1 };
    from = i + needle.length;
    return position(i);
  };
}
