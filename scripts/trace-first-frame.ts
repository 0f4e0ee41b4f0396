// Profile of the viewer's first frame (not a test): serve a vault, open it cold (a fresh browser per
// run) in headless chromium with software WebGL, as bench-viewer.ts does, under a Chrome trace, and
// account for the time from `page.goto` to the frame drawn (GPU synced) phase by phase: what the
// page's main thread and the GPU process's main thread were busy with. Prints medians over the runs.
//   node --import tsx scripts/trace-first-frame.ts [vault] [--runs N] [--keep DIR]
// Each run also opens a bare page (one WebGL canvas of the same size, cleared and one triangle drawn) in
// a fresh browser of the same flags: `bare_*` is what chromium itself costs here, the floor to compare with.
// --keep writes each run's trace (open it in chrome://tracing or ui.perfetto.dev).
// The layout is cached in a folder under the temporary directory (the first run of a vault computes it).
// Page code is passed as strings: this file is type-checked without DOM types.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { buildServeModel } from '../src/viewer/serve-model.ts';
import { startServer } from '../src/viewer/server.ts';
import { chromiumCpu, launchSoftwareGl } from './viewer-page.ts';

const args = process.argv.slice(2);
const flag = (name: string) => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const runs = Number(flag('--runs') ?? 3);
const keep = flag('--keep');
const vault = path.resolve(args[0] ?? '/work/shared/corpora/shiertier-docs');
if (!fs.existsSync(vault)) { console.log(`trace-first-frame: skipped (${vault} is not here)`); process.exit(0); }

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'blink.user_timing',
  'loading', 'gpu', 'disabled-by-default-gpu.service', 'toplevel', 'cc', 'viz', 'disabled-by-default-v8.compile',
  'gpu.angle', 'disabled-by-default-gpu.angle', 'disabled-by-default-gpu.decoder', 'gpu.decoder', 'disabled-by-default-gpu.device', 'gpu.capture'];
const GPU_SYNC = `(() => { const px = new Uint8Array(4);
  for (const gl of Object.values(window.__kg.renderer.webGLContexts)) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); })()`;

interface TraceEvent { name: string; cat: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: Record<string, any> }

const built = await buildServeModel(vault);
const cacheDir = path.join(os.tmpdir(), `vg-trace-layout-${path.basename(vault)}`);
const server = await startServer({ root: vault, model: built.model, layout: { cacheDir } });
// `serve` compresses its payload in both encodings when it starts (serve-snapshot.ts compressBoth): so here.
for (const enc of ['br', 'gzip']) await (await fetch(new URL('api/graph', server.url), { headers: { 'accept-encoding': enc } })).arrayBuffer();
console.log(`${path.basename(vault)}: ${built.model.order} nodes, ${built.model.size} edges; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

/** One WebGL canvas the size of the viewer's stage: cleared, one triangle drawn. */
const BARE_PAGE = `<!doctype html><meta charset="utf-8"><body style="margin:0"><canvas id="c" width="1400" height="860"></canvas><script>
const gl = document.getElementById('c').getContext('webgl');
const sh = (t, src) => { const s = gl.createShader(t); gl.shaderSource(s, src); gl.compileShader(s); return s; };
const p = gl.createProgram();
gl.attachShader(p, sh(gl.VERTEX_SHADER, 'attribute vec2 a; void main() { gl_Position = vec4(a, 0.0, 1.0); }'));
gl.attachShader(p, sh(gl.FRAGMENT_SHADER, 'precision mediump float; void main() { gl_FragColor = vec4(0.2, 0.4, 0.8, 1.0); }'));
gl.linkProgram(p); gl.useProgram(p);
gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-0.5, -0.5, 0.5, -0.5, 0, 0.5]), gl.STATIC_DRAW);
gl.enableVertexAttribArray(0); gl.vertexAttribPointer(0, 2, gl.FLOAT, false, 0, 0);
gl.clearColor(1, 1, 1, 1); gl.clear(gl.COLOR_BUFFER_BIT); gl.drawArrays(gl.TRIANGLES, 0, 3);
window.__gl = gl; window.__bare = true;
</script>`;
const launch = launchSoftwareGl;
const bareServer = http.createServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end(BARE_PAGE); });
await new Promise<void>((resolve) => bareServer.listen(0, '127.0.0.1', resolve));
const bareUrl = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/`;

