// A patch for sigma 3.0.3 (pinned): upload a program's vertex buffer only when, and only where, its
// data changed. sigma's Program.bindProgram calls bufferData with the whole array on every frame, for
// the display and the picking pass alike: at 100k nodes and 285k edges that is ~13 MB per frame
// through the GPU command buffer, which was most of a hover's or a pan's frame in software WebGL
// (SwiftShader) and costs a real GPU too. Here every write into a program's array (process,
// reallocate) bumps a version and notes the item; a GL buffer that is behind gets the changed items
// (bufferSubData: a hover changes a few hundred) or, after a full re-index, the whole array.
// Instanced programs (circles, arrows, curves) are drawn flat: one drawArrays over every item's
// vertices, each vertex carrying its item's attributes and its own constants. SwiftShader runs an
// instanced draw as one draw per instance (~30 µs each: 1,439 arrows took 43 ms, the frame of a
// click on the users' vault ~250 ms); flat, the same triangles in the same order cost a few ms
// (docs/viewer-click.md). The shaders and the pixels are the same.
// Browser only (sigma's rendering module reads WebGL constants at load); main.ts applies it.

import { EdgeProgram, NodeProgram, Program } from 'sigma/rendering';
import { fillFlat, flatItemWords, itemRuns, type InstancedData } from '../model/flat.ts';

/** sigma's per-pass program info (normal or picking), with what we last uploaded to its buffers. */
interface PassInfo {
  gl: WebGLRenderingContext | WebGL2RenderingContext;
  buffer: WebGLBuffer;
  frameBuffer: WebGLFramebuffer | null;
  attributeLocations: Record<string, number>;
  uploaded?: number;
}

/**
 * Past this many changed items a buffer is uploaded whole: each run of items is one bufferSubData
 * call, and in software WebGL a few thousand calls cost more than one upload of 3k nodes (a
 * selection on the users' vault re-colours every node: 270 ms of bufferSubData per click).
 */
const MAX_PATCHED_ITEMS = 512;

/** The Program internals the patch reads (sigma 3.0.3, src/rendering/program.ts). */
interface ProgramInternals {
  array: Float32Array;
  constantArray: Float32Array;
  isInstanced: boolean;
  VERTICES: number;
  capacity: number;
  /** Floats (4-byte words) per item's attributes; for an instanced program, per item. */
  ATTRIBUTES_ITEMS_COUNT: number;
  /** Floats per item (process writes item `offset` at offset * STRIDE). */
  STRIDE: number;
  normalProgram: PassInfo;
  ATTRIBUTES: Attribute[];
  CONSTANT_ATTRIBUTES: Attribute[];
  bindAttribute(attr: Attribute, program: PassInfo, offset: number, setDivisor?: boolean): number;
  bindProgram(program: PassInfo): void;
  drawWebGL(method: number, program: PassInfo): void;
  reallocate(capacity: number): void;
  process(a: unknown, b: unknown, c: unknown, d?: unknown, e?: unknown): void;
  /** Bumped on every write into `array`. */
  version?: number;
  /** Items written since `cleanVersion` (null: too many, or the array was replaced). */
  changed?: Set<number> | null;
  cleanVersion?: number;
  /** An instanced program's items as drawn flat (words: see flatten), and the version it holds. */
  flat?: Uint32Array;
  flatVersion?: number;
}

interface Attribute { name: string; size: number; type: number; normalized?: boolean }

let applied = false;

