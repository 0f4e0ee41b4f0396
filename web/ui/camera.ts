// Camera moves (fly to a node, fit the visible nodes) and the PNG export of the current view.
// Browser only: works on a live sigma renderer.

import type Sigma from 'sigma';

/**
 * A node's position in sigma's normalised ("framed graph") space, where the camera lives. Computed
 * from the graph's x/y, not from getNodeDisplayData: between a refresh and the next render that
 * cache holds raw graph coordinates, and the camera would fly off to (23, 100).
 */
function framed(renderer: Sigma, key: string, at?: Where): { x: number; y: number } | null {
  const g = renderer.getGraph();
  if (!g.hasNode(key)) return null;
  const a = at ? at(key) : g.getNodeAttributes(key) as { x: number; y: number };
  return a ? renderer.viewportToFramedGraph(renderer.graphToViewport({ x: a.x, y: a.y })) : null;
}

/** Where a node is drawn, in graph coordinates (the local graph has its own positions: app.position). */
export type Where = (key: string) => { x: number; y: number } | null;

type CameraTarget = { x: number; y: number; ratio: number; angle?: number };

/** Centre the camera on a node, zooming in if we are far out. */
export function flyTo(renderer: Sigma, key: string, duration = 300, at?: Where): Promise<void> {
  const target = flyState(renderer, key, at);
  return target ? renderer.getCamera().animate(target, { duration }) : Promise.resolve();
}

/** Where flyTo takes the camera (null: no such node). */
export function flyState(renderer: Sigma, key: string, at?: Where): CameraTarget | null {
  const d = framed(renderer, key, at);
  return d && { x: d.x, y: d.y, ratio: Math.min(renderer.getCamera().ratio, 0.35) };
}

/**
 * Fit the camera to a set of nodes: in the normalised frame the camera state {x: .5, y: .5, ratio: 1}
 * shows the whole graph, so a bounding box there is enough.
 */
export function fitTo(renderer: Sigma, nodes: Iterable<string>, duration = 450, at?: Where): Promise<void> {
  const target = fitState(renderer, nodes, at);
  const camera = renderer.getCamera();
  return target ? camera.animate(target, { duration }) : camera.animatedReset({ duration });
}

/** Where fitTo takes the camera (null: no nodes, the whole graph). */
export function fitState(renderer: Sigma, nodes: Iterable<string>, at?: Where): CameraTarget | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const key of nodes) {
    const d = framed(renderer, key, at);
    if (d) { xs.push(d.x); ys.push(d.y); }
  }
  const n = xs.length;
  if (n === 0) return null;
  // In a big view, a few stray nodes (a lone component flung far out) must not shrink everything
  // else to a dot: frame the middle 98 % of the nodes.
  const [minX, maxX] = spread(xs, n > 200 ? 0.01 : 0);
  const [minY, maxY] = spread(ys, n > 200 ? 0.01 : 0);
  const ratio = Math.max(0.02, Math.min(1.2, Math.max(maxX - minX, maxY - minY) * 1.15));
  return { x: (minX + maxX) / 2, y: (minY + maxY) / 2, ratio, angle: 0 };
}

/**
 * Centre on a node and zoom so that `unitsPerPixel` graph units take one pixel: the local graph is
 * laid out in stage pixels (model/local.ts), and shown at that scale its labels have the room it left them.
 */
export function scaleTo(renderer: Sigma, key: string, unitsPerPixel: number, duration = 300): Promise<void> {
  const target = scaleState(renderer, key, unitsPerPixel);
  return target ? renderer.getCamera().animate(target, { duration }) : Promise.resolve();
}

/** Where scaleTo takes the camera (null: no such node). */
export function scaleState(renderer: Sigma, key: string, unitsPerPixel: number): CameraTarget | null {
  const g = renderer.getGraph();
  if (!g.hasNode(key)) return null;
  const a = g.getNodeAttributes(key) as { x: number; y: number };
  // How many pixels 1,000 stage pixels of the layout take at the current zoom: the ratio scales that linearly.
  const p = renderer.graphToViewport({ x: a.x, y: a.y }), q = renderer.graphToViewport({ x: a.x + 1000 * unitsPerPixel, y: a.y });
  const px = Math.hypot(q.x - p.x, q.y - p.y);
  if (!(px > 0)) return null;
  const f = renderer.viewportToFramedGraph(p);
  return { x: f.x, y: f.y, ratio: renderer.getCamera().ratio * (px / 1000), angle: 0 };
}

/** How many viewport pixels a layout pixel takes at the current zoom (1: at `unitsPerPixel`, as scaleTo shows it; under 1: zoomed out). */
export function zoomFactor(renderer: Sigma, unitsPerPixel: number): number {
  const p = renderer.graphToViewport({ x: 0, y: 0 }), q = renderer.graphToViewport({ x: 1000 * unitsPerPixel, y: 0 });
  return Math.hypot(q.x - p.x, q.y - p.y) / 1000;
}

/** The `q` and `1 - q` quantiles of `values` (min and max for q = 0). */
function spread(values: number[], q: number): [number, number] {
  values.sort((a, b) => a - b);
  const at = (p: number) => values[Math.min(values.length - 1, Math.max(0, Math.round(p * (values.length - 1))))]!;
  return [at(q), at(1 - q)];
}

/**
 * Draw every sigma layer onto one canvas and download it. sigma's WebGL layers do not keep their
 * pixels (preserveDrawingBuffer is false), so render synchronously and copy in the same task.
 */
export function exportPng(renderer: Sigma, background: string, fileName: string): void {
  renderer.refresh();
  const layers = renderer.getCanvases();
  const first = Object.values(layers)[0];
  if (!first) return;
  const out = document.createElement('canvas');
  out.width = first.width;
  out.height = first.height;
  const ctx = out.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  for (const name of ['edges', 'edgeLabels', 'nodes', 'labels', 'hovers', 'hoverNodes']) {
    const c = layers[name];
    if (c) ctx.drawImage(c, 0, 0, out.width, out.height);
  }
  const a = document.createElement('a');
  a.download = fileName;
  a.href = out.toDataURL('image/png');
  a.click();
}
