// Which nodes and edges are visible for a view state, and the counts the legend shows. Pure: takes
// a graphology graph of the core's attributes and a ViewState; no sigma.

import { NODE_KINDS, type NodeKind } from '../../src/viewer/payload.ts';
import type { VaultGraph } from './graph.ts';
import { NO_PENDING, type PendingEdges } from './pending.ts';
import { KeySet } from './key-set.ts';
import { compileQuery } from '../../src/viewer/query.ts';
import type { ViewState } from './state.ts';

export type { VaultGraph } from './graph.ts';

export interface Visibility {
  nodes: Set<string>;
  edges: Set<string>;
  /** Visible nodes per kind. */
  kinds: Record<NodeKind, number>;
  /** Visible edges per relation. */
  relations: Map<string, number>;
  /** Local graph walked around the topics: how many nodes walking through them would have shown. */
  topicsLeftOut?: number;
}

type FilterState = Pick<ViewState, 'selected' | 'depth' | 'hiddenRelations' | 'hiddenKinds' | 'showOrphans' | 'folder' | 'filter'>
  & Partial<Pick<ViewState, 'walkTopics'>>;

/**
 * A local graph that would show more than this share of the vault walks around topic hubs (they
 * are reached, not walked through), unless asked: through them depth 2 covered 2,645 of the users'
 * 3,352 nodes.
 */
export const LOCAL_TOPIC_SHARE = 0.25;

/** Tags and unresolved links have no folder of their own: they follow the notes that use them. */
const FOLLOWERS: ReadonlySet<NodeKind> = new Set(['tag', 'unresolved']);

/** The node rule, shared by the whole pass and the incremental one: `out`, `in`, or `follower` (decided by its neighbours). */
function nodeRule(graph: VaultGraph, s: FilterState, pending: PendingEdges) {
  const match = compileQuery(s.filter);
  const narrowed = s.folder !== '' || match !== null;
  const edgeOk = (e: string) => !s.hiddenRelations.has(graph.getEdgeAttribute(e, 'relation'));
  const test = (key: string, a: VaultGraph extends { getNodeAttributes(k: string): infer A } ? A : never): 'out' | 'in' | 'follower' => {
    if (s.hiddenKinds.has(a.kind)) return 'out';
    if (!s.showOrphans && graph.degree(key) === 0 && pending.degree(key) === 0) return 'out';
    if (narrowed && FOLLOWERS.has(a.kind) && !match?.(key, a)) return 'follower';
    if (s.folder && !inFolder(a.folder, s.folder)) return 'out';
    if (match && !match(key, a)) return 'out';
    return 'in';
  };
  // A tag or unresolved link stays when a visible note (not another follower) links to it through a shown relation.
  const followerShown = (key: string, shown: (n: string) => boolean) =>
    graph.someEdge(key, (e, _a, src, tgt) => edgeOk(e) && shown(src === key ? tgt : src));
  return { test, followerShown, edgeOk };
}

const countKinds = (graph: VaultGraph, nodes: Set<string>): Record<NodeKind, number> => {
  const kinds = Object.fromEntries(NODE_KINDS.map((k) => [k, 0])) as Record<NodeKind, number>;
  for (const n of nodes) kinds[graph.getNodeAttribute(n, 'kind')]++;
  return kinds;
};

/** `pending`: edges not in the graph yet (their relations are hidden); they count for "has links". */
export function computeVisibility(graph: VaultGraph, s: FilterState, pending: PendingEdges = NO_PENDING): Visibility {
  const { test, followerShown, edgeOk } = nodeRule(graph, s, pending);
  let nodes: Set<string> = new KeySet(graph.order);
  const followers: string[] = [];
  graph.forEachNode((key, a) => {
    const r = test(key, a);
    if (r === 'follower') followers.push(key);
    else if (r === 'in') nodes.add(key);
  });
  const shown = followers.filter((key) => followerShown(key, (n) => nodes.has(n)));
  for (const key of shown) nodes.add(key);
  let topicsLeftOut: number | undefined;
  if (s.selected && s.depth > 0 && graph.hasNode(s.selected)) {
    const center = s.selected;
    const nodeOk = (n: string) => nodes.has(n) || n === center;
    const all = ball(graph, center, s.depth, nodeOk, edgeOk);
    const through = (n: string) => n === center || graph.getNodeAttribute(n, 'kind') !== 'topic';
    if (!s.walkTopics && all.size > LOCAL_TOPIC_SHARE * nodes.size) {
      const around = ball(graph, center, s.depth, nodeOk, edgeOk, through);
      if (around.size < all.size) topicsLeftOut = all.size;
      nodes = around;
    } else nodes = all;
  }
  const edges = new KeySet(graph.size + pending.size);
  const relations = new Map<string, number>();
  // Edges come in runs of one relation (a note's 相关文档, its topics, its tags): the relation is
  // judged and counted once per run, not once per edge (285k edges at 100k notes, before the first frame).
  let run: string | undefined, runHidden = false, runCount = 0;
  const endRun = () => { if (runCount) relations.set(run!, (relations.get(run!) ?? 0) + runCount); runCount = 0; };
  graph.forEachEdge((e, a, src, tgt) => {
    if (a.relation !== run) { endRun(); run = a.relation; runHidden = s.hiddenRelations.has(run); }
    if (runHidden || !nodes.has(src) || !nodes.has(tgt)) return;
    edges.add(e);
    runCount++;
  });
  endRun();
  return { nodes, edges, kinds: countKinds(graph, nodes), relations, ...(topicsLeftOut !== undefined && { topicsLeftOut }) };
}

