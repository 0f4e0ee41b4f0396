// The viewer's graph format: columnar and lean, so a 100k-note vault fits in ~30 MB of JSON instead
// of the export's 526 MB. Pure and isomorphic: the server encodes, the page decodes, tests do both.
//
//   nodes   key = dirs[dir[i]] + '/' + name[i]   (dir 0 is '', the root: key = name[i])
//           kind = NODE_KINDS[+kinds[i]]         ("0001144…", one digit per node)
//           label / path / folder: derived from key and kind; only the exceptions are listed
//           tags: derived from the node's tag edges; listed only where they differ
//   edges   grouped by source: out[i] edges start at node i, in node order
//           target[j] node index; rel[j] → rels[rel[j]] = [relation, label]
//           count (when > 1) and description: sparse, by edge index
//   date    the timeline's day per note (dates.ts), NaN when undated, with `dateKey`
//   never   occurrences, origin, in/out degree (the page counts), frontmatter unless asked for
//           (`meta`: small vaults, or the keys colour groups ask about) — /api/node has the rest.
//
// On the wire (`toWire`, `fromWire`) the integer columns dir, out, target, rel and date are column
// strings (columns.ts): at 100k notes they were half the payload's 16 MB as JSON arrays.

import type { EdgeAttributes as VaultEdge, NodeAttributes as VaultNode, NodeKind } from '../core/types.ts';
import { decodeColumn, encodeColumn, unzigzag, zigzag } from './columns.ts';
import { dayOf } from './dates.ts';

/** The format of the compact graph on the wire (2: integer columns as column strings). */
export const COMPACT_FORMAT = 'vaultgraph-viewer/2';
/** Kinds by their digit in `kinds`. */
export const NODE_KINDS: readonly NodeKind[] = ['note', 'topic', 'tag', 'attachment', 'unresolved'];
const TAG = String(NODE_KINDS.indexOf('tag'));

export interface CompactGraph {
  format: typeof COMPACT_FORMAT;
  dirs: string[];
  dir: ArrayLike<number>;
  name: string[];
  kinds: string;
  /** Sparse exceptions, by node index. */
  label?: Record<number, string>;
  path?: Record<number, string>;
  folder?: Record<number, string>;
  aliases?: Record<number, string[]>;
  tags?: Record<number, string[]>;
  meta?: Record<number, Record<string, unknown>>;
  /** Present when `meta` holds only these frontmatter keys (big vaults); the rest is on /api/node. */
  metaKeys?: string[];
  excluded?: number[];
  /** The timeline's frontmatter key (`发布日期`; src/viewer/dates.ts) and each node's day since 1970-01-01 (NaN: undated), by node index. */
  dateKey?: string;
  date?: ArrayLike<number>;
  out: ArrayLike<number>;
  target: ArrayLike<number>;
  rel: ArrayLike<number>;
  rels: Array<[relation: string, label: string]>;
  count?: Record<number, number>;
  description?: Record<number, string>;
}

/** What the encoder reads: graphology's iteration API, so a live graph needs no `export()`. */
export interface GraphSource {
  readonly order: number;
  forEachNode(cb: (key: string, attributes: Partial<VaultNode> & { excluded?: boolean }) => void): void;
  forEachEdge(cb: (edge: string, attributes: Partial<VaultEdge>, source: string, target: string) => void): void;
  /**
   * The same edges in the same order, their ends given as positions in forEachNode's order and no
   * key made: a model held as integer columns (serve-model.ts) gives this, and encodeCompact prefers
   * it (100k notes: 1.1M edge keys built and dropped, two map lookups per edge, while the layout waits for a core).
   */
  forEachEdgeAt?(cb: (attributes: Partial<VaultEdge>, source: number, target: number) => void): void;
}

export interface EncodeOptions {
  /** Frontmatter to embed: all of it, none, or only these keys (lowercased). */
  meta: 'all' | 'none' | ReadonlySet<string>;
  /** The timeline's frontmatter key (dates.ts): each note's day goes into `date`. */
  dateKey?: string | null;
  /** Leave the edges' descriptions (说明) out: `serve` sends them when shown (`/api/edge-text`). */
  noDescriptions?: boolean;
}

