// Frozen drafts: a NoteDraft with its node and edge attributes already serialised to JSON, so
// workers do the stringifying and the main thread only joins strings (the JSON build path).

import type { NoteDraft, TargetRef } from './draft.ts';
import type { DraftLike } from './merge.ts';

export interface FrozenEdge { target: TargetRef; relation: string; json: string }
export interface FrozenDraft extends DraftLike<FrozenEdge> {
  /** JSON of the node attributes without degrees, e.g. `{"kind":"note",…,"tags":["a"]}`. */
  json: string;
  /** Checked against Obsidian's excluded files on the main thread. */
  kind: 'note' | 'topic';
}

export function freeze(d: NoteDraft): FrozenDraft {
  return {
    id: d.id, path: d.path, kind: d.attributes.kind as 'note' | 'topic',
    json: JSON.stringify(d.attributes),
    edges: d.edges.map((e) => ({ target: e.target, relation: e.relation, json: JSON.stringify(e.attributes) })),
    broken: d.broken, diagnostics: d.diagnostics, counts: d.counts,
  };
}
