// Analytics: which notes matter (PageRank, in-degree hubs per relation family), how the vault
// clusters (Louvain communities with their top notes and topics), which notes bridge clusters
// (betweenness), and how many pieces it falls into (weakly connected components). Pure functions
// of the built graph; the same graph gives the same numbers (Louvain's RNG is seeded).

import { mulberry32 } from '../core/random.ts';
import Graph, { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';
import { connectedComponents } from 'graphology-components';
import betweenness from 'graphology-metrics/centrality/betweenness.js';
import pagerank from 'graphology-metrics/centrality/pagerank.js';
import type { VaultGraph } from '../core/graph.ts';
import type { NodeKind } from '../core/types.ts';

/** Relation families: typed 相关文档 relations, topic links, plain links/embeds/fields, tags. */
export type Family = 'document' | 'topic' | 'link' | 'tag';
export const FAMILIES: readonly Family[] = ['document', 'topic', 'link', 'tag'];

/** The relations a 相关文档 item can carry: every reason's relation, and `related` (no or unknown reason). */
export function documentRelations(reasons: Record<string, string>): Set<string> {
  return new Set([...Object.values(reasons), 'related']);
}

export function relationFamily(relation: string, documents: ReadonlySet<string>): Family {
  if (documents.has(relation)) return 'document';
  if (relation === 'topic' || relation === 'tag') return relation;
  return 'link';
}

export interface AnalyticsOptions {
  /** How many entries each ranking lists. */
  top: number;
  /** Seed of Louvain's random walk: the same seed, the same communities. */
  seed: number;
  /** Betweenness is O(n·m): exact up to this many nodes (about 1 s for 3,300 notes), above it estimated from this many sampled sources. */
  betweennessSources: number;
}

export const DEFAULT_ANALYTICS_OPTIONS: AnalyticsOptions = { top: 10, seed: 42, betweennessSources: 4000 };

const NOTE_KINDS: ReadonlySet<NodeKind> = new Set(['note', 'topic']);

export interface Ranked { node: string; label: string; kind: NodeKind; value: number }
export interface Community { id: number; size: number; topNotes: Ranked[]; topics: { node: string; label: string; links: number }[] }
export interface Bridge extends Ranked { communities: number }

export interface Analytics {
  /** PageRank over all relations but tags, on note and topic nodes (sums to 1). */
  pagerank: Record<string, number>;
  /** Community number of each note or topic node (0 = largest community). */
  community: Record<string, number>;
  top: Ranked[];
  families: Record<Family, { edges: number; hubs: Ranked[]; pagerank: Ranked[] }>;
  communities: { count: number; singletons: number; modularity: number; list: Community[] };
  bridges: { sampled: boolean; sources: number; list: Bridge[] };
  components: { count: number; sizes: number[]; isolated: number };
}

/**
 * The undirected, simple projection of note and topic nodes used by communities, bridges and
 * components: one edge per linked pair, weighted by how many (relation, direction) edges join them.
 * Tag edges and edges to attachments or missing notes are left out.
 */
export function noteProjection(graph: VaultGraph): UndirectedGraph {
  const p = new UndirectedGraph({ allowSelfLoops: false });
  graph.forEachNode((n, a) => { if (NOTE_KINDS.has(a.kind)) p.addNode(n); });
  graph.forEachEdge((_e, a, s, t) => {
    if (a.relation === 'tag' || !p.hasNode(s) || !p.hasNode(t)) return;
    p.updateEdge(s, t, (attr) => ({ weight: ((attr.weight as number | undefined) ?? 0) + 1 }));
  });
  return p;
}

/** Directed simple projection of the edges `keep` accepts, weighted by edge count, for PageRank. */
function directedProjection(graph: VaultGraph, keep: (relation: string, targetKind: NodeKind) => boolean): Graph {
  const p = new Graph({ type: 'directed', allowSelfLoops: false });
  graph.forEachEdge((_e, a, s, t, _sa, ta) => {
    if (!keep(a.relation, ta.kind)) return;
    p.mergeNode(s);
    p.mergeNode(t);
    p.updateEdge(s, t, (attr) => ({ weight: ((attr.weight as number | undefined) ?? 0) + 1 }));
  });
  return p;
}

/** PageRank over all relations but tags, on note and topic nodes, weighted by edge count. */
export function notePagerank(graph: VaultGraph): Record<string, number> {
  const overall = directedProjection(graph, (r, kind) => r !== 'tag' && NOTE_KINDS.has(kind));
  graph.forEachNode((n, a) => { if (NOTE_KINDS.has(a.kind)) overall.mergeNode(n); });
  return overall.order > 0 ? pagerank(overall, { getEdgeWeight: 'weight' }) : {};
}

/** Just what `--analytics` writes onto nodes: PageRank and community (cheaper than `analyzeGraph`). */
export function nodeScores(graph: VaultGraph, reasons: Record<string, string>, options: Partial<AnalyticsOptions> = {}): Pick<Analytics, 'community' | 'pagerank'> {
  const opts = { ...DEFAULT_ANALYTICS_OPTIONS, ...options };
  const pr = notePagerank(graph);
  return { pagerank: pr, community: findCommunities(graph, noteProjection(graph), pr, documentRelations(reasons), opts).community };
}

export function analyzeGraph(graph: VaultGraph, reasons: Record<string, string>, options: Partial<AnalyticsOptions> = {}): Analytics {
  const opts = { ...DEFAULT_ANALYTICS_OPTIONS, ...options };
  const documents = documentRelations(reasons);
  const rank = (scores: Record<string, number>, filter: (kind: NodeKind) => boolean = () => true): Ranked[] =>
    Object.entries(scores)
      .filter(([n]) => filter(graph.getNodeAttribute(n, 'kind')))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, opts.top)
      .map(([node, value]) => ({ node, label: graph.getNodeAttribute(node, 'label'), kind: graph.getNodeAttribute(node, 'kind'), value }));

  const pr = notePagerank(graph);

  const families = {} as Analytics['families'];
  for (const family of FAMILIES) {
    const sub = directedProjection(graph, (r, kind) => relationFamily(r, documents) === family && kind !== 'unresolved');
    const indeg: Record<string, number> = {};
    sub.forEachNode((n) => { if (sub.inDegree(n) > 0) indeg[n] = sub.inDegree(n); });
    families[family] = { edges: sub.size, hubs: rank(indeg), pagerank: sub.size > 0 ? rank(pagerank(sub, { getEdgeWeight: 'weight' })) : [] };
  }

  const projection = noteProjection(graph);
  const { community, communities } = findCommunities(graph, projection, pr, documents, opts);
  return {
    pagerank: pr, community, top: rank(pr),
    families,
    communities,
    bridges: findBridges(graph, projection, community, opts),
    components: componentsOf(projection),
  };
}

