// primeParser (parse/prime.ts): its made-up note has to reach every construct the parser handles,
// or it primes nothing there; and priming changes no parse.

import { describe, expect, it } from 'vitest';
import { parseNoteBytes } from '../src/core/parse/bytes.ts';
import { parseNote } from '../src/core/parse/note.ts';
import { PRIMER_NOTE, primeParser } from '../src/core/parse/prime.ts';

describe('the parser primer', () => {
  for (const indexComments of [false, true]) {
    it(`enters every construct the body masks (comments ${indexComments ? '' : 'not '}indexed): none of its [[no]] links is found`, () => {
      const note = parseNoteBytes('Primer.md', PRIMER_NOTE, { indexComments });
      const inside = PRIMER_NOTE.toString().split('\n').filter((l) => l.includes('[[no]]')).length;
      expect(inside).toBeGreaterThanOrEqual(7); // indented code, a quoted fence, a fence, <script>, <div>, a comment, display math
      expect(note.links.map((l) => l.target)).not.toContain('no');
    });
  }

  it('holds a link of every origin and syntax, an embed, a list item tail, tags, nested headings, block ids and a frontmatter problem', () => {
    const note = parseNoteBytes('Primer.md', PRIMER_NOTE, { indexComments: false });
    expect(new Set(note.links.map((l) => l.origin))).toEqual(new Set(['frontmatter', 'body', 'field']));
    expect(new Set(note.links.map((l) => l.syntax))).toEqual(new Set(['wiki', 'markdown']));
    expect(note.links.some((l) => l.embed)).toBe(true);
    expect(note.links.some((l) => l.tail !== undefined)).toBe(true);
    expect(new Set(note.tags.map((t) => t.origin))).toEqual(new Set(['frontmatter', 'body']));
    expect(note.headings.map((h) => h.parent)).toEqual([-1, 0]);
    expect(note.blocks.length).toBe(2);
    expect(note.diagnostics.map((d) => d.code)).toContain('unquoted-wikilink-in-yaml');
  });

  it('changes no parse: a note parses the same before and after priming', () => {
    const text = '---\ntags: [x]\n---\n# H\n- [[A|a]]；关联理由：引用；说明：y。\n```\n[[B]]\n```\n中文 [[C]] #t ^b1\n';
    const before = parseNote('n.md', text, { indexComments: false });
    primeParser();
    expect(parseNote('n.md', text, { indexComments: false })).toEqual(before);
    expect(parseNoteBytes('n.md', Buffer.from(text), { indexComments: false })).toEqual(before);
  });
});
