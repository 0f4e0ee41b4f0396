// The panel renders the note: Markdown (markdown-it, raw HTML off), wiki-links that select their
// node, vault images only through `api/file`, empty frontmatter values empty; and nothing a note
// holds can run script or reach outside the vault (XSS probes, path probes), served or offline.

import fs from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../../src/index.ts';
import { renderHtml } from '../../src/viewer/html.ts';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import { fixture } from '../helpers.ts';
import { launch, nodeKey, openOfflineHtml, openViewer, selectNode, shot } from './harness.ts';

const VAULT = fixture('relations');
let browser: Browser;
let server: RunningServer;
let dir: string;
let hostile: string;
let hostileServer: RunningServer;

const PROBES = [
  '<img src=x onerror="alert(1)">',
  '<script>alert(2)</script>',
  '[click](javascript:alert(3))',
  '![pic](javascript:alert(4))',
  '[[x" onmouseover="alert(5)]]',
  '![[../secret.png]]',
  '![[evil.svg]]',
  '<a href="javascript:alert(6)">a</a>',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==)',
  '<iframe src="https://example.com"></iframe>',
  '<style>body{display:none}</style>',
].join('\n\n');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-panel-'));
  hostile = path.join(dir, 'vault');
  fs.mkdirSync(path.join(hostile, 'notes'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'secret.png'), 'outside the vault');
  fs.writeFileSync(path.join(hostile, 'notes', 'probe.md'), `---\ntitle: probe\n---\n# Probe\n\n${PROBES}\n`);
  fs.writeFileSync(path.join(hostile, 'notes', 'evil.svg'), '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(8)</script></svg>');
  fs.writeFileSync(path.join(hostile, 'notes', 'other.md'), '[[probe]] ![[evil.svg]]');
  fs.symlinkSync(path.join(dir, 'secret.png'), path.join(hostile, 'notes', 'leak.png'));
  server = await startServer({ root: VAULT, graph: (await buildVaultGraph(VAULT)).graph });
  hostileServer = await startServer({ root: hostile, graph: (await buildVaultGraph(hostile)).graph });
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await hostileServer?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function get(base: string, p: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined> }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    request({ host: u.hostname, port: u.port, path: `/${p}` }, (r) => { r.resume(); resolve({ status: r.statusCode ?? 0, headers: r.headers }); }).on('error', reject).end();
  });
}

