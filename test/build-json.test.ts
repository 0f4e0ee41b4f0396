// The JSON build path (workers, frozen drafts, streamed output) must write exactly the bytes of
// JSON.stringify(graph.export()) from the in-memory path with `detail: 'full'`, and of its lean form
// (graph-json.ts) by default — inline and on worker threads.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_VAULT } from '../src/cli/main.ts';
import { buildVaultGraph, buildVaultJson } from '../src/index.ts';
import type { Chunk } from '../src/build/spool.ts';
import type { VaultGraph, VaultModel } from '../src/core/graph.ts';
import { graphJsonOf } from '../src/core/graph-json.ts';
import type { GraphDetail } from '../src/core/model.ts';
import { fixture, textOf } from './helpers.ts';

/** What the build writes for the in-memory graph, at a detail (lean by default). */
const exported = (graph: VaultGraph, detail: GraphDetail = 'lean', indent?: number) =>
  JSON.stringify(graphJsonOf(graph.export() as VaultModel, detail), null, indent) + '\n';

describe('buildVaultJson', { timeout: 60_000 }, () => {
  it('keeps edge keys unique when paths contain "->" (and writes the same as graph.export())', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-arrow-'));
    for (const [f, text] of [['a.md', '[[b->c]]'], ['a->b.md', '[[c]]'], ['c.md', ''], ['b->c.md', '']]) fs.writeFileSync(path.join(dir, f!), text!);
    const expected = await buildVaultGraph(dir);
    expect(expected.graph.edges().sort()).toEqual(['link:a->b->c', 'link:a->b->c#2']);
    for (const detail of ['lean', 'full'] as const) {
      const chunks: Chunk[] = [];
      await buildVaultJson(dir, (c) => chunks.push(typeof c === 'string' ? c : Buffer.from(c)), {}, { detail });
      expect(textOf(chunks)).toBe(exported(expected.graph, detail));
    }
  });

  for (const [name, root] of [['mini fixture', fixture('mini')], ['sample vault', BUNDLED_VAULT]] as const) {
    for (const [threads, detail] of [[0, 'lean'], [2, 'lean'], [0, 'full'], [2, 'full']] as const) {
      it(`writes the same JSON as graph.export() for the ${name} (${threads ? `${threads} workers` : 'inline'}, ${detail})`, async () => {
        const expected = await buildVaultGraph(root);
        const chunks: Chunk[] = [];
        const b = await buildVaultJson(root, (c) => chunks.push(typeof c === 'string' ? c : Buffer.from(c)), {}, { threads, detail });
        expect(textOf(chunks)).toBe(exported(expected.graph, detail));
        expect(b.broken).toEqual(expected.broken);
        expect(b.counts).toEqual(expected.counts);
        expect(b.diagnostics).toEqual(expected.diagnostics);
        expect([b.nodes, b.edges]).toEqual([expected.graph.order, expected.graph.size]);
      });
    }
    it(`writes the same JSON when the edges spill to a temporary file (${name}, full: the lean edges are not spooled)`, async () => {
      const expected = await buildVaultGraph(root);
      const chunks: Chunk[] = [];
      await buildVaultJson(root, (c) => chunks.push(typeof c === 'string' ? c : Buffer.from(c)), {}, { spoolBytes: 1, detail: 'full' });
      expect(chunks.some((c) => typeof c !== 'string')).toBe(true);
      expect(textOf(chunks)).toBe(exported(expected.graph, 'full'));
    });
  }

  describe('one engine whatever the flags', () => {
    const aliasVault = () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-alias-'));
      fs.mkdirSync(path.join(dir, 'b'));
      const notes: Array<[string, string]> = [
        ['a.md', '[[AI]] [[Artificial]] [[b/Deep]]'],
        ['b/Deep.md', '---\naliases: [DL]\n---\n[[DL]] [[ai]]'],
        ['Artificial Intelligence.md', '---\naliases: [AI, Artificial]\n---\n'],
      ];
      for (const [f, text] of notes) fs.writeFileSync(path.join(dir, f), text);
      return dir;
    };
    const jsonOf = async (root: string, overrides = {}, hooks = {}) => {
      const chunks: Chunk[] = [];
      await buildVaultJson(root, (c) => chunks.push(typeof c === 'string' ? c : Buffer.from(c)), overrides, hooks);
      return textOf(chunks);
    };

    for (const threads of [0, 2]) {
      it(`resolves through aliases as the in-memory build does (${threads ? `${threads} workers` : 'inline'})`, async () => {
        const dir = aliasVault();
        const expected = await buildVaultGraph(dir, { resolveAliases: true });
        expect(expected.graph.hasEdge('link:a->Artificial Intelligence')).toBe(true);
        expect(await jsonOf(dir, { resolveAliases: true }, { threads })).toBe(exported(expected.graph));
      });
    }

    it('with the cache, an alias changed in one note re-resolves the links of the others', async () => {
      const dir = aliasVault();
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-alias-cache-'));
      const stats: Array<{ reused: number; drafted: number }> = [];
      const hooks = { cacheDir, onCache: (c: { reused: number; drafted: number }) => stats.push(c) };
      await jsonOf(dir, { resolveAliases: true }, hooks);
      expect(await jsonOf(dir, { resolveAliases: true }, hooks)).toBe(exported((await buildVaultGraph(dir, { resolveAliases: true })).graph));
      expect(stats[1]).toEqual({ reused: 3, drafted: 0 });
      fs.writeFileSync(path.join(dir, 'Artificial Intelligence.md'), '---\naliases: [Artificial]\n---\n');
      const after = await buildVaultGraph(dir, { resolveAliases: true });
      expect(after.graph.hasNode('AI')).toBe(true); // [[AI]] no longer resolves
      expect(await jsonOf(dir, { resolveAliases: true }, hooks)).toBe(exported(after.graph));
    });

    it('--pretty is the same stream, indented as JSON.stringify(…, null, 2)', async () => {
      const expected = await buildVaultGraph(BUNDLED_VAULT);
      expect(await jsonOf(BUNDLED_VAULT, {}, { pretty: true, spoolBytes: 1 })).toBe(exported(expected.graph, 'lean', 2));
      expect(await jsonOf(BUNDLED_VAULT, {}, { pretty: true, spoolBytes: 1, detail: 'full' })).toBe(exported(expected.graph, 'full', 2));
    });
  });

  it('stops with the notes named when a worker takes too long on a chunk (watchdog)', async () => {
    await expect(buildVaultJson(BUNDLED_VAULT, () => undefined, {}, { threads: 2, chunkTimeoutMs: 1 }))
      .rejects.toThrow(/parse worker spent over 0.001 s on one chunk of notes; stopped \(while on the notes .+ … .+\)/);
  });
});
