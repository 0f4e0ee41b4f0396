// The page's payload read (web/model/body-text.ts, read by web/ui/load.ts): a body decoded chunk by
// chunk as it arrives, where a character whose UTF-8 bytes straddle two chunks must come out whole.

import { describe, expect, it } from 'vitest';
import { bodyText } from '../web/model/body-text.ts';

const streamOf = (chunks: Uint8Array[]): Response => new Response(new ReadableStream<Uint8Array>({
  start(c) { for (const x of chunks) c.enqueue(x); c.close(); },
}));

describe('bodyText', () => {
  const text = JSON.stringify({ name: ['一文看懂“提示词”', 'AI产品', 'plain'], target: '3AAB' });
  const bytes = new TextEncoder().encode(text);

  it('a body in many chunks, cut inside multi-byte characters, reads as the text sent', async () => {
    for (const size of [1, 2, 5, 7]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
      expect(await bodyText(streamOf(chunks))).toBe(text);
    }
  });

  it('one chunk, and an empty body', async () => {
    expect(await bodyText(streamOf([bytes]))).toBe(text);
    expect(await bodyText(streamOf([]))).toBe('');
    expect(await bodyText(new Response(null))).toBe('');
  });
});
