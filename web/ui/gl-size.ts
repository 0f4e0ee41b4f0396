// A patch for sigma 3.0.3 (pinned), for the first frame: its layers (canvases) are created at the
// container's size. sigma creates them at the default 300×150, makes the WebGL contexts, then sizes
// them in `resize`; resizing a WebGL canvas reallocates its drawing buffer, a synchronous GPU round
// trip per context (CheckFramebufferStatus) that waits for the GPU process still creating the
// contexts: ~250 ms at load on the users' vault. Created at size, `resize` sets the same sizes and
// nothing is reallocated. Browser only; main.ts applies it. See docs/viewer-first-frame.md.

/** The sigma internals the patch uses (sigma 3.0.3). */
interface SigmaInternals {
  container: HTMLElement;
  createCanvas(id: string, options?: object): HTMLCanvasElement;
}

let applied = false;

/** Apply once, before the first Sigma is made (pass sigma's class). Does nothing if sigma's internals are not as expected. */
export function canvasesAtSize(SigmaClass: { prototype: object }): void {
  const base = SigmaClass.prototype as SigmaInternals;
  if (applied || typeof base.createCanvas !== 'function') return;
  applied = true;
  const createCanvas = base.createCanvas;
  base.createCanvas = function (this: SigmaInternals, id, options) {
    const canvas = createCanvas.call(this, id, options);
    // As sigma's resize sizes it (same attribute values, so its resize changes nothing).
    const width = this.container.offsetWidth, height = this.container.offsetHeight;
    if (width > 0 && height > 0) {
      const ratio = window.devicePixelRatio ?? 1;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      canvas.setAttribute('width', `${width * ratio}px`);
      canvas.setAttribute('height', `${height * ratio}px`);
    }
    return canvas;
  };
}
