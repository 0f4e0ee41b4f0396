// `vaultgraph diff` on temporary git repositories made here: one commit per kind of change (a typed
// relation added, a note deleted, one renamed, a link broken), the vault in a subfolder of the repo,
// revisions read from git's objects with the work tree left exactly as it was.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitVault, resolveCommit } from '../src/build/git.ts';
import { snapshotAtCommit, snapshotAtCommitFrom, snapshotOfFolder } from '../src/build/snapshot.ts';
import { runCli } from '../src/cli/main.ts';
import { diffModels, isEmptyDiff } from '../src/query/diff.ts';
import { captureIo } from './helpers.ts';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });

let repo = '';
let vault = '';
const write = (rel: string, text: string) => { fs.mkdirSync(path.dirname(path.join(vault, rel)), { recursive: true }); fs.writeFileSync(path.join(vault, rel), text); };
const commit = (msg: string) => { git(repo, 'add', '-A'); git(repo, 'commit', '-qm', msg); };

async function run(argv: string[], cwd = repo) {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}
async function json(...argv: string[]) {
  const r = await run(['diff', ...argv, '--vault', 'notes', '--json']);
  expect(r.err).toBe('');
  return JSON.parse(r.out) as {
    notes: { added: string[]; removed: string[]; renamed: string[][] };
    edges: { added: Array<Record<string, string>>; removed: Array<Record<string, string>> };
    broken: { added: Array<Record<string, unknown>>; fixed: Array<Record<string, unknown>> };
    orphans: { added: string[]; removed: string[] };
  };
}

beforeAll(() => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-diff-git-'));
  vault = path.join(repo, 'notes');
  git(repo, 'init', '-q');
  fs.writeFileSync(path.join(repo, 'README.md'), 'not part of the vault: [[Nowhere]]\n');
  write('A.md', '# A\n\n见 [[B]] 与 [[C]]。\n');
  write('B.md', 'B 链接 [[A]]。\n');
  write('sub/C.md', '---\ntitle: 笔记 C\n---\nC 链接 [[A]] 和 [[B]]，也见 [[D]]。\n');
  write('D.md', 'D 链接 [[A]]。\n');
  commit('start');
  write('A.md', '# A\n\n见 [[B]] 与 [[C]]。\n\n## 相关文档\n\n- [[B]]；关联理由：引用；说明：A 引用了 B。\n');
  commit('typed relation');
  fs.rmSync(path.join(vault, 'D.md'));
  commit('delete D');
  git(repo, 'mv', 'notes/sub/C.md', 'notes/sub/C2.md');
  write('A.md', fs.readFileSync(path.join(vault, 'A.md'), 'utf8').replace('[[C]]', '[[C2]]'));
  commit('rename C');
  write('B.md', 'B 链接 [[A]] 与 [[Gone]]。\n');
  commit('break a link');
});
afterAll(() => { fs.rmSync(repo, { recursive: true, force: true }); });

describe('diff between git revisions', { timeout: 60_000 }, () => {
  it('a typed relation added', async () => {
    const d = await json('HEAD~4', 'HEAD~3');
    expect(d.edges.added).toEqual([{ source: 'A', target: 'B', relation: 'cites', description: 'A 引用了 B。' }]);
    expect(d.edges.removed).toEqual([]);
    expect(d.notes).toEqual({ added: [], removed: [], renamed: [] });
  });

  it('a note deleted: its links are broken now', async () => {
    const d = await json('HEAD~3', 'HEAD~2');
    expect(d.notes.removed).toEqual(['D']);
    expect(d.broken.added).toEqual([{ source: 'sub/C', target: 'D', line: 4 }]);
    expect(d.edges.removed.map((e) => `${e.source}->${e.target}`)).toEqual(['D->A', 'sub/C->D']);
  });

  it('a note renamed: git\'s rename, no edge noise', async () => {
    const d = await json('HEAD~2', 'HEAD~1');
    expect(d.notes).toEqual({ added: [], removed: [], renamed: [['sub/C', 'sub/C2']] });
    expect(d.edges.added).toEqual([]);
    expect(d.edges.removed).toEqual([]);
    expect(d.broken.added).toEqual([]);
  });

  it('a link broken; --fail-on broken exits 1', async () => {
    const d = await json('HEAD~1', 'HEAD');
    expect(d.broken.added).toEqual([{ source: 'B', target: 'Gone', line: 1 }]);
    expect((await run(['diff', 'HEAD~1', 'HEAD', '--vault', 'notes', '--fail-on', 'broken'])).code).toBe(1);
    expect((await run(['diff', 'HEAD~1', 'HEAD', '--vault', 'notes', '--fail-on', 'orphans'])).code).toBe(0);
    expect((await run(['diff', 'HEAD~3', 'HEAD~2', '--vault', 'notes', '--fail-on', 'broken'])).code).toBe(1);
  });

  it('the vault in a subfolder: files outside it are not notes', async () => {
    const d = await json('HEAD~4', 'HEAD');
    expect([...d.notes.added, ...d.notes.removed]).not.toContain('README');
    expect(d.broken.added.map((b) => b.source)).not.toContain('README');
  });

  it('annotates changed lines for GitHub, paths relative to the working folder', async () => {
    const r = await run(['diff', 'HEAD~1', 'HEAD', '--vault', 'notes', '--format', 'github']);
    expect(r.out).toContain('::warning file=notes/B.md,line=1,title=broken link::B links to "Gone", which does not exist\n');
  });
});

