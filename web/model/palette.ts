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
