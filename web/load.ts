// Getting the graph into the page: the payload embedded in the HTML export, or fetched from the
// server (lean, columnar: compact.ts); then a graphology graph with the viewer's own attributes (x, y, size, colour, edge type).

import Graph from 'graphology';
import type { VaultGraph } from './filters.ts';
import { mulberry32 } from '../src/random.ts';
import { decodeCompact, isCompact, type CompactGraph } from './compact.ts';
import { readPayload, type SerializedGraph, type VaultEdge, type VaultNode, type ViewerPayload } from './payload.ts';
import { edgeLook, nodeSize } from './view.ts';
import { BIG_GRAPH_EDGES } from './app.ts';

/** sigma reads these from attributes; data must never set them (a frontmatter `type: book` breaks rendering). */
const RESERVED = ['x', 'y', 'size', 'color', 'hidden', 'forceLabel', 'highlighted', 'zIndex', 'type'] as const;

export async function loadPayload(): Promise<ViewerPayload> {
  const embedded = document.getElementById('vg-data');
  if (embedded?.textContent) return readPayload(JSON.parse(embedded.textContent));
  const res = await fetch('api/graph');
  if (!res.ok) throw new Error(`GET api/graph: HTTP ${res.status}`);
  return readPayload(await res.json());
}

/** Build the graph; returns whether positions came precomputed (otherwise the page runs FA2). */
export function toGraph(p: ViewerPayload): { graph: VaultGraph; positioned: boolean } {
  const graph: VaultGraph = new Graph({ type: 'directed', multi: true, allowSelfLoops: true });
  const pos = p.positions;
  const order = isCompact(p.graph) ? p.graph.name.length : p.graph.nodes.length;
  const positioned = Array.isArray(pos) && pos.length === order * 2;
  const rand = mulberry32(7);
  // Seeded start positions on a disc: FA2 needs numbers, and a reload should look the same.
  const xy = (i: number) => {
    const r = Math.sqrt(rand()) * 100, t = rand() * 2 * Math.PI;
    return positioned ? { x: pos[2 * i]!, y: pos[2 * i + 1]! } : { x: r * Math.cos(t), y: r * Math.sin(t) };
  };
  if (isCompact(p.graph)) fromCompact(graph, p.graph, xy);
  else fromExport(graph, p.graph, xy);
  graph.forEachNode((key, a) => graph.setNodeAttribute(key, 'size' as never, nodeSize(graph.inDegree(key), a.kind, graph.order) as never));
  return { graph, positioned };
}

/** Edge keys are `e<index>` in the payload's edge order (stable for one payload, not across rebuilds). */
function fromCompact(graph: VaultGraph, c: CompactGraph, xy: (i: number) => { x: number; y: number }): void {
  const keys: string[] = [];
  const big = c.target.length > BIG_GRAPH_EDGES;
  const looks = new Map<string, ReturnType<typeof edgeLook>>();
  decodeCompact(c, (i, n) => {
    const a = n.attributes as unknown as Record<string, unknown>;
    for (const k of RESERVED) delete a[k];
    keys.push(n.key);
    graph.addNode(n.key, { ...a, ...xy(i) } as unknown as VaultNode);
  }, (j, e) => {
    const r = e.attributes.relation;
    let look = looks.get(r);
    if (!look) { look = edgeLook(r, big); looks.set(r, look); }
    graph.addEdgeWithKey(`e${j}`, keys[e.source]!, keys[e.target]!, { ...e.attributes, ...look } as unknown as VaultEdge);
  });
}

function fromExport(graph: VaultGraph, g: SerializedGraph, xy: (i: number) => { x: number; y: number }): void {
  g.nodes.forEach((n, i) => {
    const a: Record<string, unknown> = { ...(n.attributes ?? {}) };
    for (const k of RESERVED) delete a[k];
    const kind = (a.kind as VaultNode['kind'] | undefined) ?? 'note';
    const label = typeof a.label === 'string' && a.label ? a.label : n.key;
    graph.addNode(n.key, { ...a, kind, label, path: (a.path as string) ?? n.key, folder: (a.folder as string) ?? '', ...xy(i) } as unknown as VaultNode);
  });
  g.edges.forEach((e, i) => {
    const a: Record<string, unknown> = { ...(e.attributes ?? {}) };
    for (const k of RESERVED) delete a[k];
    const relation = typeof a.relation === 'string' ? a.relation : 'link';
    const end = (x: string | number) => (typeof x === 'number' ? g.nodes[x]?.key ?? '' : x);
    const source = end(e.source), target = end(e.target);
    if (!graph.hasNode(source) || !graph.hasNode(target)) return;
    graph.addEdgeWithKey(e.key ?? `e${i}`, source, target,
      { ...a, relation, label: (a.label as string) ?? relation, ...edgeLook(relation) } as unknown as VaultEdge);
  });
}

export function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return !!(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch { return false; }
}
