// The stack's floor for the viewer's first frame (benchmark, not a test): the nodes and edges the
// viewer shows at open, handed to graphology and a default sigma with no app code (web/bench/floor-page.ts),
// timed in the same headless chromium as the viewer itself, alternated with the viewer's own page.
// Prints each run, then medians and the viewer's first frame as a ratio of the floor.
//   node --import tsx scripts/viewer-floor.ts VAULT [--layout-cache DIR] [--runs N]
// Times are the page's JavaScript up to the end of sigma's constructor (its first render's calls
// included, the GPU's drawing not: a default sigma draws with instanced programs, which software
// WebGL runs one draw per instance, web/ui/gl-upload.ts). Two key forms for the floor: the vault's
// keys (paths, as the viewer gave them until 2026-12-05) and the items' indexes ("0", "1", …), as
// the viewer keys them now (web/model/keys.ts).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServeModel } from '../src/viewer/serve-model.ts';
import { isCompact } from '../src/viewer/compact.ts';
import { readPayload } from '../src/viewer/payload.ts';
import { startServer } from '../src/viewer/server.ts';
import { buildSync } from '../src/viewer/esbuild.ts';
import { startState } from '../web/model/state.ts';
import { toGraph } from '../web/model/to-graph.ts';
import { keysOf } from '../web/model/keys.ts';
import { benchPage, launchSoftwareGl, serveFolder } from './viewer-page.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args.splice(i, 2)[1] : undefined; };
const cacheDir = option('--layout-cache');
const runs = Number(option('--runs') ?? 3);
const vault = args[0];
if (!vault || !fs.existsSync(vault)) throw new Error('usage: viewer-floor.ts VAULT [--layout-cache DIR] [--runs N]');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// The viewer's payload, and what its page puts in the graph at open (the same toGraph and start state).
const layoutDir = cacheDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vg-floor-layout-'));
const server = await startServer({ root: vault, model: (await buildServeModel(vault)).model, layout: { cacheDir: layoutDir } });
const payload = readPayload(await (await fetch(new URL('api/graph', server.url))).json());
const { graph } = toGraph(payload, (({ hiddenRelations, hiddenKinds }) => ({ relations: hiddenRelations, kinds: hiddenKinds }))(startState(payload, '').state));
const nodes = graph.nodes();
// The floor's "vault" form: the vault keys of those nodes (the viewer itself keys them by index: web/model/keys.ts).
const keys = nodes.map(keysOf(graph).vault);
const index = new Map(nodes.map((k, i) => [k, i]));
const xy = new Float32Array(keys.length * 2);
nodes.forEach((k, i) => { const a = graph.getNodeAttributes(k) as unknown as { x: number; y: number }; xy[2 * i] = a.x; xy[2 * i + 1] = a.y; });
const source = new Uint32Array(graph.size), target = new Uint32Array(graph.size);
let j = 0;
graph.forEachEdge((_e, _a, s, t) => { source[j] = index.get(s)!; target[j++] = index.get(t)!; });
console.log(`${keys.length} nodes, ${graph.size} edges shown at open (of ${isCompact(payload.graph) ? payload.graph.target.length : graph.size})`);

// The floor page and its data, served from a folder of their own.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-floor-'));
fs.writeFileSync(path.join(dir, 'xy.bin'), xy);
fs.writeFileSync(path.join(dir, 'source.bin'), source);
fs.writeFileSync(path.join(dir, 'target.bin'), target);
fs.writeFileSync(path.join(dir, 'keys.json'), JSON.stringify(keys));
buildSync({ entryPoints: [path.join(import.meta.dirname, '../web/bench/floor-page.ts')], bundle: true, format: 'esm', minify: true, outfile: path.join(dir, 'page.js'), logLevel: 'warning' });
fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><body style="margin:0"><div id="graph" style="width:100vw;height:100vh"></div><script type="module" src="page.js"></script>');
const files = await serveFolder(dir);
const floorUrl = files.url;

const browser = await launchSoftwareGl();
const results: Record<string, number[]> = { vault: [], index: [], viewer: [] };
for (let r = 0; r < runs; r++) {
  for (const form of ['vault', 'index'] as const) {
    const page = await benchPage(browser);
    await page.goto(`${floorUrl}?keys=${form}`);
    await page.waitForFunction('window.__floor', undefined, { timeout: 300_000, polling: 100 });
    const m = await page.evaluate('window.__floor') as { payload: number; graph: number; sigma: number; error?: string };
    if (m.error) throw new Error(m.error);
    console.log(`floor, ${form} keys: read ${m.payload} ms, graph ${m.graph - m.payload} ms, sigma ${m.sigma - m.graph} ms; from page start ${m.sigma} ms`);
    results[form]!.push(m.sigma - m.payload);
    await page.close();
  }
  const page = await benchPage(browser);
  await page.goto(server.url);
  await page.waitForFunction('window.__kg && (window.__kg.ready || window.__kg.error)', undefined, { timeout: 300_000 });
  const tm = await page.evaluate('window.__kg.timings') as Record<string, number>;
  console.log(`viewer: fetch+parse ${Math.round(tm.loaded! - tm.start!)} ms, graph ${Math.round(tm.graph! - tm.loaded!)} ms, sigma + first frame ${Math.round(tm.firstFrame! - tm.graph!)} ms`);
  results.viewer!.push(tm.firstFrame! - tm.loaded!);
  await page.close();
}
await browser.close();
await server.close();
files.close();
fs.rmSync(dir, { recursive: true, force: true });
if (!cacheDir) fs.rmSync(layoutDir, { recursive: true, force: true });

// Payload reading is left out of all three (the floor reads typed arrays, the viewer JSON): graph + sigma only.
const [floorVault, floorIndex, viewer] = [median(results.vault!), median(results.index!), median(results.viewer!)];
console.log(`viewer-floor: ${JSON.stringify({
  vault: path.basename(vault), nodes: keys.length, edgesShown: graph.size, runs,
  floorVaultKeysMs: Math.round(floorVault), floorIndexKeysMs: Math.round(floorIndex), viewerMs: Math.round(viewer),
  // The viewer keys its graph by index (web/model/keys.ts): the index-key floor is its own.
  viewerOverFloor: +(viewer / floorIndex).toFixed(2), viewerOverVaultKeyFloor: +(viewer / floorVault).toFixed(2),
  indexOverVaultKeys: +(floorIndex / floorVault).toFixed(2),
})}`);
