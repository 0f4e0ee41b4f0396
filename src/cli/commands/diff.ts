// `vaultgraph diff OLD NEW`: what changed in the graph between two versions of a vault — each a
// folder, a graph JSON written by `build`, or a git revision of the repository holding the vault.

import fs from 'node:fs';
import path from 'node:path';
import { changesBetween, GitError, gitVault, resolveCommit, type GitVault } from '../../build/git.ts';
import { listCommit, snapshotAtCommit, snapshotAtCommitFrom, snapshotOfFolder, snapshotOfJson, type Snapshot } from '../../build/snapshot.ts';
import type { VaultModel } from '../../core/graph.ts';
import { diffModels } from '../../query/diff.ts';
import { viewerDiff, type ViewerDiff } from '../../viewer/diff-payload.ts';
import { DIFF_FORMATS, formatDiffGithub, formatDiffJson, formatDiffMarkdown, formatDiffText, type DiffFormat } from '../diff-format.ts';
import { isDirectory, jsonHooks, UsageError, vaultOverrides, type CliIo, type Command, type Values } from '../common.ts';

const FAIL_ON = ['broken', 'orphans'] as const;
type FailOn = (typeof FAIL_ON)[number];

type Side =
  | { kind: 'folder'; dir: string; label: string }
  | { kind: 'json'; file: string; label: string }
  | { kind: 'git'; commit: string; label: string };

