// The label pass: sigma picks which labels may show (its label grid, forced labels) and hands each
// to our drawLabel, which only collects it; after the frame, label-place.ts places them most
// important first (no overlaps, nothing cut off at the edge, long titles ellipsised) and they are
// drawn with a halo in the background colour, so they read over edges in both themes. The selected
// note's edges get their relation word, placed the same way, never over a label or a node. Browser only.

import type Sigma from 'sigma';
import type { Settings } from 'sigma/settings';
import { BoxGrid, DIMMED, DiscGrid, UNLABELLED, ellipsis, labelBox, placeLabels, placeWords, type LabelCandidate, type PlacedLabel, type PlacedWord, type WordCandidate } from '../model/label-place.ts';

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
  words(): DrawnWord[];
  /** Place and draw the labels sigma collected in a frame drawn before the pass listened (its constructor's). */
  drawNow(): void;
}

/** A relation word written on an edge, and where (label-place.ts). */
export type DrawnWord = PlacedWord;

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
  let words: DrawnWord[] = [];
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
    // No label over a drawn node: the labelled ones' discs, and every other drawn dot in view (a
    // label that must show may still cover a dimmed or unlabelled one when it has no other place; label-place.ts).
    const grid = new BoxGrid();
    const { discs, lit } = viewDiscs(renderer, cands, hooks.wordEdges);
    drawn = placeLabels(cands, measure, s.labelSize + 2, width, height, grid, discs);
    const bg = hooks.background();
    const color = s.labelColor.color ?? '#000';
    ctx.textBaseline = 'middle';
    ctx.lineJoin = 'round';
    ctx.lineWidth = 3;
    ctx.strokeStyle = bg;
    drawLeaders(ctx, drawn, s.labelSize + 2, color);
    ctx.lineWidth = 3;
    ctx.strokeStyle = bg;
    for (const l of drawn) {
      ctx.textAlign = l.align;
      ctx.strokeText(l.text, l.x, l.y);
      ctx.fillStyle = color;
      ctx.fillText(l.text, l.x, l.y);
    }
    words = lit ? edgeWords(renderer, hooks, ctx, grid, width, height, s.labelFont, lit) : [];
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
  };
  renderer.on('afterRender', pass);
  return { drawn: () => drawn, words: () => words, drawNow: pass };
}

/** Thin lines from a node to its label placed further out in a crowd (label-place.ts farSpots). */
function drawLeaders(ctx: CanvasRenderingContext2D, drawn: PlacedLabel[], lineHeight: number, color: string): void {
  ctx.save();
  ctx.globalAlpha = 0.55;
  ctx.lineWidth = 1;
  ctx.strokeStyle = color;
  ctx.beginPath();
  for (const l of drawn) {
    if (!l.leader) continue;
    // To the label box's nearest point, so the line never runs under the text.
    const b = labelBox(l, ctx.measureText(l.text).width, lineHeight);
    const tx = Math.min(Math.max(l.leader.x, b.x0), b.x1), ty = Math.min(Math.max(l.leader.y, b.y0), b.y1);
    ctx.moveTo(l.leader.x, l.leader.y);
    ctx.lineTo(tx, ty);
  }
  ctx.stroke();
  ctx.restore();
}

/**
 * Past this many nodes only the labelled ones' discs are kept clear: walking every node each frame
 * costs more than a frame's budget there (about 1 ms per 3,000 nodes), and a big graph hides its labels
 * while the camera moves anyway (main.ts hideLabelsOnMove).
 */
const DISC_CHECK_MAX = 20_000;

/**
 * The discs in view, for one frame: the label candidates' and every other drawn node's (dimmed
 * ones included: a label's halo would hide a dot), with how readily a label may cover it. `lit`, only while relation words
 * are written: the shown nodes not dimmed (their label blanked by the reducers: view.ts), which no
 * word covers; dimmed nodes are background, and words may cross them.
 */
