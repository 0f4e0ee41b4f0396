// Edges left out of the page's graph until shown (web/pending.ts): a page that opens with topic
// edges and tags hidden must count, size, list and colour exactly like one that loaded them all, and
// showing them must give the very same edges (keys, ends, attributes).

import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { encodeCompact, type GraphSource } from '../src/viewer/compact.ts';
import { communities } from '../web/model/communities.ts';
import { computeVisibility, relationInfo, type VaultGraph } from '../web/model/filters.ts';
import { viewerOrphans } from '../web/model/orphans.ts';
import { ORPHAN_SENSES } from '../src/query/orphans.ts';
import { NO_PENDING } from '../web/model/pending.ts';
import { linksOf } from '../web/model/links.ts';
import { deltaInGraphKeys, patchGraph, trackChanges, type PageDelta } from '../web/model/live.ts';
import { keysOf } from '../web/model/keys.ts';
import { toGraph } from '../web/model/to-graph.ts';
import type { NodeKind, ViewerPayload } from '../src/viewer/payload.ts';
import { BIG_GRAPH_EDGES, defaultState, startState } from '../web/model/state.ts';

/**
 * Notes a, b, c, lone; topic hub t. a → t and b → t are topic edges (with the vault's word 关联主题),
 * c → t a topic edge only: c is no orphan, though nothing else links it. a cites b; a → #x tag.
 */
function vault(): ViewerPayload {
  const g = new Graph({ type: 'directed', multi: true });
  const note = (key: string, kind = 'note') => g.addNode(key, { kind, label: key.slice(key.lastIndexOf('/') + 1), path: kind === 'tag' ? key : `${key}.md`, folder: kind === 'tag' ? '' : key.slice(0, Math.max(0, key.lastIndexOf('/'))) });
  for (const k of ['01/a', '01/b', '02/c', '02/lone']) note(k);
  note('00-元语/t', 'topic');
  note('#x', 'tag');
  const edge = (s: string, t: string, relation: string, label = relation) => g.addEdge(s, t, { relation, label, count: 1 });
  edge('01/a', '00-元语/t', 'topic', '关联主题');
  edge('01/a', '01/b', 'cites', '引用');
  edge('01/b', '00-元语/t', 'topic', '关联主题');
  edge('01/a', '#x', 'tag');
  edge('02/c', '00-元语/t', 'topic');
  return { vaultName: 'v', graph: encodeCompact(g as unknown as GraphSource) };
}

/** The graph's key of a vault key (web/model/keys.ts: compact payloads key nodes by index). */
const at = (g: VaultGraph, vaultKey: string) => keysOf(g).node(vaultKey)!;
const edgesOf = (g: VaultGraph) => g.mapEdges((e, a, s, t) => [e, s, t, a]).sort((x, y) => String(x[0]).localeCompare(String(y[0])));
const state = (hidden: string[], showOrphans = true) => ({ ...defaultState(), hiddenRelations: new Set(hidden), hiddenKinds: new Set<NodeKind>(['tag']), showOrphans });
const hide = (relations: string[], kinds: NodeKind[] = ['tag']) => ({ relations: new Set(relations), kinds: new Set(kinds) });

