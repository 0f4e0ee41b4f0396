// A patch for sigma 3.0.3 (pinned), for the first frame: GL programs are compiled when first drawn,
// and the first frame is drawn without its picking pass, which is drawn just after it. sigma compiles
// every registered program, each with a picking twin, in its constructor (15 GL programs on the users'
// vault, 3 synchronous GPU round trips each), and draws every frame twice (the picture and the
// hidden picking layer that finds the node under the mouse). With software WebGL (SwiftShader) each
// program's first draw also compiles its pipeline: the picking pass was ~0.5 s of GPU work before
// the first picture could show. Browser only; main.ts applies it. See docs/viewer-first-frame.md.

import type Sigma from 'sigma';
import { Program } from 'sigma/rendering';

/** sigma's per-pass program info (src/rendering/program.ts), the parts known without compiling. */
type ProgramInfo = Record<string, unknown> & { gl: WebGLRenderingContext | WebGL2RenderingContext };

/** The Program internals the patch uses (sigma 3.0.3). */
interface ProgramInternals {
  pickProgram: ProgramInfo | null;
  normalProgram: ProgramInfo;
  hasNothingToRender(): boolean;
  getProgramInfo(name: string, gl: ProgramInfo['gl'], vs: string, fs: string, frameBuffer: WebGLFramebuffer | null): ProgramInfo;
  bindProgram(info: ProgramInfo): void;
  unbindProgram(info: ProgramInfo): void;
  renderProgram(params: RenderParams, info: ProgramInfo): void;
  render(params: RenderParams): void;
  kill(): void;
}
interface RenderParams { width: number; height: number; pixelRatio: number; downSizingRatio: number }

/** What compiling fills in (the rest is known at once). */
const COMPILED = ['program', 'buffer', 'constantBuffer', 'uniformLocations', 'attributeLocations', 'vertexShader', 'fragmentShader'];
/** Program infos not compiled yet. */
const pending = new Set<ProgramInfo>();
/** Every program made (until killed), to compile those about to draw before a frame uploads anything. */
const programs = new Set<ProgramInternals>();

let applied = false;
/** While set, programs draw their picture only and note that their picking pass is owed. */
let owed: Set<ProgramInternals> | null = null;

/** Apply once, before the first Sigma is made. Does nothing if sigma's internals are not as expected. */
export function lazyPrograms(): void {
  const base = Program.prototype as unknown as ProgramInternals;
  if (applied || typeof base.getProgramInfo !== 'function' || typeof base.renderProgram !== 'function') return;
  applied = true;
  const getProgramInfo = base.getProgramInfo;
  base.getProgramInfo = function (this: ProgramInternals, name, gl, vs, fs, frameBuffer) {
    const info: ProgramInfo = { name, gl, frameBuffer, isPicking: name === 'pick' };
    // The first read of a compiled part compiles it all and puts plain values in the getters' place.
    const compile = () => {
      const real = getProgramInfo.call(this, name, gl, vs, fs, frameBuffer);
      pending.delete(info);
      for (const k of COMPILED) Object.defineProperty(info, k, { value: real[k], writable: true, enumerable: true, configurable: true });
    };
    for (const k of COMPILED) {
      Object.defineProperty(info, k, { enumerable: true, configurable: true,
        get() { compile(); return info[k]; }, set(v: unknown) { compile(); info[k] = v; } });
    }
    pending.add(info);
    programs.add(this);
    return info;
  };
  // sigma's kill (killProgram on both passes), minus the passes never compiled: nothing to delete.
  base.kill = function (this: ProgramInternals) {
    for (const info of [this.normalProgram, this.pickProgram]) {
      if (!info || pending.has(info)) continue;
      const gl = info.gl;
      gl.deleteShader(info.vertexShader as WebGLShader);
      gl.deleteShader(info.fragmentShader as WebGLShader);
      gl.deleteProgram(info.program as WebGLProgram);
      gl.deleteBuffer(info.buffer as WebGLBuffer);
    }
    pending.delete(this.normalProgram);
    if (this.pickProgram) pending.delete(this.pickProgram);
    programs.delete(this);
    this.pickProgram = null;
  };
  const render = base.render;
  base.render = function (this: ProgramInternals, params) {
    if (pending.size > 0) compileDrawable(!owed);
    const pick = this.pickProgram;
    if (!owed || !pick || this.hasNothingToRender()) return render.call(this, params);
    this.pickProgram = null;
    try { render.call(this, params); } finally { this.pickProgram = pick; }
    owed.add(this);
  };
}

