// Packed drafts: what a parse worker hands back for the JSON build path (and what the build cache
// keeps). The note's node data stays small objects, but its edges are already JSON text, UTF-8
// encoded, so the main thread only counts degrees and copies bytes: in the full graph JSON each
// edge's whole `,{"key":…}`; in the lean one (graph-json.ts) only its `,"attributes":…` member (often none), the merge adding
// the source and target keys it knows by file index (kept out of the cache, which stays small).
// Only edges whose target key depends on the whole vault are left as objects ("specials", spliced
// in by the merge step): missing targets (their node key is the spelling met first in the vault),
// tags, and keys holding "->" (which can collide). A chunk of notes shares one byte buffer and two
// Int32Arrays, transferred to the main thread.

import type { DraftLike, NoteDraft, TargetRef } from './draft.ts';
import { edgeAttributesJson, esc, leanEdgeMemberJson } from './edge-json.ts';
import { EDGE_KEY_ARROW, EDGE_KEY_RELATION_END, keyMayCollide, type GraphDetail } from './model.ts';

/**
 * What the worker knows of every vault file (all paths, sorted): its index and its node key. What
 * is derived from a key is made the first time a file is met, not for all of them up front: that
 * took each worker ~0.1 s at 100k notes before its first note, while the build waited.
 */
export interface PackContext {
  fileIndex: Map<string, number>;
  /** Node key of each file, as the merge assigns them (Merger.keysOf). */
  keys: readonly string[];
  /** Each file's key JSON-escaped (without quotes) as UTF-8, made on first use (key()). */
  keyBytes: Array<Uint8Array | undefined>;
  /** Per file, whether its key holds "->" (model.ts keyMayCollide): 1 yes, 0 no, UNASKED until asked (mayCollide()). */
  collides: Uint8Array;
  detail: GraphDetail;
}
const UNASKED = 2;

/** Whether file `i`'s escaped key holds "->" (keyMayCollide): asked once per file, not once per edge. */
function mayCollide(ctx: PackContext, i: number): boolean {
  let c = ctx.collides[i]!;
  if (c === UNASKED) ctx.collides[i] = c = keyMayCollide(esc(ctx.keys[i]!)) ? 1 : 0;
  return c === 1;
}

/** An edge left to the merge: its target, relation, and its attributes at the build's detail (full: the JSON object; lean: the `,"attributes":…` member or ""). */
export interface SpecialEdge { target: TargetRef; relation: string; json: string }

export interface PackedDraft extends Omit<DraftLike<never>, 'edges'> {
  kind: 'note' | 'topic';
  /** JSON of the node attributes without degrees, e.g. `{"kind":"note",…,"tags":["a"]}`. */
  json: string;
  /** Ready edges, UTF-8: full, `,{"key":…,"source":…,"target":…,"attributes":…}` each; lean, their `,"attributes":{…}` member or nothing. */
  bytes: Uint8Array;
  /** Per edge in order: the target's file index (a ready edge), or -1-k for specials[k]. */
  targets: Int32Array;
  /** Per edge in order: where its text in `bytes` ends (a special edge has none: it ends where the one before does). */
  ends: Int32Array;
  /** The other edges. */
  specials: SpecialEdge[];
}

// The edge key as bytes: relation, EDGE_KEY_RELATION_END, source, EDGE_KEY_ARROW, target (model.ts's edgeKey).
const KEY = Buffer.from(',{"key":"'), COLON = Buffer.from(EDGE_KEY_RELATION_END), ARROW = Buffer.from(EDGE_KEY_ARROW), SOURCE = Buffer.from('","source":"');
const TARGET = Buffer.from('","target":"'), ATTRIBUTES = Buffer.from('","attributes":'), CLOSE = Buffer.from('}');

let scratch = new Uint8Array(1 << 22);

