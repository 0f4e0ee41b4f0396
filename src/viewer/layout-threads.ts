// The Barnes–Hut repulsion of a big layout shared between the layout worker and helper workers:
// positions and the quadtree sit in SharedArrayBuffers; each iteration the layout worker builds the
// tree, then every thread claims chunks of nodes (an atomic counter) and writes their repulsion.
// A node's repulsion is the same whichever thread sums it (fa2.ts), so the positions are the same
// with 1 or 4 threads, and a helper that starts late or never only costs speed.
//   control (Int32Array): GEN round number · CLAIM (round & 0x7fff) << 16 | next chunk · COMPLETED chunks done · STOP

import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { repulse, type FA2Settings, type Regions } from './fa2.ts';

const GEN = 0, CLAIM = 1, COMPLETED = 2, STOP = 3;
/** Give up when the helpers hold chunks this long without finishing one (a helper died). */
const STALL_MS = 60_000;

/** What every thread needs for the rounds of one layout run (the coarse run, then the full one). */
interface Session { N: Float32Array; R: Regions; settings: FA2Settings; n: number; size: number; chunks: number }

export function controlBuffer(): SharedArrayBuffer { return new SharedArrayBuffer(4 * 4); }

/** Claim the next chunk of round `gen`, or -1 when the round has none left (or is over). */
function claim(control: Int32Array, gen: number, chunks: number): number {
  for (;;) {
    const c = Atomics.load(control, CLAIM);
    if (c >>> 16 !== (gen & 0x7fff) || (c & 0xffff) >= chunks) return -1;
    if (Atomics.compareExchange(control, CLAIM, c, c + 1) === c) return c & 0xffff;
  }
}

function work(control: Int32Array, gen: number, s: Session): void {
  for (let c = claim(control, gen, s.chunks); c >= 0; c = claim(control, gen, s.chunks)) {
    repulse(s.N, s.R, s.settings, c * s.size, Math.min(s.n, (c + 1) * s.size));
    Atomics.add(control, COMPLETED, 1);
    Atomics.notify(control, COMPLETED);
  }
}

/** The layout worker's side: `session` for each run, then `round()` once per iteration (after buildTree). */
export class RepulsionPool {
  private readonly control: Int32Array;
  private gen = 0;
  private s: Session | undefined;
  constructor(control: SharedArrayBuffer, private readonly ports: MessagePort[]) { this.control = new Int32Array(control); }
  session(N: Float32Array, R: Regions, settings: FA2Settings, n: number): void {
    // Chunks small enough to balance the threads, few enough for the 16-bit counter.
    const size = Math.max(256, Math.ceil(n / 60_000));
    this.s = { N, R, settings, n, size, chunks: Math.ceil(n / size) };
    for (const p of this.ports) p.postMessage(this.s);
  }
  round(): void {
    const c = this.control, s = this.s!;
    Atomics.store(c, COMPLETED, 0);
    this.gen++;
    Atomics.store(c, CLAIM, (this.gen & 0x7fff) << 16);
    Atomics.store(c, GEN, this.gen);
    Atomics.notify(c, GEN);
    work(c, this.gen, s);
    let last = performance.now();
    for (let done = Atomics.load(c, COMPLETED), before = done; done < s.chunks; done = Atomics.load(c, COMPLETED)) {
      if (done !== before) { before = done; last = performance.now(); }
      if (performance.now() - last > STALL_MS) throw new Error('a layout helper thread stopped answering');
      Atomics.wait(c, COMPLETED, done, 1000);
    }
  }
  close(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GEN, 1);
    Atomics.notify(this.control, GEN);
    for (const p of this.ports) p.close();
  }
}

/** A helper worker's life: wait for a round, take the latest session, claim chunks, until STOP. */
export function help(controlBuf: SharedArrayBuffer, port: MessagePort): void {
  const control = new Int32Array(controlBuf);
  let seen = 0;
  let s: Session | undefined;
  for (;;) {
    Atomics.wait(control, GEN, seen);
    seen = Atomics.load(control, GEN);
    if (Atomics.load(control, STOP)) return;
    for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) s = m.message as Session;
    if (s) work(control, seen, s);
  }
}
