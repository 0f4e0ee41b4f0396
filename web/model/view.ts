// State → appearance: each node's base colour and size, and the sigma reducers that dim, hide and
// highlight from the interaction (hover, selection, filters, orphans view). Pure; the reducers
// return plain objects that sigma merges into its display data.

import type { NodeKind, VaultNode } from '../../src/viewer/payload.ts';
import type { Visibility, VaultGraph } from './filters.ts';
import { compileQuery, groupColor, type Matcher } from '../../src/viewer/query.ts';
import { KIND_COLORS, THEMES, categorical, hash, readableOn, relationStyle, type Theme } from './palette.ts';
import type { ColorBy } from './state.ts';
import { DEFAULT_DISPLAY, type DisplaySettings } from './settings.ts';
import type { ColorGroup } from '../../src/viewer/payload.ts';

/** What sigma reads from a reducer (a subset of its NodeDisplayData / EdgeDisplayData). */
export interface Display {
  color?: string;
  size?: number;
  hidden?: boolean;
  label?: string | null;
  highlighted?: boolean;
  forceLabel?: boolean;
  zIndex?: number;
  type?: string;
}

export interface CompiledGroup { match: Matcher | null; color: string }
/**
 * The groups' matchers, each with its colour as drawn in `theme`: a group the vault set to black (or
 * near it) is drawn lighter in the dark theme, where it would vanish (palette.ts readableOn). The light
 * theme keeps the vault's colours as they are.
 */
export const compileGroups = (groups: ColorGroup[], theme: Theme = 'light'): CompiledGroup[] =>
  groups.map((g) => ({ match: compileQuery(g.query), color: groupDrawn(g.color, theme) }));

/** A colour group's colour as the theme draws it (the legend shows the same). */
export const groupDrawn = (color: string, theme: Theme): string => (theme === 'dark' ? readableOn(color, THEMES.dark.background) : color);

/**
 * Colour before any highlighting: a matching colour group first, then kind / top folder / community.
 * `folders`: top folder → rank (folderRanks); without it a folder's colour comes from its name's hash.
 */
export function baseColor(key: string, a: VaultNode, colorBy: ColorBy, groups: CompiledGroup[],
  communities?: Map<string, number>, folders?: Map<string, number>): string {
  const grouped = groupColor(groups, key, a);
  if (grouped) return grouped;
  if (colorBy === 'folder' && a.kind !== 'tag' && a.kind !== 'unresolved') {
    const top = topFolder(a.folder);
    return categorical(folders?.get(top) ?? hash(top));
  }
  if (colorBy === 'community' && communities?.has(key)) return categorical(communities.get(key)!);
  return KIND_COLORS[a.kind] ?? KIND_COLORS.note;
}

/** Top folders by node count, biggest first (then by name): each gets its own palette colour, in that order. */
export function folderRanks(graph: VaultGraph): Map<string, number> {
  const count = new Map<string, number>();
  graph.forEachNode((_k, a) => { if (a.kind !== 'tag' && a.kind !== 'unresolved') { const f = topFolder(a.folder); count.set(f, (count.get(f) ?? 0) + 1); } });
  return new Map([...count].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([f], i) => [f, i]));
}

export function topFolder(folder: string): string { const i = folder.indexOf('/'); return i < 0 ? folder : folder.slice(0, i); }

/** Size by incoming links: square root, so a hub with 5,000 in-links does not cover the screen. */
export function nodeSize(inDegree: number, kind: NodeKind, order = 0): number {
  const base = kind === 'tag' || kind === 'unresolved' ? 2 : 3;
  // In a big vault hundreds of topic hubs would all hit the cap and cover the notes: grow slower, stop lower.
  const big = order > 2000;
  return Math.min(big ? 14 : 26, base + (big ? 0.6 : 1.7) * Math.sqrt(Math.max(0, inDegree)));
}

/** Everything the reducers look at besides the node's own data. */
export interface Interaction {
  graph: VaultGraph;
  visible: Visibility;
  hovered: string | null;
  selected: string | null;
  /** Orphans to highlight (orphans view), or null. */
  orphans: Set<string> | null;
  theme: Theme;
  /** The local graph's own positions (local.ts) while it is shown, else null (app.ts writes them into x/y). */
  local?: ReadonlyMap<string, { x: number; y: number }> | null;
  /** Edges not in the graph yet (pending.ts): a hovered topic lights the notes that link to it through them. */
  members?: (key: string, cb: (other: string) => void) => void;
  /** Display settings (Obsidian's sliders): arrows on untyped links, node and line size factors. */
  display?: DisplaySettings;
}

/** Obsidian's display sliders, as the reducers apply them. */
export { DEFAULT_DISPLAY, type DisplaySettings } from './settings.ts';

/** The node whose neighbourhood is emphasised: hover wins over selection. */
export function focusOf(ix: Interaction): string | null {
  const f = ix.hovered ?? ix.selected;
  return f !== null && ix.visible.nodes.has(f) ? f : null;
}

/**
 * Focus plus its visible neighbours (null when nothing is focused). A topic's notes count as its
 * neighbours even while topic edges are hidden (`members`): hovering a topic hub lights its notes.
 * In the local graph every shown node is already in view: only a hover focuses.
 */
