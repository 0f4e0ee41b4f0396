// Git as a source of vault files: a revision's notes read straight from git's objects (ls-tree +
// cat-file --batch), never from or into the work tree, and what changed between two revisions or a
// revision and the work tree (diff -M: git's rename detection). Always `execFile('git', [...])`:
// argument arrays, no shell. The vault may be a subfolder of the repository (`prefix`).

import { execFile, spawn } from 'node:child_process';
import { decodeNote, tooLarge } from '../core/decode.ts';
import type { VaultFile } from '../core/types.ts';

/** A vault folder inside a git work tree: the repository's top folder and the vault's path in it. */
export interface GitVault {
  top: string;
  /** The vault's folder relative to `top`, `/`-separated with a trailing `/`; '' when the vault is the top. */
  prefix: string;
}

export class GitError extends Error {}

const MAX_BUFFER = 1 << 30;

/** Run git in `cwd`; stdout as bytes. Throws GitError with git's first line of stderr. */
export function git(cwd: string, args: readonly string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, encoding: 'buffer', maxBuffer: MAX_BUFFER, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }, (err, stdout, stderr) => {
      if (err) {
        const why = stderr.toString('utf8').trim().split('\n')[0] || (err as NodeJS.ErrnoException).code || err.message;
        reject(new GitError(`git ${args[0]}: ${why}`));
      } else resolve(stdout);
    });
  });
}

/** The repository holding `dir`, or undefined when `dir` is not in a git work tree (or git is missing). */
export async function gitVault(dir: string): Promise<GitVault | undefined> {
  try {
    const out = (await git(dir, ['rev-parse', '--show-toplevel', '--show-prefix'])).toString('utf8').split('\n');
    return { top: out[0]!, prefix: out[1] ?? '' };
  } catch { return undefined; }
}

/** The commit a revision names (`HEAD~2`, a branch, a tag, an oid), or undefined. */
export async function resolveCommit(repo: GitVault, rev: string): Promise<string | undefined> {
  if (rev.startsWith('-')) return undefined; // never let a revision pose as an option
  try {
    return (await git(repo.top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).toString('utf8').trim() || undefined;
  } catch { return undefined; }
}

export interface TreeEntry { path: string; oid: string }

/** Dot-folders and node_modules are skipped, as the scanner skips them on disk. */
const SKIPPED = (p: string) => p.split('/').some((s) => s.startsWith('.') || s === 'node_modules');
const IS_NOTE = /\.md$/i;

/** Every regular file of the vault at `commit`: vault-relative NFC paths, sorted as the scanner sorts. */
export async function listTree(repo: GitVault, commit: string): Promise<TreeEntry[]> {
  const args = ['ls-tree', '-r', '-z', '--full-tree', commit];
  if (repo.prefix) args.push('--', repo.prefix);
  const out = (await git(repo.top, args)).toString('utf8');
  const entries: TreeEntry[] = [];
  for (const rec of out.split('\0')) {
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid] = rec.slice(0, tab).split(/\s+/);
    // Regular files only: symlinks (120000) could point anywhere, submodules (commit) hold no text.
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755')) continue;
    const rel = rec.slice(tab + 1).slice(repo.prefix.length).normalize('NFC');
    if (SKIPPED(rel)) continue;
    entries.push({ path: rel, oid: oid! });
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Blob contents by oid, through one `git cat-file --batch`. */
export function readBlobs(repo: GitVault, oids: readonly string[]): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: repo.top, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
    const chunks: Buffer[] = [];
    let errText = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => { errText += c.toString('utf8'); });
    child.on('error', (e) => reject(new GitError(`git cat-file: ${e.message}`)));
    child.on('close', (code) => {
      if (code !== 0) { reject(new GitError(`git cat-file: ${errText.trim().split('\n')[0] || `exit ${code}`}`)); return; }
      const all = Buffer.concat(chunks);
      const blobs = new Map<string, Buffer>();
      let at = 0;
      while (at < all.length) {
        const nl = all.indexOf(0x0a, at);
        if (nl < 0) break;
        const [oid, type, size] = all.subarray(at, nl).toString('utf8').split(' ');
        if (type === 'missing' || size === undefined) { at = nl + 1; continue; }
        const n = Number(size);
        blobs.set(oid!, all.subarray(nl + 1, nl + 1 + n));
        at = nl + 1 + n + 1; // contents, then a newline
      }
      resolve(blobs);
    });
    child.stdin.end(oids.join('\n') + (oids.length ? '\n' : ''));
  });
}

/** The vault as it was at `commit`: notes as VaultFile values, attachments as paths. */
export async function vaultAt(repo: GitVault, commit: string, maxFileBytes: number): Promise<{ notes: VaultFile[]; attachments: string[] }> {
  const entries = await listTree(repo, commit);
  return { notes: await readNotes(repo, entries.filter((e) => IS_NOTE.test(e.path)), maxFileBytes), attachments: entries.filter((e) => !IS_NOTE.test(e.path)).map((e) => e.path) };
}

/** These notes' texts from git's objects, decoded as notes read from disk are. */
export async function readNotes(repo: GitVault, notes: readonly TreeEntry[], maxFileBytes: number): Promise<VaultFile[]> {
  const blobs = await readBlobs(repo, [...new Set(notes.map((e) => e.oid))]);
  return notes.map((e): VaultFile => {
    const bytes = blobs.get(e.oid) ?? Buffer.alloc(0);
    if (bytes.length > maxFileBytes) return { path: e.path, diagnostic: tooLarge(e.path, bytes.length, maxFileBytes) };
    const d = decodeNote(e.path, bytes, maxFileBytes);
    return d.text === undefined ? { path: e.path, diagnostic: d.diagnostic } : { path: e.path, text: d.text, ...(d.diagnostic && { diagnostic: d.diagnostic }) };
  });
}

export const isNotePath = (p: string): boolean => IS_NOTE.test(p);

/** What `git diff -M --name-status` says changed in the vault: vault-relative paths. */
export interface GitChanges {
  /** Renamed files [old, new] (git's similarity detection, 50 % by default). */
  renamed: Array<[string, string]>;
  /** Every path added, modified, deleted or type-changed, and both sides of each rename. */
  changed: Set<string>;
}

/** Changes from `from` to `to` (a commit), or to the work tree when `to` is undefined. Untracked files are not seen. */
export async function changesBetween(repo: GitVault, from: string, to?: string): Promise<GitChanges> {
  const args = ['diff', '-M', '--name-status', '-z', '--no-color', '--no-ext-diff', from];
  if (to !== undefined) args.push(to);
  args.push('--', repo.prefix ? repo.prefix : '.');
  const parts = (await git(repo.top, args)).toString('utf8').split('\0');
  const rel = (p: string) => p.slice(repo.prefix.length).normalize('NFC');
  const renamed: Array<[string, string]> = [];
  const changed = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    const status = parts[i]!;
    if (status === '') continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      const a = rel(parts[++i]!), b = rel(parts[++i]!);
      if (status.startsWith('R')) { renamed.push([a, b]); changed.add(a); }
      changed.add(b);
    } else changed.add(rel(parts[++i]!));
  }
  return { renamed, changed };
}

/** Files in the vault that git does not track and does not ignore (new notes not yet added). */
export async function untracked(repo: GitVault): Promise<string[]> {
  const args = ['ls-files', '--others', '--exclude-standard', '-z', '--full-name', '--', repo.prefix ? repo.prefix : '.'];
  const out = (await git(repo.top, args)).toString('utf8');
  return out.split('\0').filter(Boolean).map((p) => p.slice(repo.prefix.length).normalize('NFC'));
}
