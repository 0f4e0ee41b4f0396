// Watch mode's file events: one fs.watch per folder the scan enters, none per file (a folder's watch
// reports its files' writes, creations, removals and renames). A folder that appears (made, moved in,
// renamed, or a note replaced by one) is watched with its subfolders before its path is reported, so
// the listing that follows sees every file written into it; one that goes (or is replaced) has its
// watches closed. Symbolic links are never watched through: a folder is one that lstat calls a folder.
//
// Hand-written over fs.watch because the libraries measured do not fit (docs/watch.md): chokidar puts
// an lstat and an fs.watch on every file (at 100k notes ~12 s before the first change is seen, and one
// inotify watch per note, past many systems' fs.inotify.max_user_watches); @parcel/watcher loses the
// subfolders of a folder moved in or renamed; node-watch follows linked folders; Node's recursive
// fs.watch follows symbolic links.

import fs from 'node:fs';
import path from 'node:path';

export interface FolderWatch {
  /** Once every folder is watched (the first walk is synchronous: already resolved). */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Watch the folders under `real` (a real path) that `isWatched` takes (paths relative to it, `/`
 * between names; '' is the root), and report each changed path below it with `onPath` (its name on
 * disk, relative). A path can be reported for a change that left it as it was; the caller lists it.
 */
export function watchFolders(real: string, isWatched: (rel: string) => boolean, onPath: (disk: string) => void, onError: (e: unknown) => void): FolderWatch {
  /** Watched folders by relative path, with the inode each was watched at. */
  const watched = new Map<string, { w: fs.FSWatcher; ino: number }>();
  const reported = new Set<string>();
  let closed = false;
  const full = (rel: string) => (rel === '' ? real : path.join(real, rel));
  const join = (dir: string, name: string) => (dir === '' ? name : `${dir}/${name}`);

  const fail = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    if (reported.has(code)) return; // one report per kind: running out of watches fails once per folder
    reported.add(code);
    onError(code === 'ENOSPC' ? new Error('too many folders to watch (ENOSPC): raise fs.inotify.max_user_watches; changes in some folders are missed') : e);
  };

  /** Take the watches of `rel` and of every folder under it out of the map; the caller closes them. */
  const take = (rel: string): fs.FSWatcher[] => {
    const out: fs.FSWatcher[] = [];
    for (const [dir, { w }] of watched) {
      if (dir === rel || rel === '' || dir.startsWith(`${rel}/`)) { out.push(w); watched.delete(dir); }
    }
    return out;
  };

  /** The folder at `rel` as it is now: its inode, or undefined when it is not a folder (gone, a file, a link). */
  const folderIno = (rel: string): number | undefined => {
    try {
      const st = fs.lstatSync(full(rel), { throwIfNoEntry: false });
      return st?.isDirectory() ? st.ino : undefined;
    } catch { return undefined; }
  };

  /** Watch the folder at `rel`, if it is one, and the folders under it. */
  const add = (rel: string) => {
    const ino = folderIno(rel);
    if (ino === undefined || closed) return;
    let w: fs.FSWatcher;
    try {
      w = fs.watch(full(rel), { persistent: true }, (_event, name) => changed(rel, name));
    } catch (e) { fail(e); return; }
    w.on('error', () => { if (watched.get(rel)?.w === w) for (const old of take(rel)) old.close(); }); // the folder went: its parent reports it
    watched.set(rel, { w, ino });
    let entries: fs.Dirent[];
    try { entries = fs.readdirSync(full(rel), { withFileTypes: true }); } catch { return; } // unreadable: the scan says so
    for (const e of entries) {
      const sub = join(rel, e.name);
      if (e.isDirectory() && isWatched(sub)) add(sub);
    }
  };

  /**
   * Watch `rel` and its subfolders anew. Never kept by inode: a folder removed and made again often
   * gets the same inode number, while the kernel dropped the old watch with the old folder. The new
   * watches come before the old ones close (on the same folder, the two share one inotify watch).
   */
  const rewatch = (rel: string) => {
    const old = take(rel);
    add(rel);
    for (const w of old) w.close();
  };

  /** An event in the folder `dir` about `name` (null: about the folder itself). */
  const changed = (dir: string, name: string | Buffer | null) => {
    if (closed) return;
    // About the watched folder itself (removed, moved or replaced: libuv names it by its own name), or no name given.
    if (name === null || watched.get(dir)?.ino !== folderIno(dir)) {
      rewatch(dir);
      if (dir !== '') onPath(dir);
      return;
    }
    const rel = join(dir, String(name));
    if (!isWatched(rel)) return;
    // A folder that appeared, went or was replaced at `rel`: its watches first, then its path.
    if (watched.has(rel) || folderIno(rel) !== undefined) rewatch(rel);
    onPath(rel);
  };

  add('');
  return {
    ready: Promise.resolve(),
    close: async () => {
      closed = true;
      for (const w of take('')) w.close();
    },
  };
}