// Derived defaults. The core's keys: notes/topics `path/without.md`; attachments `path/with.ext`;
// tags `#tag`; unresolved the linkpath. Labels are the file name; tags and unresolved have no folder.
export const baseName = (key: string): string => key.slice(key.lastIndexOf('/') + 1);
export function defaultPath(key: string, kind: NodeKind): string {
  return kind === 'note' || kind === 'topic' ? `${key}.md` : key;
}
/** `dir`: the folder of `path` when already known (a default path's is its key's: dirs[dir[i]]). */
export function defaultFolder(path: string, kind: NodeKind, dir?: string): string {
  return kind === 'tag' || kind === 'unresolved' ? '' : dir ?? path.slice(0, Math.max(0, path.lastIndexOf('/')));
}
export const defaultLabel = (key: string): string => baseName(key);

export function encodeCompact(g: GraphSource, o: EncodeOptions = { meta: 'none' }): CompactGraph {
  const dir: number[] = [], out: number[] = [], target: number[] = [], rel: number[] = [], date: number[] = [];
  const c: CompactGraph = { format: COMPACT_FORMAT, dirs: [''], dir, name: [], kinds: '', out, target, rel, rels: [] };
  if (o.meta !== 'all') c.metaKeys = o.meta === 'none' ? [] : [...o.meta];
  const dirIndex = new Map<string, number>([['', 0]]);
  const index = new Map<string, number>();
  const kinds: string[] = [];
  const tagsAttr: Array<string[] | undefined> = [];
  const keys: string[] = [];
  const set = <T>(field: 'label' | 'path' | 'folder' | 'aliases' | 'tags' | 'meta', i: number, v: T) => {
    ((c[field] ??= {}) as Record<number, T>)[i] = v;
  };
  g.forEachNode((key, a) => {
    const i = index.size;
    index.set(key, i);
    keys.push(key);
    const slash = key.lastIndexOf('/');
    const d = slash < 0 ? '' : key.slice(0, slash);
    let di = dirIndex.get(d);
    if (di === undefined) { di = c.dirs.length; dirIndex.set(d, di); c.dirs.push(d); }
    dir.push(di);
    c.name.push(slash < 0 ? key : key.slice(slash + 1));
    const kind: NodeKind = a.kind && NODE_KINDS.includes(a.kind) ? a.kind : 'note';
    kinds.push(String(NODE_KINDS.indexOf(kind)));
    const path = typeof a.path === 'string' ? a.path : defaultPath(key, kind);
    if (a.label !== undefined && a.label !== defaultLabel(key)) set('label', i, a.label);
    if (path !== defaultPath(key, kind)) set('path', i, path);
    if (typeof a.folder === 'string' && a.folder !== defaultFolder(path, kind)) set('folder', i, a.folder);
    if (a.aliases?.length) set('aliases', i, a.aliases);
    tagsAttr.push(a.tags?.length ? a.tags : undefined);
    if (a.excluded === true) (c.excluded ??= []).push(i);
    const meta = pickMeta(a.meta, o.meta);
    if (meta) set('meta', i, meta);
    if (o.dateKey) date.push(dayOf(a, o.dateKey) ?? NaN);
  });
  if (o.dateKey && date.some((d) => !Number.isNaN(d))) { c.date = date; c.dateKey = o.dateKey; }
  c.kinds = kinds.join('');
  // Edges, grouped by source (in the order they come within a source) so that `out` replaces one
  // source index per edge; gathered as columns first (100k notes: 1.1M edges, no object each).
  const relIndex = new Map<string, Map<string, number>>();
  const es: number[] = [], et: number[] = [], er: number[] = [];
  const counts = new Map<number, number>(), descriptions = new Map<number, string>();
  const tagEdges: Array<string[] | undefined> = [];
  let lastRelation: string | undefined, lastLabel: string | undefined, lastRel = -1; // runs of one relation are the rule
  const add = (a: Partial<VaultEdge>, s: number, t: number) => {
    const relation = a.relation ?? 'link', label = a.label ?? relation;
    let r = lastRel;
    if (relation !== lastRelation || label !== lastLabel) {
      let byLabel = relIndex.get(relation);
      if (!byLabel) relIndex.set(relation, (byLabel = new Map()));
      let found = byLabel.get(label);
      if (found === undefined) { found = c.rels.length; byLabel.set(label, found); c.rels.push([relation, label]); }
      lastRelation = relation; lastLabel = label; r = lastRel = found;
    }
    const j = es.length;
    es.push(s); et.push(t); er.push(r);
    if ((a.count ?? 1) !== 1) counts.set(j, a.count ?? 1);
    if (a.description && !o.noDescriptions) descriptions.set(j, a.description);
    if (relation === 'tag' && kinds[t] === TAG) (tagEdges[s] ??= []).push(keys[t]!.slice(1));
  };
  if (g.forEachEdgeAt) g.forEachEdgeAt(add);
  else {
    g.forEachEdge((_e, a, source, target) => {
      const s = index.get(source), t = index.get(target);
      if (s !== undefined && t !== undefined) add(a, s, t);
    });
  }
  const at = new Int32Array(index.size + 1);
  for (const s of es) at[s + 1]!++;
  for (let i = 0; i < index.size; i++) { out.push(at[i + 1]!); at[i + 1]! += at[i]!; }
  const order = new Int32Array(es.length);
  for (let j = 0; j < es.length; j++) order[at[es[j]!]!++] = j;
  const position = counts.size + descriptions.size > 0 ? new Int32Array(es.length) : undefined;
  for (let k = 0; k < order.length; k++) {
    const j = order[k]!;
    target.push(et[j]!);
    rel.push(er[j]!);
    if (position) position[j] = k;
  }
  // Index keys: JSON lists them in ascending order whatever order they were set in. Of the two
  // fields, the one whose first edge comes first is made first (the payload's bytes stay as they were).
  const first = (m: Map<number, unknown>) => { let k = Infinity; for (const j of m.keys()) k = Math.min(k, position![j]!); return k; };
  const fillCounts = () => { for (const [j, count] of counts) (c.count ??= {})[position![j]!] = count; };
  const fillDescriptions = () => { for (const [j, description] of descriptions) (c.description ??= {})[position![j]!] = description; };
  if (first(counts) <= first(descriptions)) { fillCounts(); fillDescriptions(); } else { fillDescriptions(); fillCounts(); }
  tagsAttr.forEach((tags, i) => { if (!sameSet(tags, tagEdges[i])) set('tags', i, tags ?? []); });
  return c;
}

