// sigma made before the graph, for the first frame (software WebGL): on a few invisible items, one
// per program the first frame draws, so that the GPU process compiles those programs and SwiftShader
// builds their pipelines while the page decodes the payload and builds the graph, instead of after
// the frame is queued. Measured on the users' vault: a second sigma of the same graph in fresh
// contexts cost ~0.9 s of GPU time, against ~0.05–0.1 s for another frame of the same programs;
// drawing its edges with one program instead of five halved it. main.ts hands the real graph over
// with setGraph. See docs/viewer-first-frame.md.

import Graph from 'graphology';
import type { AppSettings } from './app.ts';
import { isCompact } from '../../src/viewer/compact.ts';
import type { ViewerPayload } from '../../src/viewer/payload.ts';

/** The app's own settings until it gives them (main.ts sets them before handing the graph over). */
export const WARM_SETTINGS: AppSettings = { nodeReducer: null, edgeReducer: null, labelColor: { color: '#000' }, labelRenderedSizeThreshold: 0 };

const CLEAR = 'rgba(0,0,0,0)';

/**
 * Two nodes and an edge of each drawn type between them, all transparent and unlabelled (the real
 * frame clears the layers first anyway). The types the viewer draws at open (view.ts edgeLook,
 * curves.ts); `fast` lines are for big graphs, which are not made early.
 */
export function warmGraph(): Graph {
  const g = new Graph({ type: 'directed', multi: true });
  g.addNode('a', { x: 0, y: 0, size: 1, color: CLEAR });
  g.addNode('b', { x: 1, y: 1, size: 1, color: CLEAR });
  for (const [type, curvature] of [['arrow', 0], ['line', 0], ['curved', 0.35], ['curvedArrow', -0.35]] as const) {
    g.addEdge('a', 'b', { type, curvature, size: 1, color: CLEAR });
  }
  return g;
}

/** Nodes and edges (those waiting outside the graph too: pending.ts) as the payload says, before any graph. */
export function payloadCounts(p: ViewerPayload): { order: number; edges: number } {
  const g = p.graph;
  return isCompact(g) ? { order: g.name.length, edges: g.target.length } : { order: g.nodes.length, edges: g.edges.length };
}
