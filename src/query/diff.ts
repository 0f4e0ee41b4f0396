// The graph diff: two built vaults (graphology export models) in, what changed out — notes added,
// removed and renamed, typed edges added and removed (and 说明 sentences changed), links newly broken
// and fixed, new orphans and notes no longer orphaned, topic membership. Pure. Renamed notes are
// mapped to their new keys first, so a rename does not show as its edges removed and added again.

import { firstLine, type GraphModel } from '../core/graph-json.ts';
import type { NodeKind } from '../core/types.ts';
import { orphansOfModel } from './analysis.ts';

export interface DiffEdge {
  source: string;
  target: string;
  relation: string;
  description: string | null;
  /** The source note's file and the line of the link (first occurrence), on the side it exists; no line when that side is a lean graph JSON. */
  path: string;
  line?: number;
}

export interface DiffBroken { source: string; target: string; line?: number; path: string }

export interface DescriptionChange { source: string; target: string; relation: string; before: string | null; after: string | null; path: string; line?: number }

export interface TopicChange { topic: string; added: string[]; removed: string[] }

export interface VaultDiff {
  notes: { added: string[]; removed: string[]; renamed: Array<[string, string]> };
  edges: { added: DiffEdge[]; removed: DiffEdge[]; changed: DescriptionChange[] };
  broken: { added: DiffBroken[]; fixed: DiffBroken[] };
  orphans: { added: string[]; removed: string[] };
  topics: TopicChange[];
  /** Note key → file path, old side then new (for showing and annotating). */
  paths: Record<string, string>;
}

const NOTE_KINDS: ReadonlySet<NodeKind> = new Set(['note', 'topic']);

/** The parts of a built vault the diff compares, indexed. */
interface Side {
  /** Note and topic keys → path. */
  notes: Map<string, string>;
  keyOfPath: Map<string, string>;
  edges: Map<string, DiffEdge>;
  broken: Map<string, DiffBroken>;
  orphans: Set<string>;
  kinds: Map<string, NodeKind>;
}

function sideOf(model: GraphModel, rename: (key: string) => string = (k) => k): Side {
  const notes = new Map<string, string>();
  const keyOfPath = new Map<string, string>();
  const kinds = new Map<string, NodeKind>();
  const unresolved = new Map<string, string>();
  for (const n of model.nodes) {
    kinds.set(n.key, n.attributes.kind);
    if (NOTE_KINDS.has(n.attributes.kind)) { notes.set(rename(n.key), n.attributes.path); keyOfPath.set(n.attributes.path, n.key); }
    if (n.attributes.kind === 'unresolved') unresolved.set(n.key, n.attributes.path);
  }
  const edges = new Map<string, DiffEdge>();
  const broken = new Map<string, DiffBroken>();
  for (const e of model.edges) {
    const source = rename(e.source);
    const path = notes.get(source) ?? '';
    const line = firstLine(e.attributes);
    const linkpath = unresolved.get(e.target);
    if (linkpath !== undefined) {
      // A broken link is the same while it names the same missing linkpath from the same note.
      const id = `${source}\0${linkpath.toLowerCase()}`;
      if (!broken.has(id)) broken.set(id, { source, target: linkpath, ...(line !== undefined && { line }), path });
      continue;
    }
    const target = rename(e.target);
    const a = e.attributes;
    edges.set(edgeId(source, target, a.relation), { source, target, relation: a.relation, description: a.description ?? null, path, ...(line !== undefined && { line }) });
  }
  const orphans = new Set(orphansOfModel(model).map(rename));
  return { notes, keyOfPath, edges, broken, orphans, kinds };
}

const edgeId = (source: string, target: string, relation: string) => `${relation}\0${source}\0${target}`;
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byEdge = (a: { source: string; target: string; relation: string }, b: typeof a) =>
  byKey(a.source, b.source) || byKey(a.relation, b.relation) || byKey(a.target, b.target);

/**
 * Diff two built vaults. `renames` are file paths [old, new] (from git); without them, removed and
 * added notes are paired by `similarRenames`.
 */
export function diffModels(oldModel: GraphModel, newModel: GraphModel, renames?: ReadonlyArray<[string, string]>): VaultDiff {
  const before = sideOf(oldModel);
  const after = sideOf(newModel);
  const pairs: Array<[string, string]> = [];
  const candidates = renames
    ? renames.map(([a, b]) => [before.keyOfPath.get(a), after.keyOfPath.get(b)] as const)
    : similarRenames(oldModel, newModel, before, after);
  for (const [a, b] of candidates) {
    if (a !== undefined && b !== undefined && !after.notes.has(a) && !before.notes.has(b)) pairs.push([a, b]);
  }
  const mapped = new Map(pairs);
  const old = pairs.length ? sideOf(oldModel, (k) => mapped.get(k) ?? k) : before;

  const notesAdded = [...after.notes.keys()].filter((k) => !old.notes.has(k)).sort(byKey);
  const notesRemoved = [...old.notes.keys()].filter((k) => !after.notes.has(k)).map((k) => k).sort(byKey);

  const edgesAdded = [...after.edges].filter(([id]) => !old.edges.has(id)).map(([, e]) => e).sort(byEdge);
  const edgesRemoved = [...old.edges].filter(([id]) => !after.edges.has(id)).map(([, e]) => e).sort(byEdge);
  const changed: DescriptionChange[] = [];
  for (const [id, e] of after.edges) {
    const o = old.edges.get(id);
    if (o && o.description !== e.description) changed.push({ source: e.source, target: e.target, relation: e.relation, before: o.description, after: e.description, path: e.path, ...(e.line !== undefined && { line: e.line }) });
  }

  const brokenAdded = [...after.broken].filter(([id]) => !old.broken.has(id)).map(([, b]) => b);
  // A broken link that left with its note was deleted, not fixed.
  const fixed = [...old.broken].filter(([id, b]) => !after.broken.has(id) && after.notes.has(b.source)).map(([, b]) => b);
  const byBroken = (a: DiffBroken, b: DiffBroken) => byKey(a.source, b.source) || (a.line ?? 0) - (b.line ?? 0) || byKey(a.target, b.target);

  const orphansAdded = [...after.orphans].filter((k) => !old.orphans.has(k)).sort(byKey);
  const orphansRemoved = [...old.orphans].filter((k) => !after.orphans.has(k) && after.notes.has(k)).sort(byKey);

  const paths: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, p] of before.notes) paths[k] = p;
  for (const [k, p] of after.notes) paths[k] = p;
  return {
    notes: { added: notesAdded, removed: notesRemoved.map((k) => k), renamed: pairs.sort((a, b) => byKey(a[0], b[0])) },
    edges: { added: edgesAdded, removed: edgesRemoved, changed: changed.sort(byEdge) },
    broken: { added: brokenAdded.sort(byBroken), fixed: fixed.sort(byBroken) },
    orphans: { added: orphansAdded, removed: orphansRemoved },
    topics: topicChanges(edgesAdded, edgesRemoved, after.kinds, old.kinds),
    paths,
  };
}

