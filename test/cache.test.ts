// The build cache: reused when nothing changed, re-drafted by content, options, file set and
// version, and never trusted when torn or foreign. Output always equals an uncached build.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CacheReader, CacheWriter, cacheFileFor, crcOn, sameRecord, type CacheKey } from '../src/build/cache.ts';
import type { Options } from '../src/core/options.ts';
import type { PackedDraft } from '../src/core/pack.ts';
import { crc32 } from 'node:zlib';
import { buildVaultJson } from '../src/index.ts';
import type { Chunk } from '../src/build/spool.ts';
import type { GraphDetail } from '../src/core/model.ts';
import { fixture, textOf } from './helpers.ts';

let vault: string;
let cacheDir: string;
beforeEach(() => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-cache-'));
  vault = path.join(tmp, 'vault');
  cacheDir = path.join(tmp, 'cache');
  fs.cpSync(fixture('mini'), vault, { recursive: true });
});

async function build(opts: { cache?: boolean; topicFolder?: string; detail?: GraphDetail } = {}) {
  let stats = { reused: 0, drafted: 0 };
  const chunks: Chunk[] = [];
  const detail = opts.detail ? { detail: opts.detail } : {};
  await buildVaultJson(vault, (c) => chunks.push(typeof c === 'string' ? c : Buffer.from(c)), opts.topicFolder ? { topicFolder: opts.topicFolder } : {},
    opts.cache === false ? detail : { cacheDir, onCache: (s) => { stats = s; }, ...detail });
  return { json: textOf(chunks), stats };
}
const uncached = async () => (await build({ cache: false })).json;
const NOTES = 7;
const E_LINKS_B = '{"source":"notes/E","target":"notes/B","attributes":{"relation":"link"';

