// The pure rules behind the relations view: label placement (no overlap, inside the canvas,
// ellipsis), curves for parallel and opposite edges, the local layout, the relation weights of the
// global layout, Obsidian's display/forces in the URL, and the topic walk of the local graph.

import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { BoxGrid, DIMMED, DiscGrid, SHORT_LABEL_PX, UNLABELLED, ellipsis, labelBox, placeLabels, placeWords, shortLabel, type LabelCandidate } from '../web/model/label-place.ts';
import { curveParallel } from '../web/model/curves.ts';
import { localLayout, localUnitsPerPixel } from '../web/model/local.ts';
import { computeVisibility, type VaultGraph } from '../web/model/filters.ts';
import { decodeState, defaultState, encodeState, viewSettings } from '../web/model/state.ts';
import { relationWeight, topologyHash } from '../src/viewer/layout.ts';

const measure = (t: string) => [...t].length * 7;

describe('label placement', () => {
  const cand = (key: string, x: number, y: number, priority = 0, text = key): LabelCandidate => ({ key, text, x, y, size: 4, priority });
  const boxes = (placed: ReturnType<typeof placeLabels>) => placed.map((p) => labelBox(p, measure(p.text), 14));

  it('never overlaps two labels and keeps them inside the canvas', () => {
    const cands = Array.from({ length: 60 }, (_v, i) => cand(`node ${i}`, 20 + (i % 8) * 25, 10 + Math.floor(i / 8) * 12));
    const placed = placeLabels(cands, measure, 14, 300, 120);
    const b = boxes(placed);
    for (const x of b) expect(x.x0 >= 0 && x.y0 >= 0 && x.x1 <= 300 && x.y1 <= 120).toBe(true);
    for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
      const p = b[i]!, q = b[j]!;
      expect(p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1).toBe(false);
    }
  });
  it('places the most important first, and flips a label left at the right edge', () => {
    const placed = placeLabels([cand('low', 100, 50, 0), cand('selected', 104, 50, 4)], measure, 14, 300, 100);
    expect(placed[0]!.key).toBe('selected');
    const edge = placeLabels([cand('near the edge', 295, 50)], measure, 14, 300, 100);
    expect(edge[0]!.align).toBe('right');
  });
  it('labels every neighbour of a crowded selection, further out with a leader line, and never the others', () => {
    // 30 neighbours packed in a 60×30 px clump: the spots beside each node run out.
    const crowd = Array.from({ length: 30 }, (_v, i) => cand(`neighbour ${i}`, 200 + (i % 6) * 10, 150 + Math.floor(i / 6) * 6, 2));
    const placed = placeLabels(crowd, measure, 14, 600, 400);
    expect(new Set(placed.map((p) => p.key)).size).toBe(30);
    expect(placed.some((p) => p.leader)).toBe(true);
    const b = boxes(placed);
    for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
      const p = b[i]!, q = b[j]!;
      expect(p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1).toBe(false);
    }
    const plain = placeLabels(crowd.map((c) => ({ ...c, priority: 0 })), measure, 14, 600, 400);
    expect(plain.length).toBeLessThan(30);
    expect(plain.some((p) => p.leader)).toBe(false);
  });
  it('writes a relation word only clear of node labels and node discs', () => {
    const grid = new BoxGrid(), discs = new DiscGrid();
    placeLabels([cand('label', 100, 50, 2)], measure, 14, 300, 200, grid);
    discs.add({ key: 'node', x: 200, y: 100, r: 10 });
    const words = placeWords([
      { edge: 'on the label', text: '引用', x: 120, y: 50 },
      { edge: 'on a node', text: '解说', x: 200, y: 100 },
      { edge: 'clear', text: '观点一致', x: 100, y: 150 },
      { edge: 'over the clear one', text: '延伸思考', x: 105, y: 152 },
    ], measure, 12, 300, 200, grid, discs);
    expect(words.map((w) => w.edge)).toEqual(['clear']);
  });
  it('never writes a label over another node\'s disc, only beside its own', () => {
    const discs = new DiscGrid();
    // A node with a big neighbour on its right and one above: the label goes left.
    discs.add({ key: 'n', x: 100, y: 100, r: 4 });
    discs.add({ key: 'right', x: 130, y: 100, r: 12 });
    discs.add({ key: 'above', x: 100, y: 80, r: 8 });
    const [l] = placeLabels([cand('n', 100, 100, 1, 'a label')], measure, 14, 300, 200, new BoxGrid(), discs);
    expect(l!.align).toBe('right');
    expect(discs.hits(labelBox(l!, measure(l!.text), 14), 'n')).toBe(false);
    expect(discs.hits({ x0: 95, y0: 95, x1: 105, y1: 105 }, 'n')).toBe(false);
    expect(discs.hits({ x0: 95, y0: 95, x1: 105, y1: 105 })).toBe(true);
  });
  it('keeps labels off unlabelled dots where a spot beside the node is clear; covers one only when nothing else is left, never a labelled node', () => {
    // A node in a canvas full of small unlabelled dots: no place is clear.
    const ring = (cover: typeof DIMMED | typeof UNLABELLED) => {
      const discs = new DiscGrid();
      discs.add({ key: 'n', x: 150, y: 100, r: 4 });
      for (let y = 0; y <= 200; y += 6) for (let x = 0; x <= 300; x += 6) {
        if (Math.hypot(x - 150, y - 100) > 6) discs.add({ key: `dot ${x},${y}`, x, y, r: 2, cover });
      }
      return discs;
    };
    // One that need not show: over an unlabelled dot beside its node, when no spot is clear…
    const [rest] = placeLabels([cand('n', 150, 100, 0, 'a label')], measure, 14, 300, 200, new BoxGrid(), ring(UNLABELLED));
    expect(rest!.leader).toBeUndefined();
    // …clear of every dot where a spot beside it is (a gap on its left)…
    const gap = new DiscGrid();
    gap.add({ key: 'n', x: 150, y: 100, r: 4 });
    for (let y = 0; y <= 200; y += 6) for (let x = 0; x <= 300; x += 6) {
      if (Math.hypot(x - 150, y - 100) > 6 && !(x >= 70 && x <= 146 && y >= 82 && y <= 118)) gap.add({ key: `dot ${x},${y}`, x, y, r: 2, cover: UNLABELLED });
    }
    const [clear] = placeLabels([cand('n', 150, 100, 0, 'a label')], measure, 14, 300, 200, new BoxGrid(), gap);
    expect(clear!.align).toBe('right');
    expect(gap.hits(labelBox(clear!, measure(clear!.text), 14), 'n')).toBe(false);
    // …and never over a labelled node's disc.
    const labelled = new DiscGrid();
    labelled.add({ key: 'n', x: 150, y: 100, r: 4 });
    for (let y = 0; y <= 200; y += 6) for (let x = 0; x <= 300; x += 6) if (Math.hypot(x - 150, y - 100) > 6) labelled.add({ key: `dot ${x},${y}`, x, y, r: 2 });
    expect(placeLabels([cand('n', 150, 100, 0, 'a label')], measure, 14, 300, 200, new BoxGrid(), labelled)).toEqual([]);
    // One that must show: over a dimmed dot, then any unlabelled dot, beside its node.
    for (const cover of [DIMMED, UNLABELLED] as const) {
      const [l] = placeLabels([cand('n', 150, 100, 2, 'a label')], measure, 14, 300, 200, new BoxGrid(), ring(cover));
      expect(l, `cover ${cover}`).toBeDefined();
      expect(l!.leader, 'beside its node, not out on a leader line').toBeUndefined();
    }
    // With room a few lines out, a label that must show goes there rather than over a dot.
    const open = new DiscGrid();
    open.add({ key: 'n', x: 150, y: 100, r: 4 });
    for (let y = 50; y <= 150; y += 6) for (let x = 90; x <= 210; x += 6) {
      if (Math.hypot(x - 150, y - 100) > 6) open.add({ key: `dot ${x},${y}`, x, y, r: 2, cover: UNLABELLED });
    }
    const [far] = placeLabels([cand('n', 150, 100, 2, 'a label')], measure, 14, 300, 200, new BoxGrid(), open);
    expect(far!.leader).toBeDefined();
    expect(open.hits(labelBox(far!, measure(far!.text), 14), 'n')).toBe(false);
    // A dimmed dot is covered before an undimmed one.
    expect(open.hits({ x0: 105, y0: 95, x1: 115, y1: 105 }, 'n', DIMMED)).toBe(true);
    expect(open.hits({ x0: 105, y0: 95, x1: 115, y1: 105 }, 'n', UNLABELLED)).toBe(false);
  });
  it('in a crowd, every label that must show is placed short first, then grown where there is room', () => {
    // A packed lattice like the local graph's (84 × 19 px cells): every node is labelled, shortened.
    const lattice: LabelCandidate[] = [];
    for (let j = 0; j < 20; j++) for (let i = 0; i < 7; i++) {
      lattice.push({ key: `${i},${j}`, text: `很长的标题 ${i} ${j} 用来检验`, x: 20 + i * 84 + (j % 2) * 42, y: 12 + j * 19, size: 4, priority: 1 });
    }
    const placed = placeLabels(lattice, (t) => [...t].length * 12, 14, 640, 400);
    expect(placed.length).toBe(lattice.length);
    const b = placed.map((p) => labelBox(p, [...p.text].length * 12, 14));
    for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++) {
      const p = b[i]!, q = b[j]!;
      expect(p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1).toBe(false);
    }
    expect(placed.filter((p) => [...p.text].length * 12 <= SHORT_LABEL_PX).length).toBeGreaterThan(lattice.length * 0.8);
    // Alone, the same label grows back to its title (up to 22 characters).
    const [alone] = placeLabels([lattice[0]!], (t) => [...t].length * 12, 14, 640, 400);
    expect(alone!.text).toBe(lattice[0]!.text);
  });
  it('cuts the shortest form to a width: few CJK characters, more Latin ones, never under 3', () => {
    const px = (t: string) => [...t].reduce((w, ch) => w + (ch.codePointAt(0)! > 0x2e80 ? 12 : 6), 0);
    expect(shortLabel('一个标题非常非常长的笔记', px)).toBe('一个标题…');
    expect(shortLabel('Prompt engineering guide', px)).toBe('Prompt en…');
    expect(shortLabel('短标题', px)).toBe('短标题');
    expect(shortLabel('一个标题非常非常长的笔记', px, 10)).toBe('一个…');
  });
  it('ellipsises long titles', () => {
    expect(ellipsis('short')).toBe('short');
    expect(ellipsis('一个标题非常非常长的笔记用来检验省略号是否正确显示在图上')).toHaveLength(22);
    expect(ellipsis('一个标题非常非常长的笔记用来检验省略号是否正确显示在图上').endsWith('…')).toBe(true);
  });
});

