// `serve --diff REV` in the page, the pure part: put the removed notes and edges back into the graph
// as ghosts (drawn faintly), tell each node and edge's status (added, changed, removed, newly broken,
// unchanged), count them, list one note's added and removed relations, and colour by status.

import type { VaultEdge, VaultNode } from '../../src/viewer/payload.ts';
import type { ViewerDiff } from '../../src/viewer/diff-payload.ts';
import type { VaultGraph } from './filters.ts';
import { edgeLook, nodeSize } from './view.ts';
import type { Theme } from './palette.ts';
import { keysOf, knownEnds, knownNodes, type NodeKeys } from './keys.ts';

export type Status = 'added' | 'changed' | 'removed' | 'broken' | 'same';

export const STATUS_COLORS: Record<Exclude<Status, 'same'>, string> = {
  added: '#2b9a3e',
  changed: '#e8a20c',
  removed: '#f0a8a8', // faint: a ghost of what was there
  broken: '#e03131',
};
/** Unchanged nodes and edges recede, per theme, so the change stands out. */
export const SAME_COLORS: Record<Theme, { node: string; edge: string }> = {
  light: { node: '#d5dae1', edge: '#e6e9ee' },
  dark: { node: '#3a3f49', edge: '#2a2e36' },
};

/** Edge identity across versions (the viewer's edge keys are not stable). */
const edgeId = (source: string, target: string, relation: string) => `${relation}\u0000${source}\u0000${target}`;

export interface DiffIndex {
  diff: ViewerDiff;
  node(key: string): Status;
  edge(key: string): Status;
  /** Nodes and edges per status (ghosts included as `removed`). */
  counts: { added: number; changed: number; removed: number; broken: number; edgesAdded: number; edgesRemoved: number; edgesChanged: number };
}

/** Ghost edge keys never collide with the graph's edge keys (keys.ts): those never start with a NUL. */
export const GHOST_EDGE_PREFIX = '\u0000ghost:';

/**
 * Add the ghosts: each removed node near the nodes it was linked to (or at the graph's middle),
 * each removed edge between its ends. Marked `ghost: true`. Returns the index of statuses.
 */
export function addDiff(graph: VaultGraph, vaultDiff: ViewerDiff): DiffIndex {
  const diff = diffInGraphKeys(vaultDiff, keysOf(graph));
  const ghostEdges = diff.edgesRemoved.filter((e) => e.source !== e.target);
  for (const n of diff.ghosts) {
    if (graph.hasNode(n.key)) continue;
    graph.addNode(n.key, { kind: n.kind, label: n.label, path: n.path, folder: n.folder, inDegree: 0, outDegree: 0,
      x: 0, y: 0, size: nodeSize(0, n.kind, graph.order), ghost: true } as unknown as VaultNode);
  }
  ghostEdges.forEach((e, i) => {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) return;
    graph.addEdgeWithKey(`${GHOST_EDGE_PREFIX}${i}`, e.source, e.target, {
      relation: e.relation, label: e.label, count: 1, origin: 'body', occurrences: [],
      description: `removed since ${diff.since}${e.description ? `: ${e.description}` : ''}`,
      ghost: true, ...edgeLook(e.relation),
    } as unknown as VaultEdge);
  });
  placeGhosts(graph, diff);

  // Later wins: a removed note that lives on as a broken link's placeholder is shown as removed.
  const nodeStatus = new Map<string, Status>();
  for (const k of diff.changed) nodeStatus.set(k, 'changed');
  for (const k of diff.added) nodeStatus.set(k, 'added');
  for (const n of diff.ghosts) nodeStatus.set(n.key, 'removed');
  for (const k of diff.removed) if (graph.hasNode(k)) nodeStatus.set(k, 'removed');
  const edgeStatus = new Map<string, Status>();
  for (const [s, t, r] of diff.edgesAdded) edgeStatus.set(edgeId(s, t, r), 'added');
  for (const [s, t, r] of diff.edgesChanged) edgeStatus.set(edgeId(s, t, r), 'changed');
  const broken = new Set(diff.brokenAdded.map(([s, linkpath]) => `${s}\u0000${linkpath.toLowerCase()}`));
  for (const [s, linkpath] of diff.brokenAdded) {
    // The placeholder of a link broken now: newly broken (if nothing else pointed there before).
    graph.forEachOutNeighbor(s, (t, a) => { if (a.kind === 'unresolved' && a.path.toLowerCase() === linkpath.toLowerCase() && !nodeStatus.has(t)) nodeStatus.set(t, 'broken'); });
  }
  const cache = new Map<string, Status>();
  const edge = (key: string): Status => {
    let st = cache.get(key);
    if (st !== undefined) return st;
    if (key.startsWith(GHOST_EDGE_PREFIX)) st = 'removed';
    else if (!graph.hasEdge(key)) st = 'same';
    else {
      const s = graph.source(key), t = graph.target(key), a = graph.getEdgeAttributes(key);
      const target = graph.getNodeAttributes(t);
      st = edgeStatus.get(edgeId(s, t, a.relation))
        ?? (target.kind === 'unresolved' && broken.has(`${s}\u0000${target.path.toLowerCase()}`) ? 'broken' : 'same');
    }
    cache.set(key, st);
    return st;
  };
  const count = (st: Status) => [...nodeStatus.values()].filter((x) => x === st).length;
  const removedNotes = new Set([...diff.removed, ...diff.ghosts.filter((g) => g.kind === 'note' || g.kind === 'topic').map((g) => g.key)]);
  return {
    diff,
    node: (key) => nodeStatus.get(key) ?? 'same',
    edge,
    counts: {
      added: count('added'), changed: count('changed'), removed: removedNotes.size, broken: diff.brokenAdded.length,
      edgesAdded: diff.edgesAdded.length, edgesRemoved: ghostEdges.length, edgesChanged: diff.edgesChanged.length,
    },
  };
}

