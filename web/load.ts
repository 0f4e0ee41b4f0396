// Getting the graph into the page: the payload embedded in the HTML export, or fetched from the
// server; then a graphology graph with the viewer's own attributes (x, y, size, colour, edge type).

import Graph from 'graphology';
import type { VaultGraph } from './filters.ts';
import { mulberry32 } from '../src/random.ts';
import { readPayload, type VaultEdge, type VaultNode, type ViewerPayload } from './payload.ts';
import { edgeLook, nodeSize } from './view.ts';

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
  const positioned = Array.isArray(pos) && pos.length === p.graph.nodes.length * 2;
  const rand = mulberry32(7);
  p.graph.nodes.forEach((n, i) => {
    const a: Record<string, unknown> = { ...(n.attributes ?? {}) };
    for (const k of RESERVED) delete a[k];
    const kind = (a.kind as VaultNode['kind'] | undefined) ?? 'note';
    const label = typeof a.label === 'string' && a.label ? a.label : n.key;
    // Seeded start positions on a disc: FA2 needs numbers, and a reload should look the same.
    const r = Math.sqrt(rand()) * 100, t = rand() * 2 * Math.PI;
    graph.addNode(n.key, { ...a, kind, label, path: (a.path as string) ?? n.key, folder: (a.folder as string) ?? '',
      x: positioned ? pos[2 * i]! : r * Math.cos(t), y: positioned ? pos[2 * i + 1]! : r * Math.sin(t) } as unknown as VaultNode);
  });
  p.graph.edges.forEach((e, i) => {
    const a: Record<string, unknown> = { ...(e.attributes ?? {}) };
    for (const k of RESERVED) delete a[k];
    const relation = typeof a.relation === 'string' ? a.relation : 'link';
    const end = (x: string | number) => (typeof x === 'number' ? p.graph.nodes[x]?.key ?? '' : x);
    const source = end(e.source), target = end(e.target);
    if (!graph.hasNode(source) || !graph.hasNode(target)) return;
    graph.addEdgeWithKey(e.key ?? `e${i}`, source, target,
      { ...a, relation, label: (a.label as string) ?? relation, ...edgeLook(relation) } as unknown as VaultEdge);
  });
  graph.forEachNode((key, a) => graph.setNodeAttribute(key, 'size' as never, nodeSize(graph.inDegree(key), a.kind, graph.order) as never));
  return { graph, positioned };
}

export function webglAvailable(): boolean {
  try {
    const c = document.createElement('canvas');
    return !!(c.getContext('webgl2') ?? c.getContext('webgl'));
  } catch { return false; }
}
