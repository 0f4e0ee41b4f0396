// The timeline: the vault as it grew, by a frontmatter date (chosen in Node: src/viewer/dates.ts).
// Pure: the dates by node, the range and counts the slider shows, and a visibility limited to a day.

import { NODE_KINDS, type NodeKind } from '../../src/viewer/payload.ts';
import { isCompact } from '../../src/viewer/compact.ts';
import { nodeKeyAt } from './keys.ts';
import { KeySet } from './key-set.ts';
import type { ViewerPayload } from '../../src/viewer/payload.ts';
import type { VaultGraph, Visibility } from './filters.ts';

export interface Timeline {
  /** The frontmatter key the dates come from (`发布日期`). */
  key: string;
  /** Graph node key (keys.ts) → day number (days since 1970-01-01); made on first use. */
  readonly days: Map<string, number>;
  /** How many notes have a date (days.size, known without making the map). */
  dated: number;
  first: number;
  last: number;
  /** Notes with no date under that key: always shown, counted. */
  undated: number;
}

/** The payload's dates (compact `date`, by node index), or null when the vault has none. */
export function timelineOf(p: ViewerPayload): Timeline | null {
  const c = p.graph;
  if (!isCompact(c) || !c.date || !c.dateKey) return null;
  const date = c.date;
  let first = Infinity, last = -Infinity, dated = 0;
  for (let i = 0; i < date.length; i++) {
    const d = date[i]!;
    if (!Number.isFinite(d)) continue;
    dated++;
    if (d < first) first = d;
    if (d > last) last = d;
  }
  if (!dated) return null;
  let notes = 0;
  const note = String(NODE_KINDS.indexOf('note'));
  for (let i = 0; i < c.kinds.length; i++) if (c.kinds[i] === note) notes++;
  // The map waits for the slider: the page asks whether the vault has dates before its first frame
  // (the bar narrows the stage), and 100k keys made into a map cost that frame ~50 ms.
  let days: Map<string, number> | undefined;
  const byKey = (): Map<string, number> => {
    days = new Map();
    for (let i = 0; i < date.length; i++) if (Number.isFinite(date[i])) days.set(nodeKeyAt(i), date[i]!);
    return days;
  };
  return { key: c.dateKey, get days() { return days ?? byKey(); }, dated, first, last, undated: Math.max(0, notes - dated) };
}

/** Only the nodes dated on or before `day` (undated ones stay): the predicate app.setLimit takes. */
export function upTo(t: Timeline, day: number): (key: string) => boolean {
  return (key) => { const d = t.days.get(key); return d === undefined || d <= day; };
}

/** How many dated notes are shown at `day`. */
export function shownAt(t: Timeline, day: number): number {
  let n = 0;
  for (const d of t.days.values()) if (d <= day) n++;
  return n;
}

/** Day number ↔ `YYYY-MM-DD`. */
export const dayToIso = (day: number): string => new Date(day * 86_400_000).toISOString().slice(0, 10);

const FOLLOWERS: ReadonlySet<NodeKind> = new Set(['tag', 'attachment', 'unresolved']);

/** A visibility with only the nodes `keep` accepts, edges and counts to match (no limit: as it is). */
export function limitVisibility(graph: VaultGraph, v: Visibility, keep: ((key: string) => boolean) | null): Visibility {
  if (!keep) return v;
  const nodes = new KeySet(graph.order);
  const followers: string[] = [];
  for (const n of v.nodes) {
    if (!keep(n)) continue;
    if (FOLLOWERS.has(graph.getNodeAttribute(n, 'kind')) && graph.degree(n) > 0) followers.push(n); else nodes.add(n);
  }
  // A tag, attachment or missing note has no date of its own: it appears with the first note that links to it.
  for (const n of followers) if (graph.someNeighbor(n, (m) => nodes.has(m))) nodes.add(n);
  if (nodes.size === v.nodes.size) return v;
  const edges = new KeySet(graph.size);
  const relations = new Map<string, number>();
  for (const e of v.edges) {
    if (!nodes.has(graph.source(e)) || !nodes.has(graph.target(e))) continue;
    edges.add(e);
    const r = graph.getEdgeAttribute(e, 'relation');
    relations.set(r, (relations.get(r) ?? 0) + 1);
  }
  const kinds = Object.fromEntries(NODE_KINDS.map((k) => [k, 0])) as Record<NodeKind, number>;
  for (const n of nodes) kinds[graph.getNodeAttribute(n, 'kind')]++;
  return { nodes, edges, kinds, relations };
}
