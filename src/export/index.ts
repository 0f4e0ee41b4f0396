// Exports: one writer per format, reading the graph in passes (source.ts) and writing text through
// `write`, so the same code exports a graphology graph in memory and the streamed build's graph file.
// `--focus` narrows any format to a note's local graph first; the diagram formats are capped so they
// stay readable.

import type { VaultGraph } from '../core/graph.ts';
import { writeCsv } from './csv.ts';
import { writeCypher, type TextBuffer } from './cypher.ts';
import { writeD3 } from './d3.ts';
import { toDot } from './dot.ts';
import { busiestNodes, firstNodes, localGraph } from './focus.ts';
import { writeGexf, type Point } from './gexf.ts';
import { writeGraphml } from './graphml.ts';
import { toJson } from './json.ts';
import { toMermaid } from './mermaid.ts';
import { writeNeo4jCsv } from './neo4j.ts';
import { collect, graphSource, type FileSink, type GraphSource } from './source.ts';

export const EXPORT_FORMATS = ['json', 'd3', 'gexf', 'graphml', 'csv', 'neo4j', 'cypher', 'mermaid', 'dot'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** One file's text, or several files by name (written into a directory). */
export type ExportOutput = string | Record<string, string>;

export interface ExportOptions {
  /** Node key of the note whose local graph to export (resolve user input with `findNode`). */
  focus?: string;
  /** Steps from the focus node (default 2). */
  depth: number;
  /** Most nodes a Mermaid or DOT diagram shows; the rest are counted in a "… more" node. */
  maxDiagramNodes: number;
  pretty: boolean;
  /** GEXF node positions by node key (the viewer's layout); without them Gephi lays the graph out. */
  positions?: ReadonlyMap<string, Point>;
}

export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { depth: 2, maxDiagramNodes: 200, pretty: false };

export function isMultiFile(format: ExportFormat): boolean {
  return format === 'csv' || format === 'neo4j';
}

/** The export of a graph in memory, as text (tests, small graphs). */
export function exportGraph(full: VaultGraph, format: ExportFormat, options: Partial<ExportOptions> = {}): ExportOutput {
  const opts = { ...DEFAULT_EXPORT_OPTIONS, ...options };
  const graph = opts.focus !== undefined ? localGraph(full, opts.focus, opts.depth) : full;
  if (format === 'json') return toJson(graph, opts);
  if ((format === 'mermaid' || format === 'dot') && opts.focus !== undefined) {
    // A local graph is kept in its breadth-first order (nearest first).
    const capped = firstNodes(graph, opts.maxDiagramNodes);
    return (format === 'dot' ? toDot : toMermaid)(capped.graph, { focus: opts.focus, omitted: capped.omitted });
  }
  const files = collect((file) => writeExport(graphSource(graph), format, opts, file));
  return isMultiFile(format) ? files : files['']!;
}

/**
 * Every format but json (which is the build's own stream) of a whole graph from a source, into `file`
 * (one-file formats use the name ''). `buffer`: where the cypher script's groups wait (a spool for
 * big graphs).
 */
export function writeExport(src: GraphSource, format: Exclude<ExportFormat, 'json'>, opts: Omit<ExportOptions, 'focus'>, file: FileSink, buffer?: () => TextBuffer): void {
  switch (format) {
    case 'd3': return file('', (w) => writeD3(src, w, opts));
    case 'gexf': return file('', (w) => writeGexf(src, w, opts.positions));
    case 'graphml': return file('', (w) => writeGraphml(src, w));
    case 'csv': return writeCsv(src, file);
    case 'neo4j': return writeNeo4jCsv(src, file);
    case 'cypher': return file('', (w) => writeCypher(src, w, buffer));
    case 'mermaid':
    case 'dot': {
      // A whole vault: the busiest nodes first.
      const capped = busiestNodes(src, opts.maxDiagramNodes);
      return file('', (w) => w((format === 'dot' ? toDot : toMermaid)(capped.graph, { omitted: capped.omitted })));
    }
  }
}

export { findNode } from './focus.ts';
