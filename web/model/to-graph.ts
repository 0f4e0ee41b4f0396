// The payload → a graphology graph with the viewer's own attributes (x, y, size, colour, edge
// type), leaving out the edges hidden when the page opens (pending.ts). Pure: tests build it in Node.

import Graph from 'graphology';
import type { VaultGraph } from './filters.ts';
import { mulberry32 } from '../../src/core/random.ts';
import { NODE_KINDS, decodeCompact, edgeAttributes, isCompact, type CompactGraph } from '../../src/viewer/compact.ts';
import type { SerializedGraph, VaultEdge, VaultNode, ViewerPayload } from '../../src/viewer/payload.ts';
import { NO_PENDING, pendingEdges, type Hidden, type PendingEdges } from './pending.ts';
import { ARROWS_MAX_TYPED_EDGES, BULK, edgeLook, nodeSize } from './view.ts';
import { BIG_GRAPH_EDGES } from './state.ts';
import { edgeKeyAt, nodeKeyAt, useIndexKeys } from './keys.ts';

/** sigma reads these from attributes; data must never set them (a frontmatter `type: book` breaks rendering). */
const RESERVED = ['x', 'y', 'size', 'color', 'hidden', 'forceLabel', 'highlighted', 'zIndex', 'type'] as const;

export interface Loaded {
  graph: VaultGraph;
  /** Whether positions came precomputed (otherwise the page runs FA2). */
  positioned: boolean;
  /** The edges `hidden` hides, kept out of the graph until shown (compact payloads only). */
  pending: PendingEdges;
}

const NOTHING: Hidden = { relations: new Set(), kinds: new Set() };

/** Build the graph, without the edges that `hidden` (the filters the page opens with) hides. */
export function toGraph(p: ViewerPayload, hidden: Hidden = NOTHING): Loaded {
  const graph: VaultGraph = new Graph({ type: 'directed', multi: true, allowSelfLoops: true });
  const pos = p.positions;
  const order = isCompact(p.graph) ? p.graph.name.length : p.graph.nodes.length;
  const positioned = pos !== undefined && pos.length === order * 2;
  const rand = mulberry32(7);
  // Seeded start positions on a disc: FA2 needs numbers, and a reload should look the same.
  const xy = (i: number, at: { x: number; y: number }) => {
    const r = Math.sqrt(rand()) * 100, t = rand() * 2 * Math.PI;
    if (positioned) { at.x = pos[2 * i]!; at.y = pos[2 * i + 1]!; } else { at.x = r * Math.cos(t); at.y = r * Math.sin(t); }
  };
  if (isCompact(p.graph)) return { graph, positioned, pending: fromCompact(graph, p.graph, xy, hidden) };
  fromExport(graph, p.graph, xy);
  graph.forEachNode((key, a) => graph.setNodeAttribute(key, 'size' as never, nodeSize(graph.inDegree(key), a.kind, graph.order) as never));
  return { graph, positioned, pending: NO_PENDING };
}

/**
 * Node i is keyed "i", edge j "j" (keys.ts says why; stable for one payload, not across rebuilds):
 * the vault keys are registered for keysOf(graph). Node sizes count every edge, the deferred ones
 * too: a topic hub looks the same either way.
 */
function fromCompact(graph: VaultGraph, c: CompactGraph, xy: (i: number, at: { x: number; y: number }) => void, hidden: Hidden): PendingEdges {
  const vaultKeys: string[] = [];
  const keys: string[] = [];
  const n = c.name.length, m = c.target.length;
  const target = c.target, rel = c.rel;
  // One pass over the edges for both counts: in-degrees (node sizes) and edges per relation.
  const inDegree = new Uint32Array(n);
  const perRelation = new Uint32Array(c.rels.length);
  for (let j = 0; j < m; j++) { inDegree[target[j]!]!++; perRelation[rel[j]!]!++; }
  // decodeCompact makes each node's attributes from the payload's own columns (none of RESERVED among
  // them), sigma's fields in the same object literal: a copy per node, or a `delete` (which turns an
  // object into a slow dictionary), cost most of the graph phase at 100k notes, and fields added to
  // the literal afterwards a second allocation per node.
  decodeCompact(c, (i, node) => {
    vaultKeys.push(node.key);
    keys.push(nodeKeyAt(i));
    graph.addNode(keys[i]!, node.attributes);
  }, null, (i, kind, at) => {
    xy(i, at);
    at.size = nodeSize(inDegree[i]!, kind, n);
  });
  useIndexKeys(graph, vaultKeys);
  const big = m > BIG_GRAPH_EDGES;
  // Typed: every edge but those of a bulk relation (one whose relation index is past `rels` counts as typed).
  let typed = m;
  c.rels.forEach(([relation], r) => { if (BULK.has(relation)) typed -= perRelation[r]!; });
  const looks = c.rels.map(([relation]) => edgeLook(relation, big, typed > ARROWS_MAX_TYPED_EDGES));
  // One object per edge, made with the look's fields (not spread into a second one, nor grown after:
  // a property added to an object literal costs it a second allocation, 285k of them at 100k notes).
  const attributes = (j: number) => edgeAttributes(c, j, looks[c.rel[j]!]!) as unknown as VaultEdge;
  // An edge waits when its relation is hidden or either end is of a hidden kind (kinds: one digit per node).
  // Bytes, OR-ed: no branch per test (a relation index past `rels` reads undefined: not hidden).
  const relHidden = Uint8Array.from(c.rels, ([relation]) => (hidden.relations.has(relation) ? 1 : 0));
  const kindHidden = NODE_KINDS.map((k) => hidden.kinds.has(k));
  const nodeHidden = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (kindHidden[c.kinds.charCodeAt(i) - 48]) nodeHidden[i] = 1;
  const waits = new Uint8Array(m);
  let waiting = 0;
  for (let s = 0, j = 0; s < n; s++) {
    const sourceHidden = nodeHidden[s]!, source = keys[s]!;
    for (let k = c.out[s]!; k > 0; k--, j++) {
      const t = target[j]!;
      if (sourceHidden | relHidden[rel[j]!]! | nodeHidden[t]!) { waits[j] = 1; waiting++; }
      else graph.addEdgeWithKey(edgeKeyAt(j), source, keys[t]!, attributes(j));
    }
  }
  if (waiting === 0) return NO_PENDING;
  return pendingEdges(c, keys, waits, attributes);
}

function fromExport(graph: VaultGraph, g: SerializedGraph, xy: (i: number, at: { x: number; y: number }) => void): void {
  g.nodes.forEach((n, i) => {
    const a: Record<string, unknown> = { ...(n.attributes ?? {}) };
    for (const k of RESERVED) delete a[k];
    const kind = (a.kind as VaultNode['kind'] | undefined) ?? 'note';
    const label = typeof a.label === 'string' && a.label ? a.label : n.key;
    const at = { x: 0, y: 0 };
    xy(i, at);
    graph.addNode(n.key, { ...a, kind, label, path: (a.path as string) ?? n.key, folder: (a.folder as string) ?? '', ...at } as unknown as VaultNode);
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