describe('build cache', () => {
  it('checksums a record whose lean edges are all bare (an empty ArrayBuffer: zlib.crc32 answers 0 for it, not the running value)', () => {
    const empty = new Uint8Array(new ArrayBuffer(0));
    expect(crcOn(empty, 777)).toBe(777);
    const a = Buffer.from('meta'), b = Buffer.from('ends');
    expect(crcOn(b, crcOn(empty, crcOn(a, 0)))).toBe(crc32(Buffer.concat([a, b])));
  });

  it('reuses notes whose edges are all bare memberships (topic links and tags only)', async () => {
    fs.rmSync(vault, { recursive: true });
    fs.mkdirSync(path.join(vault, '00-元语'), { recursive: true });
    fs.writeFileSync(path.join(vault, '00-元语/T.md'), '# T\n');
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(vault, `n${i}.md`), `# n${i}\n\n## 关联主题\n\n- [[00-元语/T]]\n`);
    const first = await build();
    expect(first.json).toContain('{"source":"n0","target":"00-元语/T"}');
    const second = await build();
    expect(second.stats).toEqual({ reused: 41, drafted: 0 });
    expect(second.json).toBe(first.json);
  });

  it('drafts every note the first time and reuses them all when nothing changed', async () => {
    const first = await build();
    expect(first.stats).toEqual({ reused: 0, drafted: NOTES });
    const second = await build();
    expect(second.stats).toEqual({ reused: NOTES, drafted: 0 });
    expect(second.json).toBe(first.json);
    expect(second.json).toBe(await uncached());
  });

  it('re-drafts only an edited note, and the output follows the edit', async () => {
    await build();
    fs.appendFileSync(path.join(vault, 'notes/E.md'), '\n现在链接到 [[notes/B]]。\n');
    const after = await build();
    expect(after.stats).toEqual({ reused: NOTES - 1, drafted: 1 });
    expect(after.json).toContain(E_LINKS_B);
    expect(after.json).toBe(await uncached());
  });

  it('packs for one detail: a full build after a lean one drafts afresh, and writes what an uncached full build writes', async () => {
    const lean = await build();
    const full = await build({ detail: 'full' });
    expect(full.stats).toEqual({ reused: 0, drafted: NOTES });
    expect(full.json).toBe(await build({ cache: false, detail: 'full' }).then((b) => b.json));
    expect(full.json).toContain('"key":"link:notes/A->notes/B"');
    expect((await build({ detail: 'full' })).stats).toEqual({ reused: NOTES, drafted: 0 });
    expect((await build()).json).toBe(lean.json);
  });

  it('reuses a touched but unchanged note (its content hash still matches)', async () => {
    await build();
    const file = path.join(vault, 'notes/E.md');
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(file, later, later);
    expect((await build()).stats).toEqual({ reused: NOTES, drafted: 0 });
  });

  it('starts over when a file is added (resolution may change), or when the options change', async () => {
    await build();
    fs.writeFileSync(path.join(vault, 'notes/F.md'), '新笔记 [[E]]\n');
    expect((await build()).stats).toEqual({ reused: 0, drafted: NOTES + 1 });
    expect((await build({ topicFolder: 'notes/sub/' })).stats).toEqual({ reused: 0, drafted: NOTES + 1 });
    expect((await build({ topicFolder: 'notes/sub/' })).json).toContain('{"key":"notes/sub/C","attributes":{"kind":"topic"');
  });

  it('ignores a torn or foreign cache file and rebuilds it', async () => {
    await build();
    const file = cacheFileFor(cacheDir, vault);
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 100));
    const torn = await build();
    expect(torn.stats).toEqual({ reused: 0, drafted: NOTES });
    expect(torn.json).toBe(await uncached());
    fs.writeFileSync(file, 'not a cache');
    expect((await build()).stats.drafted).toBe(NOTES);
    expect((await build()).stats.reused).toBe(NOTES);
  });

  it('drafts afresh what a damaged record should have held (the rest of the cache still counts)', async () => {
    await build();
    const file = cacheFileFor(cacheDir, vault);
    const bytes = fs.readFileSync(file);
    bytes.fill(0xff, 200, 400); // inside the first records; header and trailer intact
    fs.writeFileSync(file, bytes);
    const damaged = await build();
    expect(damaged.json).toBe(await uncached());
    expect(fs.existsSync(file)).toBe(false); // nothing changed, so it was not rewritten: dropped instead
    expect((await build()).stats).toEqual({ reused: 0, drafted: NOTES });
    const sound = await build();
    expect(sound.stats).toEqual({ reused: NOTES, drafted: 0 });
    expect(sound.json).toBe(await uncached());
  });

  it('leaves the cache file alone when nothing changed, and never leaves a temporary file', async () => {
    await build();
    const file = cacheFileFor(cacheDir, vault);
    const before = fs.statSync(file);
    await build();
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('notices an edit that keeps the size and the mtime (the inode or ctime changed)', async () => {
    const file = path.join(vault, 'notes/E.md');
    const past = new Date('2024-01-01T00:00:00Z'); // long before the cache: the stat alone is trusted
    fs.utimesSync(file, past, past);
    await build();
    const text = fs.readFileSync(file, 'utf8');
    const link = '[[notes/B]]';
    const edited = link + '.'.repeat(Buffer.byteLength(text) - link.length); // same size, now with a link
    expect(Buffer.byteLength(edited)).toBe(Buffer.byteLength(text));
    fs.writeFileSync(file, edited);
    fs.utimesSync(file, past, past);
    expect(fs.statSync(file).mtimeMs).toBe(past.getTime());
    const after = await build();
    expect(after.json).toContain(E_LINKS_B);
    expect(after.json).toBe(await uncached());
  });

  it('writes each record straight into its block and reads it back as drafted: Latin-1 and UTF-16 meta, no edge text, a record larger than a block', () => {
    const draft = (p: string, json: string, edges: number, bytes: Uint8Array): PackedDraft => ({
      id: p.replace(/\.md$/, ''), path: p, kind: 'note', json, bytes,
      targets: Int32Array.from({ length: edges }, (_, i) => i), ends: Int32Array.from({ length: edges }, (_, i) => Math.round(((i + 1) * bytes.length) / edges)),
      specials: [{ target: { kind: 'tag', name: 'x' }, relation: 'tag', json: '' }], broken: [], diagnostics: [], counts: { links: edges, resolved: edges, unresolved: 0, ambiguous: 0, self: 0 },
    });
    const drafts = [
      draft('a.md', '{"kind":"note","label":"a"}', 2, Buffer.from(',"attributes":{"count":2}')),
      draft('中文/笔记.md', '{"kind":"note","label":"笔记"}', 1, Buffer.from(',"attributes":{"label":"引用"}')),
      draft('b.md', '{"kind":"note","label":"b"}', 3, new Uint8Array(new ArrayBuffer(0))), // bare memberships only
      draft('big.md', '{"kind":"note","label":"big"}', 4, Buffer.alloc(5 << 20, 0x61)), // over the writer's 4 MB block
      draft('c.md', '{"kind":"note","label":"c"}', 1, Buffer.from(',"attributes":{}')),
    ];
    const file = path.join(cacheDir, 'records.cache');
    fs.mkdirSync(cacheDir, { recursive: true });
    const key: CacheKey = { version: 't', options: {} as Options, fileSet: 'f', detail: 'lean' };
    const w = new CacheWriter(file, key);
    const stamp = { size: 1, mtimeMs: 1, ctimeMs: 1, ino: 1, sha1: 'x' };
    for (const d of drafts) w.add(d.path, stamp, d);
    w.commit();
    const r = CacheReader.open(file, key)!;
    expect(r).toBeDefined();
    drafts.forEach((d, i) => {
      const { draft: back, raw } = r.read(i);
      // The bytes apart, compared as bytes: a deep equal over a 5 MB array takes half a minute.
      expect(Buffer.from(back.bytes).equals(Buffer.from(d.bytes))).toBe(true);
      expect({ ...back, bytes: undefined, targets: [...back.targets], ends: [...back.ends] })
        .toEqual({ ...d, bytes: undefined, targets: [...d.targets], ends: [...d.ends] });
      expect(sameRecord(d, raw)).toBe(true);
      expect(sameRecord({ ...d, json: d.json.replace('label', 'lab3l') }, raw)).toBe(false);
    });
    r.close();
  });
});
