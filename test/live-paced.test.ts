// A live vault made in steps (incremental.ts createLiveVaultPaced), and as its notes are read
// (watch.ts openLiveVault, what `serve --watch` opens with): the same live vault as made at once,
// with the event loop handed back between steps.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLiveVault, createLiveVaultPaced } from '../src/live/incremental.ts';
import { openLiveVault } from '../src/live/watch.ts';
import { buildVaultGraph } from '../src/index.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-paced-'));
  // 2,500 notes: three steps of drafts, each note linking two others, some missing, tags.
  for (let i = 0; i < 2500; i++) fs.writeFileSync(path.join(dir, `n${i}.md`), `# n${i}\n[[n${(i * 7) % 2600}]] [[n${(i + 1) % 2500}]] #t${i % 9}\n`);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a live vault made in steps', () => {
  it('is the live vault made at once, and pauses between steps', async () => {
    const b = await buildVaultGraph(dir);
    const input = { notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded };
    let pauses = 0;
    const paced = await createLiveVaultPaced(input, b.options, async () => { pauses++; });
    const whole = createLiveVault(input, b.options);
    expect(JSON.stringify(paced.export())).toBe(JSON.stringify(whole.export()));
    expect(JSON.stringify(paced.export())).toBe(JSON.stringify(b.graph.export()));
    // After each 1,000 drafts (2), after the last draft, and between the merge and the graph.
    expect(pauses).toBe(4);
    // And it patches as the other does.
    const change = { type: 'upsert' as const, path: 'n1.md', text: '# n1\n[[new one]]\n' };
    expect(JSON.stringify(paced.apply(change))).toBe(JSON.stringify(whole.apply(change)));
  });

  it.each([['inline', 0], ['on two parse workers', 2]])('openLiveVault drafts each note as it is read (%s): the same live vault', async (_, threads) => {
    const b = await buildVaultGraph(dir);
    const whole = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
    const opened = await openLiveVault(dir, {}, { threads });
    expect(JSON.stringify(opened.live.export())).toBe(JSON.stringify(whole.export()));
    for (const change of [
      { type: 'upsert' as const, path: 'n1.md', text: '# n1\n[[new one]] [[n2]]\n' },
      { type: 'upsert' as const, path: 'n2600.md', text: '# n2600\n' }, // a missing link's target made
      { type: 'delete' as const, path: 'n7.md' },
    ]) expect(JSON.stringify(opened.live.apply(change))).toBe(JSON.stringify(whole.apply(change)));
    expect(JSON.stringify(opened.live.export())).toBe(JSON.stringify(whole.export()));
  });

  it('openLiveVault lets timers run while it makes the vault, and stops when asked', async () => {
    let ticks = 0;
    const timer = setInterval(() => { ticks++; }, 0);
    try {
      const opened = await openLiveVault(dir);
      expect(opened.live.graph.order).toBeGreaterThan(2500);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(2);
    let asked = 0;
    // Stopped once the notes are read: the making stops at its first pause.
    await expect(openLiveVault(dir, {}, { stopped: () => ++asked > 1 })).rejects.toThrow(/stopped/);
  });
});
