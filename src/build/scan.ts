// Scan: list the vault with fast-glob (dot-folders and node_modules skipped, `.md` in any case,
// sorted), follow no directory symlink, keep a symlinked file only when its real path lies inside
// the vault. With read.ts, the only code that touches the vault on disk.

import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { readNote } from './read.ts';
import type { Diagnostic, VaultFile } from '../core/types.ts';

export interface VaultListing {
  /** Markdown notes as [vault path (NFC), path on disk], sorted by vault path. */
  notes: Array<[string, string]>;
  /** Every other file (possible link targets), vault paths, sorted. */
  attachments: string[];
  diagnostics: Diagnostic[];
}

const IS_NOTE = /\.md$/i;
/** What Node puts in a listed name for bytes that are not UTF-8; such a name opens nothing. */
const LOSSY = '\uFFFD';
const NOT_UTF8 = 'its name is not valid UTF-8 (shown with \uFFFD for the bad bytes); rename it to index it';
const byFirst = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** How the listing reads folders (tests give one that fails). */
export interface ListIo { readdirSync: typeof fs.readdirSync }

export function listVault(root: string, io: ListIo = fs): VaultListing {
  const diagnostics: Diagnostic[] = [];
  const realRoot = fs.realpathSync(root);
  // A folder that cannot be read is reported and skipped; the rest of the vault is still listed.
  const readdirSync = ((dir: string, options: never) => {
    try {
      return io.readdirSync(dir, options);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const rel = path.relative(root, dir).split(path.sep).join('/') || '.';
      const why = err.code === 'ENOENT' && rel.includes(LOSSY) ? NOT_UTF8 : `${err.code ?? ''} ${err.message}`;
      diagnostics.push({ path: rel.normalize('NFC'), line: 1, severity: 'error', code: 'read-error',
        message: `cannot read folder: ${why}; the files in it are missing from the graph`.replace(/\s+/g, ' ').trim() });
      return [];
    }
  }) as typeof fs.readdirSync;
  // cwd + relative pattern: glob characters in the vault's own path are never interpreted (STACK.md §4).
  const entries = fg.sync('**', {
    cwd: root, dot: false, onlyFiles: false, objectMode: true, followSymbolicLinks: false,
    caseSensitiveMatch: false, ignore: ['**/node_modules/**'], unique: true, fs: { readdirSync },
  });
  const files: Array<[string, string]> = [];
  for (const e of entries) {
    const rel = e.path;
    if (e.dirent.isFile()) {
      if (rel.includes(LOSSY) && !fs.existsSync(path.join(root, rel))) { // the name as decoded is not the name on disk
        diagnostics.push({ path: rel.normalize('NFC'), line: 1, severity: 'error', code: 'read-error', message: `cannot read file: ${NOT_UTF8}; not indexed` });
        continue;
      }
      files.push([rel.normalize('NFC'), rel]);
      continue;
    }
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
  files.sort(byFirst);
  const notes = files.filter(([p]) => IS_NOTE.test(p));
  const attachments = files.filter(([p]) => !IS_NOTE.test(p)).map(([p]) => p);
  return { notes, attachments, diagnostics };
}

/** List and read the whole vault on this thread (tests and small tools; the spine uses parse-pool). */
export function scanVault(root: string, opts: { maxFileBytes: number }): { notes: VaultFile[]; attachments: string[]; diagnostics: Diagnostic[] } {
  const listed = listVault(root);
  const notes = listed.notes.map(([rel, disk]) => readNote(root, rel, disk, opts.maxFileBytes));
  return { notes, attachments: listed.attachments, diagnostics: listed.diagnostics };
}
