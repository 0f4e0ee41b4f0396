// How is A related to B: the shortest paths between two notes over chosen relations. Pure and
// isomorphic (`vaultgraph path` and the viewer both use it). By default it walks the typed document
// relations only (topics, plain links, embeds and tags left out) and ignores their direction.
//
// graphology-shortest-path's `bidirectional` gives one path and cannot leave edges out by relation;
// here a breadth-first search keeps every predecessor at the shortest distance, so all shortest
// paths (up to `max`) come out, in a stable order.

import type { NodeKind } from '../core/types.ts';
import { TYPED_RELATIONS } from '../core/options.ts';
import { isDocumentRelation } from './orphans.ts';

/** What the search reads: a node's kind, and every link at a node (both directions). */
export interface PathGraph {
  kindOf(key: string): NodeKind | undefined;
  forEachLink(node: string, cb: (link: PathEdge & { label?: string }) => void): void;
}

/** One step, as the edge is in the vault: `source` wrote the link (it may point against the walk). */
export interface PathEdge { source: string; target: string; relation: string; description?: string }
export interface PathStep extends PathEdge { label?: string }
export interface NotePath { nodes: string[]; edges: PathStep[] }

export interface PathOptions {
  /** Relations to walk (default: every document relation, isDocumentRelation). */
  via?: readonly string[];
  /** Follow links only from the note that wrote them to the note they name. */
  directed?: boolean;
  /** At most this many paths (default 5). */
  max?: number;
}

export const DEFAULT_MAX_PATHS = 5;

/** Which relations a walk follows, as said to users: the `via` list, or "typed relations". */
export function viaOf(o: PathOptions): (relation: string) => boolean {
  if (!o.via?.length) return isDocumentRelation;
  const set = new Set(o.via);
  return (r) => set.has(r);
}

/** Missing notes lead nowhere; topic and tag nodes are passed through only when their links are walked. */
function passable(kind: NodeKind | undefined, o: PathOptions): boolean {
  if (kind === undefined || kind === 'unresolved') return false;
  if (kind === 'topic') return o.via?.includes('topic') ?? false;
  if (kind === 'tag') return o.via?.includes('tag') ?? false;
  return true;
}

const RANK = new Map<string, number>(TYPED_RELATIONS.map((r, i) => [r, i]));
/** Of several links between the same two notes, the one to show: along the walk, typed first, with a 说明. */
function better(a: PathStep, b: PathStep, from: string): boolean {
  const dir = (s: PathStep) => (s.source === from ? 0 : 1);
  if (dir(a) !== dir(b)) return dir(a) < dir(b);
  const rank = (s: PathStep) => RANK.get(s.relation) ?? RANK.size;
  if (rank(a) !== rank(b)) return rank(a) < rank(b);
  if (Boolean(a.description) !== Boolean(b.description)) return Boolean(a.description);
  return a.relation < b.relation;
}

/** All shortest paths from `from` to `to` (up to `max`), sorted by the keys along them; [] when none. */
export function findPaths(g: PathGraph, from: string, to: string, o: PathOptions = {}): NotePath[] {
  if (g.kindOf(from) === undefined || g.kindOf(to) === undefined) return [];
  if (from === to) return [{ nodes: [from], edges: [] }];
  const follows = viaOf(o);
  // preds.get(n): for each neighbour one layer closer to `from`, the best link between them.
  const preds = new Map<string, Map<string, PathStep>>([[from, new Map()]]);
  const dist = new Map<string, number>([[from, 0]]);
  let frontier = [from];
  for (let d = 0; frontier.length && !dist.has(to); d++) {
    const next: string[] = [];
    for (const n of frontier) {
      if (n !== from && !passable(g.kindOf(n), o)) continue;
      g.forEachLink(n, (link) => {
        if (!follows(link.relation) || link.source === link.target) return;
        if (o.directed && link.source !== n) return;
        const other = link.source === n ? link.target : link.source;
        const seen = dist.get(other);
        if (seen !== undefined && seen !== d + 1) return;
        if (seen === undefined) { dist.set(other, d + 1); preds.set(other, new Map()); next.push(other); }
        const p = preds.get(other)!;
        const step: PathStep = { ...link };
        const have = p.get(n);
        if (!have || better(step, have, n)) p.set(n, step);
      });
    }
    frontier = next;
  }
  if (!dist.has(to)) return [];
  return enumerate(preds, from, to, o.max ?? DEFAULT_MAX_PATHS);
}

/** Walk the predecessors back from `to`, nearest keys first, stopping at `max` paths. */
function enumerate(preds: Map<string, Map<string, PathStep>>, from: string, to: string, max: number): NotePath[] {
  const out: NotePath[] = [];
  const nodes: string[] = [to];
  const edges: PathStep[] = [];
  const walk = (n: string): void => {
    if (out.length >= max) return;
    if (n === from) { out.push({ nodes: [...nodes].reverse(), edges: [...edges].reverse() }); return; }
    for (const [prev, step] of [...preds.get(n)!].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
      nodes.push(prev); edges.push(step);
      walk(prev);
      nodes.pop(); edges.pop();
    }
  };
  walk(to);
  return out.sort((a, b) => a.nodes.join('\u0000').localeCompare(b.nodes.join('\u0000')));
}

/** A graphology graph of the core's attributes as a PathGraph. */
export function pathGraphOf(graph: {
  hasNode(key: string): boolean;
  getNodeAttribute(key: string, name: 'kind'): NodeKind;
  forEachEdge(node: string, cb: (e: string, a: { relation: string; label?: string; description?: string }, s: string, t: string) => void): void;
}): PathGraph {
  return {
    kindOf: (key) => (graph.hasNode(key) ? graph.getNodeAttribute(key, 'kind') : undefined),
    forEachLink: (node, cb) => graph.forEachEdge(node, (_e, a, s, t) => cb({ source: s, target: t, relation: a.relation,
      ...(a.label !== undefined && { label: a.label }), ...(a.description && { description: a.description }) })),
  };
}
