// Colours and edge styles: per node kind, per relation, per folder or community (a categorical
// palette; these live in src/viewer/palette.ts, which the exports share), the kinds' names and the
// two themes. Pure data and lookups; the reducers in view.ts apply them.

import type { NodeKind } from '../../src/viewer/payload.ts';

export { KIND_COLORS, RELATION_STYLES, CATEGORICAL, categorical, hash, relationStyle, type EdgeStyle } from '../../src/viewer/palette.ts';

export type Theme = 'light' | 'dark';

export const KIND_NAMES: Record<NodeKind, string> = {
  note: 'notes',
  topic: 'topics',
  tag: 'tags',
  attachment: 'attachments',
  unresolved: 'unresolved links',
};

export const THEMES: Record<Theme, { background: string; label: string; dimNode: string; dimEdge: string }> = {
  light: { background: '#ffffff', label: '#222222', dimNode: '#e4e6ea', dimEdge: '#eef0f3' },
  dark: { background: '#16181d', label: '#e8e8e8', dimNode: '#2c3038', dimEdge: '#23262d' },
};

/** WCAG relative luminance of `#rgb`/`#rrggbb`, or null for anything else. */
function luminance(hex: string): number | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex);
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  const lin = (i: number) => { const v = parseInt(h.slice(i, i + 2), 16) / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * lin(0) + 0.7152 * lin(2) + 0.0722 * lin(4);
}

/** Contrast ratio of two colours (1 … 21), or null when either is not hex. */
export function contrast(a: string, b: string): number | null {
  const x = luminance(a), y = luminance(b);
  return x === null || y === null ? null : (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** Below this contrast with the background a node is hard to find (a colour group set to black, in the dark theme). */
export const MIN_NODE_CONTRAST = 3;

/**
 * A colour that reads on `background`: itself when it already does, else mixed towards white (on a
 * dark background) or black (on a light one) just enough, keeping its hue where it has one.
 */
export function readableOn(color: string, background: string): string {
  const c = contrast(color, background);
  if (c === null || c >= MIN_NODE_CONTRAST) return color;
  const toward = (luminance(background) ?? 1) < 0.5 ? 255 : 0;
  const rgb = [1, 3, 5].map((i) => parseInt((color.length === 4 ? [...color.slice(1)].map((x) => x + x).join('') : color.slice(1)).slice(i - 1, i + 1), 16));
  for (let t = 0.1; t <= 1; t += 0.05) {
    const mixed = `#${rgb.map((v) => Math.round(v + (toward - v) * t).toString(16).padStart(2, '0')).join('')}`;
    if ((contrast(mixed, background) ?? 0) >= MIN_NODE_CONTRAST) return mixed;
  }
  return toward ? '#ffffff' : '#000000';
}
