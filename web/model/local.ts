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
 * relations pulling hardest; then scaled to `radius` around `at` (the centre's global position).
 */
export function localLayout(graph: VaultGraph, nodes: ReadonlySet<string>, edges: ReadonlySet<string>, center: string,
  at: { x: number; y: number }, radius: number, forces: Forces = DEFAULT_FORCES): Positions {
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
  // Link distance (Obsidian's default 250) spreads the picture; the camera fits it anyway, but
  // node sizes are in pixels, so a wider spread means more room between them.
  const R = radius * (forces.distance / DEFAULT_FORCES.distance);
  const out: Positions = new Map([[center, { ...at }]]);
  polar.forEach((p, i) => {
    // sqrt: equal areas per node on the disc; nobody sits on the centre.
    const r = R * Math.sqrt((i + 1) / polar.length) * 0.9 + R * 0.1;
    out.set(p.n, { x: at.x + r * Math.cos(p.t), y: at.y + r * Math.sin(p.t) });
  });
  return out;
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
