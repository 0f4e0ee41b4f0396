// Safety and the offline export: vault text renders as text (the XSS note), the server refuses
// traversal (`..`, `%2e%2e`, absolute, dot-folders, a symlink out of the vault, other Host names),
// and the one-file HTML export renders from file:// with no server.

import fs from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../../src/index.ts';
import { renderHtml } from '../../src/viewer/html.ts';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import { launch, openOfflineHtml, openViewer, selectNode, shot } from './harness.ts';

const XSS = '<img src=x onerror=alert(1)>';
let dir: string;
let vault: string;
let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-safety-'));
  vault = path.join(dir, 'vault');
  fs.mkdirSync(path.join(vault, 'notes'), { recursive: true });
  fs.mkdirSync(path.join(vault, '.obsidian'));
  fs.writeFileSync(path.join(dir, 'secret.md'), 'outside the vault');
  fs.writeFileSync(path.join(vault, '.obsidian', 'secret.md'), 'dot folder');
  fs.writeFileSync(path.join(vault, 'notes', 'xss.md'),
    `---\ntitle: "${XSS}"\nsource: "<script>alert(2)</script>"\n---\nBody </script><!-- <b>bold</b>\n\n[[Target</script>]]\n`);
  fs.writeFileSync(path.join(vault, 'notes', 'plain.md'), '# Plain\n\n[[xss]]\n');
  fs.symlinkSync(path.join(dir, 'secret.md'), path.join(vault, 'notes', 'leak.md'));
  const built = await buildVaultGraph(vault);
  server = await startServer({ root: vault, graph: built.graph });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** GET with the path sent exactly as written (fetch and URL would fold `%2e%2e` away first). */
function status(p: string, host?: string): Promise<number> {
  const u = new URL(server.url);
  return new Promise((resolve, reject) => {
    request({ host: u.hostname, port: u.port, path: `/${p}`, ...(host && { headers: { host } }) }, (r) => { r.resume(); resolve(r.statusCode ?? 0); })
      .on('error', reject).end();
  });
}

describe('server', () => {
  it('serves the viewer with a CSP that allows the layout worker', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain('worker-src blob:');
    expect(await status('api/note?path=notes/plain.md')).toBe(200);
  });

  it.each([
    ['api/note?path=../secret.md', 403],
    ['api/note?path=notes/../../secret.md', 403],
    ['api/note?path=%2e%2e/secret.md', 403],
    ['api/note?path=%2Fetc%2Fpasswd.md', 403],
    ['api/note?path=.obsidian/secret.md', 403],
    ['api/note?path=notes/leak.md', 403],
    ['api/note?path=notes\\..\\..\\secret.md', 400],
    ['api/note?path=../../../../etc/passwd', 403],
    ['%2e%2e/secret.md', 403],
    ['..%2fsecret.md', 403],
    ['web/main.ts', 404],
    ['package.json', 404],
  ])('refuses %s', async (p, code) => {
    expect(await status(p)).toBe(code);
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    expect(await status('api/graph', 'evil.example:80')).toBe(403);
  });
});

describe('vault text is shown as text', () => {
  it('the XSS note\'s title, frontmatter and excerpt appear as typed characters', async () => {
    const { page, errors } = await openViewer(browser, server.url);
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs++; void d.dismiss(); });
    await selectNode(page, 'notes/xss', true);
    await expect(page.locator('#panel-title').textContent()).resolves.toBe(XSS);
    await expect(page.locator('#panel-meta').textContent()).resolves.toContain('<script>alert(2)</script>');
    await page.waitForSelector('#panel-excerpt:not([hidden])');
    await expect(page.locator('#panel-excerpt').textContent()).resolves.toContain('<b>bold</b>');
    expect(await page.locator('#panel img, #panel b, #panel script').count()).toBe(0);
    await page.fill('#search', '<img');
    await expect(page.locator('#search-results li').first().textContent()).resolves.toContain(XSS);
    await page.waitForTimeout(500);
    await shot(page, 'safety-xss');
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('one-file HTML export', () => {
  it('renders offline from file://, with the XSS note as text', async () => {
    const built = await buildVaultGraph(vault);
    const html = await renderHtml(built.graph.export() as never, { root: vault });
    // The embedded data never closes its own element early.
    const data = html.slice(html.indexOf('id="vg-data">'), html.indexOf('</script>', html.indexOf('id="vg-data">')));
    expect(data).not.toContain('<');
    const { page, errors, context } = await openOfflineHtml(browser, html, 'export.html');
    expect(await page.evaluate(() => window.__kg.graph!.order)).toBe(built.graph.order);
    await selectNode(page, 'notes/xss', true);
    await expect(page.locator('#panel-title').textContent()).resolves.toBe(XSS);
    await page.waitForSelector('#panel-excerpt:not([hidden])');
    await page.waitForTimeout(500);
    await shot(page, 'export-offline');
    expect(errors).toEqual([]);
    await context.close();
  });
});
