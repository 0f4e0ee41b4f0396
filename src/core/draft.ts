// Draft: one parsed note → its node attributes and its typed edges, resolved and classified, with
// occurrences merged per (target, relation). Everything here depends on one note and the vault's
// file index only, so it runs per note on any thread; merge.ts then joins the drafts into a graph.

import type { Options } from './options.ts';
import { madeIdentity, type TargetRef } from './model.ts';
import { classifyLink } from './relations.ts';
import { folderOf } from './paths.ts';
import { resolveLink, type ResolverIndex } from './resolve.ts';
import type { Diagnostic, EdgeAttributes, NodeAttributes, Note, Occurrence, RawLink, Resolution } from './types.ts';

export type { TargetRef } from './model.ts';

export interface EdgeDraft { target: TargetRef; relation: string; attributes: EdgeAttributes }

export interface LinkCounts { links: number; resolved: number; unresolved: number; ambiguous: number; self: number }

export interface DraftBroken { line: number; column: number; raw: string; target: string }

export interface NoteDraft {
  id: string;
  path: string;
  /** Node attributes without the degrees (the merge step counts those). */
  attributes: Omit<NodeAttributes, 'inDegree' | 'outDegree'>;
  edges: EdgeDraft[];
  /** How each of the note's links resolved, in the order of `note.links` (check reads these). */
  resolutions: Resolution[];
  broken: DraftBroken[];
  diagnostics: Diagnostic[];
  counts: LinkCounts;
}

/** What the merge reads of a draft: a note's object draft, or the packed one of the JSON path (pack.ts). */
export interface DraftLike<E extends { target: TargetRef; relation: string }> {
  id: string;
  path: string;
  edges: readonly E[];
  broken: ReadonlyArray<{ line: number; column: number; raw: string; target: string }>;
  diagnostics: readonly Diagnostic[];
  counts: LinkCounts;
}

export function isTopicPath(path: string, opts: Pick<Options, 'topicFolder'>): boolean {
  const folder = opts.topicFolder;
  if (folder === '') return false;
  if (folder !== lastFolder) { lastFolder = folder; lastLower = folder.toLowerCase(); lastSigma = /[σς]/.test(lastLower); topicMemo.clear(); }
  // Called once per link. Most paths differ from the folder within its ASCII head: told there, with
  // no string made and no memo (at 100k notes the memo below would be cleared over and over).
  const ascii = asciiPrefixVerdict(path, folder);
  if (ascii !== undefined) return ascii;
  // Lower-casing a non-ASCII path is dear, and the paths that get here are met again and again.
  let topic = topicMemo.get(path);
  if (topic === undefined) {
    if (topicMemo.size >= 1 << 16) topicMemo.clear();
    topicMemo.set(path, (topic = headIsTopic(path)));
  }
  return topic;
}
/**
 * The answer when the folder's ASCII head decides it: an ASCII character lowers to one ASCII unit
 * whatever surrounds it, so while both strings are ASCII the lowered strings match unit for unit.
 * A non-ASCII character in either (which may lower to several units, or to ASCII: K, İ) leaves it
 * undecided. True when the whole folder is matched so.
 */
function asciiPrefixVerdict(path: string, folder: string): boolean | undefined {
  for (let i = 0; i < folder.length; i++) {
    const f = folder.charCodeAt(i), p = i < path.length ? path.charCodeAt(i) : -1;
    if (f >= 0x80 || p >= 0x80) return undefined;
    if (p < 0) return false; // path ended inside the folder's ASCII head
    if (p !== f && lowerAscii(p) !== lowerAscii(f)) return false;
  }
  return true;
}
const lowerAscii = (c: number): number => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c);

// Lower-case only the path's head. toLowerCase maps each character to at most two units,
// context-free except for sigma (σ or ς by what follows), so a head of twice the folder's length,
// plus two, lowers to the whole path's first units unless a sigma matters.
function headIsTopic(path: string): boolean {
  if (lastSigma) return path.toLowerCase().startsWith(lastLower);
  return path.slice(0, 2 * lastFolder.length + 2).toLowerCase().startsWith(lastLower);
}
let lastFolder = '';
let lastLower = '';
let lastSigma = false;
/** isTopicPath's answers for `lastFolder`, by path. */
const topicMemo = new Map<string, boolean>();

/** A lean draft's edges list no occurrence (one empty array shared by all of them: never added to). */
const NO_OCCURRENCES: Occurrence[] = Object.freeze([]) as unknown as Occurrence[];

/**
 * `lean`: for the lean graph JSON (pack.ts), which keeps neither positions nor resolutions: no
 * occurrence object per link (each edge's `occurrences` is empty; `count` and `origin` as ever) and
 * no `resolutions`. The node, the edges' other attributes, broken links and diagnostics are the same.
 */
