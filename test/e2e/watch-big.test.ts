// Watch mode on a big graph (> BIG_GRAPH_EDGES, where the page updates the view only for what a
// delta touched: filters.ts updateVisibility, app.ts liveChanged): after each live change the open
// page shows what a fresh load of the same vault shows — visible nodes and edges, kind and relation
// counts, the sidebar's counts and legend, sigma's display data (hidden, colour).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/viewer/server.ts';
import { BIG_GRAPH_EDGES } from '../../web/model/state.ts';
import { openViewer, serveLiveAndOpen, type LiveViewer } from './harness.ts';

const NOTES = 1600, LINKS = 20;

/** n0 … n1599 in two folders, each linking to 20 others (deterministic) and tagged: ~33k edges. */
function writeVault(root: string): void {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (const dir of ['01-博客', '02-资源']) fs.mkdirSync(path.join(root, dir), { recursive: true });
  for (let i = 0; i < NOTES; i++) {
    const links = Array.from({ length: LINKS }, () => `[[n${(i + 1 + (next() % (NOTES - 1))) % NOTES}]]`);
    fs.writeFileSync(path.join(root, i % 2 ? '02-资源' : '01-博客', `n${i}.md`), `# n${i}\n\n${links.join(' ')}\n\n#t${i % 5}\n`);
  }
  fs.writeFileSync(path.join(root, '01-博客', 'alone.md'), '# alone\n');
}

let root: string;
let viewer: LiveViewer;
let server: RunningServer;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-watch-big-'));
  writeVault(root);
  viewer = await serveLiveAndOpen(root);
  ({ server, browser, page, errors } = viewer);
}, 120_000);

