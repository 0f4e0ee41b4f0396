// A crowded local graph in the real viewer (a vault written here: a note, 10 neighbours, 80 notes
// two steps out, 160 three steps out, long Chinese and English titles): at depth 2 and 3 every
// shown node is labelled, no two labels overlap, none is cut off at the canvas edge and none sits
// on another node's disc; the local graph fills the stage (label-place.ts, local.ts). So after a
// zoom in (every node in view labelled), a zoom out (the note and its neighbours labelled) and a
// window resize (laid out again for the new stage: ui/stage.ts). The whole vault's labels cover no
// drawn dot (labels.ts).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawnLabelBoxes, selectNode, serveAndOpen, shot, type ServedViewer } from './harness.ts';

const WORDS = ['智能体', '提示词工程', '上下文', '评测', 'Agent', 'Prompt', 'memory', '多模态', '工具调用', 'RAG pipeline'];
const RELATIONS = ['引用', '解说', '延伸思考', '观点一致', '上下游'];

/** Notes named by their place (ring, index), each linking outwards with a typed relation. */
function writeVault(dir: string): string {
  const title = (ring: number, i: number) => ring === 0 ? '中心笔记'
    : `${WORDS[(i * 7 + ring) % WORDS.length]} ${ring}-${i} ${i % 3 === 0 ? '一个相当长的标题用来检验省略号' : i % 3 === 1 ? 'with a long English title' : ''}`.trim();
  const children: Record<string, string[]> = {};
  const counts = [1, 10, 80, 160];
  for (let ring = 0; ring < 3; ring++) {
    const per = counts[ring + 1]! / counts[ring]!;
    for (let i = 0; i < counts[ring]!; i++) {
      children[title(ring, i)] = Array.from({ length: per }, (_v, k) => title(ring + 1, i * per + k));
    }
  }
  fs.mkdirSync(path.join(dir, 'notes'), { recursive: true });
  for (let ring = 0; ring < 4; ring++) {
    for (let i = 0; i < counts[ring]!; i++) {
      const t = title(ring, i);
      const links = (children[t] ?? []).map((c, k) => `- [[${c}]]；关联理由：${RELATIONS[k % RELATIONS.length]}；说明：${t} 与 ${c}。`);
      fs.writeFileSync(path.join(dir, 'notes', `${t}.md`), `---\ntitle: "${t}"\n---\n\n## 摘要\n\n${t}。\n\n## 相关文档\n\n${links.join('\n')}\n`);
    }
  }
  return dir;
}

let dir: string;
let viewer: ServedViewer;
let page: Page;

beforeAll(async () => {
  dir = writeVault(fs.mkdtempSync(path.join(os.tmpdir(), 'vg-local-labels-')));
  viewer = await serveAndOpen(dir);
  page = viewer.page;
});

