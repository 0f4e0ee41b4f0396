// JSON: graphology's own serialisation, exactly what `vaultgraph build` writes; `Graph.from()` loads it.

import type { VaultGraph } from '../core/graph.ts';

export function toJson(graph: VaultGraph, opts: { pretty?: boolean } = {}): string {
  return JSON.stringify(graph.export(), null, opts.pretty ? 2 : undefined) + '\n';
}
