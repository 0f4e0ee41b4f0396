// State → appearance: each node's base colour and size, and the sigma reducers that dim, hide and
// highlight from the interaction (hover, selection, filters, orphans view). Pure; the reducers
// return plain objects that sigma merges into its display data.

import type { NodeKind, VaultNode } from '../../src/viewer/payload.ts';
import type { Visibility, VaultGraph } from './filters.ts';
import { compileQuery, groupColor, type Matcher } from '../../src/viewer/query.ts';
import { KIND_COLORS, THEMES, categorical, hash, relationStyle, type Theme } from './palette.ts';
import type { ColorBy } from './state.ts';
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
export const compileGroups = (groups: ColorGroup[]): CompiledGroup[] =>
  groups.map((g) => ({ match: compileQuery(g.query), color: g.color }));

/** Colour before any highlighting: a matching colour group first, then kind / top folder / community. */
export function baseColor(key: string, a: VaultNode, colorBy: ColorBy, groups: CompiledGroup[],
  communities?: Map<string, number>): string {
  const grouped = groupColor(groups, key, a);
  if (grouped) return grouped;
  if (colorBy === 'folder' && a.kind !== 'tag' && a.kind !== 'unresolved') {
    return categorical(hash(topFolder(a.folder)));
  }
  if (colorBy === 'community' && communities?.has(key)) return categorical(communities.get(key)!);
  return KIND_COLORS[a.kind] ?? KIND_COLORS.note;
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
}

/** The node whose neighbourhood is emphasised: hover wins over selection. */
export function focusOf(ix: Interaction): string | null {
  const f = ix.hovered ?? ix.selected;
  return f !== null && ix.visible.nodes.has(f) ? f : null;
}

/** Focus plus its visible neighbours (null when nothing is focused). */
export function neighbourhood(ix: Interaction): Set<string> | null {
  const f = focusOf(ix);
  if (f === null) return null;
  const set = new Set([f]);
  ix.graph.forEachEdge(f, (e, _a, src, tgt) => { if (ix.visible.edges.has(e)) set.add(src === f ? tgt : src); });
  return set;
}

/** `dimOthers` false (big graphs): the neighbourhood is labelled and raised, the rest left alone. */
export function makeNodeReducer(ix: Interaction, near: Set<string> | null, dimOthers = true) {
  const dim = THEMES[ix.theme].dimNode;
  return (key: string, data: Display): Display => {
    if (!ix.visible.nodes.has(key)) return { ...data, hidden: true };
    if (near) {
      if (!near.has(key)) return dimOthers ? { ...data, color: dim, label: null, zIndex: 0 } : data;
      return { ...data, zIndex: 2, forceLabel: true, highlighted: key === ix.selected };
    }
    if (ix.orphans) {
      if (!ix.orphans.has(key)) return { ...data, color: dim, label: null, zIndex: 0 };
      return { ...data, zIndex: 2, forceLabel: ix.orphans.size <= 150 };
    }
    return key === ix.selected ? { ...data, highlighted: true, zIndex: 2 } : data;
  };
}

/**
 * With a focus, only its own edges are drawn, so the neighbourhood reads at once. On big graphs
 * (`hideOthers` false) the other edges stay as they are: touching 100k edges on every hover stalls.
 */
export function makeEdgeReducer(ix: Interaction, hideOthers = true) {
  const f = focusOf(ix);
  return (edge: string, data: Display): Display => {
    if (!ix.visible.edges.has(edge)) return { ...data, hidden: true };
    if (f !== null && !ix.graph.hasExtremity(edge, f)) return hideOthers ? { ...data, hidden: true } : data;
    if (ix.orphans) return { ...data, hidden: true };
    if (f !== null) return { ...data, size: (data.size ?? 1) * 1.6, zIndex: 2 };
    return data;
  };
}

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
