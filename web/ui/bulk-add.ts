// Many edges into a graph sigma already draws (a big vault's edges after its first frame, its topic
// edges when shown): sigma 3.0.3 (pinned) answers each graphology `edgeAdded` by reducing the edge
// twice and scheduling a partial refresh, which at 100k notes cost more than building the graph.
// The callers refresh() in full afterwards, which reads every node and edge again, so sigma's graph
// listeners are taken off meanwhile. (If a sigma upgrade renames the methods, the add is only slower.)

import type Sigma from 'sigma';

interface GraphHandlers { bindGraphHandlers?: () => void; unbindGraphHandlers?: () => void }

/** Run `add`, which only adds to the graph, with sigma deaf to it; the caller then calls `renderer.refresh()`. */
export function addUnheard<T>(renderer: Sigma, add: () => T): T {
  const r = renderer as unknown as GraphHandlers;
  if (typeof r.unbindGraphHandlers !== 'function' || typeof r.bindGraphHandlers !== 'function') return add();
  r.unbindGraphHandlers();
  try {
    return add();
  } finally {
    r.bindGraphHandlers();
  }
}
