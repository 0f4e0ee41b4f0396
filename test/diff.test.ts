// The graph diff engine (src/query/diff.ts) and its output formats, on small vaults written in the
// test: one table row per kind of change, renames mapped (no removed+added noise), the JSON contract.

import { describe, expect, it } from 'vitest';
import { assemble, type VaultModel } from '../src/core/graph.ts';
import { noteOf } from '../src/core/note-of.ts';
import { DEFAULT_OPTIONS } from '../src/core/options.ts';
import { diffModels, isEmptyDiff, type VaultDiff } from '../src/query/diff.ts';
import { formatDiffGithub, formatDiffJson, formatDiffMarkdown, formatDiffText, mdText } from '../src/cli/diff-format.ts';

type Files = Record<string, string>;
const model = (files: Files): VaultModel =>
  assemble({ notes: Object.keys(files).sort().map((p) => noteOf({ path: p, text: files[p]! }, DEFAULT_OPTIONS)), attachments: [] }, DEFAULT_OPTIONS).model;
const diff = (a: Files, b: Files, renames?: Array<[string, string]>) => diffModels(model(a), model(b), renames);

const related = (target: string, reason: string, says: string) => `## 相关文档\n\n- [[${target}]]；关联理由：${reason}；说明：${says}\n`;
const BASE: Files = {
  'A.md': `# A\n\n见 [[B]]。\n\n${related('C', '引用', 'A 引用 C。')}`,
  'B.md': 'B 链接 [[A]]。\n',
  'C.md': 'C 链接 [[A]] 和 [[B]]。\n',
  '00-元语/Topic.md': 'topic\n',
};
const edges = (list: VaultDiff['edges']['added']) => list.map((e) => `${e.source} -${e.relation}-> ${e.target}${e.description ? ` (${e.description})` : ''}`);

describe('diffModels', () => {
  it('finds nothing between a vault and itself', () => {
    expect(isEmptyDiff(diff(BASE, BASE))).toBe(true);
  });

  const rows: Array<{ name: string; change: (f: Files) => Files; expect: (d: VaultDiff) => void }> = [
    {
      name: 'a typed relation added',
      change: (f) => ({ ...f, 'B.md': f['B.md'] + related('C', '观点一致', 'B 同意 C。') }),
      expect: (d) => {
        expect(edges(d.edges.added)).toEqual(['B -agrees-> C (B 同意 C。)']);
        expect(d.edges.removed).toEqual([]);
        expect(d.orphans).toEqual({ added: [], removed: [] });
      },
    },
    {
      name: 'a 说明 sentence changed',
      change: (f) => ({ ...f, 'A.md': f['A.md']!.replace('A 引用 C。', 'A 引用 C 的结论。') }),
      expect: (d) => {
        expect(d.edges.added).toEqual([]);
        expect(d.edges.changed.map((c) => [c.source, c.target, c.relation, c.before, c.after])).toEqual([['A', 'C', 'cites', 'A 引用 C。', 'A 引用 C 的结论。']]);
      },
    },
    {
      name: 'a note deleted: its links break, its edges go, its linker may become an orphan',
      change: (f) => { const { 'B.md': _b, ...rest } = f; return rest; },
      expect: (d) => {
        expect(d.notes.removed).toEqual(['B']);
        expect(d.broken.added).toEqual([{ source: 'A', target: 'B', line: 3, path: 'A.md' }, { source: 'C', target: 'B', line: 1, path: 'C.md' }]);
        expect(edges(d.edges.removed)).toEqual(['A -link-> B', 'B -link-> A', 'C -link-> B']);
        expect(d.broken.fixed).toEqual([]);
      },
    },
    {
      name: 'a link broken and another fixed',
      change: (f) => ({ ...f, 'C.md': 'C 链接 [[Nowhere]]。\n' }),
      expect: (d) => {
        expect(d.broken.added.map((b) => `${b.source}→${b.target}:${b.line}`)).toEqual(['C→Nowhere:1']);
        expect(edges(d.edges.removed)).toEqual(['C -link-> A', 'C -link-> B']);
      },
    },
    {
      name: 'a new link to a missing note is broken',
      change: (f) => ({ ...f, 'C.md': 'C 链接 [[A]] 与 [[D]]。\n' }),
      expect: (d) => {
        expect(d.broken.added.map((b) => `${b.source}→${b.target}`)).toEqual(['C→D']);
        expect(d.notes.added).toEqual([]);
      },
    },
    {
      name: 'topic membership',
      change: (f) => ({ ...f, 'B.md': f['B.md'] + '\n## 关联主题\n\n- [[00-元语/Topic]]\n' }),
      expect: (d) => {
        expect(d.topics).toEqual([{ topic: '00-元语/Topic', added: ['B'], removed: [] }]);
        expect(d.orphans.removed).toEqual(['00-元语/Topic']);
      },
    },
    {
      name: 'a new orphan',
      change: (f) => ({ ...f, 'E.md': '无人链接。\n' }),
      expect: (d) => {
        expect(d.notes.added).toEqual(['E']);
        expect(d.orphans.added).toEqual(['E']);
      },
    },
  ];
  for (const row of rows) it(row.name, () => row.expect(diff(BASE, row.change(BASE))));

  it('fixes a broken link when its target appears', () => {
    const broken = { ...BASE, 'C.md': 'C 链接 [[A]] 与 [[D]]。\n' };
    const d = diff(broken, { ...broken, 'D.md': 'D\n' });
    expect(d.broken.fixed.map((b) => `${b.source}→${b.target}`)).toEqual(['C→D']);
    expect(edges(d.edges.added)).toEqual(['C -link-> D']);
    expect(d.orphans.added).toEqual([]);
  });

  describe('renames', () => {
    const moved = (f: Files): Files => { const { 'C.md': c, ...rest } = f; return { ...rest, 'sub/C2.md': c!, 'A.md': f['A.md']!.replaceAll('[[C]]', '[[C2]]') }; };
    it('maps a git rename to the new key: no removed+added edges, no broken links', () => {
      const d = diff(BASE, moved(BASE), [['C.md', 'sub/C2.md']]);
      expect(d.notes).toEqual({ added: [], removed: [], renamed: [['C', 'sub/C2']] });
      expect(d.edges.added).toEqual([]);
      expect(d.edges.removed).toEqual([]);
      expect(d.broken).toEqual({ added: [], fixed: [] });
    });
    it('guesses a rename without git when what the note says is alike', () => {
      const d = diff(BASE, moved(BASE));
      expect(d.notes.renamed).toEqual([['C', 'sub/C2']]);
      expect(d.edges.added).toEqual([]);
    });
    it('pairs a moved note by its file name', () => {
      const { 'B.md': b, ...rest } = BASE;
      const d = diff(BASE, { ...rest, 'old/B.md': b!, 'A.md': BASE['A.md']!.replace('[[B]]', '[[old/B]]') });
      expect(d.notes.renamed).toEqual([['B', 'old/B']]);
      expect(d.edges.added).toEqual([]);
    });
    it('does not pair unlike notes', () => {
      const { 'B.md': _b, ...rest } = BASE;
      const d = diff(BASE, { ...rest, 'Z.md': '完全不同 [[C]]\n' });
      expect(d.notes.renamed).toEqual([]);
      expect(d.notes.added).toEqual(['Z']);
      expect(d.notes.removed).toEqual(['B']);
    });
  });
});

