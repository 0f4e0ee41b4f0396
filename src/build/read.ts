// Read one note from disk into a VaultFile: stat for the size cap, read the bytes, decode. Shared by
// the scanner (one thread) and the parse workers.

import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { decodeNote, tooLarge } from '../core/decode.ts';
import { noteOf } from '../core/note-of.ts';
import type { Options } from '../core/options.ts';
import { parseNoteBytes } from '../core/parse/bytes.ts';
import type { Note, VaultFile } from '../core/types.ts';
import { reasonOf } from './failure.ts';

/** What the build cache records of a file it read: enough to tell later whether it changed. */
export interface Stamp { size: number; mtimeMs: number; ctimeMs: number; ino: number; sha1: string }

/** A path that names something other than a regular file (a FIFO, device, socket or folder). */
export class NotRegularFile extends Error {
  constructor(readonly path: string, readonly kind: string) { super(`not a regular file (${kind}); not read`); }
}

function kindOf(st: fs.Stats): string {
  return st.isFIFO() ? 'FIFO' : st.isCharacterDevice() ? 'character device' : st.isBlockDevice() ? 'block device' : st.isSocket() ? 'socket' : st.isDirectory() ? 'folder' : 'special file';
}

/**
 * Open `file` only if it is a regular file: O_NONBLOCK so that opening a FIFO or device never
 * blocks, and the type checked on the descriptor opened, not on a path that may change meanwhile.
 * Every read of the vault, its settings and our caches goes through here. Throws NotRegularFile.
 */
export function openRegular(file: string, flags: number = fs.constants.O_RDONLY): { fd: number; st: fs.Stats } {
  const fd = fs.openSync(file, flags | fs.constants.O_NONBLOCK);
  let st: fs.Stats;
  try { st = fs.fstatSync(fd); } catch (e) { fs.closeSync(fd); throw e; }
  if (!st.isFile()) { fs.closeSync(fd); throw new NotRegularFile(file, kindOf(st)); }
  return { fd, st };
}

/** The bytes of a regular file (at most `maxBytes` of them: the first ones). */
export function readRegular(file: string, maxBytes = Infinity): Buffer {
  const { fd, st } = openRegular(file);
  try { return readAll(fd, Math.min(st.size, maxBytes)); } finally { fs.closeSync(fd); }
}

/** Settings files (vaultgraph.config.json, .obsidian/*.json) larger than this are not read. */
const MAX_SETTINGS_BYTES = 16 << 20;

/** A settings file as UTF-8 text, or undefined when it does not exist. */
export function readTextIfAny(file: string): string | undefined {
  try {
    const bytes = readRegular(file, MAX_SETTINGS_BYTES + 1);
    if (bytes.length > MAX_SETTINGS_BYTES) throw new Error(`larger than ${MAX_SETTINGS_BYTES} bytes; not read`);
    return bytes.toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined; // not there (or .obsidian is not a folder): nothing to read
    throw e;
  }
}

export function readNote(root: string, rel: string, onDisk: string, maxBytes: number): VaultFile {
  return readNoteStamped(root, rel, onDisk, maxBytes, false).file;
}

/** readNote, and with `stamp` also the file's size, mtime and content hash (for the cache). */
export function readNoteStamped(root: string, rel: string, onDisk: string, maxBytes: number, stamp: boolean): { file: VaultFile; stamp?: Stamp } {
  const { result, stamp: st } = readBytes(root, rel, onDisk, maxBytes, stamp, (bytes) => fileOf(rel, bytes, maxBytes), (file) => file);
  return st ? { file: result, stamp: st } : { file: result };
}

/**
 * readNoteStamped and noteOf in one: a note whose bytes decode cleanly is parsed from them
 * (parse/bytes.ts decodes only the lines it looks at); any other goes the way of noteOf(readNote).
 */
export function readNoteParsed(root: string, rel: string, onDisk: string, options: Options, stamp: boolean): { note: Note; stamp?: Stamp } {
  const parsed = (bytes: Buffer): Note => {
    if (bytes.length > 0 && bytes.length <= options.maxFileBytes && bytes.indexOf(0) === -1 && isUtf8(bytes)) return parseNoteBytes(rel, bytes, options);
    return noteOf(fileOf(rel, bytes, options.maxFileBytes), options);
  };
  const { result, stamp: st } = readBytes(root, rel, onDisk, options.maxFileBytes, stamp, parsed, (file) => noteOf(file, options));
  return st ? { note: result, stamp: st } : { note: result };
}