function pickMeta(meta: Record<string, unknown> | undefined, which: EncodeOptions['meta']): Record<string, unknown> | undefined {
  if (!meta || which === 'none') return undefined;
  if (which === 'all') return Object.keys(meta).length ? meta : undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) if (which.has(k.toLowerCase())) out[k] = v;
  return Object.keys(out).length ? out : undefined;
}

function sameSet(a: string[] | undefined, b: string[] | undefined): boolean {
  const x = a ?? [], y = b ?? [];
  if (x.length !== y.length) return false;
  const s = new Set(x);
  return y.every((v) => s.has(v));
}

export interface DecodedNode { key: string; attributes: VaultNode & { excluded?: boolean } }
export interface DecodedEdge { source: number; target: number; attributes: Pick<VaultEdge, 'relation' | 'label' | 'count'> & { description?: string } }

/** Where the page draws a node: written by decodeCompact's `place` into one object it reuses. */
export interface NodePlace { x: number; y: number; size: number }

/**
 * Walk a compact graph: nodes in order (index = position), then edges (index = position; none
 * without `onEdge`). With `place`, each node's attributes also hold its drawing fields, made in the
 * same object literal (web/model/to-graph.ts says why).
 */
export function decodeCompact(c: CompactGraph, onNode: (i: number, n: DecodedNode) => void, onEdge?: ((j: number, e: DecodedEdge) => void) | null,
  place?: (i: number, kind: NodeKind, at: NodePlace) => void): void {
  const n = c.name.length;
  const tags: string[][] = [];
  // Tags first come from the edges, so walk edges once up front (cheap: integers only).
  const tagRel = c.rels.map(([relation]) => relation === 'tag');
  // A tag's name made once per tag node, not once per note tagged with it (233k tag edges, 2k tags at 100k notes).
  const tagName: string[] = [];
  let j = 0;
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < c.out[s]!; k++, j++) {
      const t = c.target[j]!;
      if (tagRel[c.rel[j]!] && c.kinds[t] === TAG) (tags[s] ??= []).push(tagName[t] ??= keyOf(c, t).slice(1));
    }
  }
  const excluded = new Set(c.excluded ?? []);
  const at: NodePlace = { x: 0, y: 0, size: 0 };
  for (let i = 0; i < n; i++) {
    const key = keyOf(c, i), name = c.name[i]!;
    const kind = NODE_KINDS[c.kinds.charCodeAt(i) - 48] ?? 'note';
    const listed = c.path?.[i];
    const path = listed ?? defaultPath(key, kind);
    // The defaults from the columns, without deriving them from the key again (100k notes: two
    // strings per node fewer before the first frame): the name is the key's last segment, and
    // the folder of a default path is the key's folder. (A name holding `/` comes from no encoder.)
    const plain = name.indexOf('/') === -1;
    const label = c.label?.[i] ?? (plain ? name : defaultLabel(key));
    const folder = c.folder?.[i] ?? defaultFolder(path, kind, plain && listed === undefined ? c.dirs[c.dir[i] ?? 0] : undefined);
    const outDegree = c.out[i] ?? 0;
    if (place) place(i, kind, at);
    const a: DecodedNode['attributes'] = place
      ? { kind, label, path, folder, inDegree: 0, outDegree, x: at.x, y: at.y, size: at.size } as DecodedNode['attributes']
      : { kind, label, path, folder, inDegree: 0, outDegree };
    const aliases = c.aliases?.[i], meta = c.meta?.[i], t = c.tags?.[i] ?? tags[i];
    if (aliases) a.aliases = aliases;
    if (t?.length) a.tags = t;
    if (meta) a.meta = meta;
    if (excluded.has(i)) a.excluded = true;
    onNode(i, { key, attributes: a });
  }
  if (!onEdge) return;
  j = 0;
  for (let s = 0; s < n; s++) {
    for (let k = 0; k < c.out[s]!; k++, j++) onEdge(j, { source: s, target: c.target[j]!, attributes: edgeAttributes(c, j) });
  }
}

