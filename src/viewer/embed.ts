// The data of `vaultgraph embed` (vaultgraph-embed.json): every typed relation between notes —
// 相关文档 items and relation fields, with their 说明 sentence — as flat tables, and the pieces the
// page script shares with Node: note key → page URL (Quartz slugs by default), and the decoded
// neighbour lists. Isomorphic and pure: no DOM, no disk.

import { noteId } from '../core/paths.ts';
import type { VaultGraph } from '../core/graph.ts';

export const EMBED_VERSION = 1;

/** Relations that are not "typed": plain links, embeds, tags, topic membership. */
export const UNTYPED_RELATIONS: ReadonlySet<string> = new Set(['link', 'embed', 'tag', 'topic']);

/** The default page URL of a note: Quartz's, from the site root. */
export const DEFAULT_HREF = '/{slug}';

export interface EmbedData {
  v: typeof EMBED_VERSION;
  /** Page URL pattern: `{slug}` (Quartz slug) and `{path}` (vault path without `.md`) are filled in. */
  href: string;
  /** Relations: [name, the vault's word for it]. */
  rel: Array<[string, string]>;
  /** Note keys (vault path without `.md`) of every note with a typed relation. */
  keys: string[];
  /** Titles that differ from the key's file name, by key index. */
  titles: Record<string, string>;
  /** Edges, three integers each: source key index, target key index, relation index. */
  e: number[];
  /** The 说明 sentence of each edge ('' when there is none). */
  d: string[];
}

export interface EmbedOptions {
  /** Page URL pattern (default DEFAULT_HREF). */
  href?: string;
  /** Notes to leave out, by vault path (not published: their titles, paths and 说明 must not ship). */
  ignore?: (vaultPath: string) => boolean;
}

/** Quartz leaves drafts out of the site (`draft: true`), Obsidian Publish `publish: false`: so does the embed. */
export function unpublished(meta: Record<string, unknown> | undefined): boolean {
  const yes = (v: unknown) => v === true || v === 'true';
  const no = (v: unknown) => v === false || v === 'false';
  return meta !== undefined && (yes(meta.draft) || no(meta.publish));
}

/** The typed relations of a built graph as EmbedData: edges between published notes (or topic notes). */
export function encodeEmbed(graph: VaultGraph, o: EmbedOptions = {}): EmbedData {
  const href = o.href ?? DEFAULT_HREF;
  const shown = new Map<string, boolean>();
  const isNote = (n: string): boolean => {
    let ok = shown.get(n);
    if (ok === undefined) {
      const a = graph.getNodeAttributes(n);
      ok = (a.kind === 'note' || a.kind === 'topic') && !unpublished(a.meta) && !(o.ignore?.(a.path) ?? false);
      shown.set(n, ok);
    }
    return ok;
  };
  const keyIndex = new Map<string, number>();
  const relIndex = new Map<string, number>();
  const data: EmbedData = { v: EMBED_VERSION, href, rel: [], keys: [], titles: {}, e: [], d: [] };
  const keyOf = (n: string): number => {
    let i = keyIndex.get(n);
    if (i === undefined) {
      i = data.keys.push(n) - 1;
      keyIndex.set(n, i);
      const label = graph.getNodeAttribute(n, 'label');
      if (label !== baseName(n)) data.titles[i] = label;
    }
    return i;
  };
  graph.forEachEdge((_e, a, source, target) => {
    if (UNTYPED_RELATIONS.has(a.relation) || source === target || !isNote(source) || !isNote(target)) return;
    let r = relIndex.get(a.relation);
    if (r === undefined) { r = data.rel.push([a.relation, a.label]) - 1; relIndex.set(a.relation, r); }
    data.e.push(keyOf(source), keyOf(target), r);
    data.d.push(a.description ?? '');
  });
  return data;
}

/** One relation of a note, seen from that note. */
export interface Neighbour {
  /** Key index of the other note. */
  node: number;
  relation: string;
  label: string;
  /** `out`: this note declares it; `in`: the other note does. */
  dir: 'out' | 'in';
  description: string;
}

export interface EmbedIndex {
  data: EmbedData;
  /** A note's key index from its key, its path, or its Quartz slug; undefined when it has no typed relation. */
  find: (note: string) => number | undefined;
  /** The relations of a note, grouped by the other note (in key order of first appearance). */
  neighbours: (node: number) => Neighbour[];
  title: (node: number) => string;
  href: (node: number) => string;
}

