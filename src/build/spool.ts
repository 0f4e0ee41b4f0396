// A spool: bytes written now and read back once, later, in order. Writes are gathered in a 4 MB
// buffer; the spool stays in memory while it holds at most `memoryLimit` bytes (default: one such
// buffer, never copied) and else moves to a temporary file, so a 500 MB edge section does not sit in the heap
// while the build waits for the last note. Memory new to the process is dearer than the page cache:
// on the benchmark machine, copying 32 MB of edges into fresh buffers cost the main thread more
// (page faults) than writing them to a file and reading them back. The file is removed when drained
// or disposed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onInterrupt } from './interrupt.ts';
import { writeAll } from './write.ts';

export type Chunk = string | Uint8Array;

const BLOCK = 1 << 22;

export class Spool {
  private block = Buffer.allocUnsafeSlow(BLOCK);
  private used = 0;
  private memory: Buffer[] = [];
  private memoryBytes = 0;
  private fd: number | undefined;
  private dir: string | undefined;
  private forget: (() => void) | undefined;

  constructor(private readonly memoryLimit = BLOCK, private readonly tmpRoot = os.tmpdir()) {}

  push(c: Chunk): void {
    if (typeof c === 'string') {
      if (this.used + c.length * 3 > BLOCK) this.flush(c.length * 3); // at most 3 UTF-8 bytes per UTF-16 unit
      if (c.length * 3 > BLOCK) { this.store(Buffer.from(c)); return; }
      this.used += this.block.write(c, this.used);
      return;
    }
    if (this.used + c.length > BLOCK) this.flush(c.length);
    if (c.length > BLOCK) { this.store(Buffer.from(c)); return; }
    this.block.set(c, this.used);
    this.used += c.length;
  }

  /** Empty the block, before `incoming` more bytes: to the file, or to memory while under the limit. */
  private flush(incoming = 0): void {
    if (this.used === 0) return;
    const filled = this.block.subarray(0, this.used);
    // Past the limit, move to the file now rather than copy to memory what would go there anyway.
    if (this.fd === undefined && this.memoryBytes + this.used + incoming > this.memoryLimit) this.spill();
    if (this.fd !== undefined) writeAll(this.fd, filled); else this.store(Buffer.from(filled));
    this.used = 0;
  }

  private store(b: Buffer): void {
    if (this.fd !== undefined) { writeAll(this.fd, b); return; }
    this.memory.push(b);
    this.memoryBytes += b.length;
    if (this.memoryBytes > this.memoryLimit) this.spill();
  }

  /** Move to a temporary file, with what memory holds so far. */
  private spill(): void {
    this.dir = fs.mkdtempSync(path.join(this.tmpRoot, 'vaultgraph-spool-'));
    this.forget = onInterrupt(() => this.dispose());
    this.fd = fs.openSync(path.join(this.dir, 'edges'), 'wx+', 0o600); // in a fresh private folder (mkdtemp), created exclusively
    for (const m of this.memory) writeAll(this.fd, m);
    this.memory = [];
  }

  /** True once the spool has moved to a temporary file. */
  get spilled(): boolean { return this.fd !== undefined; }

  /**
   * Hand everything to `write` in order, then dispose. Bytes read back from the file come in one
   * reused buffer: `write` must use them before it returns.
   */
  drain(write: (c: Uint8Array) => void): void {
    try {
      if (this.fd === undefined && this.memoryBytes + this.used <= this.memoryLimit) { // in memory: the block as it is, not copied
        for (const m of this.memory) write(m);
        if (this.used > 0) write(this.block.subarray(0, this.used));
        return;
      }
      this.flush();
      const buf = this.block;
      for (let at = 0; ;) {
        const n = fs.readSync(this.fd!, buf, 0, BLOCK, at);
        if (n === 0) break;
        write(buf.subarray(0, n));
        at += n;
      }
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    this.memory = [];
    this.used = 0;
    if (this.fd !== undefined) { try { fs.closeSync(this.fd); } catch { /* closed */ } this.fd = undefined; }
    if (this.dir !== undefined) { fs.rmSync(this.dir, { recursive: true, force: true }); this.dir = undefined; }
    this.forget?.();
    this.forget = undefined;
  }
}
