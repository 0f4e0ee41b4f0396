// How documents relate, in the real viewer, on a fixture vault with the topic convention
// (test/fixtures/topic-vault: 10 notes, 3 topics, typed relations both ways and side by side, a
// long title, a graph.json with arrows off and its own sliders): the view opens on the typed
// relations; labels never overlap nor leave the canvas; the local graph has its own layout; edges
// say what they are; Obsidian's display settings apply and round-trip through the URL.

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawnLabelBoxes, nodeKey, nodePosition, openViewer, selectedVaultKey, selectNode, serveAndOpen, shot, vaultKeys, waitReady, type ServedViewer } from './harness.ts';

const VAULT = new URL('../fixtures/topic-vault', import.meta.url).pathname;
const A = '01-博客/A 智能体入门';
const C = '01-博客/C 多智能体编排';
const LONG = '01-博客/H 一个标题非常非常长的笔记用来检验省略号是否正确显示在图上';
const TOPIC = '00-元语/智能体';

let viewer: ServedViewer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  viewer = await serveAndOpen(VAULT);
  ({ page, errors } = viewer);
});

afterAll(async () => { await viewer?.close(); });

/** The page's key of a vault key, and the vault keys of the page's keys, sorted (harness.ts). */
const K = (vaultKey: string) => nodeKey(page, vaultKey);
const V = async (keys: string[]) => (await vaultKeys(page, keys)).sort();

/** Drawn labels measured with the label font: overlapping pairs, labels cut off, and the keys labelled. */
const labelCheck = async (p: Page) => {
  const { boxes, overlaps, cut } = await drawnLabelBoxes(p);
  return { overlaps, cut, keys: boxes.map((b) => b.key), texts: Object.fromEntries(boxes.map((b) => [b.key, b.text])) };
};

/** Until the camera has stopped and its last frame is drawn (a loaded machine draws slower than the animations' 300 ms). */
const settle = async (p: Page) => {
  await p.waitForTimeout(450);
  await p.waitForFunction(() => !window.__kg.renderer!.getCamera().isAnimated());
  await p.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
};

describe('the view opens on the document relations (point 1)', () => {
  it('every typed edge is drawn in its relation colour with its direction; topic edges wait, one click away', async () => {
    const drawn = await page.evaluate(() => {
      const { graph, renderer } = window.__kg;
      return graph!.mapEdges((e, a) => ({ relation: a.relation, hidden: renderer!.getEdgeDisplayData(e)!.hidden, type: renderer!.getEdgeDisplayData(e)!.type }));
    });
    expect(drawn.length).toBe(12);
    expect(drawn.every((d) => d.relation !== 'topic' && !d.hidden)).toBe(true);
    // graph.json says showArrow: false, yet cites keeps its direction (arrow or curved arrow).
    expect(drawn.filter((d) => d.relation === 'cites').every((d) => /arrow/i.test(d.type!))).toBe(true);
    await expect(page.evaluate(() => window.__kg.pending!.size)).resolves.toBe(12);
    await page.locator('#relations li[data-relation="topic"] input').click();
    await expect(page.evaluate(() => window.__kg.graph!.size)).resolves.toBe(24);
    // Arrows off: topic links are plain lines.
    const topicTypes = await page.evaluate(() => {
      const { graph, renderer } = window.__kg;
      return [...new Set(graph!.filterEdges((_e, a) => a.relation === 'topic').map((e) => renderer!.getEdgeDisplayData(e)!.type))];
    });
    expect(topicTypes).toEqual(['line']);
    await page.locator('#relations li[data-relation="topic"] input').click();
    await shot(page, 'relations-open');
  });

  it('hovering a topic lights the notes that link to it, with its edges hidden', async () => {
    await page.evaluate((t) => window.__kg.app!.hover(t), await K(TOPIC));
    const lit = await V(await page.evaluate(() => {
      const { graph, renderer } = window.__kg;
      return graph!.filterNodes((n) => renderer!.getNodeDisplayData(n)!.color !== '#e4e6ea');
    }));
    expect(lit).toEqual(expect.arrayContaining([A, C, '01-博客/B 工具调用', '01-博客/J 记忆', TOPIC]));
    expect(lit).not.toContain('01-博客/F 评测方法');
    await page.evaluate(() => window.__kg.app!.hover(null));
  });
});

