// `vaultgraph stats`: counts of notes, links, outcomes, edges per relation, hubs, diagnostics.

import { computeStats } from '../../query/analysis.ts';
import { formatStats } from '../format.ts';
import { build, type Command } from '../common.ts';

export const statsCommand: Command = {
  summary: 'counts: notes, links, resolved/unresolved, edges per relation, top hubs, diagnostics',
  usage: `vaultgraph stats [vault] [--json]
  --json                  print JSON`,
  flags: { json: { type: 'boolean' } },
  run: async (vault, v, io) => {
    const b = await build(vault, v, io);
    const { links: total, ...outcomes } = b.counts;
    const stats = computeStats(b.graph, { total, ...outcomes }, b.diagnostics);
    io.stdout(v.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats));
    return 0;
  },
};