export function draftNote(note: Note, index: ResolverIndex, opts: Options, lean = false): NoteDraft {
  const diagnostics = [...note.diagnostics];
  const broken: DraftBroken[] = [];
  const counts: LinkCounts = { links: 0, resolved: 0, unresolved: 0, ambiguous: 0, self: 0 };
  const edges: EdgeDraft[] = [];
  const resolutions: Resolution[] = [];
  const byKey = new Map<string, EdgeDraft>();
  let trimmed: { line: number; edges: number; most: number } | undefined; // edges listing fewer occurrences than their count
  // `occ` is the occurrence (null when lean), `line` and `origin` its own.
  const add = (target: TargetRef, relation: string, label: string, description: string | undefined, occ: Occurrence | null, line: number, origin: Occurrence['origin']) => {
    const key = `${relation}\u0000${madeIdentity(target)}`; // one edge per relation and target
    const edge = byKey.get(key);
    if (edge) {
      const count = ++edge.attributes.count;
      // An edge lists its first maxOccurrencesPerEdge occurrences (count - 1 of them so far).
      if (count - 1 < opts.maxOccurrencesPerEdge) { if (occ) edge.attributes.occurrences.push(occ); }
      else {
        trimmed ??= { line, edges: 0, most: 0 };
        if (count === opts.maxOccurrencesPerEdge + 1) trimmed.edges++;
        trimmed.most = Math.max(trimmed.most, count);
      }
      if (description && !edge.attributes.description) { // keep the attributes' key order canonical (edge-json.ts)
        const { relation: r, label: l, count, origin, occurrences } = edge.attributes;
        edge.attributes = { relation: r, label: l, description, count, origin, occurrences };
      }
      return;
    }
    // Two literals, not a spread: this runs once per edge, and V8 builds a spread object slowly.
    const occurrences = occ ? [occ] : NO_OCCURRENCES;
    const attributes: EdgeAttributes = description
      ? { relation, label, description, count: 1, origin, occurrences }
      : { relation, label, count: 1, origin, occurrences };
    const created: EdgeDraft = { target, relation, attributes };
    edges.push(created);
    byKey.set(key, created);
  };

  for (const link of note.links) {
    counts.links++;
    const res = resolveLink(link.target, note.path, index, opts.resolveAliases);
    if (!lean) resolutions.push(res);
    if (res.kind === 'self' || (res.kind !== 'missing' && res.path === note.path)) { counts.self++; continue; }
    let target: TargetRef;
    if (res.kind === 'missing') {
      counts.unresolved++;
      const written = link.target.replace(/\.md$/i, '');
      target = { kind: 'missing', written };
      broken.push({ line: link.line, column: link.column, raw: link.raw, target: link.target });
    } else {
      counts.resolved++;
      if (res.kind === 'ambiguous') {
        counts.ambiguous++;
        diagnostics.push({ path: note.path, line: link.line, column: link.column, severity: 'warning', code: 'ambiguous-link',
          message: `${link.raw} matches ${res.candidates.length} files of the same path length (${res.candidates.join(', ')}); it resolves to ${res.path}, the first in vault order` });
      }
      if (res.kind === 'resolved' && res.partial) {
        diagnostics.push({ path: note.path, line: link.line, column: link.column, severity: 'warning', code: 'partial-path-match',
          message: `${link.raw} resolves to ${res.path} only because Obsidian matches path endings without a folder boundary; write the full path` });
      }
      target = { kind: 'path', path: res.path };
    }
    const c = classifyLink(note, link, res.kind !== 'missing' && isTopicPath(res.path, opts), opts, diagnostics);
    add(target, c.relation, c.label, c.description, lean ? null : occurrenceOf(link), link.line, link.origin);
  }
  for (const tag of note.tags) {
    add({ kind: 'tag', name: tag.name }, 'tag', 'tag', undefined,
      lean ? null : { line: tag.line, column: tag.column, raw: `#${tag.name}`, origin: tag.origin }, tag.line, tag.origin);
  }

  if (trimmed) {
    diagnostics.push({ path: note.path, line: trimmed.line, severity: 'warning', code: 'too-many-links',
      message: `${trimmed.edges} edge(s) of this note occur more than ${opts.maxOccurrencesPerEdge} times (up to ${trimmed.most}); every link is counted, each edge lists its first ${opts.maxOccurrencesPerEdge} occurrences (option maxOccurrencesPerEdge)` });
  }
  const tags = [...new Set(note.tags.map((t) => t.name.toLowerCase()))];
  // The frontmatter object itself: the notes belong to this build, and every output is JSON anyway.
  const meta = Object.keys(note.frontmatter).length > 0 ? note.frontmatter : undefined;
  const attributes = {
    kind: isTopicPath(note.path, opts) ? 'topic' as const : 'note' as const, label: note.title, path: note.path, folder: folderOf(note.path),
    ...(meta && { meta }), ...(note.aliases.length > 0 && { aliases: note.aliases }), ...(tags.length > 0 && { tags }),
  };
  return { id: note.id, path: note.path, attributes, edges, resolutions, broken, diagnostics, counts };
}

/** Keys in this order: line, column, raw, origin, alias?, subpath? (literals per case: one per link, no spread). */
function occurrenceOf(link: RawLink): Occurrence {
  const { line, column, raw, origin, alias, subpath } = link;
  if (alias === undefined) return subpath === undefined ? { line, column, raw, origin } : { line, column, raw, origin, subpath };
  return subpath === undefined ? { line, column, raw, origin, alias } : { line, column, raw, origin, alias, subpath };
}
