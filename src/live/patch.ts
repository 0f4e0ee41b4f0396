// Step 3 of a live change: patch the graph in place — drop the changed notes' old edges, add the
// new ones, keep an edge whose key and attributes stay (a hub renamed in place), hand a node whose
// file went but whose links stay to the node of the same key that takes it over, settle made
// nodes and degrees. Throws Conflict where keys would collide (the caller re-merges).

import type { EdgeDraft, TargetRef } from '../core/draft.ts';
import { edgeKey, keyMayCollide, madeNode } from '../core/model.ts';
import type { Recorder } from './delta.ts';
import { Conflict, identityOf, noteAttributes, sameEdge, type LiveState, type NoteState } from './live-state.ts';
import { dropIfUnused, ensureMade, settleMade, unref } from './made.ts';
import { linkMoved, Moved, unlinkMoved } from './moved.ts';
import type { Retarget } from './retarget.ts';

/** What steps 1–2 (update.ts) did: notes drafted again (and which of them were written), added, deleted, retargeted. */
export interface Plan { redrafted: string[]; written: ReadonlySet<string>; added: string[]; deleted: NoteState[]; retargeted: ReadonlyMap<string, Retarget>; wholes: readonly WholeMove[] }

/** A group of linkers taking a move whole (lazy.ts): their edges keep their keys; only who links which made node changes. */
export interface WholeMove { fromId: string | undefined; toId: string | undefined; to: TargetRef; toKey: string; folder: string; paths: ReadonlySet<string> | readonly string[] }

interface Kept { keys: Set<string>; ids: Set<string> }

export function patch(live: LiveState, rec: Recorder, { redrafted, written, added, deleted, retargeted, wholes }: Plan): void {
  const g = live.graph;
  const touchedMade = new Set<string>();
  // Computed before anything changes: old edge keys and made nodes are what the plan compares with.
  const kept = new Map<string, Kept>();
  for (const p of redrafted) if (!written.has(p)) { const s = live.states.get(p)!; kept.set(p, keptEdges(live, s, new Set(s.edgeKeys))); }
  /** A node whose file or last link went but kept edges still reach: a new node of the same key takes it over. */
  const handOver = new Set<string>();
  const unlink = (s: NoteState, keep?: Kept) => {
    for (const k of s.edgeKeys) if (k !== undefined && !keep?.keys.has(k) && g.hasEdge(k)) { rec.edge(k); rec.node(g.source(k)); rec.node(g.target(k)); g.dropEdge(k); }
    for (const id of s.idents) if (!keep?.ids.has(id)) unref(live, id, s.note.path, touchedMade);
    s.edgeKeys = [];
    s.idents = new Set();
  };
  const addedSet = new Set(added);
  for (const p of redrafted) if (!addedSet.has(p)) unlink(live.states.get(p)!, kept.get(p));
  const moved = new Moved(live.made);
  for (const [p, r] of retargeted) unlinkMoved(live, rec, live.states.get(p)!, r, moved, touchedMade);
  for (const w of wholes) unlinkWhole(live, w, touchedMade);
  for (const s of deleted) {
    unlink(s);
    rec.node(s.key);
    live.pathOfKey.delete(s.key);
    if (g.degree(s.key) > 0) { handOver.add(s.key); continue; }
    g.dropNode(s.key);
  }
  for (const id of touchedMade) dropIfUnused(live, rec, id, handOver);
  for (const p of added) {
    const s = live.states.get(p)!;
    if (keyMayCollide(s.key)) throw new Conflict(`live vault: node key "${s.key}" is taken`);
    rec.node(s.key);
    if (handOver.delete(s.key)) g.replaceNodeAttributes(s.key, noteAttributes(live, s.draft)); // an unresolved node's links now reach this note
    else if (g.hasNode(s.key)) throw new Conflict(`live vault: node key "${s.key}" is taken`);
    else g.addNode(s.key, noteAttributes(live, s.draft));
    live.pathOfKey.set(s.key, p);
  }
  // Moves that keep their edges first: they make their target under the key their edges have.
  for (const w of wholes) linkWhole(live, rec, w, touchedMade, handOver);
  for (const [p, r] of retargeted) if (moved.keeps(r)) linkMoved(live, rec, live.states.get(p)!, r, moved, touchedMade, handOver);
  for (const [p, r] of retargeted) if (!moved.keeps(r)) linkMoved(live, rec, live.states.get(p)!, r, moved, touchedMade, handOver);
  for (const p of redrafted) link(live, rec, live.states.get(p)!, touchedMade, handOver, kept.get(p)?.keys);
  if (handOver.size > 0) throw new Conflict(`live vault: "${[...handOver][0]}" still has links after its file went`);
  for (const id of touchedMade) settleMade(live, rec, id);
  for (const k of rec.nodes.keys()) {
    if (!g.hasNode(k)) continue;
    const a = g.getNodeAttributes(k);
    a.inDegree = g.inDegree(k);
    a.outDegree = g.outDegree(k);
  }
}