/** Packs the notes of one chunk into shared buffers (one packer at a time per thread: they share a scratch buffer). */
export class ChunkPacker {
  // A scratch buffer kept from chunk to chunk (grown rarely, its pages touched once); finish()
  // copies the used part out, so what is transferred is exactly the chunk's bytes.
  private buf = scratch;
  private view = Buffer.from(scratch.buffer);
  private length = 0;
  private targets: number[] = [];
  private ends: number[] = [];
  private readonly notes: Array<{ draft: Omit<PackedDraft, 'bytes' | 'targets' | 'ends'>; b0: number; b1: number; t0: number; t1: number }> = [];
  private readonly relations = new Map<string, Uint8Array>();

  constructor(private readonly ctx: PackContext) {}

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = scratch = bigger;
    this.view = Buffer.from(bigger.buffer);
  }

  private text(s: string): void {
    this.room(s.length * 3); // at most 3 UTF-8 bytes per UTF-16 unit
    this.length += this.view.write(s, this.length);
  }

  private bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** A file's escaped node key as UTF-8, encoded once per worker. */
  private key(i: number): Uint8Array {
    return (this.ctx.keyBytes[i] ??= Buffer.from(esc(this.ctx.keys[i]!)));
  }

  private rel(relation: string): Uint8Array {
    let r = this.relations.get(relation);
    if (r === undefined) this.relations.set(relation, (r = Buffer.from(esc(relation))));
    return r;
  }

  add(d: NoteDraft): void {
    const b0 = this.length, t0 = this.targets.length;
    const specials: SpecialEdge[] = [];
    const si = this.ctx.fileIndex.get(d.path)!;
    const sourceArrow = mayCollide(this.ctx, si);
    const full = this.ctx.detail === 'full';
    for (const e of d.edges) {
      const json = full ? edgeAttributesJson(e.attributes) : leanEdgeMemberJson(e.attributes, e.target.kind === 'tag');
      const ti = e.target.kind === 'path' && !sourceArrow ? this.ctx.fileIndex.get(e.target.path) : undefined;
      if (ti !== undefined && !mayCollide(this.ctx, ti)) {
        if (full) {
          // ,{"key":"REL:S->T","source":"S","target":"T","attributes":JSON}
          const src = this.key(si), tgt = this.key(ti);
          this.bytes(KEY); this.bytes(this.rel(e.relation)); this.bytes(COLON); this.bytes(src); this.bytes(ARROW); this.bytes(tgt);
          this.bytes(SOURCE); this.bytes(src); this.bytes(TARGET); this.bytes(tgt); this.bytes(ATTRIBUTES);
          this.text(json);
          this.bytes(CLOSE);
        } else if (json !== '') {
          this.text(json); // a bare membership has no member: nothing to write
        }
        this.targets.push(ti);
      } else {
        specials.push({ target: e.target, relation: e.relation, json });
        this.targets.push(-specials.length);
      }
      this.ends.push(this.length - b0);
    }
    const { id, path, broken, diagnostics, counts } = d;
    this.notes.push({ draft: { id, path, kind: d.attributes.kind as 'note' | 'topic', json: JSON.stringify(d.attributes), broken, diagnostics, counts, specials },
      b0, b1: this.length, t0, t1: this.targets.length });
  }

  /** The packed notes, their views on two fresh buffers, and those buffers (to transfer). */
  finish(): { drafts: PackedDraft[]; transfer: ArrayBuffer[] } {
    const bytes = this.buf.slice(0, this.length);
    const targets = Int32Array.from(this.targets);
    const ends = Int32Array.from(this.ends);
    const drafts = this.notes.map(({ draft, b0, b1, t0, t1 }) => ({ ...draft, bytes: bytes.subarray(b0, b1), targets: targets.subarray(t0, t1), ends: ends.subarray(t0, t1) }));
    return { drafts, transfer: [bytes.buffer, targets.buffer, ends.buffer] };
  }
}

/** The context for a vault: every file's index and node key, and the graph JSON's detail. */
export function packContext(allPaths: readonly string[], keys: readonly string[], detail: GraphDetail): PackContext {
  const fileIndex = new Map<string, number>();
  for (let i = 0; i < allPaths.length; i++) fileIndex.set(allPaths[i]!, i);
  return { fileIndex, keys, keyBytes: new Array(keys.length), collides: new Uint8Array(keys.length).fill(UNASKED), detail };
}