describe('the panel renders the note', () => {
  it('headings, bold, a table, wiki-links that select their node, the vault image through api/file', async () => {
    const { page, errors } = await openViewer(browser, server.url);
    await selectNode(page, 'notes/图文', true);
    await page.waitForSelector('#panel-excerpt:not([hidden])');
    const body = page.locator('#panel-excerpt');
    await expect(body.locator('h1').textContent()).resolves.toBe('图文');
    expect(await body.locator('table th, table td').count()).toBe(4);
    await expect(body.locator('code').textContent()).resolves.toBe('[[代码里的链接]]'); // code stays code
    expect(await body.textContent()).not.toContain('这段注释不显示');
    await expect(body.locator('span.wikilink.self').textContent()).resolves.toBe('#相关文档'); // a link within the note // %%comments%% hidden, as in Obsidian
    const start = await nodeKey(page, 'notes/起点');
    expect(await body.locator(`a.wikilink[data-key="${start}"]`).textContent()).toBe('带标题的链接');
    await expect(body.locator('a[href="https://example.com"]').getAttribute('rel')).resolves.toBe('noopener noreferrer');
    // The image: only through the server, and it loads.
    const img = body.locator('img');
    await expect(img.getAttribute('src')).resolves.toBe('api/file?path=att%2Fpic.png');
    await page.waitForFunction(() => (document.querySelector('#panel-excerpt img') as HTMLImageElement | null)?.naturalWidth === 40);
    // Empty frontmatter values show as empty, not `null`.
    const meta = await page.locator('#panel-meta tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(meta).toContainEqual(['作者', '']);
    expect(meta).toContainEqual(['来源', '']);
    expect(JSON.stringify(meta)).not.toContain('null');
    await page.waitForTimeout(400);
    await shot(page, 'panel-rendered');
    await body.locator(`a.wikilink[data-key="${start}"]`).click();
    await page.waitForFunction((k) => window.__kg.app!.state().selected === k, start);
    await expect(page.locator('#panel-title').textContent()).resolves.toBe('起点');
    await expect(page.locator('#panel-excerpt strong').textContent()).resolves.toBe('起点');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('api/file serves the vault\'s image attachments only, with the note checks', async () => {
    expect((await get(server.url, 'api/file?path=att/pic.png')).status).toBe(200);
    for (const [p, code] of [
      ['api/file?path=../secret.png', 403], ['api/file?path=%2e%2e/secret.png', 403],
      ['api/file?path=notes/%E8%B5%B7%E7%82%B9.md', 403], ['api/file?path=%2Fetc%2Fpasswd', 403], ['api/file?path=att/none.png', 404],
      ['api/file?path=.obsidian/x.png', 403], ['api/file', 400],
    ] as const) expect([p, (await get(server.url, p)).status]).toEqual([p, code]);
    expect((await get(hostileServer.url, 'api/file?path=notes/leak.png')).status).toBe(403); // a symlink out of the vault
    const svg = await get(hostileServer.url, 'api/file?path=notes/evil.svg');
    expect(svg.status).toBe(200);
    expect(svg.headers['content-security-policy']).toContain('sandbox');
  });
});

describe('nothing in a note runs script', () => {
  it('XSS probes render as text or inert links; no dialog, no script, no handler, no javascript: URL', async () => {
    const { page, errors } = await openViewer(browser, hostileServer.url);
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
    await selectNode(page, 'notes/probe', true);
    await page.waitForSelector('#panel-excerpt:not([hidden])');
    const found = await page.evaluate(() => {
      const el = document.getElementById('panel-excerpt')!;
      const all = [...el.querySelectorAll('*')];
      return {
        text: el.textContent,
        bad: all.filter((n) => ['SCRIPT', 'IFRAME', 'STYLE'].includes(n.tagName)).length,
        handlers: all.filter((n) => [...n.attributes].some((a) => a.name.startsWith('on') || a.name === 'style')).length,
        hrefs: all.map((n) => n.getAttribute('href') ?? n.getAttribute('src')).filter((h): h is string => h !== null),
      };
    });
    expect(found.bad).toBe(0);
    expect(found.handlers).toBe(0);
    for (const h of found.hrefs) expect(h).toMatch(/^(#|https:\/\/|api\/file\?path=notes%2Fevil\.svg$)/);
    expect(found.text).toContain('<img src=x onerror="alert(1)">');
    expect(found.text).toContain('<script>alert(2)</script>');
    await page.waitForTimeout(300);
    await shot(page, 'panel-xss');
    for (const a of await page.locator('#panel-excerpt a').all()) await a.hover();
    await page.locator('#panel-excerpt a').first().click();
    await page.waitForTimeout(300);
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the offline HTML export renders the note too, images named, not fetched', async () => {
    const html = await renderHtml((await buildVaultGraph(VAULT)).graph.export() as never, { root: VAULT });
    const { page, errors, context } = await openOfflineHtml(browser, html, 'panel-offline.html');
    await selectNode(page, 'notes/图文', true);
    await page.waitForSelector('#panel-excerpt:not([hidden])');
    await expect(page.locator('#panel-excerpt h1').textContent()).resolves.toBe('图文');
    expect(await page.locator('#panel-excerpt img').count()).toBe(0);
    await expect(page.locator('#panel-excerpt a.embed').textContent()).resolves.toContain('pic.png');
    expect(errors).toEqual([]);
    await context.close();
  });
});
