// Work done in the page's idle time, a slice per idle period, so that it never holds up a frame or an
// input: `step(more)` does units of work while `more()` is true and says when it is all done. Where
// requestIdleCallback is missing, 10 ms slices between tasks. `afterFrameShown` waits for the frame
// just drawn to be on screen first.

export function inIdleTime(step: (more: () => boolean) => boolean): void {
  const ric = (globalThis as { requestIdleCallback?: (cb: (d: { timeRemaining(): number }) => void) => number }).requestIdleCallback;
  if (ric) {
    const run = (deadline: { timeRemaining(): number }) => { if (!step(() => deadline.timeRemaining() > 1)) ric(run); };
    ric(run);
    return;
  }
  const slice = () => {
    const end = performance.now() + 10;
    if (!step(() => performance.now() < end)) setTimeout(slice, 0);
  };
  setTimeout(slice, 0);
}

/**
 * Call `then` once the frame drawn in this task is on screen: with software WebGL the GPU process
 * draws it after the task, and work started meanwhile (an idle callback comes at once) competes with
 * it for the CPU. The first frame is read back and shown in the task that runs the next animation
 * frame callbacks (gl-lazy.ts); the one after that comes once it is shown.
 */
export function afterFrameShown(then: () => void): void {
  // Through globalThis: tests run this module in Node (no DOM types there).
  const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): number }).requestAnimationFrame;
  raf(() => raf(() => then()));
}
