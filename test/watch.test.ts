// Watch mode's file side (src/watch.ts): real fs events on a temp vault — edit, add, rename, delete,
// a folder moved — reach the live vault, and the graph afterwards is a full build's, byte for byte;
// `build --watch` writes exactly what `build` writes.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GraphDelta } from '../src/live/delta.ts';
import { buildVaultGraph, buildVaultJson } from '../src/index.ts';
import { openLiveVault, watchLive, type OpenedVault, type StopWatching } from '../src/live/watch.ts';
import { writeModelJson } from '../src/build/write-json.ts';
import { textOf } from './helpers.ts';

let dir: string;
let opened: OpenedVault;
let stop: StopWatching;
let deltas: GraphDelta[];
let waiters: Array<() => void>;
let rebuilds: number;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-watch-'));
  write('a/A.md', '[[B]] [[Later]] #t\n');
  write('b/B.md', '[[A]]\n');
  write('c/sub/C.md', '[[A]] ![[pic.png]]\n');
  write('.obsidian/workspace.json', '{}');
  opened = await openLiveVault(dir);
  deltas = [];
  waiters = [];
  rebuilds = 0;
  stop = watchLive(dir, () => opened.live, opened.options, {
    onDelta: (d) => { deltas.push(d); waiters.splice(0).forEach((w) => w()); },
    onRebuild: () => { rebuilds++; },
  }, 30);
  await stop.ready;
});
afterEach(async () => { await stop(); fs.rmSync(dir, { recursive: true, force: true }); });

function write(p: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
  fs.writeFileSync(path.join(dir, p), text);
}
/** Do something on disk, wait for the delta it causes, check the live graph against a full build. */
async function after(action: () => void): Promise<GraphDelta> {
  const next = new Promise<void>((resolve) => waiters.push(resolve));
  action();
  await Promise.race([next, new Promise((_r, reject) => setTimeout(() => reject(new Error('no delta within 3 s')), 3000))]);
  await new Promise((r) => setTimeout(r, 120)); // let a second event of the same change land
  const full = await buildVaultGraph(dir);
  expect(JSON.stringify(opened.live.export())).toBe(JSON.stringify(full.graph.export()));
  return deltas[deltas.length - 1]!;
}

describe('watchLive on a real folder', () => {
  it('edit, add, rename, delete, folder move: each one delta, each graph a full build', async () => {
    const edit = await after(() => write('b/B.md', '[[A]] [[c/sub/C]]\n'));
    expect(edit.addedEdges.map((e) => e.key)).toEqual(['link:b/B->c/sub/C']);
    const add = await after(() => write('b/Later.md', 'hi\n'));
    expect(add.addedNodes.map((n) => n.key)).toEqual(['b/Later']);
    expect(add.droppedNodes).toEqual(['Later']);
    await after(() => fs.renameSync(path.join(dir, 'b/Later.md'), path.join(dir, 'b/Sooner.md')));
    expect(opened.live.graph.hasNode('Later')).toBe(true);
    await after(() => fs.rmSync(path.join(dir, 'b/B.md')));
    const before = deltas.length;
    const moved = await after(() => fs.renameSync(path.join(dir, 'c'), path.join(dir, 'moved')));
    expect(opened.live.graph.hasNode('moved/sub/C')).toBe(true);
    // The folder's old and new name settle together: one delta, so a page never shows it gone.
    expect(deltas.length - before).toBe(1);
    expect([moved.droppedNodes, moved.addedNodes.map((n) => n.key)]).toEqual([expect.arrayContaining(['c/sub/C']), expect.arrayContaining(['moved/sub/C'])]);
    await after(() => write('pic.png', 'png'));
  });

  it('ignores dot-folders', async () => {
    write('.obsidian/workspace.json', '{"x":1}');
    write('.trash/Old.md', '[[A]]');
    await new Promise((r) => setTimeout(r, 200));
    expect(deltas).toEqual([]);
  });

  it('a change of .obsidian/app.json or vaultgraph.config.json asks for a rebuild', async () => {
    write('.obsidian/app.json', '{"userIgnoreFilters":["b/"]}');
    for (let t = Date.now(); rebuilds === 0 && Date.now() - t < 5000;) await new Promise((r) => setTimeout(r, 20));
    expect(rebuilds).toBe(1);
    write('vaultgraph.config.json', '{}');
    for (let t = Date.now(); rebuilds === 1 && Date.now() - t < 5000;) await new Promise((r) => setTimeout(r, 20));
    expect(rebuilds).toBe(2);
    expect(deltas).toEqual([]);
  });

  it('build --watch writes what build writes, byte for byte (lean and full)', async () => {
    await after(() => write('a/A.md', '[[B]] #t #u\n'));
    for (const detail of ['lean', 'full'] as const) {
      const live: Array<string | Uint8Array> = [];
      writeModelJson(opened.live.export(), (s) => { live.push(typeof s === 'string' ? s : Buffer.from(s)); }, detail); // a block is only valid during the call
      const built: Array<string | Uint8Array> = [];
      await buildVaultJson(dir, (s) => { built.push(typeof s === 'string' ? s : Buffer.from(s)); }, {}, { detail });
      expect(textOf(live)).toBe(textOf(built));
    }
  });
});
