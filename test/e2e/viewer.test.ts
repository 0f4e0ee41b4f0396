// The viewer on the sample vault, in Debian's chromium: counts, search → panel with typed links,
// relation toggle, click, hover, orphans, local graph, URL state, dark theme, no-WebGL message.
// One browser for the file; screenshots go to test-artifacts/ (look at them).

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../../src/index.ts';
import { linkViewOf, orphanReport } from '../../src/query/orphans.ts';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import { launch, nodeKey, nodePosition, openViewer, selectedVaultKey, selectNode, shot, vaultKeys, waitReady, SAMPLE_NOTE, SAMPLE_VAULT } from './harness.ts';

const VAULT = SAMPLE_VAULT;
const NOTE = SAMPLE_NOTE;

let browser: Browser;
let server: RunningServer;
let page: Page;
let errors: string[];
let expected: { order: number; size: number; contradicts: number; tags: number; tagEdges: number; tagged: string; topicEdges: number };

beforeAll(async () => {
  const built = await buildVaultGraph(VAULT);
  let contradicts = 0;
  built.graph.forEachEdge((_e, a) => { if (a.relation === 'contradicts') contradicts++; });
  const tags = built.graph.filterNodes((_n, a) => a.kind === 'tag').length;
  const tagEdges = built.graph.filterEdges((_e, _a, _s, t) => built.graph.getNodeAttribute(t, 'kind') === 'tag');
  const tagged = built.graph.source(tagEdges[0]!);
  const topicEdges = built.graph.filterEdges((_e, a) => a.relation === 'topic').length;
  expected = { order: built.graph.order, size: built.graph.size, contradicts, tags, tagEdges: tagEdges.length, tagged, topicEdges };
  server = await startServer({ root: VAULT, graph: built.graph });
  browser = await launch();
  ({ page, errors } = await openViewer(browser, server.url));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const visibleEdges = (p: Page) => p.evaluate(() => window.__kg.app!.visible().edges.size);

describe('viewer on the sample vault', () => {
  it('loads every node and edge and says so', async () => {
    // The sample vault's .obsidian/graph.json has "showTags": false: the view opens as Obsidian's does,
    // and the edges into the hidden tags wait outside the graph until shown (web/pending.ts); so do
    // the topic edges (half the vault's edges: the view opens on the document relations).
    const counts = await page.evaluate(() => ({ order: window.__kg.graph!.order, size: window.__kg.graph!.size, pending: window.__kg.pending!.size }));
    expect(expected.tags).toBeGreaterThan(0);
    const waiting = expected.tagEdges + expected.topicEdges;
    expect(counts).toEqual({ order: expected.order, size: expected.size - waiting, pending: waiting });
    await expect(page.evaluate(() => [...window.__kg.app!.state().hiddenRelations])).resolves.toEqual(['topic']);
    await expect(page.locator('#counts').textContent()).resolves.toContain(`${expected.order - expected.tags} of ${expected.order} nodes`);
    await expect(page.locator('#counts').textContent()).resolves.toContain(`of ${expected.size} links`);
    await expect(page.evaluate(() => [...window.__kg.app!.state().hiddenKinds])).resolves.toEqual(['tag']);
    await expect(page.locator('#relations li[data-relation="cites"] .name').textContent()).resolves.toContain('引用');
    await shot(page, 'viewer-sample');
    expect(errors).toEqual([]);
  });

  it('search selects a node, flies to it, and the panel shows its typed links with 说明', async () => {
    await page.fill('#search', '新宪法');
    const note = await nodeKey(page, NOTE);
    await page.waitForSelector(`#search-results li[data-key="${note}"]`);
    await shot(page, 'viewer-search');
    await page.keyboard.press('Enter');
    await page.waitForFunction((k) => window.__kg.app!.state().selected === k, note);
    await expect(page.locator('#panel-title').textContent()).resolves.toBe('Claude的新宪法');
    const out = page.locator('#panel section[data-links="outgoing"]');
    await expect(out.locator('h3[data-relation="contradicts"]').textContent()).resolves.toContain('观点相悖');
    await expect(out.textContent()).resolves.toContain('Model Spec 更新');
    await expect(out.textContent()).resolves.toContain('以理由代替规则');
    const incoming = page.locator('#panel section[data-links="incoming"]');
    await expect(incoming.locator('h3[data-relation="contradicts"]').count()).resolves.toBe(1);
    await expect(page.locator('#panel a[href^="obsidian://open?vault="]').count()).resolves.toBe(1);
    // The URL names the note by its vault key (not the page's own key for it).
    expect(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('n')).toBe(NOTE);
    await page.waitForTimeout(600); // camera flight
    await shot(page, 'viewer-selected');
  });

  it('a link in the panel jumps to that node', async () => {
    const spec = await nodeKey(page, '01-博客/OpenAI/Model Spec 更新');
    await page.locator(`#panel section[data-links="outgoing"] button[data-key="${spec}"]`).click();
    await page.waitForFunction((k) => window.__kg.app!.state().selected === k, spec);
    await expect(page.locator('#panel-title').textContent()).resolves.toBe('Model Spec 更新');
  });

  it('toggling a relation hides those edges and updates the counts', async () => {
    await page.evaluate(() => window.__kg.app!.set({ selected: null }));
    const before = await visibleEdges(page);
    await page.locator('#relations li[data-relation="contradicts"] input').click();
    expect(await visibleEdges(page)).toBe(before - expected.contradicts);
    const hidden = await page.evaluate(() => {
      const { graph, renderer } = window.__kg;
      return graph!.filterEdges((_e, a) => (a as { relation: string }).relation === 'contradicts')
        .every((e) => renderer!.getEdgeDisplayData(e)?.hidden === true);
    });
    expect(hidden).toBe(true);
    await expect(page.locator('#relations li[data-relation="contradicts"] .count').textContent()).resolves.toBe(`0/${expected.contradicts}`);
    await page.locator('#relations li[data-relation="contradicts"] input').click();
    expect(await visibleEdges(page)).toBe(before);
  });

  it('edges hidden at open are listed in the panel, and join the graph when their kind is shown', async () => {
    await selectNode(page, expected.tagged);
    await expect(page.locator('#panel section[data-links="outgoing"] h3[data-relation="tag"]').count()).resolves.toBe(1);
    await page.evaluate(() => window.__kg.app!.select(null));
    const before = await visibleEdges(page);
    await page.locator('#kinds li[data-kind="tag"] input').click();
    const after = await page.evaluate(() => ({ size: window.__kg.graph!.size, pending: window.__kg.pending!.size }));
    expect(after).toEqual({ size: expected.size - expected.topicEdges, pending: expected.topicEdges });
    expect(await visibleEdges(page)).toBeGreaterThan(before);
    const drawn = await page.evaluate(() => {
      const { graph, renderer } = window.__kg;
      return graph!.filterEdges((_e, _a, _s, t) => graph!.getNodeAttribute(t, 'kind') === 'tag')
        .filter((e) => renderer!.getEdgeDisplayData(e)?.hidden !== true).length;
    });
    expect(drawn).toBe(expected.tagEdges);
    await page.locator('#kinds li[data-kind="tag"] input').click();
    expect(await visibleEdges(page)).toBe(before);
  });

  it('a click on a node opens its panel; hovering dims the rest', async () => {
    await page.evaluate(() => window.__kg.renderer!.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }));
    await page.waitForTimeout(100);
    const target = '00-元语/Agent';
    const p = await nodePosition(page, target);
    const box = await page.locator('#graph').boundingBox();
    await page.mouse.move(box!.x + p.x, box!.y + p.y);
    await page.waitForFunction(() => document.getElementById('graph')!.style.cursor === 'pointer');
    const topic = await nodeKey(page, target);
    const { dimmed, lit } = await page.evaluate((k) => {
      const { graph, renderer, pending } = window.__kg;
      // The topic's notes are lit though its edges are hidden; the others are dimmed.
      const members = new Set<string>();
      pending!.forEachInEdge(k, (_e, _a, src) => { members.add(src); });
      const far = graph!.filterNodes((n) => n !== k && !graph!.areNeighbors(n, k) && !members.has(n) && graph!.getNodeAttribute(n, 'kind') === 'note')[0]!;
      const member = [...members].find((n) => graph!.getNodeAttribute(n, 'kind') === 'note')!;
      return { dimmed: renderer!.getNodeDisplayData(far)!.color, lit: renderer!.getNodeDisplayData(member)!.color };
    }, topic);
    expect(dimmed).toBe('#e4e6ea');
    expect(lit).not.toBe('#e4e6ea');
    await shot(page, 'viewer-hover');
    await page.mouse.click(box!.x + p.x, box!.y + p.y);
    await page.waitForFunction((k) => window.__kg.app!.state().selected === k, topic);
    await expect(page.locator('#panel-title').textContent()).resolves.toBe('Agent');
  });

  it('local graph keeps only the nodes within the chosen depth', async () => {
    await page.locator('#panel button[data-depth="1"]').click();
    const { visible, neighbours } = await page.evaluate(() => {
      const { graph, app } = window.__kg;
      const sel = app!.state().selected!;
      return { visible: app!.visible().nodes.size, neighbours: graph!.neighbors(sel).length + 1 };
    });
    expect(visible).toBe(neighbours);
    await page.waitForTimeout(600);
    await shot(page, 'viewer-local');
    await page.locator('#panel button[data-depth="0"]').click();
  });

  it('the orphans view agrees with `vaultgraph orphans`: its default sense, the others counted beside it', async () => {
    const cli = orphanReport(linkViewOf((await buildVaultGraph(VAULT)).graph));
    await page.click('#btn-orphans');
    await expect(page.locator('#panel-title').textContent()).resolves.toBe(`Orphans: ${cli.counts.isolated} isolated (no link either way)`);
    expect(await page.locator('#panel li button[data-key]').count()).toBe(cli.counts.isolated);
    await expect(page.locator('#orphan-senses').textContent()).resolves.toContain(`${cli.counts['no-relation']} without any document relation`);
    await page.click('#orphan-senses button[data-sense="no-incoming"]');
    await expect(page.locator('#panel-title').textContent()).resolves.toBe(`Orphans: ${cli.counts['no-incoming']} never linked to`);
    const listed = await vaultKeys(page, await page.locator('#panel li button[data-key]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key'))));
    expect(listed.sort()).toEqual(cli.counts['no-incoming'] > 500 ? listed.sort() : orphanReport(linkViewOf((await buildVaultGraph(VAULT)).graph), 'no-incoming').orphans);
    expect(page.url()).toContain('orph=no-incoming');
    await shot(page, 'viewer-orphans');
    await page.click('#btn-orphans');
    expect(await page.evaluate(() => window.__kg.app!.state().orphans)).toBe(false);
  });

  it('the URL carries the view: a reload restores selection and filters', async () => {
    await page.evaluate((k) => window.__kg.app!.set({ selected: k, hiddenRelations: new Set(['topic', 'contradicts']), theme: 'dark' }), await nodeKey(page, NOTE));
    const url = page.url();
    expect(url).toContain('hr=contradicts%2Ctopic');
    expect(new URLSearchParams(new URL(url).hash.slice(1)).get('n')).toBe(NOTE);
    await page.reload();
    await waitReady(page);
    const s = { sel: await selectedVaultKey(page), ...await page.evaluate(() => { const st = window.__kg.app!.state(); return { hr: [...st.hiddenRelations], theme: st.theme }; }) };
    expect(s).toEqual({ sel: NOTE, hr: ['contradicts', 'topic'], theme: 'dark' });
    await page.waitForTimeout(600);
    await shot(page, 'viewer-dark');
  });

  it('the legend names the colouring in force; folders get distinct colours', async () => {
    await page.evaluate(() => window.__kg.app!.set({ selected: null, theme: 'light', colorBy: 'kind' }));
    // The sample vault's graph.json has three colour groups: they win, and the legend says so.
    await expect(page.locator('#color-in-force').textContent()).resolves.toBe('Colour groups first (3), then kind for the other nodes');
    await expect(page.locator('#color-legend li').first().textContent()).resolves.toBe('group: path:00-元语');
    await page.selectOption('#color-by', 'folder');
    await page.evaluate(() => window.__kg.app!.set({ groups: [] }));
    await expect(page.locator('#color-in-force').textContent()).resolves.toBe('Coloured by top folder');
    const byFolder = await page.evaluate(() => {
      const { graph, renderer } = window.__kg;
      const colours = new Map<string, Set<string>>();
      graph!.forEachNode((k, a) => {
        if (a.kind === 'tag' || a.kind === 'unresolved') return;
        const top = a.folder.split('/')[0]!;
        (colours.get(top) ?? colours.set(top, new Set()).get(top)!).add(renderer!.getNodeDisplayData(k)!.color);
      });
      return [...colours].map(([f, c]) => [f, [...c]] as const);
    });
    expect(byFolder.length).toBeGreaterThanOrEqual(4);
    expect(byFolder.every(([, c]) => c.length === 1)).toBe(true);
    expect(new Set(byFolder.map(([, c]) => c[0])).size).toBe(byFolder.length);
    const legend = await page.locator('#color-legend li .name').allTextContents();
    expect(legend.sort()).toEqual(byFolder.map(([f]) => f || '(vault root)').sort());
    await shot(page, 'viewer-folders');
    await page.reload();
    await waitReady(page);
  });

  it('shows a readable message when WebGL is unavailable', async () => {
    const p2 = await browser.newPage();
    await p2.addInitScript(() => { HTMLCanvasElement.prototype.getContext = (() => null) as never; });
    await p2.goto(server.url);
    await p2.waitForFunction(() => window.__kg?.error !== undefined);
    await expect(p2.locator('#message').textContent()).resolves.toContain('WebGL is not available');
    await shot(p2, 'viewer-no-webgl');
    await p2.close();
  });
});