/**
 * Edge j's attributes (random access: the page loads some relations later, pending.ts), with the
 * page's drawing fields when given (made in one object literal, web/model/to-graph.ts says why).
 */
export function edgeAttributes(c: CompactGraph, j: number): DecodedEdge['attributes'];
export function edgeAttributes<L extends { color: string; size: number; type: string }>(c: CompactGraph, j: number, look: L): DecodedEdge['attributes'] & L;
export function edgeAttributes(c: CompactGraph, j: number, look?: { color: string; size: number; type: string }): DecodedEdge['attributes'] {
  // Indexed, not destructured: this runs for every edge the page loads (286k at open at 100k notes).
  const r = c.rels[c.rel[j]!], relation = r ? r[0] : 'link', label = r ? r[1] : 'link';
  const count = c.count?.[j] ?? 1;
  const attributes: DecodedEdge['attributes'] = look
    ? { relation, label, count, color: look.color, size: look.size, type: look.type } as DecodedEdge['attributes']
    : { relation, label, count };
  const d = c.description?.[j];
  if (d) attributes.description = d;
  return attributes;
}

export function keyOf(c: CompactGraph, i: number): string {
  const d = c.dir[i] ?? 0;
  return d === 0 ? c.name[i]! : `${c.dirs[d]}/${c.name[i]}`;
}

