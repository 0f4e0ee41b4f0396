// Scan: list the vault with fast-glob (dot-folders and node_modules skipped, `.md` in any case,
// sorted), follow no directory symlink, keep a symlinked file only when its real path lies inside
// the vault. The one owner of what a vault holds: watch mode asks listAt() about each changed path.
// With read.ts, the only code that touches the vault on disk.

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
  /** Every folder the scan entered, relative to the root, as on disk (not the root itself). */
  dirs?: string[];
}

const IS_NOTE = /\.md$/i;
/** Names the scan never enters or lists: dot-files and dot-folders, node_modules (in any case). */
const isSkippedName = (name: string) => name.startsWith('.') || name.toLowerCase() === 'node_modules';
/** Whether the scan looks at a vault path at all (watch mode ignores the others). */
export const isScannedPath = (rel: string): boolean => !rel.split('/').some(isSkippedName);
/** What Node puts in a listed name for bytes that are not UTF-8; such a name opens nothing. */
const LOSSY = '\uFFFD';
const NOT_UTF8 = 'its name is not valid UTF-8 (shown with \uFFFD for the bad bytes); rename it to index it';
const byFirst = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** How the listing reads folders (tests give one that fails). */
export interface ListIo { readdirSync: typeof fs.readdirSync }

/** List the vault, or with `under` (a folder's path on disk, relative to root) only that folder. */
export function listVault(root: string, io: ListIo = fs, under = ''): VaultListing {
  const diagnostics: Diagnostic[] = [];
  const realRoot = fs.realpathSync(root);
  // A folder that cannot be read is reported and skipped; the rest of the vault is still listed.
  // Skipped names are dropped here, so fast-glob never enters them.
  const readdirSync = ((dir: string, options: never) => {
    try {
      return (io.readdirSync(dir, options) as Array<string | fs.Dirent>).filter((e) => !isSkippedName(typeof e === 'string' ? e : e.name));
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const rel = path.relative(root, dir).split(path.sep).join('/') || '.';
      const why = err.code === 'ENOENT' && rel.includes(LOSSY) ? NOT_UTF8 : `${err.code ?? ''} ${err.message}`;
      diagnostics.push({ path: rel.normalize('NFC'), line: 1, severity: 'error', code: 'read-error',
        message: `cannot read folder: ${why}; the files in it are missing from the graph`.replace(/\s+/g, ' ').trim() });
      return [];
    }
  }) as typeof fs.readdirSync;
  // cwd + relative pattern: glob characters in the vault's own path are never interpreted (docs/STACK.md §4).
  const entries = fg.sync('**', {
    cwd: path.join(root, under), dot: true, onlyFiles: false, objectMode: true, followSymbolicLinks: false,
    caseSensitiveMatch: false, unique: false /* one pattern: no duplicates to drop (its check cost 15 % of the scan) */, fs: { readdirSync },
  });
  const files: Array<[string, string]> = [];
  const dirs: string[] = [];
  for (const e of entries) {
    const rel = under ? `${under}/${e.path}` : e.path;
    if (e.dirent.isDirectory()) dirs.push(rel);
    else if (e.dirent.isFile()) {
      if (rel.includes(LOSSY) && !fs.existsSync(path.join(root, rel))) { // the name as decoded is not the name on disk
        diagnostics.push({ path: rel.normalize('NFC'), line: 1, severity: 'error', code: 'read-error', message: `cannot read file: ${NOT_UTF8}; not indexed` });
        continue;
      }
      files.push([rel.normalize('NFC'), rel]);
    } else if (e.dirent.isSymbolicLink() && linkedFileInside(root, realRoot, rel, diagnostics)) files.push([rel.normalize('NFC'), rel]);
  }
  files.sort(byFirst);
  const notes = files.filter(([p]) => IS_NOTE.test(p));
  const attachments = files.filter(([p]) => !IS_NOTE.test(p)).map(([p]) => p);
  return { notes, attachments, diagnostics, dirs };
}

/** A symbolic link is listed when it leads to a file inside the vault; one leading out is reported. */
function linkedFileInside(root: string, realRoot: string, rel: string, diagnostics: Diagnostic[]): boolean {
  let real: string;
  try { real = fs.realpathSync(path.join(root, rel)); } catch { return false; } // dangling link
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
    diagnostics.push({ path: rel.normalize('NFC'), line: 1, severity: 'warning', code: 'symlink-outside-vault',
      message: `symbolic link points outside the vault (${real}); not read` });
    return false;
  }
  try { return fs.statSync(real).isFile(); } catch { return false; } // directory links are not followed: no loops
}

/**
 * What the scan lists at one path now (watch mode, after a change there): the file itself, every
 * file in the folder, or nothing — a skipped name, a path through a symlinked folder, a link out
 * of the vault or to a folder, a FIFO or device, a path that is gone.
 */
export function listAt(root: string, disk: string, io: ListIo = fs): VaultListing {
  const none: VaultListing = { notes: [], attachments: [], diagnostics: [] };
  if (disk === '' || !isScannedPath(disk)) return none;
  const full = path.join(root, disk);
  let st: fs.Stats;
  try {
    // The scan enters no linked folder: every folder on the way must be the real one.
    if (fs.realpathSync(path.dirname(full)) !== path.join(fs.realpathSync(root), path.dirname(disk))) return none;
    st = fs.lstatSync(full);
  } catch { return none; }
  if (st.isDirectory()) return listVault(root, io, disk);
  if (!st.isFile() && !(st.isSymbolicLink() && linkedFileInside(root, fs.realpathSync(root), disk, none.diagnostics))) return none;
  const file: [string, string] = [disk.normalize('NFC'), disk];
  return IS_NOTE.test(disk) ? { ...none, notes: [file] } : { ...none, attachments: [file[0]] };
}

/** List and read the whole vault on this thread (tests and small tools; the spine uses parse-pool). */
export function scanVault(root: string, opts: { maxFileBytes: number }): { notes: VaultFile[]; attachments: string[]; diagnostics: Diagnostic[] } {
  const listed = listVault(root);
  const notes = listed.notes.map(([rel, disk]) => readNote(root, rel, disk, opts.maxFileBytes));
  return { notes, attachments: listed.attachments, diagnostics: listed.diagnostics };
}
