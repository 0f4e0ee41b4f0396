// `vaultgraph analyze`: PageRank, hubs, communities, bridges, components, link suggestions.

import { analyzeGraph } from '../../query/analytics.ts';
import { formatAnalytics } from '../analytics-format.ts';
import { suggestLinks } from '../../query/suggest.ts';
import { build, UsageError, type Command } from '../common.ts';

export const analyzeCommand: Command = {
  summary: 'PageRank, hubs per relation family, communities, bridges, components, link suggestions',
  usage: `vaultgraph analyze [vault] [--json] [--top N]
  --json                  print JSON
  --top N                 entries per ranking and link suggestions listed (default 10)`,
  flags: { json: { type: 'boolean' }, top: { type: 'string' } },
  run: async (vault, v, io) => {
    const top = v.top === undefined ? 10 : Number(v.top);
    if (!Number.isInteger(top) || top <= 0) throw new UsageError(`--top must be a positive whole number, not "${v.top}"`);
    const b = await build(vault, v, io);
    const a = analyzeGraph(b.graph, b.options.reasons, { top });
    const suggestions = suggestLinks(b.graph, b.options.reasons, { top });
    if (v.json) {
      const { pagerank: _pr, community: _c, ...report } = a; // per-node maps: use export --analytics
      io.stdout(JSON.stringify({ ...report, suggestions }, null, 2) + '\n');
    } else io.stdout(formatAnalytics(a, suggestions));
    return 0;
  },
};
