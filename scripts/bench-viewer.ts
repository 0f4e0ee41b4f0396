// Viewer benchmark (not a test): build a vault, serve it twice (layout cold in a fresh cache folder,
// then from that cache), open it in headless chromium and measure time to first frame, frame times
// while panning, and hover cost. Prints a summary line as JSON at the end (`bench-viewer: {…}`).
//   node --import tsx scripts/bench-viewer.ts [vault] [--layout-cache DIR]   (default: a generated 10k-note vault)
// --layout-cache keeps the FA2 positions in DIR between runs (the cold layout run is then skipped:
// the first 100k layout costs ~30 s); without it a fresh folder is used and removed.
// SwiftShader renders WebGL on the CPU here, so frame times are an upper bound for a real GPU. WebGL
// calls return before the GPU process has drawn: "drawn" times wait for it (a 1-pixel readPixels on
// every sigma WebGL layer), "JS" times do not.
// Page code is passed as strings: this file is type-checked without DOM types, and tsx would wrap
// named inner functions in a `__name` helper that the page does not have.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServeModel } from '../src/viewer/serve-model.ts';
import { startServer } from '../src/viewer/server.ts';
import { benchPage, GPU_SYNC, launchSoftwareGl } from './viewer-page.ts';

const args = process.argv.slice(2);
const cacheFlag = args.indexOf('--layout-cache');
const keptCache = cacheFlag >= 0 ? args.splice(cacheFlag, 2)[1] : undefined;
if (cacheFlag >= 0 && !keptCache) throw new Error('bench-viewer: --layout-cache needs a folder');
const vault = args[0] ?? '/tmp/v10k';
if (!fs.existsSync(vault)) {
  execFileSync('node', [path.resolve(import.meta.dirname, '../../shared/tools/gen-vault.mjs'), '--notes', '10000', '--seed', '42', '--out', vault], { stdio: 'inherit' });
}
const ms = (t: number) => `${Math.round(t)} ms`;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

let t = performance.now();
// As `serve` builds it (serve-model.ts; the build cache fills on the first run), once per server: closing one removes its edge file.
const built = await buildServeModel(vault);
console.log(`build: ${built.model.order} nodes, ${built.model.size} edges in ${ms(performance.now() - t)}`);
const cacheDir = keptCache ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bench-layout-'));
const onProgress = (done: number, total: number) => { if (process.stderr.isTTY) process.stderr.write(`\rlayout ${done}/${total}`); };
let startCold = NaN;
let layoutInfo: { iterations: number; ms: number; cached: boolean } | undefined;
if (!keptCache) {
  t = performance.now();
  const cold = await startServer({ root: vault, model: built.model, layout: { cacheDir, onProgress } });
  startCold = performance.now() - t;
  layoutInfo = (await (await fetch(new URL('api/graph', cold.url))).json() as { layout?: typeof layoutInfo }).layout;
  console.log(`serve start, layout cold (payload + FA2 in a worker): ${ms(startCold)} (layout ${layoutInfo?.iterations} iterations, ${ms(layoutInfo?.ms ?? NaN)})`);
  await cold.close();
}
t = performance.now();
const server = await startServer({ root: vault, model: keptCache ? built.model : (await buildServeModel(vault)).model, layout: { cacheDir, onProgress } });
const startCached = performance.now() - t;
const payloadText = await (await fetch(new URL('api/graph', server.url))).text();
layoutInfo ??= (JSON.parse(payloadText) as { layout?: typeof layoutInfo }).layout;
console.log(`serve start, layout ${layoutInfo?.cached ? 'from cache' : 'computed'}: ${ms(startCached)}`);
if (!keptCache) fs.rmSync(cacheDir, { recursive: true, force: true });
const payloadBytes = Buffer.byteLength(payloadText);
console.log(`payload: ${(payloadBytes / 1e6).toFixed(1)} MB`);

const browser = await launchSoftwareGl();
const page = await benchPage(browser);
t = performance.now();
await page.goto(server.url);
await page.waitForFunction('window.__kg && (window.__kg.ready || window.__kg.error)', undefined, { timeout: 120_000 });
const wall = performance.now() - t;
await page.evaluate(`(() => { ${GPU_SYNC} __sync(); })()`);
const drawn = performance.now() - t;
const tm = await page.evaluate('window.__kg.timings') as Record<string, number>;
console.log(`first frame: ${ms(wall)} after goto, drawn ${ms(drawn)} (fetch+parse ${ms(tm.loaded! - tm.start!)}, graph ${ms(tm.graph! - tm.loaded!)}, sigma + first frame ${ms(tm.firstFrame! - tm.graph!)})`);
// What the page measures itself: from navigation (its clock's origin) and from main.js running to sigma's
// first frame (JS only; the GPU draws it afterwards, which the "after goto" numbers include).
console.log(`first frame, page-measured: ${ms(tm.firstFrame!)} from navigation, ${ms(tm.firstFrame! - tm.start!)} from main.js start; wired ${ms(tm.wired!)}`);
console.log(`page timings: ${JSON.stringify(tm)}`);
console.log(`visible edges at start: ${await page.evaluate('window.__kg.app.visible().edges.size')}`);
await page.waitForTimeout(500);
fs.mkdirSync('test-artifacts', { recursive: true });
await page.screenshot({ path: `test-artifacts/bench-${path.basename(vault)}.png` });

