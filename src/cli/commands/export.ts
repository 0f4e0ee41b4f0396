// `vaultgraph export`: the graph (or a note's local graph) in another tool's format.

import fs from 'node:fs';
import path from 'node:path';
import { writeOutputAtomic } from '../../export/write.ts';
import { outputTarget } from '../../build/write.ts';
import { Failure } from '../../build/failure.ts';
import { assignAnalytics, nodeScores } from '../../query/analytics.ts';
import { EXPORT_FORMATS, exportGraph, findNode, isMultiFile, type ExportFormat } from '../../export/index.ts';
import { makePayload, positionsOf } from '../../viewer/html.ts';
import { build, layoutProgress, outputPath, UsageError, type Command } from '../common.ts';

export const exportCommand: Command = {
  summary: 'export the graph for other tools: json, d3, gexf, graphml, csv, neo4j, cypher, mermaid, dot',
  usage: `vaultgraph export [vault] --format F [-o FILE_OR_DIR] [--focus NOTE [--depth N]] [--analytics] [--pretty] [--no-layout]
  -f, --format F          json (as build writes it), d3 ({nodes, links}), gexf (Gephi), graphml (yEd,
                          Cytoscape), csv (nodes.csv + edges.csv), neo4j (bulk-import CSV), cypher
                          (a MERGE script), mermaid, dot (diagrams, capped at 200 nodes)
  -o, --output PATH       file to write atomically; a folder for csv and neo4j (required for them).
                          Without it the other formats go to stdout
  --focus NOTE            only NOTE's local graph (its vault path, or a unique note name)
  --depth N               steps from the focus note, both directions (default 2)
  --analytics             add node attributes community (Louvain) and pagerank
  --pretty                indent json and d3
  --no-layout             gexf without node positions (by default the viewer's cached ForceAtlas2
                          layout, computed and cached first if the viewer has not been opened)`,
  flags: { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, focus: { type: 'string' },
    depth: { type: 'string' }, analytics: { type: 'boolean' }, pretty: { type: 'boolean' }, 'no-layout': { type: 'boolean' } },
  run: async (vault, v, io) => {
    const format = v.format as ExportFormat | undefined;
    if (format === undefined || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}${format === undefined ? '' : `, not "${format}"`}`);
    const out = typeof v.output === 'string' ? outputPath(vault, v.output, io) : undefined;
    if (isMultiFile(format) && out === undefined) throw new UsageError(`--format ${format} writes several files: give a folder with -o DIR`);
    if (isMultiFile(format) && out !== undefined && fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new Failure('cannot write output', out, `is a file; --format ${format} needs a folder`, 2);
    if (out !== undefined && !isMultiFile(format)) outputTarget(out);
    const depth = v.depth === undefined ? 2 : Number(v.depth);
    if (!Number.isInteger(depth) || depth < 0) throw new UsageError(`--depth must be a whole number ≥ 0, not "${v.depth}"`);
    if (v.depth !== undefined && v.focus === undefined) throw new UsageError('--depth needs --focus NOTE');
    const b = await build(vault, v, io);
    let focus: string | undefined;
    if (typeof v.focus === 'string') {
      const found = findNode(b.graph, v.focus);
      if ('error' in found) throw new UsageError(`--focus: ${found.error}`);
      focus = found.key;
    }
    if (v.analytics) assignAnalytics(b.graph, nodeScores(b.graph, b.options.reasons));
    // The viewer's layout of the whole graph (same topology, same cache), so Gephi shows what `serve` shows.
    const positions = format === 'gexf' && !v['no-layout'] ? positionsOf(await makePayload(b.graph, { root: vault, metaMaxNodes: 0, layout: layoutProgress(v, io) })) : undefined;
    const output = exportGraph(b.graph, format, { depth, pretty: Boolean(v.pretty), ...(focus !== undefined && { focus }), ...(positions && { positions }) });
    if (out === undefined) { io.stdout(output as string); return 0; }
    const files = writeOutputAtomic(out, output);
    if (!v.quiet) io.stderr(`wrote ${files.map((f) => path.relative(io.cwd, f) || f).join(', ')} (${format}${focus !== undefined ? `, local graph of ${focus}, depth ${depth}` : ''})\n`);
    return 0;
  },
};
