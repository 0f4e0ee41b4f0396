// Profile of a click on the real vault (not a test): serve it, open it in headless chromium with
// software WebGL (viewer-check's flags), select the note with the most typed relations several times
// and split each click's time: the app's JS (performance marks), GPU work waited for (1-pixel
// readPixels per sigma WebGL layer, as viewer-check), then experiments (a bare frame, a frame per
// context) and one Chrome trace summed per thread and event (docs/viewer-click.md).
//   node --import tsx scripts/profile-click.ts [vault] [--trace FILE] [--quick]
// Page code is passed as strings (this file is type-checked without DOM types).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildVaultGraph } from '../src/index.ts';
import { startServer } from '../src/viewer/server.ts';
import { benchPage, GPU_SYNC, launchSoftwareGl } from './viewer-page.ts';

const args = process.argv.slice(2);
const traceAt = args.indexOf('--trace');
const traceFile = traceAt >= 0 ? args.splice(traceAt, 2)[1] : undefined;
// --quick: the traced click only (no medians, no experiments), for before/after traces back to back.
const quick = args.includes('--quick') && args.splice(args.indexOf('--quick'), 1).length > 0;
const vault = path.resolve(args[0] ?? '/work/shared/corpora/shiertier-docs');
if (!fs.existsSync(vault)) { console.log(`profile-click: skipped (${vault} is not here)`); process.exit(0); }

const built = await buildVaultGraph(vault);
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-click-layout-'));
const server = await startServer({ root: vault, graph: built.graph, layout: { cacheDir } });
const browser = await launchSoftwareGl();
const page = await benchPage(browser);
const ev = <T>(code: string) => page.evaluate(code) as Promise<T>;
const SYNC = GPU_SYNC;
await page.goto(server.url);
await page.waitForFunction('window.__kg && (window.__kg.ready || window.__kg.error)', undefined, { timeout: 120_000 });
await page.waitForTimeout(1500);
const note = await ev<string>(`(() => { const { graph: g } = window.__kg; let best = null, most = -1;
  g.forEachNode((k, a) => { if (a.kind !== 'note') return; let n = 0; g.forEachEdge(k, (e, ea) => { if (ea.relation !== 'topic' && ea.relation !== 'tag' && ea.relation !== 'link') n++; }); if (n > most) { most = n; best = k; } });
  return best; })()`);
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const r = (x: number) => Math.round(x);

/** One click, split: JS of select (with sigma's render inside it), then the GPU waited for. */
const CLICK = `(() => { ${SYNC} __sync(); const { app, renderer } = window.__kg;
  let render = 0; const on = () => { render -= performance.now(); }, off = () => { render += performance.now(); };
  renderer.on('beforeRender', on); renderer.on('afterRender', off);
  const t0 = performance.now(); app.select(${JSON.stringify(note)}); const t1 = performance.now();
  __sync(); const t2 = performance.now();
  renderer.off('beforeRender', on); renderer.off('afterRender', off);
  return { js: t1 - t0, render, gpu: t2 - t1, total: t2 - t0 }; })()`;
/**
 * CPU seconds (user + sys) used so far by this script's chromium processes of a type (gpu-process,
 * renderer), all threads included (SwiftShader draws on its own threads): a loaded machine inflates
 * wall times, much less the CPU a click costs.
 */
