// A big vault's first frame has its nodes only (web/model/to-graph.ts FIRST_FRAME_EDGES), and its
// edges join right after. The sample vault is made to count as big (the page's test hook
// `__vgFirstFrameEdges`): the edges must all arrive, and a filter, the local graph and the
// sidebar's counts must work on them as on a page that loaded them at once.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import { launch, shot, waitReady, SAMPLE_NOTE, SAMPLE_VAULT } from './harness.ts';

let browser: Browser;
let server: RunningServer;
let deferredPage: Page;
let plainPage: Page;
const errors: string[] = [];

async function open(hook: boolean): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  if (hook) await page.addInitScript('window.__vgFirstFrameEdges = 0');
  await page.goto(server.url);
  await waitReady(page);
  return page;
}

const edgesOf = (p: Page) => p.evaluate(() => window.__kg.graph!.edges().sort());
const look = (p: Page) => p.evaluate(() => ({
  visible: [...window.__kg.app!.visible().edges].sort(), counts: document.querySelector('#counts')!.textContent,
  pending: window.__kg.pending!.size,
}));

beforeAll(async () => {
  const built = await buildVaultGraph(SAMPLE_VAULT);
  server = await startServer({ root: SAMPLE_VAULT, graph: built.graph });
  browser = await launch();
  deferredPage = await open(true);
  plainPage = await open(false);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('edges deferred past the first frame', () => {
  it('opens with the nodes only, then loads the shown edges', async () => {
    await deferredPage.waitForFunction(() => window.__kg.timings.edges !== undefined);
    const t = await deferredPage.evaluate(() => window.__kg.timings);
    expect(t.shown).toBeGreaterThanOrEqual(t.firstFrame!);
    expect(await edgesOf(deferredPage)).toEqual(await edgesOf(plainPage));
    expect(await look(deferredPage)).toEqual(await look(plainPage));
    expect(await plainPage.evaluate(() => window.__kg.timings.edges)).toBeUndefined();
    await shot(deferredPage, 'deferred-loaded');
  });

  it('a deferred topic edge appears when its filter is turned on, and in the local graph', async () => {
    for (const p of [deferredPage, plainPage]) {
      await p.evaluate(() => window.__kg.app!.set({ hiddenRelations: new Set() }));
    }
    expect(await deferredPage.evaluate(() => window.__kg.graph!.someEdge((_e, a) => a.relation === 'topic'))).toBe(true);
    expect(await look(deferredPage)).toEqual(await look(plainPage));
    for (const p of [deferredPage, plainPage]) {
      await p.evaluate((k) => window.__kg.app!.set({ selected: k, depth: 2 }), SAMPLE_NOTE);
    }
    const local = await deferredPage.evaluate(() => window.__kg.app!.visible().edges.size);
    expect(local).toBeGreaterThan(0);
    expect(await look(deferredPage)).toEqual(await look(plainPage));
    await shot(deferredPage, 'deferred-local');
    expect(errors).toEqual([]);
  });
});
