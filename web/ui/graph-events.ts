// A patch for sigma 3.0.3 (pinned): a node or edge dropped from the graph (a live change, `serve
// --watch`) is taken out of sigma's caches alone, not by a full refresh. sigma answers graphology's
// nodeDropped / edgeDropped with `refresh()`, which runs the node and edge reducers again over the
// whole graph (2.8 s at 100k notes for one dropped edge); an added node or edge is re-reduced alone
// and the programs are filled again on the next frame (`process`). Drops now do the same: the caches
// lose the item and the next frame's `process` fills the programs from what is left.
// Browser only (sigma cannot be imported outside one); main.ts applies it.

import Sigma from 'sigma';

type Listener = (payload: { key: string }) => void;
interface Internals {
  graph: { on(e: string, f: Listener): void; removeListener(e: string, f: Listener): void; hasEdge(k: string): boolean };
  activeListeners: Record<string, Listener>;
  edgesWithForcedLabels: Set<string>;
  hoveredEdge: string | null;
  removeNode(key: string): void;
  removeEdge(key: string): void;
  refresh(opts: { partialGraph: { nodes?: string[]; edges?: string[] }; schedule: boolean }): void;
}

let applied = false;

export function partialDrops(): void {
  if (applied) return;
  applied = true;
  const proto = Sigma.prototype as unknown as { bindGraphHandlers(this: Internals): unknown };
  const bind = proto.bindGraphHandlers;
  proto.bindGraphHandlers = function (this: Internals) {
    const out = bind.call(this);
    const l = this.activeListeners;
    this.graph.removeListener('nodeDropped', l.dropNodeGraphUpdate!);
    this.graph.removeListener('edgeDropped', l.dropEdgeGraphUpdate!);
    l.dropNodeGraphUpdate = ({ key }) => {
      this.removeNode(key);
      // graphology drops a node's edges without an event: forget those sigma would still read.
      for (const e of this.edgesWithForcedLabels) if (!this.graph.hasEdge(e)) this.edgesWithForcedLabels.delete(e);
      if (this.hoveredEdge !== null && !this.graph.hasEdge(this.hoveredEdge)) this.hoveredEdge = null;
      this.refresh({ partialGraph: { nodes: [] }, schedule: true });
    };
    l.dropEdgeGraphUpdate = ({ key }) => {
      this.removeEdge(key);
      this.refresh({ partialGraph: { edges: [] }, schedule: true });
    };
    this.graph.on('nodeDropped', l.dropNodeGraphUpdate);
    this.graph.on('edgeDropped', l.dropEdgeGraphUpdate);
    return out;
  };
}