/**
 * The diff (vault keys) in the graph's keys (keys.ts): ghosts get theirs; a note or edge end the page
 * does not have is left out. `renamed` keeps the old name as written (the panel shows it).
 */
export function diffInGraphKeys(d: ViewerDiff, keys: NodeKeys): ViewerDiff {
  const ghosts = d.ghosts.map((g) => ({ ...g, key: keys.add(g.key) }));
  const known = (list: string[]) => knownNodes(keys, list);
  // Tuples [source, target, …rest]: through knownEnds as objects and back.
  const ends = <T extends [string, string, ...unknown[]]>(list: T[]) =>
    knownEnds(keys, list.map((e) => ({ source: e[0], target: e[1], e }))).map(({ source, target, e }) => [source, target, ...e.slice(2)] as unknown as T);
  return {
    ...d, ghosts, added: known(d.added), changed: known(d.changed), removed: known(d.removed), orphansAdded: known(d.orphansAdded),
    renamed: d.renamed.flatMap(([from, to]) => { const n = keys.node(to); return n === undefined ? [] : [[from, n] as [string, string]]; }),
    edgesAdded: ends(d.edgesAdded), edgesChanged: ends(d.edgesChanged), edgesRemoved: knownEnds(keys, d.edgesRemoved),
    brokenAdded: d.brokenAdded.flatMap(([s, linkpath]) => { const n = keys.node(s); return n === undefined ? [] : [[n, linkpath] as [string, string]]; }),
  };
}

/** A ghost sits at the middle of its live neighbours, nudged aside; with none, at the graph's middle. */
function placeGhosts(graph: VaultGraph, diff: ViewerDiff): void {
  let cx = 0, cy = 0, n = 0;
  const xy = (k: string) => graph.getNodeAttributes(k) as unknown as { x: number; y: number; ghost?: boolean };
  graph.forEachNode((k) => { const p = xy(k); if (!p.ghost) { cx += p.x; cy += p.y; n++; } });
  if (n > 0) { cx /= n; cy /= n; }
  diff.ghosts.forEach((g, i) => {
    if (!graph.hasNode(g.key)) return;
    let x = 0, y = 0, m = 0;
    graph.forEachNeighbor(g.key, (k) => { const p = xy(k); if (!p.ghost) { x += p.x; y += p.y; m++; } });
    const angle = i * 2.399963; // the golden angle: ghosts around one spot do not pile up
    const [bx, by] = m > 0 ? [x / m, y / m] : [cx, cy];
    graph.mergeNodeAttributes(g.key, { x: bx + 3 * Math.cos(angle), y: by + 3 * Math.sin(angle) } as never);
  });
}

export interface NoteChanges {
  added: Array<{ other: string; relation: string; out: boolean }>;
  removed: Array<{ other: string; relation: string; out: boolean }>;
  changed: Array<{ other: string; relation: string; before: string | null; after: string | null }>;
  renamedFrom?: string;
}

/** One note's relations added and removed (both directions) and 说明 changes, for the panel. */
export function noteChanges(diff: ViewerDiff, key: string): NoteChanges {
  const side = (s: string, t: string, relation: string) => (s === key ? { other: t, relation, out: true } : t === key ? { other: s, relation, out: false } : null);
  const added = diff.edgesAdded.map(([s, t, r]) => side(s, t, r)).filter((x) => x !== null);
  const removed = diff.edgesRemoved.map((e) => side(e.source, e.target, e.relation)).filter((x) => x !== null);
  const changed = diff.edgesChanged.filter(([s]) => s === key).map(([, t, r, before, after]) => ({ other: t, relation: r, before, after }));
  const from = diff.renamed.find(([, b]) => b === key)?.[0];
  return { added, removed, changed, ...(from !== undefined && { renamedFrom: from }) };
}

/** Display colour of a node or edge in diff colouring (`kind` picks the unchanged colour). */
export function statusColor(st: Status, theme: Theme, kind: 'node' | 'edge'): string {
  return st === 'same' ? SAME_COLORS[theme][kind] : STATUS_COLORS[st];
}
