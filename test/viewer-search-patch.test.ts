// Watch mode in the page: the search index patched with a delta's nodes (web/model/search.ts
// patchIndex) is the index built afresh from the patched graph — same entries, same order. And the
// page's index made in idle time (SteppedIndex) is that index too, however far it got when read.

import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { buildIndex, patchIndex, search, SteppedIndex } from '../web/model/search.ts';
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

describe('search index: made in idle time', () => {
  const graph = () => {
    const g = new Graph<A>();
    for (let i = 0; i < 30; i++) g.addNode(`k${i}`, node(`Note ${i}`, i % 7 ? 'note' : 'topic', i % 5 ? undefined : [`alias ${i}`]));
    return g;
  };
  const attributesOf = (g: Graph<A>) => (k: string) => (g.hasNode(k) ? g.getNodeAttributes(k) : undefined);
  const entriesOf = (index: { entries: unknown }) => JSON.parse(JSON.stringify(index.entries)) as unknown;

  it('in slices of any size, or never stepped, it is the index buildIndex makes', () => {
    const g = graph();
    const whole = entriesOf(buildIndex(g.mapNodes((k, a) => [k, a] as const)));
    for (const slice of [1, 4, 29, 100]) {
      const index = new SteppedIndex(g.nodes(), attributesOf(g));
      let steps = 0;
      for (;;) { let n = 0; steps++; if (index.step(() => n++ < slice)) break; }
      expect(steps).toBe(Math.ceil(30 / slice));
      expect(entriesOf(index)).toEqual(whole);
    }
    expect(entriesOf(new SteppedIndex(g.nodes(), attributesOf(g)))).toEqual(whole);
  });

  it('read half made, a search sees every node', () => {
    const g = graph();
    const index = new SteppedIndex(g.nodes(), attributesOf(g));
    let n = 0;
    expect(index.step(() => n++ < 3)).toBe(false);
    expect(search(index, 'note 29').map((h) => h.key)).toEqual(['k29']);
    expect(search(index, 'alias 25').map((h) => h.key)).toEqual(['k25']);
    expect(index.step(() => true)).toBe(true);
  });

  it('a node dropped before its entry is made has none; patched with a delta, it is the rebuilt index', () => {
    const g = graph();
    const index = new SteppedIndex(g.nodes(), attributesOf(g));
    let n = 0;
    index.step(() => n++ < 10);
    g.dropNode('k20');
    g.dropNode('k3');
    g.replaceNodeAttributes('k15', node('Renamed', 'topic', ['ρ']));
    g.addNode('new', node('New', 'unresolved'));
    patchIndex(index, ['k3', 'k15', 'new'], attributesOf(g));
    expect(entriesOf(index)).toEqual(entriesOf(buildIndex(g.mapNodes((k, a) => [k, a] as const))));
    expect(search(index, 'note 20')).toEqual([]);
    expect(search(index, 'ρ').map((h) => h.key)).toEqual(['k15']);
    expect(index.step(() => true)).toBe(true);
  });
});
