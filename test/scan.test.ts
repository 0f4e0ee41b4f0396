// Spec: the scanner (R1, docs/STACK.md §4) and the whole pipeline on small vaults: malformed input gives
// diagnostics naming file and line while every other note stays intact; case of `.MD`; dot-folders
// and node_modules ignored; symlink loops and links outside the vault; glob characters in the path;
// NFD file names. Fixture folders with an expected.json are compared exactly.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildVaultGraph, type VaultBuild } from '../src/index.ts';
import { listVault, scanVault } from '../src/build/scan.ts';
import { edgeList, fixture } from './helpers.ts';

const temps: string[] = [];
afterAll(() => { for (const t of temps) fs.rmSync(t, { recursive: true, force: true }); });
function tempDir(name = 'vault'): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-scan-'));
  temps.push(base);
  const dir = path.join(base, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
function write(root: string, rel: string, content: string | Uint8Array): void {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
}
/** Copy a committed fixture (without its expected.json) into a temp vault. */
function copyFixture(name: string): string {
  const dir = tempDir();
  fs.cpSync(fixture(name), dir, { recursive: true, filter: (src) => path.basename(src) !== 'expected.json' });
  return dir;
}
function expected(name: string): unknown {
  const { $comment: _, ...rest } = JSON.parse(fs.readFileSync(path.join(fixture(name), 'expected.json'), 'utf8')) as Record<string, unknown>;
  return rest;
}
/** The build in the shape of expected.json. */
function summary(b: VaultBuild) {
  const diagnostics: Record<string, string[]> = {};
  for (const d of b.diagnostics) (diagnostics[d.path] ??= []).push(`${d.code}:${d.line}`);
  for (const list of Object.values(diagnostics)) list.sort();
  return {
    nodes: b.graph.nodes().sort(),
    edges: edgeList(b.graph),
    broken: b.broken.map((l) => `${l.path}:${l.line} ${l.raw}`).sort(),
    attachments: b.attachments,
    diagnostics: Object.fromEntries(Object.entries(diagnostics).sort()),
  };
}

describe('bad-input fixture: each problem is a diagnostic with file and line, every other note intact', async () => {
  const g = globalThis as Record<string, unknown>;
  delete g.__VG_FIXTURE_PWNED;
  const dir = copyFixture('bad-input');
  write(dir, 'bom-crlf.md', '\ufeff---\r\ntitle: BOM\r\nup: "[[good]]"\r\n---\r\nsee [[good]]\r\n');
  write(dir, 'invalid-utf8.md', Buffer.concat([Buffer.from('line one\nline two '), Buffer.from([0xff, 0xfe]), Buffer.from('\n[[good]]\n')]));
  write(dir, 'binary.md', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x5b, 0x5b, 0x67, 0x6f, 0x6f, 0x64, 0x5d, 0x5d, 0x0a, 0xff, 0x00]));
  const b = await buildVaultGraph(dir);

  it('matches expected.json exactly', () => {
    expect(summary(b)).toEqual(expected('bad-input'));
  });
  it('the ---js note never ran', () => {
    expect(g.__VG_FIXTURE_PWNED).toBeUndefined();
  });
  it('the unclosed-frontmatter note swallowed no link: [[good]] at its file line', () => {
    const n = b.notes.find((x) => x.path === 'unclosed.md')!;
    expect(n.links.map((l) => [l.target, l.line])).toEqual([['good', 4]]);
  });
  it('the BOM+CRLF note keeps its title without \\r and its links at their file lines', () => {
    const n = b.notes.find((x) => x.path === 'bom-crlf.md')!;
    expect(n.title).toBe('BOM');
    expect(n.links.map((l) => [l.target, l.line, l.origin])).toEqual([['good', 3, 'frontmatter'], ['good', 5, 'body']]);
  });
  it('the binary note is a node with no links, no tags, no text parsed', () => {
    const n = b.notes.find((x) => x.path === 'binary.md')!;
    expect([n.links, n.tags, n.frontmatter]).toEqual([[], [], {}]);
  });
  it('the good note keeps all its links, resolved', () => {
    const n = b.notes.find((x) => x.path === 'good.md')!;
    expect(n.links).toHaveLength(7);
    expect(n.diagnostics).toEqual([]);
    expect(b.counts).toMatchObject({ unresolved: 0 });
  });
  it('every diagnostic names its file', () => {
    for (const d of b.diagnostics) expect(fs.existsSync(path.join(dir, d.path))).toBe(true);
  });
  it('a note over maxFileBytes is a node with file-too-large, not read', async () => {
    const small = await buildVaultGraph(dir, { maxFileBytes: 50 });
    const big = small.diagnostics.filter((d) => d.code === 'file-too-large').map((d) => d.path).sort();
    expect(big).toEqual(['bom-crlf.md', 'good.md', 'js.md', 'unclosed.md']);
    expect(small.graph.hasNode('good')).toBe(true);
    expect(small.graph.outDegree('good')).toBe(0);
  });
});

