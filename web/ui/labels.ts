// The label pass: sigma picks which labels may show (its label grid, forced labels) and hands each
// to our drawLabel, which only collects it; after the frame, label-place.ts places them most
// important first (no overlaps, nothing cut off at the edge, long titles ellipsised) and they are
// drawn with a halo in the background colour, so they read over edges in both themes; a label pushed
// away from its node gets a leader line. The selected note's edges get their relation word, placed
// in the same pass after the node labels, and never over a node label or a node's disc. Browser only.

import type Sigma from 'sigma';
import type { Settings } from 'sigma/settings';
import { BoxGrid, ellipsis, labelBox, placeLabels, type Box, type LabelCandidate, type PlacedLabel } from '../model/label-place.ts';

export interface LabelHooks {
  /** Higher is placed first (selected, neighbours, forced…). */
  priority(key: string, forced: boolean): number;
  /** Edges whose relation word is written (the selected note's), or none. */
  wordEdges(): Iterable<string>;
  /** The word for an edge (the vault's own, e.g. 引用) and its colour. */
  edgeWord(edge: string): { text: string; color: string };
  background(): string;
}

export interface LabelPass {
  /** The labels drawn in the last frame (tests and viewer-check read it). */
  drawn(): PlacedLabel[];
  /** The edges whose relation word was drawn in the last frame, with the word and its box (viewport pixels). */
  words(): Word[];
  /** Place and draw the labels sigma collected in a frame drawn before the pass listened (its constructor's). */
  drawNow(): void;
}

type Word = { edge: string; text: string; box: Box };
type Collected = { key: string; label: string; x: number; y: number; size: number; forced: boolean };

/** Settings sigma must be made with for the pass to see the labels. */
export function labelSettings(collect: (c: Collected) => void): Partial<Settings> {
  return {
    defaultDrawNodeLabel: (_ctx, data) => {
      if (data.label) collect({ key: (data as unknown as { key: string }).key, label: data.label, x: data.x, y: data.y, size: data.size, forced: data.forceLabel === true });
    },
  };
}

export function installLabels(renderer: Sigma, hooks: LabelHooks, pending: Collected[]): LabelPass {
  let drawn: PlacedLabel[] = [];
  let words: Word[] = [];
  renderer.on('beforeRender', () => { pending.length = 0; });
  const pass = () => {
    if (!pending.length) { drawn = []; words = []; return; }
    const ctx = renderer.getCanvases().labels!.getContext('2d')!;
    const s = renderer.getSettings();
    const font = `${s.labelWeight} ${s.labelSize}px ${s.labelFont}`;
    ctx.font = font;
    const widths = new Map<string, number>();
    const measure = (t: string) => widths.get(t) ?? widths.set(t, ctx.measureText(t).width).get(t)!;
    const { width, height } = renderer.getDimensions();
    const cands: LabelCandidate[] = pending.map((c) => ({ key: c.key, text: c.label, x: c.x, y: c.y, size: c.size, priority: hooks.priority(c.key, c.forced) }));
    const grid = new BoxGrid();
    drawn = placeLabels(cands, measure, s.labelSize + 2, width, height, grid);
    const bg = hooks.background();
    const color = s.labelColor.color ?? '#000';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 3;
    ctx.strokeStyle = bg;
    for (const l of drawn) {
      if (l.leader) leaderLine(ctx, l, labelBox(l, measure(l.text), s.labelSize + 2), color);
      ctx.textAlign = l.align;
      ctx.strokeText(l.text, l.x, l.y);
      ctx.fillStyle = color;
      ctx.fillText(l.text, l.x, l.y);
    }
    words = edgeWords(renderer, hooks, ctx, grid, width, height, s.labelFont);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
  };
  renderer.on('afterRender', pass);
  return { drawn: () => drawn, words: () => words, drawNow: pass };
}

/** The relation word at the middle of each of the selected note's edges, where it fits. */
function edgeWords(renderer: Sigma, hooks: LabelHooks, ctx: CanvasRenderingContext2D, grid: BoxGrid, width: number, height: number, font: string): Word[] {
  const size = 10;
  const out: Word[] = [];
  ctx.font = `${size}px ${font}`;
  const g = renderer.getGraph();
  const edges = [...hooks.wordEdges()];
  // Node discs win over relation words too (a word drawn over a topic's disc hid it).
  const discs = edges.length ? nodeDiscs(renderer, edges) : new BoxGrid();
  for (const e of edges) {
    const d = renderer.getEdgeDisplayData(e);
    if (!d || d.hidden) continue;
    const a = renderer.getNodeDisplayData(g.source(e)), b = renderer.getNodeDisplayData(g.target(e));
    if (!a || !b) continue;
    const p = renderer.framedGraphToViewport(a), q = renderer.framedGraphToViewport(b);
    const len = Math.hypot(q.x - p.x, q.y - p.y);
    if (len < 40) continue;
    // A curved edge bows sideways by about curvature/2 of its length (edge-curve's quadratic).
    const bow = ((d as unknown as { curvature?: number }).curvature ?? 0) * 0.5;
    const x = (p.x + q.x) / 2 + ((q.y - p.y) * bow), y = (p.y + q.y) / 2 - ((q.x - p.x) * bow);
    const { text, color } = hooks.edgeWord(e);
    const t = ellipsis(text, 12);
    const box = labelBox({ x, y, align: 'center' }, ctx.measureText(t).width + 4, size + 2);
    if (box.x0 < 1 || box.y0 < 1 || box.x1 > width - 1 || box.y1 > height - 1 || grid.hits(box) || discs.hits(box)) continue;
    grid.add(box);
    ctx.textAlign = 'center';
    ctx.strokeText(t, x, y);
    ctx.fillStyle = color;
    ctx.fillText(t, x, y);
    out.push({ edge: e, text: t, box });
  }
  return out;
}

/** A thin line from the node's rim to the nearest point of its label's box (a label pushed away from its node). */
function leaderLine(ctx: CanvasRenderingContext2D, l: PlacedLabel, box: Box, color: string): void {
  const from = l.leader!;
  const x = Math.max(box.x0, Math.min(from.x, box.x1)), y = Math.max(box.y0, Math.min(from.y, box.y1));
  ctx.save();
  ctx.globalAlpha = 0.55;
  ctx.lineWidth = 1;
  ctx.strokeStyle = color;
  ctx.beginPath();
  ctx.moveTo(from.x, from.y);
  ctx.lineTo(x, y);
  ctx.stroke();
  ctx.restore();
}

/** Up to this many nodes, every shown disc is checked; above, the word edges' ends and their neighbours only. */
const ALL_DISCS_MAX = 20_000;

/** The shown nodes' discs, in viewport pixels. */
function nodeDiscs(renderer: Sigma, edges: string[]): BoxGrid {
  const g = renderer.getGraph();
  const grid = new BoxGrid();
  const { width, height } = renderer.getDimensions();
  const add = (k: string) => {
    const d = renderer.getNodeDisplayData(k);
    if (!d || d.hidden) return;
    const p = renderer.framedGraphToViewport(d), r = renderer.scaleSize(d.size) + 1;
    if (p.x + r < 0 || p.y + r < 0 || p.x - r > width || p.y - r > height) return;
    grid.add({ x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r });
  };
  if (g.order <= ALL_DISCS_MAX) { g.forEachNode(add); return grid; }
  const ends = new Set(edges.flatMap((e) => g.extremities(e)));
  const keys = new Set(ends);
  for (const end of ends) g.forEachNeighbor(end, (n) => { keys.add(n); });
  keys.forEach(add);
  return grid;
}
