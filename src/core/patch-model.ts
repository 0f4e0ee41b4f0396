// Another version of a vault's graph from this version's graph, re-drafting only the notes the
// difference can reach (diff's fast path: a git revision against the work tree, whose graph the
// build cache gives at once). A note's draft depends on its own text and on which files bear the
// names its links look up (resolve.ts step 2), so a note is re-drafted when its text differs or
// when one of its links names a file that one version has and the other has not; every other note
// keeps its node and edges. Pure. Gives up (undefined) where keys are not plain paths (duplicate
// keys, "->" in a path): the caller then builds that version in full.

import { draftNote, type TargetRef } from './draft.ts';
import { indexVault, type SerializedNode } from './graph.ts';
import type { GraphModel } from './graph-json.ts';
import { edgeKey, GRAPH_OPTIONS, keyMayCollide, madeNode, nodeAttributes } from './model.ts';
import type { Options } from './options.ts';
import { noteId } from './paths.ts';
import type { NodeAttributes, Note } from './types.ts';

export interface PatchInput {
  /** The graph of the version we have (full or lean edges: kept edges keep their form). */
  base: GraphModel;
  /** Every file (notes and attachments) of the version we have. */
  baseFiles: readonly string[];
  /** Every file of the version we want, sorted as the scanner sorts. */
  files: readonly string[];
  /** Notes of the wanted version whose text differs from the base version's (or that it lacks). */
  changed: ReadonlySet<string>;
}

const IS_NOTE = /\.md$/i;
const nameOf = (p: string) => p.slice(p.lastIndexOf('/') + 1).toLowerCase();

/** The notes of the wanted version to re-draft: changed ones, and those linking a name that came or went. */
export function notesToRedraft({ base, baseFiles, files, changed }: PatchInput): string[] {
  const have = new Set(baseFiles);
  const want = new Set(files);
  const touched = new Set<string>();
  for (const f of files) if (!have.has(f)) touched.add(nameOf(f));
  for (const f of baseFiles) if (!want.has(f)) touched.add(nameOf(f));
  const out = new Set<string>();
  for (const f of files) if (IS_NOTE.test(f) && (changed.has(f) || !have.has(f))) out.add(f);
  if (touched.size === 0) return [...out].sort();
  const byKey = new Map(base.nodes.map((n) => [n.key, n.attributes]));
  // The names a link to this node was written with: the target's file name, with or without `.md`.
  const reaches = (t: NodeAttributes) => {
    const n = nameOf(t.path);
    return touched.has(n) || touched.has(`${n}.md`) || (n.endsWith('.md') && touched.has(n.slice(0, -3)));
  };
  for (const e of base.edges) {
    const s = byKey.get(e.source), t = byKey.get(e.target);
    if (!s || !t || t.kind === 'tag' || !want.has(s.path) || out.has(s.path)) continue;
    if (reaches(t)) out.add(s.path);
  }
  return [...out].sort();
}

/**
 * The wanted version's graph: `redrafted` (the notes notesToRedraft named, parsed from the wanted
 * version) drafted against the wanted file set, every other note's node and edges kept from `base`.
 * Degrees are recounted; node and edge order is not a full build's (the diff does not need it).
 */
export function patchModel(input: PatchInput, redrafted: readonly Note[], options: Options, isExcluded?: (p: string) => boolean): GraphModel | undefined {
  const notePaths = input.files.filter((f) => IS_NOTE.test(f));
  const attachments = input.files.filter((f) => !IS_NOTE.test(f));
  const keys = new Set<string>();
  for (const p of notePaths) {
    const k = noteId(p);
    if (keys.has(k) || keyMayCollide(k)) return undefined;
    keys.add(k);
  }
  const baseNote = new Map<string, SerializedNode>();
  for (const n of input.base.nodes) {
    const a = n.attributes;
    if (a.kind !== 'note' && a.kind !== 'topic') continue;
    if (n.key !== noteId(a.path)) return undefined; // a full build had to re-key a duplicate
    baseNote.set(a.path, n);
  }
  const index = indexVault(notePaths.map((path) => ({ path, aliases: [] })), attachments, { resolveAliases: false });
  const drafts = new Map(redrafted.map((n) => [n.path, draftNote(n, index, options)]));
  const isNote = new Set(notePaths);
  const made = new Map<string, SerializedNode>(); // attachment, unresolved and tag nodes, by key
  const baseMade = new Map(input.base.nodes.filter((n) => n.attributes.kind !== 'note' && n.attributes.kind !== 'topic').map((n) => [n.key, n]));
  const nodes: SerializedNode[] = [];
  const edges: GraphModel['edges'] = [];
  const targetKey = (ref: TargetRef): string => {
    if (ref.kind === 'path' && isNote.has(ref.path)) return noteId(ref.path);
    const m = madeNode(ref);
    // A missing name that a note's key holds takes the name the merge would fall back to.
    const k = ref.kind === 'missing' && keys.has(m.key) ? m.claimPath : m.key;
    if (!made.has(k)) made.set(k, { key: k, attributes: nodeAttributes(m.attributes, 0, 0, isExcluded) });
    return k;
  };
  const keepBase = new Set<string>();
  for (const p of notePaths) {
    const d = drafts.get(p);
    const key = noteId(p);
    if (d) {
      nodes.push({ key, attributes: nodeAttributes(d.attributes, 0, 0, isExcluded) });
      for (const e of d.edges) {
        const target = targetKey(e.target);
        edges.push({ key: edgeKey(e.relation, key, target), source: key, target, attributes: e.attributes });
      }
    } else {
      const n = baseNote.get(p);
      if (!n) return undefined; // not in the base and not re-drafted: the caller's sets disagree
      nodes.push({ key, attributes: { ...n.attributes } });
      keepBase.add(key);
    }
  }
  for (const e of input.base.edges) {
    if (!keepBase.has(e.source)) continue;
    if (!keys.has(e.target) && !made.has(e.target)) {
      const m = baseMade.get(e.target);
      if (!m) return undefined;
      made.set(e.target, { key: m.key, attributes: { ...m.attributes } });
    }
    edges.push(e);
  }
  nodes.push(...made.values());
  const byKey = new Map(nodes.map((n) => [n.key, n.attributes]));
  for (const n of nodes) { n.attributes.inDegree = 0; n.attributes.outDegree = 0; }
  for (const e of edges) { byKey.get(e.source)!.outDegree++; byKey.get(e.target)!.inDegree++; }
  return { options: GRAPH_OPTIONS, attributes: {}, nodes, edges };
}
