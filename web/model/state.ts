// The view state: everything the user chose (selection, filters, colouring, local depth, theme).
// Appearance is derived from it (view.ts); it round-trips through the URL hash so a view can be
// shared or bookmarked: `#n=01-博客/X&d=2&hr=topic,tag&hk=unresolved&c=folder&t=dark`; the timeline's
// day (`tl=2024-03-05`) and a shown path (`pa=A&pb=B&po=topics,directed`) too.

import { NODE_KINDS, type ColorGroup, type GraphViewStart, type NodeKind, type ViewerPayload } from '../../src/viewer/payload.ts';
import { isCompact } from '../../src/viewer/compact.ts';
import type { Theme } from './palette.ts';
import { DEFAULT_ORPHAN_SENSE, ORPHAN_SENSES, type OrphanSense } from '../../src/query/orphans.ts';
import { DEFAULT_FORCES, type DisplaySettings, type Forces } from './settings.ts';

/** Above this many edges a graph is "big": topic edges start hidden, bulk edges are plain lines, hover dims less. */
export const BIG_GRAPH_EDGES = 30_000;

export type ColorBy = 'kind' | 'folder' | 'community';
export const COLOR_BY: readonly ColorBy[] = ['kind', 'folder', 'community'];

export interface ViewState {
  /** Selected node's graph key (side panel open), or null; the URL holds its vault key (mapStateKeys). */
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
  /** Local graph: walk through topic hubs even when that reaches most of the vault (filters.ts). */
  walkTopics: boolean;
  /** Obsidian's display sliders (view.ts) and text fade: labels show from this node size on screen. */
  display: DisplaySettings & { fade: number };
  /** Obsidian's forces (local.ts), for the local graph and the page's layout. */
  forces: Forces;
  /** The timeline's day (days since 1970-01-01: model/timeline.ts), or null: its last day, nothing hidden. */
  until: number | null;
  /** The path shown between two notes (ui/paths.ts), or null. */
  path: ShownPath | null;
}

/** A path view: its two ends and the search's options (through topics, along the links only). */
export interface ShownPath { from: string; to: string; topics: boolean; directed: boolean }

/** Obsidian's graph.json display and force values, as the payload carries them (html.ts). */
export interface GraphViewSettings { showArrow?: boolean; display?: Partial<Record<string, number>> }

/**
 * graph.json → the view's display and forces. textFadeMultiplier (-3…3, 0 default) moves the size
 * from which labels show; the sliders' other values are factors as in Obsidian.
 */
export function viewSettings(g: GraphViewSettings | undefined): Pick<ViewState, 'display' | 'forces'> {
  const d = g?.display ?? {};
  const num = (k: string, dflt: number, lo: number, hi: number) => { const v = d[k]; return typeof v === 'number' && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : dflt; };
  return {
    display: { arrows: g?.showArrow ?? true, fade: num('textFadeMultiplier', 0, -3, 3), nodeScale: num('nodeSizeMultiplier', 1, 0.1, 5), lineScale: num('lineSizeMultiplier', 1, 0.1, 5) },
    forces: { center: num('centerStrength', DEFAULT_FORCES.center, 0, 1), repel: num('repelStrength', DEFAULT_FORCES.repel, 0, 20),
      link: num('linkStrength', DEFAULT_FORCES.link, 0, 1), distance: num('linkDistance', DEFAULT_FORCES.distance, 30, 500) },
  };
}

/**
 * The state a page opens with: everything shown, or — when the vault has `.obsidian/graph.json` —
 * what its Obsidian graph view shows (tags, attachments, unresolved, orphans, search).
 */
export function defaultState(groups: ColorGroup[] = [], start?: GraphViewStart, view?: GraphViewSettings): ViewState {
  const hiddenKinds = new Set<NodeKind>();
  if (start && !start.showTags) hiddenKinds.add('tag');
  if (start && !start.showAttachments) hiddenKinds.add('attachment');
  if (start?.hideUnresolved) hiddenKinds.add('unresolved');
  return {
    selected: null, depth: 0, hiddenRelations: new Set(), hiddenKinds, showOrphans: start?.showOrphans ?? true,
    folder: '', filter: start?.search ?? '', colorBy: 'kind', groups, orphans: false, theme: 'light', walkTopics: false,
    ...viewSettings(view), until: null, path: null,
  };
}

