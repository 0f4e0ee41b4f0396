// Graph deltas: what one watch-mode change did to the graph — nodes and edges added, dropped or
// changed — recorded as before/after snapshots of every key touched, so a delta is exactly the
// difference between two graphs whatever path produced it. Pure; the viewer applies it too.

import type { SerializedEdge, SerializedNode, VaultGraph } from '../core/graph.ts';

export interface GraphDelta {
  addedNodes: SerializedNode[];
  /** Keys of nodes gone (their edges are in `droppedEdges`). */
  droppedNodes: string[];
  /** Nodes still there whose attributes changed: the new attributes, whole. */
  changedNodes: SerializedNode[];
  addedEdges: SerializedEdge[];
  /** Edges gone, with their ends and relation (the viewer's first edges are not keyed like ours). */
  droppedEdges: Array<{ key: string; source: string; target: string; relation: string }>;
  changedEdges: SerializedEdge[];
  /** True when the change could not be patched locally and the whole graph was re-merged and diffed. */
  remerged: boolean;
}

export const isEmptyDelta = (d: GraphDelta): boolean =>
  d.addedNodes.length + d.droppedNodes.length + d.changedNodes.length + d.addedEdges.length + d.droppedEdges.length + d.changedEdges.length === 0;

/** JSON of a node's attributes, or of an edge's ends and attributes; null when absent. */
type Snapshot = string | null;
const nodeJson = (g: VaultGraph, k: string): Snapshot => (g.hasNode(k) ? JSON.stringify(g.getNodeAttributes(k)) : null);
const edgeJson = (g: VaultGraph, k: string): Snapshot => (g.hasEdge(k) ? JSON.stringify([g.source(k), g.target(k), g.getEdgeAttributes(k)]) : null);

/** Remembers how each node and edge looked before the first change to it. */
export class Recorder {
  readonly nodes = new Map<string, Snapshot>();
  readonly edges = new Map<string, Snapshot>();
  /** Dropped edges' ends and relation, for the delta. */
  private readonly ends = new Map<string, { source: string; target: string; relation: string }>();
  constructor(private readonly graph: () => VaultGraph) {}

  node(key: string): void {
    if (!this.nodes.has(key)) this.nodes.set(key, nodeJson(this.graph(), key));
  }
  edge(key: string): void {
    if (this.edges.has(key)) return;
    const g = this.graph();
    this.edges.set(key, edgeJson(g, key));
    if (g.hasEdge(key)) this.ends.set(key, { source: g.source(key), target: g.target(key), relation: g.getEdgeAttribute(key, 'relation') });
  }

  /** The delta between the recorded "before" and the graph now, over the touched keys only. */
  delta(): GraphDelta {
    return this.diff(this.graph(), this.graph(), this.nodes.keys(), this.edges.keys(), false);
  }

  /**
   * The delta between the graph as it was (`old`, with recorded snapshots overriding the keys
   * already touched) and a new graph: every key is compared. Edge attributes shared by reference
   * (a draft's) are equal without serialising.
   */
  diffAll(old: VaultGraph, next: VaultGraph): GraphDelta {
    const nodes = new Set([...old.nodes(), ...this.nodes.keys(), ...next.nodes()]);
    const edges = new Set([...old.edges(), ...this.edges.keys(), ...next.edges()]);
    return this.diff(old, next, nodes, edges, true);
  }

  private diff(old: VaultGraph, next: VaultGraph, nodes: Iterable<string>, edges: Iterable<string>, remerged: boolean): GraphDelta {
    const d: GraphDelta = { addedNodes: [], droppedNodes: [], changedNodes: [], addedEdges: [], droppedEdges: [], changedEdges: [], remerged };
    for (const k of nodes) {
      const before = this.nodes.has(k) ? this.nodes.get(k)! : nodeJson(old, k);
      const after = nodeJson(next, k);
      if (before === after) continue;
      if (after === null) d.droppedNodes.push(k);
      else (before === null ? d.addedNodes : d.changedNodes).push({ key: k, attributes: { ...next.getNodeAttributes(k) } });
    }
    for (const k of edges) {
      const recorded = this.edges.has(k);
      if (!recorded && old.hasEdge(k) && next.hasEdge(k) && old.getEdgeAttributes(k) === next.getEdgeAttributes(k)
        && old.source(k) === next.source(k) && old.target(k) === next.target(k)) continue;
      const before = recorded ? this.edges.get(k)! : edgeJson(old, k);
      const after = edgeJson(next, k);
      if (before === after) continue;
      if (after === null) {
        const ends = this.ends.get(k) ?? { source: old.source(k), target: old.target(k), relation: old.getEdgeAttribute(k, 'relation') };
        d.droppedEdges.push({ key: k, ...ends });
      } else {
        (before === null ? d.addedEdges : d.changedEdges).push({ key: k, source: next.source(k), target: next.target(k), attributes: next.getEdgeAttributes(k) });
      }
    }
    return d;
  }
}

/** Apply a delta to a graphology graph of the core's attributes (tests; the viewer has its own). */
export function applyDelta(g: VaultGraph, d: GraphDelta): void {
  for (const e of d.droppedEdges) g.dropEdge(e.key);
  for (const k of d.droppedNodes) g.dropNode(k);
  for (const n of d.addedNodes) g.addNode(n.key, { ...n.attributes });
  for (const n of d.changedNodes) g.replaceNodeAttributes(n.key, { ...n.attributes });
  for (const e of d.addedEdges) g.addEdgeWithKey(e.key, e.source, e.target, e.attributes);
  for (const e of d.changedEdges) g.replaceEdgeAttributes(e.key, e.attributes);
}

/**
 * What open pages are sent: no occurrences (as in their payload), and no frontmatter on big
 * graphs (`lean`; the page asks `/api/node` for it). Edge ends stay node keys.
 */
export function slimDelta(d: GraphDelta, lean: boolean): GraphDelta {
  const node = (n: SerializedNode): SerializedNode => {
    if (!lean || n.attributes.meta === undefined) return n;
    const { meta: _m, ...attributes } = n.attributes;
    return { key: n.key, attributes: attributes as SerializedNode['attributes'] };
  };
  const edge = (e: SerializedEdge): SerializedEdge => {
    const { occurrences: _o, ...attributes } = e.attributes;
    return { ...e, attributes: attributes as SerializedEdge['attributes'] };
  };
  return { ...d, addedNodes: d.addedNodes.map(node), changedNodes: d.changedNodes.map(node), addedEdges: d.addedEdges.map(edge), changedEdges: d.changedEdges.map(edge) };
}
