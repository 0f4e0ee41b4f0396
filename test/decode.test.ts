// Spec: bytes → note text or a diagnostic (src/decode.ts): invalid UTF-8 with the line of the first
// bad byte, NUL bytes as binary content, empty notes, notes over maxFileBytes.

import { describe, expect, it } from 'vitest';
import { decodeNote, firstInvalidUtf8, formatBytes, tooLarge } from '../src/core/decode.ts';

const MAX = 1024 * 1024;
const bytes = (...parts: Array<string | number[]>) =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p)))));

describe('valid UTF-8', () => {
  it('is decoded as is, with no diagnostic', () => {
    expect(decodeNote('a.md', bytes('中文 [[A]]\n'), MAX)).toEqual({ text: '中文 [[A]]\n' });
  });
  it('a BOM and CRLF are left to the parser', () => {
    expect(decodeNote('a.md', bytes([0xef, 0xbb, 0xbf], '---\r\nt: 1\r\n---\r\n'), MAX)).toEqual({ text: '\ufeff---\r\nt: 1\r\n---\r\n' });
  });
  it('a Uint8Array view into a larger buffer decodes only its own bytes', () => {
    const big = bytes('xxxxhello');
    expect(decodeNote('a.md', big.subarray(4), MAX)).toEqual({ text: 'hello' });
  });
});

describe('invalid UTF-8: text with U+FFFD and a warning naming the line of the first bad byte', () => {
  it.each([
    ['a lone 0xFF on line 3', bytes('a\nb\n', [0xff], '\n'), 3],
    ['a latin-1 é (0xE9) on line 1', bytes('caf', [0xe9], ' [[A]]'), 1],
    ['a truncated 3-byte sequence at the end of line 2', bytes('中\n', [0xe4, 0xb8]), 2],
    ['an overlong 2-byte sequence (0xC0 0xAF)', bytes('x\n\n', [0xc0, 0xaf]), 3],
    ['a UTF-16 surrogate encoded in UTF-8 (0xED 0xA0 0x80)', bytes('x\n', [0xed, 0xa0, 0x80]), 2],
    ['a stray continuation byte (0x80)', bytes([0x80]), 1],
  ])('%s', (_name, b, line) => {
    const d = decodeNote('notes/bad.md', b, MAX);
    expect(d.text).toContain('\ufffd');
    expect(d.diagnostic).toMatchObject({ path: 'notes/bad.md', line, severity: 'warning', code: 'invalid-utf8' });
  });
  it('the good text around the bad byte is kept', () => {
    expect(decodeNote('a.md', bytes('[[A]] ', [0xff], ' [[B]]'), MAX).text).toBe('[[A]] \ufffd [[B]]');
  });
  it('firstInvalidUtf8 gives the offset of the first bad byte', () => {
    expect(firstInvalidUtf8(bytes('ab', [0xff]))).toBe(2);
    expect(firstInvalidUtf8(bytes('中', [0xe4]))).toBe(3);
    expect(firstInvalidUtf8(bytes('ok'))).toBe(2);
    expect(firstInvalidUtf8(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // above U+10FFFF
    expect(firstInvalidUtf8(bytes([0xf0, 0x9f, 0x9a, 0x80]))).toBe(4); // 🚀 is valid
  });
});

describe('NUL bytes: binary content, not parsed', () => {
  it('a NUL gives binary-content with its line and no text', () => {
    const d = decodeNote('junk.md', bytes('line 1\nline 2\n', [0x00, 0x01, 0x02]), MAX);
    expect(d.text).toBeUndefined();
    expect(d.diagnostic).toMatchObject({ path: 'junk.md', line: 3, severity: 'warning', code: 'binary-content' });
  });
  it('a NUL wins over invalid UTF-8', () => {
    expect(decodeNote('junk.md', bytes([0xff, 0x00]), MAX).diagnostic?.code).toBe('binary-content');
  });
});

describe('empty notes', () => {
  it('an empty file gives text "" and an info empty-file on line 1', () => {
    expect(decodeNote('e.md', new Uint8Array(0), MAX)).toEqual({
      text: '', diagnostic: { path: 'e.md', line: 1, severity: 'info', code: 'empty-file', message: expect.any(String) },
    });
  });
});

describe('notes over maxFileBytes', () => {
  it('give file-too-large and no text', () => {
    const d = decodeNote('big.md', new Uint8Array(101).fill(0x61), 100);
    expect(d.text).toBeUndefined();
    expect(d.diagnostic).toMatchObject({ path: 'big.md', line: 1, severity: 'warning', code: 'file-too-large' });
  });
  it('exactly maxFileBytes is still read', () => {
    expect(decodeNote('ok.md', new Uint8Array(100).fill(0x61), 100).text).toBe('a'.repeat(100));
  });
  it('tooLarge names both sizes', () => {
    const d = tooLarge('big.md', 3 * 1024 * 1024, 2 * 1024 * 1024);
    expect(d.message).toContain('3.0 MiB');
    expect(d.message).toContain('2.0 MiB');
  });
  it.each([[512, '512 B'], [2048, '2.0 KiB'], [1536 * 1024, '1.5 MiB']])('formatBytes(%i) = %s', (n, s) => {
    expect(formatBytes(n)).toBe(s);
  });
});
