// Shared by the browser tests and the benchmark: one chromium per test file (2 cores), pages that
// wait for the viewer's `window.__kg.ready`, screenshots into test-artifacts/ (git-ignored).

import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchSoftwareGl } from '../../scripts/viewer-page.ts';
import { buildVaultGraph, type VaultBuild } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import { openLiveVault, watchServe } from '../../src/live/watch.ts';
import { buildServeModel } from '../../src/viewer/serve-model.ts';

/** The bundled sample vault, and a note of it with typed links both ways. */
export const SAMPLE_VAULT = new URL('../../vault', import.meta.url).pathname;
export const SAMPLE_NOTE = '01-博客/Anthropic/Claude的新宪法';

export const ARTIFACTS = path.resolve(import.meta.dirname, '..', '..', 'test-artifacts');

/** The benches' chromium (software WebGL, no omnibox popup: scripts/viewer-page.ts CHROMIUM_ARGS). */
export function launch(): Promise<Browser> {
  return launchSoftwareGl();
}

export async function openViewer(browser: Browser, url: string, size = { width: 1400, height: 860 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: size });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await waitReady(page);
  return { page, errors };
}

/** A vault built, served on a free port, and open in a new chromium: what most browser test files start from. */
export interface ServedViewer { built: VaultBuild; server: RunningServer; browser: Browser; page: Page; errors: string[]; close(): Promise<void> }

export async function serveAndOpen(root: string): Promise<ServedViewer> {
  const built = await buildVaultGraph(root);
  const server = await startServer({ root, graph: built.graph });
  const browser = await launch();
  const { page, errors } = await openViewer(browser, server.url);
  return { built, server, browser, page, errors, close: async () => { await browser.close(); await server.close(); } };
}

/**
 * `serve --watch` as the CLI wires it: the first page from the build's columns, the live vault read
 * behind it and taking over (a rebuild reopens it), open in a new chromium whose page is marked so a
 * reload would show (`__noReload`).
 */
export interface LiveViewer { server: RunningServer; browser: Browser; page: Page; errors: string[]; close(): Promise<void> }

export async function serveLiveAndOpen(root: string): Promise<LiveViewer> {
  const { model } = await buildServeModel(root);
  const server = await startServer({ root, model });
  const stop = watchServe(root, () => openLiveVault(root), server, {}, () => undefined);
  const browser = await launch();
  // The page first; the live vault is read once the page is up, and takes over without a reload.
  const { page, errors } = await openViewer(browser, server.url);
  await page.evaluate(() => { (window as unknown as { __noReload: boolean }).__noReload = true; });
  await stop.ready;
  return { server, browser, page, errors, close: async () => { await stop(); await browser.close(); await server.close(); } };
}

/**
 * The one-file HTML export, written to test-artifacts/NAME and opened from file:// in an offline
 * context (no network at all), with the page's errors collected. Close `context` when done.
 */
export async function openOfflineHtml(browser: Browser, html: string, name: string): Promise<{ page: Page; errors: string[]; context: BrowserContext }> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  fs.writeFileSync(file, html);
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => window.__kg?.ready === true || window.__kg?.error !== undefined);
  return { page, errors, context };
}

export async function waitReady(page: Page, timeout = 45_000): Promise<void> {
  await page.waitForFunction(() => window.__kg?.ready === true || window.__kg?.error !== undefined, undefined, { timeout });
  const error = await page.evaluate(() => window.__kg.error);
  if (error) throw new Error(`viewer failed: ${error}`);
}

export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * The page's graph key of a vault key (web/model/keys.ts: a served page keys node i "i"); tests
 * name nodes as the vault does and translate here. Fails the test when the page has no such node.
 */
export function nodeKey(page: Page, vaultKey: string): Promise<string> {
  return page.evaluate((v) => {
    const k = window.__kg.keys!.node(v);
    if (k === undefined || !window.__kg.graph!.hasNode(k)) throw new Error(`the page has no node ${v}`);
    return k;
  }, vaultKey);
}

/** The vault keys of graph keys (null stays null). */
export function vaultKeys(page: Page, keys: ReadonlyArray<string | null>): Promise<Array<string | null>> {
  return page.evaluate((ks) => ks.map((k) => (k === null ? null : window.__kg.keys!.vault(k))), [...keys]);
}

/** The selected node's vault key, or null. */
export function selectedVaultKey(page: Page): Promise<string | null> {
  return page.evaluate(() => { const k = window.__kg.app!.state().selected; return k === null ? null : window.__kg.keys!.vault(k); });
}

/** Select a node by vault key, as a click (or a search, `fly`) does; null closes the panel. */
export async function selectNode(page: Page, vaultKey: string | null, fly = false): Promise<void> {
  const k = vaultKey === null ? null : await nodeKey(page, vaultKey);
  await page.evaluate(([key, f]) => window.__kg.app!.select(key, f), [k, fly] as const);
}

/** Viewport pixel position of a node, by vault key (to click or hover it like a user). */
export async function nodePosition(page: Page, vaultKey: string): Promise<{ x: number; y: number }> {
  const key = await nodeKey(page, vaultKey);
  return page.evaluate((k) => {
    const { graph, renderer } = window.__kg;
    const a = graph!.getNodeAttributes(k) as unknown as { x: number; y: number };
    return renderer!.graphToViewport({ x: a.x, y: a.y });
  }, key);
}

/** A drawn label as a box measured with the label font (viewport pixels). */
export interface LabelBox { key: string; text: string; x0: number; x1: number; y0: number; y1: number }

/** The labels the page drew (sigma's and the placed ones), their overlapping pairs and those cut off at the stage's edge. */
export async function drawnLabelBoxes(page: Page): Promise<{ boxes: LabelBox[]; overlaps: number; cut: number }> {
  return page.evaluate(() => {
    const { renderer: r } = window.__kg;
    const s = r!.getSettings();
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${s.labelWeight} ${s.labelSize}px ${s.labelFont}`;
    const { width, height } = r!.getDimensions();
    const boxes = window.__kg.drawnLabels!().map((l) => {
      const w = ctx.measureText(l.text).width;
      const x0 = l.align === 'right' ? l.x - w : l.align === 'center' ? l.x - w / 2 : l.x;
      return { key: l.key, text: l.text, x0, x1: x0 + w, y0: l.y - s.labelSize / 2, y1: l.y + s.labelSize / 2 };
    });
    let overlaps = 0, cut = 0;
    boxes.forEach((a, i) => {
      if (a.x0 < 0 || a.y0 < 0 || a.x1 > width || a.y1 > height) cut++;
      for (const b of boxes.slice(i + 1)) if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5) overlaps++;
    });
    return { boxes, overlaps, cut };
  });
}
