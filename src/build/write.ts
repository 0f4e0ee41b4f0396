// Atomic file writes: write a temporary file beside the target, then rename it over the target, so
// a crash or Ctrl-C never leaves a half-written file in place of a good one.

import fs from 'node:fs';
import path from 'node:path';
import { onInterrupt } from './interrupt.ts';

function tempBeside(file: string): string {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
}

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = tempBeside(file);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/** The same for content produced in chunks: `fill` calls `write` as often as it likes. */
export async function writeFileAtomicWith<T>(file: string, fill: (write: (chunk: string | Uint8Array) => void) => T | Promise<T>): Promise<T> {
  const tmp = tempBeside(file);
  const fd = fs.openSync(tmp, 'w');
  const forget = onInterrupt(() => fs.rmSync(tmp, { force: true }));
  try {
    const result = await fill((chunk) => { writeAll(fd, chunk); });
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
    return result;
  } catch (e) {
    try { fs.closeSync(fd); } catch { /* already closed */ }
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    forget();
  }
}

/** fs.writeSync until every byte is written (a write may be short on pipes and full disks). */
export function writeAll(fd: number, chunk: string | Uint8Array): void {
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}
