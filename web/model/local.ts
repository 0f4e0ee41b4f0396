// The local graph's own layout, as Obsidian's local graph has: ForceAtlas2 on just the shown nodes
// and edges, from rings by distance to the centre (seeded, so the same view looks the same), then
// fitted around the centre's place in the global layout. Pure: tests run it in Node.

import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import type { VaultGraph } from './graph.ts';
import { DEFAULT_FORCES, type Forces } from './settings.ts';
import { hash } from './palette.ts';
import { TYPED_RELATIONS } from './view.ts';

export type Positions = Map<string, { x: number; y: number }>;

/** The stage the local graph is drawn on, in CSS pixels. */
export interface Stage { width: number; height: number }

/** Obsidian's force sliders, as the layouts read them (state.ts carries them). */
export { DEFAULT_FORCES, type Forces } from './settings.ts';

/**
 * FA2 settings from Obsidian's sliders: repel → scalingRatio, center → gravity, link distance
 * stretches the result (FA2 has no spring length), link force → edge weight influence.
 */
export function fa2Settings(f: Forces, order: number) {
  return {
    ...forceAtlas2.inferSettings(order),
    scalingRatio: Math.max(0.5, f.repel),
    gravity: Math.max(0.01, f.center),
    strongGravityMode: false,
    edgeWeightInfluence: Math.max(0, f.link),
    barnesHutOptimize: order > 600,
  };
}

/**
 * Positions for `nodes` (the local graph) around `center`: FA2 over the edges among them, typed
 * relations pulling hardest; spread over the `view` stage's shape so that each node has room
 * for its label; then scaled to `radius` around `at` (the centre's global position).
 */
export function localLayout(graph: VaultGraph, nodes: ReadonlySet<string>, edges: ReadonlySet<string>, center: string,
  at: { x: number; y: number }, radius: number, forces: Forces = DEFAULT_FORCES, view: Stage = { width: 800, height: 800 }): Positions {
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const depth = rings(graph, nodes, edges, center);
  for (const n of nodes) {
    const d = depth.get(n) ?? 3;
    const t = ((hash(n) % 3600) / 3600) * 2 * Math.PI;
    g.addNode(n, { x: d * 10 * Math.cos(t), y: d * 10 * Math.sin(t), size: 1 });
  }
  for (const e of edges) {
    const s = graph.source(e), t = graph.target(e);
    if (s === t || !g.hasNode(s) || !g.hasNode(t)) continue;
    const w = TYPED_RELATIONS.has(graph.getEdgeAttribute(e, 'relation')) ? 3 : 1;
    g.updateEdge(s, t, (a: { weight?: number }) => ({ weight: Math.max(a.weight ?? 0, w) }));
  }
  const iterations = nodes.size <= 200 ? 150 : nodes.size <= 1000 ? 80 : 40;
  const pos = forceAtlas2(g, { iterations, settings: fa2Settings(forces, g.order), getEdgeWeight: 'weight' }) as Record<string, { x: number; y: number }>;
  const c = pos[center] ?? { x: 0, y: 0 };
  // FA2 packs the well-linked core tight and flings the stragglers out: each node keeps its
  // direction from the centre, and its distance becomes its rank among the distances, so the
  // nodes spread evenly over the disc and their labels find room.
  const polar = Object.entries(pos).filter(([n]) => n !== center)
    .map(([n, p]) => ({ n, r: Math.hypot(p.x - c.x, p.y - c.y), t: Math.atan2(p.y - c.y, p.x - c.x) }))
    .sort((a, b) => a.r - b.r || (a.n < b.n ? -1 : 1));
  // Laid out in the stage's pixels (its shape, less a margin), spread so that every node has room
  // for a short label beside it; then scaled into graph units (localUnitsPerPixel).
  const hw = view.width / 2 / FIT_MARGIN, hh = view.height / 2 / FIT_MARGIN;
  const px = [{ x: 0, y: 0 }, ...polar.map((p, i) => {
    // sqrt: equal areas per node on the ellipse; nobody sits on the centre.
    const r = Math.sqrt((i + 1) / polar.length) * 0.9 + 0.1;
    return { x: hw * r * Math.cos(p.t), y: hh * r * Math.sin(p.t) };
  })];
  // sigma draws a node `size` pixels wide at zoom 1, a little more once the camera closes in.
  // The centre is drawn half as large again (view.ts).
  const discOf = (n: string) => ((graph.getNodeAttribute(n, 'size' as never) as number | undefined) ?? 3) * 1.2 * (n === center ? 1.5 : 1);
  // Only as many as get labelled (view.ts labels a local graph of up to 400 nodes): settling is quadratic at worst.
  if (px.length <= SETTLE_MAX) settle(px, [center, ...polar.map((p) => p.n)].map(discOf), hw, hh);
  const scale = localUnitsPerPixel(radius, forces, view);
  const out: Positions = new Map([[center, { ...at }]]);
  // Stage y runs down, graph y up (sigma flips it): a footprint's label side stays on the right either way.
  polar.forEach((p, i) => out.set(p.n, { x: at.x + px[i + 1]!.x * scale, y: at.y - px[i + 1]!.y * scale }));
  return out;
}

