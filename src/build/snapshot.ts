// A built vault as a model (graphology's export form), from each kind of source `diff` compares: a
// folder on disk (the JSON build path at full detail, for the lines a diff reports, through the
// build cache `serve` fills), a graph JSON written by `build` (lean or full: graph-json.ts reads
// both), or a git revision (its files read from git's objects and fed to the same pure core).

import fs from 'node:fs';
import { assemble } from '../core/graph.ts';
import { readGraphJson, type GraphModel } from '../core/graph-json.ts';
import { noteOf } from '../core/note-of.ts';
import { isAttachment, type Options } from '../core/options.ts';
import type { Diagnostic } from '../core/types.ts';
import { loadOptions } from './config.ts';
import { changesBetween, isNotePath, listTree, readNotes, vaultAt, type GitChanges, type GitVault, type TreeEntry } from './git.ts';
import { notesToRedraft, patchModel } from '../core/patch-model.ts';
import { buildVaultJson, type BuildHooks } from './json-build.ts';
import { excludedMatcher, readObsidianSettings } from './obsidian.ts';

export interface Snapshot { model: GraphModel; diagnostics: Diagnostic[] }

/** A folder, built as `vaultgraph build --detail full` builds it (a warm build cache makes this fast). */
export async function snapshotOfFolder(dir: string, overrides: Partial<Options>, hooks: BuildHooks): Promise<Snapshot> {
  // The chunks (many and small; the spool reuses its buffer) are copied into one growing buffer and
  // decoded once: a Buffer or a string per chunk cost more than the rest of the build from cache.
  let buf = Buffer.allocUnsafe(1 << 20);
  let length = 0;
  const b = await buildVaultJson(dir, (c) => {
    const bytes = typeof c === 'string' ? Buffer.from(c) : c;
    if (length + bytes.length > buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, length + bytes.length));
      buf.copy(bigger, 0, 0, length);
      buf = bigger;
    }
    buf.set(bytes, length);
    length += bytes.length;
  }, overrides, { ...hooks, detail: 'full' });
  return { model: readGraphJson(JSON.parse(buf.toString('utf8', 0, length)))!, diagnostics: b.diagnostics };
}

/** A graph JSON written by `build` (lean or full); undefined when the file is not one (the caller says so). */
export function snapshotOfJson(file: string): Snapshot | undefined {
  let data: unknown;
  try { data = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
  const model = readGraphJson(data);
  return model && { model, diagnostics: [] };
}

/** The options, Obsidian exclusions and attachment filter a vault folder's builds use. */
function conventions(vault: string, overrides: Partial<Options>) {
  const loaded = loadOptions(vault, overrides);
  const obsidian = readObsidianSettings(vault);
  const options = obsidian.allFileTypes ? { ...loaded.options, allFileTypes: true } : loaded.options;
  const keep = (attachments: string[]) => (options.allFileTypes ? attachments : attachments.filter(isAttachment));
  return { options, keep, isExcluded: excludedMatcher(obsidian.userIgnoreFilters) };
}

/**
 * The vault at a commit, read from git's objects (nothing is checked out). The conventions — the
 * options of vaultgraph.config.json and Obsidian's excluded files — are the vault folder's current
 * ones, so both sides of a diff are read by the same rules.
 */
export async function snapshotAtCommit(vault: string, repo: GitVault, commit: string, overrides: Partial<Options>): Promise<Snapshot> {
  const { options, keep, isExcluded } = conventions(vault, overrides);
  const files = await vaultAt(repo, commit, options.maxFileBytes);
  const notes = files.notes.map((f) => noteOf(f, options));
  const out = assemble({ notes, attachments: keep(files.attachments), isExcluded }, options);
  return { model: out.model, diagnostics: out.diagnostics };
}

/**
 * The same, from the graph of the vault's work tree (`workTree`, built through the build cache):
 * only the notes that differ from the work tree, or whose links name a file that came or went,
 * are read from git and drafted again (patch-model.ts). Falls back to the full read when keys are
 * not plain paths or aliases resolve links.
 */
export async function snapshotAtCommitFrom(workTree: GraphModel, vault: string, repo: GitVault, commit: string, overrides: Partial<Options>,
  listing: Promise<CommitListing> = listCommit(repo, commit)): Promise<Snapshot> {
  const { options, keep, isExcluded } = conventions(vault, overrides);
  if (options.resolveAliases) return snapshotAtCommit(vault, repo, commit, overrides);
  const { entries, changes } = await listing;
  // The work tree's files as its graph knows them: every note, and the attachments something links.
  // An unlinked attachment then looks added in the revision, which can only re-draft a note more.
  const baseFiles = workTree.nodes.filter((n) => n.attributes.kind !== 'tag' && n.attributes.kind !== 'unresolved').map((n) => n.attributes.path);
  const notes = entries.filter((e) => isNotePath(e.path));
  const files = [...notes.map((e) => e.path), ...keep(entries.filter((e) => !isNotePath(e.path)).map((e) => e.path))].sort(byPath);
  const input = { base: workTree, baseFiles, files, changed: changes.changed };
  const wanted = new Set(notesToRedraft(input));
  const texts = await readNotes(repo, notes.filter((e) => wanted.has(e.path)), options.maxFileBytes);
  const model = patchModel(input, texts.map((f) => noteOf(f, options)), options, isExcluded);
  return model ? { model, diagnostics: [] } : snapshotAtCommit(vault, repo, commit, overrides);
}

/** The commit's files and what changed from it to the work tree: git's part of the fast path (start it early). */
export interface CommitListing { entries: TreeEntry[]; changes: GitChanges }
export async function listCommit(repo: GitVault, commit: string): Promise<CommitListing> {
  const [entries, changes] = await Promise.all([listTree(repo, commit), changesBetween(repo, commit)]);
  return { entries, changes };
}

const byPath = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
