// The viewer benches' browser (bench-viewer, viewer-check, profile-click): headless chromium with
// software WebGL (SwiftShader, the upper bound), a 1400×860 page, and the page code that
// waits until the GPU has drawn what is queued.

import { chromium, type Browser, type Page } from 'playwright-core';

/** Chromium with software WebGL, as every viewer timing is measured. */
export function launchSoftwareGl(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-quic', '--enable-unsafe-swiftshader'] });
}

/** A page of the benches' size. bypassCSP: string evaluation is eval, which the viewer's CSP (rightly) forbids. */
export function benchPage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: { width: 1400, height: 860 }, bypassCSP: true });
}

/** Page code defining `__sync()`: block until the GPU process has drawn everything queued (sigma's contexts do not keep pixels). */
export const GPU_SYNC = `const __sync = () => { const px = new Uint8Array(4);
  for (const gl of Object.values(window.__kg.renderer.webGLContexts)) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px); };`;