/** The graph key a draft edge gets now (a made node not yet made: the key it would be made with). */
function plannedKey(live: LiveState, s: NoteState, e: EdgeDraft): string {
  const id = identityOf(live, e.target);
  const target = id === undefined ? live.states.get((e.target as { path: string }).path)!.key : live.made.get(id)?.key ?? madeNode(e.target).key;
  return edgeKey(e.relation, s.key, target);
}

/**
 * Edges of a note re-drafted only because a link resolves otherwise that keep their key and
 * attributes: they stay in the graph untouched. Renaming a hub in place turns its 40k in-edges
 * into edges to an unresolved node of the same key — the same edges, so nothing to redo.
 */
function keptEdges(live: LiveState, s: NoteState, old: ReadonlySet<string | undefined>): Kept {
  const keys = new Set<string>();
  const ids = new Set<string>();
  for (const e of s.draft.edges) {
    const k = plannedKey(live, s, e);
    if (!old.has(k) || !live.graph.hasEdge(k) || !sameEdge(live.graph.getEdgeAttributes(k), e.attributes)) continue;
    keys.add(k);
    const id = identityOf(live, e.target);
    if (id !== undefined) ids.add(id);
  }
  return { keys, ids };
}

/** A note drafted again: its edges go into the graph (those in `keep` are there already). */
function link(live: LiveState, rec: Recorder, s: NoteState, touchedMade: Set<string>, handOver: Set<string>, keep?: ReadonlySet<string>): void {
  const g = live.graph;
  const path = s.note.path;
  // A note re-drafted for its links' sake has the same text, so the same node attributes.
  if (!keep) { rec.node(s.key); g.replaceNodeAttributes(s.key, noteAttributes(live, s.draft)); }
  for (const e of s.draft.edges) {
    const id = identityOf(live, e.target);
    let target: string;
    if (id === undefined) target = live.states.get((e.target as { path: string }).path)!.key;
    else {
      const m = ensureMade(live, rec, e.target, id, path, handOver);
      s.idents.add(id);
      touchedMade.add(id);
      target = m.key;
    }
    const key = edgeKey(e.relation, s.key, target);
    s.edgeKeys.push(key);
    if (keep?.has(key)) continue;
    if (g.hasEdge(key)) throw new Conflict(`live vault: edge key "${key}" is taken`);
    rec.edge(key);
    rec.node(target);
    g.addEdgeWithKey(key, s.key, target, e.attributes);
  }
}

/** A group taking a move whole stops linking the made node it reached (its edges stay). */
function unlinkWhole(live: LiveState, w: WholeMove, touchedMade: Set<string>): void {
  const m = w.fromId === undefined ? undefined : live.made.get(w.fromId);
  if (!m) return;
  touchedMade.add(w.fromId!);
  m.refs.deleteGroup(w.folder, w.paths);
  if ('size' in w.paths ? w.paths.has(m.first) : w.paths.includes(m.first)) m.stale = true;
}

/** A group taking a move whole links its new target: the note added, or a made node (made now when new). */
function linkWhole(live: LiveState, rec: Recorder, w: WholeMove, touchedMade: Set<string>, handOver: Set<string>): void {
  let target: string;
  if (w.toId === undefined) target = live.states.get((w.to as { path: string }).path)!.key;
  else {
    let min: string | undefined;
    for (const p of w.paths) if (min === undefined || p < min) min = p;
    const fresh = !live.made.has(w.toId);
    const m = ensureMade(live, rec, w.to, w.toId, min!, handOver);
    // A whole group is held by reference (refs.ts): no 43k-entry copy for a hub's linkers.
    if ('size' in w.paths) m.refs.addGroup(w.folder, w.paths); else for (const p of w.paths) m.refs.add(p);
    if (!fresh && !m.stale && min! < m.first) m.first = min!;
    touchedMade.add(w.toId);
    target = m.key;
  }
  if (target !== w.toKey) throw new Conflict(`live vault: "${target}" was made under another key than planned`);
}

