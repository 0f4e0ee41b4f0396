// `serve`'s graph without a graphology graph: the build's streamed engine (json-build.ts mergeVault,
// drafts from the build cache or the parse workers) read into columns — node attributes, edge ends,
// relation, count, 说明 — which is all the payload needs. Every note's edges as the graph JSON writes
// them (occurrences and all, 500 MB at 100k notes) go to a temporary file, read back by note when
// `/api/node` or `/graph.json` asks, so they never sit in the heap.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mergeVault, type BuildHooks } from '../build/json-build.ts';
import { onInterrupt } from '../build/interrupt.ts';
import { writeAll } from '../build/write.ts';
import { EdgeSink } from '../build/write-json.ts';
import type { Chunk } from '../build/spool.ts';
import type { VaultListing } from '../build/scan.ts';
import type { MergeResult } from '../core/merge.ts';
import { defaultEdgeLabel, defaultRelation, edgeKey, GRAPH_OPTIONS, nodeAttributes } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import type { Diagnostic, EdgeAttributes, NodeAttributes } from '../core/types.ts';
import type { LiveGraph, NodeDetails } from './viewer-data.ts';
import { groupBySource, relationWeight, type Topology } from './layout.ts';

const BLOCK = 1 << 22;
const ATTRIBUTES = Buffer.from('"attributes":'), ORIGIN = Buffer.from(',"origin":');
const LEAN_MEMBER = ',"attributes":';

type EdgeHead = Pick<EdgeAttributes, 'relation' | 'label' | 'count' | 'description'>;

/** Bytes appended now, read back by range later: a private temporary file behind a 4 MB buffer. */
class EdgeFile {
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaultgraph-serve-'));
  private readonly fd = fs.openSync(path.join(this.dir, 'edges'), 'wx+', 0o600);
  private readonly block = Buffer.allocUnsafeSlow(BLOCK);
  private used = 0;
  private flushed = 0;
  // While the build runs, Ctrl-C removes the file (interrupt.ts); once built, whoever holds the
  // model closes it (the server on Ctrl-C), and an exit that skips that still removes it.
  private forget = onInterrupt(() => this.dispose());
  private readonly atExit = () => this.dispose();
  built(): void {
    this.forget();
    this.forget = () => process.removeListener('exit', this.atExit);
    process.once('exit', this.atExit);
  }
  get length(): number { return this.flushed + this.used; }
  push(c: Chunk): void {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    if (this.used + b.length > BLOCK) this.flush();
    if (b.length > BLOCK) { writeAll(this.fd, b); this.flushed += b.length; return; }
    this.block.set(b, this.used);
    this.used += b.length;
  }
  private flush(): void {
    if (this.used === 0) return;
    writeAll(this.fd, this.block.subarray(0, this.used));
    this.flushed += this.used;
    this.used = 0;
  }
  read(start: number, end: number): Buffer {
    this.flush();
    const out = Buffer.allocUnsafe(end - start);
    for (let at = 0; at < out.length;) {
      const n = fs.readSync(this.fd, out, at, out.length - at, start + at);
      if (n === 0) throw new Error('serve: edge file truncated');
      at += n;
    }
    return out;
  }
  private disposed = false;
  /** Once only: a second close must not close a descriptor number the process has since reused. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.forget();
    try { fs.closeSync(this.fd); } catch { /* closed already */ }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface ServeModel extends LiveGraph {
  readonly size: number;
  /** `/api/node`: a node's attributes and its edges with their occurrences (read from the edge file). */
  details(key: string): NodeDetails | null;
  /** The graph as the layout reads it, straight from the columns (html.ts layoutTopology). */
  topology(): Topology;
  /** The graph as graphology's export format, in `build`'s bytes (`/graph.json`). */
  writeExport(write: (c: Chunk) => void): void;
  /** The same bytes, chunk by chunk as asked for (a slow client holds back the reading). */
  exportChunks(): Generator<Chunk>;
  close(): void;
}

export interface ServeBuild {
  model: ServeModel;
  diagnostics: Diagnostic[];
  merged: MergeResult;
  /** The vault's files as the build listed them (before the options' filters): serve-snapshot.ts keys by them. */
  scanned: Pick<VaultListing, 'notes' | 'attachments'>;
}

/** Build the vault with the streamed engine (and the build cache in `hooks.cacheDir`) into a ServeModel. */
export function buildServeModel(root: string, overrides: Partial<Options> = {}, hooks: BuildHooks = {}): Promise<ServeBuild> {
  return buildModel(root, overrides, hooks, false);
}

/**
 * The columns alone, sooner: lean drafts (no occurrences), no build cache read or written, no edge
 * file — all the payload needs, for a first page while buildServeModel makes the whole model behind
 * it. Its `details` and export throw.
 */
export function buildServeColumns(root: string, overrides: Partial<Options> = {}, hooks: BuildHooks = {}): Promise<ServeBuild> {
  const { cacheDir: _none, ...rest } = hooks;
  return buildModel(root, overrides, rest, true);
}