afterAll(async () => {
  await viewer?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Until the camera has stopped and its last frame is drawn. */
const settle = async (p: Page) => {
  await p.waitForTimeout(450);
  await p.waitForFunction(() => !window.__kg.renderer!.getCamera().isAnimated());
  await p.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
};

/**
 * Shown nodes (drawn, centre in view), the ones left unlabelled, overlapping label pairs, labels cut
 * off or over another drawn node's disc (`overDim`: over a dimmed one, apart), and the selected
 * note's neighbours in view left unlabelled.
 */
const check = async (p: Page) => {
  const { boxes, overlaps, cut } = await drawnLabelBoxes(p);
  const { discs, neighbours } = await p.evaluate(() => {
    const { renderer: r, graph: g, app } = window.__kg;
    const { width, height } = r!.getDimensions();
    const out: Array<{ key: string; x: number; y: number; r: number; dim: boolean; inView: boolean }> = [];
    g!.forEachNode((k) => {
      const d = r!.getNodeDisplayData(k);
      if (!d || d.hidden) return;
      const v = r!.framedGraphToViewport(d);
      out.push({ key: k, x: v.x, y: v.y, r: r!.scaleSize(d.size), dim: !d.label, inView: v.x >= 0 && v.y >= 0 && v.x <= width && v.y <= height });
    });
    const sel = app!.state().selected;
    return { discs: out, neighbours: sel ? g!.neighbors(sel) : [] };
  });
  const labelled = new Set(boxes.map((b) => b.key));
  let overDisc = 0, overDim = 0, overLabelled = 0;
  for (const a of boxes) {
    for (const d of discs) {
      if (d.key === a.key) continue;
      const dx = d.x - Math.max(a.x0, Math.min(d.x, a.x1)), dy = d.y - Math.max(a.y0, Math.min(d.y, a.y1));
      if (Math.hypot(dx, dy) < d.r - 0.5) { if (d.dim) overDim++; else overDisc++; if (labelled.has(d.key)) overLabelled++; }
    }
  }
  const inView = discs.filter((d) => d.inView);
  const near = new Set(neighbours);
  return { shown: inView.length, unlabelled: inView.filter((d) => !labelled.has(d.key)).length, overlaps, cut, overDisc, overDim, overLabelled,
    unlabelledNeighbours: inView.filter((d) => near.has(d.key) && !labelled.has(d.key)).length, labels: boxes.length };
};

/**
 * Zoom notches about the stage's centre, as the mouse wheel zooms (sigma: 1.7× a notch, animated): < 0 in,
 * > 0 out. The camera is moved, not the wheel turned: a pointer over the centre would hover a node.
 */
const wheel = async (p: Page, notches: number) => {
  for (let i = 0; i < Math.abs(notches); i++) {
    await p.evaluate((f) => window.__kg.renderer!.getCamera().animate({ ratio: window.__kg.renderer!.getCamera().ratio * f }, { duration: 250 }), notches < 0 ? 1 / 1.7 : 1.7);
  }
  await settle(p);
};

describe('a crowded local graph', () => {
  it('labels every shown node at depth 2 and 3: no overlap, nothing cut off, no label over another node', async () => {
    await selectNode(page, 'notes/中心笔记');
    await settle(page);
    for (const depth of [1, 2, 3]) {
      await page.evaluate((d) => window.__kg.app!.set({ depth: d }), depth);
      await settle(page);
      const c = await check(page);
      expect({ depth, ...c }).toMatchObject({ depth, shown: [11, 91, 251][depth - 1], unlabelled: 0, overlaps: 0, cut: 0, overDisc: 0, overDim: 0 });
      await shot(page, `local-labels-depth${depth}`);
    }
  });
  it('at each depth, zoomed in every node in view is labelled; zoomed out the note and its neighbours are; after a resize all are again', async () => {
    await selectNode(page, 'notes/中心笔记');
    for (const depth of [1, 2, 3]) {
      await page.evaluate((d) => window.__kg.app!.set({ depth: d }), depth);
      await settle(page);
      const fitted = await page.evaluate(() => window.__kg.renderer!.getCamera().getState());
      await wheel(page, -1);
      const zin = await check(page);
      await shot(page, `local-labels-depth${depth}-in`);
      expect({ depth, zoom: 'in', ...zin }).toMatchObject({ depth, zoom: 'in', unlabelled: 0, overlaps: 0, cut: 0, overDisc: 0, overDim: 0 });
      expect(zin.shown).toBeGreaterThan(depth === 1 ? 3 : 20);
      await wheel(page, 3);
      const zout = await check(page);
      // Zoomed out past its own scale the deeper labels may drop, the selected note's own neighbours never.
      expect({ depth, zoom: 'out', ...zout }).toMatchObject({ depth, zoom: 'out', shown: [11, 91, 251][depth - 1], unlabelledNeighbours: 0, overlaps: 0, cut: 0, overDisc: 0, overDim: 0 });
      expect(zout.labels).toBeGreaterThanOrEqual(Math.min(zout.shown, 12));
      if (depth === 3) await shot(page, 'local-labels-depth3-out');
      await page.evaluate((c) => window.__kg.renderer!.getCamera().setState(c), fitted);
      // A narrower window: the local graph is laid out again for the smaller stage and shown whole.
      await page.setViewportSize({ width: 1300, height: 820 });
      await page.waitForTimeout(600);
      await settle(page);
      const small = await check(page);
      expect({ depth, resized: true, ...small }).toMatchObject({ depth, resized: true, shown: [11, 91, 251][depth - 1], unlabelled: 0, overlaps: 0, cut: 0, overDisc: 0 });
      if (depth === 3) await shot(page, 'local-labels-depth3-resized');
      await page.setViewportSize({ width: 1400, height: 860 });
      await page.waitForTimeout(600);
      await settle(page);
      expect(await check(page)).toMatchObject({ shown: [11, 91, 251][depth - 1], unlabelled: 0, overlaps: 0, cut: 0, overDisc: 0 });
    }
  });
  it('a link opened at depth 3 is laid out for the stage with the panel open: every node labelled', async () => {
    // The URL carries the view (encodeState): reopening it lays the local graph out before the panel opens.
    expect(page.url()).toContain('d=3');
    await page.reload();
    await page.waitForFunction(() => window.__kg?.ready === true);
    await page.waitForTimeout(300);
    await settle(page);
    const c = await check(page);
    expect(c).toMatchObject({ shown: 251, unlabelled: 0, overlaps: 0, cut: 0, overDisc: 0, overDim: 0 });
  });
});

describe('the whole vault', () => {
  it('labels cover no labelled node, and a dot only when no spot beside their node is clear, at open, zoomed in and out and in the dark theme; with a note selected no lit one', async () => {
    await page.evaluate(() => window.__kg.app!.set({ depth: 0, selected: null }));
    await page.click('#btn-fit');
    await settle(page);
    for (const [name, notches] of [['open', 0], ['in', -2], ['out', 3]] as const) {
      if (notches) await wheel(page, notches);
      const c = await check(page);
      // Dots a label covers: only unlabelled ones, where no clear spot was left (label-place.ts step 3, unit-tested).
      expect({ name, ...c }).toMatchObject({ name, overlaps: 0, cut: 0, overLabelled: 0, overDim: 0 });
      if (name !== 'out') expect(c.labels).toBeGreaterThan(5);
      await shot(page, `whole-labels-${name}`);
      if (notches) { await page.click('#btn-fit'); await settle(page); }
    }
    await page.evaluate(() => window.__kg.app!.set({ theme: 'dark' }));
    await settle(page);
    expect(await check(page)).toMatchObject({ overlaps: 0, cut: 0, overLabelled: 0, overDim: 0 });
    await shot(page, 'whole-labels-dark');
    // A note selected: it and its neighbours labelled; the others dimmed, which a label that must show may cover only when it has no other place.
    await selectNode(page, 'notes/中心笔记');
    await settle(page);
    const sel = await check(page);
    expect(sel).toMatchObject({ unlabelledNeighbours: 0, overlaps: 0, cut: 0, overDisc: 0 });
    await shot(page, 'whole-labels-selected-dark');
    await page.evaluate(() => window.__kg.app!.set({ theme: 'light', selected: null }));
  });
});