/** The stage's margin around a local graph's nodes (room for the outer labels), as a ratio. */
const FIT_MARGIN = 1.08;

/**
 * Graph units per stage pixel in a local graph: its rectangle's corners sit at `radius` times the
 * link distance (Obsidian's default 250) from the centre. The camera shows it at this scale
 * (camera.ts scaleState), so the room left for labels is the room they get.
 */
export function localUnitsPerPixel(radius: number, forces: Forces, view: Stage): number {
  return (radius * (forces.distance / DEFAULT_FORCES.distance)) / Math.hypot(view.width / 2 / FIT_MARGIN, view.height / 2 / FIT_MARGIN);
}
/**
 * Room a node wants, in stage pixels: a short label beside its disc, about a line and a third
 * tall (labels.ts draws 12 px text on 14 px lines; label-place.ts cuts labels to 64 px).
 */
const CELL = { w: 84, h: 19 };
/** Local graphs up to this many nodes settle into cells. */
const SETTLE_MAX = 1500;
/** Cells per node: a few spare ones let the nodes stay nearer where their links pull them. */
const SLACK = 1.15;

/**
 * Each node moves to the free cell nearest its place (the centre, first, keeps the middle one):
 * cells of a label's shape in rows, every other row shifted by half a cell, as many as the stage
 * holds, smaller when the stage is too small for all. A node larger than a cell also takes the
 * cells its disc covers. With no cell left (never, in practice) a node keeps its place.
 */
function settle(pts: Array<{ x: number; y: number }>, radii: number[], hw: number, hh: number): void {
  const k = Math.min(1, Math.sqrt((4 * hw * hh) / (pts.length * SLACK * CELL.w * CELL.h)));
  const w = CELL.w * k, h = CELL.h * k;
  const J = Math.floor(hh / h), I = Math.ceil(hw / w);
  const cols = 2 * I + 1, rows = 2 * J + 1;
  const taken = new Uint8Array(cols * rows);
  const at = (i: number, j: number) => ({ x: i * w + (Math.abs(j) % 2 ? w / 2 : 0), y: j * h });
  // The labels sit to the right of their nodes: the last column keeps a cell's width from the stage's edge.
  const right = hw * FIT_MARGIN - w;
  const inside = (i: number, j: number) => {
    if (Math.abs(j) > J || Math.abs(i) > I) return false;
    const x = at(i, j).x;
    return x >= -hw && x <= right;
  };
  const idx = (i: number, j: number) => (j + J) * cols + (i + I);
  const order = pts.map((_p, n) => n).sort((a, b) => (a === 0 ? -1 : b === 0 ? 1 : Math.hypot(pts[a]!.x, pts[a]!.y) - Math.hypot(pts[b]!.x, pts[b]!.y)));
  for (const n of order) {
    const p = pts[n]!;
    const j0 = Math.round(p.y / h), i0 = Math.round((p.x - (Math.abs(j0) % 2 ? w / 2 : 0)) / w);
    let best: [number, number] | null = null, bestD = Infinity;
    // Rings of cells around the nearest one, until a ring is farther than the best found.
    for (let ring = 0; ring <= Math.max(cols, rows) && (ring - 1) * h < bestD; ring++) {
      for (let j = j0 - ring; j <= j0 + ring; j++) for (let i = i0 - ring; i <= i0 + ring; i++) {
        if (Math.max(Math.abs(i - i0), Math.abs(j - j0)) !== ring || !inside(i, j) || taken[idx(i, j)]) continue;
        const c = at(i, j), dd = Math.hypot(c.x - p.x, c.y - p.y);
        if (dd < bestD) { bestD = dd; best = [i, j]; }
      }
    }
    if (!best) continue;
    const [bi, bj] = best, c = at(bi, bj);
    p.x = c.x; p.y = c.y;
    // A big disc also takes the cells it reaches into, its label's included (to its right).
    const r = radii[n]!, span = Math.ceil(r / h) + 1;
    for (let j = bj - span; j <= bj + span; j++) for (let i = bi - span - 1; i <= bi + span + 1; i++) {
      if (!inside(i, j)) continue;
      const o = at(i, j);
      if (o.x > c.x - r - w / 2 && o.x < c.x + r + w * 0.9 && Math.abs(o.y - c.y) < r + h / 2) taken[idx(i, j)] = 1;
    }
  }
}

/** Hops from the centre over the shown edges. */
function rings(graph: VaultGraph, nodes: ReadonlySet<string>, edges: ReadonlySet<string>, center: string): Map<string, number> {
  const depth = new Map([[center, 0]]);
  let frontier = [center];
  for (let d = 1; frontier.length; d++) {
    const next: string[] = [];
    for (const n of frontier) {
      graph.forEachEdge(n, (e, _a, s, t) => {
        const o = s === n ? t : s;
        if (edges.has(e) && nodes.has(o) && !depth.has(o)) { depth.set(o, d); next.push(o); }
      });
    }
    frontier = next;
  }
  return depth;
}