const rows: Array<Record<string, number>> = [];
for (let run = 0; run < runs; run++) {
  const bare = await bareRun();
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 }, bypassCSP: true });
  await browser.startTracing(page, { categories: CATEGORIES });
  const cpu0 = chromiumCpu();
  const t0 = performance.now();
  await page.goto(server.url + (process.env.VG_QUERY ?? ''));
  await page.waitForFunction('window.__kg && (window.__kg.ready || window.__kg.error)', undefined, { timeout: 120_000 });
  const ready = performance.now() - t0;
  await page.evaluate(GPU_SYNC);
  const drawn = performance.now() - t0;
  const cpu1 = chromiumCpu();
  const cpu = Object.fromEntries(Object.keys(cpu1).map((k) => [`cpu_${k}`, cpu1[k]! - (cpu0[k] ?? 0)]));
  const tm = await page.evaluate('window.__kg.timings') as Record<string, number>;
  const buf = await browser.stopTracing();
  await browser.close();
  if (keep) { fs.mkdirSync(keep, { recursive: true }); fs.writeFileSync(path.join(keep, `trace-${run}.json`), buf); }
  const row = { ready, drawn, ...cpu, ...bare, drawnPctOfBare: 100 * drawn / bare.bare_drawn!, ...account(JSON.parse(buf.toString()).traceEvents as TraceEvent[], tm) };
  rows.push(row);
  console.log(`run ${run + 1}: ${Object.entries(row).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
console.log(`median of ${runs}: ${keys.map((k) => `${k} ${Math.round(median(rows.map((r) => r[k] ?? 0)))}`).join(', ')}`);
console.log(`trace-first-frame: ${JSON.stringify(Object.fromEntries(keys.map((k) => [k, Math.round(median(rows.map((r) => r[k] ?? 0)))])))}`);
await server.close();
bareServer.close();

/** The floor: goto → one cleared WebGL canvas with one triangle drawn (GPU synced), and chromium's CPU for it. */
async function bareRun(): Promise<Record<string, number>> {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const cpu0 = chromiumCpu();
  const t0 = performance.now();
  await page.goto(bareUrl);
  await page.waitForFunction('window.__bare === true');
  await page.evaluate('(() => { const gl = window.__gl; gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4)); })()');
  const drawn = performance.now() - t0;
  const cpu1 = chromiumCpu();
  await browser.close();
  return { bare_drawn: drawn, bare_cpu_gpu: (cpu1['gpu-process'] ?? 0) - (cpu0['gpu-process'] ?? 0), bare_cpu_renderer: (cpu1.renderer ?? 0) - (cpu0.renderer ?? 0) };
}

/**
 * Phase accounting from one trace (ms from navigation start): the page's own marks (main.js start,
 * sigma's first frame, wired) and, per phase, the busy time of the renderer's and the GPU process's
 * main threads (top-level tasks). Also the biggest GPU-process task names after sigma's first frame.
 */
function account(events: TraceEvent[], tm: Record<string, number>): Record<string, number> {
  const nav = events.find((e) => e.name === 'navigationStart' && e.args?.data?.isLoadingMainFrame && e.args.data.documentLoaderURL?.startsWith('http'))
    ?? events.find((e) => e.name === 'navigationStart');
  if (!nav) return {};
  const origin = nav.ts;
  const threadName = new Map<string, string>();
  const processName = new Map<number, string>();
  for (const e of events) {
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name);
    if (e.ph === 'M' && e.name === 'process_name') processName.set(e.pid, e.args?.name);
  }
  const gpuPid = [...processName].find(([, n]) => /gpu/i.test(n))?.[0];
  const gpuMain = [...threadName].find(([k, n]) => k.startsWith(`${gpuPid}:`) && /CrGpuMain/.test(n))?.[0];
  const rendererMain = [...threadName].find(([k, n]) => n === 'CrRendererMain' && k.startsWith(`${nav.pid}:`))?.[0];
  const end = Math.max(...events.filter((e) => e.ph === 'X').map((e) => (e.ts + (e.dur ?? 0) - origin) / 1000));
  /** Busy ms of one thread's top-level tasks inside [from, to). */
  const busy = (thread: string | undefined, from: number, to: number) => {
    let sum = 0;
    for (const e of events) {
      if (e.ph !== 'X' || `${e.pid}:${e.tid}` !== thread || (e.name !== 'ThreadControllerImpl::RunTask' && e.name !== 'RunTask')) continue;
      const a = Math.max(from, (e.ts - origin) / 1000), b = Math.min(to, (e.ts + e.dur! - origin) / 1000);
      if (b > a) sum += b - a;
    }
    return sum;
  };
  const out: Record<string, number> = { mainJs: tm.start!, loaded: tm.loaded!, graph: tm.graph!, sigmaStart: tm.sigmaStart!, firstFrameJs: tm.firstFrame!, wired: tm.wired!, traceEnd: end };
  out.rendererBusyToMainJs = busy(rendererMain, 0, tm.start!);
  out.rendererBusyMainJsToFrame = busy(rendererMain, tm.start!, tm.firstFrame!);
  out.rendererBusyAfter = busy(rendererMain, tm.firstFrame!, end);
  out.gpuBusyToFrame = busy(gpuMain, 0, tm.firstFrame!);
  out.gpuBusyAfter = busy(gpuMain, tm.firstFrame!, end);
  // What the GPU process did after the first frame's JS, by the names of the slices directly inside its tasks.
  if (process.env.VG_TRACE_DETAIL) {
    const names = new Map<string, number>();
    for (const e of events) {
      if (e.ph !== 'X' || `${e.pid}:${e.tid}` !== gpuMain || (e.ts - origin) / 1000 < tm.sigmaStart!) continue;
      names.set(e.name, (names.get(e.name) ?? 0) + e.dur! / 1000);
    }
    console.log([...names].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([n, d]) => `  gpu ${n}: ${Math.round(d)} ms`).join('\n'));
  }
  return out;
}
