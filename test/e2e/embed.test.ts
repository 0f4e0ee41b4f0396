// `vaultgraph embed` on a plain static page: a made-up vault whose hub note has 50 typed neighbours
// (both directions, a hostile title), served from a temp folder with every other request aborted
// and a strict CSP meta; the page must draw the neighbours, their links, colours, direction and the
// 说明 on hover, without a CSP violation or any request beyond the script and its JSON.

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.ts';
import { hrefFor, indexEmbed } from '../../src/viewer/embed.ts';
import { relationStyle } from '../../web/model/palette.ts';
import { captureIo } from '../helpers.ts';
import { launch, shot } from './harness.ts';

const REASONS = ['引用', '解说', '延伸思考', '观点一致', '观点相悖', '同一事件', '上下游', '版本演进'];
const XSS = '<img src=x onerror=alert(1)>';
const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'";

let dir: string;
let site: string;
let browser: Browser;
let server: http.Server;
let origin: string;

function makeVault(vault: string): void {
  fs.mkdirSync(path.join(vault, 'notes'), { recursive: true });
  const items: string[] = [];
  for (let i = 1; i <= 40; i++) {
    items.push(`- [[notes/n${i}]]；关联理由：${REASONS[i % REASONS.length]}；说明：hub says ${i}.`);
    fs.writeFileSync(path.join(vault, 'notes', `n${i}.md`), `---\ntitle: ${i === 7 ? JSON.stringify(XSS) : `"Neighbour ${i}"`}\n---\nText.\n`);
  }
  for (let i = 41; i <= 50; i++) {
    fs.writeFileSync(path.join(vault, 'notes', `n${i}.md`), `# n${i}\n\n## 相关文档\n\n- [[notes/hub]]；关联理由：引用；说明：n${i} cites the hub.\n`);
  }
  fs.writeFileSync(path.join(vault, 'notes', 'hub.md'), `---\ntitle: The hub\n---\n\n## 相关文档\n\n${items.join('\n')}\n`);
  fs.writeFileSync(path.join(vault, 'notes', 'small.md'), '## 相关文档\n\n- [[notes/n1]]；关联理由：解说；说明：small explains n1.\n- [[notes/n2]]；关联理由：观点一致；说明：same view.\n');
}

const page = (notes: string[]) => `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><title>embed</title></head>
<body>
${notes.map((n) => `<div data-vaultgraph-note="${n}"></div>`).join('\n')}
<script src="assets/vaultgraph-embed.js" data-graph="assets/vaultgraph-embed.json" defer></script>
</body></html>`;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-embed-'));
  const vault = path.join(dir, 'vault');
  site = path.join(dir, 'site');
  makeVault(vault);
  const io = captureIo(dir);
  expect(await runCli(['embed', vault, '-o', path.join(site, 'assets'), '--href', '/notes-site/{path}.html', '-q'], io)).toBe(0);
  fs.writeFileSync(path.join(site, 'index.html'), page(['notes/hub', 'notes/small.md', 'notes/nowhere']));
  server = http.createServer((req, res) => {
    const file = path.join(site, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!file.startsWith(site + path.sep) || !fs.existsSync(file)) { res.writeHead(404).end(); return; }
    const type = file.endsWith('.html') ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : 'application/json';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const p = await browser.newPage({ viewport: { width: 900, height: 1400 } });
  const requests: string[] = [];
  const errors: string[] = [];
  p.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  p.on('pageerror', (e) => errors.push(e.message));
  await p.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url.replace(origin, ''));
    return url.startsWith(origin + '/') ? route.continue() : route.abort();
  });
  await p.goto(`${origin}/index.html`);
  await p.waitForFunction(() => document.querySelectorAll('[data-vaultgraph-state]').length === 3);
  return { page: p, requests, errors };
}

describe('vaultgraph embed on a static page', () => {
  it('draws the hub\'s 50 neighbours as links, in their relations\' colours, with direction', async () => {
    const { page: p, requests, errors } = await open();
    const data = indexEmbed(JSON.parse(fs.readFileSync(path.join(site, 'assets', 'vaultgraph-embed.json'), 'utf8')));
    const hub = p.locator('[data-vaultgraph-note="notes/hub"]');
    expect(await hub.getAttribute('data-vaultgraph-state')).toBe('ready');
    const links = hub.locator('a.vg-node');
    expect(await links.count()).toBe(50);
    const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(new Set(hrefs)).toEqual(new Set(Array.from({ length: 50 }, (_, i) => hrefFor(`notes/n${i + 1}`, '/notes-site/{path}.html'))));
    // Every edge in its relation's colour; arrows on directed relations only; 10 edges point at the hub.
    const edges = await hub.locator('path.vg-edge').evaluateAll((ps) => ps.map((e) => [e.getAttribute('data-relation'), e.getAttribute('stroke'), e.hasAttribute('marker-end'), e.classList.contains('vg-in')]));
    expect(edges).toHaveLength(50);
    for (const [relation, stroke, arrow] of edges) {
      expect(stroke).toBe(relationStyle(String(relation)).color);
      expect(arrow).toBe(relationStyle(String(relation)).type === 'arrow');
    }
    expect(edges.filter((e) => e[3]).length).toBe(10);
    // The hostile title is text, never markup.
    expect(await hub.locator('img').count()).toBe(0);
    expect(await hub.locator('text', { hasText: '<img' }).count()).toBe(1);
    expect(data.neighbours(data.find('notes/hub')!)).toHaveLength(50);
    // Found by path with .md too; a note without typed relations is left empty.
    expect(await p.locator('[data-vaultgraph-note="notes/small.md"] a.vg-node').count()).toBe(2);
    expect(await p.locator('[data-vaultgraph-note="notes/nowhere"]').getAttribute('data-vaultgraph-state')).toBe('empty');
    expect(requests.sort()).toEqual(['/assets/vaultgraph-embed.js', '/assets/vaultgraph-embed.json', '/index.html']);
    expect(errors).toEqual([]);
    await shot(p, 'embed-hub');
    await p.close();
  });

  it('shows the relation and its 说明 on hover and on keyboard focus', async () => {
    const { page: p, errors } = await open();
    const hub = p.locator('[data-vaultgraph-note="notes/hub"]');
    const tip = hub.locator('.vg-tooltip');
    expect(await tip.isVisible()).toBe(false);
    await hub.locator('a.vg-node[href="/notes-site/notes/n3.html"] circle').hover(); // (Playwright cannot hover an SVG <a> itself)
    expect(await tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toBe('Neighbour 3→ 观点一致：hub says 3.');
    expect(await hub.locator('path.vg-edge[opacity="0.15"]').count()).toBe(49);
    await p.mouse.move(1, 1);
    expect(await tip.isVisible()).toBe(false);
    await hub.locator('a.vg-node[href="/notes-site/notes/n41.html"]').focus();
    expect(await tip.textContent()).toBe('n41← 引用：n41 cites the hub.');
    const small = p.locator('[data-vaultgraph-note="notes/small.md"]');
    await small.locator('a.vg-node circle').first().hover();
    await shot(p, 'embed-small-hover');
    expect(errors).toEqual([]);
    await p.close();
  });

  it('the script stays small (≤ 100 KB gzipped) and asks for nothing but its JSON', async () => {
    const { gzipSync } = await import('node:zlib');
    const js = fs.readFileSync(path.join(site, 'assets', 'vaultgraph-embed.js'));
    expect(gzipSync(js).length).toBeLessThan(100 * 1024);
    expect(js.toString()).not.toMatch(/\beval\(|new Function|innerHTML|setAttribute\("style"|import\(/);
  });
});
