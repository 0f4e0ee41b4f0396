// Screenshots of the users' vault (not a test; skipped without ../shared): the panel with a rendered
// note, a path between two notes, the timeline mid-way, into test-artifacts/real-*.png. Look at them.
//   node --import tsx scripts/shots-real-vault.ts [vault]
// Page code is passed as strings: this file is type-checked without DOM types.

import fs from 'node:fs';
import path from 'node:path';
import { buildVaultGraph } from '../src/index.ts';
import { findPaths, pathGraphOf } from '../src/query/paths.ts';
import { isDocumentRelation } from '../src/query/orphans.ts';
import { startServer } from '../src/viewer/server.ts';
import { buildServeModel } from '../src/viewer/serve-model.ts';
import type { Page } from 'playwright-core';
import { launchSoftwareGl } from './viewer-page.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '..', 'test-artifacts');
async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

const vault = process.argv[2] ?? path.resolve(import.meta.dirname, '../../shared/corpora/shiertier-docs');
if (!fs.existsSync(vault)) { console.log(`shots-real-vault: skipped, no vault at ${vault}`); process.exit(0); }

const built = await buildVaultGraph(vault);
const g = built.graph;
// A well-related note (most typed relations), and a note three typed steps from it.
let a = '', best = -1;
g.forEachNode((k, attrs) => {
  if (attrs.kind !== 'note') return;
  const n = g.filterEdges(k, (_e, e) => isDocumentRelation(e.relation)).length;
  if (n > best) { best = n; a = k; }
});
let b = '';
const pg = pathGraphOf(g);
for (const k of g.nodes().sort()) {
  if (g.getNodeAttribute(k, 'kind') !== 'note' || k === a) continue;
  const p = findPaths(pg, a, k, { max: 3 });
  if (p.length >= 2 && p[0]!.edges.length === 3) { b = k; break; }
}
console.log(`note: ${a} (${best} typed relations); path to: ${b || '(none at 3 steps)'}`);

// Served as `serve` serves it (serve-model.ts): the 说明 come from /api/edge-text when the panel shows them.
const server = await startServer({ root: vault, model: (await buildServeModel(vault)).model });
const browser = await launchSoftwareGl();
try {
  // bypassCSP: the page's strict CSP forbids the string evaluation playwright's waitForFunction uses.
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 860 }, bypassCSP: true })).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(server.url);
  await page.waitForFunction('window.__kg && (window.__kg.ready === true || window.__kg.error !== undefined)', undefined, { timeout: 120_000 });
  await page.evaluate(`window.__kg.app.select(window.__kg.keys.node(${JSON.stringify(a)}), true)`);
  await page.waitForSelector('#panel-excerpt:not([hidden])');
  await page.waitForSelector('#panel-links .desc');
  await page.waitForTimeout(1200);
  console.log(await shot(page, 'real-panel'));
  await page.evaluate(`document.getElementById('panel-links').scrollIntoView()`);
  console.log(await shot(page, 'real-panel-links'));
  if (b) {
    await page.click('#btn-path-from');
    await page.fill('#search', b.slice(b.lastIndexOf('/') + 1));
    await page.waitForSelector(`#search-results li[data-key="${b.replace(/"/g, '\\"')}"]`);
    await page.click(`#search-results li[data-key="${b.replace(/"/g, '\\"')}"]`);
    await page.waitForSelector('.path-steps');
    await page.waitForTimeout(1500);
    console.log(await shot(page, 'real-path'));
    await page.keyboard.press('Escape');
  }
  await page.click('#btn-fit');
  await page.waitForTimeout(800);
  const mid = await page.evaluate(`(() => { const tl = window.__kg.timeline; if (!tl) return null;
    const days = [...tl.timeline.days.values()].sort((x, y) => x - y); const d = days[Math.floor(days.length / 2)];
    tl.at(d); return document.getElementById('timeline-label').textContent; })()`);
  console.log(`timeline: ${String(mid)}`);
  await page.waitForTimeout(1500);
  console.log(await shot(page, 'real-timeline'));
  if (errors.length) console.log(`page errors: ${errors.join('\n')}`);
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