const isColumn = (v: unknown): boolean => Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));

/** Whether `g` is a compact graph as held in memory (encodeCompact's, or fromWire's); throws on a damaged one. */
export function isCompact(g: unknown): g is CompactGraph {
  if (typeof g !== 'object' || g === null || (g as { format?: unknown }).format !== COMPACT_FORMAT) return false;
  const c = g as CompactGraph;
  for (const f of ['dirs', 'dir', 'name', 'out', 'target', 'rel', 'rels'] as const) {
    if (!isColumn(c[f])) throw new Error(`readPayload: compact graph field "${f}" must be an array`);
  }
  if (typeof c.kinds !== 'string' || c.kinds.length !== c.name.length || c.dir.length !== c.name.length || c.out.length !== c.name.length) {
    throw new Error('readPayload: compact graph node columns differ in length');
  }
  if (c.target.length !== c.rel.length) throw new Error('readPayload: compact graph edge columns differ in length');
  return true;
}

/** The compact graph as sent: its integer columns as column strings (columns.ts). */
export type WireCompact = Omit<CompactGraph, 'dir' | 'out' | 'target' | 'rel' | 'date'> & { dir: string; out: string; target: string; rel: string; date?: string };

export function toWire(c: CompactGraph): WireCompact {
  const { dir, out, target, rel, date, ...rest } = c;
  const w: WireCompact = { ...rest, dir: encodeColumn(dir), out: encodeColumn(out), target: encodeColumn(target), rel: encodeColumn(rel) };
  // 0: undated; else the day, signed, plus one.
  if (date) w.date = encodeColumn(Array.from(date, (d) => (Number.isNaN(d) ? 0 : zigzag(d) + 1)));
  return w;
}

/**
 * Untrusted JSON → a compact graph in memory, its integer columns typed arrays; null when `g` is not
 * one. Throws naming the field when the columns are damaged or point outside their tables (a
 * hand-edited offline page must not send the page's loops past their arrays).
 */
export function fromWire(g: unknown): CompactGraph | null {
  if (typeof g !== 'object' || g === null) return null;
  const w = g as Partial<Record<keyof WireCompact, unknown>>;
  if (w.format !== COMPACT_FORMAT) {
    if (typeof w.format === 'string' && w.format.startsWith('vaultgraph-viewer/')) throw new Error(`readPayload: the graph is in format ${w.format}, this page reads ${COMPACT_FORMAT}`);
    return null;
  }
  if (!Array.isArray(w.name) || !Array.isArray(w.dirs) || !Array.isArray(w.rels)) throw new Error('readPayload: compact graph fields "name", "dirs" and "rels" must be arrays');
  const n = w.name.length;
  const dir = decodeColumn(w.dir, 'dir', n), out = decodeColumn(w.out, 'out', n);
  const target = decodeColumn(w.target, 'target'), rel = decodeColumn(w.rel, 'rel', target.length);
  let m = 0;
  for (let i = 0; i < n; i++) { m += out[i]!; if (dir[i]! >= w.dirs.length) throw new Error('readPayload: compact graph field "dir" points past "dirs"'); }
  if (m !== target.length) throw new Error('readPayload: compact graph field "out" does not add up to the edges');
  for (let j = 0; j < target.length; j++) {
    if (target[j]! >= n) throw new Error('readPayload: compact graph field "target" points past the nodes');
    if (rel[j]! >= w.rels.length) throw new Error('readPayload: compact graph field "rel" points past "rels"');
  }
  const c = { ...(w as unknown as CompactGraph), dir, out, target, rel };
  if (w.date !== undefined) {
    const z = decodeColumn(w.date, 'date', n), date = new Float64Array(n);
    for (let i = 0; i < n; i++) date[i] = z[i] === 0 ? NaN : unzigzag(z[i]! - 1);
    c.date = date;
  }
  return isCompact(c) ? c : null;
}