// Pan like a user: drag across the stage and record the frame intervals meanwhile.
const box = (await page.locator('#graph').boundingBox())!;
await page.evaluate(`(() => {
  window.__frames = []; window.__stop = false;
  let last = performance.now();
  const tick = (now) => { window.__frames.push(now - last); last = now; if (!window.__stop) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`);
await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
await page.mouse.down();
for (let i = 0; i < 60; i++) await page.mouse.move(box.x + box.width * (0.3 + 0.4 * Math.sin(i / 10)), box.y + box.height * (0.5 + 0.2 * Math.cos(i / 10)), { steps: 2 });
const frames = await page.evaluate('(window.__stop = true, window.__frames.slice(1))') as number[];
t = performance.now();
await page.mouse.up();
// The edges come back after the drag (sigma hides them while the camera moves on big graphs).
await page.waitForTimeout(300);
await page.evaluate(`(() => { ${GPU_SYNC} __sync(); })()`);
const afterPan = performance.now() - t;
console.log(`panning: ${frames.length} frames, frame time p50 ${ms(pct(frames, 0.5))}, p95 ${ms(pct(frames, 0.95))}, max ${ms(Math.max(...frames))}; mouse up → edges drawn ${ms(afterPan)} (incl. 300 ms wait)`);

// Hover and select: time from the state change to the rendered frame (JS: the app's synchronous
// refresh and render; drawn: until the GPU is done), for 10 nodes. (Earlier versions also called
// renderer.render() once more and timed JS only.)
const interact = async (action: 'hover' | 'select') => await page.evaluate(`(() => {
  ${GPU_SYNC}
  const { graph, app } = window.__kg;
  const keys = graph.nodes().filter((_k, i) => i % 997 === 0).slice(0, 10);
  const js = [], gpu = [];
  for (const k of keys) {
    __sync();
    const t0 = performance.now();
    app.${action}(k);
    js.push(performance.now() - t0);
    __sync();
    gpu.push(performance.now() - t0);
  }
  app.${action}(null);
  return [js, gpu];
})()`) as [number[], number[]];
const [hover, hoverDrawn] = await interact('hover');
console.log(`hover (state → reducers → rendered, ${hover.length} nodes): JS p50 ${ms(pct(hover, 0.5))}, max ${ms(Math.max(...hover))}; drawn p50 ${ms(pct(hoverDrawn, 0.5))}, max ${ms(Math.max(...hoverDrawn))}`);
const [select, selectDrawn] = await interact('select');
console.log(`select (panel + neighbourhood, ${select.length} nodes): JS p50 ${ms(pct(select, 0.5))}, max ${ms(Math.max(...select))}; drawn p50 ${ms(pct(selectDrawn, 0.5))}, max ${ms(Math.max(...selectDrawn))}`);
const plain = await page.evaluate(`(() => { const r = window.__kg.renderer; const t0 = performance.now(); r.refresh(); const t1 = performance.now(); r.render(); return [t1 - t0, performance.now() - t1]; })()`) as number[];
console.log(`full refresh (process + render) ${ms(plain[0]!)}, render only ${ms(plain[1]!)}`);
console.log(`bench-viewer: ${JSON.stringify({
  vault: path.basename(vault), nodes: built.model.order, edges: built.model.size, payloadMB: +(payloadBytes / 1e6).toFixed(1),
  startColdMs: Math.round(startCold), layoutIterations: layoutInfo?.iterations, layoutMs: layoutInfo?.ms, startCachedMs: Math.round(startCached),
  firstFrameMs: Math.round(wall), firstFrameDrawnMs: Math.round(drawn), pageFirstFrameMs: Math.round(tm.firstFrame!), pageFromScriptMs: Math.round(tm.firstFrame! - tm.start!), fetchParseMs: Math.round(tm.loaded! - tm.start!), graphMs: Math.round(tm.graph! - tm.loaded!), sigmaMs: Math.round(tm.firstFrame! - tm.graph!),
  panFrames: frames.length, panP50: Math.round(pct(frames, 0.5)), panP95: Math.round(pct(frames, 0.95)), panMax: Math.round(Math.max(...frames)), afterPanMs: Math.round(afterPan),
  hoverP50: Math.round(pct(hover, 0.5)), hoverMax: Math.round(Math.max(...hover)), hoverDrawnP50: Math.round(pct(hoverDrawn, 0.5)), hoverDrawnMax: Math.round(Math.max(...hoverDrawn)),
  selectP50: Math.round(pct(select, 0.5)), selectDrawnP50: Math.round(pct(selectDrawn, 0.5)), selectDrawnMax: Math.round(Math.max(...selectDrawn)), refreshMs: Math.round(plain[0]!), renderMs: Math.round(plain[1]!),
})}`);
await browser.close();
await server.close();
