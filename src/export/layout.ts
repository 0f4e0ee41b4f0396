// The viewer's layout for a graph read in passes (GEXF's viz:position): the same topology the viewer
// lays out (node keys in order, edges grouped by source, weights by relation), so the same cached
// ForceAtlas2 positions, held as compact arrays rather than a graphology graph or a viewer payload.

import { computeLayout, relationWeight } from '../viewer/layout.ts';
import { round } from '../viewer/html.ts';
import type { Point } from './gexf.ts';
import type { GraphSource } from './source.ts';

export async function layoutPositions(src: GraphSource, onProgress?: (done: number, total: number) => void): Promise<Map<string, Point>> {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const from = new Int32Array(src.size), to = new Int32Array(src.size), weight = new Float32Array(src.size);
  const out = new Int32Array(src.order);
  let m = 0;
  src.pass({
    node: (key) => { index.set(key, keys.length); keys.push(key); },
    edge: (_e, s, t, a) => {
      const i = index.get(s), j = index.get(t);
      if (i === undefined || j === undefined) return;
      from[m] = i; to[m] = j; weight[m] = relationWeight(a.relation ?? 'link'); m++;
      out[i]!++;
    },
  });
  // Grouped by source, in edge order within a source (viewer/compact.ts's `out` + `target`).
  const start = new Int32Array(keys.length + 1);
  for (let i = 0; i < keys.length; i++) start[i + 1] = start[i]! + out[i]!;
  const source = new Int32Array(m), target = new Int32Array(m), w = new Float64Array(m);
  const at = start.slice(0, keys.length);
  for (let e = 0; e < m; e++) {
    const k = at[from[e]!]!++;
    source[k] = from[e]!; target[k] = to[e]!; w[k] = weight[e]!;
  }
  const r = await computeLayout({ keys, source, target, weight: w }, onProgress ? { onProgress } : {});
  const xy = round(r.positions);
  return new Map(keys.map((k, i) => [k, { x: xy[2 * i]!, y: xy[2 * i + 1]! }]));
}
