// Watch mode end to end: a temp copy of the sample vault served with a live vault and its watcher;
// writing, adding and deleting notes on disk changes the open viewer's graph in place — no reload,
// known nodes keep their positions, new ones appear next to their neighbours.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/viewer/server.ts';
import { nodeKey, serveLiveAndOpen, shot, SAMPLE_NOTE, type LiveViewer } from './harness.ts';

const SAMPLE = new URL('../../vault', import.meta.url).pathname;
const NOTE = SAMPLE_NOTE;

let root: string;
let viewer: LiveViewer;
let server: RunningServer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-watch-e2e-'));
  fs.cpSync(SAMPLE, root, { recursive: true });
  viewer = await serveLiveAndOpen(root);
  ({ server, page, errors } = viewer);
});

afterAll(async () => {
  await viewer?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const xy = (key: string) => page.evaluate((k) => {
  const a = window.__kg.graph!.getNodeAttributes(window.__kg.keys!.node(k)!) as unknown as { x: number; y: number };
  return { x: a.x, y: a.y };
}, key);
/** Whether the page's graph has a node of this vault key (a dropped node may keep its key). */
const hasVault = (key: string) => page.evaluate((v) => { const k = window.__kg.keys!.node(v); return k !== undefined && window.__kg.graph!.hasNode(k); }, key);
const notReloaded = () => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);

describe('serve --watch: the viewer follows the vault without reloading', () => {
  it('an edit adds an edge to a new unresolved node, placed near the note', async () => {
    const before = await xy(NOTE);
    const order = await page.evaluate(() => window.__kg.graph!.order);
    const t0 = Date.now();
    fs.appendFileSync(path.join(root, `${NOTE}.md`), '\n[[观察者笔记]]\n');
    await page.waitForFunction((k) => {
      const { graph, keys } = window.__kg, u = keys!.node('观察者笔记');
      return u !== undefined && graph!.hasNode(u) && graph!.edges(keys!.node(k)!, u).length === 1;
    }, NOTE, { timeout: 5000 });
    const ms = Date.now() - t0;
    console.log(`write → viewer: ${ms} ms`);
    expect(ms).toBeLessThan(1000);
    expect(await notReloaded()).toBe(true);
    expect(await page.evaluate(() => window.__kg.graph!.order)).toBe(order + 1);
    expect(await xy(NOTE)).toEqual(before); // known nodes stay put
    // Beside the note and seen: 2 % of the layout's extent away (place.ts), more than the note's drawn radius on screen.
    const placed = await xy('观察者笔记');
    const { extent, px, radius } = await page.evaluate(([a, b]) => {
      const { graph, renderer } = window.__kg;
      const xs = graph!.mapNodes((_k, n) => (n as unknown as { x: number }).x), ys = graph!.mapNodes((_k, n) => (n as unknown as { y: number }).y);
      const p = renderer!.getNodeDisplayData(a!)!, q = renderer!.getNodeDisplayData(b!)!;
      const vp = renderer!.framedGraphToViewport(p), vq = renderer!.framedGraphToViewport(q);
      return { extent: Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)), px: Math.hypot(vp.x - vq.x, vp.y - vq.y), radius: renderer!.scaleSize(p.size) };
    }, [await nodeKey(page, NOTE), await nodeKey(page, '观察者笔记')]);
    const dist = Math.hypot(placed.x - before.x, placed.y - before.y);
    expect(dist).toBeLessThanOrEqual(0.025 * extent);
    expect(dist).toBeGreaterThanOrEqual(0.01 * extent);
    expect(px).toBeGreaterThan(radius);
    await shot(page, 'watch-edit');
  });

  it('a new note resolves that link: the unresolved node goes, the note comes, counts follow', async () => {
    fs.writeFileSync(path.join(root, '01-博客/观察者笔记.md'), '# 观察者笔记\n#watch\n');
    await page.waitForFunction((k) => {
      const { graph, keys } = window.__kg, n = keys!.node('01-博客/观察者笔记');
      return n !== undefined && graph!.hasNode(n) && graph!.edges(keys!.node(k)!, n).length === 1;
    }, NOTE, { timeout: 5000 });
    expect(await hasVault('观察者笔记')).toBe(false);
    const counts = await page.locator('#counts').textContent();
    expect(counts).toContain(`of ${await page.evaluate(() => window.__kg.graph!.order)} nodes`);
    expect(await notReloaded()).toBe(true);
  });

  it('deleting the note makes the link unresolved again; the server payload agrees', async () => {
    fs.rmSync(path.join(root, '01-博客/观察者笔记.md'));
    await page.waitForFunction(() => {
      const { graph, keys } = window.__kg, has = (v: string) => { const k = keys!.node(v); return k !== undefined && graph!.hasNode(k); };
      return has('观察者笔记') && !has('01-博客/观察者笔记');
    }, undefined, { timeout: 5000 });
    expect(await notReloaded()).toBe(true);
    const fresh = await (await fetch(new URL('graph.json', server.url))).json() as { nodes: Array<{ key: string }> };
    expect(fresh.nodes.map((n) => n.key)).toContain('观察者笔记');
    expect(fresh.nodes.length).toBe(await page.evaluate(() => window.__kg.graph!.order));
    expect(errors).toEqual([]);
  });
});