describe('case-and-dots fixture: .MD in any case, dot-folders and node_modules ignored, attachments as targets', async () => {
  const dir = copyFixture('case-and-dots');
  write(dir, 'pic.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  write(dir, 'doc.pdf', '%PDF-1.4\n');
  write(dir, 'img.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  write(dir, '.obsidian/app.json', '{}');
  write(dir, '.obsidian/x.md', '[[index]]');
  write(dir, '.trash/x.md', '[[index]]');
  write(dir, 'node_modules/x.md', '[[index]]');
  write(dir, 'node_modules/pkg/readme.md', '[[index]]');
  write(dir, 'sub/.hidden.md', '[[index]]');
  const b = await buildVaultGraph(dir);

  it('matches expected.json exactly', () => {
    expect(summary(b)).toEqual(expected('case-and-dots'));
  });
  it('B.MD and c.Md are notes, keyed without their extension', () => {
    expect(b.notes.map((n) => [n.path, n.id])).toEqual([['B.MD', 'B'], ['c.Md', 'c'], ['index.md', 'index']]);
  });
  it('[[B]] and [[b]] are one edge to B.MD with count 2', () => {
    expect(b.graph.getEdgeAttribute('link:index->B', 'count')).toBe(2);
  });
  it('listVault lists no dot-folder or node_modules path', () => {
    const listed = listVault(dir);
    const files = [...listed.notes.map(([p]) => p), ...listed.attachments];
    expect(files.filter((p) => p.split('/').some((s) => s.startsWith('.') || s === 'node_modules'))).toEqual([]);
  });
});

describe('an unreadable folder', () => {
  it('is reported (file and reason) and skipped; the rest of the vault is listed', () => {
    const vault = tempDir('vault');
    for (const f of ['a.md', 'locked/b.md', 'locked/deep/c.md', 'open/d.md']) {
      fs.mkdirSync(path.dirname(path.join(vault, f)), { recursive: true });
      fs.writeFileSync(path.join(vault, f), '[[a]]');
    }
    // As root every folder is readable: refuse this one the way the kernel would for a user.
    const readdirSync = ((dir: string, options: never) => {
      if (path.basename(dir) === 'locked') throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: 'EACCES' });
      return fs.readdirSync(dir, options);
    }) as typeof fs.readdirSync;
    const listed = listVault(vault, { readdirSync });
    expect(listed.notes.map(([p]) => p)).toEqual(['a.md', 'open/d.md']);
    expect(listed.diagnostics.map((d) => [d.path, d.severity, d.code])).toEqual([['locked', 'error', 'read-error']]);
    expect(listed.diagnostics[0]!.message).toMatch(/cannot read folder: EACCES .*missing from the graph/);
  });
});

