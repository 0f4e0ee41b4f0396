// Response compression for `serve`: which encoding a request accepts (brotli, else gzip, by its
// Accept-Encoding and q-values) and the body compressed with node:zlib off the main thread. The
// viewer's payload is most of what `serve` sends (10k notes ≈ 3 MB, 100k ≈ 35 MB of JSON) and
// shrinks about four times; a reload sends the same text again, so the last result per encoding is kept.

import zlib from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Smaller bodies go as they are: compressing them saves less than the headers it adds. */
export const COMPRESS_MIN_BYTES = 1024;

/** The best encoding the client accepts (`br` before `gzip`; `q=0` refuses; `*` accepts both), or none. */
export function acceptedEncoding(header: string | string[] | undefined): Encoding | undefined {
  const q = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qp = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qp === undefined ? 1 : Number(qp.slice(2));
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const ok = (e: Encoding) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

/** The size of what a gzip member holds, from its trailer (ISIZE: the size modulo 2^32; payloads are far smaller). */
export function gunzippedSize(gz: Buffer): number {
  return gz.length >= 18 ? gz.readUInt32LE(gz.length - 4) : 0;
}

/** Bodies from this many characters on are remembered once compressed (the last one per encoding). */
const BIG_BODY = 1 << 20;
const last = new Map<Encoding, { body: string; buf: Buffer }>();
/** Big bodies being compressed now: a second ask for the same text waits for that work instead of doing it again. */
const running = new Map<Encoding, { body: string; waiting: Array<(e: Error | null, buf?: Buffer) => void> }>();

/**
 * The body compressed. Brotli at quality 4: on the 10k-note payload (3.3 MB) 0.64 MB in ~115 ms, where
 * gzip -6 gives 0.89 MB in ~150 ms and brotli's default (11) takes seconds.
 */
export function compress(body: string, encoding: Encoding, done: (e: Error | null, buf?: Buffer) => void): void {
  const asset = assets.get(body)?.[encoding];
  if (asset) return done(null, asset);
  const hit = last.get(encoding);
  if (hit && hit.body === body) return done(null, hit.buf);
  // `serve` compresses a new payload for its snapshot as it starts listening, and the first page asks at once.
  const now = running.get(encoding);
  if (now && now.body === body) return void now.waiting.push(done);
  const big = body.length >= BIG_BODY;
  const job = { body, waiting: [done] };
  if (big) running.set(encoding, job);
  const keep = (e: Error | null, buf: Buffer) => {
    if (running.get(encoding) === job) running.delete(encoding);
    if (!e && big) last.set(encoding, { body, buf });
    for (const w of job.waiting) w(e, buf);
  };
  if (encoding === 'br') zlib.brotliCompress(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body) } }, keep);
  else zlib.gzip(body, { level: 6 }, keep);
}

/** Bodies sent again and again (the viewer's bundle and stylesheet), compressed once in each encoding. */
const assets = new Map<string, Partial<Record<Encoding, Buffer>>>();

/**
 * Compress `body` now, in both encodings, off the main thread, and keep the results: the page asks
 * for its script while its data is on the way, and brotli on the 0.4 MB bundle took 60–270 ms a
 * request (docs/viewer-first-frame.md). Until they are ready, requests compress as before.
 */
export function keepCompressed(body: string): void {
  if (assets.has(body)) return;
  const kept: Partial<Record<Encoding, Buffer>> = {};
  assets.set(body, kept);
  for (const encoding of ['br', 'gzip'] as const) compress(body, encoding, (e, buf) => { if (!e && buf) kept[encoding] = buf; });
}

/**
 * Start compressing a big body (the viewer payload) in both encodings now, in the thread pool, so
 * the first page's request finds it done or joins the running job. Asked for on the page's request
 * instead, brotli made the page wait 0.6–1.2 s at 100k notes before its first byte (docs/viewer-100k.md).
 */
export function compressAhead(body: string): void {
  if (body.length < BIG_BODY) return;
  for (const encoding of ['br', 'gzip'] as const) compress(body, encoding, () => undefined);
}
