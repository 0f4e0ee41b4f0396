// Spec: resolving a linkpath to a file (docs/OBSIDIAN-LINKS.md §5): each step, the worked example, the
// quirks, aliases, case and Unicode normalisation; and how the graph reports the outcome.

import { describe, expect, it } from 'vitest';
import { buildGraph } from '../src/core/graph.ts';
import { DEFAULT_OPTIONS } from '../src/core/options.ts';
import { parseNote } from '../src/core/parse/note.ts';
import { buildIndex, resolveLink } from '../src/core/resolve.ts';
import type { Note } from '../src/core/types.ts';
import { edgeList } from './helpers.ts';

const WORKED = ['Note.md', 'work/Note.md', 'work/sub/Note.md', 'home/Note.md', 'a/b/Plan.md', 'x/a/b/Plan.md'];
const index = (paths: string[]) => buildIndex([...paths].sort());
const res = (paths: string[], linkpath: string, source: string, aliases = false) => resolveLink(linkpath, source, index(paths), aliases);
const to = (paths: string[], linkpath: string, source: string) => {
  const r = res(paths, linkpath, source);
  return r.kind === 'resolved' || r.kind === 'ambiguous' ? r.path : r.kind;
};

const OPTS = { indexComments: true };
const note = (path: string, text: string): Note => parseNote(path, text, OPTS);

describe('§5 worked example', () => {
  const noRoot = WORKED.filter((p) => p !== 'Note.md');
  it('[[note]] in home/x.md → Note.md (step 5: vault-root exact path, any case)', () => {
    expect(res(WORKED, 'note', 'home/x.md')).toEqual({ kind: 'resolved', path: 'Note.md', rule: 'exact' });
  });
  it('[[Note]] in work/sub/y.md without a root Note.md → work/sub/Note.md (step 7: source-folder group)', () => {
    expect(res(noRoot, 'Note', 'work/sub/y.md')).toEqual({ kind: 'resolved', path: 'work/sub/Note.md', rule: 'suffix' });
  });
  it('[[Note]] in r.md without a root Note.md → home/Note.md vs work/Note.md: a tie, reported as ambiguous', () => {
    expect(res(noRoot, 'Note', 'r.md')).toEqual({ kind: 'ambiguous', path: 'home/Note.md', candidates: ['home/Note.md', 'work/Note.md'] });
  });
  it.each(['r.md', 'home/x.md', 'x/a/b/z.md'])('[[a/b/Plan]] in %s → a/b/Plan.md (step 5)', (source) => {
    expect(res(WORKED, 'a/b/Plan', source)).toEqual({ kind: 'resolved', path: 'a/b/Plan.md', rule: 'exact' });
  });
  it('[[b/Plan]] in q.md → a/b/Plan.md (step 7: suffix match, shorter path wins)', () => {
    expect(res(WORKED, 'b/Plan', 'q.md')).toEqual({ kind: 'resolved', path: 'a/b/Plan.md', rule: 'suffix' });
  });
  it.each(['q.md', 'a/b/z.md', 'x/y.md'])('[[/b/Plan]] in %s → unresolved (step 6: no fallback)', (source) => {
    expect(res(WORKED, '/b/Plan', source)).toEqual({ kind: 'missing' });
  });
  it('[[../Note]] in work/sub/y.md → work/Note.md (step 4)', () => {
    expect(res(WORKED, '../Note', 'work/sub/y.md')).toEqual({ kind: 'resolved', path: 'work/Note.md', rule: 'relative' });
  });
  it.each(['NOTE.MD', 'note.md', 'Note.md', 'NOTE'])('[[%s]] → as [[note]] (case-insensitive, .md optional)', (linkpath) => {
    expect(to(WORKED, linkpath, 'home/x.md')).toBe('Note.md');
  });
});

describe('§5 step 1: an empty linkpath is the source itself', () => {
  it('[[#H]] → self', () => {
    expect(res(WORKED, '', 'home/x.md')).toEqual({ kind: 'self' });
  });
  it('[[#H]] makes no graph edge and is counted as self (S3)', () => {
    const b = buildGraph({ notes: [note('a.md', '[[#H]] [[#^id]] [](#H)')], attachments: [] }, DEFAULT_OPTIONS);
    expect(b.graph.size).toBe(0);
    expect(b.counts).toMatchObject({ links: 3, self: 3, resolved: 0, unresolved: 0 });
  });
  it('a link to the note itself by name makes no self-loop edge', () => {
    const b = buildGraph({ notes: [note('a.md', '[[a]]')], attachments: [] }, DEFAULT_OPTIONS);
    expect(b.graph.size).toBe(0);
  });
});

