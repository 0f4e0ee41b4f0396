// Start one of vaultgraph's worker threads by name: the compiled `dist/<name>.mjs` when vaultgraph
// runs bundled (the bundle is flat: dist/main.mjs beside its workers), else the worker's source
// under src/ with tsx registered inside the worker first.

import { Worker } from 'node:worker_threads';

/** Each worker's source, relative to this file. */
const SOURCES = { 'parse-worker': './parse-worker.ts', 'layout-worker': '../viewer/layout-worker.ts' } as const;

export function startWorker(name: keyof typeof SOURCES): Worker {
  const here = import.meta.url;
  // Parsing makes many short-lived objects, and little outlives a note, so a young generation of
  // modest size scavenges cheaply; a roomier one (64 MB) cost more in page faults on its fresh
  // memory than it saved in scavenges (docs/performance.md, 10k notes: 16k more faults per build).
  const options = { resourceLimits: { maxYoungGenerationSizeMb: 24 } };
  if (here.endsWith('.ts')) {
    const api = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const entry = JSON.stringify(new URL(SOURCES[name], here).href);
    return new Worker(`import(${api}).then((t) => { t.register(); return import(${entry}); })`, { eval: true, ...options });
  }
  return new Worker(new URL(`./${name}.mjs`, here), options);
}
