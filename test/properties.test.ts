// Properties of the parser over generated inputs (fast-check): total, code fences hide links,
// masking keeps the shape of every line, parsing is deterministic.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskBody } from '../src/core/parse/mask.ts';
import { parseNote } from '../src/core/parse/note.ts';

const OPTS = { indexComments: true };

/** Tokens that exercise every construct the parser knows, plus arbitrary Unicode. */
const TOKENS = [
  '[[', ']]', '[', ']', '(', ')', '|', '#', '!', '^', '\\', '`', '```', '~~~', '---', '$', '$$', '%%', '<!--', '-->',
  '<div>', '</div>', '<span>', '<script>', '::', ':', ';', '；', '：', '- ', '1. ', '> ', '    ', '\t', ' ', '\n', '\r\n', '\r',
  'a', 'B', '1', '.md', 'https://', '%20', '%', '中文', '🚀', '\u00a0', '\u0301', '\ufeff', '\u2014', '\ud800', '"', "'", '&a', '*a', '{', '}',
];
const markdownish = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength: 80 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(markdownish, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 }));

describe('parseNote is total', () => {
  it('never throws, on arbitrary strings and Markdown-like token soup, with comments indexed or not', () => {
    fc.assert(fc.property(anyText, fc.boolean(), (text, indexComments) => {
      parseNote('p/x.md', text, { ...OPTS, indexComments });
    }), { numRuns: 1500 });
  });
  it('never throws on generated frontmatter blocks', () => {
    fc.assert(fc.property(markdownish, markdownish, (yaml, body) => {
      parseNote('p/x.md', `---\n${yaml}\n---\n${body}`, OPTS);
    }), { numRuns: 800 });
  });
  it('every link and tag position lies inside the file', () => {
    fc.assert(fc.property(anyText, (text) => {
      const lines = text.replace(/^\ufeff/, '').split(/\r\n|\r|\n/);
      const n = parseNote('p/x.md', text, OPTS);
      for (const p of [...n.links, ...n.tags]) {
        expect(p.line).toBeGreaterThanOrEqual(1);
        expect(p.line).toBeLessThanOrEqual(lines.length);
        expect(p.column).toBeGreaterThanOrEqual(1);
        expect(p.column).toBeLessThanOrEqual(lines[p.line - 1]!.length);
      }
    }), { numRuns: 800 });
  });
});

describe('a link inside a fenced code block is never extracted', () => {
  /** Text before the fence that cannot leave a block open (no backticks, tildes, $, %, <). */
  const safeBefore = fc.array(fc.oneof(
    fc.constantFrom('[[', ']]', '[', ']', '(', ')', '|', '#', '!', '- ', '> ', '    ', '\n', '\n\n', ' ', 'a', 'Z', '中', '🚀', '::', '.md', '^x'),
    fc.string({ maxLength: 3 }).map((s) => s.replace(/[`~$%<\r]/g, '')),
  ), { maxLength: 30 }).map((p) => 'p\n' + p.join(''));
  const lineText = fc.string({ maxLength: 30 }).map((s) => s.replace(/[\r\n]/g, ' '));
  const fence = fc.tuple(fc.constantFrom('`', '~'), fc.integer({ min: 3, max: 5 }), fc.constantFrom('', 'js', 'md'));
  it('for any surrounding text, fence (``` or ~~~, 3–5 long, with or without an info string) and link text', () => {
    fc.assert(fc.property(safeBefore, fence, fc.array(lineText, { maxLength: 3 }), lineText, lineText, fc.boolean(), anyText,
      (before, [ch, len, info], inside, linkText, trailing, closed, after) => {
        const open = ch.repeat(len) + info;
        const body = [...inside, `${trailing}[[${linkText}]] ![[${linkText}]] [t](${linkText.replace(/\s/g, '') || 'x'}.md)`, ...inside];
        const lines = [before, open, ...body, ...(closed ? [ch.repeat(len)] : [])];
        const text = lines.join('\n') + (closed ? '\n' + after : '');
        const first = before.split('\n').length + 1; // the fence line
        const last = first + body.length + (closed ? 1 : 0);
        const n = parseNote('p/x.md', text, OPTS);
        const inFence = n.links.filter((l) => l.line >= first && (closed ? l.line <= last : true));
        expect(inFence).toEqual([]);
        const tagsInFence = n.tags.filter((t) => t.line >= first && (closed ? t.line <= last : true));
        expect(tagsInFence).toEqual([]);
      }), { numRuns: 1000 });
  });
});

describe('masking keeps the shape of every line', () => {
  it('same number of lines, same length per line, and only spaces replace characters', () => {
    fc.assert(fc.property(anyText, fc.boolean(), (text, indexComments) => {
      const lines = text.split('\n');
      const masked = maskBody(lines, { indexComments });
      expect(masked).toHaveLength(lines.length);
      masked.forEach((m, i) => {
        const line = lines[i]!;
        expect(m.length).toBe(line.length);
        for (let k = 0; k < m.length; k++) if (m[k] !== line[k]) expect(m[k]).toBe(' ');
      });
    }), { numRuns: 1500 });
  });
});

describe('parsing is deterministic', () => {
  it('the same path and text give deep-equal notes', () => {
    fc.assert(fc.property(anyText, (text) => {
      expect(parseNote('p/x.md', text, OPTS)).toEqual(parseNote('p/x.md', text, OPTS));
    }), { numRuns: 800 });
  });
  it('parsing identical frontmatter twice gives independent objects (no shared gray-matter cache)', () => {
    const text = '---\ntitle: same\nlist: [a]\n---\n';
    const a = parseNote('a.md', text, OPTS);
    const b = parseNote('b.md', text, OPTS);
    expect(a.frontmatter).not.toBe(b.frontmatter);
    (a.frontmatter.list as string[]).push('mutated');
    expect(b.frontmatter.list).toEqual(['a']);
  });
});