/**
 * Compile every program about to draw, at the start of a frame: compiling waits for the GPU process
 * (status checks), which in the middle of a frame would first have to take in its buffer uploads.
 */
function compileDrawable(picking: boolean, only: Iterable<ProgramInternals> = programs): void {
  for (const p of only) {
    if (p.hasNothingToRender()) continue;
    for (const info of picking ? [p.normalProgram, p.pickProgram] : [p.normalProgram]) if (info && pending.has(info)) void info.program;
  }
}

/** The picking passes `owing` programs owe, drawn as sigma's Program.render draws them. */
function drawPicking(renderer: Sigma, owing: Set<ProgramInternals>): void {
  compileDrawable(true, owing);
  const params = renderer.getRenderParams() as unknown as RenderParams;
  for (const p of owing) {
    const pick = p.pickProgram;
    if (!pick || p.hasNothingToRender()) continue;
    pick.gl.viewport(0, 0, params.width * params.pixelRatio / params.downSizingRatio, params.height * params.pixelRatio / params.downSizingRatio);
    p.bindProgram(pick);
    p.renderProgram({ ...params, pixelRatio: params.pixelRatio / params.downSizingRatio }, pick);
    p.unbindProgram(pick);
  }
}

/**
 * Make the renderer (its constructor draws the first frame) with that frame's picking pass left
 * out; the pass is drawn `delayMs` after the frame was shown, or as soon as sigma looks for a node
 * or an edge under the pointer, whichever is first. A render meanwhile draws it anyway.
 */
// 200 ms: late enough to stay out of the first frame's GPU work, early enough that a first click
// does not pay for the picking pass (with 1 s, viewer:check's click took 454 ms against 176–218).
export function firstFrameFirst(make: () => Sigma, delayMs = 200): Sigma {
  if (!applied) return make();
  const skipped = new Set<ProgramInternals>();
  owed = skipped;
  let renderer: Sigma;
  try { renderer = make(); } finally { owed = null; }
  submitNow(renderer);
  let due = skipped.size > 0;
  const settle = () => {
    if (!due) return;
    due = false;
    drawPicking(renderer, skipped);
  };
  renderer.once('beforeRender', () => { due = false; });
  // sigma finds what is under the pointer in the picking layers (hover, click).
  const r = renderer as unknown as Record<'getNodeAtPosition' | 'getEdgeAtPoint', (...a: unknown[]) => unknown>;
  for (const method of ['getNodeAtPosition', 'getEdgeAtPoint'] as const) {
    const own = r[method].bind(renderer);
    r[method] = (...a: unknown[]) => { settle(); return own(...a); };
  }
  // The first frame is read back and shown in the task that runs the next animation frame callbacks
  // (software compositing waits there for the GPU): the one after that comes once it is shown.
  if (due) requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(settle, delayMs)));
  return renderer;
}

/**
 * Make a renderer whose frame only prepares the GPU (gl-warm.ts): drawn without its picking pass,
 * which is not owed (its items are placeholders), and submitted at once.
 */
export function warmRenderer(make: () => Sigma): Sigma {
  if (!applied) return make();
  owed = new Set();
  let renderer: Sigma;
  try { renderer = make(); } finally { owed = null; }
  submitNow(renderer);
  return renderer;
}

/**
 * Have the GPU execute the frame now, while this task goes on (labels, sidebar, wiring). Otherwise
 * its draws wait in the command buffers until the task ends and are executed inside the compositor's
 * read back. A flush alone is not enough: ANGLE's Vulkan backend (SwiftShader) defers a flush while
 * a render pass is open (seen in traces). Reading one pixel into a buffer (WebGL2) ends the render
 * pass without this task waiting for it; the flush then submits the frame.
 */
function submitNow(renderer: Sigma): void {
  for (const gl of Object.values((renderer as unknown as { webGLContexts: Record<string, WebGLRenderingContext | WebGL2RenderingContext> }).webGLContexts)) {
    if ('PIXEL_PACK_BUFFER' in gl) {
      const buffer = gl.createBuffer();
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, buffer);
      gl.bufferData(gl.PIXEL_PACK_BUFFER, 4, gl.STREAM_READ);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, 0);
      gl.bindBuffer(gl.PIXEL_PACK_BUFFER, null);
      gl.deleteBuffer(buffer);
    }
    gl.flush();
  }
}
