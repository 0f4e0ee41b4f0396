// The resolver index kept current while files come and go (watch mode), and the reverse index's
// keys: the file names a note's links look up. Pure helpers for incremental.ts.

import type { ResolverIndex } from '../core/resolve.ts';
import type { Note } from '../core/types.ts';

/** Vault order: plain UTF-16 comparison, as the scanner sorts. */
export const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Index of `p` in a sorted array, or where it would go. */
export function bisect(sorted: readonly string[], p: string): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (sorted[mid]! < p) lo = mid + 1; else hi = mid; }
  return lo;
}

const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1).toLowerCase();

/** Add and remove files in `index.byName`, keeping each list in vault order (buildIndex's). */
export function byNameIndex(index: ResolverIndex): { add(path: string): void; remove(path: string): void } {
  return {
    add(path) {
      const name = nameOf(path);
      const list = index.byName.get(name);
      if (!list) index.byName.set(name, [path]);
      else if (!list.includes(path)) list.splice(bisect(list, path), 0, path);
    },
    remove(path) {
      const name = nameOf(path);
      const list = index.byName.get(name);
      const i = list ? list.indexOf(path) : -1;
      if (i < 0) return;
      list!.splice(i, 1);
      if (list!.length === 0) index.byName.delete(name);
    },
  };
}

/**
 * The `byName` keys a note's links can read (resolve.ts step 2): the linkpath's last segment N and
 * N + ".md". `[[b/Plan]]` → plan, plan.md; `[[img.png]]` → img.png, img.png.md. Adding or removing a
 * file of one of these names is what can change how the note's links resolve.
 */
export function linkNames(note: Pick<Note, 'links'>): string[] {
  const out = new Set<string>();
  for (const l of note.links) {
    if (l.target === '') continue;
    const name = nameOf(l.target);
    out.add(name);
    out.add(`${name}.md`);
  }
  return [...out];
}
