// Hub renames in O(folders): when a file rename moves one linkpath's links from one target to
// another node of the same key (a hub renamed in place or moved: its links now reach an unresolved
// node of its old key), the graph keeps every edge and only the made node's list of linkers
// changes. The linkers' drafts need not be touched then: the move is logged once per
// (linkpath, folder) and each draft catches up (`settle`) when it is next read.

import { draftNote } from '../core/draft.ts';
import { folderOf } from '../core/paths.ts';
import type { LiveState, NoteState } from './live-state.ts';
import { retargetDraft } from './retarget.ts';

/**
 * Bring a note's draft and made-node identities up to the logged moves. A move that no longer
 * patches cleanly (not expected: the log takes only moves every note of the group can take) drafts
 * the note again and asks for a re-merge (`live.unsure`), which rebuilds the graph from drafts.
 */
export function settle(live: LiveState, s: NoteState): void {
  const pending = live.moveLog.since(s.seen, folderOf(s.note.path), s.lps);
  for (const m of pending) {
    const r = retargetDraft(s.note, s.draft, new Map([[m.lp, new Map([[folderOf(s.note.path), m.move]])]]), live.opts);
    if (!r) {
      s.draft = draftNote(s.note, live.index, live.opts);
      live.unsure = true;
      s.seen = live.epoch;
      return;
    }
    if (m.fromId !== undefined) s.idents.delete(m.fromId);
    if (m.toId !== undefined) s.idents.add(m.toId);
    s.seen = m.epoch;
  }
}
