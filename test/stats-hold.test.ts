// build/stats-hold.ts: the up-to-date check's stats, on this thread alone or with a helper thread
// taking chunks beside it: the same answer either way, and the helper's script runs as shipped.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunksOf, HELPER_SOURCE, statsHold } from '../src/build/stats-hold.ts';

/** 3,000 files (chunks of 1,024: three), their paths as the stamp keeps them, and their stats. */
let dir: string;
let files: string[];
const N = 3000;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-stats-'));
  files = Array.from({ length: N }, (_, i) => path.join(dir, `${String(i).padStart(4, '0')} 笔记.md`));
  for (const f of files) fs.writeFileSync(f, 'x');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The paths (behind a 5-byte head, as in a stamp) and the stats recorded now. */
function recorded(): { buf: Buffer; stats: Float64Array } {
  const buf = Buffer.concat([Buffer.from('head:'), Buffer.from(files.map((f) => `${f}\0`).join(''))]);
  const stats = new Float64Array(N * 4);
  files.forEach((f, i) => { const st = fs.statSync(f); stats.set([st.size, st.mtimeMs, st.ctimeMs, st.ino], i * 4); });
  return { buf, stats };
}

const both = (r: { buf: Buffer; stats: Float64Array }) =>
  [statsHold(r.buf, 5, N, r.stats, { helperFrom: Infinity }), statsHold(r.buf, 5, N, r.stats, { helperFrom: 1 })];

describe('statsHold', () => {
  it('holds for unchanged files, on one thread and with the helper', () => {
    expect(both(recorded())).toEqual([true, true]);
  });

  it.each([['the first', 0], ['one in the middle chunk', 1500], ['the last', N - 1]])('fails when %s file changed (size), on one thread and with the helper', (_, i) => {
    const r = recorded();
    fs.writeFileSync(files[i]!, 'xy');
    try { expect(both(r)).toEqual([false, false]); } finally { fs.writeFileSync(files[i]!, 'x'); }
  });

  it('fails for a file removed, or a path list cut short', () => {
    const r = recorded();
    expect(statsHold(r.buf, 5, N + 1, new Float64Array((N + 1) * 4), { helperFrom: 1 })).toBe(false); // no NUL for the last
    fs.rmSync(files[1500]!);
    try { expect(both(r)).toEqual([false, false]); } finally { fs.writeFileSync(files[1500]!, 'x'); }
  });

  it('the helper\'s script, run alone on the shared chunks, checks every chunk and flags a change', async () => {
    /** The helper alone over the stats recorded now, after `change` (if any) is made on disk: the shared counters it leaves. */
    const run = async (change?: () => void) => {
      const r = recorded();
      change?.();
      const m = chunksOf(r.buf, 5, N, r.stats, true)!;
      const w = new Worker(HELPER_SOURCE, { eval: true, workerData: m });
      const errors: unknown[] = [];
      w.on('error', (e) => errors.push(e));
      await new Promise((resolve) => w.once('exit', resolve));
      expect(errors).toEqual([]);
      return [...m.ctl];
    };
    expect(await run()).toEqual([3 + 1, 3, 0]); // three chunks taken (and one past the end), three finished, none differed
    expect((await run(() => fs.utimesSync(files[2500]!, new Date(2000, 0, 1), new Date(2000, 0, 1))))[2]).toBe(1);
  });
});
