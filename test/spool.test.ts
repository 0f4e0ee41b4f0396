// The edge spool: bytes come back in the order pushed, from memory while they fit its one 4 MB
// buffer (no temporary file), and from a temporary file, removed when drained, once they do not.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../src/build/spool.ts';

function drained(spool: Spool): Buffer {
  const out: Buffer[] = [];
  spool.drain((c) => out.push(Buffer.from(c))); // read-back buffers are reused: copy
  return Buffer.concat(out);
}

describe('spool', () => {
  const pieces = (n: number, size: number) => Array.from({ length: n }, (_, i) => Buffer.alloc(size, 97 + (i % 26)));

  it('keeps what fits its buffer in memory, with no temporary file', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-spool-'));
    const spool = new Spool(undefined, tmp);
    const parts = [...pieces(3, 1000).map((b) => b.toString()), ...pieces(3, 1000)];
    for (const p of parts) spool.push(p);
    expect(spool.spilled).toBe(false);
    expect(fs.readdirSync(tmp)).toEqual([]);
    expect(drained(spool).equals(Buffer.concat(parts.map((p) => Buffer.from(p))))).toBe(true);
  });

  it('moves to a temporary file past its buffer, returns every byte in order and removes the file', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-spool-'));
    const spool = new Spool(undefined, tmp);
    const parts = pieces(12, 1 << 20); // 12 MB: three buffers' worth
    for (const p of parts) spool.push(p);
    expect(spool.spilled).toBe(true);
    expect(fs.readdirSync(tmp)).toHaveLength(1);
    expect(drained(spool).equals(Buffer.concat(parts))).toBe(true);
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('returns the bytes in order with a 1-byte limit too (spilled at the drain), and leaves no file', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-spool-'));
    const spool = new Spool(1, tmp);
    spool.push('ab');
    spool.push(Buffer.from('cd'));
    expect(drained(spool).toString()).toBe('abcd');
    expect(spool.spilled).toBe(false); // disposed
    expect(fs.readdirSync(tmp)).toEqual([]);
  });
});
