// What the viewer leaves out of its first frame (web/ui/gl-lazy.ts), and that it all comes when
// needed: GL programs with nothing to draw are not compiled; the picking layer (what is under the
// pointer) is drawn after the first frame, unasked, or at once when sigma looks for a node.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import { buildVaultGraph } from '../../src/index.ts';
import { launch, nodePosition, openViewer, SAMPLE_NOTE, SAMPLE_VAULT } from './harness.ts';

let browser: Browser;
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ root: SAMPLE_VAULT, graph: (await buildVaultGraph(SAMPLE_VAULT)).graph });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Page code: the raw picking pixel under a viewport point, read as sigma does but without asking sigma (which would draw the layer first). */
const rawPick = (at: { x: number; y: number }) => {
  const r = window.__kg.renderer! as unknown as { webGLContexts: { nodes: WebGL2RenderingContext }; frameBuffers: { nodes: WebGLFramebuffer }; pixelRatio: number; pickingDownSizingRatio: number };
  const gl = r.webGLContexts.nodes;
  const px = new Uint8Array(4);
  gl.bindFramebuffer(gl.FRAMEBUFFER, r.frameBuffers.nodes);
  gl.readPixels(Math.floor(at.x / r.pickingDownSizingRatio * r.pixelRatio), Math.floor(gl.drawingBufferHeight / r.pickingDownSizingRatio - at.y / r.pickingDownSizingRatio * r.pixelRatio), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
  gl.bindFramebuffer(gl.FRAMEBUFFER, null);
  return px[3]!;
};

describe('the first frame', () => {
  it('finds the node under the pointer right after the first frame (the picking pass is drawn on demand)', async () => {
    const { page, errors } = await openViewer(browser, server.url);
    const at = await nodePosition(page, SAMPLE_NOTE);
    const box = (await page.locator('#graph').boundingBox())!;
    // A user's hover, at once: sigma looks for the node in the picking layer, which is drawn first.
    await page.mouse.move(box.x + at.x, box.y + at.y);
    await page.waitForFunction(() => document.getElementById('graph')!.style.cursor === 'pointer');
    await expect(page.evaluate((p) => (window.__kg.renderer as unknown as { getNodeAtPosition(p: { x: number; y: number }): string | null }).getNodeAtPosition(p), at)).resolves.toBe(SAMPLE_NOTE);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the picking layer after the first frame without being asked', async () => {
    const { page, errors } = await openViewer(browser, server.url);
    const at = await nodePosition(page, SAMPLE_NOTE);
    await page.waitForFunction(rawPick, at, { timeout: 20_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('compiles no GL program that has nothing to draw, and a renderer with such programs is killed cleanly', async () => {
    const { page, errors } = await openViewer(browser, server.url);
    const compiled = await page.evaluate(() => {
      const r = window.__kg.renderer! as unknown as { edgePrograms: Record<string, { normalProgram: object; capacity: number }> };
      const isCompiled = (info: object) => Object.getOwnPropertyDescriptor(info, 'program')?.get === undefined;
      return { fast: r.edgePrograms.fast!.capacity === 0 && isCompiled(r.edgePrograms.fast!.normalProgram), arrow: isCompiled((r.edgePrograms.arrow as unknown as { programs: Array<{ normalProgram: object }> }).programs[0]!.normalProgram) };
    });
    // `fast` (GL lines) is for the bulk relations of big graphs only; the sample vault draws arrows.
    expect(compiled).toEqual({ fast: false, arrow: true });
    await page.evaluate(() => window.__kg.renderer!.kill());
    expect(errors).toEqual([]);
    await page.close();
  });
});
