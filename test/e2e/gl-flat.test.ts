// sigma's instanced programs drawn flat (web/ui/gl-upload.ts, web/model/flat.ts): a frame makes no
// instanced draw call, the nodes and edges are drawn where and in the colour sigma says, and picking
// (which draws the same flat buffers into its own framebuffer) still finds nodes and edges under a
// real mouse. Screenshots go to test-artifacts/.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAndOpen, shot, SAMPLE_VAULT, type ServedViewer } from './harness.ts';

let v: ServedViewer;
beforeAll(async () => { v = await serveAndOpen(SAMPLE_VAULT); });
afterAll(async () => { await v?.close(); });

describe('instanced programs drawn flat', () => {
  it('a frame makes no instanced draw call and paints the biggest node in its colour', async () => {
    const r = await v.page.evaluate(() => {
      const { renderer, graph } = window.__kg;
      const proto = WebGL2RenderingContext.prototype;
      const calls = { instanced: 0, flat: 0 };
      const inst = proto.drawArraysInstanced, flat = proto.drawArrays;
      proto.drawArraysInstanced = function (...a) { calls.instanced++; return inst.apply(this, a); };
      proto.drawArrays = function (...a) { calls.flat++; return flat.apply(this, a); };
      renderer!.refresh();
      proto.drawArraysInstanced = inst;
      proto.drawArrays = flat;
      // sigma's WebGL layers keep no pixels after the frame is shown: read them in the same task.
      renderer!.refresh();
      let best = '', size = -1;
      graph!.forEachNode((k) => { const d = renderer!.getNodeDisplayData(k)!; if (!d.hidden && d.size > size && /^#[0-9a-f]{6}$/i.test(d.color)) { size = d.size; best = k; } });
      const d = renderer!.getNodeDisplayData(best)!;
      const p = renderer!.framedGraphToViewport(d);
      const gl = (renderer as unknown as { webGLContexts: Record<string, WebGL2RenderingContext> }).webGLContexts.nodes!;
      const px = new Uint8Array(4);
      gl.readPixels(Math.round(p.x), gl.drawingBufferHeight - Math.round(p.y), 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      return { calls, color: d.color, px: [...px] };
    });
    expect(r.calls.instanced).toBe(0);
    expect(r.calls.flat).toBeGreaterThan(2);
    const want = [1, 3, 5].map((i) => parseInt(r.color.slice(i, i + 2), 16));
    for (let i = 0; i < 3; i++) expect(Math.abs(r.px[i]! - want[i]!)).toBeLessThanOrEqual(8);
    expect(r.px[3]).toBeGreaterThan(240);
  });

  it('the mouse over an edge\'s middle names it (edge picking draws the flat buffers too)', async () => {
    const { page } = v;
    await page.evaluate(() => window.__kg.renderer!.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 }));
    await page.waitForTimeout(300);
    // The longest straight edge whose middle is on the stage and clear of every node.
    const at = await page.evaluate(() => {
      const { renderer, graph } = window.__kg;
      const { width, height } = renderer!.getDimensions();
      const nodes: Array<{ x: number; y: number; r: number }> = [];
      graph!.forEachNode((k) => { const d = renderer!.getNodeDisplayData(k)!; if (!d.hidden) nodes.push({ ...renderer!.framedGraphToViewport(d), r: renderer!.scaleSize(d.size) }); });
      let best: { edge: string; x: number; y: number; len: number } | null = null;
      graph!.forEachEdge((e, _a, s, t) => {
        const d = renderer!.getEdgeDisplayData(e)!;
        if (d.hidden || (d.type !== 'arrow' && d.type !== 'line')) return;
        const a = renderer!.framedGraphToViewport(renderer!.getNodeDisplayData(s)!), b = renderer!.framedGraphToViewport(renderer!.getNodeDisplayData(t)!);
        const x = (a.x + b.x) / 2, y = (a.y + b.y) / 2, len = Math.hypot(a.x - b.x, a.y - b.y);
        if (x < 20 || y < 20 || x > width - 20 || y > height - 20) return;
        if (nodes.some((n) => Math.hypot(n.x - x, n.y - y) < n.r + 12)) return;
        if (!best || len > best.len) best = { edge: e, x, y, len };
      });
      return best as { edge: string; x: number; y: number } | null;
    });
    expect(at).not.toBeNull();
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.move(box.x + at!.x - 30, box.y + at!.y - 30);
    await page.mouse.move(box.x + at!.x, box.y + at!.y, { steps: 3 });
    await page.waitForFunction(() => !document.getElementById('edge-tip')!.hidden, undefined, { timeout: 10_000 });
    const relation = await page.evaluate((e) => window.__kg.graph!.getEdgeAttribute(e, 'relation'), at!.edge);
    await expect(page.locator('#edge-tip').textContent()).resolves.toContain(relation);
    await shot(page, 'gl-flat-edge-hover');
  });
});
