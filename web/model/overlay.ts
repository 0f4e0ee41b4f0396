// An overlay over the view's reducers: a set of nodes and edges to show on their own (a path between
// two notes), everything else dimmed and its edges hidden. Pure: wraps the reducers view.ts makes.

import type { Display } from './view.ts';

export interface Overlay {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
  /** Dimmed colour for the nodes outside (the theme's). */
  dim: string;
}

type Reducer = (key: string, data: Display) => Display;

export function overlayNodes(inner: Reducer, o: Overlay): Reducer {
  return (key, data) => {
    const r = inner(key, data);
    if (r.hidden) return r;
    // Not `highlighted`: sigma would draw a second label for it on its hover layer, beside the one
    // the label pass placed (ui/labels.ts), and cut off at the canvas edge.
    return o.nodes.has(key) ? { ...r, color: data.color ?? r.color, forceLabel: true, highlighted: false, zIndex: 3 }
      : { ...r, color: o.dim, label: null, forceLabel: false, highlighted: false, zIndex: 0 };
  };
}

/** `shown(edge)`: whether the filters let the edge be seen at all (a hidden relation stays hidden). */
export function overlayEdges(inner: Reducer, o: Overlay, shown: (edge: string) => boolean): Reducer {
  return (edge, data) => {
    if (!o.edges.has(edge)) return { ...inner(edge, data), hidden: true };
    return { ...data, hidden: !shown(edge), size: Math.max(3, (data.size ?? 1) * 2), zIndex: 3 };
  };
}
