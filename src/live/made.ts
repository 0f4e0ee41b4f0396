// The live vault's made nodes (attachment, unresolved, tag): made when a first note links them,
// dropped when the last one stops, relabelled or re-keyed when the first linker in vault order
// changes — the nodes and keys a full build's merge makes.

import type { TargetRef } from '../core/draft.ts';
import { edgeKey, keyMayCollide, madeNode, nodeAttributes } from '../core/model.ts';
import type { Recorder } from './delta.ts';
import { settle } from './lazy.ts';
import { Conflict, identityOf, type LiveState, type MadeState } from './live-state.ts';
import { Refs } from './refs.ts';

/** The made node of this identity, made now when no note linked it yet; `path` links it. */
export function ensureMade(live: LiveState, rec: Recorder, ref: TargetRef, id: string, path: string, handOver: Set<string>): MadeState {
  const g = live.graph;
  let m = live.made.get(id);
  if (!m) {
    const node = madeNode(ref);
    if (keyMayCollide(node.key)) throw new Conflict(`live vault: node key "${node.key}" is taken`);
    rec.node(node.key);
    if (handOver.delete(node.key)) g.replaceNodeAttributes(node.key, nodeAttributes(node.attributes, 0, 0, live.isExcluded));
    else if (g.hasNode(node.key)) throw new Conflict(`live vault: node key "${node.key}" is taken`);
    else g.addNode(node.key, nodeAttributes(node.attributes, 0, 0, live.isExcluded));
    m = { key: node.key, refs: new Refs(), first: path, stale: false };
    live.made.set(id, m);
  } else if (!m.stale && path < m.first) m.first = path;
  m.refs.add(path);
  return m;
}

/** Note `path` stops linking made node `id` (settled later by settleMade). */
export function unref(live: LiveState, id: string, path: string, touchedMade: Set<string>): void {
  const m = live.made.get(id)!;
  m.refs.delete(path);
  if (m.first === path) m.stale = true;
  touchedMade.add(id);
}

/** Drop a made node nothing links any more; with `handOver`, one still reached by kept edges goes there. */
export function dropIfUnused(live: LiveState, rec: Recorder, id: string, handOver?: Set<string>): boolean {
  const m = live.made.get(id);
  if (!m || !m.refs.empty()) return false;
  rec.node(m.key);
  if (live.graph.degree(m.key) > 0) {
    if (!handOver) throw new Conflict(`live vault: "${m.key}" is still linked`);
    handOver.add(m.key);
  } else live.graph.dropNode(m.key);
  live.made.delete(id);
  return true;
}

/** A tag's label and an unresolved node's key follow the first note (in vault order) that links it. */
export function settleMade(live: LiveState, rec: Recorder, id: string): void {
  if (dropIfUnused(live, rec, id) || id[0] === '/') return;
  const m = live.made.get(id);
  if (!m) return;
  if (m.stale) { m.first = m.refs.min()!; m.stale = false; }
  const first = live.states.get(m.first)!;
  settle(live, first);
  const ref = first.draft.edges.find((e) => identityOf(live, e.target) === id)!.target;
  const node = madeNode(ref);
  const g = live.graph;
  if (node.key === m.key) {
    if (g.getNodeAttribute(m.key, 'label') !== node.attributes.label) { rec.node(m.key); g.replaceNodeAttributes(m.key, nodeAttributes(node.attributes, 0, 0, live.isExcluded)); }
    return;
  }
  if (g.hasNode(node.key) || keyMayCollide(node.key)) throw new Conflict(`live vault: node key "${node.key}" is taken`);
  rec.node(m.key);
  rec.node(node.key);
  g.addNode(node.key, nodeAttributes(node.attributes, 0, 0, live.isExcluded));
  for (const k of g.inEdges(m.key)) {
    const source = g.source(k);
    const attributes = g.getEdgeAttributes(k);
    const key = edgeKey(attributes.relation, source, node.key);
    rec.edge(k);
    rec.edge(key);
    g.dropEdge(k);
    if (g.hasEdge(key)) throw new Conflict(`live vault: edge key "${key}" is taken`);
    g.addEdgeWithKey(key, source, node.key, attributes);
    const s = live.states.get(live.pathOfKey.get(source)!)!;
    s.edgeKeys[s.edgeKeys.indexOf(k)] = key;
  }
  g.dropNode(m.key);
  m.key = node.key;
}