function small(): VaultGraph {
  const g = new Graph({ type: 'directed', multi: true }) as unknown as VaultGraph;
  const add = (k: string, kind = 'note') => g.addNode(k, { kind, label: k, path: `${k}.md`, folder: '', x: 0, y: 0 } as never);
  for (const k of ['a', 'b', 'c', 'd']) add(k);
  add('t', 'topic');
  const e = (s: string, t: string, relation: string) => g.addEdge(s, t, { relation, label: relation, count: 1, type: 'arrow' } as never);
  e('a', 'b', 'cites'); e('a', 'b', 'explains'); e('b', 'a', 'agrees'); e('c', 'd', 'cites');
  e('a', 't', 'topic'); e('c', 't', 'topic'); e('d', 't', 'topic');
  return g;
}

describe('curves', () => {
  it('parallel and opposite edges bow apart; a lone edge stays straight', () => {
    const g = small();
    curveParallel(g);
    const abs = g.edges('a', 'b').concat(g.edges('b', 'a')).filter((e, i, l) => l.indexOf(e) === i)
      .map((e) => (g.getEdgeAttribute(e, 'curvature' as never) as unknown as number) * (g.source(e) === 'a' ? 1 : -1));
    expect(new Set(abs).size).toBe(3);
    expect(g.getEdgeAttribute(g.edges('c', 'd')[0]!, 'type' as never)).toBe('arrow');
  });
  it('the whole-graph pass (one sweep over the edges) bows every pair as the per-node pass does', () => {
    // Random pairs both ways, self loops, lines and arrows, and lone edges left curved by an earlier pass.
    const make = () => {
      const g = new Graph({ type: 'directed', multi: true, allowSelfLoops: true }) as unknown as VaultGraph;
      for (let i = 0; i < 12; i++) g.addNode(`n${i}`, { kind: 'note', label: `n${i}`, path: `n${i}.md`, folder: '', x: 0, y: 0 } as never);
      let seed = 7;
      const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
      for (let j = 0; j < 60; j++) {
        const type = ['arrow', 'line', 'curvedArrow', 'curved'][rand(4)];
        g.addEdgeWithKey(`e${j}`, `n${rand(12)}`, `n${rand(12)}`, { relation: 'cites', label: 'cites', count: 1, type, curvature: 0.35 } as never);
      }
      return g;
    };
    const all = make(), each = make();
    curveParallel(all);
    curveParallel(each, each.nodes());
    expect(all.mapEdges((e, a) => [e, a])).toEqual(each.mapEdges((e, a) => [e, a]));
  });
});