describe('labels that read (point 2)', () => {
  it('at open, selected, every depth, dark theme and zoomed in: no overlap, nothing cut off', async () => {
    const views: Array<[string, () => Promise<unknown>]> = [
      ['open', async () => undefined],
      ['selected', () => selectNode(page, A)],
      ['depth1', () => page.evaluate(() => window.__kg.app!.set({ depth: 1 }))],
      ['depth2', () => page.evaluate(() => window.__kg.app!.set({ depth: 2 }))],
      ['depth3', () => page.evaluate(() => window.__kg.app!.set({ depth: 3 }))],
      ['dark', () => page.evaluate(() => window.__kg.app!.set({ depth: 0, selected: null, theme: 'dark' }))],
      ['zoomed', () => page.evaluate(() => window.__kg.renderer!.getCamera().setState({ x: 0.5, y: 0.5, ratio: 0.3, angle: 0 }))],
      ['zoomed-out', () => page.evaluate(() => window.__kg.renderer!.getCamera().setState({ x: 0.5, y: 0.5, ratio: 3, angle: 0 }))],
    ];
    for (const [name, act] of views) {
      await act();
      await settle(page);
      const c = await labelCheck(page);
      expect({ name, overlaps: c.overlaps, cut: c.cut }).toEqual({ name, overlaps: 0, cut: 0 });
      if (name === 'selected' || name.startsWith('depth')) {
        const neighbours = await page.evaluate((k) => {
          const { graph, app } = window.__kg;
          return [...new Set(graph!.filterEdges(k, (e) => app!.visible().edges.has(e)).map((e) => graph!.opposite(k, e)))];
        }, await K(A));
        expect(neighbours.filter((n) => !c.keys.includes(n))).toEqual([]);
      }
      await shot(page, `relations-labels-${name}`);
    }
    await page.evaluate(() => { window.__kg.app!.set({ theme: 'light' }); window.__kg.renderer!.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }); });
  });

  it('a long title is shortened with an ellipsis; the graph keeps the full title for the hover', async () => {
    const long = await K(LONG);
    await page.evaluate((k) => window.__kg.app!.select(k), long);
    await settle(page);
    const c = await labelCheck(page);
    expect(c.texts[long]).toMatch(/…$/);
    expect(c.texts[long]!.length).toBeLessThan(25);
    await expect(page.evaluate((k) => window.__kg.renderer!.getNodeDisplayData(k)!.label, long)).resolves.toContain('省略号是否正确显示在图上');
    await page.evaluate(() => window.__kg.app!.select(null));
  });
});

