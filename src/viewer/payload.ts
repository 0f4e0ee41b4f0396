// What the viewer is given: the core's graph (lean and columnar, compact.ts), plus what only the viewer
// needs (vault name for obsidian:// links, Obsidian colour groups, precomputed positions, excerpts).
// Isomorphic: shared by the server and the HTML export (src/viewer/) and the page (web/); types,
// checks and the excerpt rule only. Node and edge attributes are the core's own types.

import type { ColorGroup, EdgeAttributes, GraphViewStart, NodeAttributes, Occurrence } from '../core/types.ts';
import { isCompact, type CompactGraph } from './compact.ts';
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
  /** x0,y0,x1,y1… aligned with the graph's nodes (ForceAtlas2 run ahead in Node); absent = lay out in the page. */
  positions?: number[];
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

/** Narrow untrusted JSON to a payload; a bare graphology export is accepted too. Throws on misuse. */
export function readPayload(json: unknown): ViewerPayload {
  if (!isObject(json)) throw new Error('readPayload: expected an object');
  if (Array.isArray(json.nodes) && Array.isArray(json.edges)) {
    return { vaultName: '', graph: json as unknown as SerializedGraph };
  }
  const g = json.graph;
  if (isCompact(g)) return json as unknown as ViewerPayload;
  if (!isObject(g) || !Array.isArray(g.nodes) || !Array.isArray(g.edges)) {
    throw new Error('readPayload: "graph" must be a graphology export with nodes and edges');
  }
  return json as unknown as ViewerPayload;
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
