// The live vault's state, shared by its steps (update.ts, patch.ts, made.ts, moved.ts): each
// note's parse, draft and graph keys, the made nodes and who links them, the file set, the
// resolver index and the reverse link index. Plus the export in a full build's order.

import type { NoteDraft, TargetRef } from '../core/draft.ts';
import type { BuildInput, SerializedEdge, SerializedNode, VaultGraph, VaultModel } from '../core/graph.ts';
import { GRAPH_OPTIONS, madeIdentity, nodeAttributes } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import type { ResolverIndex } from '../core/resolve.ts';
import type { Diagnostic, EdgeAttributes, NodeAttributes, Note } from '../core/types.ts';
import type { byNameIndex, LinkpathIndex } from './live-index.ts';
import type { MoveLog } from './move-log.ts';
import type { Refs } from './refs.ts';

/** One file event: a note's new text (or why it could not be read), an attachment's arrival, a removal. */
export type VaultChange =
  | { type: 'upsert'; path: string; text?: string; diagnostic?: Diagnostic }
  | { type: 'delete'; path: string };

export interface NoteState {
  note: Note;
  draft: NoteDraft;
  key: string;
  /** Graph key of each draft edge, in draft order (undefined: a tag edge whose key a note holds). */
  edgeKeys: Array<string | undefined>;
  /** Identities of the made nodes its edges reach. */
  idents: Set<string>;
  /** The linkpaths it writes (keys of the reverse index). */
  lps: string[];
  /** The epoch its draft and idents are current at (lazy.ts: later logged moves are still to apply). */
  seen: number;
}

/** A node the merge makes (attachment `/path`, unresolved `?linkpath`, tag `#name`) and who links it. */
export interface MadeState { key: string; refs: Refs; first: string; stale: boolean }

/** Keys would collide: the change is applied by a whole re-merge instead. */
export class Conflict extends Error {}

export interface LiveState {
  /** The graph now (a re-merge replaces it). */
  graph: VaultGraph;
  readonly states: Map<string, NoteState>;
  /** Made nodes by identity (madeIdentity). */
  made: Map<string, MadeState>;
  readonly pathOfKey: Map<string, string>;
  /** Note paths in vault order. */
  readonly notePaths: string[];
  readonly attachments: Set<string>;
  index: ResolverIndex;
  readonly names: ReturnType<typeof byNameIndex>;
  readonly linkers: LinkpathIndex;
  readonly opts: Options;
  readonly isExcluded: BuildInput['isExcluded'];
  /** Moves whole groups of linkers take without their drafts being touched (lazy.ts). */
  readonly moveLog: MoveLog;
  /** The number of the change being applied (one per apply). */
  epoch: number;
  /** A logged move did not patch a draft: the graph is re-merged from drafts. */
  unsure: boolean;
}

/** A made node's identity, or undefined for a note of the vault. */
export const identityOf = (live: LiveState, ref: TargetRef): string | undefined =>
  ref.kind === 'path' && live.states.has(ref.path) ? undefined : madeIdentity(ref);

export const noteAttributes = (live: LiveState, d: NoteDraft): NodeAttributes => nodeAttributes(d.attributes, 0, 0, live.isExcluded);

/** Notes in vault order, then made nodes as first reached, edges in draft order: merge.ts's order. */
export function exportModel(g: VaultGraph, notes: readonly NoteState[]): VaultModel {
  const nodes: SerializedNode[] = [];
  const edges: SerializedEdge[] = [];
  const seen = new Set<string>();
  for (const s of notes) { seen.add(s.key); nodes.push({ key: s.key, attributes: { ...g.getNodeAttributes(s.key) } }); }
  for (const s of notes) {
    for (const k of s.edgeKeys) {
      if (k === undefined) continue;
      const target = g.target(k);
      if (!seen.has(target)) { seen.add(target); nodes.push({ key: target, attributes: { ...g.getNodeAttributes(target) } }); }
      edges.push({ key: k, source: s.key, target, attributes: g.getEdgeAttributes(k) });
    }
  }
  return { options: GRAPH_OPTIONS, attributes: {}, nodes, edges };
}

/** Same edge attributes for the same note text: occurrences are its links', so positions tell them apart. */
export function sameEdge(a: EdgeAttributes, b: EdgeAttributes): boolean {
  if (a.relation !== b.relation || a.label !== b.label || a.description !== b.description || a.count !== b.count || a.origin !== b.origin) return false;
  const [x, y] = [a.occurrences, b.occurrences];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i]!.line !== y[i]!.line || x[i]!.column !== y[i]!.column || x[i]!.raw !== y[i]!.raw) return false;
  return true;
}
