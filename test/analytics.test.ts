// Analytics and link suggestions on small hand-made graphs whose answers are known by hand.

import Graph from 'graphology';
import betweenness from 'graphology-metrics/centrality/betweenness.js';
import { describe, expect, it } from 'vitest';
import { analyzeGraph, assignAnalytics, documentRelations, mulberry32, nodeScores, noteProjection, relationFamily, sampledBetweenness } from '../src/query/analytics.ts';
import { runCli } from '../src/cli/main.ts';
import { GRAPH_OPTIONS, type VaultGraph } from '../src/core/graph.ts';
import { DEFAULT_OPTIONS } from '../src/core/options.ts';
import { suggestLinks } from '../src/query/suggest.ts';
import type { NodeKind } from '../src/core/types.ts';
import { captureIo, fixture } from './helpers.ts';

const REASONS = DEFAULT_OPTIONS.reasons;

/** `graph({ a: 'note', t: 'topic' }, [['a', 't', 'topic'], …])`: a VaultGraph from a few lines. */
function graph(nodes: Record<string, NodeKind>, edges: [string, string, string][]): VaultGraph {
  const g: VaultGraph = new Graph(GRAPH_OPTIONS);
  for (const [n, kind] of Object.entries(nodes)) g.addNode(n, { kind, label: n.toUpperCase(), path: `${n}.md`, folder: '', inDegree: 0, outDegree: 0 });
  for (const [s, t, relation] of edges) {
    g.addDirectedEdgeWithKey(`${relation}:${s}->${t}`, s, t, { relation, label: relation, count: 1, origin: 'body', occurrences: [] });
  }
  return g;
}

/** Two 4-cliques a1…a4 and b1…b4, joined only through x (a1 – x – b1). */
function twoCliques(): VaultGraph {
  const names = ['a1', 'a2', 'a3', 'a4', 'b1', 'b2', 'b3', 'b4', 'x'];
  const edges: [string, string, string][] = [];
  for (const side of ['a', 'b']) {
    for (let i = 1; i <= 4; i++) for (let j = i + 1; j <= 4; j++) edges.push([`${side}${i}`, `${side}${j}`, 'link']);
  }
  edges.push(['a1', 'x', 'cites'], ['x', 'b1', 'cites']);
  return graph(Object.fromEntries(names.map((n) => [n, 'note'])), edges);
}

describe('relation families', () => {
  const docs = documentRelations({ ...REASONS, supports: 'supports' });
  it.each([
    ['cites', 'document'], ['contradicts', 'document'], ['related', 'document'], ['supports', 'document'],
    ['topic', 'topic'], ['tag', 'tag'], ['link', 'link'], ['embed', 'link'], ['up', 'link'], ['author', 'link'],
  ])('%s → %s', (relation, family) => expect(relationFamily(relation, docs)).toBe(family));
});

