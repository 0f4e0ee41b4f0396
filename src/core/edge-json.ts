// Edge attributes as JSON, written by hand: the same text as JSON.stringify(attributes) for the
// attributes draft.ts makes (keys in their canonical order), two to three times faster, which
// matters for the million edges of a 100k-note vault. Strings still go through JSON.stringify.

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
