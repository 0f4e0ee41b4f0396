// Graph side of a retarget (retarget.ts): a note whose links now resolve elsewhere stops reaching
// the old target and reaches the new one — its moved edges re-keyed, or left alone when both
// targets have one node key (a hub renamed in place: an unresolved node of its key takes it over).

import type { TargetRef } from '../core/draft.ts';
import type { VaultGraph } from '../core/graph.ts';
import { edgeKey, madeIdentity, madeNode } from '../core/model.ts';
import type { Recorder } from './delta.ts';
import { Conflict, type LiveState, type MadeState, type NoteState } from './live-state.ts';
import { ensureMade, unref } from './made.ts';
import type { Retarget } from './retarget.ts';

/**
 * Per patch: each retargeted target's identity, node key and planned node key, cached by object
 * (the notes of one folder share their Move's targets), so a hub's 40k linkers cost lookups only.
 */
export class Moved {
  private readonly ids = new Map<TargetRef, string>();
  private readonly planned = new Map<TargetRef, string>();
  private readonly notes = new Map<TargetRef, string | undefined>();
  private readonly kept = new Map<TargetRef, Map<TargetRef, boolean>>();
  constructor(private readonly made: ReadonlyMap<string, MadeState>) {}

  identity(ref: TargetRef): string {
    let id = this.ids.get(ref);
    if (id === undefined) this.ids.set(ref, (id = madeIdentity(ref)));
    return id;
  }

  /** The key of the note this target is now, if it is one. */
  noteKey(ref: TargetRef, states: ReadonlyMap<string, NoteState>): string | undefined {
    if (this.notes.has(ref)) return this.notes.get(ref);
    const key = ref.kind === 'path' ? states.get(ref.path)?.key : undefined;
    this.notes.set(ref, key);
    return key;
  }

  /** The node key the target has now, or will be made with; asked before anything is made. */
  plannedKey(ref: TargetRef, states: ReadonlyMap<string, NoteState>): string {
    let key = this.planned.get(ref);
    if (key === undefined) this.planned.set(ref, (key = this.noteKey(ref, states) ?? this.made.get(this.identity(ref))?.key ?? madeNode(ref).key));
    return key;
  }

  /**
   * Whether the moved edges keep their keys (the old and new targets have one node key). Asked
   * first, before anything changes, with one of the moved edges' keys; later from the cache.
   */
  keeps(r: Retarget, oldEdge?: string, g?: VaultGraph, states?: ReadonlyMap<string, NoteState>): boolean {
    let byTo = this.kept.get(r.from);
    if (!byTo) this.kept.set(r.from, (byTo = new Map()));
    let keeps = byTo.get(r.to);
    if (keeps === undefined) byTo.set(r.to, (keeps = g!.hasEdge(oldEdge!) && g!.target(oldEdge!) === this.plannedKey(r.to, states!)));
    return keeps;
  }
}

/**
 * A retargeted note, before anything is added: it stops reaching its old target. When the
 * target's node key changes its moved edges are dropped; when it stays they stay in the graph untouched.
 */
export function unlinkMoved(live: LiveState, rec: Recorder, s: NoteState, r: Retarget, moved: Moved, touchedMade: Set<string>): void {
  const g = live.graph;
  const fromId = moved.identity(r.from);
  if (s.idents.delete(fromId)) unref(live, fromId, s.note.path, touchedMade);
  if (moved.keeps(r, s.edgeKeys[r.at[0]!]!, g, live.states)) return;
  for (const j of r.at) {
    const old = s.edgeKeys[j]!;
    if (!g.hasEdge(old)) continue;
    rec.edge(old); rec.node(g.source(old)); rec.node(g.target(old));
    g.dropEdge(old);
  }
}

/** A retargeted note, once notes are added: it reaches its new target (made here when new). */
export function linkMoved(live: LiveState, rec: Recorder, s: NoteState, r: Retarget, moved: Moved, touchedMade: Set<string>, handOver: Set<string>): void {
  const g = live.graph;
  const keeps = moved.keeps(r);
  let target = moved.noteKey(r.to, live.states);
  if (target === undefined) {
    const toId = moved.identity(r.to);
    target = ensureMade(live, rec, r.to, toId, s.note.path, handOver).key;
    s.idents.add(toId);
    touchedMade.add(toId);
  }
  if (keeps) {
    if (target !== moved.plannedKey(r.to, live.states)) throw new Conflict(`live vault: "${target}" was made under another key than planned`);
    return;
  }
  for (const j of r.at) {
    const key = edgeKey(s.draft.edges[j]!.relation, s.key, target);
    if (g.hasEdge(key)) throw new Conflict(`live vault: edge key "${key}" is taken`);
    s.edgeKeys[j] = key;
    rec.edge(key);
    rec.node(target);
    g.addEdgeWithKey(key, s.key, target, s.draft.edges[j]!.attributes);
  }
}