describe('diff against the work tree', { timeout: 60_000 }, () => {
  it('sees uncommitted edits and renames, and leaves the work tree and index as they were', async () => {
    write('B.md', 'B 链接 [[A]]。\n'); // fixes [[Gone]]
    git(repo, 'mv', 'notes/sub/C2.md', 'notes/sub/C3.md');
    write('A.md', fs.readFileSync(path.join(vault, 'A.md'), 'utf8').replace('[[C2]]', '[[C3]]'));
    const before = git(repo, 'status', '--porcelain=v1');
    const index = fs.readFileSync(path.join(repo, '.git', 'index'));
    const r = await run(['diff', 'HEAD', '.', '--json', '--no-cache'], vault); // --vault defaults to the current folder
    expect(r.err).toBe('');
    const d = JSON.parse(r.out) as { notes: { renamed: string[][] }; broken: { fixed: Array<Record<string, unknown>> }; edges: { added: unknown[] } };
    expect(d.notes.renamed).toEqual([['sub/C2', 'sub/C3']]);
    expect(d.broken.fixed).toEqual([{ source: 'B', target: 'Gone', line: 1 }]);
    expect(d.edges.added).toEqual([]);
    const fromTop = await run(['diff', 'HEAD', 'notes', '--json', '--no-cache'], repo); // the folder side is the vault
    expect(JSON.parse(fromTop.out)).toEqual(d);
    expect(git(repo, 'status', '--porcelain=v1')).toBe(before);
    expect(fs.readFileSync(path.join(repo, '.git', 'index')).equals(index)).toBe(true);
    git(repo, 'reset', '-q', '--hard');
  });

  it('compares graph JSON files written by build', async () => {
    const out = path.join(repo, 'g.json');
    expect((await run(['build', 'notes', '-o', out, '-q', '--no-cache'])).code).toBe(0);
    const r = await run(['diff', 'HEAD~1', out, '--vault', 'notes', '--json']);
    // As HEAD~1..HEAD, but a lean file keeps no lines.
    expect((JSON.parse(r.out) as { broken: { added: unknown[] } }).broken.added).toEqual([{ source: 'B', target: 'Gone', line: null }]);
    const full = path.join(repo, 'g-full.json');
    expect((await run(['build', 'notes', '-o', full, '-q', '--no-cache', '--detail', 'full'])).code).toBe(0);
    // Either form, the same diff; the full one with the line.
    expect((await run(['diff', 'HEAD~1', full, '--vault', 'notes', '--json'])).out).toBe(r.out.replace('"line": null', '"line": 1'));
    const same = JSON.parse((await run(['diff', out, full, '--vault', 'notes', '--json'])).out) as { edges: { added: unknown[]; removed: unknown[] }; notes: { added: unknown[] } };
    expect([same.edges.added, same.edges.removed, same.notes.added]).toEqual([[], [], []]);
    fs.rmSync(out);
    fs.rmSync(full);
  });
});

describe('the work-tree fast path (patch-model.ts)', { timeout: 60_000 }, () => {
  it('derives each revision from the work tree\'s graph exactly as a full read builds it', async () => {
    write('B.md', 'B 链接 [[A]]、[[D]] 与 [[sub/C2]]。#标签\n'); // D comes back below; C2 goes
    write('D.md', 'D again [[A]]\n');
    fs.rmSync(path.join(vault, 'sub/C2.md'));
    write('E.png', 'not an image');
    const repoOf = (await gitVault(vault))!;
    const tree = await snapshotOfFolder(vault, {}, {});
    for (const rev of ['HEAD', 'HEAD~1', 'HEAD~2', 'HEAD~3', 'HEAD~4']) {
      const commit = (await resolveCommit(repoOf, rev))!;
      const full = await snapshotAtCommit(vault, repoOf, commit, {});
      const fast = await snapshotAtCommitFrom(tree.model, vault, repoOf, commit, {});
      expect(isEmptyDiff(diffModels(full.model, fast.model)), rev).toBe(true);
      expect(diffModels(full.model, tree.model)).toEqual(diffModels(fast.model, tree.model));
    }
    git(repo, 'reset', '-q', '--hard');
    git(repo, 'clean', '-qfd');
  });
});

describe('diff usage errors', { timeout: 60_000 }, () => {
  it.each([
    [['diff', 'HEAD'], /diff takes OLD NEW, got 1 argument/],
    [['diff', 'no-such-rev', 'HEAD', '--vault', 'notes'], /OLD "no-such-rev" is not a folder, a graph JSON file, or a revision/],
    [['diff', '--upload-pack=x', 'HEAD', '--vault', 'notes'], /unknown option --upload-pack/],
    [['diff', 'HEAD~1', 'HEAD', '--vault', 'notes', '--fail-on', 'typos'], /--fail-on takes broken, orphans/],
    [['diff', 'HEAD~1', 'HEAD', '--vault', 'notes', '--format', 'xml'], /--format must be one of/],
  ])('%j', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('a folder outside git can only be compared with folders and JSON', async () => {
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-diff-plain-'));
    const r = await run(['diff', 'HEAD~1', plain, '--vault', plain]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not in a git repository/);
    fs.rmSync(plain, { recursive: true });
  });
});
