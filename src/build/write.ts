// Writing an output file, the one owner of it: a regular file (or a new one) is written atomically —
// a temporary file with an unpredictable name, created exclusively (O_EXCL: never through a planted
// symlink) in the target's own folder with the old file's mode, then renamed over the target — so a
// crash or Ctrl-C never leaves a half-written file in place of a good one. A symlink is written
// through: its target is replaced atomically, the link stays. A FIFO or character device
// (`-o /dev/stdout`, a named pipe) is written through in place, as `cat > FILE` would; a folder,
// block device or socket is refused. Errors are Failures naming the output path.

import fs from 'node:fs';
import path from 'node:path';
import { Failure, fsFailure } from './failure.ts';
import { onInterrupt } from './interrupt.ts';
import { onDemand } from '../core/on-demand.ts';

/** node:crypto, for temporary names only: loaded when a file is written, not by bin/'s up-to-date check (dist/fresh.mjs bundles this file). */
const crypto = onDemand<typeof import('node:crypto')>('node:crypto');

const WHAT = 'cannot write output';
const MAX_LINKS = 40;

/** Where the bytes for `file` go: a regular file replaced atomically, or a stream written in place. */
export type OutputTarget =
  | { kind: 'file'; path: string; old?: fs.Stats }
  | { kind: 'stream'; path: string };

/** What `file` is, after its symlinks: see the file comment. Throws a Failure for what cannot be written. */
export function outputTarget(file: string): OutputTarget {
  let p = path.resolve(file);
  for (let hops = 0; ; hops++) {
    let st: fs.Stats;
    try { st = fs.lstatSync(p); } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'file', path: p };
      throw fsFailure(WHAT, file, e);
    }
    if (st.isSymbolicLink()) {
      if (hops >= MAX_LINKS) throw new Failure(WHAT, file, 'too many levels of symbolic links (ELOOP)');
      let to: fs.Stats | undefined;
      try { to = fs.statSync(p); } catch { /* dangling: follow by hand below, the file is created there */ }
      // A link to a pipe or device (/dev/stdout → /proc/self/fd/1 → pipe:[…]) is opened by its own name.
      if (to && (to.isFIFO() || to.isCharacterDevice())) return { kind: 'stream', path: p };
      if (to) { p = fs.realpathSync(p); continue; }
      p = path.resolve(path.dirname(p), fs.readlinkSync(p));
      continue;
    }
    if (st.isFile()) return { kind: 'file', path: p, old: st };
    if (st.isFIFO() || st.isCharacterDevice()) return { kind: 'stream', path: p };
    if (st.isDirectory()) throw new Failure(WHAT, file, 'is a folder; give the file to write', 2);
    throw new Failure(WHAT, file, `is a ${st.isBlockDevice() ? 'block device' : 'socket'}; refused`, 2);
  }
}

/** A file of our own: a regular file or nothing; never followed through a link. */
function ownTarget(file: string): OutputTarget {
  let st: fs.Stats;
  try { st = fs.lstatSync(file); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'file', path: path.resolve(file) };
    throw fsFailure(WHAT, file, e);
  }
  if (!st.isFile()) throw new Failure(WHAT, file, 'not a regular file; refused');
  return { kind: 'file', path: path.resolve(file), old: st };
}

/** An output being written: `write` its bytes, then `commit` (or `abort` on failure). */
export interface OpenOutput { write(chunk: string | Uint8Array): void; commit(): void; abort(): void }

export interface OutputOptions {
  /** The mode of a new file (an existing one keeps its own). */
  mode?: number;
  /** Our own files (the caches): anything but a regular file or nothing there, a symlink included, is refused. */
  regularOnly?: boolean;
}

/** Start writing `file` (see the file comment). */
export function openOutput(file: string, { mode = 0o666, regularOnly = false }: OutputOptions = {}): OpenOutput {
  const target = regularOnly ? ownTarget(file) : outputTarget(file);
  if (target.kind === 'stream') {
    let fd: number;
    try { fd = fs.openSync(target.path, fs.constants.O_WRONLY); } catch (e) { throw fsFailure(WHAT, file, e); }
    const close = () => { try { fs.closeSync(fd); } catch { /* closed */ } };
    return { write: (c) => writeAll(fd, c, file), commit: close, abort: close };
  }
  const { fd, tmp } = createTemp(target.path, target.old, mode, file);
  const forget = onInterrupt(() => fs.rmSync(tmp, { force: true }));
  let closed = false;
  const close = () => { if (!closed) { closed = true; fs.closeSync(fd); } };
  return {
    write: (c) => writeAll(fd, c, file),
    commit: () => {
      try {
        close();
        fs.renameSync(tmp, target.path);
      } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw fsFailure(WHAT, file, e);
      } finally { forget(); }
    },
    abort: () => {
      try { close(); } catch { /* closed */ }
      fs.rmSync(tmp, { force: true });
      forget();
    },
  };
}

