// Read one note from disk into a VaultFile: stat for the size cap, read the bytes, decode. Shared by
// the scanner (one thread) and the parse workers.

import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { decodeNote, tooLarge } from './decode.ts';
import type { VaultFile } from './types.ts';

/** What the build cache records of a file it read: enough to tell later whether it changed. */
export interface Stamp { size: number; mtimeMs: number; sha1: string }

export function readNote(root: string, rel: string, onDisk: string, maxBytes: number): VaultFile {
  return readNoteStamped(root, rel, onDisk, maxBytes, false).file;
}

/** readNote, and with `stamp` also the file's size, mtime and content hash (for the cache). */
export function readNoteStamped(root: string, rel: string, onDisk: string, maxBytes: number, stamp: boolean): { file: VaultFile; stamp?: Stamp } {
  const full = path.join(root, onDisk);
  try {
    const st = fs.statSync(full);
    if (st.size > maxBytes) return { file: { path: rel, diagnostic: tooLarge(rel, st.size, maxBytes) } };
    const bytes = fs.readFileSync(full);
    const decoded = decodeNote(rel, bytes, maxBytes);
    const file: VaultFile = decoded.text === undefined
      ? { path: rel, diagnostic: decoded.diagnostic }
      : { path: rel, text: decoded.text, ...(decoded.diagnostic && { diagnostic: decoded.diagnostic }) };
    return stamp ? { file, stamp: { size: st.size, mtimeMs: st.mtimeMs, sha1: sha1(bytes) } } : { file };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { file: { path: rel, diagnostic: { path: rel, line: 1, severity: 'error', code: 'read-error', message: `cannot read note: ${err.code ?? ''} ${err.message}`.trim() } } };
  }
}

export function sha1(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}
