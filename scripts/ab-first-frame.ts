// A/B of the viewer's first frame between checkouts (not a test): one server per checkout (each
// serving its own bundle), then cold opens in headless chromium with software WebGL, a fresh browser
// each, the checkouts' turns rotating so that a busy minute hits both alike. Per open and as medians:
// goto → drawn (GPU synced), the page's marks (ms from navigation), the phases (payload, graph,
// sigma's frame, the work after it, the GPU's tail) and the CPU ms of chromium's GPU process and
// renderer (less inflated by other programs than wall time). docs/viewer-first-frame.md.
//   node --import tsx scripts/ab-first-frame.ts RUNS CHECKOUT... [--vault DIR]
// e.g. a worktree of main beside this one: `... ab-first-frame.ts 8 ../base .`

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchPage, chromiumCpu, GPU_SYNC, launchSoftwareGl } from './viewer-page.ts';

const args = process.argv.slice(2);
const vi = args.indexOf('--vault');
const vault = path.resolve(vi >= 0 ? args.splice(vi, 2)[1]! : '/work/shared/corpora/shiertier-docs');
const [runsArg, ...given] = args;
const runs = Number(runsArg ?? 5);
const wts = given.map((w) => path.resolve(w));
if (!fs.existsSync(vault)) { console.log(`ab-first-frame: skipped (${vault} is not here)`); process.exit(0); }
if (!wts.length) { console.log('ab-first-frame: give RUNS and one or more checkouts'); process.exit(2); }
// Each checkout's own code: its server, its bundle.
const { buildVaultGraph } = await import(path.join(wts[0]!, 'src/index.ts'));
const built = await buildVaultGraph(vault);
const cacheDir = path.join(os.tmpdir(), 'vg-first-ab-layout');
fs.mkdirSync(cacheDir, { recursive: true });
const servers: Array<{ url: string; close(): Promise<void> }> = [];
for (const wt of wts) {
  const { startServer } = await import(path.join(wt, 'src/viewer/server.ts'));
  servers.push(await startServer({ root: vault, graph: built.graph, layout: { cacheDir } }));
}
for (const s of servers) for (const enc of ['br', 'gzip']) await (await fetch(new URL('api/graph', s.url), { headers: { 'accept-encoding': enc } })).arrayBuffer();
console.log(`${path.basename(vault)}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const rows: Array<Array<Record<string, number>>> = wts.map(() => []);
for (let i = 0; i < runs; i++) {
  for (let k = 0; k < wts.length; k++) {
    const w = (i + k) % wts.length;
    const browser = await launchSoftwareGl();
    const page = await benchPage(browser);
    const la = os.loadavg()[0]!;
    const cpu0 = chromiumCpu();
    const t = performance.now();
    await page.goto(servers[w]!.url);
    await page.waitForFunction('window.__kg && (window.__kg.ready || window.__kg.error)', undefined, { timeout: 120_000 });
    const drawnNav = await page.evaluate(`(() => { ${GPU_SYNC} __sync(); return performance.now(); })()`) as number;
    const after = performance.now() - t;
    const cpu1 = chromiumCpu();
    const tm = await page.evaluate('window.__kg.timings') as Record<string, number>;
    const row = { after, drawnNav, fromNav: tm.firstFrame!, mainJs: tm.start!, loaded: tm.loaded!, graph: tm.graph!, sigma: tm.firstFrame! - tm.sigmaStart!, post: tm.wired! - tm.firstFrame!, tail: drawnNav - tm.wired!, cpuGpu: (cpu1['gpu-process'] ?? 0) - (cpu0['gpu-process'] ?? 0), cpuRenderer: (cpu1.renderer ?? 0) - (cpu0.renderer ?? 0), la };
    rows[w]!.push(row);
    console.log(`${path.basename(wts[w]!)} ${Object.entries(row).map(([k, v]) => `${k} ${k === 'la' ? v.toFixed(1) : Math.round(v)}`).join(', ')}`);
    await browser.close();
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (let w = 0; w < wts.length; w++) {
  const keys = Object.keys(rows[w]![0]!);
  console.log(`MEDIAN ${path.basename(wts[w]!)}: ${keys.map((k) => `${k} ${k === 'la' ? med(rows[w]!.map((r) => r[k]!)).toFixed(1) : Math.round(med(rows[w]!.map((r) => r[k]!)))}`).join(', ')}`);
}
for (const s of servers) await s.close();

