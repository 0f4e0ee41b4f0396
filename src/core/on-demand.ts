// A package loaded the first time it is needed rather than when the module naming it is: for code
// most runs never call. Every process and worker thread otherwise compiles it at start-up (docs/perf-cold-build.md, 2026-12-05).

import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** `get()` loads the package `id` (its CommonJS entry) on first call, then returns the same module. */
export function onDemand<T>(id: string): () => T {
  let module: T | undefined;
  return () => (module ??= load(id) as T);
}