/** What changed in the graph since a Visibility was computed (web/model/live.ts `trackChanges` records it). */
export interface GraphChanges {
  /** Nodes added, dropped, or whose attributes changed. */
  nodes: ReadonlySet<string>;
  /** Edges added or changed (still in the graph), and edges dropped, with what they were. */
  edges: ReadonlySet<string>;
  dropped: ReadonlyMap<string, { source: string; target: string; relation: string }>;
}

/**
 * computeVisibility's answer after `changes`, from its answer before (`vis`, updated in place):
 * the nodes changed and the ends of the edges changed are judged again, the followers next to them,
 * and the edges at the nodes that appeared or went. Returns the nodes and edges whose visibility
 * flipped, or null when the answer reads the whole graph (a local graph: re-run computeVisibility).
 */
export function updateVisibility(graph: VaultGraph, s: FilterState, vis: Visibility, changes: GraphChanges,
  pending: PendingEdges = NO_PENDING): { nodes: Set<string>; edges: Set<string> } | null {
  if (s.selected && s.depth > 0 && graph.hasNode(s.selected)) return null;
  const { test, followerShown } = nodeRule(graph, s, pending);
  const flippedNodes = new Set<string>(), flippedEdges = new Set<string>();
  const put = (k: string, on: boolean) => {
    if (on === vis.nodes.has(k)) return;
    if (on) vis.nodes.add(k); else vis.nodes.delete(k);
    flippedNodes.add(k);
  };
  const judged = new Set<string>();
  for (const k of changes.nodes) judged.add(k);
  for (const e of changes.edges) if (graph.hasEdge(e)) judged.add(graph.source(e)).add(graph.target(e));
  for (const d of changes.dropped.values()) judged.add(d.source).add(d.target);
  const followers = new Set<string>();
  for (const k of judged) {
    if (!graph.hasNode(k)) { put(k, false); continue; }
    const r = test(k, graph.getNodeAttributes(k));
    if (r === 'follower') followers.add(k); else put(k, r === 'in');
  }
  // A follower hangs on its neighbours: those next to a judged node are judged again.
  for (const k of judged) {
    if (!graph.hasNode(k)) continue;
    graph.forEachNeighbor(k, (n, a) => { if (!followers.has(n) && test(n, a) === 'follower') followers.add(n); });
  }
  const isFollower = (n: string) => followers.has(n) || test(n, graph.getNodeAttributes(n)) === 'follower';
  const decided = [...followers].map((k) => [k, followerShown(k, (n) => vis.nodes.has(n) && !isFollower(n))] as const);
  for (const [k, on] of decided) put(k, on);
  const edgeAt = (e: string) => {
    const a = graph.getEdgeAttributes(e);
    const on = vis.nodes.has(graph.source(e)) && vis.nodes.has(graph.target(e)) && !s.hiddenRelations.has(a.relation);
    if (on === vis.edges.has(e)) return;
    if (on) vis.edges.add(e); else vis.edges.delete(e);
    vis.relations.set(a.relation, (vis.relations.get(a.relation) ?? 0) + (on ? 1 : -1));
    flippedEdges.add(e);
  };
  for (const [e, d] of changes.dropped) {
    if (graph.hasEdge(e) || !vis.edges.delete(e)) continue;
    vis.relations.set(d.relation, (vis.relations.get(d.relation) ?? 0) - 1);
    flippedEdges.add(e);
  }
  for (const e of changes.edges) if (graph.hasEdge(e)) edgeAt(e);
  for (const k of flippedNodes) if (graph.hasNode(k)) graph.forEachEdge(k, edgeAt);
  for (const [r, n] of vis.relations) if (n === 0) vis.relations.delete(r);
  vis.kinds = countKinds(graph, vis.nodes);
  delete vis.topicsLeftOut;
  return { nodes: flippedNodes, edges: flippedEdges };
}