describe('diff output', () => {
  const { 'B.md': _b, ...noB } = BASE;
  const d = diff(BASE, { ...noB, 'C.md': BASE['C.md'] + related('A', '引用', '@someone <b>hi</b> [x](http://e)') });

  it('--json has exactly the documented keys (plus topics and edges.changed)', () => {
    const j = JSON.parse(formatDiffJson(d)) as Record<string, Record<string, unknown>>;
    expect(Object.keys(j)).toEqual(['notes', 'edges', 'broken', 'orphans', 'topics']);
    expect(Object.keys(j.notes!)).toEqual(['added', 'removed', 'renamed']);
    expect(Object.keys(j.edges!)).toEqual(['added', 'removed', 'changed']);
    expect(Object.keys(j.broken!)).toEqual(['added', 'fixed']);
    expect(Object.keys(j.orphans!)).toEqual(['added', 'removed']);
    expect(Object.keys((j.edges!.added as object[])[0]!)).toEqual(['source', 'target', 'relation', 'description']);
    expect((j.broken!.added as object[])[0]).toEqual({ source: 'A', target: 'B', line: 3 });
  });

  it('text names each change and ends with a summary line', () => {
    const t = formatDiffText(d);
    expect(t).toContain('− B');
    expect(t).toContain('+ A:3 → B');
    expect(t.trimEnd().split('\n').at(-1)).toMatch(/^notes \+0 −1 ~0 renamed; edges \+1 −3; broken links \+2/);
  });

  it('markdown is inert: no mentions, HTML or links from note text', () => {
    const m = formatDiffMarkdown(d);
    expect(m).toContain('| broken links | 2 | 0 fixed |');
    expect(m).not.toMatch(/@someone|<b>|\]\(http/);
    expect(mdText('a|b')).toBe('a\\|b');
  });

  it('github annotates the changed lines, escaping properties', () => {
    const g = formatDiffGithub(d, (p) => `vault/${p}`);
    expect(g).toContain('::warning file=vault/A.md,line=3,title=broken link::A links to "B", which does not exist\n');
    expect(g).toMatch(/::notice file=vault\/C\.md,line=\d+,title=cites added::C —cites→ A/);
    expect(g).not.toContain('file=vault/B.md'); // a deleted note gets no annotation
  });

  it('without lines (a side read from a lean graph JSON) annotates the file and leaves the line out of text and JSON', () => {
    const noLines: VaultDiff = { ...d, broken: { added: d.broken.added.map(({ line: _, ...b }) => b), fixed: [] }, edges: { ...d.edges, added: d.edges.added.map(({ line: _, ...e }) => e) } };
    const g = formatDiffGithub(noLines, (p) => `vault/${p}`);
    expect(g).toContain('::warning file=vault/A.md,title=broken link::A links to "B", which does not exist\n');
    expect(g).toMatch(/::notice file=vault\/C\.md,title=cites added::C —cites→ A/);
    expect(formatDiffText(noLines)).toContain('+ A → B');
    expect((JSON.parse(formatDiffJson(noLines)) as { broken: { added: object[] } }).broken.added[0]).toEqual({ source: 'A', target: 'B', line: null });
  });
});
