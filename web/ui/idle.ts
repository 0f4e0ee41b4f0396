// Work done in the page's idle time, a slice per idle period, so that it never holds up a frame or an
// input: `step(more)` does units of work while `more()` is true and says when it is all done. Where
// requestIdleCallback is missing, 10 ms slices between tasks.

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