/** Apply once, before the first Sigma is made. Does nothing if sigma's internals are not as expected. */
export function uploadOnlyChanges(): void {
  const base = Program.prototype as unknown as ProgramInternals;
  if (applied || typeof base.bindProgram !== 'function' || typeof base.reallocate !== 'function' || typeof base.drawWebGL !== 'function') return;
  applied = true;
  const reallocate = base.reallocate;
  base.reallocate = function (this: ProgramInternals, capacity: number) {
    const before = this.array;
    reallocate.call(this, capacity);
    if (this.array !== before) { this.version = (this.version ?? 0) + 1; this.changed = null; }
  };
  for (const proto of [NodeProgram.prototype, EdgeProgram.prototype] as unknown as ProgramInternals[]) {
    const process = proto.process;
    // Nodes take 3 arguments, edges 5 (a hot path: no rest array).
    proto.process = function (this: ProgramInternals, a: unknown, offset: unknown, c: unknown, d: unknown, e: unknown) {
      this.version = (this.version ?? 0) + 1;
      const changed = this.changed;
      if (changed) { changed.add(offset as number); if (changed.size > MAX_PATCHED_ITEMS) this.changed = null; }
      return process.call(this, a, offset, c, d, e);
    };
  }
  // sigma's bindProgram, with each bufferData skipped when that buffer already holds this version,
  // or narrowed to the changed items when it is exactly one generation behind (the display pass
  // comes last in each render and closes the generation).
  base.bindProgram = function (this: ProgramInternals, program: PassInfo) {
    const gl = program.gl;
    const version = this.version ?? 0;
    gl.bindBuffer(gl.ARRAY_BUFFER, program.buffer);
    if (this.isInstanced) bindFlat(this, program);
    else for (let attr = 0, offset = 0; attr < this.ATTRIBUTES.length; attr++) offset += this.bindAttribute(this.ATTRIBUTES[attr]!, program, offset);
    if (program.uploaded !== version) {
      const data = this.isInstanced ? flatten(this) : this.array;
      const n = this.isInstanced ? flatWords(this) : this.STRIDE;
      const changed = this.changed;
      if (changed && program.uploaded !== undefined && program.uploaded === this.cleanVersion) {
        for (const [from, to] of itemRuns(changed)) gl.bufferSubData(gl.ARRAY_BUFFER, from * n * 4, data.subarray(from * n, to * n));
      } else gl.bufferData(gl.ARRAY_BUFFER, data, gl.DYNAMIC_DRAW);
      program.uploaded = version;
    }
    if (program === this.normalProgram) { this.cleanVersion = version; this.changed = new Set(); }
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
  };
  const draw = base.drawWebGL;
  base.drawWebGL = function (this: ProgramInternals, method: number, program: PassInfo) {
    if (!this.isInstanced) return draw.call(this, method, program);
    program.gl.bindFramebuffer(program.gl.FRAMEBUFFER, program.frameBuffer);
    program.gl.drawArrays(method, 0, this.VERTICES * this.capacity);
  };
}

/** sigma's arrays of an instanced program, as words (model/flat.ts). */
const instanced = (p: ProgramInternals): InstancedData => ({
  items: new Uint32Array(p.array.buffer, p.array.byteOffset, p.array.length), itemWords: p.ATTRIBUTES_ITEMS_COUNT,
  constants: new Uint32Array(p.constantArray.buffer, p.constantArray.byteOffset, p.constantArray.length),
  vertices: p.VERTICES, capacity: p.capacity,
});
const flatWords = (p: ProgramInternals) => flatItemWords(instanced(p));

/** The program's items laid out flat, brought up to its version: only the changed items when the flat array holds the last generation. */
function flatten(p: ProgramInternals): Uint32Array {
  const version = p.version ?? 0;
  const d = instanced(p);
  const size = p.capacity * flatItemWords(d);
  if (p.flat?.length === size && p.flatVersion === version) return p.flat;
  const partial = p.changed && p.flat?.length === size && p.flatVersion === p.cleanVersion;
  p.flat = fillFlat(d, partial ? p.flat! : new Uint32Array(size), partial ? p.changed! : undefined);
  p.flatVersion = version;
  return p.flat;
}

const BYTES: Record<number, number> = { 0x1400: 1, 0x1401: 1, 0x1402: 2, 0x1403: 2, 0x1404: 4, 0x1405: 4, 0x1406: 4 };

/** The flat layout's attribute pointers: one vertex stride, no divisors. */
function bindFlat(p: ProgramInternals, program: PassInfo): void {
  const gl = program.gl;
  const stride = (p.ATTRIBUTES_ITEMS_COUNT + p.constantArray.length / p.VERTICES) * 4;
  let offset = 0;
  for (const attr of [...p.ATTRIBUTES, ...p.CONSTANT_ATTRIBUTES]) {
    const loc = program.attributeLocations[attr.name] ?? -1;
    if (loc !== -1) {
      gl.enableVertexAttribArray(loc);
      gl.vertexAttribPointer(loc, attr.size, attr.type, attr.normalized ?? false, stride, offset);
      if ('vertexAttribDivisor' in gl) gl.vertexAttribDivisor(loc, 0);
    }
    offset += attr.size * (BYTES[attr.type] ?? 4);
  }
}
