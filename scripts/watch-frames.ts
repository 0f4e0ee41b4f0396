// Watch mode's page frames: the `bench-watch --e2e --e2e-drops` loop (a link written into a note, then
// taken out again), printing per write when the delta was sent, patched and seen by the probe, and
// sigma's process() and render() runs around it (`P@ms+ms`, `R@ms+ms`, relative to the write, on
// the page's clock); then the median (max) process and render per kind. `--trace FILE` records a
// Chrome trace of the loop (open it in chrome://tracing or Perfetto). See docs/perf-watch.md.
//
//   node --max-old-space-size=8000 --import tsx scripts/watch-frames.ts [--vault /work/vaults/10k] [--writes 12] [--trace FILE]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openLiveVault, watchLive } from '../src/live/watch.ts';
import { listVault } from '../src/build/scan.ts';

const { values: a } = parseArgs({ options: { vault: { type: 'string', default: '/work/vaults/10k' }, writes: { type: 'string', default: '12' }, trace: { type: 'string' } } });
const { startServer } = await import('../src/viewer/server.ts');
const { launchSoftwareGl } = await import('./viewer-page.ts');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-watch-frames-'));
fs.cpSync(a.vault!, root, { recursive: true });
const opened = await openLiveVault(root);
const server = await startServer({ root, graph: opened.live.graph });
let sentAt = 0;
const stop = watchLive(root, () => opened.live, opened.options, { onDelta: (d) => { server.patch(d, opened.live.graph); sentAt = Date.now(); }, onRebuild: async () => {} });
const browser = await launchSoftwareGl();
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
await page.goto(server.url);
/** Page globals: the viewer's handle, sigma's runs logged as [P|R, start, ms], when the probe saw the change. */
type W = { __kg: { ready: boolean; graph: { hasNode(k: string): boolean }; renderer: { on(e: string, f: () => void): void }; timings: { delta: number } }; __runs?: Array<[string, number, number]>; __seen: number; __name: unknown };
await page.waitForFunction(() => (globalThis as unknown as W).__kg?.ready === true, undefined, { timeout: 1_200_000 });
// tsx names functions with a `__name` helper the page does not have (the CSP forbids adding it as a script).
await page.evaluate(() => { (globalThis as unknown as W).__name = (f: unknown) => f; });
await page.evaluate(() => {
  const w = globalThis as unknown as W, r = w.__kg.renderer;
  w.__runs = [];
  let render = 0, process = 0;
  r.on('beforeRender', () => { render = performance.now(); });
  r.on('afterRender', () => { w.__runs!.push(['R', render, performance.now() - render]); });
  r.on('beforeProcess', () => { process = performance.now(); });
  r.on('afterProcess', () => { w.__runs!.push(['P', process, performance.now() - process]); });
});
await stop.ready;
if (a.trace) await browser.startTracing(page, { path: a.trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'v8', 'v8.execute', 'blink', 'gpu', 'cc', 'viz', 'toplevel', 'disabled-by-default-v8.gc'] });
const notes = listVault(root).notes.map(([p]) => p);
const rows: string[] = [];
const runs: Record<string, { P: number[]; R: number[] }> = { add: { P: [], R: [] }, drop: { P: [], R: [] } };

/** One write, then wait (as bench-watch's probe does, on animation frames) until the page shows it. */
async function step(kind: 'add' | 'drop', i: number, write: () => void, target: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 300));
  const origin = await page.evaluate(() => performance.timeOrigin);
  const w0 = Date.now();
  write();
  await page.waitForFunction(([k, want]) => {
    const w = globalThis as unknown as W;
    if (w.__kg.graph.hasNode(k) !== want) return false;
    w.__seen = performance.now();
    return true;
  }, [target, kind === 'add'] as const, { timeout: 30_000 });
  const w1 = Date.now();
  const [done, seen, log] = await page.evaluate(() => { const w = globalThis as unknown as W; const l = w.__runs!; w.__runs = []; return [w.__kg.timings.delta, w.__seen, l] as const; });
  const at = (t: number) => (origin + t - w0).toFixed(0);
  const mine = log.filter(([, t]) => origin + t > w0);
  for (const [k, , ms] of mine) runs[kind]![k as 'P' | 'R'].push(ms);
  rows.push(`${kind.padEnd(4)} ${String(i).padStart(2)}: ${w1 - w0} ms; sent ${sentAt - w0}, patched ${at(done)}, seen ${at(seen)}; ${mine.map(([k, t, ms]) => `${k}@${at(t)}+${ms.toFixed(0)}`).join(' ')}`);
}

for (let i = 0; i < Number(a.writes); i++) {
  const p = path.join(root, notes[(i * 7) % notes.length]!);
  const target = `bench-target-${i}`;
  const was = fs.readFileSync(p);
  await step('add', i, () => fs.appendFileSync(p, `\n[[${target}]]\n`), target);
  await step('drop', i, () => fs.writeFileSync(p, was), target);
}
if (a.trace) await browser.stopTracing();
const med = (xs: number[]) => { const s = [...xs].sort((p, q) => p - q); return `${s[s.length >> 1]?.toFixed(0)} (max ${s[s.length - 1]?.toFixed(0)})`; };
console.log(rows.join('\n'));
for (const [k, v] of Object.entries(runs)) console.log(`${k}: sigma process ${med(v.P)} ms, render ${med(v.R)} ms`);
console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
await browser.close();
stop();
await server.close();
fs.rmSync(root, { recursive: true, force: true });
process.exit(0);
