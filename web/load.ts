// Getting the graph into the page: the payload embedded in the HTML export, or fetched from the
// server (lean, columnar: compact.ts); then a graphology graph with the viewer's own attributes (x, y, size, colour, edge type).

import Graph from 'graphology';
import type { VaultGraph } from './filters.ts';
import { mulberry32 } from '../src/random.ts';
import { decodeCompact, edgeAttributes, isCompact, type CompactGraph } from './compact.ts';
import { readPayload, type SerializedGraph, type VaultEdge, type VaultNode, type ViewerPayload } from './payload.ts';
import { NO_PENDING, pendingEdges, type PendingEdges } from './pending.ts';
import { edgeLook, nodeSize } from './view.ts';
import { BIG_GRAPH_EDGES } from './state.ts';

/** sigma reads these from attributes; data must never set them (a frontmatter `type: book` breaks rendering). */
const RESERVED = ['x', 'y', 'size', 'color', 'hidden', 'forceLabel', 'highlighted', 'zIndex', 'type'] as const;

export async function loadPayload(): Promise<ViewerPayload> {
  const embedded = document.getElementById('vg-data');
  if (embedded?.textContent) return readPayload(JSON.parse(embedded.textContent));
  const res = await fetch('api/graph');
  if (!res.ok) throw new Error(`GET api/graph: HTTP ${res.status}`);
  return readPayload(await res.json());
}

export interface Loaded {
  graph: VaultGraph;
  /** Whether positions came precomputed (otherwise the page runs FA2). */
  positioned: boolean;
  /** The edges of the `defer` relations, kept out of the graph until shown (compact payloads only). */
  pending: PendingEdges;
}

/** Build the graph, without the edges of the `defer` relations (the ones hidden when the page opens). */
export function toGraph(p: ViewerPayload, defer: ReadonlySet<string> = new Set()): Loaded {
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
  if (isCompact(p.graph)) return { graph, positioned, pending: fromCompact(graph, p.graph, xy, defer) };
  fromExport(graph, p.graph, xy);
  graph.forEachNode((key, a) => graph.setNodeAttribute(key, 'size' as never, nodeSize(graph.inDegree(key), a.kind, graph.order) as never));
  return { graph, positioned, pending: NO_PENDING };
}

/**
 * Edge keys are `e<index>` in the payload's edge order (stable for one payload, not across rebuilds).
 * Node sizes count every edge, the deferred ones too: a topic hub looks the same either way.
 */
function fromCompact(graph: VaultGraph, c: CompactGraph, xy: (i: number) => { x: number; y: number }, defer: ReadonlySet<string>): PendingEdges {
  const keys: string[] = [];
  const n = c.name.length, m = c.target.length;
  const inDegree = new Uint32Array(n);
  for (let j = 0; j < m; j++) inDegree[c.target[j]!]++;
  decodeCompact(c, (i, node) => {
    const a = node.attributes as unknown as Record<string, unknown>;
    for (const k of RESERVED) delete a[k];
    keys.push(node.key);
    graph.addNode(node.key, { ...a, ...xy(i), size: nodeSize(inDegree[i]!, node.attributes.kind, n) } as unknown as VaultNode);
  });
  const big = m > BIG_GRAPH_EDGES;
  const looks = c.rels.map(([relation]) => edgeLook(relation, big));
  const attributes = (j: number) => ({ ...edgeAttributes(c, j), ...looks[c.rel[j]!] }) as unknown as VaultEdge;
  const deferred = c.rels.map(([relation]) => defer.has(relation));
  for (let s = 0, j = 0; s < n; s++) {
    for (let k = 0; k < c.out[s]!; k++, j++) {
      if (!deferred[c.rel[j]!]) graph.addEdgeWithKey(`e${j}`, keys[s]!, keys[c.target[j]!]!, attributes(j));
    }
  }
  return deferred.includes(true) ? pendingEdges(c, keys, defer, attributes) : NO_PENDING;
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