describe('pending edges (web/pending.ts)', () => {
  const full = toGraph(vault()).graph;

  it('keeps hidden edges out of the graph, and counts them everywhere', () => {
    const { graph, pending } = toGraph(vault(), hide(['topic']));
    expect(graph.edges()).toEqual(['1']); // a cites b: the topic edges and the edge into the hidden tag wait
    expect(pending.size).toBe(4);
    // Sizes count the topic in-links: the hub looks the same.
    expect(graph.mapNodes((_k, a) => (a as unknown as { size: number }).size)).toEqual(full.mapNodes((_k, a) => (a as unknown as { size: number }).size));
    expect(relationInfo(graph, pending)).toEqual(relationInfo(full));
    for (const sense of ORPHAN_SENSES) expect(viewerOrphans(graph, pending, sense)).toEqual(viewerOrphans(full, NO_PENDING, sense));
    expect(viewerOrphans(graph).orphans).toContain(at(graph, '02/c')); // what it would say without them
    for (const s of [state(['topic']), state(['topic'], false)]) {
      const [a, b] = [computeVisibility(graph, s, pending), computeVisibility(full, s)];
      expect([[...a.nodes], [...a.edges], a.relations]).toEqual([[...b.nodes], [...b.edges], b.relations]);
    }
    for (const dir of ['out', 'in'] as const) {
      for (const key of ['01/a', '00-元语/t']) expect(linksOf(graph, at(graph, key), dir, pending)).toEqual(linksOf(full, at(full, key), dir));
    }
    expect(communities(graph, pending).size).toBe(communities(full).size);
  });

  it('showing a relation or a kind loads the same edges', () => {
    const { graph, pending } = toGraph(vault(), hide(['topic']));
    expect(pending.show(graph, hide(['topic']))).toBe(0);
    expect(pending.show(graph, hide([]))).toBe(3);
    expect(pending.size).toBe(1);
    expect(pending.show(graph, hide([], []))).toBe(1);
    expect(pending.size).toBe(0);
    expect(edgesOf(graph)).toEqual(edgesOf(full));
    expect(pending.show(graph, hide([], []))).toBe(0);
  });

  it('a node that changes kind shows its waiting edges (watch mode: a missing note created)', () => {
    const { graph, pending } = toGraph(vault(), hide([], ['tag', 'unresolved']));
    expect(pending.size).toBe(1);
    graph.setNodeAttribute(at(graph, '#x'), 'kind', 'note');
    expect(pending.show(graph, hide([], ['tag', 'unresolved']), [at(graph, '01/b')])).toBe(0);
    expect(pending.show(graph, hide([], ['tag', 'unresolved']), [at(graph, '#x')])).toBe(1);
  });

  it('a watch-mode delta that drops a waiting edge forgets it; one that changes it replaces it', () => {
    const { graph, pending } = toGraph(vault(), hide(['topic'], []));
    const delta: PageDelta = {
      addedNodes: [], droppedNodes: [], changedNodes: [], addedEdges: [],
      droppedEdges: [{ key: 'topic:02/c->00-元语/t', source: '02/c', target: '00-元语/t', relation: 'topic' }],
      changedEdges: [{ key: 'topic:01/a->00-元语/t', source: '01/a', target: '00-元语/t', attributes: { relation: 'topic', label: '主题', count: 2 } }],
    };
    const tracker = trackChanges(graph);
    // The server speaks vault keys; the page patches in its own (main.ts does the same).
    patchGraph(graph, deltaInGraphKeys(delta, keysOf(graph)), pending);
    const [c, t, a] = [at(graph, '02/c'), at(graph, '00-元语/t'), at(graph, '01/a')];
    // No graphology event says a waiting edge went, but its ends' sizes change: the live view judges them again.
    expect([...tracker.changes.nodes]).toEqual(expect.arrayContaining([c, t]));
    expect(pending.size).toBe(1);
    expect(pending.degree(c)).toBe(0);
    expect(graph.hasEdge('topic:01/a->00-元语/t')).toBe(true);
    expect(graph.extremities('topic:01/a->00-元语/t')).toEqual([a, t]);
    pending.show(graph, hide([], []));
    expect(graph.size).toBe(4); // cites, tag, the changed topic edge, b → t
    expect(graph.edges(c, t)).toEqual([]);
    expect(graph.edges(a, t).map((e) => graph.getEdgeAttribute(e, 'label'))).toEqual(['主题']);
  });
});

describe('startState', () => {
  it('hides topic edges at open when they are a quarter of the edges or the vault is big, and the URL wins', () => {
    const small = vault();
    // The small vault: 3 of its 5 edges are topic edges.
    expect([...startState(small, '').state.hiddenRelations]).toEqual(['topic']);
    const few = vault();
    const fc = few.graph as ReturnType<typeof encodeCompact>;
    const topicRel = fc.rels.findIndex(([r]) => r === 'topic');
    const other = Array.from(fc.rel).find((r) => r !== topicRel)!;
    const mostlyTyped: ViewerPayload = { vaultName: 'v', graph: { ...fc, target: Array(20).fill(0), rel: [topicRel, ...Array(19).fill(other)] } };
    expect([...startState(mostlyTyped, '').state.hiddenRelations]).toEqual([]);
    const c = vault().graph as ReturnType<typeof encodeCompact>;
    const big: ViewerPayload = { vaultName: 'v', graph: { ...c, target: Array(BIG_GRAPH_EDGES + 1).fill(0), rel: Array(BIG_GRAPH_EDGES + 1).fill(0) } };
    expect([...startState(big, '').base.hiddenRelations]).toEqual(['topic']);
    expect([...startState(big, '#hr=').state.hiddenRelations]).toEqual([]);
    expect([...startState(small, '#hr=topic,tag').state.hiddenRelations]).toEqual(['topic', 'tag']);
  });
});
