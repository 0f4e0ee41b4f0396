// What the viewer is given: the core's graph (lean and columnar, compact.ts), plus what only the viewer
// needs (vault name for obsidian:// links, Obsidian colour groups, precomputed positions, excerpts).
// Shared by the server and the HTML export (src/) and the page (web/); types and checks only.

import { isCompact, type CompactGraph } from './compact.ts';

export type NodeKind = 'note' | 'topic' | 'tag' | 'attachment' | 'unresolved';
/** Every kind, in the order the compact format numbers them (defined there: no import cycle at load). */
export { NODE_KINDS } from './compact.ts';

/** Node attributes as the core exports them (mirror of src/types.ts NodeAttributes). */
export interface VaultNode {
  kind: NodeKind;
  label: string;
  path: string;
  folder: string;
  meta?: Record<string, unknown>;
  aliases?: string[];
  tags?: string[];
  inDegree: number;
  outDegree: number;
}

export interface VaultOccurrence { line: number; column: number; raw: string; alias?: string; subpath?: string; origin: string }

/** Edge attributes as the core exports them (mirror of src/types.ts EdgeAttributes). */
export interface VaultEdge {
  relation: string;
  label: string;
  description?: string;
  count: number;
  origin: string;
  occurrences: VaultOccurrence[];
}

/** graphology's serialization format, narrowed to what we read. */
export interface SerializedGraph {
  options?: { type?: string; multi?: boolean; allowSelfLoops?: boolean };
  attributes?: Record<string, unknown>;
  nodes: Array<{ key: string; attributes?: Partial<VaultNode> }>;
  /** `source`/`target` are node keys, or (in the viewer's slim payload) indexes into `nodes`. */
  edges: Array<{ key?: string; source: string | number; target: string | number; attributes?: Partial<VaultEdge> }>;
}

/** What of Obsidian's graph view settings the viewer starts from. */
export interface GraphViewStart { search: string; showTags: boolean; showAttachments: boolean; hideUnresolved: boolean; showOrphans: boolean }

/** One Obsidian colour group: a search query and a CSS colour (`#rrggbb`). First match wins. */
export interface ColorGroup { query: string; color: string }

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
  /** Node key → first lines of the note, for the offline HTML file (the server answers /api/note instead). */
  excerpts?: Record<string, string>;
  /** True when served: the page may fetch `api/note?path=…` (a note's text) and `api/node?key=…` (its frontmatter and links). */
  noteApi?: boolean;
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

/** Obsidian stores colours as `{a, rgb: 0xRRGGBB as a number}`; we use CSS hex. */
export function obsidianColorGroups(graphJson: unknown): ColorGroup[] {
  if (!isObject(graphJson) || !Array.isArray(graphJson.colorGroups)) return [];
  const out: ColorGroup[] = [];
  for (const g of graphJson.colorGroups) {
    if (!isObject(g) || typeof g.query !== 'string' || !isObject(g.color)) continue;
    const rgb = g.color.rgb;
    if (typeof rgb !== 'number' || !Number.isInteger(rgb) || rgb < 0 || rgb > 0xffffff) continue;
    out.push({ query: g.query, color: `#${rgb.toString(16).padStart(6, '0')}` });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
