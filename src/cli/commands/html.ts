// `vaultgraph html`: the viewer as one self-contained offline HTML file.

import { outputTarget, writeFileAtomic } from '../../build/write.ts';
import { build, layoutProgress, outputPath, UsageError, type Command } from '../common.ts';

export const htmlCommand: Command = {
  summary: 'write the viewer as one self-contained HTML file that works offline (file://)',
  usage: `vaultgraph html [vault] -o graph.html [--no-layout]
  -o, --output FILE       the HTML file to write (required)
  --no-layout             skip the ForceAtlas2 precomputation (the page lays the graph out itself)
  --date-key KEY          the timeline's frontmatter date (default: vaultgraph.config.json viewer.dateKey,
                          else whichever of 发布日期, date, created… most notes have)`,
  flags: { output: { type: 'string', short: 'o' }, 'no-layout': { type: 'boolean' }, 'date-key': { type: 'string' } },
  run: async (vault, v, io) => {
    if (typeof v.output !== 'string') throw new UsageError('html needs -o FILE (the HTML file to write)');
    const file = outputPath(vault, v.output, io);
    outputTarget(file);
    const b = await build(vault, v, io);
    const { renderHtml } = await import('../../viewer/html.ts');
    const html = await renderHtml(b.graph, { root: vault, layout: v['no-layout'] ? false : layoutProgress(v, io),
      ...(typeof v['date-key'] === 'string' && { dateKey: v['date-key'] }) });
    writeFileAtomic(file, html);
    if (!v.quiet) io.stderr(`wrote ${v.output}: ${b.graph.order} nodes, ${b.graph.size} edges, ${(html.length / 1024).toFixed(0)} KB\n`);
    return 0;
  },
};
