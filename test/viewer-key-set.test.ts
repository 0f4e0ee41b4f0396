// web/model/key-set.ts: a Set of graph keys kept as a byte per index key. It must answer as a Set
// does for any sequence of changes, index keys or not; keys.ts's keyIndex says which keys are indexes.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeySet } from '../web/model/key-set.ts';
import { keyIndex, nodeKeyAt } from '../web/model/keys.ts';

describe('keyIndex (keys.ts)', () => {
  it('reads nodeKeyAt / edgeKeyAt keys, and nothing else, as indexes', () => {
    for (const i of [0, 1, 9, 10, 12, 99_999, 1_108_021, 999_999_999]) expect(keyIndex(nodeKeyAt(i))).toBe(i);
    for (const k of ['', '01', '00', '-1', '+1', '1a', 'a1', '1e3', '1.0', ' 1', '1 ', '１', '1234567890', '#1', 'notes/1'])
      expect([k, keyIndex(k)]).toEqual([k, -1]);
  });
});

describe('KeySet', () => {
  const key = fc.oneof(
    fc.nat({ max: 70 }).map(String), // index keys, past the set's first capacity too
    fc.constantFrom('100000', '01', '-1', 'a', '', '1e3', '#tag', '1234567890', 'notes/1'),
  );
  const op = fc.oneof(
    fc.record({ op: fc.constant('add' as const), key }),
    fc.record({ op: fc.constant('delete' as const), key }),
    fc.record({ op: fc.constant('clear' as const), key: fc.constant('') }),
  );

  it('answers as a Set for any sequence of adds, deletes and clears', () => {
    fc.assert(fc.property(fc.nat({ max: 40 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
      const want = new Set<string>(), got = new KeySet(capacity);
      for (const { op: o, key: k } of ops) {
        if (o === 'add') expect(got.add(k)).toBe(got), want.add(k);
        else if (o === 'delete') expect(got.delete(k)).toBe(want.delete(k));
        else { got.clear(); want.clear(); }
        expect(got.size).toBe(want.size);
      }
      for (const k of ['0', '1', '40', '70', '100000', '01', 'a', '', '1e3']) expect(got.has(k)).toBe(want.has(k));
      const listed = [...got];
      expect(new Set(listed).size).toBe(listed.length);
      expect(listed.sort()).toEqual([...want].sort());
      const each: string[] = [];
      got.forEach((v, k, s) => { expect([k, s]).toEqual([v, got]); each.push(v); });
      expect(each).toEqual([...got.values()]);
      expect([...got.entries()].map(([a, b]) => a === b)).not.toContain(false);
    }), { numRuns: 500 });
  });

  it('meets every key once when the loop deletes the keys it has met, or adds keys ahead', () => {
    const s = new KeySet(8);
    for (const k of ['1', '3', '5', 'a', '7']) s.add(k);
    const met: string[] = [];
    for (const k of s) { met.push(k); s.delete(k); if (k === '3') s.add('20'); }
    expect(met).toEqual(['1', '3', '5', '7', '20', 'a']);
    expect(s.size).toBe(0);
  });

  it('iterates index keys in index order, then the others as added', () => {
    const s = new KeySet(4).add('x').add('12').add('3').add('b').add('0');
    expect([...s]).toEqual(['0', '3', '12', 'x', 'b']);
    expect(Object.prototype.toString.call(s)).toBe('[object Set]');
  });
});
