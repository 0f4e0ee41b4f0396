// Integer columns of the viewer's payload as JSON strings: one width digit, then every value in that
// many base-64 digits (`"3AAB…"`: width 3, values < 64³). The page's payload at 100k notes is 1.1M
// edge targets and relations; as JSON arrays they were half of its 16 MB, and every MB costs the
// page ~50 ms to take in (headless chromium here) before JSON.parse makes an array of it. Packed, a
// target takes 3 characters instead of 5–6 and a relation 1 instead of 2, JSON.parse sees one string,
// and the page reads it into a typed array in one pass. Hand-written: base64 libraries encode bytes,
// not integer columns of a width chosen per column, and a decoder is ten lines.
//
// Pure and isomorphic: the server encodes (payload.ts `wirePayload`), the page decodes (`readPayload`).

/** base64url's alphabet: no character JSON or HTML needs to escape. */
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A UTF-16 unit's digit value, 255 when it is not a digit (so any unit indexes it: no range test per digit). */
const VALUE = new Uint8Array(65536).fill(255);
for (let i = 0; i < 64; i++) VALUE[DIGITS.charCodeAt(i)] = i;
/** Set in VALUE's 255, never in a digit's value (< 64). */
const NOT_A_DIGIT = 64;
/** 8 digits: 2^48, whole numbers held exactly by a double. */
const MAX_WIDTH = 8;
/** Up to 5 digits (2^30) a value fits a Uint32Array. */
const UINT32_WIDTH = 5;

/** Non-negative whole numbers (< 2^48) → a column string. */
export function encodeColumn(xs: ArrayLike<number>): string {
  let max = 0;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!Number.isInteger(x) || x < 0 || x >= 2 ** 48) throw new RangeError(`encodeColumn: ${x} is not a whole number in [0, 2^48)`);
    if (x > max) max = x;
  }
  let width = 1;
  while (64 ** width <= max) width++;
  const out: string[] = [String(width)];
  const digits: string[] = new Array<string>(width);
  for (let i = 0; i < xs.length; i++) {
    let x = xs[i]!;
    for (let k = width - 1; k >= 0; k--) { digits[k] = DIGITS[x % 64]!; x = Math.floor(x / 64); }
    out.push(digits.join(''));
  }
  return out.join('');
}

/**
 * A column string → its values (a Uint32Array up to width 5, else a Float64Array). Untrusted input:
 * throws naming `field` on anything but a width digit and whole values of known digits, and when
 * `length` is given and differs.
 */
export function decodeColumn(s: unknown, field: string, length?: number): Uint32Array | Float64Array {
  const bad = (why: string) => new Error(`readPayload: column "${field}" ${why}`);
  if (typeof s !== 'string' || s.length === 0) throw bad('must be a column string');
  const width = s.charCodeAt(0) - 48;
  if (!(width >= 1 && width <= MAX_WIDTH)) throw bad('has no width digit');
  const n = (s.length - 1) / width;
  if (!Number.isInteger(n)) throw bad('is cut short');
  if (length !== undefined && n !== length) throw bad(`has ${n} values, not ${length}`);
  const out = width <= UINT32_WIDTH ? new Uint32Array(n) : new Float64Array(n);
  // Every digit's value is OR-ed into `seen`, tested once at the end. Widths 1–3 (relations, folders,
  // targets up to 262,143 nodes) unrolled: the 100k page reads 4.4M digits.
  let seen = 0;
  if (width === 1) for (let i = 0, c = 1; i < n; i++) { const a = VALUE[s.charCodeAt(c++)]!; seen |= a; out[i] = a; }
  else if (width === 2) for (let i = 0, c = 1; i < n; i++) { const a = VALUE[s.charCodeAt(c++)]!, b = VALUE[s.charCodeAt(c++)]!; seen |= a | b; out[i] = (a << 6) | b; }
  else if (width === 3) {
    for (let i = 0, c = 1; i < n; i++) {
      const a = VALUE[s.charCodeAt(c++)]!, b = VALUE[s.charCodeAt(c++)]!, d = VALUE[s.charCodeAt(c++)]!;
      seen |= a | b | d;
      out[i] = (a << 12) | (b << 6) | d;
    }
  } else {
    for (let i = 0, c = 1; i < n; i++) {
      let v = 0;
      for (let k = 0; k < width; k++) { const a = VALUE[s.charCodeAt(c++)]!; seen |= a; v = v * 64 + a; }
      out[i] = v;
    }
  }
  if (seen & NOT_A_DIGIT) throw bad('holds a character that is not a base-64 digit');
  return out;
}

/** Signed whole numbers as non-negative ones for a column (0, -1, 1, -2 … → 0, 1, 2, 3 …). */
export const zigzag = (v: number): number => (v >= 0 ? 2 * v : -2 * v - 1);
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
