// The graph JSON's two forms (docs/graph-json.md), as plain objects, and the one reader of both.
//   full  graphology's `graph.export()` of the model: edge keys, every occurrence of every link.
//   lean  the default: edges without keys (a reader derives them: model.ts's EdgeKeys) and without
//         occurrences; `relation` left out when it is the membership its target's kind implies
//         (tag, else topic), `count` when 1, `origin` when "body", `label` when the relation's
//         default, `attributes` when nothing is left; nodes without the `label`, `path` and `folder` their
//         key gives (model.ts's lean defaults); the edges listed before the nodes (so a build
//         streams them out as it goes). Still graphology's serialised form: `Graph.from()` loads it.
// The streamed writers (build/write-json.ts, edge-json.ts) write exactly JSON.stringify of these.

import type { SerializedEdge, SerializedNode, VaultModel } from './graph.ts';
import { firstOccurrenceLine } from './edge-json.ts';
import { defaultEdgeLabel, defaultNodeFolder, defaultNodeLabel, defaultNodePath, defaultRelation, EdgeKeys, GRAPH_OPTIONS, type GraphDetail } from './model.ts';
import type { EdgeAttributes, LeanEdgeAttributes, NodeAttributes, Origin } from './types.ts';

/** A lean edge's attributes as written: `relation`, `label`, `count` and `origin` only when not the target's membership, the relation's default, 1 and "body". */
export interface LeanAttributesJson { relation?: string; label?: string; description?: string; count?: number; origin?: Origin }
export interface LeanEdgeJson { source: string; target: string; attributes?: LeanAttributesJson }

/** An edge read back from a lean graph JSON: its key derived, `relation`, `label`, `count` and `origin` filled in. */
export interface LeanSerializedEdge { key: string; source: string; target: string; attributes: LeanEdgeAttributes }

/** A graph read from either form: full edges (with occurrences) or lean ones (without; `line` from files written before 2026-12-04). */
export interface GraphModel {
  options: typeof GRAPH_OPTIONS;
  attributes: Record<string, never>;
  nodes: SerializedNode[];
  edges: Array<SerializedEdge | LeanSerializedEdge>;
}

export function leanAttributes(a: EdgeAttributes, targetIsTag: boolean): LeanAttributesJson {
  const { relation, label, description, count, origin } = a;
  return { ...(relation !== defaultRelation(targetIsTag) && { relation }), ...(label !== defaultEdgeLabel(relation) && { label }), ...(description !== undefined && { description }), ...(count !== 1 && { count }), ...(origin !== 'body' && { origin }) };
}

/** A lean edge as written: without `attributes` when none is left. */
function leanEdge(source: string, target: string, a: EdgeAttributes, targetIsTag: boolean): LeanEdgeJson {
  const attributes = leanAttributes(a, targetIsTag);
  return Object.keys(attributes).length ? { source, target, attributes } : { source, target };
}

/** A lean node's attributes: `label`, `path` and `folder` only when not the defaults its key gives. */
export function leanNodeAttributes(key: string, a: NodeAttributes): Partial<NodeAttributes> {
  const { kind, label, path, folder, ...rest } = a;
  return { kind, ...(label !== defaultNodeLabel(kind, key) && { label }), ...(path !== defaultNodePath(kind, key) && { path }), ...(folder !== defaultNodeFolder(kind, path) && { folder }), ...rest };
}

/** Where the JSON string starting at `at` (its opening quote) ends: the index after its closing quote. */
function stringEnd(s: string, at: number): number {
  for (let i = at + 1; i < s.length; i++) {
    if (s.charCodeAt(i) === 0x5c) i++; // a backslash escapes the next character
    else if (s.charCodeAt(i) === 0x22) return i + 1;
  }
  return -1;
}

/**
 * JSON.stringify(leanNodeAttributes(key, a)) from JSON.stringify(a) (`{"kind":…,"label":…,"path":…,"folder":…,…}`,
 * as the build writes it), without parsing it: the streamed writer's form of leanNodeAttributes.
 */
export function leanNodeAttributesJson(key: string, kind: string, path: string, json: string): string {
  const head = `{"kind":${JSON.stringify(kind)},"label":`;
  const pathJson = JSON.stringify(path);
  if (!json.startsWith(head)) return json;
  const labelEnd = stringEnd(json, head.length);
  const folderAt = labelEnd + ',"path":'.length + pathJson.length + ',"folder":'.length;
  if (labelEnd < 0 || !json.startsWith(`,"path":${pathJson},"folder":`, labelEnd)) return json;
  const folderEnd = stringEnd(json, folderAt);
  if (folderEnd < 0) return json;
  const label = json.slice(head.length, labelEnd), folder = json.slice(folderAt, folderEnd);
  let out = head.slice(0, -',"label":'.length);
  if (label !== JSON.stringify(defaultNodeLabel(kind, key))) out += `,"label":${label}`;
  if (path !== defaultNodePath(kind, key)) out += `,"path":${pathJson}`;
  if (folder !== JSON.stringify(defaultNodeFolder(kind, path))) out += `,"folder":${folder}`;
  return out + json.slice(folderEnd);
}

