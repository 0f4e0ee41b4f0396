// Watch mode in the page: the search index patched with a delta's nodes (web/model/search.ts
// patchIndex) is the index built afresh from the patched graph — same entries, same order.

import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { buildIndex, patchIndex, search } from '../web/model/search.ts';
import type { NodeKind } from '../src/core/types.ts';

type A = { label: string; path: string; kind: NodeKind; aliases?: string[] };
const node = (label: string, kind: NodeKind = 'note', aliases?: string[]): A => ({ label, path: `n/${label}.md`, kind, ...(aliases && { aliases }) });

describe('search index: patched like the graph', () => {
  it('changed, added and dropped nodes give the index a rebuild gives', () => {
    const g = new Graph<A>();
    for (const l of ['Alpha', 'Beta', 'Gamma', 'Ｄelta']) g.addNode(l, node(l));
    const index = buildIndex(g.mapNodes((k, a) => [k, a] as const));
    g.dropNode('Beta');
    g.replaceNodeAttributes('Gamma', node('Gamma renamed', 'topic', ['γ']));
    g.addNode('New', node('New', 'unresolved'));
    patchIndex(index, ['Beta', 'Gamma', 'New', 'Alpha'], (k) => (g.hasNode(k) ? g.getNodeAttributes(k) : undefined));
    expect(index).toEqual(buildIndex(g.mapNodes((k, a) => [k, a] as const)));
    expect(search(index, 'γ').map((h) => h.key)).toEqual(['Gamma']);
    expect(search(index, 'beta')).toEqual([]);
  });
});
