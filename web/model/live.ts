// Watch mode in the page: patch the graphology graph in place with a delta from the server
// (`event: delta`, src/delta.ts) — drop and add nodes and edges, replace attributes — keeping every
// known node where it is and placing a new one at the barycentre of its placed neighbours.
// Pure over graphology (no sigma); main.ts wires it, app.dataChanged() refreshes the view.

import { relationList, relationTally, tallyRelation, type GraphChanges, type RelationInfo, type RelationTally, type VaultGraph } from './filters.ts';
import type { VaultEdge, VaultNode } from '../../src/viewer/payload.ts';
import { NO_PENDING, type PendingEdges } from './pending.ts';
import { edgeLook, nodeSize } from './view.ts';
import { visibleOffset } from '../../src/viewer/place.ts';
import { knownEnds, knownNodes, type NodeKeys } from './keys.ts';

type Attrs = Record<string, unknown>;
export interface PageDelta {
  addedNodes: Array<{ key: string; attributes: Attrs }>;
  droppedNodes: string[];
  changedNodes: Array<{ key: string; attributes: Attrs }>;
  addedEdges: Array<{ key: string; source: string; target: string; attributes: Attrs }>;
  droppedEdges: Array<{ key: string; source: string; target: string; relation: string }>;
  changedEdges: Array<{ key: string; source: string; target: string; attributes: Attrs }>;
}

/**
 * A delta as the server sends it (vault keys) → the graph's keys (keys.ts): an added node gets its
 * key here; a node or edge end the page never had is left out (a drop or change of it is moot).
 * Edge keys stay: the core's (`relation:a->b`) are never a compact edge's index.
 */
export function deltaInGraphKeys(d: PageDelta, keys: NodeKeys): PageDelta {
  const addedNodes = d.addedNodes.map((n) => ({ ...n, key: keys.add(n.key) }));
  const changedNodes = d.changedNodes.flatMap((n) => { const key = keys.node(n.key); return key === undefined ? [] : [{ ...n, key }]; });
  return {
    addedNodes, changedNodes, droppedNodes: knownNodes(keys, d.droppedNodes),
    addedEdges: knownEnds(keys, d.addedEdges), droppedEdges: knownEnds(keys, d.droppedEdges), changedEdges: knownEnds(keys, d.changedEdges),
  };
}

/** The viewer's own attributes (sigma's): data never sets them, a patch never loses them. */
const VIEW = ['x', 'y', 'size', 'color', 'hidden', 'forceLabel', 'highlighted', 'zIndex', 'type'] as const;
const data = (a: Attrs): Attrs => { const o = { ...a }; for (const k of VIEW) delete o[k]; return o; };
const view = (a: Attrs): Attrs => { const o: Attrs = {}; for (const k of VIEW) if (k in a) o[k] = a[k]; return o; };

/**
 * Apply a delta; returns the keys of the nodes added or changed (to colour). An edge the page has
 * not loaded yet (`pending`) is forgotten there when dropped, and replaced by the graph's when changed.
 */
export function patchGraph(graph: VaultGraph, d: PageDelta, pending: PendingEdges = NO_PENDING): string[] {
  const g = graph as unknown as import('graphology').default<Attrs, Attrs>;
  // The payload's first edges are keyed by index (keys.ts), not like the core's: find them by ends and relation.
  const find = (key: string, s: string, t: string, relation: string): string | undefined =>
    g.hasEdge(key) ? key : g.hasNode(s) && g.hasNode(t) ? g.edges(s, t).find((e) => g.getEdgeAttribute(e, 'relation') === relation) : undefined;
  const touched = new Set<string>();
  for (const e of d.droppedEdges) {
    const k = find(e.key, e.source, e.target, e.relation);
    if (k !== undefined) { g.dropEdge(k); touched.add(e.source).add(e.target); }
    else if (pending.forget(e.source, e.target, e.relation)) touched.add(e.source).add(e.target);
  }
  for (const k of d.droppedNodes) if (g.hasNode(k)) g.dropNode(k);
  const at = placement(g, d);
  for (const n of [...d.addedNodes, ...d.changedNodes]) {
    if (g.hasNode(n.key)) g.replaceNodeAttributes(n.key, { ...data(n.attributes), ...view(g.getNodeAttributes(n.key)) });
    else { g.addNode(n.key, { ...data(n.attributes), ...(at.get(n.key) ?? { x: 0, y: 0 }), size: 2 }); }
    touched.add(n.key);
  }
  for (const e of [...d.addedEdges, ...d.changedEdges]) {
    if (!g.hasNode(e.source) || !g.hasNode(e.target)) continue;
    const relation = String(e.attributes.relation ?? 'link');
    const attributes = { ...data(e.attributes), ...edgeLook(relation) };
    const k = find(e.key, e.source, e.target, relation);
    if (k !== undefined) g.replaceEdgeAttributes(k, attributes);
    else { pending.forget(e.source, e.target, relation); g.addEdgeWithKey(e.key, e.source, e.target, attributes); }
    touched.add(e.source).add(e.target);
  }
  for (const k of touched) {
    if (g.hasNode(k)) g.setNodeAttribute(k, 'size', nodeSize(g.inDegree(k) + pending.inDegree(k), (g.getNodeAttribute(k, 'kind') as VaultNode['kind']), g.order));
  }
  return [...d.addedNodes, ...d.changedNodes].map((n) => n.key);
}