describe('the local graph (point 3)', () => {
  it('has its own layout, draws every edge between its nodes, labels them all, and gives the global places back', async () => {
    const before = await page.evaluate(() => window.__kg.graph!.mapNodes((k, a) => [k, (a as unknown as { x: number }).x, (a as unknown as { y: number }).y]));
    await page.evaluate((k) => { window.__kg.app!.select(k); window.__kg.app!.set({ depth: 1 }); }, await K(A));
    await settle(page);
    const v = await page.evaluate(() => {
      const { graph, renderer, app } = window.__kg;
      const shown = graph!.filterNodes((n) => !renderer!.getNodeDisplayData(n)!.hidden);
      const undrawn = graph!.filterEdges((e, _a, s, t) => shown.includes(s) && shown.includes(t) && renderer!.getEdgeDisplayData(e)!.hidden).length;
      const moved = shown.filter((n) => app!.position(n)!.x !== (graph!.getNodeAttributes(n) as unknown as { x: number }).x).length;
      return { shown: shown.sort(), undrawn, moved, colours: shown.map((n) => renderer!.getNodeDisplayData(n)!.color) };
    });
    expect(await V(v.shown)).toEqual([A, '01-博客/B 工具调用', C, LONG].sort());
    expect(v.undrawn).toBe(0);
    expect(v.moved).toBeGreaterThan(0);
    expect(v.colours).not.toContain('#e4e6ea');
    expect((await labelCheck(page)).keys.sort()).toEqual(v.shown);
    await shot(page, 'relations-local-1');
    // The relation filters apply inside it: without cites, H (which only cites A) is not reached.
    await page.locator('#relations li[data-relation="cites"] input').click();
    expect(await V(await page.evaluate(() => [...window.__kg.app!.visible().nodes]))).toEqual([A, '01-博客/B 工具调用', C].sort());
    await page.locator('#relations li[data-relation="cites"] input').click();
    await page.evaluate(() => window.__kg.app!.set({ depth: 0 }));
    const after = await page.evaluate(() => window.__kg.graph!.mapNodes((k, a) => [k, (a as unknown as { x: number }).x, (a as unknown as { y: number }).y]));
    expect(after).toEqual(before);
  });

  it('walks around topic hubs when they would reach most of the vault, and says so', async () => {
    await page.evaluate((k) => { window.__kg.app!.set({ hiddenRelations: new Set() }); window.__kg.app!.select(k); window.__kg.app!.set({ depth: 2 }); }, await K('01-博客/G 基准测试'));
    const { around, leftOut } = await page.evaluate(() => ({ around: window.__kg.app!.visible().nodes.size, leftOut: window.__kg.app!.visible().topicsLeftOut }));
    expect(leftOut).toBeGreaterThan(around);
    await expect(page.locator('#local-note').isVisible()).resolves.toBe(true);
    await expect(page.locator('#local-note').textContent()).resolves.toContain('Topics are not walked through');
    await page.locator('#walk-topics').click();
    await expect(page.evaluate(() => window.__kg.app!.visible().nodes.size)).resolves.toBe(leftOut);
    await expect(page.locator('#local-note').isVisible()).resolves.toBe(false);
    await page.evaluate(() => window.__kg.app!.set({ walkTopics: false, depth: 0, selected: null, hiddenRelations: new Set(['topic']) }));
  });
});

describe('edges that say what they are (point 4)', () => {
  it('parallel and opposite edges are drawn apart; the selected note\'s edges carry their relation word', async () => {
    const curves = await page.evaluate(([a, c]) => {
      const { graph, renderer } = window.__kg;
      return [...new Set([...graph!.edges(a!, c!), ...graph!.edges(c!, a!)])].map((e) => {
        const d = renderer!.getEdgeDisplayData(e) as unknown as { curvature?: number; type: string };
        return { dir: graph!.source(e) === a ? 1 : -1, abs: (d.curvature ?? 0) * (graph!.source(e) === a ? 1 : -1), type: d.type };
      });
    }, [await K(A), await K(C)]);
    expect(curves).toHaveLength(3);
    expect(new Set(curves.map((c) => c.abs.toFixed(3))).size).toBe(3);
    expect(curves.every((c) => c.type.startsWith('curved'))).toBe(true);
    await page.evaluate((k) => { window.__kg.app!.select(k); window.__kg.app!.set({ depth: 1 }); }, await K(A));
    await settle(page);
    await shot(page, 'relations-edge-words');
    const words = await page.evaluate(() => window.__kg.drawnWords!().map((w) => w.text).sort());
    expect(words).toEqual(expect.arrayContaining(['解说', '延伸思考', '观点相悖', '引用']));
    // No word is written over a shown node's disc, dimmed ones aside (label-place.ts placeWords).
    const covered = await page.evaluate(() => {
      const { graph, renderer: r } = window.__kg;
      const labels = window.__kg.drawnLabels!().map((l) => l.key);
      const hits: string[] = [];
      for (const { text, box: b } of window.__kg.drawnWords!()) {
        graph!.forEachNode((n) => {
          const d = r!.getNodeDisplayData(n);
          if (!d || d.hidden || !d.label) return;
          const p = r!.framedGraphToViewport(d), rad = r!.scaleSize(d.size);
          const cx = Math.min(Math.max(p.x, b.x0), b.x1), cy = Math.min(Math.max(p.y, b.y0), b.y1);
          if (Math.hypot(cx - p.x, cy - p.y) < rad - 0.5) hits.push(`${text} over ${n}`);
        });
      }
      return { hits, labels: labels.length };
    });
    expect(covered.hits).toEqual([]);
    expect(covered.labels).toBeGreaterThan(0);
  });

  it('hovering an edge names its relation and its ends', async () => {
    const edge = await page.evaluate(([a, c]) => window.__kg.graph!.filterEdges(c!, a!, (_e, _x, s) => s === c)[0]!, [await K(A), await K(C)]);
    await page.evaluate((e) => window.__kg.renderer!.emit('enterEdge', { edge: e, event: { x: 100, y: 100 } } as never), edge);
    await expect(page.locator('#edge-tip').textContent()).resolves.toBe('观点相悖 · contradicts: C 多智能体编排 → A 智能体入门');
    await page.evaluate((e) => window.__kg.renderer!.emit('leaveEdge', { edge: e } as never), edge);
    await expect(page.locator('#edge-tip').isHidden()).resolves.toBe(true);
    await page.evaluate(() => window.__kg.app!.set({ depth: 0, selected: null }));
  });
});

