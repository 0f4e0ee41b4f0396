// Hostile notes found in review: inherited object keys as relation names, and inputs that made
// masking quadratic. Results are asserted, not timings (a slow run is caught by the test timeout).

import { describe, expect, it } from 'vitest';
import { computeStats } from '../src/query/analysis.ts';
import { buildGraph } from '../src/core/graph.ts';
import { DEFAULT_OPTIONS } from '../src/core/options.ts';
import { parseNote } from '../src/core/parse/note.ts';

const OPTS = { indexComments: true };
const note = (path: string, text: string) => parseNote(path, text, OPTS);

describe('hostile notes', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('"%s" as a reason, a field or a property is just a word', (word) => {
    const notes = [note('A.md', `---\n${word === '__proto__' ? 'x' : word}: "[[B]]"\n---\n${word}:: [[B]]\n\n## 相关文档\n- [[B]]；关联理由：${word}；说明：s`), note('B.md', '')];
    const b = buildGraph({ notes, attachments: [] }, DEFAULT_OPTIONS);
    const relations = b.graph.mapEdges((_e, a) => a.relation).sort();
    expect(relations).toContain('related'); // an unknown reason, not Object.prototype[word]
    expect(relations.every((r) => typeof r === 'string')).toBe(true);
    expect(b.diagnostics.map((d) => d.code)).toContain('related-unknown-reason');
    const stats = computeStats(b.graph, { total: 0, resolved: 0, unresolved: 0, ambiguous: 0, self: 0 }, b.diagnostics);
    expect(Object.values(stats.relations).reduce((n, r) => n + r.edges, 0)).toBe(b.graph.size);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('a stray backtick before a fenced block stays literal: the fence, heading and items still count', () => {
    const n = note('a.md', 'Press the ` key, then run:\n```sh\necho `date` [[InCode]]\n```\nSee [[After]]\n\n## 相关文档\n- [[X]]；关联理由：引用');
    expect(n.links.map((l) => l.target)).toEqual(['After', 'X']);
    expect(n.headings.map((h) => h.text)).toEqual(['相关文档']);
  });

  it('heading text keeps its code spans, math and escaped characters', () => {
    const n = note('a.md', '# The `useEffect` hook\n## snake\\_case names\n## Cost $x$ model');
    expect(n.headings.map((h) => h.text)).toEqual(['The `useEffect` hook', 'snake_case names', 'Cost $x$ model']);
  });

  it('a code span still runs over a line break inside one paragraph', () => {
    expect(note('a.md', 'text `code\n[[A]] more` after [[B]]').links.map((l) => l.target)).toEqual(['B']);
  });

  it('a 100 KB line of unclosed `$a` openers is masked in linear time and keeps its link', () => {
    expect(note('a.md', '$a '.repeat(35_000) + '[[X]]').links.map((l) => l.target)).toEqual(['X']);
  }, 5_000);
});