/** `01-博客/Anthropic` is in `01-博客` and in itself, not in `01-博客2`. */
export function inFolder(folder: string, prefix: string): boolean {
  return folder === prefix || folder.startsWith(`${prefix}/`);
}

/** Nodes within `depth` hops of `center`, following edges both ways (Obsidian's local graph); the walk goes on only from nodes `through` accepts. */
export function ball(graph: VaultGraph, center: string, depth: number,
  nodeOk: (n: string) => boolean, edgeOk: (e: string) => boolean, through: (n: string) => boolean = () => true): Set<string> {
  const seen = new Set([center]);
  let frontier = [center];
  for (let d = 0; d < depth && frontier.length; d++) {
    const next: string[] = [];
    for (const n of frontier) {
      if (!through(n)) continue;
      graph.forEachEdge(n, (e, _a, src, tgt) => {
        const other = src === n ? tgt : src;
        if (!seen.has(other) && nodeOk(other) && edgeOk(e)) { seen.add(other); next.push(other); }
      });
    }
    frontier = next;
  }
  return seen;
}

export interface RelationInfo {
  relation: string;
  /** The vault's own words for it, most used first (`引用`). */
  labels: string[];
  total: number;
}

/** Edges per relation, by label: what relationInfo lists (a live page keeps the graph's up to date, live.ts). */
export type RelationTally = Map<string, Map<string, number>>;

export function tallyRelation(t: RelationTally, relation: string, label: string | undefined, n: number): void {
  const per = t.get(relation) ?? t.set(relation, new Map()).get(relation)!;
  per.set(label ?? '', (per.get(label ?? '') ?? 0) + n);
}

export function relationTally(graph: VaultGraph): RelationTally {
  const t: RelationTally = new Map();
  graph.forEachEdge((_e, a) => tallyRelation(t, a.relation, a.label, 1));
  return t;
}

/** Relations present in the graph (or pending), typed ones first in vocabulary order, then by count. */
export function relationInfo(graph: VaultGraph, pending: PendingEdges = NO_PENDING): RelationInfo[] {
  return relationList([relationTally(graph), pending.labels()]);
}

/** The relations of some tallies (the graph's, the pending edges'), as relationInfo lists them. */
export function relationList(tallies: Iterable<RelationTally>): RelationInfo[] {
  const acc = new Map<string, { labels: Map<string, number>; total: number }>();
  for (const t of tallies) {
    for (const [relation, per] of t) {
      for (const [label, n] of per) {
        if (n === 0) continue;
        const r = acc.get(relation) ?? { labels: new Map(), total: 0 };
        r.total += n;
        if (label && label !== relation) r.labels.set(label, (r.labels.get(label) ?? 0) + n);
        acc.set(relation, r);
      }
    }
  }
  const order = ['cites', 'explains', 'further-reading', 'agrees', 'contradicts', 'same-event',
    'upstream-downstream', 'version-evolution', 'related', 'topic', 'link', 'embed', 'tag'];
  const rank = (r: string) => { const i = order.indexOf(r); return i < 0 ? order.length : i; };
  return [...acc].map(([relation, r]) => ({
    relation, total: r.total, labels: [...r.labels].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([l]) => l),
  })).sort((x, y) => rank(x.relation) - rank(y.relation) || y.total - x.total || x.relation.localeCompare(y.relation));
}

/** Folders with at least one node, each with its parents (`01-博客`, `01-博客/Anthropic`), sorted. */
export function folderList(graph: VaultGraph): string[] {
  const set = new Set<string>();
  // Each folder split once: 100k notes live in a few hundred folders.
  const seen = new Set<string>();
  graph.forEachNode((_k, a) => {
    if (!a.folder || FOLLOWERS.has(a.kind) || seen.has(a.folder)) return;
    seen.add(a.folder);
    const parts = a.folder.split('/');
    for (let i = 1; i <= Math.min(parts.length, 2); i++) set.add(parts.slice(0, i).join('/'));
  });
  return [...set].sort();
}
