// Edge attributes as JSON, written by hand: the same text as JSON.stringify(attributes) for the
// attributes draft.ts makes (keys in their canonical order), or the `,"attributes":…` member of a
// lean edge (graph-json.ts owns that form), two to three times faster, which matters
// for the million edges of a 100k-note vault. Strings still go through JSON.stringify.

import { defaultEdgeLabel, defaultRelation } from './model.ts';
import type { EdgeAttributes, Occurrence } from './types.ts';

/** A string as JSON, without its quotes (node keys and relations inside an edge key). */
export const esc = (k: string): string => JSON.stringify(k).slice(1, -1);

const quoted = new Map<string, string>();
/** A string that repeats (relation, label, origin) as JSON, quoted once. */
function constant(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    q = JSON.stringify(s);
    if (quoted.size < 10_000) quoted.set(s, q);
  }
  return q;
}

function occurrenceJson(o: Occurrence): string {
  let s = `{"line":${o.line},"column":${o.column},"raw":${JSON.stringify(o.raw)},"origin":${constant(o.origin)}`;
  if (o.alias !== undefined) s += `,"alias":${JSON.stringify(o.alias)}`;
  if (o.subpath !== undefined) s += `,"subpath":${JSON.stringify(o.subpath)}`;
  return s + '}';
}

/** JSON.stringify(a), for attributes in draft.ts's key order: relation, label, description?, count, origin, occurrences. */
export function edgeAttributesJson(a: EdgeAttributes): string {
  let s = `{"relation":${constant(a.relation)},"label":${constant(a.label)}`;
  if (a.description !== undefined) s += `,"description":${JSON.stringify(a.description)}`;
  s += `,"count":${a.count},"origin":${constant(a.origin)},"occurrences":[`;
  const os = a.occurrences;
  for (let i = 0; i < os.length; i++) s += (i ? ',' : '') + occurrenceJson(os[i]!);
  return s + ']}';
}

/** The first line the link is written on (occurrences are few: maxOccurrencesPerEdge). */
export function firstOccurrenceLine(os: readonly Occurrence[]): number {
  let line = os.length ? os[0]!.line : 1;
  for (let i = 1; i < os.length; i++) if (os[i]!.line < line) line = os[i]!.line;
  return line;
}

/**
 * A lean edge's `,"attributes":…` member: JSON.stringify(leanAttributes(a, targetIsTag)) after
 * `,"attributes":`, or `""` when nothing is left to write (a topic or tag membership written once,
 * from the body), so the edge is `{"source":…,"target":…}`. The attributes: relation (unless the
 * default for the target), label (unless the relation's default), description?, count (unless 1),
 * origin (unless body).
 */
export function leanEdgeMemberJson(a: EdgeAttributes, targetIsTag: boolean): string {
  let s = a.relation === defaultRelation(targetIsTag) ? '' : `,"relation":${constant(a.relation)}`;
  if (a.label !== defaultEdgeLabel(a.relation)) s += `,"label":${constant(a.label)}`;
  if (a.description !== undefined) s += `,"description":${JSON.stringify(a.description)}`;
  if (a.count !== 1) s += `,"count":${a.count}`;
  if (a.origin !== 'body') s += `,"origin":${constant(a.origin)}`;
  return s === '' ? '' : `,"attributes":{${s.slice(1)}}`;
}