const cpuOf = (type: string): number => {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).trim().split('\n').map((l) => l.trim().split(/\s+/));
  const mine = new Set([String(process.pid)]);
  for (let grew = true; grew;) { grew = false; for (const [pid, ppid] of rows) if (!mine.has(pid!) && mine.has(ppid!)) { mine.add(pid!); grew = true; } }
  let ticks = 0;
  for (const [pid, , ...cmd] of rows) {
    if (!mine.has(pid!) || !cmd.includes(`--type=${type}`)) continue;
    try { const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); ticks += Number(f[11]) + Number(f[12]); } catch { /* gone */ }
  }
  return ticks / 100;
};
const unselect = async () => { await ev(`window.__kg.app.select(null)`); await page.waitForTimeout(700); };
const clicks: Array<Record<string, number>> = [];
const cpu = { gpu: 0, renderer: 0 };
if (!quick) for (let i = 0; i < 5; i++) {
  await unselect();
  const g0 = cpuOf('gpu-process'), r0 = cpuOf('renderer');
  clicks.push(await ev(CLICK));
  cpu.gpu += cpuOf('gpu-process') - g0; cpu.renderer += cpuOf('renderer') - r0;
  await page.waitForTimeout(700);
}
if (!quick) {
const col = (k: string) => r(med(clicks.map((c) => c[k]!)));
console.log(`click (median of ${clicks.length}): total ${col('total')} ms = JS ${col('js')} (of which sigma render ${col('render')}) + GPU wait ${col('gpu')}; CPU per click (mean, 10 ms ticks): GPU process ${r(cpu.gpu * 1000 / clicks.length)} ms, renderer ${r(cpu.renderer * 1000 / clicks.length)} ms`);

// The same click while the panel is already open (another note selected): no stage resize.
const other = await ev<string>(`window.__kg.graph.filterNodes((k, a) => a.kind === 'note' && k !== ${JSON.stringify(note)})[0]`);
const openClicks: Array<Record<string, number>> = [];
for (let i = 0; i < 5; i++) { await ev(`window.__kg.app.select(${JSON.stringify(other)})`); await page.waitForTimeout(700); openClicks.push(await ev(CLICK)); await page.waitForTimeout(700); }
const col2 = (k: string) => r(med(openClicks.map((c) => c[k]!)));
console.log(`click, panel already open (median of 5): total ${col2('total')} ms = JS ${col2('js')} (of which sigma render ${col2('render')}) + GPU wait ${col2('gpu')}`);
// The stage narrowed by the panel, alone: sigma's resize (every canvas re-allocated) + GPU done.
const resize = await ev<number[]>(`(() => { ${SYNC} const { renderer } = window.__kg; const el = renderer.getContainer(); const xs = [];
  for (let i = 0; i < 6; i++) { el.style.width = i % 2 ? '' : '1000px'; el.getBoundingClientRect(); __sync(); const t0 = performance.now(); renderer.resize(); __sync(); xs.push(performance.now() - t0); }
  el.style.width = ''; renderer.resize(); renderer.render(); return xs.sort((a, b) => a - b); })()`);
console.log(`resize alone (ms, sorted): ${resize.map(r).join(' ')}`);

// Experiments with the selection shown: a frame with no data change, each context waited for alone.
const frame = await ev<Record<string, number>>(`(() => { ${SYNC} const { renderer } = window.__kg; const out = {};
  const times = (f) => { const xs = []; for (let i = 0; i < 5; i++) { __sync(); const t0 = performance.now(); f(); __sync(); xs.push(performance.now() - t0); } xs.sort((a, b) => a - b); return xs[2]; };
  out.render = times(() => renderer.render());
  out.refresh = times(() => renderer.refresh());
  out.sync = times(() => {});
  for (const [name, gl] of Object.entries(renderer.webGLContexts)) {
    out['clear+read ' + name] = times(() => { gl.clearColor(0, 0, 0, 0); gl.clear(gl.COLOR_BUFFER_BIT); const px = new Uint8Array(4); gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); });
  }
  renderer.render();
  return out; })()`);
console.log(`frame experiments (median of 5, ms): ${JSON.stringify(Object.fromEntries(Object.entries(frame).map(([k, v]) => [k, r(v)])))}`);

// Each program alone (display + picking passes), and with picking off, the selection shown.
const programs = await ev<Record<string, number>>(`(() => { ${SYNC} const { renderer: rr } = window.__kg; const out = {};
  const times = (f) => { const xs = []; for (let i = 0; i < 5; i++) { __sync(); const t0 = performance.now(); f(); __sync(); xs.push(performance.now() - t0); } xs.sort((a, b) => a - b); return xs[2]; };
  rr.render(); const params = rr.getRenderParams();
  for (const [kind, progs] of [['node', rr.nodePrograms], ['edge', rr.edgePrograms]]) for (const [type, p] of Object.entries(progs)) {
    out[kind + ' ' + type + ' (' + p.capacity + ')'] = times(() => p.render(params));
    const pick = p.pickProgram; if (!pick) continue;
    p.pickProgram = null; out[kind + ' ' + type + ' no picking'] = times(() => p.render(params)); p.pickProgram = pick;
  }
  out['picking textures'] = times(() => rr.pickingLayers.forEach((l) => rr.resetWebGLTexture(l)));
  out['labels (2D)'] = times(() => rr.renderLabels());
  out['highlighted (hovers + hoverNodes)'] = times(() => rr.renderHighlightedNodes());
  rr.render();
  return out; })()`);
console.log(`per program, selection shown (median of 5, ms incl. GPU): ${JSON.stringify(Object.fromEntries(Object.entries(programs).map(([k, v]) => [k, r(v)])))}`);

// A bare page: N cleared WebGL canvases of the stage's size, composited.
const bare = await browser.newPage({ viewport: { width: 1400, height: 860 } });
await bare.setContent('<body style="margin:0"></body>');
const perN = await bare.evaluate(`(async () => { const out = {};
  for (const n of [1, 3, 6]) {
    document.body.replaceChildren();
    const gls = [];
    for (let i = 0; i < n; i++) { const c = document.createElement('canvas'); c.width = 1400; c.height = 860; c.style.cssText = 'position:absolute;inset:0;width:1400px;height:860px';
      document.body.append(c); gls.push(c.getContext('webgl2', { preserveDrawingBuffer: false, antialias: false })); }
    const xs = [];
    for (let f = 0; f < 6; f++) {
      await new Promise((ok) => requestAnimationFrame(ok));
      const t0 = performance.now(); const px = new Uint8Array(4);
      for (const gl of gls) { gl.clearColor(0, 0, 0, 0); gl.clear(gl.COLOR_BUFFER_BIT); }
      for (const gl of gls) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      xs.push(performance.now() - t0);
    }
    const rafs = []; let last = performance.now();
    for (let f = 0; f < 6; f++) { for (const gl of gls) { gl.clearColor(0, 0, 0, 0); gl.clear(gl.COLOR_BUFFER_BIT); } await new Promise((ok) => requestAnimationFrame(ok)); const now = performance.now(); rafs.push(now - last); last = now; }
    xs.sort((a, b) => a - b); rafs.sort((a, b) => a - b);
    out[n] = { clearRead: xs[3], rafInterval: rafs[3] };
  }
  return out; })()`);
console.log(`bare page, N cleared 1400×860 WebGL canvases (median ms): ${JSON.stringify(perN)}`);
await bare.close();

// The JS of one click, sampled (CDP profiler): self time per function, top 15.
{
  await unselect();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const c = await ev<Record<string, number>>(CLICK);
  const { profile } = await cdp.send('Profiler.stop') as unknown as { profile: { nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>; samples: number[]; timeDeltas: number[] } };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const k = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
  });
  console.log(`profiled click: ${JSON.stringify(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, r(v)])))}; self time (ms):`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${v.toFixed(1).padStart(6)}  ${k}`);
  await cdp.detach();
}

}

if (quick && !traceFile) {
  // --quick alone: one click's split, no trace (before/after checks that need no Chrome trace).
  await unselect();
  const c = await ev<Record<string, number>>(CLICK);
  console.log(`click: ${JSON.stringify(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, r(v)])))}`);
}
if (traceFile) {
  await unselect();
  await browser.startTracing(page, { path: traceFile, categories: ['blink.user_timing', 'devtools.timeline', 'v8', 'gpu', 'disabled-by-default-gpu.service', 'cc', 'viz', 'blink', 'toplevel', 'disabled-by-default-devtools.timeline'] });
  await ev(`performance.mark('click-start')`);
  const c = await ev<Record<string, number>>(CLICK);
  await ev('new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))');
  await page.waitForTimeout(600);
  await browser.stopTracing();
  console.log(`traced click: ${JSON.stringify(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, r(v)])))} → ${traceFile} (summarise: node --import tsx scripts/trace-sum.ts ${traceFile})`);
}
await browser.close();
await server.close();
fs.rmSync(cacheDir, { recursive: true, force: true });
