// The timeline in the real viewer: on the relations fixture (发布日期) the slider hides the notes
// dated later, counts the undated ones (always shown), and play runs to the end; the sample vault
// opens with or without dates and no error.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import { fixture } from '../helpers.ts';
import { launch, openViewer, selectedVaultKey, shot, SAMPLE_VAULT } from './harness.ts';

let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ root: fixture('relations'), graph: (await buildVaultGraph(fixture('relations'))).graph });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

describe('timeline', () => {
  it('the slider shows the vault as of a day; undated notes stay and are counted', async () => {
    const { page, errors } = await openViewer(browser, server.url);
    await page.waitForSelector('#timeline:not([hidden])');
    await expect(page.locator('#timeline-label').textContent()).resolves.toBe('2025-01-01 · 6/6 notes by 发布日期 · 1 without date, shown');
    // The slider, moved like a user would (its input event).
    await page.locator('#timeline-slider').evaluate((el, d) => {
      (el as HTMLInputElement).value = String(d);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, day('2024-03-05'));
    await expect(page.locator('#timeline-label').textContent()).resolves.toMatch(/^2024-03-05 · 2\/6 notes by 发布日期 · 1 without date, shown$/);
    const shown = await page.evaluate(() => {
      const { graph, renderer } = window.__kg;
      return graph!.filterNodes((k, a) => a.kind === 'note' && !renderer!.getNodeDisplayData(k)!.hidden).map(window.__kg.keys!.vault).sort();
    });
    expect(shown).toEqual(['notes/中转', 'notes/无日期', 'notes/起点']);
    await expect(page.locator('#counts').textContent()).resolves.toMatch(/^\d+ of 10 nodes/);
    await page.waitForTimeout(300);
    await shot(page, 'timeline-fixture');
    // Play runs to the last day and shows everything again.
    await page.click('#timeline-play');
    await page.waitForFunction(() => document.getElementById('timeline-play')!.textContent === '▶', undefined, { timeout: 30_000 });
    await expect(page.locator('#timeline-label').textContent()).resolves.toMatch(/^2025-01-01 · 6\/6/);
    expect(await page.evaluate(() => window.__kg.app!.visible().nodes.size)).toBe(10);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the timeline's day is in the URL: the link opens on that day, and old links on the last", async () => {
    const { page, errors } = await openViewer(browser, `${server.url}#n=notes/起点`);
    await page.waitForSelector('#timeline:not([hidden])');
    expect(await page.evaluate(() => location.hash)).not.toContain('tl=');
    await page.locator('#timeline-slider').evaluate((el, d) => {
      (el as HTMLInputElement).value = String(d);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, day('2024-03-05'));
    const hash = await page.evaluate(() => location.hash);
    expect(new URLSearchParams(hash.slice(1)).get('tl')).toBe('2024-03-05');
    const { page: again, errors: errs } = await openViewer(browser, `${server.url}${hash}`);
    await expect(again.locator('#timeline-label').textContent()).resolves.toMatch(/^2024-03-05 · 2\/6 notes/);
    expect([await again.evaluate(() => window.__kg.app!.visible().nodes.size), await selectedVaultKey(again)])
      .toEqual([await page.evaluate(() => window.__kg.app!.visible().nodes.size), 'notes/起点']);
    // Back to the last day: nothing hidden, and the URL says nothing about the timeline.
    await again.locator('#timeline-slider').evaluate((el, d) => {
      (el as HTMLInputElement).value = String(d);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, day('2025-01-01'));
    expect(await again.evaluate(() => location.hash)).not.toContain('tl=');
    expect([...errors, ...errs]).toEqual([]);
    await page.close();
    await again.close();
  });

  it('the sample vault opens with its timeline (or none) and no error', async () => {
    const sample = await startServer({ root: SAMPLE_VAULT, graph: (await buildVaultGraph(SAMPLE_VAULT)).graph });
    const { page, errors } = await openViewer(browser, sample.url);
    const t = await page.evaluate(() => window.__kg.timeline?.timeline.key ?? null);
    if (t !== null) {
      await page.evaluate(() => { const tl = window.__kg.timeline!; tl.at(Math.round((tl.timeline.first + tl.timeline.last) / 2)); });
      expect(await page.evaluate(() => window.__kg.app!.visible().nodes.size)).toBeLessThanOrEqual(await page.evaluate(() => window.__kg.graph!.order));
    } else {
      expect(await page.locator('#timeline').isHidden()).toBe(true);
    }
    expect(errors).toEqual([]);
    await page.close();
    await sample.close();
  });
});
