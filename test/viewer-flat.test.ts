// The flat vertex layout that draws sigma's instanced programs without instancing (web/model/flat.ts).
import { describe, expect, it } from 'vitest';
import { fillFlat, flatItemWords, itemRuns, type InstancedData } from '../web/model/flat.ts';

const data = (items: number[]): InstancedData => ({
  items: Uint32Array.from(items), itemWords: 2, constants: Uint32Array.from([10, 11, 12]), vertices: 3, capacity: items.length / 2,
});

describe('flat layout of an instanced program', () => {
  it('repeats each item\'s attributes on each of its vertices, followed by that vertex\'s constants', () => {
    const d = data([1, 2, 3, 4]);
    expect(flatItemWords(d)).toBe(9);
    expect([...fillFlat(d, new Uint32Array(18))]).toEqual([1, 2, 10, 1, 2, 11, 1, 2, 12, 3, 4, 10, 3, 4, 11, 3, 4, 12]);
  });

  it('refilling only the changed items gives what a full fill gives', () => {
    const d = data([1, 2, 3, 4, 5, 6]);
    const flat = fillFlat(d, new Uint32Array(27));
    d.items[2] = 30; d.items[3] = 40;
    fillFlat(d, flat, [1]);
    expect([...flat]).toEqual([...fillFlat(d, new Uint32Array(27))]);
  });

  it('copies words bit for bit (a packed colour read as a float may be a NaN)', () => {
    const nan = 0x7fc00001;
    const d = data([nan, 0xffffffff]);
    const flat = fillFlat(d, new Uint32Array(9));
    expect(flat[0]).toBe(nan);
    expect(flat[4]).toBe(0xffffffff);
  });

  it('groups changed items into runs of neighbours', () => {
    expect(itemRuns(new Set([5, 1, 2, 3, 9]))).toEqual([[1, 4], [5, 6], [9, 10]]);
    expect(itemRuns([])).toEqual([]);
  });
});