/**
 * What a page opens with, from the payload alone (before any graph is built, so that the relations
 * hidden at open can stay out of it: pending.ts): `base` is the default that the URL is written
 * against, `state` that default with the URL hash applied. A vault whose notes link to topics opens
 * on its document relations: topic edges start hidden when they are a quarter of the edges or more
 * (on the users' vault 17k of 19.8k: they buried the typed ones), and when the graph is big. One
 * click in the legend shows them; hovering a topic lights its notes meanwhile (view.ts).
 */
export function startState(p: ViewerPayload, hash: string): { base: ViewState; state: ViewState } {
  const base = defaultState(p.colorGroups ?? [], p.startFrom, p.graphView);
  const g = p.graph;
  const edges = isCompact(g) ? g.target.length : g.edges.length;
  let topics = 0;
  if (isCompact(g)) {
    const isTopic = g.rels.map(([rel]) => rel === 'topic');
    for (let j = 0; j < g.rel.length; j++) if (isTopic[g.rel[j]!]) topics++;
  } else for (const e of g.edges) if (e.attributes?.relation === 'topic') topics++;
  if (topics > 0 && (edges > BIG_GRAPH_EDGES || topics * 4 >= edges)) base.hiddenRelations = new Set(['topic']);
  return { base, state: decodeState(hash, base) };
}

/**
 * The state with its node keys (the selection, a path's ends) passed through `f`: the graph's keys
 * ↔ the vault's, which the URL speaks (keys.ts). A key `f` does not know clears what holds it.
 */
export function mapStateKeys(s: ViewState, f: (key: string) => string | undefined): ViewState {
  const selected = s.selected === null ? null : f(s.selected) ?? null;
  const from = s.path && f(s.path.from), to = s.path && f(s.path.to);
  return { ...s, selected, path: s.path && from != null && to != null ? { ...s.path, from, to } : null };
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
  if (s.walkTopics) p.set('wt', '1');
  const dv = [s.display.arrows ? 1 : 0, s.display.fade, s.display.nodeScale, s.display.lineScale];
  const db = [base.display.arrows ? 1 : 0, base.display.fade, base.display.nodeScale, base.display.lineScale];
  if (dv.join() !== db.join()) p.set('dp', dv.map(short).join(','));
  const fv = [s.forces.center, s.forces.repel, s.forces.link, s.forces.distance];
  if (fv.join() !== [base.forces.center, base.forces.repel, base.forces.link, base.forces.distance].join()) p.set('fc', fv.map(short).join(','));
  if (s.until !== null) p.set('tl', new Date(s.until * 86_400_000).toISOString().slice(0, 10));
  if (s.path) {
    p.set('pa', s.path.from);
    p.set('pb', s.path.to);
    const opts = [s.path.topics && 'topics', s.path.directed && 'directed'].filter(Boolean);
    if (opts.length) p.set('po', opts.join(','));
  }
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
    walkTopics: p.get('wt') === '1',
    ...decodeView(p, base),
    until: isoDay(p.get('tl')),
    path: p.get('pa') && p.get('pb') ? { from: p.get('pa')!, to: p.get('pb')!, topics: list('po').includes('topics'), directed: list('po').includes('directed') } : null,
  };
}

/** `tl=2024-03-05` → its day number; anything else (not a real date) → null. */
function isoDay(v: string | null): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v ?? '');
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === v ? t / 86_400_000 : null;
}

const short = (v: number) => String(Math.round(v * 1000) / 1000);

/** `dp=arrows,fade,node,line` and `fc=center,repel,link,distance`; each bad number keeps the base's. */
function decodeView(p: URLSearchParams, base: ViewState): Pick<ViewState, 'display' | 'forces'> {
  const nums = (k: string, n: number) => { const v = (p.get(k) ?? '').split(',').map(Number); return v.length === n ? v : []; };
  const pick = (v: number | undefined, dflt: number, lo: number, hi: number) => (v !== undefined && Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : dflt);
  const [ar, tf, ns, ls] = nums('dp', 4);
  const [c, r, l, d] = nums('fc', 4);
  const b = base.display, f = base.forces;
  return {
    display: { arrows: ar === undefined || !Number.isFinite(ar) ? b.arrows : ar === 1, fade: pick(tf, b.fade, -3, 3), nodeScale: pick(ns, b.nodeScale, 0.1, 5), lineScale: pick(ls, b.lineScale, 0.1, 5) },
    forces: { center: pick(c, f.center, 0, 1), repel: pick(r, f.repel, 0, 20), link: pick(l, f.link, 0, 1), distance: pick(d, f.distance, 30, 500) },
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
