// Rules over the built graph: topic notes nobody links to, orphans, dead ends, and symmetric
// relations declared in one direction only.

import { findOrphans, isNoteNode } from '../query/analysis.ts';
import type { CheckContext, RawFinding } from './context.ts';

export function topicUnlinked(ctx: CheckContext): RawFinding[] {
  const { graph } = ctx;
  const out: RawFinding[] = [];
  graph.forEachNode((node, a) => {
    if (a.kind !== 'topic') return;
    const linked = graph.someInEdge(node, (_e, e, source) => e.relation !== 'tag' && source !== node && isNoteNode(graph, source));
    if (!linked) out.push({ rule: 'topic-unlinked', path: a.path, line: 1, column: 1, message: `topic note ${node} is not linked from any other note` });
  });
  return out;
}

export function orphan(ctx: CheckContext): RawFinding[] {
  return findOrphans(ctx.graph, 'no-incoming').map((node) => ({
    rule: 'orphan', path: ctx.graph.getNodeAttribute(node, 'path'), line: 1, column: 1, message: `no other note links to ${node}`,
  }));
}

export function deadEnd(ctx: CheckContext): RawFinding[] {
  return findOrphans(ctx.graph, 'dead-ends').map((node) => ({
    rule: 'dead-end', path: ctx.graph.getNodeAttribute(node, 'path'), line: 1, column: 1, message: `${node} links to no other note or file`,
  }));
}

/**
 * For each relation in `check.symmetric` (a relation name, or the vault's word such as 同一事件):
 * an edge A -r-> B between notes with no B -r-> A. Reported at A's first occurrence.
 */
export function symmetricMissing(ctx: CheckContext): RawFinding[] {
  const { graph, options } = ctx;
  const relations = new Set(ctx.config.symmetric.map((r) => options.reasons[r] ?? r));
  const out: RawFinding[] = [];
  graph.forEachEdge((_e, a, source, target) => {
    if (!relations.has(a.relation) || !isNoteNode(graph, source) || !isNoteNode(graph, target)) return;
    if (graph.someOutEdge(target, (_b, back, _s, t) => t === source && back.relation === a.relation)) return;
    const occ = a.occurrences[0]!;
    out.push({ rule: 'symmetric-missing', path: graph.getNodeAttribute(source, 'path'), line: occ.line, column: occ.column,
      message: `${occ.raw} says "${a.label}" (${a.relation}), but ${graph.getNodeAttribute(target, 'path')} does not say it back` });
  });
  return out;
}