/** A lean edge's `,"attributes":{…}` member (or none) as the full head: the defaults it leaves out put back. */
function leanHead(member: string, targetIsTag: boolean): EdgeHead {
  const a = (member === '' ? {} : JSON.parse(member.slice(LEAN_MEMBER.length))) as Partial<EdgeAttributes>;
  const relation = a.relation ?? defaultRelation(targetIsTag);
  return { relation, label: a.label ?? defaultEdgeLabel(relation), count: a.count ?? 1, ...(a.description !== undefined && { description: a.description }) };
}

async function buildModel(root: string, overrides: Partial<Options>, hooks: BuildHooks, lean: boolean): Promise<ServeBuild> {
  const file = lean ? undefined : new EdgeFile();
  try {
    let edges: EdgeSink | undefined; // writes every edge's JSON as `build --detail full` does
    const noteAttrs: NodeAttributes[] = [];
    const noteStart: number[] = [];
    // A target is a file's index in `fileKeys` (a ready edge) or -(k + 1) for madeTargets[k] (a special edge's key).
    const src: number[] = [], tgt: number[] = [], head: EdgeHead[] = [], madeTargets: string[] = [];
    let fileKeys: readonly string[] = [];
    const made = (key: string) => -madeTargets.push(key);
    const suffixed = new Map<number, string>();
    const heads = new Map<string, EdgeHead>();
    let source = 0;
    // Full detail: /api/node and /graph.json need every occurrence (the cache keeps a file per detail).
    const { prep, merged } = await mergeVault(root, overrides, { ...hooks, detail: lean ? 'lean' : 'full' }, (keys) => { fileKeys = keys; return lean ? {
      note(d, i) { noteAttrs[i] = JSON.parse(d.json) as NodeAttributes; source = i; },
      ready(_from, t, b, start, end) {
        // Nothing (a topic membership) or `,"attributes":{…}` with what differs from the defaults.
        const text = start === end ? '' : Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8', start, end);
        let h = heads.get(text);
        if (!h) {
          h = leanHead(text, false);
          if (h.description === undefined && heads.size < 10_000) heads.set(text, h);
        }
        src.push(source); tgt.push(t); head.push(h);
      },
      special(e) {
        if (e.suffixed) suffixed.set(head.length, e.key);
        src.push(source); tgt.push(made(e.target)); head.push(leanHead(e.draft.json, e.draft.target.kind === 'tag'));
      },
    } : (() => {
      const sink = (edges = new EdgeSink((b) => file!.push(b), 'full', keys));
      return {
        note(d, i) {
          sink.flush();
          noteStart[i] = file!.length;
          noteAttrs[i] = JSON.parse(d.json) as NodeAttributes;
          source = i;
        },
        ready(from, t, b, start, end) {
          // `,{"key":…,"attributes":{"relation":…,"label":…,"count":…[,"description":…],"origin":…`: the head is read once per distinct text.
          const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
          const a = buf.indexOf(ATTRIBUTES, start) + ATTRIBUTES.length, o = buf.indexOf(ORIGIN, a);
          const text = buf.toString('utf8', a, o);
          let h = heads.get(text);
          if (!h) {
            h = JSON.parse(`${text}}`) as EdgeHead;
            if (h.description === undefined && heads.size < 10_000) heads.set(text, h);
          }
          src.push(source); tgt.push(t); head.push(h);
          sink.ready(from, t, b, start, end);
        },
        special(e) {
          if (e.suffixed) suffixed.set(head.length, e.key);
          const { relation, label, count, description } = JSON.parse(e.draft.json) as EdgeAttributes;
          src.push(source); tgt.push(made(e.target)); head.push({ relation, label, count, ...(description !== undefined && { description }) });
          sink.special(e);
        },
      };
    })(); });
    edges?.finish();
    if (file) { noteStart.push(file.length); file.built(); }
    const model = columns(merged, noteAttrs, noteStart, src, { list: tgt, fileKeys, madeTargets }, head, suffixed, file, prep.isExcluded);
    return { model, diagnostics: [...prep.diagnostics, ...merged.diagnostics], merged, scanned: prep.scanned };
  } catch (e) {
    file?.dispose();
    throw e;
  }
}

/** Edge targets as gathered: a file's index in fileKeys, or -(k + 1) for madeTargets[k]. */
interface Targets { list: number[]; fileKeys: readonly string[]; madeTargets: string[] }

/** Each edge's target as a node index: one lookup per file linked to (not one per edge: 1.1M at 100k notes) and per special edge. */
function nodeIndices({ list, fileKeys, madeTargets }: Targets, index: ReadonlyMap<string, number>): Int32Array {
  const nodeOfFile = new Int32Array(fileKeys.length).fill(-1);
  const out = new Int32Array(list.length);
  for (let j = 0; j < list.length; j++) {
    const v = list[j]!;
    if (v < 0) { out[j] = index.get(madeTargets[-1 - v]!)!; continue; }
    let x = nodeOfFile[v]!;
    if (x < 0) x = nodeOfFile[v] = index.get(fileKeys[v]!)!;
    out[j] = x;
  }
  return out;
}

