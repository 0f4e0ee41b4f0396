// Watch mode's link re-resolution (src/live/retarget.ts): moving a note's links to where they now
// resolve gives exactly the draft draftNote gives against the new file set — or declines, and the
// note is drafted again. Each row: the vault's files before and after, one linker.

import { describe, expect, it } from 'vitest';
import { draftNote, type NoteDraft } from '../src/core/draft.ts';
import { indexVault } from '../src/core/graph.ts';
import { noteOf } from '../src/core/note-of.ts';
import { DEFAULT_OPTIONS } from '../src/core/options.ts';
import { resolveLink, sameResolution } from '../src/core/resolve.ts';
import { moveOf, retargetDraft, type Move } from '../src/live/retarget.ts';

const opts = DEFAULT_OPTIONS;
const LINKER = 'notes/L.md';

/** Draft the linker against `before`, move its links to their resolution against `after`. */
function run(text: string, before: string[], after: string[]): { patched: NoteDraft | undefined; fresh: NoteDraft } {
  const note = noteOf({ path: LINKER, text }, opts);
  const index = (files: string[]) => indexVault([...files, LINKER].map((path) => ({ path, aliases: [] })), [], opts);
  const [a, b] = [index(before), index(after)];
  const draft = draftNote(note, a, opts);
  const moves = new Map<string, Map<string, Move | null>>();
  note.links.forEach((l, i) => {
    const now = resolveLink(l.target, LINKER, b);
    if (l.target !== '' && !sameResolution(draft.resolutions[i]!, now)) moves.set(l.target, new Map([['notes', moveOf(l.target, draft.resolutions[i]!, now, opts)]]));
  });
  const r = retargetDraft(note, draft, moves, opts);
  return { patched: r ? draft : undefined, fresh: draftNote(note, b, opts) };
}

describe('retargetDraft: the same draft as drafting again', () => {
  const rows: Array<[string, string, string[], string[]]> = [
    ['a hub renamed in place (full-path link under 关联主题)', '## 关联主题\n- [[00-元语/Hub]]\n', ['00-元语/Hub.md'], ['00-元语/Hub 2.md']],
    ['a hub moved across folders (bare link, under 关联主题)', '## 关联主题\n- [[Hub]] and [[Hub|again]]\n', ['00-元语/Hub.md'], ['elsewhere/Hub.md']],
    ['a hub coming back', 'see [[a/Hub]] and [[a/Hub#part]]\n', [], ['a/Hub.md']],
    ['a tie changes winner', 'see [[Dup]]\n', ['x/Dup.md', 'zz/Dup.md'], ['zz/Dup.md']],
    ['a nearer file wins', 'see [[Dup]] and [[Other]]\n', ['x/Dup.md'], ['x/Dup.md', 'notes/Dup.md']],
    ['a field link', 'up:: [[00-元语/Hub]]\n', ['00-元语/Hub.md'], []],
  ];
  for (const [name, text, before, after] of rows) {
    it(name, () => {
      const { patched, fresh } = run(text, before, after);
      expect(patched).toBeDefined();
      expect(JSON.stringify(patched)).toBe(JSON.stringify(fresh));
    });
  }

  const declined: Array<[string, string, string[], string[]]> = [
    ['a plain body link into the topic folder, which then leaves it (relation topic → link)', 'see [[Hub]]\n', ['00-元语/Hub.md'], ['elsewhere/Hub.md']],
    ['two spellings of one target that now part ways', 'see [[Hub]] and [[00-元语/Hub]]\n', ['00-元语/Hub.md'], ['00-元语/Hub 2.md']],
    ['a link that now reaches a target the note already links', 'see [[Dup]] and [[y/Dup]]\n', ['x/Dup.md', 'y/Dup.md'], ['y/Dup.md']],
    ['a link that becomes ambiguous', 'see [[Dup]]\n', ['x/Dup.md'], ['x/Dup.md', 'y/Dup.md']],
  ];
  for (const [name, text, before, after] of declined) {
    it(`declines: ${name}`, () => {
      const { patched, fresh } = run(text, before, after);
      expect(patched).toBeUndefined();
      expect(fresh.edges.length).toBeGreaterThan(0);
    });
  }
});
