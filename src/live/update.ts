// Steps 1–2 of a live change: the file set and the resolver index, then the drafts. The changed
// notes are drafted again; the linkpaths that read a file name that came or went are resolved
// again once per (linkpath, folder); notes where one now resolves elsewhere get their draft
// patched (retarget.ts) or, where that would not give draftNote's draft, are drafted again.

import { draftNote } from '../core/draft.ts';
import { indexVault } from '../core/graph.ts';
import { noteOf } from '../core/note-of.ts';
import { isAttachment } from '../core/options.ts';
import { clearMemo, resolveLink, sameResolution } from '../core/resolve.ts';
import { madeIdentity, madeNode } from '../core/model.ts';
import { settle } from './lazy.ts';
import { bisect, byPath, linkpaths, unplacedLinkpaths } from './live-index.ts';
import type { LiveState, NoteState, VaultChange } from './live-state.ts';
import type { Plan, WholeMove } from './patch.ts';
import { moveOf, retargetDraft, type Move, type Retarget } from './retarget.ts';

const IS_NOTE = /\.md$/i;

/** List a note's linkpaths in the reverse index, or take them out. */
export function register(live: LiveState, s: NoteState, on: boolean): void {
  if (on) live.linkers.add(s.note.path, s.lps, unplacedLinkpaths(s.note, live.opts)); else live.linkers.remove(s.note.path, s.lps);
}

/** Apply the changes to the file set, the index and the drafts; say what the graph patch must do. */
export function update(live: LiveState, changes: readonly VaultChange[]): Plan {
  const { states, opts } = live;
  const epoch = ++live.epoch;
  const last = new Map<string, VaultChange>();
  for (const c of changes) last.set(c.path, c);
  const touchedNames = new Set<string>();
  const redrafted = new Set<string>();
  const added: string[] = [];
  const deleted: NoteState[] = [];
  const fileSet = (path: string, on: boolean) => {
    if (on) live.names.add(path); else live.names.remove(path);
    touchedNames.add(path.slice(path.lastIndexOf('/') + 1).toLowerCase());
  };
  for (const c of last.values()) {
    if (!IS_NOTE.test(c.path)) {
      if (!opts.allFileTypes && !isAttachment(c.path)) continue;
      if (c.type === 'delete' ? live.attachments.delete(c.path) : !live.attachments.has(c.path) && live.attachments.add(c.path)) fileSet(c.path, c.type !== 'delete');
      continue;
    }
    const old = states.get(c.path);
    if (old) settle(live, old);
    if (c.type === 'delete') {
      if (!old) continue;
      register(live, old, false);
      states.delete(c.path);
      live.notePaths.splice(bisect(live.notePaths, c.path), 1);
      deleted.push(old);
      fileSet(c.path, false);
      continue;
    }
    const note = noteOf({ path: c.path, ...(c.text !== undefined && { text: c.text }), ...(c.diagnostic && { diagnostic: c.diagnostic }) }, opts);
    if (old) register(live, old, false);
    else { live.notePaths.splice(bisect(live.notePaths, c.path), 0, c.path); added.push(c.path); fileSet(c.path, true); }
    const s: NoteState = { note, draft: old?.draft as NoteState['draft'], key: old?.key ?? note.id, edgeKeys: old?.edgeKeys ?? [], idents: old?.idents ?? new Set(), lps: linkpaths(note), seen: epoch };
    states.set(c.path, s);
    register(live, s, true);
    redrafted.add(c.path);
  }
  const written = new Set(redrafted);
  const retargeted = new Map<string, Retarget>();
  const wholes: WholeMove[] = [];
  if (touchedNames.size > 0) clearMemo(live.index);
  if (opts.resolveAliases) {
    live.index = indexVault(live.notePaths.map((p) => states.get(p)!.note), [...live.attachments].sort(byPath), opts);
    for (const p of live.notePaths) redrafted.add(p);
  } else {
    const moves = new Map<string, Map<string, Move | null>>();
    for (const n of touchedNames) for (const lp of live.linkers.linkpathsReading(n)) if (!moves.has(lp)) moves.set(lp, reresolve(live, lp, redrafted));
    // Groups whose move keeps the edges' keys are taken whole (lazy.ts), but for notes writing another moved linkpath.
    const gone = new Map(deleted.map((d) => [d.note.path, d]));
    for (const [lp, byFolder] of moves) {
      const folders = live.linkers.foldersWriting(lp);
      for (const [folder, move] of byFolder) {
        const group = move && folders.get(folder);
        if (!group) continue;
        const whole = takesWhole(live, move!, gone, written);
        const others = whole ? othersMoved(live, moves, lp, folder) : [];
        // The whole group takes it (no set built per linker): none is drafted otherwise or decides by target.
        let paths: ReadonlySet<string> | string[] | undefined;
        if (whole && others.length === 0 && (move!.topicAlike || group.unplaced.size === 0) && disjoint(group.all, redrafted, retargeted)) paths = group.all;
        else {
          paths = [];
          for (const p of group.all) {
            if (redrafted.has(p) || retargeted.has(p)) continue;
            if (whole && (move!.topicAlike || !group.unplaced.has(p)) && !others.some((o) => o.has(p))) { paths.push(p); continue; }
            const s = states.get(p)!;
            settle(live, s);
            const r = retargetDraft(s.note, s.draft, moves, opts);
            s.seen = epoch;
            if (r) retargeted.set(p, r); else redrafted.add(p);
          }
        }
        if (!whole || sizeOf(paths) === 0) continue;
        live.moveLog.record(folder, { epoch, lp, move: move!, fromId: whole.fromId, toId: whole.toId });
        wholes.push({ ...whole, to: move!.to, folder, paths });
      }
    }
  }
  for (const p of redrafted) { const s = states.get(p)!; s.draft = draftNote(s.note, live.index, opts); s.seen = epoch; }
  return { redrafted: [...redrafted], written, added, deleted, retargeted, wholes };
}

