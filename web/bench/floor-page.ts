// The page of scripts/viewer-floor.ts (bundled by it, not part of the viewer): the nodes and the edges
// the viewer shows at open, handed to graphology and a default sigma with no app code at all. What it
// times is the floor our stack sets for the viewer's first frame. `?keys=vault` gives graphology
// the vault's keys (paths, as the viewer does), `?keys=index` the node's index ("0", "1", …) and
// the edge's index: sigma keeps its per-item data in plain objects keyed by them.

import Graph from 'graphology';
import Sigma from 'sigma';

interface Marks { payload: number; graph: number; sigma: number }

const params = new URLSearchParams(location.search);
const start = performance.now();
const at = () => Math.round(performance.now() - start);

async function bytes(name: string): Promise<ArrayBuffer> {
  return (await fetch(name)).arrayBuffer();
}

async function run(): Promise<Marks> {
  const [xy, source, target, names] = await Promise.all([
    bytes('xy.bin').then((b) => new Float32Array(b)),
    bytes('source.bin').then((b) => new Uint32Array(b)),
    bytes('target.bin').then((b) => new Uint32Array(b)),
    fetch('keys.json').then((r) => r.json() as Promise<string[]>),
  ]);
  const payload = at();
  const byIndex = params.get('keys') === 'index';
  const keys = byIndex ? names.map((_k, i) => String(i)) : names;
  const graph = new Graph({ type: 'directed', multi: true, allowSelfLoops: true });
  for (let i = 0; i < keys.length; i++) graph.addNode(keys[i]!, { x: xy[2 * i], y: xy[2 * i + 1], size: 2, label: names[i] });
  for (let j = 0; j < source.length; j++) graph.addEdgeWithKey(byIndex ? String(j) : `e${j}`, keys[source[j]!]!, keys[target[j]!]!, { size: 0.5 });
  const built = at();
  // The viewer's big-graph settings that change what the constructor does: no edge events, edges hidden while moving.
  const sigma = new Sigma(graph, document.getElementById('graph')!, { hideEdgesOnMove: true, enableEdgeEvents: false });
  const made = at();
  // Not timed: wait until the GPU has drawn it, so that the next page's timing does not pay for this one's drawing.
  const pixel = new Uint8Array(4);
  const contexts = (sigma as unknown as { webGLContexts: Record<string, WebGLRenderingContext> }).webGLContexts;
  for (const gl of Object.values(contexts)) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, pixel);
  return { payload, graph: built, sigma: made };
}

const done = (value: unknown) => { (window as unknown as { __floor: unknown }).__floor = value; };
run().then(done, (e: unknown) => done({ error: String(e) }));
