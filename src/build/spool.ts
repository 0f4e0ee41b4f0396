// A spool: bytes written now and read back once, later, in order. Writes are gathered in a 4 MB
// buffer; the spool stays in memory while small and moves to a temporary file past `memoryLimit`
// bytes (default 4 MB), so a 500 MB edge section does not sit in the heap while the build waits for
// the last note. The limit is low because memory new to the process is dearer than the page cache:
// on the benchmark machine, copying 32 MB into fresh buffers cost more main-thread time (page
// faults) than writing them to a file and reading them back. The file is removed when drained or
// disposed.

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
      if (this.used + c.length * 3 > BLOCK) this.flush(); // at most 3 UTF-8 bytes per UTF-16 unit
      if (c.length * 3 > BLOCK) { this.store(Buffer.from(c)); return; }
      this.used += this.block.write(c, this.used);
      return;
    }
    if (this.used + c.length > BLOCK) this.flush();
    if (c.length > BLOCK) { this.store(Buffer.from(c)); return; }
    this.block.set(c, this.used);
    this.used += c.length;
  }

  private flush(): void {
    if (this.used === 0) return;
    const filled = this.block.subarray(0, this.used);
    if (this.fd !== undefined) writeAll(this.fd, filled); else this.store(Buffer.from(filled));
    this.used = 0;
  }

  private store(b: Buffer): void {
    if (this.fd !== undefined) { writeAll(this.fd, b); return; }
    this.memory.push(b);
    this.memoryBytes += b.length;
    if (this.memoryBytes > this.memoryLimit) {
      this.dir = fs.mkdtempSync(path.join(this.tmpRoot, 'vaultgraph-spool-'));
      this.forget = onInterrupt(() => this.dispose());
      this.fd = fs.openSync(path.join(this.dir, 'edges'), 'wx+', 0o600); // in a fresh private folder (mkdtemp), created exclusively
      for (const m of this.memory) writeAll(this.fd, m);
      this.memory = [];
    }
  }

  /** True once the spool has moved to a temporary file. */
  get spilled(): boolean { return this.fd !== undefined; }

  /**
   * Hand everything to `write` in order, then dispose. Bytes read back from the file come in one
   * reused buffer: `write` must use them before it returns.
   */
  drain(write: (c: Uint8Array) => void): void {
    try {
      this.flush();
      for (const m of this.memory) write(m);
      if (this.fd !== undefined) {
        const buf = this.block;
        for (let at = 0; ;) {
          const n = fs.readSync(this.fd, buf, 0, BLOCK, at);
          if (n === 0) break;
          write(buf.subarray(0, n));
          at += n;
        }
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
