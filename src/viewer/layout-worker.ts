// Worker thread: ForceAtlas2 on flat matrices, off the main thread. graphology's synchronous
// `iterate` is a pure function over two Float32Arrays (docs/PERF.md §6), so no graph is built here.
// A big layout has helper workers too (layout-threads.ts): they only sum repulsion, told by atomics.
//   in:  LayoutJob (+ the helpers' control and ports)   out: { type: 'progress', done } … then { type: 'done', positions }
//   in:  { type: 'help', control, port }                 out: nothing (positions are written in shared memory)

import { parentPort, type MessagePort } from 'node:worker_threads';
import { runLayout, type LayoutJob } from './layout-core.ts';
import { help, RepulsionPool } from './layout-threads.ts';

type Message = (LayoutJob & { type?: 'layout'; helpers?: { control: SharedArrayBuffer; ports: MessagePort[] } }) | { type: 'help'; control: SharedArrayBuffer; port: MessagePort };

parentPort!.once('message', (m: Message) => {
  if (m.type === 'help') return help(m.control, m.port);
  const pool = m.helpers ? new RepulsionPool(m.helpers.control, m.helpers.ports) : undefined;
  try {
    const positions = runLayout(m, (done) => parentPort!.postMessage({ type: 'progress', done }), pool);
    parentPort!.postMessage({ type: 'done', positions }, [positions.buffer as ArrayBuffer]);
  } finally {
    pool?.close();
  }
});
