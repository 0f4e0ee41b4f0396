// The viewer's orphans: the CLI's rule (src/query/orphans.ts) over the page's graph and the edges
// still waiting outside it (pending.ts), so both count the same vault the same way.

import { orphanReport, type OrphanReport, type OrphanSense } from '../../src/query/orphans.ts';
import { NO_PENDING, type PendingEdges } from './pending.ts';
import type { VaultGraph } from './filters.ts';

export function viewerOrphans(graph: VaultGraph, pending: PendingEdges = NO_PENDING, sense?: OrphanSense): OrphanReport {
  return orphanReport({
    forEachNode: (cb) => graph.forEachNode(cb),
    forEachLink: (cb) => {
      graph.forEachEdge((_e, a, s, t) => cb(s, t, a.relation));
      pending.forEachEdge((_e, a, s, t) => cb(s, t, a.relation));
    },
  }, sense);
}
