// How far from its neighbours a new node is put to be seen beside them (watch mode, in Node and in
// the page). Isomorphic and pure.

export interface Point { x: number; y: number }

/**
 * 2 % of the layout's extent (a few node widths when the whole vault is on screen), at least 1: a
 * fixed 1–2 units put a new note under its neighbour in a layout thousands of units wide.
 */
export function visibleOffset(points: Iterable<Point>): number {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const p of points) { x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x); y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y); }
  const extent = Math.max(x1 - x0, y1 - y0);
  return Number.isFinite(extent) ? Math.max(1, 0.02 * extent) : 1;
}
