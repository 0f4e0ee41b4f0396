// Exports: one pure function per format, graph → text (or several named texts). `--focus` narrows
// any format to a note's local graph first; the diagram formats are capped so they stay readable.

import type { VaultGraph } from '../core/graph.ts';
import { toCsv } from './csv.ts';
import { toCypher } from './cypher.ts';
import { toD3 } from './d3.ts';
import { toDot } from './dot.ts';
import { byDegree, firstNodes, localGraph } from './focus.ts';
import { toGexf, type Point } from './gexf.ts';
import { toGraphml } from './graphml.ts';
import { toJson } from './json.ts';
import { toMermaid } from './mermaid.ts';
import { toNeo4jCsv } from './neo4j.ts';

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

export function exportGraph(full: VaultGraph, format: ExportFormat, options: Partial<ExportOptions> = {}): ExportOutput {
  const opts = { ...DEFAULT_EXPORT_OPTIONS, ...options };
  const graph = opts.focus !== undefined ? localGraph(full, opts.focus, opts.depth) : full;
  switch (format) {
    case 'json': return toJson(graph, opts);
    case 'd3': return toD3(graph, opts);
    case 'gexf': return toGexf(graph, opts.positions);
    case 'graphml': return toGraphml(graph);
    case 'csv': return toCsv(graph);
    case 'neo4j': return toNeo4jCsv(graph);
    case 'cypher': return toCypher(graph);
    case 'mermaid':
    case 'dot': {
      const capped = firstNodes(opts.focus !== undefined ? graph : byDegree(graph), opts.maxDiagramNodes);
      const render = format === 'dot' ? toDot : toMermaid;
      return render(capped.graph, { ...(opts.focus !== undefined && { focus: opts.focus }), omitted: capped.omitted });
    }
  }
}

export { findNode } from './focus.ts';
