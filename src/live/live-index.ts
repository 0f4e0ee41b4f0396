// The resolver index kept current while files come and go (watch mode), and the reverse index's
// keys: the file names a note's links look up. Pure helpers for incremental.ts.

import type { Options } from '../core/options.ts';
import { folderOf } from '../core/paths.ts';
import { classifiedByPlace } from '../core/relations.ts';
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

/** The distinct linkpaths a note writes (`[[b/Plan#H]]` → `b/Plan`), self links (`[[#H]]`) left out. */
export function linkpaths(note: Pick<Note, 'links'>): string[] {
  const out = new Set<string>();
  for (const l of note.links) if (l.target !== '') out.add(l.target);
  return [...out];
}

/** The linkpaths a note writes in a link whose relation depends on whether its target is a topic. */
export function unplacedLinkpaths(note: Note, opts: Options): Set<string> {
  const out = new Set<string>();
  for (const l of note.links) if (l.target !== '' && !out.has(l.target) && !classifiedByPlace(note, l, opts)) out.add(l.target);
  return out;
}

/**
 * Linkpath → the notes writing it, by folder, and file name → the linkpaths that can read it
 * (resolve.ts step 2: `[[b/Plan]]` reads files named plan and plan.md; `[[img.png]]` reads img.png
 * and img.png.md). Adding or removing a file of a name can only change how those linkpaths
 * resolve, and a linkpath resolves alike for every note of one folder: watch mode re-resolves per
 * (linkpath, folder), not per note.
 */
export class LinkpathIndex {
  private readonly notes = new Map<string, Map<string, { all: Set<string>; unplaced: Set<string> }>>();
  private readonly byName = new Map<string, Set<string>>();

  /** `unplaced`: the linkpaths among `lps` with a link whose relation its target decides (classifiedByPlace). */
  add(path: string, lps: readonly string[], unplaced: ReadonlySet<string>): void {
    const folder = folderOf(path);
    for (const lp of lps) {
      let folders = this.notes.get(lp);
      if (!folders) {
        this.notes.set(lp, (folders = new Map()));
        for (const n of namesRead(lp)) { const l = this.byName.get(n); if (l) l.add(lp); else this.byName.set(n, new Set([lp])); }
      }
      let group = folders.get(folder);
      if (!group) folders.set(folder, (group = { all: new Set(), unplaced: new Set() }));
      group.all.add(path);
      if (unplaced.has(lp)) group.unplaced.add(path);
    }
  }

  remove(path: string, lps: readonly string[]): void {
    const folder = folderOf(path);
    for (const lp of lps) {
      const folders = this.notes.get(lp);
      const group = folders?.get(folder);
      group?.unplaced.delete(path);
      if (!group?.all.delete(path) || group.all.size > 0) continue;
      folders!.delete(folder);
      if (folders!.size > 0) continue;
      this.notes.delete(lp);
      for (const n of namesRead(lp)) { const l = this.byName.get(n); l?.delete(lp); if (l?.size === 0) this.byName.delete(n); }
    }
  }

  /** Linkpaths whose resolution a file of this (lowercase) name can change. */
  linkpathsReading(name: string): Iterable<string> { return this.byName.get(name) ?? []; }

  /** Notes writing this linkpath, by their folder. */
  foldersWriting(lp: string): ReadonlyMap<string, Group> { return this.notes.get(lp) ?? EMPTY; }
}

/** The notes of one folder writing one linkpath; `unplaced`: those where the target decides a link's relation. */
export interface Group { readonly all: ReadonlySet<string>; readonly unplaced: ReadonlySet<string> }

const EMPTY: ReadonlyMap<string, Group> = new Map();

function namesRead(lp: string): [string, string] {
  const name = nameOf(lp);
  return [name, `${name}.md`];
}
