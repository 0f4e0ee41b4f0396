// The orphan rule shared by `vaultgraph orphans` and the viewer: four senses, documents only unless
// topics are asked for, links to missing notes count for nothing, excluded notes are never orphans.

import { describe, expect, it } from 'vitest';
import { describeOrphans, orphanReport, type LinkView, type OrphanSense } from '../src/query/orphans.ts';
import type { NodeKind } from '../src/core/types.ts';

const nodes: Array<[string, NodeKind, boolean?]> = [
  ['a', 'note'], ['b', 'note'], ['c', 'note'], ['lone', 'note'], ['hidden', 'note', true],
  ['T', 'topic'], ['#t', 'tag'], ['missing', 'unresolved'], ['x.png', 'attachment'],
];
const links: Array<[string, string, string]> = [
  ['a', 'b', 'cites'], // a document relation
  ['b', 'T', 'topic'], // topic membership only
  ['c', 'missing', 'link'], // leads nowhere
  ['c', '#t', 'tag'],
  ['T', 'x.png', 'embed'],
];
const view: LinkView = {
  forEachNode: (cb) => { for (const [k, kind, excluded] of nodes) cb(k, { kind, ...(excluded && { excluded }) }); },
  forEachLink: (cb) => { for (const [s, t, r] of links) cb(s, t, r); },
};

describe('orphanReport', () => {
  it.each<[OrphanSense, object, string[]]>([
    ['isolated', {}, ['lone']],
    ['no-incoming', {}, ['a', 'c', 'lone']],
    ['no-relation', {}, ['c', 'lone']],
    ['dead-ends', {}, ['lone']],
    ['no-incoming', { topics: true }, ['a', 'c', 'lone']],
    ['no-relation', { topics: true }, ['T', 'c', 'lone']],
    ['isolated', { ignore: ['tag'] }, ['c', 'lone']],
    ['dead-ends', { ignore: ['tag'] }, ['c', 'lone']],
    ['isolated', { ignore: ['topic', 'tag'], topics: true }, ['c', 'lone']],
  ])('%s %j → %j', (sense, o, expected) => {
    expect(orphanReport(view, sense, o).orphans).toEqual(expected);
  });

  it('counts every sense in one pass, whatever is asked', () => {
    expect(orphanReport(view).counts).toEqual({ isolated: 1, 'no-incoming': 3, 'no-relation': 2, 'dead-ends': 1 });
  });

  it('says which sense it answers, the others beside it', () => {
    expect(describeOrphans(orphanReport(view))).toBe('1 orphan document, isolated (no link either way) · 3 never linked to · 2 without any document relation');
    expect(describeOrphans(orphanReport(view, 'no-relation', { topics: true }), { topics: true })).toMatch(/^3 orphan notes, without any document relation · /);
  });
});
