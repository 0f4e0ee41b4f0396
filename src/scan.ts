// Scan: the only module that reads the vault from disk. Lists files with fast-glob (dot-folders and
// node_modules skipped, `.md` in any case, sorted), follows no directory symlink, keeps a symlinked
// file only when its real path lies inside the vault, and reads each note's bytes.

import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { decodeNote, tooLarge } from './decode.ts';
import type { Diagnostic, VaultFile } from './types.ts';

export interface ScanResult {
  /** Markdown notes, sorted by path, each with its text or the reason it has none. */
  notes: VaultFile[];
  /** Every other file (possible link targets), sorted. */
  attachments: string[];
  diagnostics: Diagnostic[];
}

export interface ScanOptions {
  maxFileBytes: number;
  /** Called after each note is read (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

const IS_NOTE = /\.md$/i;

/** List the vault's files: [vault-relative NFC path, path to read] pairs, sorted by vault path. */
export function listVault(root: string): { files: Array<[string, string]>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const realRoot = fs.realpathSync(root);
  // cwd + relative pattern: glob characters in the vault's own path are never interpreted (STACK.md §4).
  const entries = fg.sync('**', {
    cwd: root, dot: false, onlyFiles: false, objectMode: true, followSymbolicLinks: false,
    caseSensitiveMatch: false, ignore: ['**/node_modules/**'], unique: true,
  });
  const files: Array<[string, string]> = [];
  for (const e of entries) {
    const rel = e.path;
    if (e.dirent.isFile()) { files.push([rel.normalize('NFC'), rel]); continue; }
    if (!e.dirent.isSymbolicLink()) continue;
    let real: string;
    try { real = fs.realpathSync(path.join(root, rel)); } catch { continue; } // dangling link
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      diagnostics.push({ path: rel.normalize('NFC'), line: 1, severity: 'warning', code: 'symlink-outside-vault',
        message: `symbolic link points outside the vault (${real}); not read` });
      continue;
    }
    if (fs.statSync(real).isFile()) files.push([rel.normalize('NFC'), rel]); // directory links are not followed: no loops
  }
  files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { files, diagnostics };
}

export function scanVault(root: string, opts: ScanOptions): ScanResult {
  const { files, diagnostics } = listVault(root);
  const notes: VaultFile[] = [];
  const attachments: string[] = [];
  const total = files.filter(([p]) => IS_NOTE.test(p)).length;
  for (const [rel, onDisk] of files) {
    if (!IS_NOTE.test(rel)) { attachments.push(rel); continue; }
    notes.push(readNote(root, rel, onDisk, opts.maxFileBytes));
    opts.onProgress?.(notes.length, total);
  }
  return { notes, attachments, diagnostics };
}

function readNote(root: string, rel: string, onDisk: string, maxBytes: number): VaultFile {
  const full = path.join(root, onDisk);
  try {
    const size = fs.statSync(full).size;
    if (size > maxBytes) return { path: rel, diagnostic: tooLarge(rel, size, maxBytes) };
    const decoded = decodeNote(rel, fs.readFileSync(full), maxBytes);
    if (decoded.text === undefined) return { path: rel, diagnostic: decoded.diagnostic };
    return { path: rel, text: decoded.text, ...(decoded.diagnostic && { diagnostic: decoded.diagnostic }) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { path: rel, diagnostic: { path: rel, line: 1, severity: 'error', code: 'read-error', message: `cannot read note: ${err.code ?? ''} ${err.message}`.trim() } };
  }
}