/** Membership of a topic is a `topic` edge from the note to the topic note. */
function topicChanges(added: readonly DiffEdge[], removed: readonly DiffEdge[], kindsAfter: Map<string, NodeKind>, kindsBefore: Map<string, NodeKind>): TopicChange[] {
  const by = new Map<string, TopicChange>();
  const put = (e: DiffEdge, side: 'added' | 'removed', kinds: Map<string, NodeKind>) => {
    if (e.relation !== 'topic' || !NOTE_KINDS.has(kinds.get(e.target) ?? 'unresolved')) return;
    let t = by.get(e.target);
    if (!t) by.set(e.target, (t = { topic: e.target, added: [], removed: [] }));
    t[side].push(e.source);
  };
  for (const e of added) put(e, 'added', kindsAfter);
  for (const e of removed) put(e, 'removed', kindsBefore);
  return [...by.values()].sort((a, b) => byKey(a.topic, b.topic));
}

/** The share of shared items of two sets (Jaccard). */
function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

/** Below this similarity, a removed and an added note are two different notes. */
export const RENAME_SIMILARITY = 0.5;

/** Past this many removed × added pairs (a restructured vault), only moves keeping their file name are looked for. */
const MAX_COMPARISONS = 250_000;

/**
 * Renames guessed without git: a removed and an added note are one note renamed when they have the
 * same file name (moved), or when what they say is alike — their outgoing links, tags, title and
 * frontmatter, compared as sets — at RENAME_SIMILARITY or more. Best pairs first; each note once.
 */
export function similarRenames(oldModel: GraphModel, newModel: GraphModel, before: Pick<Side, 'notes'>, after: Pick<Side, 'notes'>): Array<[string, string]> {
  const removed = [...before.notes.keys()].filter((k) => !after.notes.has(k));
  const added = [...after.notes.keys()].filter((k) => !before.notes.has(k));
  if (removed.length === 0 || added.length === 0) return [];
  const featuresOf = (model: GraphModel, keys: readonly string[]) => {
    const want = new Set(keys);
    const f = new Map<string, Set<string>>(keys.map((k) => [k, new Set<string>()]));
    for (const n of model.nodes) {
      if (!want.has(n.key)) continue;
      const s = f.get(n.key)!;
      // A title only says something when it is not the file name (which a rename changes).
      if (n.attributes.label !== n.key.slice(n.key.lastIndexOf('/') + 1)) s.add(`title\0${n.attributes.label}`);
      for (const [k, v] of Object.entries(n.attributes.meta ?? {})) s.add(`meta\0${k}\0${JSON.stringify(v)}`);
    }
    for (const e of model.edges) f.get(e.source)?.add(`edge\0${e.attributes.relation}\0${e.target}`);
    return f;
  };
  const fo = featuresOf(oldModel, removed);
  const fn = featuresOf(newModel, added);
  const name = (k: string) => k.slice(k.lastIndexOf('/') + 1);
  const scored: Array<{ a: string; b: string; score: number }> = [];
  const sameNameOnly = removed.length * added.length > MAX_COMPARISONS;
  for (const a of removed) {
    for (const b of added) {
      const same = name(a) === name(b);
      if (sameNameOnly && !same) continue;
      // One shared link is not enough to call two notes one.
      if (!same && Math.min(fo.get(a)!.size, fn.get(b)!.size) < 2) continue;
      const score = (same ? 1 : 0) + jaccard(fo.get(a)!, fn.get(b)!);
      if (score >= RENAME_SIMILARITY) scored.push({ a, b, score });
    }
  }
  scored.sort((x, y) => y.score - x.score || byKey(x.a, y.a) || byKey(x.b, y.b));
  const usedA = new Set<string>(), usedB = new Set<string>();
  const out: Array<[string, string]> = [];
  for (const { a, b } of scored) {
    if (usedA.has(a) || usedB.has(b)) continue;
    usedA.add(a); usedB.add(b);
    out.push([a, b]);
  }
  return out;
}

/** Is there anything in the diff at all? */
export function isEmptyDiff(d: VaultDiff): boolean {
  return d.notes.added.length + d.notes.removed.length + d.notes.renamed.length + d.edges.added.length + d.edges.removed.length
    + d.edges.changed.length + d.broken.added.length + d.broken.fixed.length + d.orphans.added.length + d.orphans.removed.length === 0;
}
