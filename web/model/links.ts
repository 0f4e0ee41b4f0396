// A node's typed links for the side panel: outgoing and incoming edges grouped by relation, with
// the vault's word for the relation and each edge's 说明 sentence. Also the note excerpt. Pure.

import type { VaultGraph } from './filters.ts';
import { NO_PENDING, type PendingEdges } from './pending.ts';

export interface LinkItem { edge: string; other: string; otherLabel: string; otherKind: string; description?: string; count: number }
export interface LinkGroup { relation: string; label: string; items: LinkItem[] }

/**
 * Groups in a stable order: typed relations first (by size), then the rest; items by title. The
 * edges not loaded yet (`pending`: hidden relations of a big vault) are listed too.
 */
export function linksOf(graph: VaultGraph, key: string, direction: 'out' | 'in', pending: PendingEdges = NO_PENDING): LinkGroup[] {
  const groups = new Map<string, LinkGroup>();
  const sources = direction === 'out' ? [graph.forEachOutEdge.bind(graph), pending.forEachOutEdge] : [graph.forEachInEdge.bind(graph), pending.forEachInEdge];
  for (const each of sources) each(key, (edge, a, src, tgt) => {
    const other = direction === 'out' ? tgt : src;
    if (!graph.hasNode(other)) return;
    const g = groups.get(a.relation) ?? { relation: a.relation, label: a.label || a.relation, items: [] };
    g.items.push({
      edge, other, otherLabel: graph.getNodeAttribute(other, 'label') ?? other,
      otherKind: graph.getNodeAttribute(other, 'kind'), count: a.count ?? 1,
      ...(a.description ? { description: a.description } : {}),
    });
    groups.set(a.relation, g);
  });
  const bulk = new Set(['topic', 'link', 'tag', 'embed']);
  for (const g of groups.values()) g.items.sort((x, y) => x.otherLabel.localeCompare(y.otherLabel));
  return [...groups.values()].sort((x, y) => Number(bulk.has(x.relation)) - Number(bulk.has(y.relation))
    || y.items.length - x.items.length || x.relation.localeCompare(y.relation));
}

/** obsidian://open link; `file` is the vault-relative path (Obsidian accepts it with the extension). */
export function obsidianUrl(vault: string, path: string): string {
  return `obsidian://open?vault=${encodeURIComponent(vault)}&file=${encodeURIComponent(path)}`;
}
