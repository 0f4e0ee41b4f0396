// A vault's graph JSON (what `vaultgraph build` writes, from the streamed engine) in a private
// temporary file, read back node by node and edge by edge as often as an export needs: the exports
// of a 100k-note vault never hold its 1.1M edges as one string or one graphology graph. The file is
// removed by `dispose` (and on Ctrl-C).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EdgeAttributes, NodeAttributes } from '../core/types.ts';
import type { Options } from '../core/options.ts';
import { onInterrupt } from './interrupt.ts';
import { buildVaultJson, type BuildHooks, type JsonBuild } from './json-build.ts';
import { writeAll } from './write.ts';

const BLOCK = 1 << 22;

/** One pass: every node (in the graph's order), then every edge; either may be left out. */
export interface GraphVisitor {
  node?(key: string, attributes: NodeAttributes): void;
  edge?(key: string, source: string, target: string, attributes: EdgeAttributes): void;
}

interface NodeItem { key: string; attributes: NodeAttributes }
interface EdgeItem { key: string; source: string; target: string; attributes: EdgeAttributes }

export class GraphFile {
  private constructor(private readonly dir: string, private readonly file: string, readonly summary: JsonBuild, private readonly forget: () => void) {}

  /** Build `root` into a new temporary graph file (the caller disposes it). */
  static async build(root: string, overrides: Partial<Options> = {}, hooks: BuildHooks = {}, tmpRoot = os.tmpdir()): Promise<GraphFile> {
    const dir = fs.mkdtempSync(path.join(tmpRoot, 'vaultgraph-export-'));
    const remove = () => fs.rmSync(dir, { recursive: true, force: true });
    const forget = onInterrupt(remove);
    const file = path.join(dir, 'graph.json');
    try {
      const fd = fs.openSync(file, 'wx', 0o600); // a fresh private folder (mkdtemp), created exclusively
      let summary: JsonBuild;
      try {
        // Full detail: the reader expects graph.export()'s order and keys, and exports carry every occurrence.
        summary = await buildVaultJson(root, (c) => writeAll(fd, c), overrides, { ...hooks, pretty: false, detail: 'full' });
      } finally { fs.closeSync(fd); }
      return new GraphFile(dir, file, summary, () => { forget(); remove(); });
    } catch (e) {
      forget();
      remove();
      throw e;
    }
  }

  get order(): number { return this.summary.nodes; }
  get size(): number { return this.summary.edges; }

  /** The graph JSON's bytes, in chunks valid only during the call. */
  copy(write: (bytes: Uint8Array) => void): void {
    readChunks(this.file, (b) => { write(b); return true; });
  }

  /** Read the file once, handing each node and edge to `visitor`; stops after the nodes when it wants no edges. */
  pass(visitor: GraphVisitor): void {
    const { node, edge } = visitor;
    const items = new ItemSplitter((list, text) => {
      if (list === 0) {
        if (node) { const n = JSON.parse(text) as NodeItem; node(n.key, n.attributes); }
      } else if (list === 1 && edge) {
        const e = JSON.parse(text) as EdgeItem;
        edge(e.key, e.source, e.target, e.attributes);
      }
    });
    readChunks(this.file, (b) => { items.push(b); return edge !== undefined || items.list < 1; });
  }

  dispose(): void { this.forget(); }
}

/** Hand the file to `use` in reused blocks until it ends or `use` returns false. */
function readChunks(file: string, use: (b: Uint8Array) => boolean): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(BLOCK);
    for (let at = 0; ;) {
      const n = fs.readSync(fd, buf, 0, BLOCK, at);
      if (n === 0 || !use(buf.subarray(0, n))) break;
      at += n;
    }
  } finally { fs.closeSync(fd); }
}

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_LIST = 0x5b, CLOSE_LIST = 0x5d;

/**
 * Splits the graph JSON `{…,"nodes":[{…},…],"edges":[{…},…]}` into the items of its top-level lists,
 * fed in chunks: `onItem(list, text)` with the list's number (0 nodes, 1 edges) and the item's JSON.
 * String-aware, so a `}` or `[` inside a note's text is only text.
 */
export class ItemSplitter {
  /** The top-level list being read: -1 before the first. */
  list = -1;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private inList = false;
  private parts: Buffer[] = [];
  private inItem = false;

  constructor(private readonly onItem: (list: number, text: string) => void) {}

  push(b: Uint8Array): void {
    // The state in locals: this loop reads every byte of a 500 MB file, several times.
    let { depth, inString, escaped, inList } = this;
    let start = this.inItem ? 0 : -1;
    const n = b.length;
    let i = 0;
    if (escaped && n > 0) { escaped = false; i = 1; } // the chunk starts with an escaped character
    for (; i < n; i++) {
      if (inString) {
        // Jump to the string's closing quote: one not escaped by an odd run of backslashes.
        const q = b.indexOf(QUOTE, i);
        if (q === -1) { escaped = backslashesBefore(b, n, i) % 2 === 1; break; }
        if (backslashesBefore(b, q, i) % 2 === 0) inString = false;
        i = q;
        continue;
      }
      const c = b[i]!;
      if (c === QUOTE) inString = true;
      else if (c === OPEN_OBJECT || c === OPEN_LIST) {
        if (depth === 1) { inList = c === OPEN_LIST; if (inList) this.list++; }
        else if (depth === 2 && inList) { start = i; this.inItem = true; }
        depth++;
      } else if (c === CLOSE_OBJECT || c === CLOSE_LIST) {
        depth--;
        if (depth === 2 && this.inItem) {
          const last = Buffer.from(b.buffer, b.byteOffset + start, i + 1 - start);
          const text = this.parts.length ? Buffer.concat([...this.parts, last]).toString('utf8') : last.toString('utf8');
          this.parts = [];
          this.inItem = false;
          start = -1;
          this.onItem(this.list, text);
        }
      }
    }
    Object.assign(this, { depth, inString, escaped, inList });
    // An item cut by the chunk's end: keep a copy of its start (the chunk's buffer is reused).
    if (this.inItem) this.parts.push(Buffer.from(b.subarray(start)));
  }
}

/** How many backslashes end b[from…end). */
function backslashesBefore(b: Uint8Array, end: number, from: number): number {
  let k = end;
  while (k > from && b[k - 1] === BACKSLASH) k--;
  return end - k;
}