export const diffCommand: Command = {
  summary: 'what changed between two versions of a vault: notes, typed relations, broken links, orphans',
  usage: `vaultgraph diff OLD NEW [--vault DIR] [--json | --format text|markdown|github] [--fail-on broken,orphans]
  OLD, NEW                each a vault folder, a graph JSON written by "vaultgraph build", or a git
                          revision (HEAD~1, main, a tag) of the repository holding the vault, read
                          from git's objects (the work tree is not touched)
  --vault DIR             the vault (default: the folder given as OLD or NEW, else the current
                          folder); revisions are read from its repository, and its
                          vaultgraph.config.json and .obsidian settings apply to both sides
  --json                  print JSON (same as --format json; see docs/diff.md)
  --format F              text (default), json, markdown (a pull-request comment), github (workflow
                          annotations on the changed lines)
  --fail-on LIST          exit 1 when the diff adds broken links (broken) or orphans (orphans)
  --cache-dir DIR, --no-cache   the build cache used for folder sides (as for build)`,
  operands: ['OLD', 'NEW'],
  vaultArg: false,
  flags: {
    vault: { type: 'string' }, json: { type: 'boolean' }, format: { type: 'string' }, 'fail-on': { type: 'string' },
    'cache-dir': { type: 'string' }, 'no-cache': { type: 'boolean' },
  },
  run: async (_cwd, v, io, args) => {
    const format = (v.json ? 'json' : v.format ?? 'text') as DiffFormat;
    if (v.json && v.format !== undefined && v.format !== 'json') throw new UsageError('use either --json or --format, not both');
    if (!DIFF_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${DIFF_FORMATS.join(', ')}, not "${String(v.format)}"`);
    const failOn = parseFailOn(v['fail-on']);
    // Without --vault, a folder given as a side is the vault (`diff HEAD docs`), else the current folder.
    const folderArg = args!.find((a) => isDirectory(path.resolve(io.cwd, a)));
    const vault = path.resolve(io.cwd, typeof v.vault === 'string' ? v.vault : folderArg ?? '.');
    if (!isDirectory(vault)) throw new UsageError(`vault not found: ${vault} is not a folder`);
    const repo = await gitVault(vault);
    const [oldSide, newSide] = await Promise.all(args.map((a, i) => sideOf(a, i === 0 ? 'OLD' : 'NEW', vault, repo, io)));
    let snaps: Snapshot[];
    let renames: Array<[string, string]> | undefined;
    try {
      ({ snaps, renames } = await snapshots([oldSide!, newSide!], vault, repo, v, io));
    } catch (e) {
      if (e instanceof GitError) { io.stderr(`vaultgraph: diff: ${vault}: ${e.message}\n`); return 3; }
      throw e;
    }
    const d = diffModels(snaps[0]!.model, snaps[1]!.model, renames);
    const show = (p: string) => path.relative(io.cwd, path.join(vault, p)).split(path.sep).join('/');
    io.stdout(format === 'json' ? formatDiffJson(d)
      : format === 'markdown' ? formatDiffMarkdown(d, `vaultgraph diff ${oldSide!.label} → ${newSide!.label}`)
        : format === 'github' ? formatDiffGithub(d, show) : formatDiffText(d));
    const fails = (failOn.includes('broken') && d.broken.added.length > 0) || (failOn.includes('orphans') && d.orphans.added.length > 0);
    return fails ? 1 : 0;
  },
};

function parseFailOn(value: string | boolean | undefined): FailOn[] {
  if (typeof value !== 'string') return [];
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of parts) if (!FAIL_ON.includes(p as FailOn)) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')}, not "${p}"`);
  return parts as FailOn[];
}

/** A folder, else a graph JSON file, else a git revision of the vault's repository. */
async function sideOf(arg: string, name: string, vault: string, repo: GitVault | undefined, io: CliIo): Promise<Side> {
  const full = path.resolve(io.cwd, arg);
  if (isDirectory(full)) return { kind: 'folder', dir: full, label: arg };
  if (fs.existsSync(full) && fs.statSync(full).isFile()) return { kind: 'json', file: full, label: arg };
  const commit = repo ? await resolveCommit(repo, arg) : undefined;
  if (commit) return { kind: 'git', commit, label: arg };
  throw new UsageError(`${name} "${arg}" is not a folder, a graph JSON file${repo ? `, or a revision of the git repository ${repo.top}` : `, and ${vault} is not in a git repository`}`);
}

/**
 * Both sides. A revision compared with the vault's own work tree is derived from the work tree's
 * graph (cached), re-reading from git only what differs: the fast path of `diff HEAD .`.
 */
async function snapshots(sides: Side[], vault: string, repo: GitVault | undefined, v: Values, io: CliIo): Promise<{ snaps: Snapshot[]; renames?: Array<[string, string]> }> {
  const tree = sides.findIndex((s) => s.kind === 'folder' && sameFolder(s.dir, vault));
  const other = sides[1 - tree];
  if (repo && tree >= 0 && other?.kind === 'git') {
    const listing = listCommit(repo, other.commit); // git works while the work tree is built
    listing.catch(() => undefined); // awaited below; a failure then is the one reported
    const base = await snapshot(sides[tree]!, vault, repo, v, io);
    const rev = await snapshotAtCommitFrom(base.model, vault, repo, other.commit, vaultOverrides(v), listing);
    const renamed = (await listing).changes.renamed; // commit → work tree
    return tree === 0 ? { snaps: [base, rev], renames: renamed.map(([a, b]) => [b, a]) } : { snaps: [rev, base], renames: renamed };
  }
  const [snaps, renames] = await Promise.all([Promise.all(sides.map((s) => snapshot(s, vault, repo, v, io))), gitRenames(sides[0]!, sides[1]!, repo)]);
  return { snaps, ...(renames && { renames }) };
}

async function snapshot(s: Side, vault: string, repo: GitVault | undefined, v: Values, io: CliIo): Promise<Snapshot> {
  if (s.kind === 'folder') return snapshotOfFolder(s.dir, vaultOverrides(v), jsonHooks(s.dir, { ...v, quiet: true }, io));
  if (s.kind === 'git') return snapshotAtCommit(vault, repo!, s.commit, vaultOverrides(v));
  const snap = snapshotOfJson(s.file);
  if (!snap) throw new UsageError(`${s.label} is not a graph JSON written by "vaultgraph build"`);
  return snap;
}

/** Git's renames when both sides are revisions; else undefined (renames are then guessed). */
async function gitRenames(a: Side, b: Side, repo: GitVault | undefined): Promise<Array<[string, string]> | undefined> {
  if (!repo || a.kind !== 'git' || b.kind !== 'git') return undefined;
  return (await changesBetween(repo, a.commit, b.commit)).renamed;
}

function sameFolder(a: string, b: string): boolean {
  try { return fs.realpathSync(a) === fs.realpathSync(b); } catch { return false; }
}

/**
 * `serve --diff REV`: the work tree's graph (`model`) against the revision, for the viewer. Usage
 * errors for a vault outside git or an unknown revision.
 */
export async function diffForViewer(vault: string, rev: string, model: VaultModel, v: Values): Promise<ViewerDiff> {
  const repo = await gitVault(vault);
  if (!repo) throw new UsageError(`--diff needs the vault in a git repository: ${vault} is not`);
  const commit = await resolveCommit(repo, rev);
  if (!commit) throw new UsageError(`--diff: "${rev}" is not a revision of the git repository ${repo.top}`);
  const listing = listCommit(repo, commit);
  const old = await snapshotAtCommitFrom(model, vault, repo, commit, vaultOverrides(v), listing);
  const { changes } = await listing;
  const keyOf = new Map(model.nodes.map((n) => [n.attributes.path, n.key]));
  const modified = [...changes.changed].map((p) => keyOf.get(p)).filter((k): k is string => k !== undefined);
  return viewerDiff(diffModels(old.model, model, changes.renamed), old.model, model, rev, modified);
}
