// Read one note from disk into a VaultFile: stat for the size cap, read the bytes, decode. Shared by
// the scanner (one thread) and the parse workers.

import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { decodeNote, tooLarge } from '../core/decode.ts';
import type { VaultFile } from '../core/types.ts';

/** What the build cache records of a file it read: enough to tell later whether it changed. */
export interface Stamp { size: number; mtimeMs: number; ctimeMs: number; ino: number; sha1: string }

export function readNote(root: string, rel: string, onDisk: string, maxBytes: number): VaultFile {
  return readNoteStamped(root, rel, onDisk, maxBytes, false).file;
}

/** readNote, and with `stamp` also the file's size, mtime and content hash (for the cache). */
export function readNoteStamped(root: string, rel: string, onDisk: string, maxBytes: number, stamp: boolean): { file: VaultFile; stamp?: Stamp } {
  const full = path.join(root, onDisk);
  let fd: number | undefined;
  try {
    fd = fs.openSync(full, 'r');
    const st = fs.fstatSync(fd); // one stat of the file opened, not of whatever the path names later
    if (st.size > maxBytes) return { file: { path: rel, diagnostic: tooLarge(rel, st.size, maxBytes) } };
    const bytes = readAll(fd, st.size);
    const decoded = decodeNote(rel, bytes, maxBytes);
    const file: VaultFile = decoded.text === undefined
      ? { path: rel, diagnostic: decoded.diagnostic }
      : { path: rel, text: decoded.text, ...(decoded.diagnostic && { diagnostic: decoded.diagnostic }) };
    return stamp ? { file, stamp: { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, sha1: sha1(bytes) } } : { file };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { file: { path: rel, diagnostic: { path: rel, line: 1, severity: 'error', code: 'read-error', message: `cannot read note: ${err.code ?? ''} ${err.message}`.trim() } } };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Read the `size` bytes fstat gave for the open file: one read for almost every note. A file
 * growing meanwhile is read as it was when stat'ed (a watcher sees the rest as a change).
 */
function readAll(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
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
