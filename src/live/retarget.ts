// Re-resolving links instead of re-drafting notes (watch mode): when the files of a name come or go,
// a note whose links now resolve elsewhere usually only needs the edges those links made pointed at
// the new target — same relation, same attributes, same order. `retargetDraft` patches the draft
// that way without parsing or classifying anything, or says it cannot (the note is then drafted
// again). Pure; incremental.ts applies the result to the graph.

import { isTopicPath, type NoteDraft, type TargetRef } from '../core/draft.ts';
import { madeIdentity } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import { classifiedByPlace } from '../core/relations.ts';
import type { Note, Resolution } from '../core/types.ts';

/** The edges at `at` of the note's draft (all that reached `from`) now reach `to`. */
export interface Retarget { from: TargetRef; to: TargetRef; at: number[] }

/**
 * How one linkpath's resolution changed for the notes of one folder: made once and shared by all
 * of them (the same `from` and `to` objects, so the caller can cache per target).
 */
export interface Move { now: Resolution; from: TargetRef; to: TargetRef; plain: boolean; topicAlike: boolean }

export function moveOf(linkpath: string, was: Resolution, now: Resolution, opts: Options): Move {
  return { now, from: refOf(was, linkpath), to: refOf(now, linkpath), plain: plain(was) && plain(now), topicAlike: topic(was, opts) === topic(now, opts) };
}

/** The moves of the linkpaths a note writes: by linkpath, then by the note's folder. */
export type Moves = ReadonlyMap<string, ReadonlyMap<string, Move | null>>;

/**
 * Patch `draft` (in place) to what `draftNote` gives now that the linkpaths in `moves` resolve
 * anew, and say which edges moved; undefined, draft untouched, when patching would not give
 * exactly that. It does when every changed link moves from one target to one other target that
 * none of the note's edges reaches yet, the moved links are all the links of the edges they made,
 * and the target does not change how a link is classified or diagnosed (no self link, ambiguity
 * or partial match on either side; a link into the topic folder and one out of it classify alike
 * when their place decides — under a 关联主题 heading, say): then edges merge exactly as before,
 * in the same order with the same attributes.
 */
export function retargetDraft(note: Note, draft: NoteDraft, moves: Moves, opts: Options): Retarget | undefined {
  const folder = draft.attributes.folder;
  const { links } = note;
  // One linkpath moved (a rename): compare strings instead of looking each link up.
  const only = moves.size === 1 ? moves.keys().next().value! : undefined;
  let first: Move | undefined;
  let moved = 0;
  for (let i = 0; i < links.length; i++) {
    const link = links[i]!;
    const move = moveOf1(moves, only, link.target, folder);
    if (!move) continue;
    if (!move.plain || selfIn(move, note.path)) return undefined;
    if (!move.topicAlike && !classifiedByPlace(note, link, opts)) return undefined;
    if (first === undefined) first = move;
    else if (move !== first && (!sameTarget(move.from, first.from) || !sameWritten(move.to, first.to))) return undefined;
    moved++;
  }
  if (first === undefined) return undefined;
  const { from, to } = first;
  const at: number[] = [];
  let count = 0;
  for (let j = 0; j < draft.edges.length; j++) {
    const e = draft.edges[j]!;
    if (sameTarget(e.target, from)) { at.push(j); count += e.attributes.count; } else if (sameTarget(e.target, to)) return undefined;
  }
  if (count !== moved) return undefined;
  for (let i = 0; i < links.length; i++) { const move = moveOf1(moves, only, links[i]!.target, folder); if (move) draft.resolutions[i] = move.now; }
  for (const j of at) draft.edges[j]!.target = to;
  const missing = (to.kind === 'missing' ? moved : 0) - (from.kind === 'missing' ? moved : 0);
  if (missing !== 0) {
    draft.counts.unresolved += missing;
    draft.counts.resolved -= missing;
    draft.broken = brokenOf(note, draft.resolutions);
  }
  return { from, to, at };
}

/** The move of one link's linkpath in the note's folder (no closure: this runs per link of 40k notes). */
function moveOf1(moves: Moves, only: string | undefined, lp: string, folder: string): Move | null | undefined {
  return only !== undefined && lp !== only ? undefined : moves.get(lp)?.get(folder);
}

/** A result whose draft is an edge and nothing else: missing, or resolved plainly (not ambiguous, not partial). */
const plain = (r: Resolution): boolean => r.kind === 'missing' || (r.kind === 'resolved' && r.partial === undefined);

/** A link to the note itself makes no edge. */
const selfIn = (m: Move, self: string): boolean => (m.from.kind === 'path' && m.from.path === self) || (m.to.kind === 'path' && m.to.path === self);

const topic = (r: Resolution, opts: Options): boolean => r.kind !== 'missing' && r.kind !== 'self' && isTopicPath(r.path, opts);

/** The target a link of this result reaches (draftNote's rule). */
const refOf = (r: Resolution, linkpath: string): TargetRef =>
  r.kind === 'missing' ? { kind: 'missing', written: linkpath.replace(/\.md$/i, '') } : { kind: 'path', path: (r as { path: string }).path };

/** One made node, one note (madeIdentity's rule, without building the identities). */
function sameTarget(a: TargetRef, b: TargetRef): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'path') return a.path === (b as typeof a).path;
  if (a.kind === 'missing') { const w = (b as typeof a).written; return a.written === w || a.written.toLowerCase() === w.toLowerCase(); }
  return madeIdentity(a) === madeIdentity(b);
}

/** The same target written the same way (an unresolved node's key is its linkpath as written). */
const sameWritten = (a: TargetRef, b: TargetRef): boolean =>
  a.kind === 'missing' ? b.kind === 'missing' && a.written === b.written : sameTarget(a, b);

function brokenOf(note: Note, resolutions: readonly Resolution[]): NoteDraft['broken'] {
  const out: NoteDraft['broken'] = [];
  for (let i = 0; i < note.links.length; i++) {
    const l = note.links[i]!;
    if (resolutions[i]!.kind === 'missing') out.push({ line: l.line, column: l.column, raw: l.raw, target: l.target });
  }
  return out;
}
