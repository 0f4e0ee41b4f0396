// `build --pretty`: indent compact JSON as it streams past, so the pretty file comes from the same
// emitter as the compact one. The output is exactly `JSON.stringify(value, null, 2)` of the value
// the compact text encodes: whitespace is only ever added outside strings, `{}` and `[]` stay
// closed, `": "` after a key. Input must be compact (our writers' output); a newline at depth 0
// (the file's last byte) passes through.
//
//   {"a":[1,{}],"b":"x,y"}   →   {\n  "a": [\n    1,\n    {}\n  ],\n  "b": "x,y"\n}
//
// Hand-written because it works on bytes in chunks of any size (a 500 MB graph never held whole);
// JSON libraries that re-indent parse the whole value first.

import type { Chunk } from './spool.ts';

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const OPEN_OBJECT = 0x7b, CLOSE_OBJECT = 0x7d, OPEN_ARRAY = 0x5b, CLOSE_ARRAY = 0x5d;

/** A `write` that indents what it is given and passes it on to `out`, chunk by chunk. */
export function prettyJsonWriter(out: (chunk: Chunk) => void): (chunk: Chunk) => void {
  let inString = false;
  let escaped = false;
  let depth = 0;
  let pendingOpen = 0; // a `{` or `[` seen, not yet written: `{}` and `[]` stay on one line
  let buf = Buffer.allocUnsafe(1 << 16);
  let n = 0;
  const room = (k: number) => {
    if (n + k <= buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(buf.length * 2, n + k));
    buf.copy(bigger, 0, 0, n);
    buf = bigger;
  };
  const byte = (b: number) => { room(1); buf[n++] = b; };
  const newline = () => { room(1 + 2 * depth); buf[n++] = 0x0a; buf.fill(0x20, n, n + 2 * depth); n += 2 * depth; };
  const flushOpen = () => {
    if (pendingOpen === 0) return;
    byte(pendingOpen);
    pendingOpen = 0;
    depth++;
    newline();
  };
  return (chunk) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (inString) {
        byte(b);
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
        continue;
      }
      switch (b) {
        case OPEN_OBJECT: case OPEN_ARRAY:
          flushOpen();
          pendingOpen = b;
          break;
        case CLOSE_OBJECT: case CLOSE_ARRAY:
          if (pendingOpen !== 0) { byte(pendingOpen); byte(b); pendingOpen = 0; break; }
          depth--;
          newline();
          byte(b);
          break;
        case COMMA:
          byte(b);
          newline();
          break;
        case COLON:
          byte(b);
          byte(0x20);
          break;
        default:
          flushOpen();
          if (b === QUOTE) inString = true;
          byte(b);
      }
    }
    if (n > 0) { out(buf.subarray(0, n)); n = 0; } // valid during the call only, as the writers' chunks are
  };
}
