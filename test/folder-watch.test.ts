// live/folder-watch.ts: one watch per folder, none per file, and the folder cases where other
// watchers lose changes (docs/watch.md): a folder moved in with subfolders, a folder renamed, a note
// replaced by a folder, linked and skipped folders, and running out of watches.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isScannedPath } from '../src/build/scan.ts';
import { watchFolders, type FolderWatch } from '../src/live/folder-watch.ts';

let base: string;
let root: string;
let seen: string[];
let errors: unknown[];
let w: FolderWatch | undefined;
const isWatched = (rel: string) => rel === '' || isScannedPath(rel);

function write(rel: string, text = 'x', dir = root): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}
function start(): FolderWatch {
  w = watchFolders(fs.realpathSync(root), isWatched, (p) => seen.push(p), (e) => errors.push(e));
  return w;
}
/** Poll until `rel` was reported; fail after 10 s. */
async function reported(rel: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!seen.includes(rel)) {
    if (Date.now() > end) throw new Error(`no event for ${rel}; seen: ${seen.join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
/** inotify watches this process holds (Linux: one `inotify wd:` line per watch in the fd's fdinfo). */
function inotifyWatches(): number {
  let n = 0;
  for (const fd of fs.readdirSync('/proc/self/fdinfo')) {
    try { n += (fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').match(/^inotify wd:/gm) ?? []).length; } catch { /* closed meanwhile */ }
  }
  return n;
}

beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-folder-watch-'));
  root = path.join(base, 'vault');
  write('a/A.md');
  write('a/sub/S.md');
  write('b/B.md');
  seen = [];
  errors = [];
});
afterEach(async () => {
  await w?.close();
  w = undefined;
  vi.restoreAllMocks();
  fs.rmSync(base, { recursive: true, force: true });
});

describe('watchFolders', () => {
  it.skipIf(process.platform !== 'linux')('watches each folder once, no file: 4 folders and 300 notes take 4 watches, and still 4 after one is watched anew', async () => {
    for (let i = 0; i < 300; i++) write(`b/n${i}.md`);
    const before = inotifyWatches();
    await start().ready;
    expect(inotifyWatches() - before).toBe(4); // the root, a, a/sub, b
    // A folder whose own entry changed is watched anew, with its subfolders: the old watches are closed.
    const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'FSEventWrap').length;
    expect(handles()).toBe(4);
    fs.chmodSync(path.join(root, 'a'), 0o700);
    await reported('a');
    await new Promise((r) => setTimeout(r, 50)); // a closed handle goes a loop turn later
    expect([inotifyWatches() - before, handles()]).toEqual([4, 4]);
    await w!.close();
    expect(inotifyWatches()).toBe(before);
  });

  it('reports writes, new files, removals and renames by their path in the vault', async () => {
    await start().ready;
    fs.appendFileSync(path.join(root, 'a/sub/S.md'), 'more');
    await reported('a/sub/S.md');
    write('b/New.md');
    await reported('b/New.md');
    fs.renameSync(path.join(root, 'b/B.md'), path.join(root, 'a/B2.md'));
    await reported('b/B.md');
    await reported('a/B2.md');
    fs.rmSync(path.join(root, 'a/A.md'));
    await reported('a/A.md');
    expect(errors).toEqual([]);
  });

  it('a folder moved in from outside, with subfolders: files written later in them are reported', async () => {
    write('in/deep/er/X.md', 'x', base);
    await start().ready;
    fs.renameSync(path.join(base, 'in'), path.join(root, 'in'));
    await reported('in');
    write('in/deep/er/Later.md');
    await reported('in/deep/er/Later.md');
  });

  it('a folder renamed: changes in its subfolders come under the new name, never the old', async () => {
    await start().ready;
    fs.renameSync(path.join(root, 'a'), path.join(root, 'renamed'));
    await reported('renamed');
    seen = [];
    write('renamed/sub/Later.md');
    await reported('renamed/sub/Later.md');
    expect(seen.filter((p) => p.startsWith('a/'))).toEqual([]);
  });

  it('a folder removed and made again at once (its inode number may be reused): files written into the new one are reported', async () => {
    await start().ready;
    for (let i = 0; i < 3; i++) {
      fs.rmSync(path.join(root, 'a/sub'), { recursive: true });
      fs.mkdirSync(path.join(root, 'a/sub'));
      await reported('a/sub');
      await new Promise((r) => setTimeout(r, 50)); // the events of the removal and the making are in
      seen = [];
      write(`a/sub/Later${i}.md`);
      await reported(`a/sub/Later${i}.md`);
    }
  });

  it('a note replaced by a folder of its name: files written into it are reported', async () => {
    await start().ready;
    fs.rmSync(path.join(root, 'b/B.md'));
    write('b/B.md/Inside.md');
    await reported('b/B.md');
    write('b/B.md/Later.md');
    await reported('b/B.md/Later.md');
  });

  it('a linked folder (in or out of the vault) and skipped folders are not watched through', async () => {
    write('out/O.md', 'x', base);
    await start().ready;
    fs.symlinkSync(path.join(base, 'out'), path.join(root, 'link'));
    fs.symlinkSync('..', path.join(root, 'a/up'));
    write('.hidden/H.md');
    write('node_modules/N.md');
    await reported('link'); // the link itself is a change in the vault (the scan warns about it)
    await reported('a/up');
    write('out/Later.md', 'x', base);
    write('.hidden/Later.md');
    write('b/Marker.md'); // once this is seen, the writes above have had their chance
    await reported('b/Marker.md');
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.filter((p) => p.startsWith('link/') || p.startsWith('a/up/') || p.startsWith('.hidden') || p.startsWith('node_modules'))).toEqual([]);
  });

  it('running out of watches (ENOSPC) is reported once, with what to do', async () => {
    vi.spyOn(fs, 'watch').mockImplementation(() => { throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' }); });
    await start().ready;
    expect(errors.map((e) => (e as Error).message)).toEqual(['too many folders to watch (ENOSPC): raise fs.inotify.max_user_watches; changes in some folders are missed']);
  });
});
