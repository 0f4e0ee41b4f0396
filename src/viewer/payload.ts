// What the viewer is given: the core's graph (lean and columnar, compact.ts), plus what only the viewer
// needs (vault name for obsidian:// links, Obsidian colour groups, precomputed positions, excerpts).
// Isomorphic: shared by the server and the HTML export (src/viewer/) and the page (web/); types,
// checks and the excerpt rule only. Node and edge attributes are the core's own types.

import type { ColorGroup, EdgeAttributes, GraphViewStart, NodeAttributes, Occurrence } from '../core/types.ts';
import { fromWire, toWire, type CompactGraph, type WireCompact } from './compact.ts';
import { decodeColumn, encodeColumn, unzigzag, zigzag } from './columns.ts';
import type { ViewerDiff } from './diff-payload.ts';

export type { ColorGroup, GraphViewStart, NodeKind } from '../core/types.ts';
export { NODE_KINDS } from './compact.ts';

/** Node attributes as the core exports them. */
export type VaultNode = NodeAttributes;
export type VaultOccurrence = Occurrence;
/** Edge attributes as the core exports them. */
export type VaultEdge = EdgeAttributes;

/** graphology's serialization format, narrowed to what we read. */
export interface SerializedGraph {
  options?: { type?: string; multi?: boolean; allowSelfLoops?: boolean };
  attributes?: Record<string, unknown>;
  nodes: Array<{ key: string; attributes?: Partial<VaultNode> }>;
  /** `source`/`target` are node keys, or (in the viewer's slim payload) indexes into `nodes`. */
  edges: Array<{ key?: string; source: string | number; target: string | number; attributes?: Partial<VaultEdge> }>;
}

export interface ViewerPayload {
  /** Vault folder name: the `vault=` of obsidian://open links. */
  vaultName: string;
  /** The lean columnar graph (compact.ts), or a bare graphology export (a `graph.json` dropped in). */
  graph: CompactGraph | SerializedGraph;
  /** x0,y0,x1,y1… aligned with the graph's nodes (ForceAtlas2 run ahead in Node), two decimals; absent = lay out in the page. */
  positions?: ArrayLike<number>;
  /** How the positions were made: FA2 iterations, time, and whether they came from the cache. */
  layout?: { iterations: number; ms: number; cached: boolean };
  /** From `.obsidian/graph.json`, converted. */
  colorGroups?: ColorGroup[];
  /** The vault's own graph view settings (`.obsidian/graph.json`), the viewer's starting filters. */
  startFrom?: GraphViewStart;
  /** graph.json's arrows, display sliders and forces (textFadeMultiplier, nodeSizeMultiplier, centerStrength…). */
  graphView?: { showArrow: boolean; display: Partial<Record<string, number>> };
  /** Node key → first lines of the note, for the offline HTML file (the server answers /api/note instead). */
  excerpts?: Record<string, string>;
  /** `serve --diff REV`: what changed since REV (diff-payload.ts), drawn by web/ui/diff.ts. */
  diff?: ViewerDiff;
  /** True when served: the page may fetch `api/note?path=…` (a note's text) and `api/node?key=…` (its frontmatter and links). */
  noteApi?: boolean;
  /** True when served: edges' 说明 sentences are left out of `graph` and fetched when shown (`api/edge-text?key=…`). */
  edgeText?: boolean;
}

/** The payload as sent (JSON): the compact graph's integer columns and the positions as column strings (columns.ts). */
export type WirePayload = Omit<ViewerPayload, 'graph' | 'positions'> & { graph: WireCompact | SerializedGraph; positions?: string };

/** The payload as the server sends it: the one place a payload becomes JSON (the offline page embeds wirePayload's object). */
export function payloadJson(p: ViewerPayload): string {
  return JSON.stringify(wirePayload(p));
}

/** The payload as sent, before JSON: what `payloadJson` writes and the offline page embeds. */
export function wirePayload(p: ViewerPayload): WirePayload {
  const { graph, positions, ...rest } = p;
  const w: WirePayload = { ...rest, graph: 'nodes' in graph ? graph : toWire(graph) };
  // Hundredths, signed: the positions' two decimals (html.ts `round`), exactly.
  if (positions) w.positions = encodeColumn(Array.from(positions, (v) => zigzag(Math.round(v * 100))));
  return w;
}

/** Narrow untrusted JSON (a wire payload, or a bare graphology export) to a payload. Throws on misuse. */
export function readPayload(json: unknown): ViewerPayload {
  if (!isObject(json)) throw new Error('readPayload: expected an object');
  if (Array.isArray(json.nodes) && Array.isArray(json.edges)) {
    return { vaultName: '', graph: json as unknown as SerializedGraph };
  }
  const g = json.graph;
  const compact = fromWire(g);
  if (!compact && (!isObject(g) || !Array.isArray(g.nodes) || !Array.isArray(g.edges))) {
    throw new Error('readPayload: "graph" must be a graphology export with nodes and edges');
  }
  const p = { ...json, graph: compact ?? g } as unknown as ViewerPayload;
  // Positions for other nodes than the graph's (none of ours) are dropped: the page lays the graph out.
  const order = compact ? compact.name.length : (g as { nodes: unknown[] }).nodes.length;
  const xy = readPositions(json.positions);
  if (xy?.length === 2 * order) p.positions = xy;
  else delete p.positions;
  return p;
}

/** The wire's positions: a column string of signed hundredths (or, from older hands, an array of numbers). */
function readPositions(v: unknown): ArrayLike<number> | undefined {
  if (v === undefined) return undefined;
  if (Array.isArray(v)) {
    if (!v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new Error('readPayload: "positions" must hold numbers');
    return v as number[];
  }
  const z = decodeColumn(v, 'positions'), xy = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) xy[i] = unzigzag(z[i]!) / 100;
  return xy;
}

/** First `max` characters of a note's body: frontmatter dropped, blank-line runs squeezed. */
export function excerpt(text: string, max = 700): string {
  let body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const fm = /^---[^\S\n]*\n[\s\S]*?\n---[^\S\n]*(?:\n|$)/.exec(body);
  if (fm) body = body.slice(fm[0].length);
  body = body.replace(/\n{3,}/g, '\n\n').trim();
  return body.length > max ? `${body.slice(0, max).trimEnd()}…` : body;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
