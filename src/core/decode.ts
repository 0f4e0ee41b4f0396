// Bytes → note text, or a diagnostic saying why not. Pure (no fs), so it runs in workers and tests.
//   BOM and CRLF are left to the parser; invalid UTF-8 is decoded with U+FFFD and reported with the
//   line of the first bad byte; NUL bytes mean binary junk (reported, not parsed); empty is reported.

import { isUtf8 } from 'node:buffer';
import type { Diagnostic } from './types.ts';

export type Decoded = { text: string; diagnostic?: Diagnostic } | { text?: undefined; diagnostic: Diagnostic };

export function decodeNote(path: string, bytes: Uint8Array, maxBytes: number): Decoded {
  if (bytes.length > maxBytes) return { diagnostic: tooLarge(path, bytes.length, maxBytes) };
  if (bytes.length === 0) {
    return { text: '', diagnostic: { path, line: 1, severity: 'info', code: 'empty-file', message: 'note is empty' } };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    return { diagnostic: { path, line: lineAt(bytes, nul), severity: 'warning', code: 'binary-content',
      message: `note contains a NUL byte at offset ${nul}: binary content in a .md file; kept as a node, not parsed` } };
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  if (isUtf8(bytes)) return { text };
  const bad = firstInvalidUtf8(bytes);
  return { text, diagnostic: { path, line: lineAt(bytes, bad), severity: 'warning', code: 'invalid-utf8',
    message: `invalid UTF-8 at byte offset ${bad}; undecodable bytes read as U+FFFD` } };
}

/** The diagnostic for a note over the size cap (the scanner says it before reading the file). */
export function tooLarge(path: string, size: number, maxBytes: number): Diagnostic {
  return { path, line: 1, severity: 'warning', code: 'file-too-large',
    message: `note is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (option maxFileBytes); kept as a node, not parsed` };
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n === -1) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k]! & 0xc0) !== 0x80) return i;
    // Overlong 3-byte forms and UTF-16 surrogates are invalid too.
    if (n === 2 && ((c === 0xe0 && b[i + 1]! < 0xa0) || (c === 0xed && b[i + 1]! > 0x9f))) return i;
    if (n === 3 && ((c === 0xf0 && b[i + 1]! < 0x90) || (c === 0xf4 && b[i + 1]! > 0x8f))) return i;
    i += n + 1;
  }
  return b.length;
}

export function formatBytes(n: number): string {
  return n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MiB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${n} B`;
}