/**
 * Resolve a linkpath again, once per folder of the notes writing it (a result depends on the
 * source's folder only): per folder, how it moved (null: it did not). Empty unless it moved somewhere.
 */
function reresolve(live: LiveState, lp: string, skip: ReadonlySet<string>): Map<string, Move | null> {
  const byFolder = new Map<string, Move | null>();
  let any = false;
  for (const [folder, group] of live.linkers.foldersWriting(lp)) {
    let p: string | undefined;
    for (const q of group.all) if (!skip.has(q)) { p = q; break; }
    if (p === undefined) continue;
    const s = live.states.get(p)!;
    settle(live, s);
    const was = s.draft.resolutions[s.note.links.findIndex((l) => l.target === lp)]!;
    const now = resolveLink(lp, p, live.index, false);
    const move = sameResolution(was, now) ? null : moveOf(lp, was, now, live.opts);
    byFolder.set(folder, move);
    any ||= move !== null;
  }
  return any ? byFolder : new Map();
}

const sizeOf = (paths: ReadonlySet<string> | readonly string[]): number => ('size' in paths ? paths.size : paths.length);

/** No note of `all` is in any of `sets` (looking up the smaller side in the other). */
function disjoint(all: ReadonlySet<string>, ...sets: Array<ReadonlySet<string> | ReadonlyMap<string, unknown>>): boolean {
  if (sets.reduce((n, x) => n + x.size, 0) > all.size) { for (const p of all) if (sets.some((x) => x.has(p))) return false; return true; }
  for (const x of sets) for (const p of x.keys()) if (all.has(p)) return false;
  return true;
}

/** The notes of `folder` writing another linkpath that moved there. */
function othersMoved(live: LiveState, moves: ReadonlyMap<string, ReadonlyMap<string, Move | null>>, lp: string, folder: string): ReadonlySet<string>[] {
  const out: ReadonlySet<string>[] = [];
  for (const [other, byFolder] of moves) if (other !== lp && byFolder.get(folder)) out.push(live.linkers.foldersWriting(other).get(folder)?.all ?? new Set());
  return out;
}

/**
 * Whether every linker of a group whose links need not be classified again can take this move
 * without its draft being read (lazy.ts): the links move from a file that is gone (or an
 * unresolved node) to a note added now (or an unresolved node) of the same node key, so each
 * edge keeps its key and the note links neither target by another linkpath — that one would
 * have moved too (the caller leaves out notes writing another moved linkpath).
 */
function takesWhole(live: LiveState, move: Move, gone: ReadonlyMap<string, NoteState>, added: ReadonlySet<string>): Omit<WholeMove, 'to' | 'paths' | 'folder'> | undefined {
  const { from, to } = move;
  if (!move.plain || from.kind === 'tag' || to.kind === 'tag') return undefined;
  if (from.kind === 'path' && (live.states.has(from.path) || live.attachments.has(from.path))) return undefined;
  if (to.kind === 'path' && !(added.has(to.path) && live.states.has(to.path))) return undefined;
  const fromId = from.kind === 'path' ? undefined : madeIdentity(from);
  const fromKey = fromId === undefined ? gone.get((from as { path: string }).path)?.key : live.made.get(fromId)?.key;
  const toId = to.kind === 'path' ? undefined : madeIdentity(to);
  const toKey = toId === undefined ? live.states.get((to as { path: string }).path)!.key : live.made.get(toId)?.key ?? madeNode(to).key;
  return fromKey !== undefined && fromKey === toKey ? { fromId, toId, toKey } : undefined;
}