function findCommunities(graph: VaultGraph, projection: UndirectedGraph, pr: Record<string, number>, documents: ReadonlySet<string>, opts: AnalyticsOptions) {
  if (projection.size === 0) {
    const community = Object.fromEntries(projection.mapNodes((n, _a) => n).map((n, i) => [n, i]));
    return { community, communities: { count: projection.order, singletons: projection.order, modularity: 0, list: [] } };
  }
  const detailed = louvain.detailed(projection, { getEdgeWeight: 'weight', rng: mulberry32(opts.seed) });
  // Louvain's numbers are arbitrary: renumber by size (largest first), ties by smallest member key.
  const members = new Map<number, string[]>();
  projection.forEachNode((n) => {
    const c = detailed.communities[n]!;
    const list = members.get(c);
    if (list) list.push(n);
    else members.set(c, [n]);
  });
  const groups = [...members.values()].map((m) => m.sort()).sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
  const community: Record<string, number> = {};
  groups.forEach((m, i) => { for (const n of m) community[n] = i; });
  const list: Community[] = groups.filter((m) => m.length > 1).slice(0, opts.top).map((m) => {
    const topics = new Map<string, number>();
    for (const n of m) {
      graph.forEachOutEdge(n, (_e, a, _s, t, _sa, ta) => {
        if (ta.kind === 'topic' && !documents.has(a.relation)) topics.set(t, (topics.get(t) ?? 0) + 1);
      });
    }
    const notes = m.filter((n) => graph.getNodeAttribute(n, 'kind') === 'note').sort((a, b) => (pr[b] ?? 0) - (pr[a] ?? 0) || (a < b ? -1 : 1));
    return {
      id: community[m[0]!]!,
      size: m.length,
      topNotes: notes.slice(0, 5).map((n) => ({ node: n, label: graph.getNodeAttribute(n, 'label'), kind: 'note' as const, value: pr[n] ?? 0 })),
      topics: [...topics].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 3)
        .map(([node, links]) => ({ node, label: graph.getNodeAttribute(node, 'label'), links })),
    };
  });
  return {
    community,
    communities: { count: groups.length, singletons: groups.filter((m) => m.length === 1).length, modularity: detailed.modularity, list },
  };
}