/**
 * A new temporary file beside `final`: a random name, O_CREAT|O_EXCL (an existing file or symlink
 * of that name is never opened), the old file's mode (and owner, when we may) kept.
 */
function createTemp(final: string, old: fs.Stats | undefined, mode: number, shown: string): { fd: number; tmp: string } {
  const dir = path.dirname(final);
  try { makeFolder(dir); } catch (e) { throw fsFailure(WHAT, shown, e); }
  const base = path.basename(final).slice(0, 64);
  for (let attempt = 0; ; attempt++) {
    const tmp = path.join(dir, `.${base}.${crypto().randomBytes(8).toString('hex')}.tmp`);
    let fd: number;
    try { fd = fs.openSync(tmp, 'wx', old ? old.mode & 0o777 : mode); } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 8) continue;
      throw fsFailure(WHAT, shown, e);
    }
    if (old) {
      try {
        if (process.getuid?.() === 0) fs.fchownSync(fd, old.uid, old.gid);
        fs.fchmodSync(fd, old.mode & 0o7777); // exactly the old mode, whatever the umask
      } catch { /* best effort: the content matters more than the mode */ }
    }
    return { fd, tmp };
  }
}

/**
 * mkdir -p, each level tried once: Node's own recursive mkdir spins forever where a parent exists
 * but refuses children with ENOENT (/proc).
 */
export function makeFolder(dir: string): void {
  try { fs.mkdirSync(dir); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && fs.statSync(dir).isDirectory()) return;
    if (code !== 'ENOENT' || path.dirname(dir) === dir) throw e;
    makeFolder(path.dirname(dir));
    fs.mkdirSync(dir);
  }
}

/** A file's stat as an earlier build recorded it. */
export interface RecordedStat { size: number; mtimeMs: number; ctimeMs: number; ino: number }

/**
 * Copy `from`, an output an earlier build wrote and recorded with the stat `was`, into `to` (written
 * as openOutput writes it): opened without blocking (a FIFO in its place), and the very regular file
 * recorded before the first read and after the last, else nothing is written. True once `to` holds
 * the copy; false when `from` is not as recorded or cannot be read; a Failure when `to` cannot be
 * written (the build would fail the same way).
 */
export function copyRecorded(from: string, was: RecordedStat, to: string): boolean {
  let fd: number;
  try { fd = fs.openSync(from, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK); } catch { return false; }
  try {
    const unchanged = () => {
      const st = fs.fstatSync(fd);
      return st.isFile() && st.size === was.size && st.mtimeMs === was.mtimeMs && st.ctimeMs === was.ctimeMs && st.ino === was.ino;
    };
    if (!unchanged()) return false;
    const out = openOutput(to);
    try {
      const block = Buffer.allocUnsafe(Math.min(was.size, 1 << 22) || 1);
      let at = 0;
      for (let n; at < was.size && (n = fs.readSync(fd, block, 0, Math.min(block.length, was.size - at), at)) > 0; at += n) out.write(block.subarray(0, n));
      // The source changed while it was read (another build replaced it in place): not the recorded output.
      if (at !== was.size || !unchanged()) { out.abort(); return false; }
    } catch (e) {
      out.abort();
      if (e instanceof Failure) throw e;
      return false;
    }
    out.commit();
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

/** `p` with every symlink of its existing part resolved (the rest, not yet there, appended). */
export function realPathOf(p: string): string {
  let rest = '';
  for (let at = p; ; at = path.dirname(at)) {
    try { return path.join(fs.realpathSync(at), rest); } catch {
      if (path.dirname(at) === at) return p;
      rest = path.join(path.basename(at), rest);
    }
  }
}

/** `p` is the folder `dir` or lies under it (both as realPathOf gives them). */
export const isInside = (dir: string, p: string): boolean => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

export function writeFileAtomic(file: string, data: string | Uint8Array, options?: OutputOptions): void {
  const out = openOutput(file, options);
  try { out.write(data); } catch (e) { out.abort(); throw e; }
  out.commit();
}

/** The same for content produced in chunks: `fill` calls `write` as often as it likes. */
export async function writeFileAtomicWith<T>(file: string, fill: (write: (chunk: string | Uint8Array) => void) => T | Promise<T>): Promise<T> {
  const out = openOutput(file);
  let result: T;
  try { result = await fill(out.write); } catch (e) { out.abort(); throw e; }
  out.commit();
  return result;
}

/** fs.writeSync until every byte is written (a write may be short on pipes and full disks). */
export function writeAll(fd: number, chunk: string | Uint8Array, shown?: string): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  try {
    for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
  } catch (e) {
    if (shown === undefined) throw e;
    throw fsFailure(WHAT, shown, e);
  }
}
