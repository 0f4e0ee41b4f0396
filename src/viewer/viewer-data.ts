// What the viewer's server knows besides the lean payload: a graph source over either a live
// graphology graph or its `export()`, a node's full details for the panel (`/api/node?key=`), and
// which frontmatter keys the page needs up front (the ones its colour groups and search ask about).

import type { GraphSource } from './compact.ts';
import type { SerializedGraph, VaultEdge, VaultNode } from './payload.ts';
import { parseQuery } from './query.ts';

/** A live graphology graph, or `graph.export()`. */
export interface LiveGraph extends GraphSource {
  hasNode(key: string): boolean;
  getNodeAttributes(key: string): Partial<VaultNode>;
  forEachOutEdge(key: string, cb: (edge: string, a: Partial<VaultEdge>, s: string, t: string) => void): void;
  forEachInEdge(key: string, cb: (edge: string, a: Partial<VaultEdge>, s: string, t: string) => void): void;
  forEachNeighbor(key: string, cb: (neighbor: string) => void): void;
}

export function isLiveGraph(g: unknown): g is LiveGraph {
  return typeof g === 'object' && g !== null && typeof (g as LiveGraph).forEachOutEdge === 'function';
}

/** The same reading API over an export (indexes built once, on first use). */
export function fromExport(json: SerializedGraph): LiveGraph {
  let nodes: Map<string, number> | undefined;
  let outs: Map<string, number[]> | undefined, ins: Map<string, number[]> | undefined;
  const index = () => {
    if (nodes) return;
    nodes = new Map(json.nodes.map((n, i) => [n.key, i]));
    outs = new Map(); ins = new Map();
    json.edges.forEach((e, j) => {
      const s = String(e.source), t = String(e.target);
      (outs!.get(s) ?? outs!.set(s, []).get(s)!).push(j);
      (ins!.get(t) ?? ins!.set(t, []).get(t)!).push(j);
    });
  };
  const each = (which: 'out' | 'in') => (key: string, cb: (edge: string, a: Partial<VaultEdge>, s: string, t: string) => void) => {
    index();
    for (const j of (which === 'out' ? outs : ins)!.get(key) ?? []) {
      const e = json.edges[j]!;
      cb(e.key ?? String(j), e.attributes ?? {}, String(e.source), String(e.target));
    }
  };
  const live: LiveGraph = {
    order: json.nodes.length,
    forEachNode: (cb) => json.nodes.forEach((n) => cb(n.key, n.attributes ?? {})),
    forEachEdge: (cb) => json.edges.forEach((e, j) => cb(e.key ?? String(j), e.attributes ?? {}, String(e.source), String(e.target))),
    hasNode: (key) => { index(); return nodes!.has(key); },
    getNodeAttributes: (key) => { index(); return json.nodes[nodes!.get(key)!]?.attributes ?? {}; },
    forEachOutEdge: each('out'),
    forEachInEdge: each('in'),
    forEachNeighbor: (key, cb) => {
      const seen = new Set<string>();
      const visit = (other: string) => { if (!seen.has(other)) { seen.add(other); cb(other); } };
      live.forEachOutEdge(key, (_e, _a, _s, t) => visit(t));
      live.forEachInEdge(key, (_e, _a, s) => visit(s));
    },
  };
  return live;
}

/** `/api/node?key=`: everything the core knows of one node, with each edge's occurrences. */
export interface NodeDetails {
  key: string;
  attributes: Partial<VaultNode>;
  out: Array<{ key: string; target: string } & Partial<VaultEdge>>;
  in: Array<{ key: string; source: string } & Partial<VaultEdge>>;
}

export function nodeDetails(g: LiveGraph, key: string): NodeDetails | null {
  if (!g.hasNode(key)) return null;
  const d: NodeDetails = { key, attributes: g.getNodeAttributes(key), out: [], in: [] };
  g.forEachOutEdge(key, (e, a, _s, t) => { d.out.push({ key: e, target: t, ...a }); });
  g.forEachInEdge(key, (e, a, s) => { d.in.push({ key: e, source: s, ...a }); });
  return d;
}

/** Frontmatter keys (lowercased) that `[key:value]` terms of these queries read. */
export function propKeys(queries: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const q of queries) for (const and of parseQuery(q)) for (const t of and) if (t.op === 'prop') keys.add(t.key);
  return keys;
}
