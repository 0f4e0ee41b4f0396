// A spool: text written now and read back once, later, in order. It stays in memory while small
// and moves to a temporary file past `memoryLimit` characters, so a 500 MB edge section does not
// sit in the heap while the build waits for the last note. The file is removed when drained or
// disposed.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeAll } from './write.ts';

export type Chunk = string | Uint8Array;

const READ_SIZE = 1 << 22;

export class Spool {
  private parts: string[] = [];
  private chars = 0;
  private fd: number | undefined;
  private dir: string | undefined;

  constructor(private readonly memoryLimit = 32 << 20, private readonly tmpRoot = os.tmpdir()) {}

  push(s: string): void {
    if (this.fd !== undefined) { writeAll(this.fd, s); return; }
    this.parts.push(s);
    this.chars += s.length;
    if (this.chars > this.memoryLimit) {
      this.dir = fs.mkdtempSync(path.join(this.tmpRoot, 'vaultgraph-spool-'));
      this.fd = fs.openSync(path.join(this.dir, 'edges'), 'w+', 0o600);
      for (const p of this.parts) writeAll(this.fd, p);
      this.parts = [];
    }
  }

  /** Hand everything to `write` in order (strings from memory, bytes from the file), then dispose. */
  drain(write: (c: Chunk) => void): void {
    try {
      for (const p of this.parts) write(p);
      if (this.fd !== undefined) {
        for (let at = 0; ;) {
          const buf = Buffer.allocUnsafe(READ_SIZE);
          const n = fs.readSync(this.fd, buf, 0, READ_SIZE, at);
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
    this.parts = [];
    if (this.fd !== undefined) { try { fs.closeSync(this.fd); } catch { /* closed */ } this.fd = undefined; }
    if (this.dir !== undefined) { fs.rmSync(this.dir, { recursive: true, force: true }); this.dir = undefined; }
  }
}
