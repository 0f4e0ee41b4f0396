// Orphans, one rule for the CLI and the viewer: which documents count as orphans in each sense,
// and how many there are in every sense, so that whoever asks sees which question was answered.
// Pure and isomorphic (the page imports it): it reads nodes and links through a small view.

import type { NodeKind } from '../core/types.ts';

/**
 * isolated     no link either way (Obsidian's graph view "orphans"; the default)
 * no-incoming  nothing links to it (Obsidian CLI `orphans`)
 * no-relation  no document relation either way: no typed 相关文档 / field edge to another note
 * dead-ends    it links to nothing (Obsidian CLI `deadends`)
 */
export type OrphanSense = 'isolated' | 'no-incoming' | 'no-relation' | 'dead-ends';
export const ORPHAN_SENSES: readonly OrphanSense[] = ['isolated', 'no-incoming', 'no-relation', 'dead-ends'];
export const DEFAULT_ORPHAN_SENSE: OrphanSense = 'isolated';

/** How each sense is said to users (CLI summary, viewer panel). */
export const SENSE_WORDS: Record<OrphanSense, string> = {
  isolated: 'isolated (no link either way)',
  'no-incoming': 'never linked to',
  'no-relation': 'without any document relation',
  'dead-ends': 'linking to nothing',
};

/** Relations that are not document relations: bulk links with no reason given. */
const UNTYPED: ReadonlySet<string> = new Set(['topic', 'link', 'embed', 'tag']);
/** A typed relation between documents: a 相关文档 item (`cites`, …, `related`) or a frontmatter/field key (`up`). */
export const isDocumentRelation = (relation: string): boolean => !UNTYPED.has(relation);

/** What the rule reads: nodes with their kind, and every link as source, target, relation. */
export interface LinkView {
  forEachNode(cb: (key: string, a: { kind: NodeKind; excluded?: boolean }) => void): void;
  forEachLink(cb: (source: string, target: string, relation: string) => void): void;
}

export interface OrphanOptions {
  /** Relations whose links do not count (`--ignore topic,tag`). */
  ignore?: readonly string[];
  /** Report topic notes too (by default only documents are orphans). */
  topics?: boolean;
}

export interface OrphanReport {
  sense: OrphanSense;
  /** The orphans in `sense`, sorted by key. */
  orphans: string[];
  /** How many there are in every sense, the asked one included. */
  counts: Record<OrphanSense, number>;
}

const IN = 1, OUT = 2, DOC = 4;
const DOCUMENTS: ReadonlySet<NodeKind> = new Set(['note', 'topic']);

/** Orphans in `sense` and the counts of all senses, in one pass over the links. */
export function orphanReport(view: LinkView, sense: OrphanSense = DEFAULT_ORPHAN_SENSE, o: OrphanOptions = {}): OrphanReport {
  const kinds = new Map<string, NodeKind>();
  const candidates: string[] = [];
  view.forEachNode((key, a) => {
    kinds.set(key, a.kind);
    // Obsidian's "Excluded files" are hidden, never orphans.
    if (!a.excluded && (a.kind === 'note' || (o.topics && a.kind === 'topic'))) candidates.push(key);
  });
  const skip = new Set(o.ignore ?? []);
  const flags = new Map<string, number>();
  const mark = (key: string, f: number) => flags.set(key, (flags.get(key) ?? 0) | f);
  view.forEachLink((source, target, relation) => {
    // A link to a missing note leads nowhere: it neither rescues a note nor counts as one of its links.
    const sk = kinds.get(source), tk = kinds.get(target);
    if (source === target || sk === undefined || tk === undefined || sk === 'unresolved' || tk === 'unresolved') return;
    if (!skip.has(relation)) { mark(source, OUT); mark(target, IN); }
    if (isDocumentRelation(relation) && DOCUMENTS.has(sk) && DOCUMENTS.has(tk)) { mark(source, DOC); mark(target, DOC); }
  });
  const test: Record<OrphanSense, (f: number) => boolean> = {
    isolated: (f) => (f & (IN | OUT)) === 0,
    'no-incoming': (f) => (f & IN) === 0,
    'no-relation': (f) => (f & DOC) === 0,
    'dead-ends': (f) => (f & OUT) === 0,
  };
  const counts = { isolated: 0, 'no-incoming': 0, 'no-relation': 0, 'dead-ends': 0 } satisfies Record<OrphanSense, number>;
  const orphans: string[] = [];
  for (const key of candidates) {
    const f = flags.get(key) ?? 0;
    for (const s of ORPHAN_SENSES) if (test[s](f)) counts[s]++;
    if (test[sense](f)) orphans.push(key);
  }
  return { sense, orphans: orphans.sort(), counts };
}

/** "1 orphan document, isolated (no link either way) · 2,066 never linked to · 512 without any document relation" */
export function describeOrphans(r: OrphanReport, o: OrphanOptions = {}): string {
  const what = o.topics ? 'note' : 'document';
  const n = r.counts[r.sense];
  const others = ORPHAN_SENSES.filter((s) => s !== r.sense && s !== 'dead-ends').map((s) => `${r.counts[s].toLocaleString('en')} ${SENSE_WORDS[s]}`);
  return `${n.toLocaleString('en')} orphan ${what}${n === 1 ? '' : 's'}, ${SENSE_WORDS[r.sense]} · ${others.join(' · ')}`;
}

/** A graphology-like graph as a LinkView. */
export function linkViewOf(graph: {
  forEachNode(cb: (key: string, a: { kind: NodeKind; excluded?: boolean }) => void): void;
  forEachEdge(cb: (edge: string, a: { relation: string }, source: string, target: string) => void): void;
}): LinkView {
  return { forEachNode: (cb) => graph.forEachNode(cb), forEachLink: (cb) => graph.forEachEdge((_e, a, s, t) => cb(s, t, a.relation)) };
}
