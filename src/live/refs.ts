// Who links a made node (made.ts), without a copy per hub rename: a (linkpath, folder) group of
// the reverse index taken whole (lazy.ts) is held by reference — every note of the group links the
// node while the group's move stands, including notes that join or leave the group later (they are
// registered there before the graph is patched). Renaming a hub with 43k linkers then costs one
// reference per folder instead of a 43k-entry set (and its garbage) per rename.

import { folderOf } from '../core/paths.ts';

export class Refs {
  /** Notes linking the node one by one. */
  private readonly own: Set<string>;
  /** Groups taken whole, by folder (two linkpaths differing in case reach one unresolved node). */
  private readonly shared = new Map<string, Set<ReadonlySet<string>>>();
  /** Notes of a shared group that stopped linking the node (a note retargeted alone, or drafted again). */
  private readonly out = new Set<string>();

  constructor(paths: Iterable<string> = []) { this.own = new Set(paths); }

  add(path: string): void { this.out.delete(path); this.own.add(path); }

  delete(path: string): void {
    this.own.delete(path);
    if (this.shared.size > 0 && this.inShared(path)) this.out.add(path);
  }

  /** A whole group links the node (held by reference, not copied). */
  addGroup(folder: string, group: ReadonlySet<string>): void {
    let groups = this.shared.get(folder);
    if (!groups) this.shared.set(folder, (groups = new Set()));
    groups.add(group);
    for (const p of this.out) if (group.has(p)) this.out.delete(p);
  }

  /** A whole group (or some notes of one folder) stops linking the node. */
  deleteGroup(folder: string, paths: ReadonlySet<string> | readonly string[]): void {
    const groups = this.shared.get(folder);
    if (groups && 'size' in paths && groups.delete(paths) && groups.size === 0) this.shared.delete(folder);
    if ('size' in paths && this.own.size < paths.size) { for (const p of this.own) if (paths.has(p)) this.own.delete(p); }
    else for (const p of paths) this.own.delete(p);
    // Still in another group of the folder (a linkpath differing in case): out of it one by one.
    if (this.shared.has(folder)) for (const p of paths) if (this.inShared(p)) this.out.add(p);
    for (const p of this.out) if (!this.inShared(p)) this.out.delete(p);
  }

  has(path: string): boolean { return this.own.has(path) || (!this.out.has(path) && this.inShared(path)); }

  /** Whether no note links the node. */
  empty(): boolean {
    if (this.own.size > 0) return false;
    for (const groups of this.shared.values()) for (const g of groups) {
      if (g.size > this.out.size) return false;
      for (const p of g) if (!this.out.has(p)) return false;
    }
    return true;
  }

  /** The first linking note in vault order. */
  min(): string | undefined {
    let min: string | undefined;
    for (const p of this.own) if (min === undefined || p < min) min = p;
    for (const groups of this.shared.values()) for (const g of groups) for (const p of g) if ((min === undefined || p < min) && !this.out.has(p)) min = p;
    return min;
  }

  private inShared(path: string): boolean {
    for (const g of this.shared.get(folderOf(path)) ?? []) if (g.has(path)) return true;
    return false;
  }
}
