// Clean up on Ctrl-C: a temporary file (the edge spool, the cache or output being written) must not
// outlive an interrupted build. `onInterrupt(fn)` registers a synchronous clean-up until the
// returned function is called; while any is registered, SIGINT, SIGTERM and SIGHUP run them all and
// then end the process with the same signal, as it would have ended without us.

const cleanups = new Set<() => void>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function handle(signal: NodeJS.Signals): void {
  for (const fn of [...cleanups]) { try { fn(); } catch { /* best effort */ } }
  cleanups.clear();
  for (const s of SIGNALS) process.removeListener(s, handle);
  process.kill(process.pid, signal);
}

export function onInterrupt(fn: () => void): () => void {
  // Other listeners (watch mode's Ctrl-C) mean the signal is already handled gracefully.
  if (cleanups.size === 0) for (const s of SIGNALS) if (process.listenerCount(s) === 0) process.on(s, handle);
  cleanups.add(fn);
  return () => {
    cleanups.delete(fn);
    if (cleanups.size === 0) for (const s of SIGNALS) process.removeListener(s, handle);
  };
}
