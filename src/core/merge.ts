// Merge: join the per-note drafts into one graph — give every node its key (notes by path;
// attachments, missing targets and tags as first met, in note order), give every edge a stable
// key, count degrees. Generic over what a draft carries, so the same keys serve the in-memory
// model (objects) and the streamed JSON (pre-serialised strings from the workers).

import { EdgeKeys, madeIdentity, madeNode, type MadeAttributes } from './model.ts';
import type { Diagnostic } from './types.ts';
import { noteId } from './paths.ts';

export type { DraftLike } from './draft.ts';
import type { DraftLike, LinkCounts, TargetRef } from './draft.ts';
import type { PackedDraft, SpecialEdge } from './pack.ts';


export type { MadeAttributes } from './model.ts';
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

export interface MergeResult {
  nodes: MergedNode[];
  inDegree: Map<string, number>;
  outDegree: Map<string, number>;
  broken: BrokenLink[];
  diagnostics: Diagnostic[];
  counts: LinkCounts;
}

export interface Merged<E> extends MergeResult { edges: Array<MergedEdge<E>> }

/** Where Merger.addPacked sends a packed draft's edges: ready ones (source key, target file index, text as bytes[start, end)) and keyed specials. */
export interface PackedSink {
  ready(source: string, target: number, bytes: Uint8Array, start: number, end: number): void;
  special(edge: MergedEdge<SpecialEdge>): void;
}

/** Join every draft at once (the in-memory path and watch mode). */
export function merge<E extends { target: TargetRef; relation: string }>(drafts: ReadonlyArray<DraftLike<E>>, attachments: readonly string[] = []): Merged<E> {
  const m = new Merger<E>(drafts, attachments);
  const edges: Array<MergedEdge<E>> = [];
  drafts.forEach((d) => m.add(d, (e) => edges.push(e)));
  return { ...m.finish(), edges };
}

/**
 * The same join, one draft at a time in note order, so a caller can stream the edges out and drop
 * each draft as soon as it is added. Note keys, and the keys of the attachments given, are fixed up
 * front; missing targets and tags get theirs when first met. Nodes other than notes are listed in
 * the order they are first linked to.
 */
/** A merger for a vault's note files (by vault path, in vault order) and attachments: the note keys their paths give. */
export function mergerForFiles<E extends { target: TargetRef; relation: string }>(notes: ReadonlyArray<readonly [string, ...unknown[]]>, attachments: readonly string[]): Merger<E> {
  return new Merger<E>(notes.map(([p]) => ({ id: noteId(p), path: p })), attachments);
}

export class Merger<E extends { target: TargetRef; relation: string }> {
  private readonly nodes: MergedNode[] = [];
  private readonly taken = new Map<string, string>(); // node key → path (for the duplicate message)
  private readonly keyOfPath = new Map<string, string>();
  private readonly madeKeys = new Map<string, string>(); // identity (madeNode: '?'+lowercase linkpath, '#'+lowercase tag) → key
  /** targetKey's answers for missing targets and tags, by their spelling: lower-casing each link's (often non-ASCII) name is dear. */
  private readonly madeBySpelling = new Map<string, string | null>();
  private readonly edgeKeys = new EdgeKeys();
  private readonly diagnostics: Diagnostic[] = [];
  private readonly inDegree = new Map<string, number>();
  private readonly outDegree = new Map<string, number>();
  private readonly broken: BrokenLink[] = [];
  private readonly counts: LinkCounts = { links: 0, resolved: 0, unresolved: 0, ambiguous: 0, self: 0 };

  /** Attachments given up front whose node is not made yet (it is, when a link first reaches it). */
  private readonly unmet = new Set<string>();
  /** In-degrees from packed ready edges, by file index (keysOf's order), folded into inDegree by finish(). */
  private readyIn: Int32Array | undefined;
  private readyKeys: readonly string[] = [];

  /**
   * Note keys, and attachment keys when `attachments` is given, are fixed here, so that workers can
   * write most edges in full before the merge (see pack.ts).
   */
  constructor(notes: ReadonlyArray<{ id: string; path: string }>, attachments: readonly string[] = []) {
    notes.forEach((d, i) => {
      const key = this.claim(d.id, d.path);
      this.keyOfPath.set(d.path, key);
      this.nodes.push({ key, note: i });
    });
    for (const a of attachments) {
      if (this.keyOfPath.has(a)) continue;
      this.keyOfPath.set(a, this.claim(a, a));
      this.unmet.add(a);
    }
  }

  /** The node key of every file of `paths` (notes and the attachments given to the constructor). */
  keysOf(paths: readonly string[]): string[] {
    return paths.map((p) => this.keyOfPath.get(p)!);
  }

  private claim(wanted: string, path: string): string {
    let key = wanted;
    if (this.taken.has(key)) {
      key = path; // `A.md` and `A.MD`, or `a.png.md` and `a.png`: fall back to the full file name
      for (let n = 2; this.taken.has(key); n++) key = `${path}#${n}`;
      this.diagnostics.push({ path, line: 1, severity: 'warning', code: 'duplicate-node-key',
        message: `node key "${wanted}" is already taken by "${this.taken.get(wanted)}"; this file is keyed "${key}"` });
    }
    this.taken.set(key, path);
    return key;
  }

