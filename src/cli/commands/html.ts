// `vaultgraph html`: the viewer as one self-contained offline HTML file.

import { outputTarget, writeFileAtomic } from '../../build/write.ts';
import { jsonHooks, layoutProgress, outputPath, printDiagnostics, UsageError, vaultOverrides, type Command } from '../common.ts';

export const htmlCommand: Command = {
  summary: 'write the viewer as one self-contained HTML file that works offline (file://)',
  usage: `vaultgraph html [vault] -o graph.html [--no-layout]
  -o, --output FILE       the HTML file to write (required)
  --no-layout             skip the ForceAtlas2 precomputation (the page lays the graph out itself)
  --date-key KEY          the timeline's frontmatter date (default: vaultgraph.config.json viewer.dateKey,
                          else whichever of 发布日期, date, created… most notes have)
  --cache-dir DIR         keep the build cache in DIR (default: $XDG_CACHE_HOME/vaultgraph or ~/.cache/vaultgraph)
  --no-cache              neither read nor write the build cache`,
  flags: { output: { type: 'string', short: 'o' }, 'no-layout': { type: 'boolean' }, 'date-key': { type: 'string' }, 'cache-dir': { type: 'string' }, 'no-cache': { type: 'boolean' } },
  run: async (vault, v, io) => {
    if (typeof v.output !== 'string') throw new UsageError('html needs -o FILE (the HTML file to write)');
    const file = outputPath(vault, v.output, io);
    outputTarget(file);
    // The build's engine and cache, as `serve` (serve-model.ts); the page keeps its 说明 inline.
    const { model, diagnostics } = await (await import('../../viewer/serve-model.ts')).buildServeModel(vault, vaultOverrides(v), { ...jsonHooks(vault, v, io), pretty: false });
    let html: string;
    try {
      printDiagnostics(diagnostics, v, io);
      const { renderHtml } = await import('../../viewer/html.ts');
      html = await renderHtml(model, { root: vault, layout: v['no-layout'] ? false : layoutProgress(v, io),
        ...(typeof v['date-key'] === 'string' && { dateKey: v['date-key'] }) });
    } finally {
      model.close();
    }
    writeFileAtomic(file, html);
    if (!v.quiet) io.stderr(`wrote ${v.output}: ${model.order} nodes, ${model.size} edges, ${(html.length / 1024).toFixed(0)} KB\n`);
    return 0;
  },
};