export function neighbourhood(ix: Interaction): Set<string> | null {
  const f = ix.local ? (ix.hovered !== null && ix.visible.nodes.has(ix.hovered) ? ix.hovered : null) : focusOf(ix);
  if (f === null) return null;
  const set = new Set([f]);
  ix.graph.forEachEdge(f, (e, _a, src, tgt) => { if (ix.visible.edges.has(e)) set.add(src === f ? tgt : src); });
  if (ix.members && ix.graph.getNodeAttribute(f, 'kind') === 'topic') ix.members(f, (o) => { if (ix.visible.nodes.has(o)) set.add(o); });
  return set;
}

/** Labels forced on every node of a local graph up to this many nodes (the label pass still drops overlaps). */
const LOCAL_LABELS_MAX = 400;

/**
 * `dimOthers` false (big graphs): the neighbourhood is labelled and raised, the rest left alone.
 * The selected node is drawn larger (its label is bold: labels.ts), not with sigma's hover box,
 * which would cover its neighbours' labels. A local graph uses its own positions and labels all.
 */
export function makeNodeReducer(ix: Interaction, near: Set<string> | null, dimOthers = true) {
  const dim = THEMES[ix.theme].dimNode;
  const scale = ix.display?.nodeScale ?? 1;
  const local = ix.local ?? null;
  const labelAll = local !== null && ix.visible.nodes.size <= LOCAL_LABELS_MAX;
  return (key: string, data: Display): Display => {
    if (!ix.visible.nodes.has(key)) return { ...data, hidden: true };
    const own: Display = { ...data, size: (data.size ?? 3) * scale * (key === ix.selected ? 1.5 : 1) };
    if (labelAll) own.forceLabel = true;
    if (near) {
      if (!near.has(key)) return dimOthers ? { ...own, color: dim, label: null, zIndex: 0, forceLabel: false } : own;
      return { ...own, zIndex: 2, forceLabel: true };
    }
    if (ix.orphans && !local) {
      if (!ix.orphans.has(key)) return { ...own, color: dim, label: null, zIndex: 0 };
      return { ...own, zIndex: 2, forceLabel: ix.orphans.size <= 150 };
    }
    return key === ix.selected ? { ...own, zIndex: 2, forceLabel: true } : own;
  };
}

/** Typed relations keep their arrow heads whatever the arrows setting: their direction is their meaning. */
const UNDIRECTED: Record<string, string> = { arrow: 'line', curvedArrow: 'curved' };

/**
 * With a focus, its own edges are raised and the others drawn dim, so the neighbourhood reads at
 * once and every edge between shown nodes is still there. On big graphs (`hideOthers` false) the
 * other edges stay as they are: touching 100k edges on every hover stalls. In a local graph every
 * shown edge is drawn as it is. Arrows off (Obsidian's showArrow): untyped links lose their heads.
 */
export function makeEdgeReducer(ix: Interaction, hideOthers = true) {
  const f = ix.local ? (ix.hovered !== null && ix.visible.nodes.has(ix.hovered) ? ix.hovered : null) : focusOf(ix);
  const dim = THEMES[ix.theme].dimEdge;
  const d = ix.display ?? DEFAULT_DISPLAY;
  return (edge: string, data: Display): Display => {
    if (!ix.visible.edges.has(edge)) return { ...data, hidden: true };
    const own: Display = d.lineScale === 1 ? data : { ...data, size: (data.size ?? 1) * d.lineScale };
    if (!d.arrows && data.type && UNDIRECTED[data.type] && BULK_OR_FIELD(ix.graph.getEdgeAttribute(edge, 'relation'))) own.type = UNDIRECTED[data.type];
    if (ix.orphans && !ix.local) return { ...own, hidden: true };
    if (f !== null && !ix.graph.hasExtremity(edge, f)) return hideOthers ? { ...own, color: dim, zIndex: 0 } : own;
    if (f !== null) return { ...own, size: (own.size ?? 1) * 1.6, zIndex: 2 };
    return own;
  };
}

/** The typed 相关文档 relations (the vocabulary of relations.ts); everything else is a plain link, a topic, a tag or a field. */
export const TYPED_RELATIONS: ReadonlySet<string> = new Set(['cites', 'explains', 'further-reading', 'agrees', 'contradicts',
  'same-event', 'upstream-downstream', 'version-evolution', 'related']);
const BULK_OR_FIELD = (relation: string) => !TYPED_RELATIONS.has(relation);

/** Relations that are most of a vault's edges (topic alone is two thirds) and carry no reason. */
export const BULK = new Set(['topic', 'link', 'tag', 'embed']);

/**
 * Above this many typed (non-bulk) edges, those are plain lines too. Arrows and thick lines are
 * instanced triangles: 235k of them (a 100k-note vault) took ~10 s a frame in software WebGL
 * (SwiftShader) against ~1 s as GL lines, and at the zoom that shows such a graph their heads are
 * sub-pixel anyway. Colours still tell the relations apart.
 */
export const ARROWS_MAX_TYPED_EDGES = 50_000;

/**
 * Static edge look from its relation (set once as attributes; reducers only dim and hide). In a big
 * graph the bulk relations use `fast` (sigma's EdgeLineProgram: 1-px GL lines, no arrow head, a
 * fraction of the vertices of `arrow`), which matters with software WebGL; `allLines`: every relation.
 */
export function edgeLook(relation: string, big = false, allLines = false): { color: string; size: number; type: string } {
  const style = relationStyle(relation);
  return allLines || (big && BULK.has(relation)) ? { ...style, type: 'fast' } : style;
}
