// Steps 1–2 of a live change: the file set and the resolver index, then the drafts. The changed
// notes are drafted again; the linkpaths that read a file name that came or went are resolved
// again once per (linkpath, folder); notes where one now resolves elsewhere get their draft
// patched (retarget.ts) or, where that would not give draftNote's draft, are drafted again.

import { draftNote } from '../core/draft.ts';
import { indexVault } from '../core/graph.ts';
import { noteOf } from '../core/note-of.ts';
import { isAttachment } from '../core/options.ts';
import { clearMemo, resolveLink, sameResolution } from '../core/resolve.ts';
import { bisect, byPath, linkpaths } from './live-index.ts';
import type { LiveState, NoteState, VaultChange } from './live-state.ts';
import type { Plan } from './patch.ts';
import { moveOf, retargetDraft, type Move, type Retarget } from './retarget.ts';

const IS_NOTE = /\.md$/i;

/** List a note's linkpaths in the reverse index, or take them out. */
export function register(live: LiveState, s: NoteState, on: boolean): void {
  if (on) live.linkers.add(s.note.path, s.lps); else live.linkers.remove(s.note.path, s.lps);
}

/** Apply the changes to the file set, the index and the drafts; say what the graph patch must do. */
export function update(live: LiveState, changes: readonly VaultChange[]): Plan {
  const { states, opts } = live;
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
    const s: NoteState = { note, draft: old?.draft as NoteState['draft'], key: old?.key ?? note.id, edgeKeys: old?.edgeKeys ?? [], idents: old?.idents ?? new Set(), lps: linkpaths(note) };
    states.set(c.path, s);
    register(live, s, true);
    redrafted.add(c.path);
  }
  const written = new Set(redrafted);
  const retargeted = new Map<string, Retarget>();
  if (touchedNames.size > 0) clearMemo(live.index);
  if (opts.resolveAliases) {
    live.index = indexVault(live.notePaths.map((p) => states.get(p)!.note), [...live.attachments].sort(byPath), opts);
    for (const p of live.notePaths) redrafted.add(p);
  } else {
    const moves = new Map<string, Map<string, Move | null>>();
    for (const n of touchedNames) for (const lp of live.linkers.linkpathsReading(n)) if (!moves.has(lp)) moves.set(lp, reresolve(live, lp, redrafted));
    for (const [lp, byFolder] of moves) {
      const folders = live.linkers.foldersWriting(lp);
      for (const [folder, move] of byFolder) {
        if (!move) continue;
        for (const p of folders.get(folder) ?? []) {
          if (redrafted.has(p) || retargeted.has(p)) continue;
          const s = states.get(p)!;
          const r = retargetDraft(s.note, s.draft, moves, opts);
          if (r) retargeted.set(p, r); else redrafted.add(p);
        }
      }
    }
  }
  for (const p of redrafted) { const s = states.get(p)!; s.draft = draftNote(s.note, live.index, opts); }
  return { redrafted: [...redrafted], written, added, deleted, retargeted };
}

/**
 * Resolve a linkpath again, once per folder of the notes writing it (a result depends on the
 * source's folder only): per folder, how it moved (null: it did not). Empty unless it moved somewhere.
 */
function reresolve(live: LiveState, lp: string, skip: ReadonlySet<string>): Map<string, Move | null> {
  const byFolder = new Map<string, Move | null>();
  let any = false;
  for (const [folder, paths] of live.linkers.foldersWriting(lp)) {
    let p: string | undefined;
    for (const q of paths) if (!skip.has(q)) { p = q; break; }
    if (p === undefined) continue;
    const s = live.states.get(p)!;
    const was = s.draft.resolutions[s.note.links.findIndex((l) => l.target === lp)]!;
    const now = resolveLink(lp, p, live.index, false);
    const move = sameResolution(was, now) ? null : moveOf(lp, was, now, live.opts);
    byFolder.set(folder, move);
    any ||= move !== null;
  }
  return any ? byFolder : new Map();
}
