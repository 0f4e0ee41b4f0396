// The payload on the wire (src/viewer/columns.ts, compact.ts `toWire`/`fromWire`, payload.ts
// `wirePayload`/`readPayload`): integer columns as column strings, read back exactly, and damaged
// ones refused with the column's name.

import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { decodeColumn, encodeColumn, unzigzag, zigzag } from '../src/viewer/columns.ts';
import { COMPACT_FORMAT, encodeCompact, isCompact, type GraphSource } from '../src/viewer/compact.ts';
import { readPayload, wirePayload, type ViewerPayload } from '../src/viewer/payload.ts';
import { timelineOf } from '../web/model/timeline.ts';

const roundTrip = (xs: number[]) => Array.from(decodeColumn(encodeColumn(xs), 'x'));

describe('column strings (columns.ts)', () => {
  it('give each column the width its largest value needs, and read back every value', () => {
    expect(encodeColumn([])).toBe('1');
    expect(encodeColumn([0, 1, 63])).toBe('1AB_');
    expect(encodeColumn([64])).toBe('2BA');
    expect(encodeColumn([262_143, 0])).toBe('3___AAA');
    for (const xs of [[], [0], [5, 63, 0], [64, 4095, 0], [262_143, 7, 4096], [2 ** 30 - 1, 1], [2 ** 30, 2], [2 ** 48 - 1, 0, 12_345_678_901]]) {
      expect(roundTrip(xs)).toEqual(xs);
    }
  });

  it('read into a Uint32Array up to width 5, a Float64Array past it', () => {
    expect(decodeColumn(encodeColumn([2 ** 30 - 1]), 'x')).toBeInstanceOf(Uint32Array);
    expect(decodeColumn(encodeColumn([2 ** 30]), 'x')).toBeInstanceOf(Float64Array);
  });

  it('take whole non-negative numbers only', () => {
    for (const x of [-1, 0.5, NaN, Infinity, 2 ** 48]) expect(() => encodeColumn([x])).toThrow(/encodeColumn/);
  });

  it('refuse a damaged column, naming it', () => {
    expect(() => decodeColumn(undefined, 'target')).toThrow('readPayload: column "target" must be a column string');
    expect(() => decodeColumn([1, 2], 'target')).toThrow(/column "target"/);
    expect(() => decodeColumn('', 'target')).toThrow(/must be a column string/);
    for (const s of ['0AB', '9AB', 'xAB']) expect(() => decodeColumn(s, 'rel')).toThrow('readPayload: column "rel" has no width digit');
    expect(() => decodeColumn('2ABC', 'dir')).toThrow('readPayload: column "dir" is cut short');
    expect(() => decodeColumn('1ABC', 'dir', 2)).toThrow('readPayload: column "dir" has 3 values, not 2');
    for (const s of ['1A=', '1A"', '1A中', '1A ']) expect(() => decodeColumn(s, 'out')).toThrow(/column "out" holds a character that is not a base-64 digit/);
    // Any width, any digit of a value, any UTF-16 unit (a lone surrogate, the last one).
    for (const s of ['2AB=A', '3AAAAB中', '3\uffffAA', '5AAAAAAAAA\ud800', '7AAAAAA ', '8AAAAAAAAAAAAAAA\u0080']) {
      expect(() => decodeColumn(s, 'target')).toThrow(/column "target" holds a character that is not a base-64 digit/);
    }
  });

  it('carry signed numbers zigzagged', () => {
    expect([0, -1, 1, -2, 2].map(zigzag)).toEqual([0, 1, 2, 3, 4]);
    for (const v of [0, 1, -1, 12_345, -98_765, 2 ** 40, -(2 ** 40)]) expect(unzigzag(zigzag(v))).toBe(v);
  });
});

/** Two notes in a folder, one at the root, a topic; dated before 1970, after, and not at all. */
function payload(): ViewerPayload {
  const g = new Graph({ type: 'directed', multi: true });
  const note = (key: string, date?: string, kind = 'note') => g.addNode(key, { kind, label: key.slice(key.lastIndexOf('/') + 1),
    path: `${key}.md`, folder: key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '', ...(date && { meta: { 发布日期: date } }) });
  note('01-博客/a', '1969-07-20'); note('01-博客/b', '2024-03-01'); note('c'); note('00-元语/AI', undefined, 'topic');
  g.addEdge('01-博客/a', '01-博客/b', { relation: 'cites', label: '引用', count: 2, description: '说明。' });
  g.addEdge('01-博客/a', '00-元语/AI', { relation: 'topic', label: '关联主题', count: 1 });
  g.addEdge('c', '01-博客/a', { relation: 'link', label: 'link', count: 1 });
  const graph = encodeCompact(g as unknown as GraphSource, { meta: 'none', dateKey: '发布日期' });
  return { vaultName: 'v', graph, positions: [1.25, -3.5, 0, 0.01, -1234.57, 99999.99, -0.07, 2] };
}

