// The graph's colours, one owner for the viewer (web/model/palette.ts re-exports them) and the exports
// (GEXF viz:color): per node kind, per relation, and a categorical palette for names without one.

import type { NodeKind } from '../core/types.ts';

export const KIND_COLORS: Record<NodeKind, string> = {
  note: '#4e79a7',
  topic: '#f28e2b',
  tag: '#b07aa1',
  attachment: '#59a14f',
  unresolved: '#bab0ac',
};

export interface EdgeStyle {
  color: string;
  /** Thickness in pixels at zoom 1. */
  size: number;
  /** `arrow` for relations with a direction; `line` when both ends say the same thing. */
  type: 'arrow' | 'line';
}

/**
 * Typed relations stand out (saturated, thicker); the bulk relations (topic, tag, plain link) stay
 * thin and pale, because they are two thirds of a vault's edges and would bury the typed ones.
 */
export const RELATION_STYLES: Record<string, EdgeStyle> = {
  cites: { color: '#2f6fdf', size: 2, type: 'arrow' },
  explains: { color: '#17a2b8', size: 2, type: 'arrow' },
  'further-reading': { color: '#8e6bd1', size: 1.6, type: 'arrow' },
  agrees: { color: '#2ca02c', size: 2, type: 'line' },
  contradicts: { color: '#e03131', size: 2.6, type: 'line' },
  'same-event': { color: '#e8890c', size: 2, type: 'line' },
  'upstream-downstream': { color: '#9c6644', size: 2, type: 'arrow' },
  'version-evolution': { color: '#d6336c', size: 2, type: 'arrow' },
  related: { color: '#7d8fa3', size: 1.4, type: 'arrow' },
  topic: { color: '#d9b48f', size: 0.8, type: 'arrow' },
  link: { color: '#a7b1bd', size: 1, type: 'arrow' },
  embed: { color: '#c9a227', size: 1.2, type: 'arrow' },
  tag: { color: '#cdb4db', size: 0.7, type: 'line' },
};

/** Fields and frontmatter keys (`up`, `parent`…) get a palette colour picked by name. */
export function relationStyle(relation: string): EdgeStyle {
  return RELATION_STYLES[relation] ?? { color: categorical(hash(relation)), size: 1.4, type: 'arrow' };
}

/**
 * Folders and communities: Okabe–Ito's colour-blind-safe set (without black), then Paul Tol's
 * muted colours, 12 in all, in an order where neighbours differ most. Folders and communities take
 * them by rank (biggest first), so the first 12 never share one; the 13th starts over.
 */
export const CATEGORICAL = [
  '#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00',
  '#f0e442', '#7e6fd6', '#882255', '#999933', '#44aa99', '#8c8c8c',
];

export function categorical(i: number): string { return CATEGORICAL[Math.abs(i) % CATEGORICAL.length]!; }

/** FNV-1a: a stable small hash so a name keeps its colour across reloads. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}
