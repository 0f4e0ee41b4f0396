// The page preloads its payload (`<link rel=preload>` in web/index.html) only when the payload is not
// big (html.ts `pageHtml`): a big body taken in early holds main.js back. `serve` decides from the
// payload it will send, whether built here or kept compressed from the last run.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../src/index.ts';
import { gunzippedSize } from '../src/viewer/compress.ts';
import { pageHtml, PRELOAD_MAX_BYTES, withoutPreload } from '../src/viewer/html.ts';
import { compressBoth } from '../src/viewer/serve-snapshot.ts';
import { startServer } from '../src/viewer/server.ts';

const PRELOAD = '<link rel="preload" href="api/graph" as="fetch" crossorigin>';
const page = `<head>\n<!-- vg:preload -->${PRELOAD}<!-- /vg:preload -->\n<!-- vg:style --><link rel="stylesheet" href="style.css"><!-- /vg:style -->\n</head>`;

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(parts).toString('utf8') }));
    }).on('error', reject);
  });
}

describe('pageHtml', () => {
  it('keeps the preload up to the limit and drops only it above', () => {
    expect(pageHtml(page, PRELOAD_MAX_BYTES)).toBe(page);
    expect(pageHtml(page, 10)).toBe(page);
    const big = pageHtml(page, PRELOAD_MAX_BYTES + 1);
    expect(big).not.toContain('preload');
    expect(big).toBe(withoutPreload(page));
    expect(big).toContain('<link rel="stylesheet" href="style.css">');
    expect(pageHtml(page, 101, 100)).toBe(big);
  });

  it('the real page has the block to drop', () => {
    const html = fs.readFileSync(path.join(import.meta.dirname, '../web/index.html'), 'utf8');
    expect(html).toContain(PRELOAD);
    expect(withoutPreload(html)).not.toContain('rel="preload"');
  });

  it('a gzip member tells the size of what it holds, in bytes', () => {
    const text = '{"graph":"一文看懂“提示词”"}'.repeat(50);
    expect(gunzippedSize(zlib.gzipSync(text))).toBe(Buffer.byteLength(text));
    expect(gunzippedSize(Buffer.alloc(3))).toBe(0);
  });
});

describe('serve: the page preloads a payload that is not big', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-preload-'));
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(dir, `note ${i}.md`), `# 笔记 ${i}\n[[note ${(i + 1) % 20}]]\n`);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('from a built graph: by the payload it sends', async () => {
    const b = await buildVaultGraph(dir);
    for (const [max, preloads] of [[undefined, true], [100, false]] as const) {
      const server = await startServer({ root: dir, graph: b.graph, layout: false, preloadMaxBytes: max });
      try {
        const payload = await get(`${server.url}api/graph`);
        expect(Buffer.byteLength(payload.body)).toBeGreaterThan(100);
        const html = await get(server.url);
        expect(html.status).toBe(200);
        expect(html.body.includes(PRELOAD)).toBe(preloads);
        expect(html.body).toContain('main.js');
      } finally {
        await server.close();
      }
    }
  });

  it('from a payload kept compressed: by the size it holds', async () => {
    const text = JSON.stringify({ vaultName: '库', pad: 'x'.repeat(500) });
    const packed = await compressBoth(text);
    const bytes = Buffer.byteLength(text);
    for (const [max, preloads] of [[bytes, true], [bytes - 1, false]] as const) {
      const server = await startServer({ root: dir, packed: { ...packed, model: () => new Promise(() => {}) }, preloadMaxBytes: max });
      try {
        expect((await get(server.url)).body.includes(PRELOAD)).toBe(preloads);
      } finally {
        await server.close();
      }
    }
  });
});