function fileOf(rel: string, bytes: Buffer, maxBytes: number): VaultFile {
  const decoded = decodeNote(rel, bytes, maxBytes);
  return decoded.text === undefined
    ? { path: rel, diagnostic: decoded.diagnostic }
    : { path: rel, text: decoded.text, ...(decoded.diagnostic && { diagnostic: decoded.diagnostic }) };
}

/** Open, check and read a note into this thread's buffer; `use` its bytes, or `failed` with the file that says why not. */
function readBytes<R>(root: string, rel: string, onDisk: string, maxBytes: number, stamp: boolean, use: (bytes: Buffer) => R, failed: (file: VaultFile) => R): { result: R; stamp?: Stamp } {
  const full = path.join(root, onDisk);
  let fd: number | undefined;
  let bytes: Buffer;
  let st: fs.Stats;
  try {
    const opened = openNoteInside(root, full); // one stat of the file opened, not of whatever the path names later
    fd = opened.fd;
    st = opened.st;
    if (st.size > maxBytes) return { result: failed({ path: rel, diagnostic: tooLarge(rel, st.size, maxBytes) }) };
    bytes = readAll(fd, st.size, scratchFor(st.size)); // parsed and hashed here, never kept
  } catch (e) {
    return { result: failed({ path: rel, diagnostic: { path: rel, line: 1, severity: 'error', code: 'read-error', message: `cannot read note: ${reasonOf(e)}` } }) };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const result = use(bytes);
  return stamp ? { result, stamp: { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, sha1: sha1(bytes) } } : { result };
}

/** A note symlinked out of the vault (re-pointed after the scan judged it). */
class OutsideVault extends Error {
  constructor() { super('symbolic link out of the vault; not read'); }
}

/**
 * openRegular for a note: O_NOFOLLOW first, so a note that is a plain file (almost all) costs
 * nothing more. A note that is a symlink (ELOOP) was judged inside the vault by the scan, but may
 * have been re-pointed since: it is opened, and the file actually opened is checked to lie inside
 * the vault (Linux: /proc/self/fd names it; elsewhere its real path, checked just before the open).
 */
function openNoteInside(root: string, full: string): { fd: number; st: fs.Stats } {
  try {
    return openRegular(full, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOOP') throw e;
  }
  const inside = (real: string) => { const r = fs.realpathSync(root); return real.startsWith(r.endsWith(path.sep) ? r : r + path.sep); };
  if (process.platform !== 'linux' && !inside(fs.realpathSync(full))) throw new OutsideVault();
  const opened = openRegular(full);
  let real: string | undefined;
  try { real = process.platform === 'linux' ? fs.readlinkSync(`/proc/self/fd/${opened.fd}`) : undefined; } catch { /* no /proc: checked above */ }
  if (real !== undefined && !inside(real)) { fs.closeSync(opened.fd); throw new OutsideVault(); }
  return opened;
}

/**
 * One buffer per thread that every note is read into, grown to the largest note met: a fresh buffer
 * per note would be garbage at once, and memory new to the process is dear (page faults cost more
 * than the read on the benchmark machine).
 */
let scratch = Buffer.allocUnsafeSlow(1 << 16);
function scratchFor(size: number): Buffer {
  if (size > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(size, 2 * scratch.length));
  return scratch.subarray(0, size);
}

/**
 * Read the `size` bytes fstat gave for the open file (into `buf` when given): one read for almost
 * every note. A file growing meanwhile is read as it was when stat'ed (a watcher sees the rest as
 * a change).
 */
function readAll(fd: number, size: number, buf: Buffer = Buffer.allocUnsafe(size)): Buffer {
  let n = 0;
  while (n < size) {
    const got = fs.readSync(fd, buf, n, size - n, null);
    if (got === 0) return buf.subarray(0, n); // shrank meanwhile
    n += got;
  }
  return buf;
}

export function sha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * Vault path → the note's text, for tools that read notes after the build (check's text rules).
 * The vault path is NFC; a file stored under another normalisation (NFD from macOS) is tried too.
 */
export function textReader(root: string, maxBytes: number): (vaultPath: string) => string | undefined {
  return (rel) => {
    const file = readNote(root, rel, rel, maxBytes);
    if (file.text !== undefined || rel.normalize('NFD') === rel) return file.text;
    return readNote(root, rel, rel.normalize('NFD'), maxBytes).text;
  };
}