/** The model as the graph JSON of `detail`: JSON.stringify of it (+ "\n") is what `build` writes. */
export function graphJsonOf(model: VaultModel, detail: GraphDetail): VaultModel | { options: VaultModel['options']; attributes: Record<string, never>; edges: LeanEdgeJson[]; nodes: Array<{ key: string; attributes: Partial<NodeAttributes> }> } {
  if (detail === 'full') return model;
  const kinds = new Map(model.nodes.map((n) => [n.key, n.attributes.kind]));
  const edges = model.edges.map((e) => leanEdge(e.source, e.target, e.attributes, kinds.get(e.target) === 'tag'));
  const nodes = model.nodes.map((n) => ({ key: n.key, attributes: leanNodeAttributes(n.key, n.attributes) }));
  return { options: model.options, attributes: model.attributes, edges, nodes };
}

/** The first line an edge's link is written on: from a full edge, or a lean one of a file that kept it; else undefined. */
export function firstLine(a: EdgeAttributes | LeanEdgeAttributes): number | undefined {
  return 'occurrences' in a ? firstOccurrenceLine(a.occurrences) : a.line;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * A parsed graph JSON of either form as a model; undefined when `data` is not one. Lean edges get
 * their keys back (the keys the build gave them) and `relation`/`label`/`count`/`origin` filled in.
 */
export function readGraphJson(data: unknown): GraphModel | undefined {
  if (!isObject(data) || !Array.isArray(data.nodes) || !Array.isArray(data.edges)) return undefined;
  const optional = (x: unknown) => x === undefined || typeof x === 'string';
  const okNode = (n: unknown) => isObject(n) && typeof n.key === 'string' && isObject(n.attributes) && typeof n.attributes.kind === 'string'
    && optional(n.attributes.label) && optional(n.attributes.path) && optional(n.attributes.folder);
  if (!data.nodes.every(okNode)) return undefined;
  const nodes = (data.nodes as SerializedNode[]).map(fullNode);
  const kinds = new Map(nodes.map((n) => [n.key, n.attributes.kind]));
  const keys = new EdgeKeys();
  const edges: GraphModel['edges'] = [];
  for (const e of data.edges as unknown[]) {
    if (!isObject(e) || typeof e.source !== 'string' || typeof e.target !== 'string' || (e.attributes !== undefined && !isObject(e.attributes))) return undefined;
    const a = (e.attributes ?? {}) as Record<string, unknown>;
    if (Array.isArray(a.occurrences)) {
      if (typeof a.relation !== 'string') return undefined;
      const key = typeof e.key === 'string' ? e.key : keys.next(a.relation, e.source, e.target).key;
      edges.push({ key, source: e.source, target: e.target, attributes: a as unknown as EdgeAttributes });
      continue;
    }
    if (!optional(a.relation) || !optional(a.label) || (a.count !== undefined && typeof a.count !== 'number') || (a.origin !== undefined && typeof a.origin !== 'string')
      || (a.line !== undefined && typeof a.line !== 'number')) return undefined;
    const { label, description, count, origin } = a as LeanAttributesJson;
    const relation = (a.relation as string | undefined) ?? defaultRelation(kinds.get(e.target) === 'tag');
    const attributes: LeanEdgeAttributes = { relation, label: label ?? defaultEdgeLabel(relation), ...(description !== undefined && { description }), count: count ?? 1, origin: origin ?? 'body', ...(typeof a.line === 'number' && { line: a.line }) };
    edges.push({ key: typeof e.key === 'string' ? e.key : keys.next(relation, e.source, e.target).key, source: e.source, target: e.target, attributes });
  }
  return { options: GRAPH_OPTIONS, attributes: {}, nodes, edges };
}

/** A node with the `label`, `path` and `folder` a lean file left out filled back in (in their canonical place). */
function fullNode(n: SerializedNode): SerializedNode {
  const a = n.attributes as Partial<NodeAttributes> & Pick<NodeAttributes, 'kind'>;
  if (a.label !== undefined && a.path !== undefined && a.folder !== undefined) return n;
  const { kind, label, path, folder, ...rest } = a;
  const p = path ?? defaultNodePath(kind, n.key);
  return { key: n.key, attributes: { kind, label: label ?? defaultNodeLabel(kind, n.key), path: p, folder: folder ?? defaultNodeFolder(kind, p), ...rest } as NodeAttributes };
}
