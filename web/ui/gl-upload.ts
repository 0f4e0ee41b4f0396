// A patch for sigma 3.0.3 (pinned): upload a program's vertex buffer only when, and only where, its
// data changed. sigma's Program.bindProgram calls bufferData with the whole array on every frame, for
// the display and the picking pass alike: at 100k nodes and 285k edges that is ~13 MB per frame
// through the GPU command buffer, which was most of a hover's or a pan's frame in software WebGL
// (SwiftShader) and costs a real GPU too. Here every write into a program's array (process,
// reallocate) bumps a version and notes the item; a GL buffer that is behind gets the changed items
// (bufferSubData: a hover changes a few hundred) or, after a full re-index, the whole array.
// GL state is otherwise the same. Browser only (sigma's rendering module reads WebGL constants at
// load); main.ts applies it.

import { EdgeProgram, NodeProgram, Program } from 'sigma/rendering';

/** sigma's per-pass program info (normal or picking), with what we last uploaded to its buffers. */
interface PassInfo {
  gl: WebGLRenderingContext | WebGL2RenderingContext;
  buffer: WebGLBuffer;
  constantBuffer: WebGLBuffer;
  uploaded?: number;
  constantUploaded?: boolean;
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
  /** Floats per item (process writes item `offset` at offset * STRIDE). */
  STRIDE: number;
  normalProgram: PassInfo;
  ATTRIBUTES: unknown[];
  CONSTANT_ATTRIBUTES: unknown[];
  bindAttribute(attr: unknown, program: PassInfo, offset: number, setDivisor?: boolean): number;
  bindProgram(program: PassInfo): void;
  reallocate(capacity: number): void;
  process(a: unknown, b: unknown, c: unknown, d?: unknown, e?: unknown): void;
  /** Bumped on every write into `array`. */
  version?: number;
  /** Items written since `cleanVersion` (null: too many, or the array was replaced). */
  changed?: Set<number> | null;
  cleanVersion?: number;
}

let applied = false;

/** Apply once, before the first Sigma is made. Does nothing if sigma's internals are not as expected. */
export function uploadOnlyChanges(): void {
  const base = Program.prototype as unknown as ProgramInternals;
  if (applied || typeof base.bindProgram !== 'function' || typeof base.reallocate !== 'function') return;
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
    let offset = 0;
    if (this.isInstanced) {
      gl.bindBuffer(gl.ARRAY_BUFFER, program.constantBuffer);
      for (const attr of this.CONSTANT_ATTRIBUTES) offset += this.bindAttribute(attr, program, offset, false);
      if (!program.constantUploaded) { gl.bufferData(gl.ARRAY_BUFFER, this.constantArray, gl.STATIC_DRAW); program.constantUploaded = true; }
      offset = 0;
    }
    gl.bindBuffer(gl.ARRAY_BUFFER, program.buffer);
    for (const attr of this.ATTRIBUTES) offset += this.isInstanced ? this.bindAttribute(attr, program, offset, true) : this.bindAttribute(attr, program, offset);
    if (program.uploaded !== version) {
      const changed = this.changed;
      if (changed && program.uploaded !== undefined && program.uploaded === this.cleanVersion) {
        const n = this.STRIDE;
        // Neighbouring items go up together: one call per run.
        const items = [...changed].sort((a, b) => a - b);
        for (let i = 0; i < items.length;) {
          let j = i;
          while (j + 1 < items.length && items[j + 1] === items[j]! + 1) j++;
          gl.bufferSubData(gl.ARRAY_BUFFER, items[i]! * n * 4, this.array.subarray(items[i]! * n, (items[j]! + 1) * n));
          i = j + 1;
        }
      } else gl.bufferData(gl.ARRAY_BUFFER, this.array, gl.DYNAMIC_DRAW);
      program.uploaded = version;
    }
    if (program === this.normalProgram) { this.cleanVersion = version; this.changed = new Set(); }
    gl.bindBuffer(gl.ARRAY_BUFFER, null);
  };
}
