// Sum a Chrome trace (from profile-click.ts) per process/thread and event name, over the window from
// the page's `click-start` mark to the end: busy time per thread (top-level events; wall and the
// thread's own CPU time, which a loaded machine inflates less) and the events with the most self time.
// Not a test.   node --import tsx scripts/trace-sum.ts FILE [top=12]

import fs from 'node:fs';

type Ev = { name: string; ph: string; ts: number; dur?: number; tdur?: number; pid: number; tid: number; args?: { name?: string } };
const file = process.argv[2];
if (!file) throw new Error('trace-sum: give a trace file');
const top = Number(process.argv[3] ?? 12);
const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: Ev[] } | Ev[];
const events = Array.isArray(raw) ? raw : raw.traceEvents;
const names = new Map<string, string>();
const procs = new Map<number, string>();
for (const e of events) {
  if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  if (e.ph === 'M' && e.name === 'process_name') procs.set(e.pid, e.args?.name ?? '?');
}
const mark = events.find((e) => e.name === 'click-start');
const t0 = mark?.ts ?? Math.min(...events.filter((e) => e.ts > 0).map((e) => e.ts));
console.log(`window from ${mark ? 'the click-start mark' : 'the first event'}`);
const byThread = new Map<string, Ev[]>();
for (const e of events) {
  if (e.ph !== 'X' || e.ts < t0 || !e.dur) continue;
  const k = `${e.pid}:${e.tid}`;
  (byThread.get(k) ?? byThread.set(k, []).get(k)!).push(e);
}
const ms = (us: number) => (us / 1000).toFixed(1);
for (const [k, evs] of byThread) {
  evs.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  // Self time per name (a stack of open events), and busy time (top-level events only).
  const self = new Map<string, number>();
  const stack: Ev[] = [];
  let busy = 0, cpu = 0, end = 0;
  for (const e of evs) {
    while (stack.length && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur! <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - Math.min(e.dur!, parent.ts + parent.dur! - e.ts));
    else { busy += e.dur!; cpu += e.tdur ?? 0; end = Math.max(end, e.ts + e.dur!); }
    self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
    stack.push(e);
  }
  if (busy < 2000) continue;
  const pid = Number(k.split(':')[0]);
  console.log(`\n${procs.get(pid) ?? pid} / ${names.get(k) ?? k}: busy ${ms(busy)} ms wall, ${ms(cpu)} ms CPU (last event ends +${ms(end - t0)} ms)`);
  for (const [n, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) if (us > 500) console.log(`  ${ms(us).padStart(7)}  ${n}`);
}
