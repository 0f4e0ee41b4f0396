// Analysis: queries over the built graph — orphans (the rule is orphans.ts's), per-relation counts,
// hubs — pure functions of the graph.

import type { VaultGraph, VaultModel } from '../core/graph.ts';
import type { Diagnostic, NodeKind } from '../core/types.ts';
import { linkViewOf, ORPHAN_SENSES, orphanReport, type OrphanSense } from './orphans.ts';

/** The orphan senses (docs/OBSIDIAN-LINKS.md §11 G3, plus `no-relation`): the rule is orphans.ts's. */
export type OrphanMode = OrphanSense;
export const ORPHAN_MODES: readonly OrphanMode[] = ORPHAN_SENSES;

/** Edge families that `--ignore` can leave out: `topic` edges and `tag` edges. */
export type IgnorableFamily = 'topic' | 'tag';
export const IGNORABLE: readonly IgnorableFamily[] = ['topic', 'tag'];

const NOTE_KINDS: ReadonlySet<NodeKind> = new Set(['note', 'topic']);

export function isNoteNode(graph: VaultGraph, node: string): boolean {
  return NOTE_KINDS.has(graph.getNodeAttribute(node, 'kind'));
}

/** Orphan notes and topic notes in the given sense, sorted by key (`vaultgraph check`'s rules). */
export function findOrphans(graph: VaultGraph, mode: OrphanMode, ignore: readonly IgnorableFamily[] = []): string[] {
  return orphanReport(linkViewOf(graph), mode, { ignore, topics: true }).orphans;
}

/**
 * findOrphans' `no-incoming` sense, on a graph's export form without building the graph (the diff
 * compares two of them): a note or topic, not excluded, that no edge reaches. Every edge source is
 * a note, so any incoming edge counts.
 */
export function orphansOfModel(model: Pick<VaultModel, 'nodes'> & { edges: ReadonlyArray<{ target: string }> }): string[] {
  const reached = new Set<string>();
  for (const e of model.edges) reached.add(e.target);
  return model.nodes.filter((n) => NOTE_KINDS.has(n.attributes.kind) && !n.attributes.excluded && !reached.has(n.key)).map((n) => n.key).sort();
}

export interface Hub { node: string; label: string; kind: NodeKind; inDegree: number }

/** Nodes with the most incoming edges (distinct sources), tags excluded; ties by key. */
export function topHubs(graph: VaultGraph, limit = 10, relation?: string): Hub[] {
  const hubs: Hub[] = [];
  graph.forEachNode((node, attrs) => {
    if (attrs.kind === 'tag') return;
    let n = 0;
    graph.forEachInEdge(node, (_e, a) => { if (relation === undefined ? a.relation !== 'tag' : a.relation === relation) n++; });
    if (n > 0) hubs.push({ node, label: attrs.label, kind: attrs.kind, inDegree: n });
  });
  return hubs.sort((a, b) => b.inDegree - a.inDegree || (a.node < b.node ? -1 : 1)).slice(0, limit);
}

export interface Stats {
  nodes: Record<NodeKind, number>;
  edges: number;
  relations: Record<string, { edges: number; occurrences: number; labels: string[] }>;
  links: { total: number; resolved: number; unresolved: number; ambiguous: number; self: number };
  orphans: Record<OrphanMode, number>;
  hubs: Hub[];
  diagnostics: Record<string, number>;
}

export function computeStats(
  graph: VaultGraph,
  links: Stats['links'],
  diagnostics: readonly Diagnostic[],
): Stats {
  const nodes: Record<NodeKind, number> = { note: 0, topic: 0, tag: 0, attachment: 0, unresolved: 0 };
  graph.forEachNode((_n, a) => { nodes[a.kind]++; });
  const relations: Stats['relations'] = Object.create(null) as Stats['relations']; // relation names come from notes: no inherited keys
  graph.forEachEdge((_e, a) => {
    const r = (relations[a.relation] ??= { edges: 0, occurrences: 0, labels: [] });
    r.edges++;
    r.occurrences += a.count;
    if (!r.labels.includes(a.label)) r.labels.push(a.label);
  });
  const sortedRelations = Object.fromEntries(Object.entries(relations).sort((a, b) => b[1].edges - a[1].edges || (a[0] < b[0] ? -1 : 1)));
  const byCode: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const d of diagnostics) byCode[d.code] = (byCode[d.code] ?? 0) + 1;
  return {
    nodes,
    edges: graph.size,
    relations: sortedRelations,
    links,
    // Documents only, as `vaultgraph orphans` and the viewer count them.
    orphans: orphanReport(linkViewOf(graph)).counts,
    hubs: topHubs(graph),
    diagnostics: Object.fromEntries(Object.entries(byCode).sort()),
  };
}
