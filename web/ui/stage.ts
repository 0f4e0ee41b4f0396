// Tells the app when the graph's stage has changed size (the window resized, the panel or the
// timeline bar shown or hidden), once the resizing has stopped: a local graph is laid out for its
// stage (model/local.ts), and one laid out for another size loses labels until laid out again. Browser only.

/** Quiet time after the last size change before `changed` runs (a window dragged wider fires many). */
export const STAGE_SETTLE_MS = 150;

/** Calls `changed(width, height)` after the element's size changes and stays put for `wait` ms; returns a stop function. */
export function watchStage(el: HTMLElement, changed: (width: number, height: number) => void, wait = STAGE_SETTLE_MS): () => void {
  if (typeof ResizeObserver !== 'function') return () => undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const observer = new ResizeObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => changed(el.clientWidth, el.clientHeight), wait);
  });
  observer.observe(el);
  return () => { clearTimeout(timer); observer.disconnect(); };
}
