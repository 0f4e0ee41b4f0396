// Warm builds write a cold build's bytes: after each kind of edit (a note's text, title, aliases,
// links to missing notes and the spelling met first, tags, a note's meta turning from ASCII to CJK,
// notes added, removed or renamed, attachments), a build that reuses the cache — in memory, and
// `build -o` through the CLI — writes exactly what a build without the cache writes.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { buildVaultJson } from '../src/index.ts';
import type { Chunk } from '../src/build/spool.ts';
import type { GraphDetail } from '../src/core/model.ts';
import type { Options } from '../src/core/options.ts';
import { captureIo, fixture, textOf } from './helpers.ts';

type Edit = [name: string, change: (vault: string) => void];
const at = (vault: string, p: string) => path.join(vault, p);
const append = (p: string, text: string) => (v: string) => fs.appendFileSync(at(v, p), text);
const replace = (p: string, from: string | RegExp, to: string) => (v: string) => {
  const before = fs.readFileSync(at(v, p), 'utf8');
  const after = before.replace(from, to);
  if (after === before) throw new Error(`edit of ${p} changed nothing`);
  fs.writeFileSync(at(v, p), after);
};

/** In order, each on the vault the one before left. */
const EDITS: Edit[] = [
  ['a link added to a note', append('notes/E.md', '\n现在链接到 [[notes/B]] 和 [[notes/sub/C]]。\n')],
  ['a title changed', replace('notes/A.md', 'title: "笔记 A：起点"', 'title: "笔记 A：新的起点"')],
  ['aliases added', replace('notes/B.md', '# B', '---\naliases: [Bee, 乙]\n---\n# B\n见 [[Bee]] 与 [[乙]]。')],
  ['a link to a missing note, spelled differently before its first spelling', append('notes/B.md', '\n[[NOWHERE]] 与 [[新缺失]]\n')],
  ['that spelling removed again', replace('notes/B.md', '[[NOWHERE]] 与 ', '')],
  ['a tag first met in another case', append('00-元语/AI.md', '\n#demo #新标签\n')],
  ['a note turned ASCII only', (v) => fs.writeFileSync(at(v, 'notes/E.md'), 'plain text, [[notes/D]] and [[Nowhere]] #Demo\n')],
  ['and back to CJK', (v) => fs.writeFileSync(at(v, 'notes/E.md'), '中文 [[notes/D]]\n')],
  ['a note emptied', (v) => fs.writeFileSync(at(v, 'notes/D.md'), '')],
  ['a note added', (v) => fs.writeFileSync(at(v, 'notes/F.md'), '---\ntitle: F\n---\n新笔记 [[E]] [[notes/A]] [[缺失的笔记]]\n')],
  ['a note renamed', (v) => fs.renameSync(at(v, 'notes/E.md'), at(v, 'notes/E2.md'))],
  ['a note removed', (v) => fs.rmSync(at(v, 'notes/sub/C.md'))],
  ['an attachment added and linked', (v) => { fs.writeFileSync(at(v, 'att/new.pdf'), 'pdf'); fs.appendFileSync(at(v, 'notes/F.md'), '\n![[new.pdf]]\n'); }],
  ['a link to itself and to a heading', append('notes/A.md', '\n[[notes/A]] [[#本节]] [[A#标题]]\n')],
];

function copyVault(): { dir: string; vault: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-warm-'));
  const vault = path.join(dir, 'vault');
  fs.cpSync(fixture('mini'), vault, { recursive: true });
  return { dir, vault };
}

async function build(vault: string, detail: GraphDetail, overrides: Partial<Options>, cacheDir?: string) {
  const chunks: Chunk[] = [];
  let stats = { reused: 0, drafted: 0 };
  await buildVaultJson(vault, (c) => chunks.push(typeof c === 'string' ? c : Buffer.from(c)), overrides,
    cacheDir ? { detail, cacheDir, onCache: (s) => { stats = s; } } : { detail });
  return { json: textOf(chunks), stats };
}

describe('warm builds write the cold build\'s bytes', () => {
  for (const [detail, overrides] of [['lean', {}], ['full', {}], ['lean', { resolveAliases: true }]] as Array<[GraphDetail, Partial<Options>]>) {
    it(`after every kind of edit (${detail}${overrides.resolveAliases ? ', aliases resolved' : ''})`, async () => {
      const { dir, vault } = copyVault();
      const cacheDir = path.join(dir, 'cache');
      await build(vault, detail, overrides, cacheDir);
      let reusedSome = false;
      for (const [name, change] of EDITS) {
        change(vault);
        const warm = await build(vault, detail, overrides, cacheDir);
        const again = await build(vault, detail, overrides, cacheDir); // every record from the cache now
        const cold = await build(vault, detail, overrides);
        expect(warm.json, name).toBe(cold.json);
        expect(again.json, name).toBe(cold.json);
        expect(again.stats.drafted, name).toBe(0);
        reusedSome ||= warm.stats.reused > 0 && warm.stats.drafted > 0;
      }
      expect(reusedSome).toBe(true); // the edits above did exercise a cache partly reused
    }, 60_000);
  }
});

describe('build -o with the cache writes what --no-cache writes', () => {
  let t: { dir: string; vault: string };
  beforeAll(() => { t = copyVault(); });
  const run = async (out: string, ...more: string[]) => {
    const argv = ['build', t.vault, '-o', out, '-q', ...more];
    const code = await runCli(argv, { ...captureIo(t.dir), argv });
    expect(code).toBe(0);
    return fs.readFileSync(out);
  };
  it('after each edit, into the same file and into a new one', async () => {
    const cache = ['--cache-dir', path.join(t.dir, 'cache')];
    await run(path.join(t.dir, 'warm.json'), ...cache);
    for (const [name, change] of EDITS) {
      change(t.vault);
      const cold = await run(path.join(t.dir, 'cold.json'), '--no-cache');
      expect((await run(path.join(t.dir, 'warm.json'), ...cache)).equals(cold), name).toBe(true);
      fs.rmSync(path.join(t.dir, 'other.json'), { force: true });
      expect((await run(path.join(t.dir, 'other.json'), ...cache)).equals(cold), name).toBe(true);
    }
  }, 60_000);
});