afterAll(async () => {
  await viewer?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

/** What the page shows, by vault keys and edge ends (a fresh load keys its new nodes and its edges otherwise). */
const view = (p: Page) => p.evaluate(() => {
  const { graph: g, renderer: r, app } = window.__kg;
  const v = window.__kg.keys!.vault;
  const vis = app!.visible();
  const nodes = g!.nodes().map((k) => {
    const d = r!.getNodeDisplayData(k);
    return `${v(k)} ${g!.getNodeAttribute(k, 'kind')} ${vis.nodes.has(k)} ${d?.hidden} ${d?.color}`;
  }).sort();
  const edges: string[] = [];
  let shownHidden = 0;
  g!.forEachEdge((e, a, s, t) => {
    const hidden = r!.getEdgeDisplayData(e)?.hidden ?? true;
    if (vis.edges.has(e)) edges.push(`${v(s)}→${v(t)} ${a.relation} ${hidden}`);
    else if (!hidden) shownHidden++;
  });
  return {
    nodes, edges: edges.sort(), shownHidden, kinds: vis.kinds, relations: [...vis.relations].sort(),
    counts: document.getElementById('counts')!.textContent, legend: document.getElementById('relations')!.textContent,
  };
});

async function sameAsFreshLoad(): Promise<void> {
  const fresh = await openViewer(browser, server.url);
  try {
    const [live, reloaded] = [await view(page), await view(fresh.page)];
    expect(live.shownHidden).toBe(0);
    expect(live).toEqual(reloaded);
  } finally { await fresh.page.close(); }
  await drawnAsSigmaDraws();
}

/** Two animation frames: sigma has drawn what the last change scheduled. */
const frames = () => page.evaluate(() => new Promise((done) => { requestAnimationFrame(() => requestAnimationFrame(done)); }));

/**
 * What sigma's GL programs hold after live changes written in place (web/ui/gl-delta.ts) is what its
 * own full refresh puts there: each program's items as a multiset (slots differ), picking ids left
 * out (they are numbered anew), blank slots left out.
 */
async function drawnAsSigmaDraws(): Promise<void> {
  await frames();
  const diff = await page.evaluate(() => {
    type P = { programs?: P[]; array: Float32Array; capacity: number; VERTICES: number; isInstanced: boolean; ATTRIBUTES_ITEMS_COUNT: number; ATTRIBUTES: Array<{ name: string; size: number; normalized?: boolean }> };
    const r = window.__kg.renderer as unknown as { nodePrograms: Record<string, P>; edgePrograms: Record<string, P>; refresh(): void };
    const passes: Array<Map<string, number>> = [];
    for (const pass of [0, 1]) {
      if (pass === 1) r.refresh();
      const items = new Map<string, number>();
      for (const [kind, programs] of [['n', r.nodePrograms], ['e', r.edgePrograms]] as const) {
        for (const [type, top] of Object.entries(programs)) {
          (top.programs ?? [top]).forEach((p, j) => {
            let at = 0, id = -1;
            for (const a of p.ATTRIBUTES) { if (a.name === 'a_id') id = at; at += a.normalized ? 1 : a.size; }
            const per = p.isInstanced ? 1 : p.VERTICES, words = new Uint32Array(p.array.buffer, p.array.byteOffset, p.array.length);
            for (let i = 0; i < p.capacity; i++) {
              const w = Array.from(words.subarray(i * per * p.ATTRIBUTES_ITEMS_COUNT, (i + 1) * per * p.ATTRIBUTES_ITEMS_COUNT));
              if (id >= 0) for (let v = 0; v < per; v++) w[v * p.ATTRIBUTES_ITEMS_COUNT + id] = 0;
              if (!w.some((x) => x !== 0)) continue;
              const k = `${kind}:${type}:${j} ${w.join(',')}`;
              items.set(k, (items.get(k) ?? 0) + 1);
            }
          });
        }
      }
      passes.push(items);
    }
    const [live, full] = passes as [Map<string, number>, Map<string, number>];
    const off: string[] = [];
    for (const k of new Set([...live.keys(), ...full.keys()])) if (live.get(k) !== full.get(k)) off.push(`${k.slice(0, 60)}: ${live.get(k) ?? 0} live, ${full.get(k) ?? 0} by sigma`);
    return { items: full.size, off: off.slice(0, 5), count: off.length };
  });
  expect(diff.items).toBeGreaterThan(NOTES);
  expect(diff.off).toEqual([]);
}

/** Wait for the page to have a node of this vault key (and kind). */
const has = (k: string, kind?: string) => page.waitForFunction(([vk, kd]) => {
  const g = window.__kg.graph!, key = window.__kg.keys!.node(vk!);
  return key !== undefined && g.hasNode(key) && (kd === undefined || g.getNodeAttribute(key, 'kind') === kd);
}, [k, kind] as const, { timeout: 15_000 });
/** Wait for the page to have no node of this vault key (a dropped node may keep its key). */
const gone = (k: string) => page.waitForFunction((vk) => {
  const key = window.__kg.keys!.node(vk);
  return key === undefined || !window.__kg.graph!.hasNode(key);
}, k, { timeout: 15_000 });

describe('serve --watch on a big graph: the page after live changes equals a fresh load', () => {
  it('is big', async () => {
    expect(await page.evaluate(() => window.__kg.graph!.size + window.__kg.pending!.size)).toBeGreaterThan(BIG_GRAPH_EDGES);
    await sameAsFreshLoad();
  });

  it('a new note with links (one to a missing note), then that note created', async () => {
    fs.writeFileSync(path.join(root, '01-博客', '新笔记.md'), '# 新笔记\n\n[[n1]] [[n2]] [[缺失目标]] #t9\n');
    await has('缺失目标', 'unresolved');
    await sameAsFreshLoad();
    fs.writeFileSync(path.join(root, '02-资源', '缺失目标.md'), '# 缺失目标\n\n[[alone]]\n');
    await has('02-资源/缺失目标', 'note');
    await sameAsFreshLoad();
  });

  it('a rename and a delete', async () => {
    fs.renameSync(path.join(root, '01-博客', 'n4.md'), path.join(root, '01-博客', 'n4-renamed.md'));
    await has('01-博客/n4-renamed');
    await has('n4', 'unresolved');
    await sameAsFreshLoad();
    fs.rmSync(path.join(root, '02-资源', '缺失目标.md'));
    await has('缺失目标', 'unresolved');
    await sameAsFreshLoad();
    fs.rmSync(path.join(root, '01-博客', 'alone.md'));
    await gone('01-博客/alone');
    await sameAsFreshLoad();
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a link added then taken out again: sigma re-reduces and re-writes only what changed, not the whole graph', async () => {
    const note = path.join(root, '01-博客', 'n10.md');
    const was = fs.readFileSync(note, 'utf8');
    // Counts, on this renderer, the items reduced (sigma's addNode / addEdge) and written into a GL program.
    const count = () => page.evaluate(() => {
      type Fn = (...a: unknown[]) => unknown;
      const r = window.__kg.renderer as unknown as Record<string, Fn> & { nodePrograms: Record<string, { process: Fn }>; edgePrograms: Record<string, { process: Fn }> };
      const c = { reduced: 0, written: 0 };
      (window as unknown as { __vgCount: typeof c }).__vgCount = c;
      for (const m of ['addNode', 'addEdge']) {
        const f = r[m]!;
        r[m] = function (this: unknown, ...a: unknown[]) { c.reduced++; return f.apply(this, a); };
      }
      for (const p of [...Object.values(r.nodePrograms), ...Object.values(r.edgePrograms)]) {
        const f = p.process;
        p.process = function (this: unknown, ...a: unknown[]) { c.written++; return f.apply(this, a); };
      }
    });
    const counted = () => page.evaluate(() => {
      const r = window.__kg.renderer as unknown as Record<string, unknown> & { nodePrograms: Record<string, object>; edgePrograms: Record<string, object> };
      for (const o of [r, ...Object.values(r.nodePrograms), ...Object.values(r.edgePrograms)]) for (const m of ['addNode', 'addEdge', 'process']) delete (o as Record<string, unknown>)[m];
      return (window as unknown as { __vgCount: { reduced: number; written: number } }).__vgCount;
    });
    await count();
    fs.appendFileSync(note, '\n[[计数目标]]\n');
    await has('计数目标', 'unresolved');
    await frames();
    const added = await counted();
    await count();
    fs.writeFileSync(note, was);
    await gone('计数目标');
    await frames();
    const dropped = await counted();
    // The graph has 1,600 notes and ~33k edges; a full refresh or process would touch them all.
    expect(added.reduced).toBeLessThan(200);
    expect(added.written).toBeLessThan(1000);
    expect(dropped.reduced).toBeLessThan(200);
    expect(dropped.written).toBeLessThan(1000);
    await sameAsFreshLoad();
  });

  // Straight on the page's graph (not through the watcher), so last: what the patch must get right.
  it('an edge dropped and added again under its key before a frame, a node dropped with its edges and its edges added back: drawn as sigma draws', async () => {
    const edge = await page.evaluate(() => {
      const g = window.__kg.graph!;
      const e = g.outEdges(window.__kg.keys!.node('01-博客/n6')!)[0]!;
      const [s, t, a] = [g.source(e), g.target(e), g.getEdgeAttributes(e)];
      g.dropEdge(e);
      g.addEdgeWithKey(e, s, t, a);
      return e;
    });
    await drawnAsSigmaDraws();
    // graphology drops the node's edges first (an event each): their slots are freed and blanked, one
    // of them hovered and labelled when it goes; added back, the same keys take free slots.
    const back = await page.evaluate(() => {
      const g = window.__kg.graph!;
      const r = window.__kg.renderer as unknown as { hoveredEdge: string | null; edgesWithForcedLabels: Set<string> };
      const n = window.__kg.keys!.node('02-资源/n7')!;
      const node = g.getNodeAttributes(n);
      const edges = g.mapEdges(n, (e, a, s, t) => ({ e, a, s, t }));
      r.hoveredEdge = edges[0]!.e;
      r.edgesWithForcedLabels.add(edges[0]!.e);
      g.dropNode(n);
      return { n, node, edges, hovered: r.hoveredEdge, labelled: r.edgesWithForcedLabels.has(edges[0]!.e) };
    });
    expect(back.hovered).toBeNull();
    expect(back.labelled).toBe(false);
    await frames();
    await page.evaluate((b) => {
      const g = window.__kg.graph!;
      g.addNode(b.n, b.node);
      for (const { e, a, s, t } of b.edges) g.addEdgeWithKey(e, s, t, a);
    }, back);
    await drawnAsSigmaDraws();
    expect(await page.evaluate((e) => window.__kg.graph!.hasEdge(e), edge)).toBe(true);
    // A node moved as a drag moves it (inside the extent, onto another node's place): its edges follow.
    await page.evaluate(() => {
      const g = window.__kg.graph! as unknown as import('graphology').default<{ x: number; y: number }>;
      const [n8, n9] = ['01-博客/n8', '02-资源/n9'].map((k) => window.__kg.keys!.node(k)!) as [string, string];
      g.mergeNodeAttributes(n8, { x: g.getNodeAttribute(n9, 'x'), y: g.getNodeAttribute(n9, 'y') });
    });
    await drawnAsSigmaDraws();
    expect(errors).toEqual([]);
  });
});
