// Vertex layout for drawing an instanced sigma program flat (ui/gl-upload.ts): every vertex of every
// item carries the item's own attributes, then that vertex's constants, so one drawArrays draws
// what drawArraysInstanced drew, the same triangles in the same order. Pure: arrays in, arrays out.

/** An instanced program's data as sigma keeps it, viewed as 32-bit words. */
export interface InstancedData {
  /** Items' attributes, `itemWords` words each (sigma packs colours as bytes in a float slot). */
  items: Uint32Array;
  itemWords: number;
  /** Per-vertex constants, `vertices` rows of equal length. */
  constants: Uint32Array;
  vertices: number;
  capacity: number;
}

/** Words per item drawn flat. */
export function flatItemWords(d: InstancedData): number {
  return d.vertices * (d.itemWords + d.constants.length / d.vertices);
}

/**
 * Write the flat layout of `d` into `out` (sized capacity × flatItemWords), for every item or only
 * these. Copied as words, never as floats: a float copy may rewrite a NaN's bits (a packed colour).
 */
export function fillFlat(d: InstancedData, out: Uint32Array, only?: Iterable<number>): Uint32Array {
  if (only) { for (const item of only) if (item >= 0 && item < d.capacity) fillItems(d, out, item, item + 1); }
  else fillItems(d, out, 0, d.capacity);
  return out;
}

/** Items [from, to) laid out flat (a hot loop: plain locals, typed arrays only). */
function fillItems(d: InstancedData, out: Uint32Array, from: number, to: number): void {
  const items = d.items, constants = d.constants, verts = d.vertices;
  const a = d.itemWords, c = constants.length / verts;
  let o = from * verts * (a + c);
  for (let item = from; item < to; item++) {
    const s = item * a;
    for (let v = 0; v < verts; v++) {
      for (let k = 0; k < a; k++) out[o++] = items[s + k]!;
      for (let k = 0, cs = v * c; k < c; k++) out[o++] = constants[cs + k]!;
    }
  }
}

/** Sorted items as [from, to) runs of neighbours (one GL upload per run). */
export function itemRuns(items: Iterable<number>): Array<[number, number]> {
  const sorted = [...items].sort((x, y) => x - y);
  const out: Array<[number, number]> = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push([sorted[i]!, sorted[j]! + 1]);
    i = j + 1;
  }
  return out;
}