/**
 * Where new nodes go (sigma draws a node the moment it is added, so before adding): the barycentre
 * of their neighbours already placed — in the graph, or placed a round earlier — a little apart;
 * with none, near the middle.
 */
function placement(g: import('graphology').default<Attrs, Attrs>, d: PageDelta): Map<string, { x: number; y: number }> {
  const fresh = new Set(d.addedNodes.map((n) => n.key).filter((k) => !g.hasNode(k)));
  const near = new Map<string, string[]>();
  for (const e of d.addedEdges) {
    if (fresh.has(e.source)) near.set(e.source, [...(near.get(e.source) ?? []), e.target]);
    if (fresh.has(e.target)) near.set(e.target, [...(near.get(e.target) ?? []), e.source]);
  }
  const at = new Map<string, { x: number; y: number }>();
  const pos = (k: string) => at.get(k) ?? (g.hasNode(k) && !fresh.has(k) ? { x: g.getNodeAttribute(k, 'x') as number, y: g.getNodeAttribute(k, 'y') as number } : undefined);
  // Far enough from the neighbours to be seen beside them (place.ts), in the same direction each time.
  const offset = visibleOffset(g.mapNodes((_k, a) => ({ x: a.x as number, y: a.y as number })).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
  let todo = [...fresh];
  for (let round = 0; round < 3 && todo.length; round++) {
    const left: string[] = [];
    for (const k of todo) {
      const placed = (near.get(k) ?? []).map(pos).filter((p): p is { x: number; y: number } => p !== undefined && Number.isFinite(p.x) && Number.isFinite(p.y));
      if (placed.length === 0 && round < 2) { left.push(k); continue; }
      const [jx, jy] = jitter(k, offset);
      const x = placed.reduce((s, p) => s + p.x, 0) / (placed.length || 1);
      const y = placed.reduce((s, p) => s + p.y, 0) / (placed.length || 1);
      at.set(k, { x: x + jx, y: y + jy });
    }
    todo = left;
  }
  return at;
}

/** An offset of length `r` in a direction derived from the key, so a new node does not sit on another. */
function jitter(key: string, r: number): [number, number] {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  const t = ((h >>> 0) / 4294967296) * 2 * Math.PI;
  return [Math.cos(t) * r, Math.sin(t) * r];
}

export type { VaultEdge };

/**
 * Records what changes in the graph (graphology's events) until `clear()`: the nodes and edges a
 * delta touched, for the incremental view update (filters.ts updateVisibility). Whole-graph
 * passes (`updateEach…`, colours, local layout) are not recorded; `cleared` says a full pass is due.
 */
export function trackChanges(graph: VaultGraph): { changes: GraphChanges & { cleared: boolean }; clear(): void } {
  const nodes = new Set<string>(), edges = new Set<string>();
  const dropped = new Map<string, { source: string; target: string; relation: string }>();
  const changes = { nodes, edges, dropped, cleared: false };
  const node = ({ key }: { key: string }) => { nodes.add(key); };
  graph.on('nodeAdded', node);
  graph.on('nodeDropped', node);
  graph.on('nodeAttributesUpdated', node);
  graph.on('edgeAdded', ({ key }) => { edges.add(key); dropped.delete(key); });
  graph.on('edgeAttributesUpdated', ({ key }) => { edges.add(key); });
  graph.on('edgeDropped', ({ key, source, target, attributes }) => { edges.delete(key); dropped.set(key, { source, target, relation: attributes.relation }); });
  graph.on('cleared', () => { changes.cleared = true; });
  graph.on('edgesCleared', () => { changes.cleared = true; });
  return { changes, clear() { nodes.clear(); edges.clear(); dropped.clear(); changes.cleared = false; } };
}

/**
 * The legend's relations (filters.ts relationInfo) kept up to date from graphology's events: the
 * graph's tally moves with each edge added or dropped; the pending edges' is counted again only
 * when some left (pending only shrinks: its size says when); the graph's again after an edge's
 * attributes were replaced. Both are first counted on the first read, not when this is made: the
 * page makes it before its first frame and reads it after (100k notes: 285k edges and 820k waiting).
 */
export function liveRelations(graph: VaultGraph, pending: PendingEdges = NO_PENDING): () => RelationInfo[] {
  let tally: RelationTally = new Map(), stale = true;
  graph.on('edgeAdded', ({ attributes: a }) => { if (!stale) tallyRelation(tally, a.relation, a.label, 1); });
  graph.on('edgeDropped', ({ attributes: a }) => { if (!stale) tallyRelation(tally, a.relation, a.label, -1); });
  // A replaced edge may have a new label, and the event does not say the old one: count again. A
  // cleared graph says nothing per edge either.
  for (const event of ['edgeAttributesUpdated', 'edgesCleared', 'cleared'] as const) graph.on(event, () => { stale = true; });
  let waiting: RelationTally = new Map(), size = -1;
  return () => {
    if (stale) { tally = relationTally(graph); stale = false; }
    if (pending.size !== size) { waiting = pending.labels(); size = pending.size; }
    return relationList([tally, waiting]);
  };
}