describe("Obsidian's display and forces (point 6)", () => {
  it('start from graph.json, round-trip through the URL, and old links still open', async () => {
    const s = await page.evaluate(() => ({ display: window.__kg.app!.state().display, forces: window.__kg.app!.state().forces }));
    expect(s).toEqual({ display: { arrows: false, fade: 0, nodeScale: 1.5, lineScale: 0.5 }, forces: { center: 0.4, repel: 12, link: 0.8, distance: 300 } });
    await page.locator('#display-arrows').check();
    await page.locator('#slider-nodeScale').fill('2');
    await page.locator('#slider-repel').fill('5');
    expect(page.url()).toContain('dp=1%2C0%2C2%2C0.5');
    expect(page.url()).toContain('fc=0.4%2C5%2C0.8%2C300');
    await page.reload();
    await waitReady(page);
    const back = await page.evaluate(() => ({ display: window.__kg.app!.state().display, forces: window.__kg.app!.state().forces }));
    expect(back).toEqual({ display: { arrows: true, fade: 0, nodeScale: 2, lineScale: 0.5 }, forces: { center: 0.4, repel: 5, link: 0.8, distance: 300 } });
    await expect(page.locator('#slider-nodeScale').inputValue()).resolves.toBe('2');
    // A link copied before these settings existed.
    const { page: p2 } = await openViewer(viewer.browser, `${viewer.server.url}#n=${encodeURIComponent(A)}&d=1`);
    const old = { sel: await selectedVaultKey(p2), ...await p2.evaluate(() => ({ depth: window.__kg.app!.state().depth, arrows: window.__kg.app!.state().display.arrows })) };
    expect(old).toEqual({ sel: A, depth: 1, arrows: false });
    await p2.close();
  });

  it('dragging a node moves it and pins it', async () => {
    await page.evaluate(() => window.__kg.app!.set({ depth: 0, selected: null }));
    await settle(page);
    const key = '01-博客/F 评测方法';
    const p = await nodePosition(page, key);
    const box = (await page.locator('#graph').boundingBox())!;
    const node = await K(key);
    const before = await page.evaluate((k) => window.__kg.graph!.getNodeAttributes(k), node) as unknown as { x: number; y: number };
    await page.mouse.move(box.x + p.x, box.y + p.y);
    await page.mouse.down();
    await page.mouse.move(box.x + p.x + 60, box.y + p.y + 40, { steps: 6 });
    await page.mouse.up();
    const after = await page.evaluate((k) => window.__kg.graph!.getNodeAttributes(k), node) as unknown as { x: number; y: number; fixed?: boolean };
    expect(Math.hypot(after.x - before.x, after.y - before.y)).toBeGreaterThan(0);
    expect(after.fixed).toBe(true);
    await expect(page.evaluate(() => window.__kg.app!.state().selected)).resolves.toBe(null);
    expect(errors).toEqual([]);
  });
});