/** Check the shape of loaded data (it comes over the network) and index it. */
export function indexEmbed(raw: unknown): EmbedIndex {
  const data = raw as EmbedData;
  const ok = typeof raw === 'object' && raw !== null && data.v === EMBED_VERSION && typeof data.href === 'string'
    && Array.isArray(data.rel) && Array.isArray(data.keys) && Array.isArray(data.e) && Array.isArray(data.d)
    && typeof data.titles === 'object' && data.titles !== null && data.e.length === 3 * data.d.length;
  if (!ok) throw new Error('not a vaultgraph-embed.json of this version');
  const n = data.keys.length;
  const adjacency: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < data.d.length; i++) {
    const s = data.e[3 * i]!, t = data.e[3 * i + 1]!, r = data.e[3 * i + 2]!;
    if (!(s >= 0 && s < n && t >= 0 && t < n && r >= 0 && r < data.rel.length)) continue; // a damaged edge is skipped
    adjacency[s]!.push(i);
    if (t !== s) adjacency[t]!.push(i);
  }
  const byKey = new Map(data.keys.map((k, i) => [k, i]));
  let bySlug: Map<string, number> | undefined;
  const find = (note: string): number | undefined => {
    const k = note.trim().normalize('NFC').replace(/^\/+/, '');
    const hit = byKey.get(noteId(k));
    if (hit !== undefined) return hit;
    // Quartz pages know their full slug (`fileData.slug`, `docs/index`); links use the simple one
    // (`docs/`). Reversed so that the first note wins when two notes share a slug.
    bySlug ??= new Map(data.keys.flatMap((key, i): Array<[string, number]> => [[quartzSlug(key), i], [quartzFullSlug(key), i]]).reverse());
    for (const c of [k, safeDecode(k)]) {
      const i = bySlug.get(c) ?? bySlug.get(c.replace(/\/+$/, '')) ?? bySlug.get(`${c}/`);
      if (i !== undefined) return i;
    }
    return undefined;
  };
  const neighbours = (node: number): Neighbour[] => {
    const order: number[] = [];
    const groups = new Map<number, Neighbour[]>();
    for (const i of adjacency[node] ?? []) {
      const s = data.e[3 * i]!, t = data.e[3 * i + 1]!;
      const [name, label] = data.rel[data.e[3 * i + 2]!]!;
      const other = s === node ? t : s;
      let g = groups.get(other);
      if (!g) { g = []; groups.set(other, g); order.push(other); }
      g.push({ node: other, relation: String(name), label: String(label), dir: s === node ? 'out' : 'in', description: String(data.d[i] ?? '') });
    }
    return order.flatMap((o) => groups.get(o)!);
  };
  const title = (node: number) => String(data.titles[node] ?? baseName(data.keys[node]!));
  return { data, find, neighbours, title, href: (node) => hrefFor(data.keys[node]!, data.href) };
}

/**
 * Quartz's URL slug of a note (quartz/util/path.ts slugifyFilePath + simplifySlug): in each path
 * segment whitespace → `-`, `%` → `-percent`, `?` → `-q`; a trailing `index` (or `_index`) names
 * its folder.   `01-博客/A B?` → `01-博客/A-B-q`;  `docs/index` → `docs/`;  `index` → ``
 */
export function quartzSlug(key: string): string {
  const slug = quartzFullSlug(key);
  return slug === 'index' || slug.endsWith('/index') ? slug.slice(0, -'index'.length) : slug;
}

/** Quartz's full slug (`fileData.slug`): as quartzSlug, but a folder's index keeps its `index`. */
export function quartzFullSlug(key: string): string {
  const slug = key.replace(/^\/+/, '').replace(/\/+$/, '').split('/')
    .map((seg) => seg.replace(/\s/g, '-').replace(/%/g, '-percent').replace(/\?/g, '-q')).join('/');
  return slug === '_index' || slug.endsWith('/_index') ? slug.slice(0, -'_index'.length) + 'index' : slug;
}

/** Characters that would end or break a URL path: percent-encoded. Everything else (CJK too) is kept. */
const URL_UNSAFE = /[\x00-\x20"#%<>?\\^`{|}\x7f]/g;
const escapePath = (s: string) => s.replace(URL_UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * A note's page URL from the pattern. A result that would start with a URL scheme the pattern did
 * not write (a note named `javascript:x`) is made relative (`./javascript:x`), so it stays a page link.
 *   hrefFor('01-博客/A B', '/{slug}') → '/01-博客/A-B'     hrefFor('a/b', 'https://x.org/{path}.html') → 'https://x.org/a/b.html'
 */
export function hrefFor(key: string, pattern: string): string {
  const url = pattern.replace(/\{(slug|path)\}/g, (_m, what: string) => escapePath(what === 'slug' ? quartzSlug(key) : key));
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/;
  return scheme.test(url) && !scheme.test(pattern) ? `./${url}` : url;
}

function baseName(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
