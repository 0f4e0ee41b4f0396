// Work in the page's idle time (web/ui/idle.ts): sliced by the idle deadline where the browser has
// requestIdleCallback, by 10 ms slices between tasks where it has not, until the work says it is done;
// started once the frame just drawn is shown (the second animation frame after it).

import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterFrameShown, inIdleTime } from '../web/ui/idle.ts';

/** 1,000 units of work; each call does units while `more()` allows. */
function work() {
  let done = 0, calls = 0;
  const step = (more: () => boolean) => { calls++; while (done < 1000 && more()) done++; return done >= 1000; };
  return { step, state: () => ({ done, calls }) };
}

afterEach(() => { vi.unstubAllGlobals(); });

describe('inIdleTime', () => {
  it('runs a slice per idle period, each within its deadline, until done', async () => {
    const periods: Array<() => void> = [];
    vi.stubGlobal('requestIdleCallback', (cb: (d: { timeRemaining(): number }) => void) => {
      // An idle period with room for 100 units.
      let left = 101;
      periods.push(() => cb({ timeRemaining: () => left-- }));
      return periods.length;
    });
    const w = work();
    inIdleTime(w.step);
    expect(w.state().calls).toBe(0);
    for (let i = 0; i < 10; i++) { periods.shift()!(); expect(w.state().done).toBe(Math.min(1000, (i + 1) * 100)); }
    expect(periods.length).toBe(0);
    expect(w.state().calls).toBe(10);
  });

  it('without requestIdleCallback: slices between tasks, until done', async () => {
    vi.stubGlobal('requestIdleCallback', undefined);
    const w = work();
    inIdleTime(w.step);
    expect(w.state().calls).toBe(0);
    await vi.waitFor(() => expect(w.state().done).toBe(1000));
  });

  it('afterFrameShown: on the second animation frame, not the first', () => {
    const frames: Array<() => void> = [];
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb));
    let ran = 0;
    afterFrameShown(() => { ran++; });
    expect(ran).toBe(0);
    frames.shift()!();
    expect(ran).toBe(0);
    frames.shift()!();
    expect(ran).toBe(1);
    expect(frames.length).toBe(0);
  });
});
