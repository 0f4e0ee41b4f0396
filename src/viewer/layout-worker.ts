// Worker thread: ForceAtlas2 on flat matrices, off the main thread. graphology's synchronous
// `iterate` is a pure function over two Float32Arrays (docs/PERF.md §6), so no graph is built here.
//   in:  LayoutJob                      out: { type: 'progress', done } … then { type: 'done', positions }

import { parentPort } from 'node:worker_threads';
import { runLayout, type LayoutJob } from './layout-core.ts';

parentPort!.once('message', (job: LayoutJob) => {
  const positions = runLayout(job, (done) => parentPort!.postMessage({ type: 'progress', done }));
  parentPort!.postMessage({ type: 'done', positions }, [positions.buffer as ArrayBuffer]);
});
