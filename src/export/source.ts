// What an export reads and where it writes. Every format reads its graph in passes (nodes in order,
// then edges in order), so the same writer serves a graphology graph in memory (`graphSource`) and the
// streamed build's graph file (build/graph-file.ts), which never holds 1.1M edges at once; and writes
// text through `write`, a pass at a time, never as one whole-file string.

import type { VaultGraph } from '../core/graph.ts';
import type { GraphVisitor } from '../build/graph-file.ts';

export type { GraphVisitor };

export interface GraphSource {
  readonly order: number;
  readonly size: number;
  /** One pass over the graph; a visitor without `edge` need not cost a read of the edges. */
  pass(visitor: GraphVisitor): void;
}

/** Text out, in pieces of any size. */
export type Write = (text: string) => void;

/** Where a format's files go: `fill` writes one named file (`nodes.csv`…); one-file formats use the name ''. */
export type FileSink = (name: string, fill: (write: Write) => void) => void;

export function graphSource(graph: VaultGraph): GraphSource {
  return {
    order: graph.order,
    size: graph.size,
    pass: ({ node, edge }) => {
      if (node) graph.forEachNode((key, a) => node(key, a));
      if (edge) graph.forEachEdge((key, a, s, t) => edge(key, s, t, a));
    },
  };
}

/** Collects the text of each file (small graphs, tests): what `exportGraph` returns. */
export function collect(run: (file: FileSink) => void): Record<string, string> {
  const out: Record<string, string> = {};
  run((name, fill) => {
    const parts: string[] = [];
    fill((s) => { parts.push(s); });
    out[name] = parts.join('');
  });
  return out;
}

const FLUSH = 1 << 20;

/** Gathers small pieces into ~1 M-character chunks for `sink` (a file descriptor's synchronous writes). */
export function buffered(sink: (chunk: string) => void): { write: Write; flush: () => void } {
  let buf = '';
  return {
    write: (s) => { buf += s; if (buf.length >= FLUSH) { sink(buf); buf = ''; } },
    flush: () => { if (buf) { sink(buf); buf = ''; } },
  };
}
