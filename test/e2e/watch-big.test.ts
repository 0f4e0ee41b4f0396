// Watch mode on a big graph (> BIG_GRAPH_EDGES, where the page updates the view only for what a
// delta touched: filters.ts updateVisibility, app.ts liveChanged): after each live change the open
// page shows what a fresh load of the same vault shows — visible nodes and edges, kind and relation
// counts, the sidebar's counts and legend, sigma's display data (hidden, colour).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/viewer/server.ts';
import { BIG_GRAPH_EDGES } from '../../web/model/state.ts';
import { openViewer, serveLiveAndOpen, type LiveViewer } from './harness.ts';

const NOTES = 1600, LINKS = 20;

/** n0 … n1599 in two folders, each linking to 20 others (deterministic) and tagged: ~33k edges. */
function writeVault(root: string): void {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (const dir of ['01-博客', '02-资源']) fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (let i = 0; i < NOTES; i++) {
    const links = Array.from({ length: LINKS }, () => `[[n${(i + 1 + (next() % (NOTES - 1))) % NOTES}]]`);
    fs.writeFileSync(path.join(root, i % 2 ? '02-资源' : '01-博客', `n${i}.md`), `# n${i}\n\n${links.join(' ')}\n\n#t${i % 5}\n`);
  }
  fs.writeFileSync(path.join(root, '01-博客', 'alone.md'), '# alone\n');
}

let root: string;
let viewer: LiveViewer;
let server: RunningServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-watch-big-'));
  writeVault(root);
  viewer = await serveLiveAndOpen(root);
  ({ server, browser, page, errors } = viewer);
}, 120_000);

afterAll(async () => {
  await viewer?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** What the page shows, by node keys and edge ends (a fresh load keys its edges otherwise). */
const view = (p: Page) => p.evaluate(() => {
  const { graph: g, renderer: r, app } = window.__kg;
  const vis = app!.visible();
  const nodes = g!.nodes().sort().map((k) => {
    const d = r!.getNodeDisplayData(k);
    return `${k} ${g!.getNodeAttribute(k, 'kind')} ${vis.nodes.has(k)} ${d?.hidden} ${d?.color}`;
  });
  const edges: string[] = [];
  let shownHidden = 0;
  g!.forEachEdge((e, a, s, t) => {
    const hidden = r!.getEdgeDisplayData(e)?.hidden ?? true;
    if (vis.edges.has(e)) edges.push(`${s}→${t} ${a.relation} ${hidden}`);
    else if (!hidden) shownHidden++;
  });
  return {
    nodes, edges: edges.sort(), shownHidden, kinds: vis.kinds, relations: [...vis.relations].sort(),
    counts: document.getElementById('counts')!.textContent, legend: document.getElementById('relations')!.textContent,
  };
});

async function sameAsFreshLoad(): Promise<void> {
  const fresh = await openViewer(browser, server.url);
  try {
    const [live, reloaded] = [await view(page), await view(fresh.page)];
    expect(live.shownHidden).toBe(0);
    expect(live).toEqual(reloaded);
  } finally { await fresh.page.close(); }
}

const has = (k: string, kind?: string) => page.waitForFunction(([key, kd]) => {
  const g = window.__kg.graph!;
  return g.hasNode(key!) && (kd === undefined || g.getNodeAttribute(key!, 'kind') === kd);
}, [k, kind] as const, { timeout: 15_000 });

describe('serve --watch on a big graph: the page after live changes equals a fresh load', () => {
  it('is big', async () => {
    expect(await page.evaluate(() => window.__kg.graph!.size + window.__kg.pending!.size)).toBeGreaterThan(BIG_GRAPH_EDGES);
    await sameAsFreshLoad();
  });

  it('a new note with links (one to a missing note), then that note created', async () => {
    fs.writeFileSync(path.join(root, '01-博客', '新笔记.md'), '# 新笔记\n\n[[n1]] [[n2]] [[缺失目标]] #t9\n');
    await has('缺失目标', 'unresolved');
    await sameAsFreshLoad();
    fs.writeFileSync(path.join(root, '02-资源', '缺失目标.md'), '# 缺失目标\n\n[[alone]]\n');
    await has('02-资源/缺失目标', 'note');
    await sameAsFreshLoad();
  });

  it('a rename and a delete', async () => {
    fs.renameSync(path.join(root, '01-博客', 'n4.md'), path.join(root, '01-博客', 'n4-renamed.md'));
    await has('01-博客/n4-renamed');
    await has('n4', 'unresolved');
    await sameAsFreshLoad();
    fs.rmSync(path.join(root, '02-资源', '缺失目标.md'));
    await has('缺失目标', 'unresolved');
    await sameAsFreshLoad();
    fs.rmSync(path.join(root, '01-博客', 'alone.md'));
    await page.waitForFunction(() => !window.__kg.graph!.hasNode('01-博客/alone'), undefined, { timeout: 15_000 });
    await sameAsFreshLoad();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(errors).toEqual([]);
  });
});