function columns(m: MergeResult, noteAttrs: NodeAttributes[], noteStart: number[], srcList: number[], targets: Targets, head: EdgeHead[],
  suffixed: Map<number, string>, file: EdgeFile | undefined, isExcluded: (p: string) => boolean): ServeModel {
  const n = m.nodes.length, size = srcList.length;
  const keys = m.nodes.map((x) => x.key);
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k, i));
  const attrs = m.nodes.map(({ key, note, made }) =>
    nodeAttributes(note !== undefined ? noteAttrs[note]! : made!, m.inDegree.get(key) ?? 0, m.outDegree.get(key) ?? 0, isExcluded));
  noteAttrs.length = 0;
  const src = Int32Array.from(srcList), tgt = nodeIndices(targets, index);
  // Edges are in source order already (note by note); incoming ones get an index of their own.
  const outStart = new Int32Array(n + 1), inStart = new Int32Array(n + 1), inEdges = new Int32Array(size);
  for (let j = 0; j < size; j++) { outStart[src[j]! + 1]!++; inStart[tgt[j]! + 1]!++; }
  for (let i = 0; i < n; i++) { outStart[i + 1]! += outStart[i]!; inStart[i + 1]! += inStart[i]!; }
  const fill = inStart.slice(0, n);
  for (let j = 0; j < size; j++) inEdges[fill[tgt[j]!]!++] = j;
  const keyOf = (j: number) => suffixed.get(j) ?? edgeKey(head[j]!.relation, keys[src[j]!]!, keys[tgt[j]!]!);
  type EdgeCb = (edge: string, a: Partial<EdgeAttributes>, s: string, t: string) => void;
  const each = (from: Int32Array, list: Int32Array | null) => (key: string, cb: EdgeCb) => {
    const i = index.get(key);
    if (i === undefined) return;
    for (let k = from[i]!; k < from[i + 1]!; k++) { const j = list ? list[k]! : k; cb(keyOf(j), head[j]!, keys[src[j]!]!, keys[tgt[j]!]!); }
  };
  const edgeFile = () => { if (!file) throw new Error('serve: this model has no edge details (buildServeColumns)'); return file; };
  /** Note `i`'s edges as the graph JSON has them. */
  const edgesOf = (i: number): Array<{ key: string; source: string; target: string; attributes: EdgeAttributes }> => {
    if (i >= noteStart.length - 1 || noteStart[i] === noteStart[i + 1]) return [];
    const text = edgeFile().read(noteStart[i]!, noteStart[i + 1]!).toString('utf8');
    return JSON.parse(`[${text.startsWith(',') ? text.slice(1) : text}]`);
  };
  const model: ServeModel = {
    order: n,
    size,
    forEachNode: (cb) => { for (let i = 0; i < n; i++) cb(keys[i]!, attrs[i]!); },
    forEachEdge: (cb) => { for (let j = 0; j < size; j++) cb(keyOf(j), head[j]!, keys[src[j]!]!, keys[tgt[j]!]!); },
    forEachEdgeAt: (cb) => { for (let j = 0; j < size; j++) cb(head[j]!, src[j]!, tgt[j]!); },
    hasNode: (key) => index.has(key),
    getNodeAttributes: (key) => attrs[index.get(key)!] ?? {},
    forEachOutEdge: each(outStart, null),
    forEachInEdge: each(inStart, inEdges),
    forEachNeighbor: (key, cb) => {
      const seen = new Set<string>();
      const visit = (k: string) => { if (!seen.has(k)) { seen.add(k); cb(k); } };
      model.forEachOutEdge(key, (_e, _a, _s, t) => visit(t));
      model.forEachInEdge(key, (_e, _a, s) => visit(s));
    },
    details(key) {
      edgeFile();
      const i = index.get(key);
      if (i === undefined) return null;
      const d: NodeDetails = { key, attributes: attrs[i]!, out: [], in: [] };
      for (const e of edgesOf(i)) d.out.push({ key: e.key, target: e.target, ...e.attributes });
      // Each note linking here is read once; its edges to this node are picked out.
      const sources = new Set<number>();
      for (let k = inStart[i]!; k < inStart[i + 1]!; k++) sources.add(src[inEdges[k]!]!);
      for (const s of sources) for (const e of edgesOf(s)) if (e.target === key) d.in.push({ key: e.key, source: e.source, ...e.attributes });
      return d;
    },
    topology: () => groupBySource(keys, src, tgt, Float32Array.from(head, (h) => relationWeight(h.relation ?? 'link'))),
    writeExport(write) { for (const c of model.exportChunks()) write(c); },
    *exportChunks() {
      yield `{"options":${JSON.stringify(GRAPH_OPTIONS)},"attributes":{},"nodes":[`;
      let buf = '';
      for (let i = 0; i < n; i++) {
        buf += `${i ? ',' : ''}${JSON.stringify({ key: keys[i], attributes: attrs[i] })}`;
        if (buf.length > BLOCK) { yield buf; buf = ''; }
      }
      yield `${buf}],"edges":[`;
      const f = edgeFile();
      for (let at = 0; at < f.length; at += BLOCK) yield f.read(at, Math.min(f.length, at + BLOCK));
      yield ']}\n';
    },
    close: () => file?.dispose(),
  };
  return model;
}
