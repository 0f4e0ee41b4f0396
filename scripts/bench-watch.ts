// Watch mode's latency: how long `LiveVault.apply()` takes per edit, add, rename and delete on a
// generated vault (median and p99 over random changes), then renames of the most linked note (a hub)
// in place and across folders, and with `--e2e` the time from writing a
// note to the open viewer showing the new edge (served sample vault or any vault, headless Chromium).
//
//   node --import tsx scripts/bench-watch.ts [--vault DIR] [--changes 400] [--seed 42] [--hub-repeat N] [--skip-apply] [--e2e [--e2e-vault DIR] [--e2e-writes 20] [--e2e-drops]]
// Default vault: /tmp/vaultgraph-bench/v100000-s42 (node ../shared/tools/gen-vault.mjs --notes 100000 --seed 42).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/core/random.ts';
import type { LiveVault, VaultChange } from '../src/live/incremental.ts';
import { openLiveVault, watchLive } from '../src/live/watch.ts';
import { listVault } from '../src/build/scan.ts';

const { values: a } = parseArgs({ options: {
  vault: { type: 'string', default: '/tmp/vaultgraph-bench/v100000-s42' }, changes: { type: 'string', default: '400' },
  seed: { type: 'string', default: '42' }, e2e: { type: 'boolean' }, 'e2e-writes': { type: 'string', default: '20' }, 'hub-repeat': { type: 'string', default: '0' }, 'e2e-vault': { type: 'string' }, 'skip-apply': { type: 'boolean' }, 'e2e-drops': { type: 'boolean' },
} });

type Kind = 'edit' | 'add' | 'rename' | 'delete';
const stats = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { n: s.length, median: +at(0.5).toFixed(2), p99: +at(0.99).toFixed(2), max: +(s[s.length - 1] ?? NaN).toFixed(2) };
};

async function benchApply(root: string): Promise<void> {
  const t0 = performance.now();
  const { live } = await openLiveVault(root);
  const openMs = performance.now() - t0;
  console.log(`opened ${root}: ${live.graph.order} nodes, ${live.graph.size} edges in ${(openMs / 1000).toFixed(1)} s; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  const rand = mulberry32(Number(a.seed));
  const notes = listVault(root).notes.map(([p]) => p);
  const pick = () => notes[Math.floor(rand() * notes.length)]!;
  const text = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');
  const times: Record<Kind, number[]> = { edit: [], add: [], rename: [], delete: [] };
  let remerged = 0;
  const slow: Array<{ ms: number; kind: Kind; path: string; edges: number }> = [];
  const kinds: Kind[] = ['edit', 'add', 'rename', 'delete'];
  for (let i = 0; i < Number(a.changes); i++) {
    const kind = kinds[i % 4]!;
    let changes: VaultChange[];
    const p = pick();
    if (!live.has(p)) continue;
    const other = pick().replace(/\.md$/i, '');
    switch (kind) {
      case 'edit': changes = [{ type: 'upsert', path: p, text: `${text(p)}\n[[${other.slice(other.lastIndexOf('/') + 1)}]] #bench-${i % 7}\n` }]; break;
      case 'add': changes = [{ type: 'upsert', path: `bench/new-${i}.md`, text: `# new\n[[${other}]] [[missing-${i}]] #bench\n` }]; break;
      case 'rename': changes = [{ type: 'delete', path: p }, { type: 'upsert', path: p.replace(/\.md$/i, ` renamed-${i}.md`), text: text(p) }]; break;
      case 'delete': changes = [{ type: 'delete', path: p }]; break;
    }
    const s = performance.now();
    const d = live.apply(changes);
    const ms = performance.now() - s;
    times[kind].push(ms);
    slow.push({ ms: +ms.toFixed(1), kind, path: p, edges: d.addedEdges.length + d.droppedEdges.length + d.changedEdges.length });
    if (d.remerged) remerged++;
    if (kind === 'rename' || kind === 'delete') notes.splice(notes.indexOf(p), 1); // only read files that still exist
  }
  console.log(`apply() latency, ms (${a.changes} changes, seed ${a.seed}; re-merged: ${remerged}):`);
  for (const k of kinds) console.log(`  ${k.padEnd(7)} ${JSON.stringify(stats(times[k]))}`);
  console.log('slowest (edges touched = added + dropped + changed):');
  for (const x of slow.sort((p, q) => q.ms - p.ms).slice(0, 6)) console.log(`  ${JSON.stringify(x)}`);
  benchHub(live, text);
}

