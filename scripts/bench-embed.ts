// Embed benchmark (not a test): the time a static page takes to paint a note's typed relations.
// Writes a made-up vault whose hub note has 50 typed neighbours (and, when it is there, takes the
// real vault's busiest note too), runs `vaultgraph embed`, serves a plain page with a strict CSP,
// and measures in headless chromium: navigation start → drawn and painted (two animation frames
// after the container says ready), the same from the script's start, and a redraw with the JSON already loaded. Also prints the
// script's gzipped size. Prints a summary line as JSON at the end (`bench-embed: {…}`).
//   node --import tsx scripts/bench-embed.ts [vault NOTE]
// Page code is passed as strings (this file is type-checked without DOM types).

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchSoftwareGl } from './viewer-page.ts';
import { runCli } from '../src/cli/main.ts';

const REAL = path.resolve(import.meta.dirname, '../../shared/corpora/shiertier-docs');
const REAL_NOTE = '01-博客/宝玉/一文看懂“提示词” vs “提示词工程” vs “上下文工程”';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bench-embed-'));
const quietIo = { stdout: () => {}, stderr: (s: string) => process.stderr.write(s), isTTY: false, cwd: tmp };

function hubVault(dir: string, n: number): string {
  const reasons = ['引用', '解说', '延伸思考', '观点一致', '观点相悖', '同一事件', '上下游', '版本演进'];
  fs.mkdirSync(path.join(dir, 'notes'), { recursive: true });
  const items: string[] = [];
  for (let i = 1; i <= n; i++) {
    items.push(`- [[notes/neighbour ${i}]]；关联理由：${reasons[i % reasons.length]}；说明：第 ${i} 篇与中心笔记的关系说明，长度和真实库里的差不多。`);
    fs.writeFileSync(path.join(dir, 'notes', `neighbour ${i}.md`), `---\ntitle: 邻居笔记 ${i}：一个不算短的标题\n---\n正文。\n`);
  }
  fs.writeFileSync(path.join(dir, 'notes', 'hub.md'), `---\ntitle: 中心笔记\n---\n\n## 相关文档\n\n${items.join('\n')}\n`);
  return dir;
}

const cases: Array<{ name: string; vault: string; note: string }> = [{ name: 'hub-50', vault: hubVault(path.join(tmp, 'vault'), 50), note: 'notes/hub' }];
if (process.argv[2] && process.argv[3]) cases.push({ name: 'given', vault: path.resolve(process.argv[2]), note: process.argv[3] });
else if (fs.existsSync(REAL)) cases.push({ name: 'shiertier-docs', vault: REAL, note: REAL_NOTE });
else console.log(`(no ${REAL}: the real vault's case is skipped)`);

const browser = await launchSoftwareGl();
const summary: Record<string, unknown> = {};
try {
  for (const c of cases) {
    const site = path.join(tmp, `site-${c.name}`);
    if (await runCli(['embed', c.vault, '-o', site, '-q'], quietIo) !== 0) throw new Error(`embed failed for ${c.vault}`);
    fs.writeFileSync(path.join(site, 'index.html'), `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'">
</head><body><div data-vaultgraph-note="${c.note.replace(/"/g, '&quot;')}"></div>
<script src="vaultgraph-embed.js" data-graph="vaultgraph-embed.json" defer></script></body></html>`);
    const server = http.createServer((req, res) => {
      const file = path.join(site, path.basename(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)) || 'index.html');
      if (!fs.existsSync(file)) { res.writeHead(404).end(); return; }
      res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : file.endsWith('.js') ? 'text/javascript' : 'application/json' }).end(fs.readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/index.html`;
    const runs: number[] = [];
    const fromScript: number[] = [];
    const drawn: number[] = [];
    const redraws: number[] = [];
    let neighbours = 0;
    for (let i = 0; i < 5; i++) {
      const page = await browser.newPage();
      await page.goto(url);
      // performance.now() counts from navigation start.
      const t = await page.evaluate(`new Promise((resolve) => {
        const box = document.querySelector('[data-vaultgraph-note]');
        const mark = (n) => performance.getEntriesByName('vaultgraph-embed:' + n)[0].startTime;
        const done = () => requestAnimationFrame(() => requestAnimationFrame(() => resolve([performance.now(), performance.now() - mark('start'), mark('drawn') - mark('start')])));
        if (box.hasAttribute('data-vaultgraph-state')) done();
        else new MutationObserver((_m, o) => { if (box.hasAttribute('data-vaultgraph-state')) { o.disconnect(); done(); } }).observe(box, { attributes: true });
      })`) as [number, number, number];
      const state = await page.evaluate(`document.querySelector('[data-vaultgraph-note]').getAttribute('data-vaultgraph-state')`);
      if (state !== 'ready') throw new Error(`${c.name}: the embed says ${String(state)}`);
      neighbours = await page.evaluate(`document.querySelectorAll('.vg-node').length`) as number;
      const redraw = await page.evaluate(`new Promise((resolve) => { const t0 = performance.now();
        window.vaultgraphEmbed.render(document, true).then(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)))); })`) as number;
      runs.push(t[0]);
      fromScript.push(t[1]);
      drawn.push(t[2]);
      redraws.push(redraw);
      await page.close();
    }
    server.close();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const json = fs.statSync(path.join(site, 'vaultgraph-embed.json')).size;
    const js = fs.readFileSync(path.join(site, 'vaultgraph-embed.js'));
    console.log(`${c.name}: ${neighbours} neighbours; drawn ${Math.round(median(drawn))} ms and painted ${Math.round(median(fromScript))} ms after the script started, ${Math.round(median(runs))} ms after navigation start (medians of 5), `
      + `redraw ${Math.round(median(redraws))} ms; JSON ${(json / 1024).toFixed(0)} KB, script ${(js.length / 1024).toFixed(1)} KB (${(gzipSync(js).length / 1024).toFixed(1)} KB gzipped)`);
    summary[c.name] = { neighbours, drawnMsFromScript: Math.round(median(drawn)), paintMsFromScript: Math.round(median(fromScript)), paintMsFromNavigation: Math.round(median(runs)), redrawMs: Math.round(median(redraws)), jsonKB: Math.round(json / 1024), scriptGzipKB: +(gzipSync(js).length / 1024).toFixed(1) };
  }
} finally {
  await browser.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`bench-embed: ${JSON.stringify(summary)}`);
