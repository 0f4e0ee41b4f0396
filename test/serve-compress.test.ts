// `serve` compresses its text responses (the viewer payload above all) as the client accepts:
// brotli before gzip, none when refused, `Vary: Accept-Encoding` always. Real requests to a real server.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildVaultGraph } from '../src/index.ts';
import { acceptedEncoding, compress, keepCompressed } from '../src/viewer/compress.ts';
import { startServer, type RunningServer } from '../src/viewer/server.ts';

let server: RunningServer;
let dir: string;
beforeAll(async () => {
  // 200 notes: a payload of some kilobytes (small bodies are sent as they are).
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-compress-'));
  for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(dir, `note ${i}.md`), `# Note ${i}\n[[note ${(i * 7) % 200}]] [[note ${(i + 1) % 200}]] #t${i % 5}\n`);
  const b = await buildVaultGraph(dir);
  server = await startServer({ root: dir, graph: b.graph, layout: false });
}, 60_000);
afterAll(async () => { await server.close(); fs.rmSync(dir, { recursive: true, force: true }); });

interface Reply { status: number; headers: http.IncomingHttpHeaders; body: Buffer }
function get(url: string, acceptEncoding?: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(url, server.url), { method, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}
const decode = (r: Reply) => (r.headers['content-encoding'] === 'br' ? zlib.brotliDecompressSync(r.body)
  : r.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(r.body) : r.body).toString('utf8');

describe('serve: compressed responses', () => {
  it.each([
    ['/api/graph', 'gzip, deflate, br', 'br'],
    ['/api/graph', 'gzip', 'gzip'],
    ['/api/graph', 'br;q=0, gzip;q=0.5', 'gzip'],
    ['/main.js', 'br', 'br'],
    ['/graph.json', '*', 'br'],
    ['/api/graph', 'identity', undefined],
    ['/api/graph', undefined, undefined],
  ])('%s with Accept-Encoding %j → %s, the same text, Vary set', async (url, accept, encoding) => {
    const plain = await get(url);
    const r = await get(url, accept);
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe(encoding);
    expect(r.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(decode(r)).toBe(plain.body.toString('utf8'));
    if (encoding) expect(r.body.length).toBeLessThan(plain.body.length / 2);
    if (url === '/api/graph') expect(JSON.parse(decode(r)).graph).toBeDefined();
  });

  it('HEAD: the compressed length, no body; small bodies go as they are', async () => {
    const head = await get('/api/graph', 'gzip', 'HEAD');
    expect(head.headers['content-encoding']).toBe('gzip');
    expect(head.body.length).toBe(0);
    const small = await get('/nowhere', 'gzip, br');
    expect(small.status).toBe(404);
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it.each([
    ['', undefined], ['br', 'br'], ['gzip, br', 'br'], ['BR;q=0.1', 'br'], ['br;q=0', undefined], ['br;q=0, *', 'gzip'],
    ['*;q=0', undefined], ['deflate', undefined], ['gzip;q=0, br;q=0', undefined],
  ])('Accept-Encoding %j → %s', (header, want) => expect(acceptedEncoding(header)).toBe(want));
});

describe('serve: the bundle is cached by content hash, the page and the data are not', () => {
  it('the page asks for main.js and style.css by hash; by that hash they are immutable, otherwise and elsewhere no-store', async () => {
    const page = await get('/');
    expect(page.headers['cache-control']).toBe('no-store');
    const html = decode(page);
    const js = /src="(main\.js\?v=[0-9a-f]{16})"/.exec(html)?.[1];
    const css = /href="(style\.css\?v=[0-9a-f]{16})"/.exec(html)?.[1];
    expect(js).toBeDefined();
    expect(css).toBeDefined();
    for (const url of [js!, css!]) {
      const r = await get(url);
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    // An old hash (a bundle rebuilt since) or none is not kept: the browser would keep a stale bundle under it.
    for (const url of ['/main.js', '/main.js?v=0000000000000000', '/style.css']) expect((await get(url)).headers['cache-control']).toBe('no-store');
    expect((await get('/api/graph')).headers['cache-control']).toBe('no-store');
  });
});

describe('serve: the bundle and stylesheet are compressed once', () => {
  it('kept bodies are answered with the same compressed bytes every time, in both encodings', async () => {
    const body = `/* a bundle */ ${'let x = 1; '.repeat(500)} ${Math.random()}`;
    keepCompressed(body);
    const once = (encoding: 'br' | 'gzip') => new Promise<Buffer>((resolve, reject) => compress(body, encoding, (e, b) => (e ? reject(e) : resolve(b!))));
    await vi.waitFor(async () => {
      for (const encoding of ['br', 'gzip'] as const) expect(await once(encoding)).toBe(await once(encoding));
    });
    expect(zlib.brotliDecompressSync(await once('br')).toString('utf8')).toBe(body);
    expect(zlib.gunzipSync(await once('gzip')).toString('utf8')).toBe(body);
    // The server's own bundle, as the page asks for it.
    const js = await get('/main.js', 'br');
    expect(js.headers['content-encoding']).toBe('br');
    expect((await get('/main.js', 'br')).body.equals(js.body)).toBe(true);
  });
});

describe('serve: a big body asked for twice while it is being compressed', () => {
  it('is compressed once: both asks get the same bytes (the snapshot and the first page share the work)', async () => {
    const body = `{"graph":"${'abcdefghij'.repeat(120_000)}","n":${Math.random()}}`; // over 1 MB
    for (const encoding of ['gzip', 'br'] as const) {
      const ask = () => new Promise<Buffer>((resolve, reject) => compress(body, encoding, (e, b) => (e ? reject(e) : resolve(b!))));
      const [a, b] = await Promise.all([ask(), ask()]);
      expect(a).toBe(b);
      const text = encoding === 'gzip' ? zlib.gunzipSync(a) : zlib.brotliDecompressSync(a);
      expect(text.toString('utf8')).toBe(body);
    }
  });
});

describe('serve: a big payload is compressed before the first page asks', () => {
  it('starts both encodings as the server starts; the page\'s request gets those bytes, not a new compression', async () => {
    // over 1 MB of payload: 6,000 notes with long names, no edges, no layout (a graph export is enough).
    const nodes = Array.from({ length: 6000 }, (_, i) => ({ key: `folder/${'长名字'.repeat(70)} ${i}`, attributes: { kind: 'note', label: `n${i}`, path: `folder/n${i}.md`, folder: 'folder' } }));
    const br = vi.spyOn(zlib, 'brotliCompress'), gz = vi.spyOn(zlib, 'gzip');
    const big = await startServer({ root: dir, graphJson: { attributes: {}, options: { type: 'directed', multi: true, allowSelfLoops: true }, nodes, edges: [] } as never, layout: false });
    try {
      const calls = (spy: typeof br | typeof gz) => spy.mock.calls.filter(([body]) => typeof body === 'string' && body.length >= 1 << 20).length;
      expect([calls(br), calls(gz)]).toEqual([1, 1]);
      const res = await new Promise<Reply>((resolve, reject) => {
        http.get(new URL('api/graph', big.url), { headers: { 'accept-encoding': 'br' } }, (r) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
      expect(res.headers['content-encoding']).toBe('br');
      expect(JSON.parse(decode(res)).graph.name.length).toBe(6000);
      expect([calls(br), calls(gz)]).toEqual([1, 1]);
    } finally {
      br.mockRestore(); gz.mockRestore();
      await big.close();
    }
  });
});
