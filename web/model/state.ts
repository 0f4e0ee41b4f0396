// The view state: everything the user chose (selection, filters, colouring, local depth, theme).
// Appearance is derived from it (view.ts); it round-trips through the URL hash so a view can be
// shared or bookmarked: `#n=01-博客/X&d=2&hr=topic,tag&hk=unresolved&c=folder&t=dark`.

import { NODE_KINDS, type ColorGroup, type GraphViewStart, type NodeKind, type ViewerPayload } from '../../src/viewer/payload.ts';
import { isCompact } from '../../src/viewer/compact.ts';
import type { Theme } from './palette.ts';
import { DEFAULT_ORPHAN_SENSE, ORPHAN_SENSES, type OrphanSense } from '../../src/query/orphans.ts';

/** Above this many edges a graph is "big": topic edges start hidden, bulk edges are plain lines, hover dims less. */
export const BIG_GRAPH_EDGES = 30_000;

export type ColorBy = 'kind' | 'folder' | 'community';
export const COLOR_BY: readonly ColorBy[] = ['kind', 'folder', 'community'];

export interface ViewState {
  /** Selected node key (side panel open), or null. */
  selected: string | null;
  /** Local graph depth around the selected node: 0 = the whole graph, 1–3 = that many hops. */
  depth: number;
  hiddenRelations: Set<string>;
  hiddenKinds: Set<NodeKind>;
  showOrphans: boolean;
  /** Folder prefix ('' = all folders). */
  folder: string;
  /** Text filter in Obsidian's search syntax (query.ts). */
  filter: string;
  colorBy: ColorBy;
  /** Colour groups apply on top of colorBy; first match wins. */
  groups: ColorGroup[];
  /** Highlight the orphans in this sense (and list them in the panel), or false (src/query/orphans.ts). */
  orphans: false | OrphanSense;
  theme: Theme;
}

/**
 * The state a page opens with: everything shown, or — when the vault has `.obsidian/graph.json` —
 * what its Obsidian graph view shows (tags, attachments, unresolved, orphans, search).
 */
export function defaultState(groups: ColorGroup[] = [], start?: GraphViewStart): ViewState {
  const hiddenKinds = new Set<NodeKind>();
  if (start && !start.showTags) hiddenKinds.add('tag');
  if (start && !start.showAttachments) hiddenKinds.add('attachment');
  if (start?.hideUnresolved) hiddenKinds.add('unresolved');
  return {
    selected: null, depth: 0, hiddenRelations: new Set(), hiddenKinds, showOrphans: start?.showOrphans ?? true,
    folder: '', filter: start?.search ?? '', colorBy: 'kind', groups, orphans: false, theme: 'light',
  };
}

/**
 * What a page opens with, from the payload alone (before any graph is built, so that the relations
 * hidden at open can stay out of it: pending.ts): `base` is the default that the URL is written
 * against, `state` that default with the URL hash applied. Big vaults start with topic edges hidden:
 * they are two thirds of the edges and bury the typed ones (one click in the legend shows them).
 */
export function startState(p: ViewerPayload, hash: string): { base: ViewState; state: ViewState } {
  const base = defaultState(p.colorGroups ?? [], p.startFrom);
  const g = p.graph;
  const edges = isCompact(g) ? g.target.length : g.edges.length;
  const topic = isCompact(g) ? g.rels.some(([r]) => r === 'topic') : g.edges.some((e) => e.attributes?.relation === 'topic');
  if (edges > BIG_GRAPH_EDGES && topic) base.hiddenRelations = new Set(['topic']);
  return { base, state: decodeState(hash, base) };
}

/** State → hash string (without `#`); only what differs from `base` is written. */
export function encodeState(s: ViewState, base: ViewState): string {
  const p = new URLSearchParams();
  if (s.selected) p.set('n', s.selected);
  if (s.depth) p.set('d', String(s.depth));
  const sameSet = (a: Set<string>, b: Set<string>) => a.size === b.size && [...a].every((x) => b.has(x));
  // Written when it differs from the base, even empty: a big graph's base hides topic edges.
  if (!sameSet(s.hiddenRelations, base.hiddenRelations)) p.set('hr', [...s.hiddenRelations].sort().join(','));
  if (!sameSet(s.hiddenKinds, base.hiddenKinds)) p.set('hk', [...s.hiddenKinds].sort().join(','));
  if (s.showOrphans !== base.showOrphans) p.set('o', s.showOrphans ? '1' : '0');
  if (s.folder) p.set('f', s.folder);
  if (s.filter !== base.filter) p.set('q', s.filter);
  if (s.colorBy !== 'kind') p.set('c', s.colorBy);
  if (s.orphans) p.set('orph', s.orphans === DEFAULT_ORPHAN_SENSE ? '1' : s.orphans);
  if (s.theme !== 'light') p.set('t', s.theme);
  if (JSON.stringify(s.groups) !== JSON.stringify(base.groups)) p.set('g', JSON.stringify(s.groups));
  return p.toString();
}

/** Hash string → state; unknown or malformed values fall back to `base` (a URL is user input). */
export function decodeState(hash: string, base: ViewState): ViewState {
  const p = new URLSearchParams(hash.replace(/^#/, ''));
  const list = (k: string) => (p.get(k) ?? '').split(',').filter(Boolean);
  const depth = Number(p.get('d') ?? 0);
  const colorBy = p.get('c') as ColorBy | null;
  return {
    selected: p.get('n') || null,
    depth: Number.isInteger(depth) && depth >= 0 && depth <= 3 ? depth : 0,
    hiddenRelations: p.has('hr') ? new Set(list('hr')) : new Set(base.hiddenRelations),
    hiddenKinds: p.has('hk') ? new Set(list('hk').filter((k): k is NodeKind => (NODE_KINDS as string[]).includes(k))) : new Set(base.hiddenKinds),
    showOrphans: p.has('o') ? p.get('o') !== '0' : base.showOrphans,
    folder: p.get('f') ?? '',
    filter: p.get('q') ?? base.filter,
    colorBy: colorBy && COLOR_BY.includes(colorBy) ? colorBy : 'kind',
    groups: parseGroups(p.get('g')) ?? base.groups,
    orphans: orphanSense(p.get('orph')),
    theme: p.get('t') === 'dark' ? 'dark' : 'light',
  };
}

/** `orph=1` is the default sense (links copied before the senses existed), `orph=no-relation` a named one. */
function orphanSense(v: string | null): false | OrphanSense {
  if (v === '1') return DEFAULT_ORPHAN_SENSE;
  return ORPHAN_SENSES.includes(v as OrphanSense) ? v as OrphanSense : false;
}

function parseGroups(s: string | null): ColorGroup[] | null {
  if (!s) return null;
  try {
    const v: unknown = JSON.parse(s);
    if (!Array.isArray(v)) return null;
    return v.filter((g): g is ColorGroup => typeof g === 'object' && g !== null
      && typeof g.query === 'string' && typeof g.color === 'string' && /^#[0-9a-f]{6}$/i.test(g.color));
  } catch { return null; }
}
