// The graph JSON's two forms (docs/graph-json.md), as plain objects, and the one reader of both.
//   full  graphology's `graph.export()` of the model: edge keys, every occurrence of every link.
//   lean  the default: the same nodes; edges without keys (a reader derives them: model.ts's
//         EdgeKeys), and of the occurrences only the first line; `count` left out when 1 and
//         `origin` when "body"; the edges listed before the nodes (so a build streams them out
//         as it goes). Still graphology's serialised form: `Graph.from()` loads it.
// The streamed writers (build/write-json.ts, edge-json.ts) write exactly JSON.stringify of these.

import type { SerializedEdge, SerializedNode, VaultModel } from './graph.ts';
import { firstOccurrenceLine } from './edge-json.ts';
import { EdgeKeys, GRAPH_OPTIONS, type GraphDetail } from './model.ts';
import type { EdgeAttributes, LeanEdgeAttributes, Origin } from './types.ts';

/** A lean edge's attributes as written: `count` and `origin` only when not 1 and "body". */
export interface LeanAttributesJson { relation: string; label: string; description?: string; count?: number; origin?: Origin; line: number }
export interface LeanEdgeJson { source: string; target: string; attributes: LeanAttributesJson }

/** An edge read back from a lean graph JSON: its key derived, `count` and `origin` filled in. */
export interface LeanSerializedEdge { key: string; source: string; target: string; attributes: LeanEdgeAttributes }

/** A graph read from either form: full edges (with occurrences) or lean ones (with `line`). */
export interface GraphModel {
  options: typeof GRAPH_OPTIONS;
  attributes: Record<string, never>;
  nodes: SerializedNode[];
  edges: Array<SerializedEdge | LeanSerializedEdge>;
}

export function leanAttributes(a: EdgeAttributes): LeanAttributesJson {
  const { relation, label, description, count, origin } = a;
  return { relation, label, ...(description !== undefined && { description }), ...(count !== 1 && { count }), ...(origin !== 'body' && { origin }), line: firstOccurrenceLine(a.occurrences) };
}

/** The model as the graph JSON of `detail`: JSON.stringify of it (+ "\n") is what `build` writes. */
export function graphJsonOf(model: VaultModel, detail: GraphDetail): VaultModel | { options: VaultModel['options']; attributes: Record<string, never>; edges: LeanEdgeJson[]; nodes: SerializedNode[] } {
  if (detail === 'full') return model;
  const edges = model.edges.map((e) => ({ source: e.source, target: e.target, attributes: leanAttributes(e.attributes) }));
  return { options: model.options, attributes: model.attributes, edges, nodes: model.nodes };
}

/** The first line an edge's link is written on, from either form. */
export function firstLine(a: EdgeAttributes | LeanEdgeAttributes): number {
  return 'line' in a ? a.line : firstOccurrenceLine(a.occurrences);
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * A parsed graph JSON of either form as a model; undefined when `data` is not one. Lean edges get
 * their keys back (the keys the build gave them) and `count`/`origin` filled in.
 */
export function readGraphJson(data: unknown): GraphModel | undefined {
  if (!isObject(data) || !Array.isArray(data.nodes) || !Array.isArray(data.edges)) return undefined;
  const okNode = (n: unknown) => isObject(n) && typeof n.key === 'string' && isObject(n.attributes) && typeof n.attributes.kind === 'string';
  if (!data.nodes.every(okNode)) return undefined;
  const keys = new EdgeKeys();
  const edges: GraphModel['edges'] = [];
  for (const e of data.edges as unknown[]) {
    if (!isObject(e) || typeof e.source !== 'string' || typeof e.target !== 'string' || !isObject(e.attributes)) return undefined;
    const a = e.attributes;
    if (typeof a.relation !== 'string') return undefined;
    if (Array.isArray(a.occurrences)) {
      const key = typeof e.key === 'string' ? e.key : keys.next(a.relation, e.source, e.target).key;
      edges.push({ key, source: e.source, target: e.target, attributes: a as unknown as EdgeAttributes });
      continue;
    }
    if (typeof a.line !== 'number' || typeof a.label !== 'string' || (a.count !== undefined && typeof a.count !== 'number') || (a.origin !== undefined && typeof a.origin !== 'string')) return undefined;
    const { relation, label, description, count, origin, line } = a as unknown as LeanAttributesJson;
    const attributes: LeanEdgeAttributes = { relation, label, ...(description !== undefined && { description }), count: count ?? 1, origin: origin ?? 'body', line };
    edges.push({ key: typeof e.key === 'string' ? e.key : keys.next(relation, e.source, e.target).key, source: e.source, target: e.target, attributes });
  }
  return { options: GRAPH_OPTIONS, attributes: {}, nodes: data.nodes as SerializedNode[], edges };
}
