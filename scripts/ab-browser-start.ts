// What the benches' chromium flags leave out of the first frame (not a test): the viewer on the users'
// vault opened (a) in a fresh window with chromium's default features (its omnibox popup is loaded
// for every new window), (b) the same, but in a new tab of a browser that has been running for 5 s, and
// (c) in a fresh window with the benches' flags (scripts/viewer-page.ts CHROMIUM_ARGS). Prints each
// open (goto → drawn, GPU synced, ms) and the medians. docs/viewer-first-frame.md, 2026-12-05.
//   node --import tsx scripts/ab-browser-start.ts [vault] [--runs N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_ARGS, GPU_SYNC, launchSoftwareGl } from './viewer-page.ts';
import { buildServeModel } from '../src/viewer/serve-model.ts';
import { startServer } from '../src/viewer/server.ts';
const args = process.argv.slice(2);
const ri = args.indexOf('--runs');
const runs = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 5;
const vault = path.resolve(args[0] ?? path.join(import.meta.dirname, '../../shared/corpora/shiertier-docs'));
if (!fs.existsSync(vault)) { console.log(`ab-browser-start: skipped (${vault} is not here)`); process.exit(0); }
const built = await buildServeModel(vault);
const server = await startServer({ root: vault, model: built.model, layout: { cacheDir: path.join(os.tmpdir(), 'vg-first-ab-layout') } });
for (const enc of ['br', 'gzip']) await (await fetch(new URL('api/graph', server.url), { headers: { 'accept-encoding': enc } })).arrayBuffer();
const OLD = CHROMIUM_ARGS.filter((a) => !a.startsWith('--disable-features'));
const open = async (page: import('playwright-core').Page) => {
  const t = performance.now();
  await page.goto(server.url);
  await page.waitForFunction('window.__kg && (window.__kg.ready || window.__kg.error)', undefined, { timeout: 120_000 });
  await page.evaluate(`(() => { ${GPU_SYNC} __sync(); })()`);
  return Math.round(performance.now() - t);
};
const rows: Record<string, number[]> = { freshWindowOld: [], warmTabOld: [], freshWindowNew: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of Object.keys(rows)) {
    const b = await launchSoftwareGl(mode.endsWith('New') ? CHROMIUM_ARGS : OLD);
    const ctx = await b.newContext({ viewport: { width: 1400, height: 860 }, bypassCSP: true });
    const first = await ctx.newPage();
    if (mode === 'warmTabOld') { await first.goto('about:blank'); await new Promise((r) => setTimeout(r, 5000)); rows[mode]!.push(await open(await ctx.newPage())); }
    else rows[mode]!.push(await open(first));
    await b.close();
  }
}
const med = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)];
for (const [k, v] of Object.entries(rows)) console.log(k, v.join(' '), 'median', med(v));
await server.close();
process.exit(0);
