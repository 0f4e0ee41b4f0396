// `vaultgraph path [vault] A B`: how two notes are related — the shortest paths between them over
// the typed document relations (or `--via` these), each step with its relation and 说明 sentence.

import { findNode } from '../../export/index.ts';
import { DEFAULT_MAX_PATHS, findPaths, pathGraphOf, type NotePath, type PathStep } from '../../query/paths.ts';
import type { VaultGraph } from '../../core/graph.ts';
import { safeText } from '../format.ts';
import { build, UsageError, type Command } from '../common.ts';

export const pathCommand: Command = {
  summary: 'how two notes are related: the shortest paths between them over typed relations',
  usage: `vaultgraph path [vault] A B [--via RELATIONS] [--directed] [--max N] [--json]
  A, B                    notes: vault path (folder/Note or folder/Note.md), or a unique title or file name
  --via LIST              relations to walk, comma-separated (default: the typed document relations —
                          相关文档 items and fields; not topic, link, embed or tag). E.g. --via cites,topic
  --directed              follow links only from the note that wrote them (default: either way)
  --max N                 at most N paths, all of the shortest length (default ${DEFAULT_MAX_PATHS})
  --json                  print {"from", "to", "via", "paths": [{"nodes", "edges": [{"source", "target",
                          "relation", "description"}]}]}
Exit 1 when there is no path.`,
  flags: { via: { type: 'string' }, directed: { type: 'boolean' }, max: { type: 'string' }, json: { type: 'boolean' } },
  operands: ['A', 'B'],
  run: async (vault, v, io, [a, b]) => {
    const max = v.max === undefined ? DEFAULT_MAX_PATHS : Number(v.max);
    if (!Number.isInteger(max) || max < 1) throw new UsageError(`--max must be a whole number ≥ 1, not "${v.max}"`);
    const via = typeof v.via === 'string' ? v.via.split(',').map((s) => s.trim()).filter(Boolean) : [];
    const g = (await build(vault, v, io)).graph;
    const present = new Set(g.mapEdges((_e, attrs) => attrs.relation));
    for (const r of via) if (!present.has(r)) throw new UsageError(`--via: no "${r}" relation in this vault (it has: ${[...present].sort().join(', ')})`);
    const from = resolve(g, a!, 'A'), to = resolve(g, b!, 'B');
    if (from === to) throw new UsageError(`A and B are the same note: ${from}`);
    const paths = findPaths(pathGraphOf(g), from, to, { via, directed: Boolean(v.directed), max });
    const viaWords = via.length ? via.join(', ') : 'typed relations';
    if (v.json) {
      const edge = (s: PathStep) => ({ source: s.source, target: s.target, relation: s.relation, description: s.description ?? null });
      io.stdout(JSON.stringify({ from, to, via, paths: paths.map((p) => ({ nodes: p.nodes, edges: p.edges.map(edge) })) }, null, 2) + '\n');
    }
    if (!paths.length) {
      io.stderr(`vaultgraph: no path from ${safeText(from)} to ${safeText(to)} over ${viaWords}${v.directed ? ', directed' : ''} (try --via with more relations${v.directed ? ' or drop --directed' : ''})\n`);
      return 1;
    }
    if (!v.json) io.stdout(formatPaths(g, paths, viaWords, Boolean(v.directed), max));
    return 0;
  },
};

function resolve(g: VaultGraph, query: string, which: string): string {
  const found = findNode(g, query);
  if ('error' in found) throw new UsageError(`${which}: ${found.error}`);
  return found.key;
}

/**
 * 2 shortest paths, 2 steps each (over typed relations):
 *
 * 1. 笔记 A ─[引用 cites]→ B
 *       A 引用了 B 的结论。
 *    B ←[观点相悖 contradicts]─ C
 */
export function formatPaths(g: VaultGraph, paths: NotePath[], viaWords: string, directed: boolean, max = Infinity): string {
  const name = (k: string) => safeText(g.getNodeAttribute(k, 'label') ?? k);
  const steps = paths[0]!.edges.length;
  const lines = [`${paths.length} shortest path${paths.length === 1 ? '' : 's'} from ${name(paths[0]!.nodes[0]!)} to ${name(paths[0]!.nodes.at(-1)!)}, `
    + `${steps} step${steps === 1 ? '' : 's'} each (over ${viaWords}${directed ? ', directed' : ''}${paths.length >= max ? `; the first ${max}, --max shows more` : ''}):`, ''];
  paths.forEach((p, i) => {
    p.edges.forEach((e, j) => {
      const here = p.nodes[j]!, there = p.nodes[j + 1]!;
      const words = e.label && e.label !== e.relation ? `${safeText(e.label)} ${e.relation}` : e.relation;
      const arrow = e.source === here ? `─[${words}]→` : `←[${words}]─`;
      lines.push(`${j === 0 ? `${i + 1}.`.padEnd(4) : '    '}${name(here)} ${arrow} ${name(there)}`);
      if (e.description) lines.push(`      ${safeText(e.description)}`);
    });
    lines.push('');
  });
  lines.push(`notes: ${paths.map((p) => p.nodes.map((k) => safeText(k)).join(' → ')).join('\n       ')}`);
  return lines.join('\n') + '\n';
}