describe('symlinks', () => {
  const vault = tempDir('vault');
  const outsideDir = path.join(path.dirname(vault), 'secret');
  fs.mkdirSync(outsideDir);
  fs.writeFileSync(path.join(outsideDir, 'outside.md'), 'SECRET [[a]]');
  write(vault, 'a.md', '[[real]] [[alias]] [[outside]]');
  write(vault, 'notes/real.md', 'real text [[a]]');
  fs.symlinkSync('.', path.join(vault, 'self'));
  fs.symlinkSync('..', path.join(vault, 'notes', 'up'));
  fs.symlinkSync('notes', path.join(vault, 'linkdir'));
  fs.symlinkSync(path.join('notes', 'real.md'), path.join(vault, 'alias.md'));
  fs.symlinkSync(path.join(outsideDir, 'outside.md'), path.join(vault, 'outside.md'));
  fs.symlinkSync(outsideDir, path.join(vault, 'outdir'));
  fs.symlinkSync('nowhere.md', path.join(vault, 'dead.md'));

  it('the scan finishes despite the loops, listing each real file once', () => {
    const t0 = Date.now();
    const r = scanVault(vault, { maxFileBytes: 1 << 20 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.notes.map((n) => n.path)).toEqual(['a.md', 'alias.md', 'notes/real.md']);
  }, 10_000);
  it('a file link inside the vault is kept and read', () => {
    const r = scanVault(vault, { maxFileBytes: 1 << 20 });
    expect(r.notes.find((n) => n.path === 'alias.md')?.text).toBe('real text [[a]]');
  });
  it('a link to a file outside the vault is not read and gives symlink-outside-vault', () => {
    const r = scanVault(vault, { maxFileBytes: 1 << 20 });
    expect(r.notes.some((n) => n.text?.includes('SECRET'))).toBe(false);
    expect(r.diagnostics.filter((d) => d.code === 'symlink-outside-vault').map((d) => [d.path, d.line]).sort()).toEqual([['outdir', 1], ['outside.md', 1]]);
  });
  it('buildVaultGraph on it: nothing from outside, the outside link is broken', async () => {
    const b = await buildVaultGraph(vault);
    expect(edgeList(b.graph)).toEqual(['a -link-> alias', 'a -link-> notes/real', 'a -link-> outside', 'alias -link-> a', 'notes/real -link-> a']);
    expect(b.broken.map((l) => l.target)).toEqual(['outside']);
  });
});

describe('a vault path with glob characters: My Vault (2024) [x]', () => {
  it('is read like any other path', async () => {
    const dir = tempDir('My Vault (2024) [x]');
    write(dir, 'a.md', '[[b]] [[sub/c]]');
    write(dir, 'b.md', '#t');
    write(dir, 'sub/c.md', '');
    write(dir, '{braces}/*star*.md', '[[a]]');
    const b = await buildVaultGraph(dir);
    expect(b.notes.map((n) => n.path)).toEqual(['a.md', 'b.md', 'sub/c.md', '{braces}/*star*.md']);
    expect(edgeList(b.graph)).toEqual(['a -link-> b', 'a -link-> sub/c', 'b -tag-> #t', '{braces}/*star* -link-> a']);
  });
});

describe('NFD file names are normalised to NFC', () => {
  it('a file named in NFD is keyed in NFC, read, and an NFC link resolves to it', async () => {
    const dir = tempDir();
    write(dir, 'Cafe\u0301.md', 'nfd note #nfd');
    write(dir, 'a.md', '[[Caf\u00e9]]');
    const b = await buildVaultGraph(dir);
    expect(b.notes.map((n) => n.path)).toEqual(['Caf\u00e9.md', 'a.md']);
    expect(edgeList(b.graph)).toEqual(['Caf\u00e9 -tag-> #nfd', 'a -link-> Caf\u00e9']);
    expect(b.diagnostics).toEqual([]);
  });
});

describe('R1 attachments are the accepted formats', () => {
  it('files of other types (csv, txt) are not link targets by default ("Show all file types" off)', async () => {
    const dir = tempDir();
    write(dir, 'a.md', '[[data.csv]] [[notes.txt]] ![[pic.webp]] [[c.canvas]] [[b.base]] [[s.mp3]] [[d.pdf]]');
    for (const p of ['data.csv', 'notes.txt', 'pic.webp', 'c.canvas', 'b.base', 's.mp3', 'd.pdf']) write(dir, p, 'x');
    const b = await buildVaultGraph(dir);
    expect(b.broken.map((l) => l.target).sort()).toEqual(['data.csv', 'notes.txt']);
  });
});

describe('scan order and contents', () => {
  it('notes and attachments are sorted; attachments carry no text', () => {
    const dir = tempDir();
    for (const p of ['z.md', 'a.md', 'm/b.md', 'img/p.png', 'A.canvas']) write(dir, p, '');
    const r = scanVault(dir, { maxFileBytes: 1 << 20 });
    expect(r.notes.map((n) => n.path)).toEqual(['a.md', 'm/b.md', 'z.md']);
    expect(r.attachments).toEqual(['A.canvas', 'img/p.png']);
  });
  it('an unreadable note gives read-error and the scan goes on', () => {
    if (process.getuid?.() === 0) return; // root reads anything: nothing to test
    const dir = tempDir();
    write(dir, 'a.md', 'ok');
    write(dir, 'locked.md', 'secret');
    fs.chmodSync(path.join(dir, 'locked.md'), 0o000);
    const r = scanVault(dir, { maxFileBytes: 1 << 20 });
    expect(r.notes.map((n) => [n.path, n.diagnostic?.code])).toEqual([['a.md', undefined], ['locked.md', 'read-error']]);
  });
  it('buildVaultGraph reports progress per note', async () => {
    const dir = tempDir();
    for (const p of ['a.md', 'b.md', 'c.png']) write(dir, p, 'x');
    const calls: Array<[number, number]> = [];
    await buildVaultGraph(dir, {}, { onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([[1, 2], [2, 2]]);
  });
});
