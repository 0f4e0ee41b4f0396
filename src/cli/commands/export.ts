// `vaultgraph export`: the graph (or a note's local graph) in another tool's format. The whole vault
// is streamed (json straight from the build; the rest from a temporary graph file read in passes), so
// a 100k-note vault exports in well under 1 GB; only `--analytics` builds the graph in memory.

import fs from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { atomicTarget, spoolBuffer, stdoutTarget, type ExportTarget } from '../../export/write.ts';
import { outputTarget } from '../../build/write.ts';
import { Failure } from '../../build/failure.ts';
import { GraphFile } from '../../build/graph-file.ts';
import { buildVaultJson } from '../../build/json-build.ts';
import { assignAnalytics, nodeScores } from '../../query/analytics.ts';
import { DEFAULT_EXPORT_OPTIONS, EXPORT_FORMATS, exportGraph, findNode, isMultiFile, writeExport, type ExportFormat, type ExportOptions, type ExportOutput } from '../../export/index.ts';
import { findNodeIn, localGraphOf } from '../../export/focus.ts';
import { layoutPositions } from '../../export/layout.ts';
import { graphSource } from '../../export/source.ts';
import { build, jsonHooks, layoutProgress, outputPath, printDiagnostics, UsageError, vaultOverrides, type CliIo, type Command, type Values } from '../common.ts';

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
                          layout, computed and cached first if the viewer has not been opened)
  --cache-dir DIR         keep the build cache in DIR (default: $XDG_CACHE_HOME/vaultgraph or ~/.cache/vaultgraph)
  --no-cache              neither read nor write the build cache`,
  flags: { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, focus: { type: 'string' },
    depth: { type: 'string' }, analytics: { type: 'boolean' }, pretty: { type: 'boolean' }, 'no-layout': { type: 'boolean' },
    'cache-dir': { type: 'string' }, 'no-cache': { type: 'boolean' } },
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
    const opts = { ...DEFAULT_EXPORT_OPTIONS, depth, pretty: Boolean(v.pretty) };
    const target = out === undefined ? stdoutTarget(io.stdout) : atomicTarget(out);
    const focus = v.analytics ? await exportInMemory(vault, format, opts, target, v, io) : await exportStreamed(vault, format, opts, target, v, io);
    if (out !== undefined && !v.quiet) io.stderr(`wrote ${target.written.map((f) => path.relative(io.cwd, f) || f).join(', ')} (${format}${focus !== undefined ? `, local graph of ${focus}, depth ${depth}` : ''})\n`);
    return 0;
  },
};

/**
 * From the streamed build: the whole vault's json is the build's own stream; the rest reads a
 * temporary graph file in passes, so a 100k-note vault is never one graphology graph or one string
 * (a note's local graph is: a small one). Returns the focus node.
 */
async function exportStreamed(vault: string, format: ExportFormat, opts: ExportOptions, target: ExportTarget, v: Values, io: CliIo): Promise<string | undefined> {
  if (format === 'json' && v.focus === undefined) {
    await target.stream(async (write) => {
      const text = new StringDecoder('utf8'); // spooled bytes may split a character between chunks
      const b = await buildVaultJson(vault, (c) => write(typeof c === 'string' ? c : text.write(Buffer.from(c.buffer, c.byteOffset, c.length))), vaultOverrides(v), { ...jsonHooks(vault, v, io), detail: 'full' });
      printDiagnostics(b.diagnostics, v, io);
    });
    return undefined;
  }
  const graph = await GraphFile.build(vault, vaultOverrides(v), jsonHooks(vault, v, io));
  try {
    printDiagnostics(graph.summary.diagnostics, v, io);
    let focus: string | undefined;
    if (typeof v.focus === 'string') {
      const found = findNodeIn(graph, v.focus);
      if ('error' in found) throw new UsageError(`--focus: ${found.error}`);
      focus = found.key;
    }
    // The viewer's layout of the whole graph (same topology, same cache), so Gephi shows what `serve` shows.
    const positions = format === 'gexf' && !v['no-layout'] ? await layoutPositions(graph, layoutProgress(v, io).onProgress) : undefined;
    const withPositions = { ...opts, ...(positions && { positions }) };
    if (focus !== undefined) write(target, exportGraph(localGraphOf(graph, focus, opts.depth), format, { ...withPositions, focus }));
    else writeExport(graph, format as Exclude<ExportFormat, 'json'>, withPositions, target.file, () => spoolBuffer());
    return focus;
  } finally { graph.dispose(); }
}

/** An export made in memory, to its file or files. */
function write(target: ExportTarget, output: ExportOutput): void {
  if (typeof output === 'string') target.file('', (w) => w(output));
  else for (const [name, text] of Object.entries(output)) target.file(name, (w) => w(text));
}

/** Analytics (Louvain, PageRank) need the whole graph in memory, as a graphology graph. Returns the focus node. */
async function exportInMemory(vault: string, format: ExportFormat, opts: ExportOptions, target: ExportTarget, v: Values, io: CliIo): Promise<string | undefined> {
  const b = await build(vault, v, io);
  let focus: string | undefined;
  if (typeof v.focus === 'string') {
    const found = findNode(b.graph, v.focus);
    if ('error' in found) throw new UsageError(`--focus: ${found.error}`);
    focus = found.key;
  }
  if (v.analytics) assignAnalytics(b.graph, nodeScores(b.graph, b.options.reasons));
  const positions = format === 'gexf' && !v['no-layout'] ? await layoutPositions(graphSource(b.graph), layoutProgress(v, io).onProgress) : undefined;
  write(target, exportGraph(b.graph, format, { ...opts, ...(focus !== undefined && { focus }), ...(positions && { positions }) }));
  return focus;
}