/** Rename the most linked note (a topic hub) in place, across folders, and back; one timing each. */
function benchHub(live: LiveVault, text: (p: string) => string): void {
  const g = live.graph;
  let hub = '';
  g.forEachNode((k, at) => { if ((at.kind === 'note' || at.kind === 'topic') && (hub === '' || at.inDegree > g.getNodeAttribute(hub, 'inDegree'))) hub = k; });
  const from = g.getNodeAttribute(hub, 'path');
  const body = text(from);
  const name = from.slice(from.lastIndexOf('/') + 1);
  const steps: Array<[string, string, string]> = [
    ['in place', from, from.replace(/\.md$/i, ' renamed.md')],
    ['back', from.replace(/\.md$/i, ' renamed.md'), from],
    ['across folders', from, `bench-moved/${name}`],
    ['back', `bench-moved/${name}`, from],
  ];
  console.log(`hub rename: ${from} (${g.getNodeAttribute(hub, 'inDegree')} linking edges), ms (load average ${os.loadavg()[0]!.toFixed(1)}):`);
  for (const [label, a, b] of steps) {
    const s = performance.now();
    const cpu = process.cpuUsage();
    const d = live.apply([{ type: 'delete', path: a }, { type: 'upsert', path: b, text: body }]);
    const ms = performance.now() - s;
    const c = process.cpuUsage(cpu);
    console.log(`  ${label.padEnd(15)} ${ms.toFixed(1)} ms (CPU ${((c.user + c.system) / 1000).toFixed(1)} ms); edges touched ${d.addedEdges.length + d.droppedEdges.length + d.changedEdges.length}, nodes ${d.addedNodes.length + d.droppedNodes.length + d.changedNodes.length}${d.remerged ? ' (re-merged)' : ''}`);
  }
  // --hub-repeat N: N more renames in place and back, for steadier figures on a busy machine.
  const wall: number[] = [], cpu: number[] = [];
  for (let i = 0; i < Number(a['hub-repeat']); i++) {
    for (const [x, y] of [[from, steps[0]![2]], [steps[0]![2], from]] as const) {
      const s = performance.now();
      const c0 = process.cpuUsage();
      live.apply([{ type: 'delete', path: x }, { type: 'upsert', path: y, text: body }]);
      const c = process.cpuUsage(c0);
      wall.push(performance.now() - s);
      cpu.push((c.user + c.system) / 1000);
    }
  }
  if (wall.length > 0) console.log(`  in place and back ×${a['hub-repeat']}: wall ${JSON.stringify(stats(wall))}, CPU ${JSON.stringify(stats(cpu))}`);
}

