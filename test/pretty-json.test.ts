// Spec: `build --pretty` indents the compact stream (src/build/pretty-json.ts): the bytes equal
// JSON.stringify(value, null, 2) for any value, however the compact text is cut into chunks.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prettyJsonWriter } from '../src/build/pretty-json.ts';
import { textOf } from './helpers.ts';

function pretty(chunks: ReadonlyArray<string | Uint8Array>): string {
  const out: Uint8Array[] = [];
  const write = prettyJsonWriter((c) => out.push(Buffer.from(typeof c === 'string' ? Buffer.from(c) : c)));
  for (const c of chunks) write(c);
  return textOf(out);
}

/** Cut a string's UTF-8 bytes at the given fractions (a cut may fall inside a character). */
function cut(text: string, at: number[]): Uint8Array[] {
  const b = Buffer.from(text);
  const points = [...new Set(at.map((f) => Math.floor(f * b.length)))].sort((x, y) => x - y);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of points) { out.push(b.subarray(from, p)); from = p; }
  out.push(b.subarray(from));
  return out;
}

describe('prettyJsonWriter', () => {
  it.each([
    [{}, '{}'], [[], '[]'], [{ a: [] }, '{\n  "a": []\n}'], [[1, {}], '[\n  1,\n  {}\n]'],
    [{ 'k,"{:': 'v]\\"[' }, '{\n  "k,\\"{:": "v]\\\\\\"["\n}'],
  ])('%j', (value, expected) => {
    expect(pretty([JSON.stringify(value)])).toBe(expected);
    expect(expected).toBe(JSON.stringify(value, null, 2));
  });

  it('passes the final newline through', () => {
    expect(pretty(['{"a":1}\n'])).toBe('{\n  "a": 1\n}\n');
  });

  it('equals JSON.stringify(value, null, 2) for any value and any chunking', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }), (value, at) => {
      expect(pretty(cut(JSON.stringify(value), at))).toBe(JSON.stringify(value, null, 2));
    }), { numRuns: 300 });
  });
});