describe('local layout', () => {
  it('is deterministic, centred on the centre\'s global place, within the radius', () => {
    const g = small();
    const nodes = new Set(['a', 'b', 'c', 'd', 't']);
    const edges = new Set(g.edges());
    const p = localLayout(g, nodes, edges, 'a', { x: 100, y: 50 }, 10);
    expect(p.get('a')).toEqual({ x: 100, y: 50 });
    expect(localLayout(g, nodes, edges, 'a', { x: 100, y: 50 }, 10)).toEqual(p);
    for (const q of p.values()) expect(Math.hypot(q.x - 100, q.y - 50)).toBeLessThanOrEqual(10.001);
  });
  it('fills the stage and leaves every node room for a short label to its right', () => {
    // A note, 12 neighbours, 12 × 12 notes two steps out: 157 nodes on an 800 × 600 stage.
    const g = new Graph({ type: 'directed', multi: true }) as unknown as VaultGraph;
    const add = (k: string) => g.addNode(k, { kind: 'note', label: k, path: `${k}.md`, folder: '', x: 0, y: 0, size: 3 } as never);
    add('c');
    for (let i = 0; i < 12; i++) {
      add(`n${i}`);
      g.addEdge('c', `n${i}`, { relation: 'cites', label: 'cites', count: 1, type: 'arrow' } as never);
      for (let k = 0; k < 12; k++) {
        add(`m${i}-${k}`);
        g.addEdge(`n${i}`, `m${i}-${k}`, { relation: 'explains', label: 'explains', count: 1, type: 'arrow' } as never);
      }
    }
    const stage = { width: 800, height: 600 };
    const p = localLayout(g, new Set(g.nodes()), new Set(g.edges()), 'c', { x: 0, y: 0 }, 100, undefined, stage);
    const unit = localUnitsPerPixel(100, { center: 0.5, repel: 10, link: 1, distance: 250 }, stage);
    // In stage pixels, the centre in the middle (graph y runs up, the stage's down).
    const px = [...p.entries()].map(([k, q]) => ({ k, x: q.x / unit, y: -q.y / unit }));
    for (const a of px) {
      expect(Math.abs(a.x)).toBeLessThanOrEqual(stage.width / 2);
      expect(Math.abs(a.y)).toBeLessThanOrEqual(stage.height / 2);
      // No other node within a short label's reach to its right.
      for (const b of px) if (b !== a) expect(b.x - a.x > 0 && b.x - a.x < 60 && Math.abs(b.y - a.y) < 14).toBe(false);
    }
    const xs = px.map((a) => a.x), ys = px.map((a) => a.y);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(stage.width * 0.6);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(stage.height * 0.6);
  });
  it('walks around topics when they would reach most of the vault, unless asked', () => {
    const g = small();
    const s = { ...defaultState(), selected: 'a', depth: 2 };
    const v = computeVisibility(g, s);
    expect([...v.nodes].sort()).toEqual(['a', 'b', 't']);
    expect(v.topicsLeftOut).toBe(5);
    expect(computeVisibility(g, { ...s, walkTopics: true }).nodes.size).toBe(5);
  });
});