describe('§5 step 2: the last segment, by file name with extension, then + .md', () => {
  const vault = ['img.png', 'my.file.md', 'Note.md', 'doc.pdf', 'c.canvas'];
  it.each([
    ['img', 'missing'],
    ['img.png', 'img.png'],
    ['IMG.PNG', 'img.png'],
    ['my.file', 'my.file.md'],
    ['my.file.md', 'my.file.md'],
    ['Note', 'Note.md'],
    ['Note.md', 'Note.md'],
    ['doc.pdf', 'doc.pdf'],
    ['doc', 'missing'],
    ['c.canvas', 'c.canvas'],
    ['Nope', 'missing'],
  ])('[[%s]] → %s', (linkpath, expected) => {
    expect(to(vault, linkpath, 'q.md')).toBe(expected);
  });
  it('§12: [[img]] with img.png present is unresolved with key img', () => {
    const b = buildGraph({ notes: [note('src/x.md', '[[img]]')], attachments: ['img.png'] }, DEFAULT_OPTIONS);
    expect(b.broken.map((l) => [l.target, l.node])).toEqual([['img', 'img']]);
    expect(b.graph.getNodeAttribute('img', 'kind')).toBe('unresolved');
  });
  it('§12: [[A.md]], [[a]], [[A ]] are the same as [[A]] (one edge, count 4)', () => {
    const b = buildGraph({ notes: [note('src/x.md', '[[A]] [[A.md]] [[a]] [[A ]]'), note('A.md', '')], attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(b.graph)).toEqual(['src/x -link-> A']);
    expect(b.graph.getEdgeAttribute('link:src/x->A', 'count')).toBe(4);
  });
  it('folders are not targets: [[Projects]] with only Projects/a.md is unresolved', () => {
    expect(to(['Projects/a.md'], 'Projects', 'q.md')).toBe('missing');
  });
});

describe('§5 step 3: a bare name with exactly one file', () => {
  it('[[unique]] → deep/down/Unique.md from anywhere', () => {
    expect(res(['deep/down/Unique.md', 'other/Note.md'], 'unique', 'other/x.md')).toEqual({ kind: 'resolved', path: 'deep/down/Unique.md', rule: 'unique-name' });
  });
});

describe('§5 step 4: ./ and ../ against the source folder', () => {
  it.each([
    ['./Note', 'work/y.md', 'work/Note.md'],
    ['./../Note', 'work/sub/y.md', 'work/Note.md'],
    ['../../Note', 'work/sub/y.md', 'Note.md'],
    ['../sub/Note', 'work/sub/y.md', 'work/sub/Note.md'],
    ['../NOTE', 'work/sub/y.md', 'work/Note.md'],
  ])('[[%s]] in %s → %s', (linkpath, source, expected) => {
    expect(res(WORKED, linkpath, source)).toEqual({ kind: 'resolved', path: expected, rule: 'relative' });
  });
  it.each([
    ['../Note', 'r.md'],
    ['../../Note', 'work/y.md'],
    ['../../../Note', 'work/sub/y.md'],
  ])('.. above the vault root never resolves: [[%s]] in %s', (linkpath, source) => {
    expect(res(WORKED, linkpath, source)).toEqual({ kind: 'missing' });
  });
  it('a relative path to no file is unresolved (no suffix fallback)', () => {
    expect(res(WORKED, '../Plan', 'work/sub/y.md')).toEqual({ kind: 'missing' });
  });
});

describe('§5 step 5 and 6: vault-absolute paths', () => {
  it.each([
    ['/a/b/Plan', 'a/b/Plan.md'],
    ['/Note', 'Note.md'],
    ['/WORK/SUB/note', 'work/sub/Note.md'],
    ['work/sub/Note', 'work/sub/Note.md'],
  ])('[[%s]] → %s', (linkpath, expected) => {
    expect(res(WORKED, linkpath, 'x/a/b/z.md')).toMatchObject({ kind: 'resolved', path: expected, rule: 'exact' });
  });
  it('[[/Plan]] (leading / and no root Plan.md) is unresolved', () => {
    expect(res(WORKED, '/Plan', 'q.md')).toEqual({ kind: 'missing' });
  });
  it('[[/Unique]] does not fall back to the unique name', () => {
    expect(res(['deep/Unique.md'], '/Unique', 'q.md')).toEqual({ kind: 'missing' });
  });
});

describe('§5 step 7: suffix match, source-folder group first, then shortest', () => {
  it('a longer candidate in the source folder beats a shorter one elsewhere', () => {
    expect(to(['home/deep/er/Note.md', 'work/Note.md'], 'Note', 'home/x.md')).toBe('home/deep/er/Note.md');
  });
  it('the source folder group includes subfolders', () => {
    expect(to(['work/sub/Note.md', 'a/Note.md'], 'Note', 'work/x.md')).toBe('work/sub/Note.md');
  });
  it('a sibling folder sharing a name prefix is not the source folder (work vs workshop)', () => {
    expect(to(['workshop/long/Note.md', 'b/Note.md'], 'Note', 'work/x.md')).toBe('b/Note.md');
  });
  it('outside the source folder: shortest path first', () => {
    expect(to(['x/a/b/Plan.md', 'a/b/Plan.md'], 'Plan', 'q/z.md')).toBe('a/b/Plan.md');
  });
  it('at the vault root every candidate is in the source group', () => {
    expect(to(['zz/Plan.md', 'a/b/Plan.md'], 'Plan', 'q.md')).toBe('zz/Plan.md');
  });
  it('quirk: the suffix match has no segment boundary, [[b/Plan]] matches xb/Plan.md', () => {
    expect(res(['xb/Plan.md'], 'b/Plan', 'q.md')).toEqual({ kind: 'resolved', path: 'xb/Plan.md', rule: 'suffix', partial: true });
    expect(res(['a/b/Plan.md'], 'b/Plan', 'q.md')).toEqual({ kind: 'resolved', path: 'a/b/Plan.md', rule: 'suffix' });
  });
  it('quirk: a suffix match across a segment boundary gets a lint warning', () => {
    const b = buildGraph({ notes: [note('q.md', 'x\n[[b/Plan]]'), note('xb/Plan.md', '')], attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(b.graph)).toEqual(['q -link-> xb/Plan']);
    expect(b.diagnostics.filter((d) => d.path === 'q.md' && d.line === 2 && d.severity === 'warning').map((d) => d.code)).toEqual(['partial-path-match']);
  });
  it('no candidate ends with the path → unresolved', () => {
    expect(res(WORKED, 'c/Plan', 'q.md')).toEqual({ kind: 'missing' });
  });
  it('one index, the same linkpath from several folders: each gets its own answer (the memo never leaks)', () => {
    const index = buildIndex(['a/Plan.md', 'a/x.md', 'b/Plan.md', 'b/c/Note.md', 'b/y.md', 'q.md'].sort());
    const path = (link: string, from: string) => { const r = resolveLink(link, from, index); return r.kind === 'missing' || r.kind === 'self' ? r.kind : r.path; };
    for (let round = 0; round < 2; round++) { // the second round answers from the memo
      expect([path('Plan', 'a/x.md'), path('Plan', 'b/y.md'), path('Plan', 'q.md')]).toEqual(['a/Plan.md', 'b/Plan.md', 'a/Plan.md']);
      expect([path('./Plan', 'a/x.md'), path('./Plan', 'b/y.md'), path('../Plan', 'b/c/Note.md')]).toEqual(['a/Plan.md', 'b/Plan.md', 'b/Plan.md']);
      expect([path('c/Note', 'a/x.md'), path('b/Plan', 'q.md'), path('Nope', 'a/x.md')]).toEqual(['b/c/Note.md', 'b/Plan.md', 'missing']);
    }
  });
});

describe('ambiguity is reported with its candidates', () => {
  it('buildGraph gives ambiguous-link on the link line, naming both candidates, and still draws the edge', () => {
    const notes = [note('r.md', 'x\n[[Note]]'), note('home/Note.md', ''), note('work/Note.md', '')];
    const b = buildGraph({ notes, attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(b.graph)).toEqual(['r -link-> home/Note']);
    const d = b.diagnostics.filter((x) => x.code === 'ambiguous-link');
    expect(d.map((x) => [x.path, x.line, x.column])).toEqual([['r.md', 2, 1]]);
    expect(d[0]!.message).toContain('home/Note.md');
    expect(d[0]!.message).toContain('work/Note.md');
    expect(b.counts).toMatchObject({ resolved: 1, ambiguous: 1 });
  });
});

describe('aliases never resolve links (unless resolveAliases)', () => {
  const target = note('Artificial Intelligence.md', '---\naliases: [AI]\n---\n');
  const source = note('src/x.md', '[[AI]]');
  it('§12: [[AI]] is unresolved by default', () => {
    const b = buildGraph({ notes: [source, target], attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(b.graph)).toEqual(['src/x -link-> AI']);
    expect(b.graph.getNodeAttribute('AI', 'kind')).toBe('unresolved');
    expect(b.broken.map((l) => l.target)).toEqual(['AI']);
  });
  it('§12: resolveAliases:true resolves it', () => {
    const b = buildGraph({ notes: [source, target], attachments: [] }, { ...DEFAULT_OPTIONS, resolveAliases: true });
    expect(edgeList(b.graph)).toEqual(['src/x -link-> Artificial Intelligence']);
    expect(b.broken).toEqual([]);
  });
  it('resolveLink: alias only when enabled, and case-insensitively', () => {
    const idx = buildIndex(['Artificial Intelligence.md'], new Map([['Artificial Intelligence.md', ['AI']]]));
    expect(resolveLink('ai', 'x.md', idx, false)).toEqual({ kind: 'missing' });
    expect(resolveLink('ai', 'x.md', idx, true)).toEqual({ kind: 'resolved', path: 'Artificial Intelligence.md', rule: 'alias' });
  });
  it('a file name still wins over an alias', () => {
    const idx = buildIndex(['AI.md', 'Artificial Intelligence.md'], new Map([['Artificial Intelligence.md', ['AI']]]));
    expect(resolveLink('AI', 'x.md', idx, true)).toMatchObject({ kind: 'resolved', path: 'AI.md' });
  });
});

describe('G1 unresolved keys: linkpath as written, merged case-insensitively, first spelling kept', () => {
  it('[[Missing]] and [[missing.md]] are one placeholder "Missing"', () => {
    const b = buildGraph({ notes: [note('a.md', '[[Missing]] [[missing.md]] [[Missing#H]]')], attachments: [] }, DEFAULT_OPTIONS);
    expect(b.graph.filterNodes((_n, a) => a.kind === 'unresolved')).toEqual(['Missing']);
    expect(b.graph.getEdgeAttribute('link:a->Missing', 'count')).toBe(3);
  });
  it('the placeholder keeps the folder path as written ([[Projects/New]])', () => {
    const b = buildGraph({ notes: [note('a.md', '[[Projects/New]]')], attachments: [] }, DEFAULT_OPTIONS);
    expect(b.graph.getNodeAttributes('Projects/New')).toMatchObject({ kind: 'unresolved', path: 'Projects/New', folder: 'Projects' });
  });
});

describe('S4: a broken subpath still resolves to the note', () => {
  it('[[Note#Missing heading]] is a normal edge to Note', () => {
    const b = buildGraph({ notes: [note('a.md', '[[Note#Missing heading]]'), note('Note.md', '# Other')], attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(b.graph)).toEqual(['a -link-> Note']);
  });
});

describe('R3 Unicode: NFC paths, NFC linktext', () => {
  const nfc = 'Caf\u00e9';
  const nfd = 'Cafe\u0301';
  it('an NFD wikilink resolves to an NFC vault path', () => {
    const link = note('x.md', `[[${nfd}]]`).links[0]!;
    expect(resolveLink(link.target, 'x.md', index([`${nfc}.md`]))).toMatchObject({ kind: 'resolved', path: `${nfc}.md` });
  });
  it('an NFD percent-encoded Markdown link resolves to an NFC vault path', () => {
    const link = note('x.md', '[t](Cafe%CC%81.md)').links[0]!;
    expect(resolveLink(link.target, 'x.md', index([`${nfc}.md`]))).toMatchObject({ kind: 'resolved', path: `${nfc}.md` });
  });
  it('an NFD property link resolves to an NFC vault path', () => {
    const link = note('x.md', `---\nup: "[[${nfd}]]"\n---\n`).links[0]!;
    expect(resolveLink(link.target, 'x.md', index([`${nfc}.md`]))).toMatchObject({ kind: 'resolved', path: `${nfc}.md` });
  });
  it('case folding works beyond ASCII: [[ÉCOLE]] → école.md', () => {
    expect(to(['école.md'], '\u00c9COLE', 'q.md')).toBe('école.md');
  });
  it('CJK names resolve by exact name', () => {
    expect(to(['01-博客/笔记.md'], '笔记', 'q.md')).toBe('01-博客/笔记.md');
  });
});

describe('E1/E3 embeds resolve like links and draw embed edges', () => {
  it('![[pic.png]] and ![](pic.png) → an attachment node and one embed edge (count 2)', () => {
    const b = buildGraph({ notes: [note('a.md', '![[pic.png]] ![x](att/pic.png)')], attachments: ['att/pic.png'] }, DEFAULT_OPTIONS);
    expect(edgeList(b.graph)).toEqual(['a -embed-> att/pic.png']);
    expect(b.graph.getNodeAttribute('att/pic.png', 'kind')).toBe('attachment');
    expect(b.graph.getEdgeAttribute('embed:a->att/pic.png', 'count')).toBe(2);
  });
  it('![[doc.pdf#page=3]] keeps #page=3 as a subpath', () => {
    const b = buildGraph({ notes: [note('a.md', '![[doc.pdf#page=3]]')], attachments: ['doc.pdf'] }, DEFAULT_OPTIONS);
    expect(b.graph.getEdgeAttribute('embed:a->doc.pdf', 'occurrences')[0]!.subpath).toBe('#page=3');
  });
  it('§12: [[A#H|x]] and [[A#^id]] → one edge to A with count 2; [[#H]] no edge', () => {
    const b = buildGraph({ notes: [note('src/x.md', '[[A#H|x]] [[A#^id]] [[#H]]'), note('A.md', '# H\ntext ^id')], attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(b.graph)).toEqual(['src/x -link-> A']);
    expect(b.graph.getEdgeAttribute('link:src/x->A', 'count')).toBe(2);
    expect(b.counts.self).toBe(1);
  });
  it('§12: [t](A%20B.md) and [t](<A B.md>) → A B; [t](A B.md) no link', () => {
    const b = buildGraph({ notes: [note('src/x.md', '[t](A%20B.md) [t](<A B.md>) [t](A B.md)'), note('A B.md', '')], attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(b.graph)).toEqual(['src/x -link-> A B']);
    expect(b.graph.getEdgeAttribute('link:src/x->A B', 'count')).toBe(2);
  });
  it('§12: [t](https://x) and [t][r] + [r]: A.md make no graph link', () => {
    const b = buildGraph({ notes: [note('src/x.md', '[t](https://x) [t][r]\n\n[r]: A.md'), note('A.md', '')], attachments: [] }, DEFAULT_OPTIONS);
    expect(b.graph.size).toBe(0);
    expect(b.counts.links).toBe(0);
  });
  it('§12: frontmatter up: "[[A]]" → typed edge up; up: [[A]] and n: "see [[A]]" → nothing', () => {
    const typed = buildGraph({ notes: [note('src/x.md', '---\nup: "[[A]]"\n---\n'), note('A.md', '')], attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(typed.graph)).toEqual(['src/x -up-> A']);
    const none = buildGraph({ notes: [note('src/x.md', '---\nup: [[A]]\nn: "see [[A]]"\n---\n'), note('A.md', '')], attachments: [] }, DEFAULT_OPTIONS);
    expect(none.graph.size).toBe(0);
  });
  it('§12: %%[[A]]%% → link to A (flag indexComments)', () => {
    const on = buildGraph({ notes: [note('src/x.md', '%%[[A]]%%'), note('A.md', '')], attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(on.graph)).toEqual(['src/x -link-> A']);
    const off = buildGraph({ notes: [parseNote('src/x.md', '%%[[A]]%%', { ...OPTS, indexComments: false }), note('A.md', '')], attachments: [] }, DEFAULT_OPTIONS);
    expect(off.graph.size).toBe(0);
  });
});
