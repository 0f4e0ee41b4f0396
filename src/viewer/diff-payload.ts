// What `serve --diff REV` sends the page beside the graph: the diff (query/diff.ts) in the viewer's
// terms — node keys by status, the edges added and changed, and "ghosts": the removed notes and
// edges (and the removed nodes they need), which the page draws faintly. Isomorphic and pure.

import type { VaultModel } from '../core/graph.ts';
import type { NodeKind } from '../core/types.ts';
import type { VaultDiff } from '../query/diff.ts';

export interface GhostNode { key: string; kind: NodeKind; label: string; path: string; folder: string }
export interface GhostEdge { source: string; target: string; relation: string; label: string; description?: string }
/** [source, target, relation] of an edge in the current graph. */
export type EdgeRef = [string, string, string];

export interface ViewerDiff {
  /** The revision compared with (as the user wrote it). */
  since: string;
  /** Notes that are new (renamed notes are `changed`, not new). */
  added: string[];
  /** Notes whose file changed, that were renamed, or whose links changed. */
  changed: string[];
  renamed: Array<[string, string]>;
  /** Removed notes (some may live on as the placeholder of a link that is broken now). */
  removed: string[];
  /** Removed notes and the removed edges' other ends that are not in the graph any more. */
  ghosts: GhostNode[];
  edgesAdded: EdgeRef[];
  /** A changed 说明 sentence: [source, target, relation, before, after]. */
  edgesChanged: Array<[string, string, string, string | null, string | null]>;
  edgesRemoved: GhostEdge[];
  /** New broken links: [source, linkpath]. */
  brokenAdded: Array<[string, string]>;
  brokenFixed: number;
  orphansAdded: string[];
}

/**
 * `modified`: note keys (new side) whose file changed, from git; the rest of `changed` comes from
 * the diff itself. `oldModel` supplies the ghosts' attributes.
 */
export function viewerDiff(d: VaultDiff, oldModel: Pick<VaultModel, 'nodes'>, newModel: Pick<VaultModel, 'nodes'>, since: string, modified: readonly string[] = []): ViewerDiff {
  const now = new Set(newModel.nodes.map((n) => n.key));
  const oldKey = new Map(d.notes.renamed.map(([a, b]) => [b, a]));
  const oldNodes = new Map(oldModel.nodes.map((n) => [n.key, n.attributes]));
  const ghosts = new Map<string, GhostNode>();
  const ghost = (key: string) => {
    if (now.has(key) || ghosts.has(key)) return;
    const a = oldNodes.get(oldKey.get(key) ?? key);
    if (a) ghosts.set(key, { key, kind: a.kind, label: a.label, path: a.path, folder: a.folder });
  };
  for (const k of d.notes.removed) ghost(k);
  const edgesRemoved: GhostEdge[] = [];
  for (const e of d.edges.removed) {
    ghost(e.source);
    ghost(e.target);
    if (!(now.has(e.source) || ghosts.has(e.source)) || !(now.has(e.target) || ghosts.has(e.target))) continue;
    edgesRemoved.push({ source: e.source, target: e.target, relation: e.relation, label: e.relation, ...(e.description !== null && { description: e.description }) });
  }
  const added = new Set(d.notes.added);
  const changed = new Set<string>();
  const touch = (k: string) => { if (now.has(k) && !added.has(k)) changed.add(k); };
  for (const k of modified) touch(k);
  for (const [, b] of d.notes.renamed) touch(b);
  for (const e of [...d.edges.added, ...d.edges.removed, ...d.edges.changed]) touch(e.source);
  for (const b of [...d.broken.added, ...d.broken.fixed]) touch(b.source);
  return {
    since,
    added: [...added].sort(),
    changed: [...changed].sort(),
    renamed: d.notes.renamed,
    removed: d.notes.removed,
    ghosts: [...ghosts.values()],
    edgesAdded: d.edges.added.map((e) => [e.source, e.target, e.relation]),
    edgesChanged: d.edges.changed.map((e) => [e.source, e.target, e.relation, e.before, e.after]),
    edgesRemoved,
    brokenAdded: d.broken.added.map((b) => [b.source, b.target]),
    brokenFixed: d.broken.fixed.length,
    orphansAdded: d.orphans.added,
  };
}