describe('layout weights', () => {
  it('typed relations pull hardest, topics and tags gently', () => {
    expect(relationWeight('cites')).toBeGreaterThan(relationWeight('link'));
    expect(relationWeight('link')).toBeGreaterThan(relationWeight('topic'));
    expect(relationWeight('tag')).toBe(relationWeight('topic'));
  });
  it('the cache key changes with the weights', () => {
    const topo = { keys: ['a', 'b'], source: [0], target: [1] };
    expect(topologyHash({ ...topo, weight: [3] }, 10, 1)).not.toBe(topologyHash({ ...topo, weight: [1] }, 10, 1));
  });
});

describe("Obsidian's display and forces in the view state", () => {
  const base = defaultState([], undefined, { showArrow: false, display: { nodeSizeMultiplier: 1.5, repelStrength: 12, linkDistance: 9999 } });
  it('start from graph.json, clamped', () => {
    expect(base.display).toEqual({ arrows: false, fade: 0, nodeScale: 1.5, lineScale: 1 });
    expect(base.forces).toEqual({ center: 0.5, repel: 12, link: 1, distance: 500 });
    expect(viewSettings(undefined).display.arrows).toBe(true);
  });
  it('round-trip through the hash; an old link keeps the defaults', () => {
    const s = { ...base, display: { ...base.display, arrows: true, fade: -1 }, forces: { ...base.forces, repel: 3 }, walkTopics: true };
    const hash = encodeState(s, base);
    expect(hash).toContain('dp=1%2C-1%2C1.5%2C1');
    expect(hash).toContain('fc=0.5%2C3%2C1%2C500');
    const back = decodeState(hash, base);
    expect([back.display, back.forces, back.walkTopics]).toEqual([s.display, s.forces, true]);
    const old = decodeState('#n=x&d=2', base);
    expect([old.selected, old.depth, old.display, old.forces]).toEqual(['x', 2, base.display, base.forces]);
    expect(decodeState('#dp=a,b&fc=1,2', base).display).toEqual(base.display);
  });
});