function viewDiscs(renderer: Sigma, cands: LabelCandidate[], wordEdges: () => Iterable<string>): { discs: DiscGrid; lit: DiscGrid | null } {
  const discs = new DiscGrid();
  const words = !(wordEdges()[Symbol.iterator]().next().done ?? true);
  const lit = words ? new DiscGrid() : null;
  const g = renderer.getGraph();
  const strong = new Set<string>();
  for (const c of cands) { strong.add(c.key); discs.add({ key: c.key, x: c.x, y: c.y, r: c.size }); }
  if (g.order > DISC_CHECK_MAX) {
    if (lit) for (const c of cands) lit.add({ key: c.key, x: c.x, y: c.y, r: c.size });
    return { discs, lit };
  }
  const { width, height } = renderer.getDimensions();
  // The frame's affine map from sigma's framed space to the viewport, taken from three points and
  // applied inline: no call and no object per node (this walk runs every frame).
  const o = renderer.framedGraphToViewport({ x: 0, y: 0 }), ex = renderer.framedGraphToViewport({ x: 1, y: 0 }), ey = renderer.framedGraphToViewport({ x: 0, y: 1 });
  const ax = ex.x - o.x, bx = ey.x - o.x, ay = ex.y - o.y, by = ey.y - o.y, unit = renderer.scaleSize(1);
  g.forEachNode((n) => {
    const d = renderer.getNodeDisplayData(n);
    if (!d || d.hidden) return;
    const x = o.x + ax * d.x + bx * d.y, y = o.y + ay * d.x + by * d.y, r = d.size * unit;
    if (x + r < 0 || y + r < 0 || x - r > width || y - r > height) return;
    if (!strong.has(n)) discs.add({ key: n, x, y, r, cover: d.label ? UNLABELLED : DIMMED });
    if (lit && d.label) lit.add({ key: n, x, y, r });
  });
  return { discs, lit };
}

/** The relation word at the middle of each of the selected note's edges, where it fits (clear of `lit`'s discs). */
function edgeWords(renderer: Sigma, hooks: LabelHooks, ctx: CanvasRenderingContext2D, grid: BoxGrid, width: number, height: number, font: string, lit: DiscGrid): DrawnWord[] {
  const size = 10;
  const edges = [...hooks.wordEdges()];
  if (!edges.length) return [];
  ctx.font = `${size}px ${font}`;
  const g = renderer.getGraph();
  const cands: WordCandidate[] = [];
  const colors = new Map<string, string>();
  for (const e of edges) {
    const d = renderer.getEdgeDisplayData(e);
    if (!d || d.hidden) continue;
    const a = renderer.getNodeDisplayData(g.source(e)), b = renderer.getNodeDisplayData(g.target(e));
    if (!a || !b) continue;
    const p = renderer.framedGraphToViewport(a), q = renderer.framedGraphToViewport(b);
    if (Math.hypot(q.x - p.x, q.y - p.y) < 40) continue;
    // A curved edge bows sideways by about curvature/2 of its length (edge-curve's quadratic).
    const bow = ((d as unknown as { curvature?: number }).curvature ?? 0) * 0.5;
    const { text, color } = hooks.edgeWord(e);
    colors.set(e, color);
    cands.push({ edge: e, text: ellipsis(text, 12), x: (p.x + q.x) / 2 + ((q.y - p.y) * bow), y: (p.y + q.y) / 2 - ((q.x - p.x) * bow) });
  }
  const placed = placeWords(cands, (t) => ctx.measureText(t).width, size + 2, width, height, grid, lit);
  ctx.textAlign = 'center';
  for (const w of placed) {
    const x = (w.box.x0 + w.box.x1) / 2, y = (w.box.y0 + w.box.y1) / 2;
    ctx.strokeText(w.text, x, y);
    ctx.fillStyle = colors.get(w.edge)!;
    ctx.fillText(w.text, x, y);
  }
  return placed;
}
