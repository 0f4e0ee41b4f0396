// `serve --diff` without a browser: the payload's diff (src/viewer/diff-payload.ts) and the page's
// pure model (web/model/diff.ts): ghosts, statuses, counts, a note's added and removed relations.

import { describe, expect, it } from 'vitest';
import { assemble, type VaultModel } from '../src/core/graph.ts';
import { noteOf } from '../src/core/note-of.ts';
import { DEFAULT_OPTIONS } from '../src/core/options.ts';
import { diffModels } from '../src/query/diff.ts';
import { viewerDiff } from '../src/viewer/diff-payload.ts';
import { addDiff, GHOST_EDGE_PREFIX, noteChanges, statusColor, STATUS_COLORS } from '../web/model/diff.ts';
import { toGraph } from '../web/model/to-graph.ts';

type Files = Record<string, string>;
const model = (files: Files): VaultModel =>
  assemble({ notes: Object.keys(files).sort().map((p) => noteOf({ path: p, text: files[p]! }, DEFAULT_OPTIONS)), attachments: [] }, DEFAULT_OPTIONS).model;

const OLD: Files = {
  'A.md': '[[B]] [[Lonely]]\n\n## 相关文档\n\n- [[C]]；关联理由：引用；说明：旧说明。\n',
  'B.md': 'B [[A]]\n',
  'C.md': 'C\n',
  'Lonely.md': 'nothing links here but A\n',
  'Gone.md': 'no one links here\n',
};
const NEW: Files = {
  'A.md': '[[B]] [[Lonely]]\n\n## 相关文档\n\n- [[C]]；关联理由：引用；说明：新说明。\n- [[New]]；关联理由：解说；说明：新关系。\n',
  'B.md': 'B [[A]] [[Missing]]\n',
  'C.md': 'C\n',
  'New.md': 'new\n',
};

describe('viewerDiff', () => {
  const before = model(OLD), after = model(NEW);
  const v = viewerDiff(diffModels(before, after), before, after, 'HEAD~1', ['C']);

  it('sorts notes by status; git\'s modified files count as changed', () => {
    expect(v.added).toEqual(['New']);
    expect(v.removed).toEqual(['Gone', 'Lonely']);
    expect(v.changed).toEqual(['A', 'B', 'C']);
  });

  it('keeps ghosts for what the graph lost, with their old attributes', () => {
    // Lonely lives on as A's broken link's placeholder, so only Gone is a ghost.
    expect(v.ghosts).toEqual([{ key: 'Gone', kind: 'note', label: 'Gone', path: 'Gone.md', folder: '' }]);
    expect(v.edgesRemoved).toEqual([{ source: 'A', target: 'Lonely', relation: 'link', label: 'link' }]);
    expect(v.edgesAdded).toEqual([['A', 'New', 'explains']]);
    expect(v.edgesChanged).toEqual([['A', 'C', 'cites', '旧说明。', '新说明。']]);
    expect(v.brokenAdded).toEqual([['A', 'Lonely'], ['B', 'Missing']]);
  });
});

describe('the page\'s diff model', () => {
  const before = model(OLD), after = model(NEW);
  const v = viewerDiff(diffModels(before, after), before, after, 'HEAD~1');
  const { graph } = toGraph({ vaultName: 'v', graph: after });
  const order = graph.order;
  const ix = addDiff(graph, v);

  it('adds the ghosts to the graph, marked, placed, with their edges', () => {
    expect(graph.order).toBe(order + 1);
    expect(graph.getNodeAttribute('Gone', 'ghost' as never)).toBe(true);
    const ghostEdges = graph.filterEdges((e) => e.startsWith(GHOST_EDGE_PREFIX));
    expect(ghostEdges.map((e) => [graph.source(e), graph.target(e), graph.getEdgeAttribute(e, 'description')]))
      .toEqual([['A', 'Lonely', 'removed since HEAD~1']]);
    const a = graph.getNodeAttributes('Gone') as unknown as { x: number; y: number };
    expect(Number.isFinite(a.x) && Number.isFinite(a.y)).toBe(true);
  });

  it('gives every node and edge a status', () => {
    expect(['New', 'A', 'C', 'Gone', 'Lonely', 'Missing', '#x'].map((k) => ix.node(k))).toEqual(['added', 'changed', 'same', 'removed', 'removed', 'broken', 'same']);
    const edge = (s: string, t: string) => graph.edges(s, t)[0]!;
    expect(ix.edge(edge('A', 'New'))).toBe('added');
    expect(ix.edge(edge('A', 'C'))).toBe('changed');
    expect(ix.edge(edge('B', 'Missing'))).toBe('broken');
    expect(ix.edge(edge('B', 'A'))).toBe('same');
    expect(ix.counts).toEqual({ added: 1, changed: 2, removed: 2, broken: 2, edgesAdded: 1, edgesRemoved: 1, edgesChanged: 1 });
  });

  it('lists one note\'s changes both ways', () => {
    expect(noteChanges(v, 'A')).toEqual({
      added: [{ other: 'New', relation: 'explains', out: true }],
      removed: [{ other: 'Lonely', relation: 'link', out: true }],
      changed: [{ other: 'C', relation: 'cites', before: '旧说明。', after: '新说明。' }],
    });
    expect(noteChanges(v, 'New').added).toEqual([{ other: 'A', relation: 'explains', out: false }]);
  });

  it('colours by status, unchanged by theme', () => {
    expect(statusColor('added', 'dark', 'node')).toBe(STATUS_COLORS.added);
    expect(statusColor('same', 'light', 'edge')).not.toBe(statusColor('same', 'dark', 'edge'));
  });
});