/** Write a note in a copy of a vault and time until the served viewer's graph has the new edge. */
async function benchE2e(source: string): Promise<void> {
  const { startServer } = await import('../src/viewer/server.ts');
  const { launchSoftwareGl } = await import('./viewer-page.ts');
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-watch-bench-'));
  fs.cpSync(source, root, { recursive: true });
  const t0 = performance.now();
  const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const opened = await openLiveVault(root);
  console.log(`e2e: live vault opened after ${since()}`);
  let live = opened.live;
  const server = await startServer({ root, graph: live.graph });
  let sentAt = 0;
  const stop = watchLive(root, () => live, opened.options, { onDelta: (d) => { server.patch(d, live.graph); sentAt = Date.now(); }, onRebuild: async () => { live = (await openLiveVault(root)).live; await server.update(live.graph); } });
  const browser = await launchSoftwareGl();
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  await page.goto(server.url);
  // Functions, not strings: the page's CSP forbids eval.
  type Page = { __kg?: { ready: boolean; graph: { hasNode(k: string): boolean }; keys: { node(v: string): string | undefined } }; __vgMark?: number };
  // Whether the page's graph has (or lacks) the node of a vault key (web/model/keys.ts: the page keys
  // nodes by index). Each is sent to the page whole: no closure over this module.
  const has = (v: string) => { const kg = (globalThis as unknown as Page).__kg!; const k = kg.keys.node(v); return k !== undefined && kg.graph.hasNode(k); };
  const lacks = (v: string) => { const kg = (globalThis as unknown as Page).__kg!; const k = kg.keys.node(v); return k === undefined || !kg.graph.hasNode(k); };
  await page.waitForFunction(() => (globalThis as unknown as Page).__kg?.ready === true, undefined, { timeout: 1_200_000 });
  console.log(`e2e: page ready after ${since()}`);
  await page.evaluate(() => { (globalThis as unknown as Page).__vgMark = 1; });
  const notes = listVault(root).notes.map(([p]) => p);
  await stop.ready;
  console.log(`e2e: watcher ready after ${since()} (load average ${os.loadavg()[0]!.toFixed(1)})`);
  const ms: number[] = [];
  const drops: number[] = [];
  const parts = { server: [] as number[], page: [] as number[], shown: [] as number[], view: [] as number[] };
  for (let i = 0; i < Number(a['e2e-writes']); i++) {
    const p = notes[(i * 7) % notes.length]!;
    const target = `bench-target-${i}`;
    await new Promise((r) => setTimeout(r, 300)); // one change at a time
    const t0 = performance.now();
    const w0 = Date.now();
    const was = fs.readFileSync(path.join(root, p));
    fs.appendFileSync(path.join(root, p), `\n[[${target}]]\n`);
    await page.waitForFunction(has, target, { timeout: 30_000 });
    ms.push(performance.now() - t0);
    const w1 = Date.now();
    // The page's clock: when its delta handler finished (performance.now() there, on its time origin).
    const done = await page.evaluate(() => performance.timeOrigin + (globalThis as unknown as { __kg: { timings: { delta: number } } }).__kg.timings.delta);
    parts.server.push(sentAt - w0); parts.page.push(done - sentAt); parts.shown.push(w1 - done);
    parts.view.push(await page.evaluate(() => (globalThis as unknown as { __kg: { timings: { deltaViewMs: number } } }).__kg.timings.deltaViewMs));
    if (a['e2e-drops']) { // the link taken out again: its edge and the unresolved node are dropped
      await new Promise((r) => setTimeout(r, 300));
      const d0 = performance.now();
      fs.writeFileSync(path.join(root, p), was);
      await page.waitForFunction(lacks, target, { timeout: 30_000 });
      drops.push(performance.now() - d0);
    }
    if (i === 0) console.log('page timings of one delta:', JSON.stringify(await page.evaluate(() => { const t = (globalThis as unknown as { __kg: { timings: Record<string, number> } }).__kg.timings; return { patch: t.deltaPatchMs, view: t.deltaViewMs, search: t.deltaSearchMs }; })));
  }
  if (await page.evaluate(() => (globalThis as unknown as Page).__vgMark) !== 1) throw new Error('the page reloaded instead of patching its graph');
  console.log(`write → viewer shows the new edge (no reload), ms, ${source}: ${JSON.stringify(stats(ms))}`);
  console.log(`  write → delta sent (watcher, debounce, read, apply): ${JSON.stringify(stats(parts.server))}`);
  console.log(`  sent → page has patched (SSE, parse, patch, view, search): ${JSON.stringify(stats(parts.page))}`);
  console.log(`  of which the view (app.dataChanged, deltaViewMs): ${JSON.stringify(stats(parts.view))}`);
  console.log(`  patched → seen by the probe: ${JSON.stringify(stats(parts.shown))}`);
  if (drops.length > 0) console.log(`write → viewer drops that edge and node again (--e2e-drops), ms: ${JSON.stringify(stats(drops))}`);
  await browser.close();
  stop();
  await server.close();
  fs.rmSync(root, { recursive: true, force: true });
}

if (!a['skip-apply']) await benchApply(a.vault);
if (a.e2e) await benchE2e(a['e2e-vault'] ?? path.resolve(import.meta.dirname, '..', 'vault'));
process.exit(0);
