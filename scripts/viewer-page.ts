// The browser of the viewer benches (bench-viewer, viewer-check, profile-click, …) and of the browser
// tests (test/e2e/harness.ts): headless chromium with software WebGL (SwiftShader, the upper
// bound), a 1400×860 page, the page code that waits until the GPU has drawn what is queued, and the
// CPU time chromium's processes used.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The flags of every chromium the benches and the browser tests start: software WebGL (SwiftShader).
 * And no omnibox popup: Chromium 156's headless mode still loads the address bar's popup (a WebUI
 * page of a few hundred chrome:// modules, in a renderer of its own) for every new window. That is
 * ~1.8 s of CPU in the first two seconds of each page here (2 cores), taken from the page being
 * measured; a page opened in a browser already running does not pay it
 * (docs/viewer-first-frame.md, 2026-12-05).
 */
export const CHROMIUM_ARGS = ['--disable-gpu', '--disable-quic', '--enable-unsafe-swiftshader',
  '--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup'];

/** Chromium with software WebGL, as every viewer timing is measured (`args`: other flags, for A/B runs). */
export function launchSoftwareGl(args: readonly string[] = CHROMIUM_ARGS): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...args] });
}

/** A page of the benches' size. bypassCSP: string evaluation is eval, which the viewer's CSP (rightly) forbids. */
export function benchPage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: { width: 1400, height: 860 }, bypassCSP: true });
}

/** Page code defining `__sync()`: block until the GPU process has drawn everything queued (sigma's contexts do not keep pixels). */
export const GPU_SYNC = `const __sync = () => { const px = new Uint8Array(4);
  for (const gl of Object.values(window.__kg.renderer.webGLContexts)) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); };`;

/**
 * CPU ms used so far by this script's chromium processes, by type (gpu, renderer, browser, …) from
 * /proc: unlike wall time, hardly inflated by other programs on a loaded machine.
 */
export function chromiumCpu(): Record<string, number> {
  const stat = new Map<number, { ppid: number; ms: number }>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1]!.split(' ');
      stat.set(Number(d), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * 10 });
    } catch { /* gone */ }
  }
  const mine = (pid: number): boolean => { for (let p = pid, n = 0; p > 1 && n < 20; p = stat.get(p)?.ppid ?? 0, n++) if (p === process.pid) return true; return false; };
  const out: Record<string, number> = {};
  for (const [pid, s] of stat) {
    if (pid === process.pid || !mine(pid)) continue;
    let type = 'browser';
    try { type = /--type=([\w-]+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser'; } catch { continue; }
    if (type === 'utility' || type === 'zygote') continue;
    out[type] = (out[type] ?? 0) + s.ms;
  }
  return out;
}

/**
 * A bench page's own folder served on a free local port (viewer-floor's and ab-page-phases' pages):
 * its files by name, index.html at `/`. `url` is the page's address.
 */
export async function serveFolder(dir: string): Promise<{ url: string; close(): void }> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };
  const files = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html';
    fs.readFile(path.join(dir, name), (err, body) => {
      if (err) { res.statusCode = 404; res.end(); return; }
      res.setHeader('content-type', types[path.extname(name)] ?? 'application/octet-stream');
      res.end(body);
    });
  });
  await new Promise<void>((ok) => files.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(files.address() as { port: number }).port}/index.html`, close: () => files.close() };
}
