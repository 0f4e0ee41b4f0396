// "Path from here" in the viewer, on the relations fixture: pick two notes (button, then search),
// the shortest paths drawn on their own and listed with relation and 说明, as `vaultgraph path` finds them.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPaths, pathGraphOf } from '../../src/query/paths.ts';
import { fixture } from '../helpers.ts';
import { nodeKey, openViewer, selectNode, serveAndOpen, shot, waitReady, type ServedViewer } from './harness.ts';

const VAULT = fixture('relations');
let viewer: ServedViewer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  viewer = await serveAndOpen(VAULT);
  ({ page, errors } = viewer);
});
afterAll(async () => { await viewer?.close(); });

describe('paths in the viewer', () => {
  it('Path from here, then a search for the other note: both paths listed with relation and 说明, drawn alone', async () => {
    await selectNode(page, 'notes/起点', true);
    await page.click('#btn-path-from');
    await page.waitForSelector('#path-bar:not([hidden])');
    await page.fill('#search', '终点');
    await page.waitForSelector(`#search-results li[data-key="${await nodeKey(page, 'notes/终点')}"]`);
    await page.keyboard.press('Enter');
    await expect(page.locator('#panel-title').textContent()).resolves.toBe('Path: 起点 → 终点');
    expect(await page.locator('#path-bar').isHidden()).toBe(true);
    await expect(page.locator('#path-summary').textContent()).resolves.toContain('2 shortest paths, 2 steps each, over typed relations');
    const steps = await page.locator('.path-steps li').allTextContents();
    expect(steps).toHaveLength(4);
    expect(steps[0]).toContain('起点引用了中转的数据。');
    expect(steps.join('\n')).toContain('← 观点相悖 · contradicts');
    // The same paths as the CLI's.
    const cli = findPaths(pathGraphOf(viewer.built.graph), 'notes/起点', 'notes/终点');
    expect(await page.locator('.path-steps').count()).toBe(cli.length);
    // Drawn on their own: path edges shown, the rest hidden; nodes off the path unlabelled.
    const drawn = await page.evaluate(() => {
      const { graph, renderer } = window.__kg;
      const v = window.__kg.keys!.vault;
      const shownEdges = graph!.filterEdges((e) => !renderer!.getEdgeDisplayData(e)!.hidden).map((e) => `${v(graph!.source(e))}>${v(graph!.target(e))}`);
      return { shownEdges: shownEdges.sort(), island: renderer!.getNodeDisplayData(window.__kg.keys!.node('notes/孤岛')!)!.label };
    });
    expect(drawn.shownEdges).toEqual(['notes/中转>notes/终点', 'notes/旁路>notes/终点', 'notes/旁路>notes/起点', 'notes/起点>notes/中转']);
    expect(drawn.island).toBeNull();
    await page.waitForTimeout(500);
    await shot(page, 'paths-fixture');
  });

  it('through topics finds a path the typed relations do not; Esc leaves the path view', async () => {
    const none = await page.evaluate(({ keys }) => window.__kg.paths!.show(keys[0]!, keys[1]!).length, { keys: [await nodeKey(page, 'notes/孤岛'), await nodeKey(page, 'notes/终点')] });
    expect(none).toBe(0);
    await expect(page.locator('#path-summary').textContent()).resolves.toContain('No path over typed relations');
    await page.click('#path-topics');
    await expect(page.locator('#path-summary').textContent()).resolves.toContain('1 shortest path, 2 steps each, over typed relations and topics');
    await expect(page.locator(`.path-steps li button[data-key="${await nodeKey(page, '00-元语/AI')}"]`).count()).resolves.toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    expect(await page.locator('#panel').isHidden()).toBe(true);
    const after = await page.evaluate(() => window.__kg.graph!.filterEdges((e) => window.__kg.renderer!.getEdgeDisplayData(e)!.hidden).length);
    expect(after).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a shown path is in the URL: the link opens on the same path and options; leaving it clears them', async () => {
    await page.evaluate((keys) => window.__kg.paths!.show(keys[0]!, keys[1]!, { topics: false, directed: true }), [await nodeKey(page, 'notes/起点'), await nodeKey(page, 'notes/终点')]);
    const hash = await page.evaluate(() => location.hash);
    expect(new URLSearchParams(hash.slice(1)).get('pa')).toBe('notes/起点');
    expect(new URLSearchParams(hash.slice(1)).get('po')).toBe('directed');
    const { page: again, errors: errs } = await openViewer(viewer.browser, `${viewer.server.url}${hash}`);
    await expect(again.locator('#panel-title').textContent()).resolves.toBe('Path: 起点 → 终点');
    expect(await again.locator('#path-directed').isChecked()).toBe(true);
    await expect(again.locator('#path-summary').textContent()).resolves.toBe(await page.locator('#path-summary').textContent());
    await again.keyboard.press('Escape');
    expect(await again.evaluate(() => location.hash)).not.toContain('pa=');
    expect(errs).toEqual([]);
    await again.close();
  });

  it('the 说明 are not in the served payload: the panel and the path listing fetch them when shown', async () => {
    const payload = await page.evaluate(async () => (await fetch('api/graph')).json());
    expect(payload.edgeText).toBe(true);
    expect(JSON.stringify(payload)).not.toContain('起点引用了中转的数据。');
    // Listening from before the reload: a selection kept in the URL fetches as soon as the page is up.
    const asked: string[] = [];
    page.on('request', (r) => { if (r.url().includes('api/edge-text')) asked.push(decodeURIComponent(r.url())); });
    await page.reload();
    await waitReady(page);
    await selectNode(page, 'notes/中转', true);
    // Incoming from 起点, with its 说明, once the server has answered.
    await page.waitForSelector('#panel-links section[data-links="incoming"] .desc');
    await expect(page.locator('#panel-links section[data-links="incoming"]').textContent()).resolves.toContain('起点引用了中转的数据。');
    expect(asked.some((u) => u.endsWith('key=notes/中转'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
