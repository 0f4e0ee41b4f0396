// Node positions computed ahead, in Node (ForceAtlas2, Barnes-Hut for big graphs), so the browser
// starts from a settled layout instead of running the worker on 10,000 nodes. Deterministic:
// seeded start positions, a fixed iteration count once the budget is known.

import { mulberry32 } from './random.ts';
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';

export interface LayoutOptions {
  /** Stop after this many iterations (PERF.md §6: ~100–150 settle 1k nodes, ~200 settle 10k). */
  maxIterations: number;
  /** …or after this much time, whichever comes first. The iteration count then varies by machine. */
  budgetMs: number;
  seed: number;
}

export const DEFAULT_LAYOUT: LayoutOptions = { maxIterations: 300, budgetMs: 8000, seed: 42 };

interface Sized { order: number; forEachNode(cb: (key: string) => void): void; forEachEdge(cb: (e: string, a: unknown, s: string, t: string) => void): void }

/** Positions as x0,y0,x1,y1… in the graph's node order (the order of `graph.export().nodes`). */
export function computePositions(graph: Sized, options: Partial<LayoutOptions> = {}): { positions: number[]; iterations: number; ms: number } {
  const o = { ...DEFAULT_LAYOUT, ...options };
  const t0 = performance.now();
  // A bare copy: FA2 only needs topology and x/y, and must not touch the caller's attributes.
  const g = new Graph({ type: 'directed', multi: true, allowSelfLoops: true });
  const rand = mulberry32(o.seed);
  graph.forEachNode((key) => {
    const r = Math.sqrt(rand()) * 100, t = rand() * 2 * Math.PI;
    g.addNode(key, { x: r * Math.cos(t), y: r * Math.sin(t) });
  });
  graph.forEachEdge((_e, _a, s, t) => { if (s !== t) g.addEdge(s, t); });
  const settings = forceAtlas2.inferSettings(g);
  let iterations = 0;
  const step = g.order > 5000 ? 10 : 25;
  while (iterations < o.maxIterations && performance.now() - t0 < o.budgetMs) {
    forceAtlas2.assign(g, { iterations: step, settings, getEdgeWeight: null });
    iterations += step;
  }
  const positions: number[] = [];
  g.forEachNode((_k, a) => { positions.push(round(a.x as number), round(a.y as number)); });
  return { positions, iterations, ms: Math.round(performance.now() - t0) };
}

/** Two decimals are plenty on screen and keep the payload small. */
const round = (v: number) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : 0);