const overWire = (p: ViewerPayload) => readPayload(JSON.parse(JSON.stringify(wirePayload(p))));

describe('the payload on the wire', () => {
  it('sends dir, out, target, rel, date and positions as column strings, in format 2', () => {
    const w = JSON.parse(JSON.stringify(wirePayload(payload())));
    expect(w.graph.format).toBe(COMPACT_FORMAT);
    expect(COMPACT_FORMAT).toBe('vaultgraph-viewer/2');
    for (const f of ['dir', 'out', 'target', 'rel', 'date']) expect(typeof w.graph[f]).toBe('string');
    expect(typeof w.positions).toBe('string');
    // The rest as it was: names, tables, sparse fields.
    expect(w.graph.name).toEqual(['a', 'b', 'c', 'AI']);
    expect(w.graph.count).toEqual({ 0: 2 });
  });

  it('reads back the same graph, dates (before 1970 too) and positions to the hundredth', () => {
    const p = payload(), q = overWire(p);
    if (!isCompact(p.graph) || !isCompact(q.graph)) throw new Error('not compact');
    for (const f of ['dir', 'out', 'target', 'rel'] as const) expect(Array.from(q.graph[f])).toEqual(Array.from(p.graph[f]));
    expect(q.graph.name).toEqual(p.graph.name);
    expect(q.graph.rels).toEqual(p.graph.rels);
    expect(Array.from(q.graph.date!)).toEqual([Date.UTC(1969, 6, 20) / 864e5, Date.UTC(2024, 2, 1) / 864e5, NaN, NaN]);
    expect(Array.from(q.positions!)).toEqual(p.positions);
    expect(timelineOf(q)).toEqual(timelineOf(p));
    expect(timelineOf(q)!.first).toBeLessThan(0);
  });

  it('drops positions that are not one pair per node (the page lays the graph out)', () => {
    const p = { ...payload(), positions: [1, 2] };
    expect(overWire(p).positions).toBeUndefined();
  });

  it('packs the positions of a bare graphology export too, and reads an array of them as it is', () => {
    const p: ViewerPayload = { vaultName: 'v', graph: { nodes: [{ key: 'a' }, { key: 'b' }], edges: [] }, positions: [1.5, -2, 3, 4.25] };
    expect(typeof JSON.parse(JSON.stringify(wirePayload(p))).positions).toBe('string');
    expect(Array.from(overWire(p).positions!)).toEqual([1.5, -2, 3, 4.25]);
    expect(readPayload({ ...p, positions: [1, 2, 3, 4] }).positions).toEqual([1, 2, 3, 4]);
    expect(() => readPayload({ ...p, positions: [1, 'x', 3, 4] })).toThrow('readPayload: "positions" must hold numbers');
  });

  it('refuses columns that point outside their tables, and says which', () => {
    const broken = (edit: (g: Record<string, unknown>) => void) => {
      const w = JSON.parse(JSON.stringify(wirePayload(payload())));
      edit(w.graph);
      return () => readPayload(w);
    };
    expect(broken((g) => { g.target = encodeColumn([1, 9, 0]); })).toThrow('readPayload: compact graph field "target" points past the nodes');
    expect(broken((g) => { g.rel = encodeColumn([0, 0, 7]); })).toThrow('readPayload: compact graph field "rel" points past "rels"');
    expect(broken((g) => { g.out = encodeColumn([2, 1, 1, 0]); })).toThrow('readPayload: compact graph field "out" does not add up to the edges');
    expect(broken((g) => { g.dir = encodeColumn([5, 0, 0, 0]); })).toThrow('readPayload: compact graph field "dir" points past "dirs"');
    expect(broken((g) => { g.rel = encodeColumn([0]); })).toThrow('readPayload: column "rel" has 1 values, not 3');
    expect(broken((g) => { g.target = [1, 2, 0]; })).toThrow('readPayload: column "target" must be a column string');
    expect(broken((g) => { g.format = 'vaultgraph-viewer/1'; })).toThrow('readPayload: the graph is in format vaultgraph-viewer/1, this page reads vaultgraph-viewer/2');
  });
});