  private addNode(wanted: string, path: string, node: (key: string) => MergedNode): string {
    const key = this.claim(wanted, path);
    this.nodes.push(node(key));
    return key;
  }

  private attachmentNode(key: string, path: string): MergedNode {
    return { key, made: madeNode({ kind: 'path', path }).attributes };
  }

  private targetKey(ref: TargetRef): string | undefined {
    if (ref.kind === 'path') {
      const known = this.keyOfPath.get(ref.path);
      if (known !== undefined) {
        if (this.unmet.delete(ref.path)) this.nodes.push(this.attachmentNode(known, ref.path));
        return known;
      }
      const made = madeNode(ref);
      const key = this.addNode(made.key, made.claimPath, (k) => ({ key: k, made: made.attributes }));
      this.keyOfPath.set(ref.path, key);
      return key;
    }
    // An answer never changes once given (keys are only ever added), so it is kept by spelling;
    // except the empty key, which madeKey does not find again (`[[.md]]`: a new node each time).
    const spelling = ref.kind === 'tag' ? `#${ref.name}` : `?${ref.written}`;
    const memo = this.madeBySpelling.get(spelling);
    if (memo) return memo;
    if (memo === null) return undefined;
    const key = this.madeKey(ref);
    if (key !== '') this.madeBySpelling.set(spelling, key ?? null);
    return key;
  }

  private madeKey(ref: Exclude<TargetRef, { kind: 'path' }>): string | undefined {
    const identity = madeIdentity(ref);
    const known = this.madeKeys.get(identity);
    if (known) return known;
    const made = madeNode(ref);
    if (ref.kind === 'tag' && this.taken.has(made.key)) return undefined; // a note literally named "#x" holds the key: no tag edge
    const key = this.addNode(made.key, made.claimPath, (k) => ({ key: k, made: made.attributes }));
    this.madeKeys.set(identity, key);
    return key;
  }

  /** Add the next draft (drafts must come in the order of the notes given to the constructor). */
  add(d: DraftLike<E>, emit: (edge: MergedEdge<E>) => void): void {
    const source = this.keyOfPath.get(d.path)!;
    for (const e of d.edges) this.edge(source, e, emit);
    this.tally(d, source);
  }

  /**
   * Add the next packed draft: each ready edge goes to `sink.ready` with its text, each special one
   * to `sink.special` once keyed, in the draft's order. `keys`/`paths` are the file keys and paths
   * the packer's indices refer to.
   */
  addPacked(this: Merger<SpecialEdge>, d: PackedDraft, keys: readonly string[], paths: readonly string[], sink: PackedSink): void {
    const source = this.keyOfPath.get(d.path)!;
    let out = 0;
    let at = 0;
    const { targets, ends, bytes } = d;
    if (this.readyKeys !== keys) { this.foldReady(); this.readyKeys = keys; this.readyIn = new Int32Array(keys.length); }
    const readyIn = this.readyIn!;
    for (let k = 0; k < targets.length; k++) {
      const t = targets[k]!;
      if (t >= 0) {
        if (this.unmet.size > 0 && this.unmet.delete(paths[t]!)) this.nodes.push(this.attachmentNode(keys[t]!, paths[t]!));
        out++;
        readyIn[t]!++;
        sink.ready(source, t, bytes, at, (at = ends[k]!));
        continue;
      }
      this.edge(source, d.specials[-1 - t]!, sink.special);
    }
    if (out > 0) this.outDegree.set(source, (this.outDegree.get(source) ?? 0) + out);
    this.tally(d, source);
  }

  private edge(source: string, e: E, emit: (edge: MergedEdge<E>) => void): void {
    const target = this.targetKey(e.target);
    if (target === undefined) return;
    const { key, suffixed } = this.edgeKeys.next(e.relation, source, target);
    emit({ key, source, target, draft: e, suffixed });
    this.outDegree.set(source, (this.outDegree.get(source) ?? 0) + 1);
    this.inDegree.set(target, (this.inDegree.get(target) ?? 0) + 1);
  }

  private tally(d: Omit<DraftLike<never>, 'edges'>, source: string): void {
    this.diagnostics.push(...d.diagnostics);
    for (const b of d.broken) {
      this.broken.push({ source, path: d.path, ...b, node: this.targetKey({ kind: 'missing', written: b.target.replace(/\.md$/i, '') })! });
    }
    const c = d.counts;
    this.counts.links += c.links;
    this.counts.resolved += c.resolved;
    this.counts.unresolved += c.unresolved;
    this.counts.ambiguous += c.ambiguous;
    this.counts.self += c.self;
  }

  /** Add the counted ready in-degrees to inDegree. */
  private foldReady(): void {
    const { readyIn, readyKeys } = this;
    if (!readyIn) return;
    for (let t = 0; t < readyIn.length; t++) {
      const n = readyIn[t]!;
      if (n > 0) this.inDegree.set(readyKeys[t]!, (this.inDegree.get(readyKeys[t]!) ?? 0) + n);
    }
    this.readyIn = undefined;
  }

  finish(): MergeResult {
    this.foldReady();
    const { nodes, inDegree, outDegree, broken, diagnostics, counts } = this;
    return { nodes, inDegree, outDegree, broken, diagnostics, counts };
  }
}
