// The timeline's dates: parsed from frontmatter in Node (src/viewer/dates.ts), the key configured or
// detected, carried lean in the payload (compact `date`), and read by the page (web/model/timeline.ts).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../src/index.ts';
import { DATE_KEY_CANDIDATES, detectDateKey, toDay } from '../src/viewer/dates.ts';
import fc from 'fast-check';
import { makePayload } from '../src/viewer/html.ts';
import { isCompact } from '../src/viewer/compact.ts';
import { dayToIso, limitVisibility, shownAt, timelineOf, upTo } from '../web/model/timeline.ts';
import { toGraph } from '../web/model/to-graph.ts';
import { keysOf } from '../web/model/keys.ts';
import { computeVisibility } from '../web/model/filters.ts';
import { defaultState } from '../web/model/state.ts';
import { fixture } from './helpers.ts';

const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

describe('toDay', () => {
  it.each<[unknown, string | null]>([
    ['2024-01-10', '2024-01-10'], ['2024/1/5', '2024-01-05'], ['2024.03.07', '2024-03-07'], ['2024-01-10 09:30', '2024-01-10'],
    ['2024-01-10T09:30:00Z', '2024-01-10'], ['2024-02', '2024-02-01'], ['2024年3月8日', '2024-03-08'],
    [new Date(Date.UTC(2023, 11, 31)), '2023-12-31'],
    ['2024-02-31', null], ['2024-13-01', null], ['soon', null], ['', null], [null, null], [2024, null], ['{{date}}', null],
  ])('%j → %s', (v, iso) => {
    const d = toDay(v);
    expect(d === null ? null : dayToIso(d)).toBe(iso);
  });
});

describe('the date key', () => {
  it('is the candidate most notes have a date under', () => {
    const n = (meta: Record<string, unknown>) => ({ kind: 'note', meta });
    expect(detectDateKey([n({ date: '2024-01-01' }), n({ 发布日期: '2024-01-02', date: 'x' }), n({ 发布日期: '2024-01-03' })])).toBe('发布日期');
    expect(detectDateKey([n({ Created: '2024-01-01' })])).toBe('created');
    expect(detectDateKey([n({ title: 'x' }), { kind: 'topic', meta: { date: '2024-01-01' } }])).toBeNull();
  });

  it('reads a key as any case, the exact spelling first (property: the same as asking each candidate of each note)', () => {
    expect(detectDateKey([{ kind: 'note', meta: { DATE: '2024-01-01', date: 'x', Date: '2024-01-02' } }])).toBeNull(); // `date` itself is not a date
    expect(detectDateKey([{ kind: 'note', meta: { DATE: 'x', Date: '2024-01-02' } }])).toBeNull(); // the first other spelling
    const lookup = (meta: Record<string, unknown>, key: string) => {
      if (key in meta) return meta[key];
      return Object.entries(meta).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
    };
    const reference = (nodes: Array<{ kind: string; meta: Record<string, unknown> }>) => {
      const counts = new Map<string, number>();
      for (const x of nodes) for (const key of DATE_KEY_CANDIDATES) if (x.kind === 'note' && toDay(lookup(x.meta, key)) !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
      let best: string | null = null;
      for (const key of DATE_KEY_CANDIDATES) if ((counts.get(key) ?? 0) > (best === null ? 0 : counts.get(best)!)) best = key;
      return best;
    };
    const key = fc.constantFrom('date', 'Date', 'DATE', 'created', 'Created', 'published', '发布日期', '日期', 'title');
    const value = fc.constantFrom('2024-01-02', '2023/5/6', 'soon', '', 7);
    const node = fc.record({ kind: fc.constantFrom('note', 'note', 'topic'), meta: fc.dictionary(key, value, { maxKeys: 5 }) });
    fc.assert(fc.property(fc.array(node, { maxLength: 12 }), (nodes) => detectDateKey(nodes) === reference(nodes)), { numRuns: 2000 });
  });

  it('reaches the payload: a sparse day per dated note, the key beside it', async () => {
    const g = (await buildVaultGraph(fixture('relations'))).graph;
    const p = await makePayload(g, { layout: false });
    expect(isCompact(p.graph) && p.graph.dateKey).toBe('发布日期');
    const t = timelineOf(p)!;
    // Days are by the page's node keys (web/model/keys.ts), the graph's the page builds from the same payload.
    const keys = keysOf(toGraph(p).graph);
    expect(t.days.get(keys.node('notes/起点')!)).toBe(day('2024-01-10'));
    expect(t.days.has(keys.node('notes/无日期')!)).toBe(false);
    expect([dayToIso(t.first), dayToIso(t.last), t.days.size, t.dated, t.undated]).toEqual(['2024-01-10', '2025-01-01', 6, 6, 1]);
    // A flag (or the config's viewer.dateKey) wins over detection; a key no note has gives no timeline.
    expect(timelineOf(await makePayload(g, { layout: false, dateKey: 'nope' }))).toBeNull();
  });

  it('vaultgraph.config.json viewer.dateKey names it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-dates-'));
    fs.writeFileSync(path.join(dir, 'a.md'), '---\ndate: 2024-01-01\nwritten: 2020-05-05\n---\n');
    fs.writeFileSync(path.join(dir, 'vaultgraph.config.json'), JSON.stringify({ viewer: { dateKey: 'written' } }));
    const p = await makePayload((await buildVaultGraph(dir)).graph, { root: dir, layout: false });
    expect(timelineOf(p)).toMatchObject({ key: 'written', first: day('2020-05-05') });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('the page limits the view to a day', () => {
  it('hides the notes dated later, keeps the undated, drops the edges to hidden notes', async () => {
    const p = await makePayload((await buildVaultGraph(fixture('relations'))).graph, { layout: false });
    const t = timelineOf(p)!;
    const { graph } = toGraph(p);
    const all = computeVisibility(graph, defaultState());
    const v = limitVisibility(graph, all, upTo(t, day('2024-03-05')));
    const keys = keysOf(graph);
    expect([...v.nodes].map(keys.vault).filter((k) => k.startsWith('notes/')).sort()).toEqual(['notes/中转', 'notes/无日期', 'notes/起点']);
    expect(v.nodes.has(keys.node('00-元语/AI')!)).toBe(true);
    expect(v.nodes.has(keys.node('#demo')!)).toBe(false); // only 终点 (later) has the tag
    expect(limitVisibility(graph, all, upTo(t, day('2024-09-20'))).nodes.has(keys.node('#demo')!)).toBe(true);
    for (const e of v.edges) expect(v.nodes.has(graph.source(e)) && v.nodes.has(graph.target(e))).toBe(true);
    expect(v.kinds.note).toBe(3);
    expect(shownAt(t, day('2024-03-05'))).toBe(2);
    expect(limitVisibility(graph, all, null)).toBe(all);
  });
});