/**
 * Betweenness on the note projection, unweighted (a path is a chain of links, however many
 * relations each link carries). Topic notes are on the paths but not in the list: they are hubs by
 * design, and the question is which *notes* join clusters. Exact up to `betweennessSources` nodes; above that, Brandes from an
 * evenly spaced sample of sources, scaled up — the ranking of the top bridges is what matters.
 */
function findBridges(graph: VaultGraph, projection: UndirectedGraph, community: Record<string, number>, opts: AnalyticsOptions): Analytics['bridges'] {
  const n = projection.order;
  const sampled = n > opts.betweennessSources;
  const scores = sampled ? sampledBetweenness(projection, opts.betweennessSources) : betweenness(projection, { getEdgeWeight: null, normalized: false });
  const list = Object.entries(scores)
    .filter(([node, v]) => v > 0 && graph.getNodeAttribute(node, 'kind') === 'note')
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.top)
    .map(([node, value]) => {
      const spanned = new Set<number>();
      projection.forEachNeighbor(node, (nb) => { spanned.add(community[nb]!); });
      return { node, label: graph.getNodeAttribute(node, 'label'), kind: graph.getNodeAttribute(node, 'kind'), value, communities: spanned.size };
    });
  return { sampled, sources: sampled ? opts.betweennessSources : n, list };
}

/** Brandes (unweighted, undirected) from `k` sources spread evenly over the node order, scaled by n/k. */
export function sampledBetweenness(g: UndirectedGraph, k: number): Record<string, number> {
  const nodes = g.nodes();
  const index = new Map(nodes.map((x, i) => [x, i]));
  const adj = nodes.map((x) => g.neighbors(x).map((y) => index.get(y)!));
  const n = nodes.length;
  const cb = new Float64Array(n);
  const sigma = new Float64Array(n), dist = new Int32Array(n), delta = new Float64Array(n);
  const stack = new Int32Array(n), queue = new Int32Array(n);
  const sources = Math.min(k, n);
  for (let j = 0; j < sources; j++) {
    const s = Math.floor((j * n) / sources);
    sigma.fill(0); dist.fill(-1); delta.fill(0);
    sigma[s] = 1; dist[s] = 0;
    let head = 0, tail = 0, top = 0;
    queue[tail++] = s;
    while (head < tail) {
      const v = queue[head++]!;
      stack[top++] = v;
      for (const w of adj[v]!) {
        if (dist[w]! < 0) { dist[w] = dist[v]! + 1; queue[tail++] = w; }
        if (dist[w] === dist[v]! + 1) sigma[w]! += sigma[v]!;
      }
    }
    while (top > 0) {
      const w = stack[--top]!;
      for (const v of adj[w]!) if (dist[v] === dist[w]! - 1) delta[v]! += (sigma[v]! / sigma[w]!) * (1 + delta[w]!);
      if (w !== s) cb[w]! += delta[w]!;
    }
  }
  // Each undirected path is seen from both ends when every node is a source: halve, then scale.
  const scale = n / sources / 2;
  return Object.fromEntries(nodes.map((x, i) => [x, cb[i]! * scale]));
}

function componentsOf(projection: UndirectedGraph): Analytics['components'] {
  const sizes = connectedComponents(projection).map((c) => c.length).sort((a, b) => b - a);
  return { count: sizes.length, sizes: sizes.slice(0, 10), isolated: sizes.filter((s) => s === 1).length };
}

/** Write `community` and `pagerank` onto the graph's note and topic nodes (for exports and the viewer). */
export function assignAnalytics(graph: VaultGraph, a: Pick<Analytics, 'community' | 'pagerank'>): void {
  graph.forEachNode((n) => {
    const c = a.community[n];
    if (c !== undefined) graph.mergeNodeAttributes(n, { community: c, pagerank: a.pagerank[n] ?? 0 });
  });
}

export { mulberry32 } from '../core/random.ts';
