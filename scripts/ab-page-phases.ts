// A/B of the page's model phases before the first frame (not a test): the payload of a vault, read,
// dated (timelineOf), built into the graph (startState + toGraph) and judged (computeVisibility)
// by two checkouts' web/model code bundled into one page, in headless chromium, the two taking
// turns in the same page, many times. A whole-page A/B (ab-first-frame.ts) cannot tell apart
// changes of a few per cent here: its 100k opens fall into two groups about 1 s apart whichever
// checkout is served (the whole renderer slower, not its garbage collection: docs/viewer-100k.md).
// Prints the medians per phase and their ratio (second checkout / first).
//   node --import tsx scripts/ab-page-phases.ts BASE_CHECKOUT NEW_CHECKOUT [--vault DIR] [--pages N] [--rounds N]
// e.g. `... ab-page-phases.ts ../base . --vault /work/vaults/100k`

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildServeModel } from '../src/viewer/serve-model.ts';
import { startServer } from '../src/viewer/server.ts';
import { buildSync } from '../src/viewer/esbuild.ts';
import { benchPage, launchSoftwareGl, serveFolder } from './viewer-page.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: {
  vault: { type: 'string' }, pages: { type: 'string' }, rounds: { type: 'string' }, 'layout-cache': { type: 'string' } } });
const vault = path.resolve(values.vault ?? '/work/shared/corpora/shiertier-docs');
const [a, b] = positionals.map((p) => path.resolve(p));
if (!fs.existsSync(vault)) { console.log(`ab-page-phases: skipped (${vault} is not here)`); process.exit(0); }
if (!a || !b) { console.log('ab-page-phases: give two checkouts'); process.exit(2); }
const pages = Number(values.pages ?? 3), rounds = Number(values.rounds ?? 8);

// The payload as the first checkout's server sends it (both read it with their own readPayload).
const layoutDir = values['layout-cache'] ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vg-phases-layout-'));
const server = await startServer({ root: vault, model: (await buildServeModel(vault)).model, layout: { cacheDir: layoutDir } });
const payload = await (await fetch(new URL('api/graph', server.url))).text();
await server.close();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-phases-'));
const imports = [a, b].map((root, i) => ['web/model/to-graph.ts', 'web/model/state.ts', 'src/viewer/payload.ts', 'web/model/timeline.ts', 'web/model/filters.ts']
  .map((f, k) => `import * as m${i}_${k} from ${JSON.stringify(path.join(root, f))};`).join('\n')).join('\n');
fs.writeFileSync(path.join(dir, 'page.ts'), `${imports}
const mods = [0, 1].map((i) => i === 0
  ? { T: m0_0, S: m0_1, P: m0_2, TL: m0_3, F: m0_4 } : { T: m1_0, S: m1_1, P: m1_2, TL: m1_3, F: m1_4 });
async function run() {
  const text = await (await fetch('payload.json')).text();
  const res = [0, 1].map(() => ({ dates: [] as number[], graph: [] as number[], visibility: [] as number[] }));
  for (let r = 0; r < ${rounds}; r++) for (const w of (r % 2 ? [1, 0] : [0, 1])) {
    const m = mods[w]!;
    const p = m.P.readPayload(JSON.parse(text));
    await new Promise((ok) => setTimeout(ok, 50));
    const t0 = performance.now();
    m.TL.timelineOf(p);
    const t1 = performance.now();
    const s = m.S.startState(p, '');
    const g = m.T.toGraph(p, { relations: s.state.hiddenRelations, kinds: s.state.hiddenKinds });
    const t2 = performance.now();
    m.F.computeVisibility(g.graph, s.state, g.pending);
    const t3 = performance.now();
    res[w]!.dates.push(t1 - t0); res[w]!.graph.push(t2 - t1); res[w]!.visibility.push(t3 - t2);
  }
  return res;
}
run().then((r) => { (window as any).__res = r; }, (e) => { (window as any).__res = { error: String(e) }; });
`);
buildSync({ entryPoints: [path.join(dir, 'page.ts')], bundle: true, format: 'esm', minify: true, outfile: path.join(dir, 'page.js'),
  logLevel: 'warning', nodePaths: [path.join(a, 'node_modules'), path.join(b, 'node_modules')] });
fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="page.js"></script>');
fs.writeFileSync(path.join(dir, 'payload.json'), payload);
const files = await serveFolder(dir);
const url = files.url;

type Times = Record<'dates' | 'graph' | 'visibility', number[]>;
const browser = await launchSoftwareGl();
const runs: Array<[Times, Times]> = [];
for (let k = 0; k < pages; k++) {
  const page = await benchPage(browser);
  await page.goto(url);
  await page.waitForFunction('window.__res', undefined, { timeout: 900_000, polling: 200 });
  const r = await page.evaluate('window.__res') as [Times, Times] | { error: string };
  if ('error' in r) throw new Error(r.error);
  runs.push(r);
  await page.close();
}
await browser.close();
files.close();
fs.rmSync(dir, { recursive: true, force: true });
if (!values['layout-cache']) fs.rmSync(layoutDir, { recursive: true, force: true });

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const out: Record<string, { base: number; new: number; ratio: number }> = {};
for (const phase of ['dates', 'graph', 'visibility'] as const) {
  const before = median(runs.flatMap((r) => r[0][phase])), after = median(runs.flatMap((r) => r[1][phase]));
  out[phase] = { base: Math.round(before), new: Math.round(after), ratio: +(after / before).toFixed(2) };
  console.log(`${phase.padEnd(10)} ${String(Math.round(before)).padStart(6)} ms → ${String(Math.round(after)).padStart(6)} ms  (${out[phase].ratio}×, ${runs.length * rounds} each)`);
}
console.log(`ab-page-phases: ${JSON.stringify({ vault: path.basename(vault), ...out })}`);
