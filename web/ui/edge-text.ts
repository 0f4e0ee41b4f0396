// Edges' 说明 sentences, fetched when shown: a served payload leaves them out (they were 60 % of a
// big vault's payload), and the panel and the path listing ask `api/edge-text?key=` for the nodes
// they show. The answer names each edge by its other end and relation (stable while watch mode
// patches the graph), both by vault key (keys.ts); the text goes onto the graph's edge, or, for an
// edge still waiting outside the graph (pending.ts, keyed by its index), into the payload's column,
// where the pending edge reads it.

import { isCompact, type CompactGraph } from '../../src/viewer/compact.ts';
import type { ViewerPayload } from '../../src/viewer/payload.ts';
import type { VaultGraph } from '../model/filters.ts';
import type { PendingEdges } from '../model/pending.ts';
import { edgeIndexOf, keysOf } from '../model/keys.ts';

/** Load the 说明 of the edges at these nodes; resolves true when some text arrived that was not there. */
export type EdgeTextLoader = (keys: Iterable<string>) => Promise<boolean>;

type Entry = [other: string, relation: string, text: string];

/** The loader for a served payload; offline pages (text inline) get one that loads nothing. */
export function edgeTextLoader(payload: ViewerPayload, graph: VaultGraph, pending: PendingEdges): EdgeTextLoader {
  if (payload.edgeText !== true) return () => Promise.resolve(false);
  const c = isCompact(payload.graph) ? payload.graph : null;
  const keys = keysOf(graph);
  const asked = new Map<string, Promise<boolean>>();
  const one = (key: string): Promise<boolean> => {
    let p = asked.get(key);
    if (!p) {
      p = fetch(`api/edge-text?key=${encodeURIComponent(keys.vault(key))}`)
        .then((res) => (res.ok ? res.json() : null))
        .then((body: { out?: unknown; in?: unknown } | null) => (body ? apply(graph, pending, c, key, entries(body.out), entries(body.in)) : false))
        .catch(() => { asked.delete(key); return false; });
      asked.set(key, p);
    }
    return p;
  };
  return async (keys) => (await Promise.all([...new Set(keys)].map(one))).some(Boolean);
}

/** Untrusted JSON → [other, relation, text] triples (anything else dropped). */
function entries(v: unknown): Entry[] {
  if (!Array.isArray(v)) return [];
  return v.filter((e): e is Entry => Array.isArray(e) && e.length === 3 && e.every((x) => typeof x === 'string'));
}

function apply(graph: VaultGraph, pending: PendingEdges, c: CompactGraph | null, key: string, out: Entry[], into: Entry[]): boolean {
  if (!graph.hasNode(key)) return false;
  // The other ends, by the graph's keys (an end the page does not have names no edge here).
  const keys = keysOf(graph);
  const byEnd = (list: Entry[]) => new Map(list.flatMap(([other, r, text]) => {
    const k = keys.node(other);
    return k === undefined ? [] : [[`${r}\0${k}`, text] as const];
  }));
  const outText = byEnd(out), inText = byEnd(into);
  let changed = false;
  const put = (edge: string, relation: string, other: string, texts: Map<string, string>, inGraph: boolean) => {
    const text = texts.get(`${relation}\0${other}`);
    if (text === undefined) return;
    if (inGraph) {
      if (graph.getEdgeAttribute(edge, 'description') === text) return;
      graph.setEdgeAttribute(edge, 'description', text);
      changed = true;
      return;
    }
    const j = edgeIndexOf(edge);
    if (!c || j === null || c.description?.[j] === text) return;
    (c.description ??= {})[j] = text;
    changed = true;
  };
  graph.forEachOutEdge(key, (e, a, _s, t) => put(e, a.relation, t, outText, true));
  graph.forEachInEdge(key, (e, a, s) => put(e, a.relation, s, inText, true));
  pending.forEachOutEdge(key, (e, a, _s, t) => put(e, a.relation, t, outText, false));
  pending.forEachInEdge(key, (e, a, s) => put(e, a.relation, s, inText, false));
  return changed;
}
