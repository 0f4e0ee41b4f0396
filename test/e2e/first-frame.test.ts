// What the viewer leaves out of its first frame (web/ui/gl-lazy.ts), and that it all comes when
// needed: GL programs with nothing to draw are not compiled; the picking layer (what is under the
// pointer) is drawn after the first frame, unasked, or at once when sigma looks for a node. Its
// canvases are made at the stage's size (web/ui/gl-size.ts): no drawing buffer is reallocated.
// sigma is made before the graph, on placeholders (web/ui/gl-warm.ts), and then given the graph.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import { buildVaultGraph } from '../../src/index.ts';
import { launch, nodeKey, nodePosition, openViewer, SAMPLE_NOTE, SAMPLE_VAULT, waitReady } from './harness.ts';

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
    await expect(page.evaluate((p) => (window.__kg.renderer as unknown as { getNodeAtPosition(p: { x: number; y: number }): string | null }).getNodeAtPosition(p), at)).resolves.toBe(await nodeKey(page, SAMPLE_NOTE));
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

  it('makes sigma before the graph, then hands it the graph and the app\'s settings: no placeholder is left', async () => {
    const { page, errors } = await openViewer(browser, server.url);
    const seen = await page.evaluate(() => {
      const { renderer: r, graph: g, timings: t } = window.__kg;
      let drawn = 0;
      g!.forEachNode((k) => { if (r!.getNodeDisplayData(k)) drawn++; });
      return {
        early: t.warm! < t.graph!, same: r!.getGraph() === g, drawn: drawn === g!.order,
        // The placeholders' keys, unless the vault has such notes.
        placeholders: ['a', 'b'].filter((k) => !g!.hasNode(k) && r!.getNodeDisplayData(k) !== undefined).length,
        reducers: typeof r!.getSetting('nodeReducer') === 'function' && typeof r!.getSetting('edgeReducer') === 'function',
      };
    });
    expect(seen).toEqual({ early: true, same: true, drawn: true, placeholders: 0, reducers: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('makes its WebGL canvases at the stage\'s size, so no drawing buffer is resized after its context exists', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Every canvas's size when its WebGL context is made, and every size set on it afterwards.
    await page.addInitScript(() => {
      const sizes: Array<{ cls: string; made: string; later: string[] }> = [];
      (window as unknown as { __sizes: typeof sizes }).__sizes = sizes;
      const made = new WeakMap<HTMLCanvasElement, { later: string[] }>();
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        if (type.startsWith('webgl') && !made.has(this)) {
          const row = { cls: this.className, made: `${this.width}x${this.height}`, later: [] as string[] };
          sizes.push(row);
          made.set(this, row);
        }
        return (getContext as (...a: unknown[]) => unknown).call(this, type, ...rest);
      } as typeof getContext;
      const setAttribute = Element.prototype.setAttribute;
      Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
        const before = this instanceof HTMLCanvasElement ? `${this.width}x${this.height}` : '';
        setAttribute.call(this, name, value);
        const row = this instanceof HTMLCanvasElement ? made.get(this) : undefined;
        if (row && `${(this as HTMLCanvasElement).width}x${(this as HTMLCanvasElement).height}` !== before) row.later.push(`${name}=${value}`);
      };
    });
    await page.goto(server.url);
    await waitReady(page);
    // (load.ts's WebGL check makes a canvas of its own, without a class.)
    const sizes = (await page.evaluate(() => (window as unknown as { __sizes: Array<{ cls: string; made: string; later: string[] }> }).__sizes)).filter((s) => s.cls.startsWith('sigma-'));
    const stage = await page.evaluate(() => { const el = document.getElementById('graph')!; return `${el.offsetWidth * devicePixelRatio}x${el.offsetHeight * devicePixelRatio}`; });
    // sigma's three WebGL layers (edges, nodes, hovered nodes), each made at the stage's size and never resized.
    expect(sizes.map((s) => s.cls).sort()).toEqual(['sigma-edges', 'sigma-hoverNodes', 'sigma-nodes']);
    expect(sizes.map((s) => [s.made, s.later])).toEqual(sizes.map(() => [stage, []]));
    expect(errors).toEqual([]);
    await page.close();
  });
});
