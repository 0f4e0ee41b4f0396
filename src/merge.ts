// Merge: join the per-note drafts into one graph — give every node its key (notes by path;
// attachments, missing targets and tags as first met, in note order), give every edge a stable
// key, count degrees. Generic over what a draft carries, so the same keys serve the in-memory
// model (objects) and the streamed JSON (pre-serialised strings from the workers).

import { folderOf } from './resolve.ts';
import type { Diagnostic, NodeAttributes } from './types.ts';
import type { LinkCounts, TargetRef } from './draft.ts';

export interface DraftLike<E extends { target: TargetRef; relation: string }> {
  id: string;
  path: string;
  edges: readonly E[];
  broken: ReadonlyArray<{ line: number; column: number; raw: string; target: string }>;
  diagnostics: readonly Diagnostic[];
  counts: LinkCounts;
}

export type MadeAttributes = Omit<NodeAttributes, 'inDegree' | 'outDegree'>;
/** A node: either a note (its draft, by index) or one the merge made (attachment, missing, tag). */
export type MergedNode = { key: string; note: number; made?: undefined } | { key: string; note?: undefined; made: MadeAttributes };
/** `suffixed`: the key is not `relation:source->target` but has a `#n` added (paths holding "->"). */
export interface MergedEdge<E> { key: string; source: string; target: string; draft: E; suffixed: boolean }

export interface BrokenLink {
  source: string; // node key of the note
  path: string; // the note's file path
  line: number;
  column: number;
  raw: string;
  target: string; // linkpath as written
  /** Node key of the unresolved placeholder the link points to. */
  node: string;
}

export interface Merged<E> {
  nodes: MergedNode[];
  edges: Array<MergedEdge<E>>;
  inDegree: Map<string, number>;
  outDegree: Map<string, number>;
  broken: BrokenLink[];
  diagnostics: Diagnostic[];
  counts: LinkCounts;
}

export function merge<E extends { target: TargetRef; relation: string }>(drafts: ReadonlyArray<DraftLike<E>>): Merged<E> {
  const nodes: MergedNode[] = [];
  const taken = new Map<string, string>(); // node key → path (for the duplicate message)
  const keyOfPath = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const addNode = (wanted: string, path: string, node: (key: string) => MergedNode): string => {
    let key = wanted;
    if (taken.has(key)) {
      key = path; // `A.md` and `A.MD`, or `a.png.md` and `a.png`: fall back to the full file name
      for (let n = 2; taken.has(key); n++) key = `${path}#${n}`;
      diagnostics.push({ path, line: 1, severity: 'warning', code: 'duplicate-node-key',
        message: `node key "${wanted}" is already taken by "${taken.get(wanted)}"; this file is keyed "${key}"` });
    }
    taken.set(key, path);
    nodes.push(node(key));
    return key;
  };
  drafts.forEach((d, i) => {
    keyOfPath.set(d.path, addNode(d.id, d.path, (key) => ({ key, note: i })));
    diagnostics.push(...d.diagnostics);
  });

  const madeKeys = new Map<string, string>(); // '?'+lowercase linkpath / '#'+lowercase tag / '/'+path → key
  const targetKey = (ref: TargetRef): string | undefined => {
    switch (ref.kind) {
      case 'path': {
        const known = keyOfPath.get(ref.path);
        if (known) return known;
        const label = ref.path.slice(ref.path.lastIndexOf('/') + 1);
        const key = addNode(ref.path, ref.path, (k) => ({ key: k, made: { kind: 'attachment', label, path: ref.path, folder: folderOf(ref.path) } }));
        keyOfPath.set(ref.path, key);
        return key;
      }
      case 'missing': {
        const id = `?${ref.written.toLowerCase()}`;
        const known = madeKeys.get(id);
        if (known) return known;
        const w = ref.written;
        const key = addNode(w, `${w} (unresolved)`, (k) => ({ key: k, made: { kind: 'unresolved', label: w.slice(w.lastIndexOf('/') + 1) || w, path: w, folder: folderOf(w) } }));
        madeKeys.set(id, key);
        return key;
      }
      case 'tag': {
        const key = `#${ref.name.toLowerCase()}`;
        const known = madeKeys.get(key);
        if (known) return known;
        if (taken.has(key)) return undefined; // a note literally named "#x" holds the key: no tag edge
        addNode(key, key, (k) => ({ key: k, made: { kind: 'tag', label: `#${ref.name}`, path: k, folder: '' } }));
        madeKeys.set(key, key);
        return key;
      }
    }
  };

  const edges: Array<MergedEdge<E>> = [];
  // `relation:source->target` is unique unless a path itself holds "->"; only then keep the set.
  const edgeKeys = nodes.some((n) => n.key.includes('->')) || drafts.some((d) => d.edges.some((e) => e.target.kind === 'missing' && e.target.written.includes('->')))
    ? new Set<string>() : undefined;
  const inDegree = new Map<string, number>();
  const outDegree = new Map<string, number>();
  const broken: BrokenLink[] = [];
  const counts: LinkCounts = { links: 0, resolved: 0, unresolved: 0, ambiguous: 0, self: 0 };
  for (const d of drafts) {
    const source = keyOfPath.get(d.path)!;
    for (const e of d.edges) {
      const target = targetKey(e.target);
      if (target === undefined) continue;
      let key = `${e.relation}:${source}->${target}`;
      let suffixed = false;
      if (edgeKeys) {
        if (edgeKeys.has(key)) { const base = key; for (let n = 2; edgeKeys.has(key); n++) key = `${base}#${n}`; suffixed = true; }
        edgeKeys.add(key);
      }
      edges.push({ key, source, target, draft: e, suffixed });
      outDegree.set(source, (outDegree.get(source) ?? 0) + 1);
      inDegree.set(target, (inDegree.get(target) ?? 0) + 1);
    }
    for (const b of d.broken) {
      broken.push({ source, path: d.path, ...b, node: targetKey({ kind: 'missing', written: b.target.replace(/\.md$/i, '') })! });
    }
    counts.links += d.counts.links;
    counts.resolved += d.counts.resolved;
    counts.unresolved += d.counts.unresolved;
    counts.ambiguous += d.counts.ambiguous;
    counts.self += d.counts.self;
  }
  return { nodes, edges, inDegree, outDegree, broken, diagnostics, counts };
}