describe('analyzeGraph', () => {
  it('two cliques joined by one bridge: 2 communities, the bridge note has the top betweenness', () => {
    const a = analyzeGraph(twoCliques(), REASONS);
    expect(a.communities.count).toBe(2);
    const side = (p: string) => new Set(['1', '2', '3', '4'].map((i) => a.community[`${p}${i}`]));
    expect(side('a').size).toBe(1);
    expect(side('b').size).toBe(1);
    expect([...side('a')][0]).not.toBe([...side('b')][0]);
    expect(a.bridges.list[0]).toMatchObject({ node: 'x', value: 16, communities: 2 }); // 4 × 4 a–b pairs
    expect(a.bridges.list[1]!.value).toBe(15); // a1 or b1: 3 × 5 pairs
    expect(a.components).toEqual({ count: 1, sizes: [9], isolated: 0 });
  });

  it('is deterministic: the same graph gives the same result twice', () => {
    const g = twoCliques();
    expect(analyzeGraph(g, REASONS)).toEqual(analyzeGraph(g, REASONS));
    expect(nodeScores(g, REASONS)).toEqual(nodeScores(twoCliques(), REASONS));
  });

  it('ranks PageRank and hubs per family; tags are a family of their own', () => {
    const g = graph({ a: 'note', b: 'note', c: 'note', t: 'topic', '#x': 'tag', gone: 'unresolved' }, [
      ['a', 'c', 'cites'], ['b', 'c', 'explains'], ['a', 't', 'topic'], ['b', 't', 'topic'], ['c', 't', 'topic'],
      ['a', '#x', 'tag'], ['b', 'a', 'up'], ['c', 'gone', 'link'],
    ]);
    const a = analyzeGraph(g, REASONS);
    expect(a.top[0]!.node).toBe('t');
    expect(Object.values(a.pagerank).reduce((s, x) => s + x, 0)).toBeCloseTo(1, 6);
    expect(a.pagerank['#x']).toBeUndefined();
    expect(a.families.document.hubs[0]).toMatchObject({ node: 'c', value: 2 });
    expect(a.families.topic.hubs[0]).toMatchObject({ node: 't', value: 3 });
    expect(a.families.link.hubs).toEqual([expect.objectContaining({ node: 'a', value: 1 })]); // the missing note is not a hub
    expect(a.families.tag.hubs[0]).toMatchObject({ node: '#x', value: 1 });
  });

  it('counts weakly connected components of notes, ignoring tags and missing notes', () => {
    const g = graph({ a: 'note', b: 'note', c: 'note', d: 'note', '#x': 'tag', gone: 'unresolved' }, [
      ['a', 'b', 'link'], ['c', '#x', 'tag'], ['d', '#x', 'tag'], ['c', 'gone', 'link'], ['d', 'gone', 'link'],
    ]);
    expect(analyzeGraph(g, REASONS).components).toEqual({ count: 3, sizes: [2, 1, 1], isolated: 2 });
  });

  it('sampled betweenness from every source equals the exact one, and sampling keeps the top bridge', () => {
    const p = noteProjection(twoCliques());
    const exact = betweenness(p, { getEdgeWeight: null, normalized: false });
    const all = sampledBetweenness(p, p.order);
    for (const n of p.nodes()) expect(all[n]).toBeCloseTo(exact[n]!, 9);
    const a = analyzeGraph(twoCliques(), REASONS, { betweennessSources: 5 });
    expect(a.bridges.sampled).toBe(true);
    expect(a.bridges.list[0]!.node).toBe('x');
  });

  it('assignAnalytics writes community and pagerank on note and topic nodes only', () => {
    const g = graph({ a: 'note', t: 'topic', '#x': 'tag' }, [['a', 't', 'topic'], ['a', '#x', 'tag']]);
    assignAnalytics(g, nodeScores(g, REASONS));
    expect(g.getNodeAttribute('a', 'community')).toBe(0);
    expect(g.getNodeAttribute('t', 'pagerank')).toBeGreaterThan(g.getNodeAttribute('a', 'pagerank')!);
    expect(g.getNodeAttributes('#x')).not.toHaveProperty('community');
  });

  it('mulberry32 is a seeded generator in [0, 1)', () => {
    const [r1, r2] = [mulberry32(7), mulberry32(7)];
    const xs = Array.from({ length: 100 }, () => r1());
    expect(xs).toEqual(Array.from({ length: 100 }, () => r2()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('suggestLinks', () => {
  // p and q both cite a and b and share topic t; r and s do too, but r already cites s.
  const g = graph({ p: 'note', q: 'note', r: 'note', s: 'note', a: 'note', b: 'note', t: 'topic', u: 'topic', z: 'note' }, [
    ['p', 'a', 'cites'], ['p', 'b', 'cites'], ['q', 'a', 'cites'], ['q', 'b', 'explains'], ['p', 't', 'topic'], ['q', 't', 'topic'],
    ['r', 'a', 'cites'], ['r', 'b', 'cites'], ['s', 'a', 'cites'], ['s', 'b', 'cites'], ['r', 's', 'agrees'],
    ['z', 'p', 'cites'], ['z', 'q', 'cites'], ['p', 'u', 'topic'], ['q', 'u', 'topic'],
  ]);

  it('suggests the co-citing pair with its explanation, never a pair with a typed relation', () => {
    const list = suggestLinks(g, REASONS);
    expect(list[0]).toMatchObject({ source: 'p', target: 'q', linkedAs: [] });
    expect(list[0]!.explanation).toBe('both cite A and B; both are cited by Z; share topics T and U');
    expect(list.some((x) => x.source === 'r' && x.target === 's')).toBe(false);
    // Adamic–Adar: a and b have 4 links… degree(a) = degree(b) = 4, z = 2, t = u = 2.
    expect(list[0]!.score).toBeCloseTo(2 / Math.log(4) + 3 / Math.log(2), 3);
  });

  it('ranks by score, keeps pairs already joined by a plain link (and says so), and is deterministic', () => {
    const g2 = g.copy();
    g2.addDirectedEdgeWithKey('link:p->q', 'p', 'q', { relation: 'link', label: 'link', count: 1, origin: 'body', occurrences: [] });
    const list = suggestLinks(g2, REASONS);
    expect(list[0]!.linkedAs).toEqual(['link']);
    expect(list[0]!.explanation).toMatch(/already linked \(link\) but with no typed relation$/);
    for (let i = 1; i < list.length; i++) expect(list[i - 1]!.score).toBeGreaterThanOrEqual(list[i]!.score);
    expect(suggestLinks(g2, REASONS)).toEqual(list);
  });

  it('skips hubs above maxHubDegree and pairs with too few shared neighbours', () => {
    expect(suggestLinks(g, REASONS, { maxHubDegree: 3 }).find((x) => x.source === 'p' && x.target === 'q')!.shared.map((s) => s.via)).toEqual(['t', 'u', 'z']);
    expect(suggestLinks(g, REASONS, { minShared: 6 })).toEqual([]);
  });
});

describe('vaultgraph analyze', () => {
  it('prints a report, JSON with --json, and rejects a bad --top', async () => {
    const io = captureIo();
    expect(await runCli(['analyze', fixture('mini'), '-q'], io)).toBe(0);
    expect(io.out()).toContain('communities (Louvain');
    const json = captureIo();
    expect(await runCli(['analyze', fixture('mini'), '-q', '--json', '--top', '3'], json)).toBe(0);
    const report = JSON.parse(json.out()) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['top', 'families', 'communities', 'bridges', 'components', 'suggestions']);
    const bad = captureIo();
    expect(await runCli(['analyze', fixture('mini'), '--top', 'x'], bad)).toBe(2);
    expect(bad.err()).toMatch(/--top must be a positive whole number/);
  });
});
