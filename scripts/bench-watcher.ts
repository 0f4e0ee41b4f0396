// The file watchers compared on a big vault: live/folder-watch.ts (what watch.ts uses: a watch per
// folder), chokidar (what it used before; if installed), @parcel/watcher (if installed) and node:fs
// recursive watch (what it used first), each in its own process and
// set up as watch mode would use it — start-up (until ready: wall time and CPU time, the latter
// steadier on a shared machine), resident memory, and latency from a write to its event (a new
// note, then edits of it). With --live also watch mode itself (watchLive on the opened live vault,
// ~2.5 GB at 100k): its start-up, and write → delta applied, the debounce and note read included.
//
//   node --import tsx scripts/bench-watcher.ts [--vault DIR] [--samples 20] [--live]
// Default vault: /tmp/vaultgraph-bench/v100000-s42 (node ../shared/tools/gen-vault.mjs --notes 100000
// --seed 42 --out DIR); skipped when it is missing. Writes one scratch note into the vault and removes it.
// chokidar and @parcel/watcher are not dependencies: `npm install --no-save chokidar@5.0.0
// @parcel/watcher@2.6.0` to compare them.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isScannedPath } from '../src/build/scan.ts';
import { watchFolders } from '../src/live/folder-watch.ts';
import { openLiveVault, watchLive, type OpenedVault } from '../src/live/watch.ts';

const { values: a } = parseArgs({ options: {
  vault: { type: 'string', default: '/tmp/vaultgraph-bench/v100000-s42' }, samples: { type: 'string', default: '20' }, lib: { type: 'string' }, live: { type: 'boolean' },
} });
const root = fs.existsSync(a.vault) ? fs.realpathSync(a.vault) : a.vault;
const LIBS = ['folders', 'chokidar', '@parcel/watcher', 'node:fs', 'watchLive'] as const;
type Lib = typeof LIBS[number];

interface Figures { lib: Lib; openMs?: number; startMs: number; startCpuMs: number; rssMB: number; rssDeltaMB: number; createMs: number[]; changeMs: number[] }

const mb = (n: number) => Math.round(n / 2 ** 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stats = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${(s[s.length - 1] ?? NaN).toFixed(1)} ms`;
};

/** Subscribe with `lib` the way watch mode would; resolves when the watcher is ready. */
async function subscribe(lib: Lib, onPath: (rel: string) => void, opened?: OpenedVault): Promise<() => Promise<void>> {
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/');
  if (lib === 'watchLive') {
    // A delta that touches a note's node stands for that note's path.
    const stop = watchLive(root, () => opened!.live, opened!.options, { onRebuild: () => undefined, onDelta: (d) => {
      for (const n of [...d.addedNodes, ...d.changedNodes]) if (n.attributes.kind === 'note' || n.attributes.kind === 'topic') onPath(`${n.key}.md`);
    } });
    await stop.ready;
    return stop;
  }
  if (lib === 'folders') {
    const w = watchFolders(root, (r) => r === '' || isScannedPath(r), onPath, (e) => { throw e; });
    await w.ready;
    return () => w.close();
  }
  if (lib === 'chokidar') {
    const name = 'chokidar'; // not a dependency: resolved at run time only
    type Watcher = { on(e: 'all', f: (event: string, p: string) => void): void; once(e: string, f: () => void): void; close(): Promise<void> };
    const { watch } = (await import(name)) as { watch(dir: string, o: { ignoreInitial: boolean; followSymlinks: boolean; ignored: (p: string) => boolean }): Watcher };
    const w = watch(root, { ignoreInitial: true, followSymlinks: false, ignored: (p: string) => { const r = rel(p); return r !== '' && !isScannedPath(r); } });
    w.on('all', (_e, p) => onPath(rel(p)));
    await new Promise<void>((resolve, reject) => { w.once('ready', resolve); w.once('error', reject); });
    return () => w.close();
  }
  if (lib === 'node:fs') {
    const w = fs.watch(root, { recursive: true }, (_e, f) => { if (f) onPath(String(f).split(path.sep).join('/')); });
    return () => { w.close(); return Promise.resolve(); };
  }
  const name = '@parcel/watcher'; // not a dependency: resolved at run time only
  const parcel = (await import(name)) as { subscribe(dir: string, fn: (err: Error | null, evs: Array<{ path: string }>) => void, o: { ignore: string[] }): Promise<{ unsubscribe(): Promise<void> }> };
  const sub = await parcel.subscribe(root, (err, evs) => { if (!err) for (const e of evs) onPath(rel(e.path)); }, { ignore: ['**/.*', '**/node_modules'] });
  return () => sub.unsubscribe();
}

/** One library, in this process: start-up, memory, and write → event latency. */
async function measure(lib: Lib, samples: number): Promise<Figures> {
  const waiting = new Map<string, () => void>();
  const o0 = performance.now();
  const opened = lib === 'watchLive' ? await openLiveVault(root) : undefined;
  const openMs = performance.now() - o0;
  const before = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const close = await subscribe(lib, (rel) => { waiting.get(rel)?.(); waiting.delete(rel); }, opened);
  const startMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await sleep(2000); // work a watcher does after it says it is ready counts for its memory
  const rss = process.memoryUsage().rss;
  const folder = fs.readdirSync(root, { withFileTypes: true }).find((d) => d.isDirectory() && !d.name.startsWith('.'))?.name ?? '';
  const scratch = path.join(folder, `zz-bench-watcher-${process.pid}.md`);
  const timed = async (text: string, into: number[]) => {
    const seen = new Promise<void>((resolve) => waiting.set(scratch, resolve));
    const s = performance.now();
    fs.writeFileSync(path.join(root, scratch), text);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([seen, new Promise((_r, reject) => { timer = setTimeout(() => reject(new Error(`${lib}: no event for ${scratch} within 10 s`)), 10_000); })]);
    clearTimeout(timer);
    into.push(performance.now() - s);
    await sleep(150); // let the write's trailing events pass
  };
  const createMs: number[] = [];
  const changeMs: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      await timed(`# scratch ${i}\n`, createMs);
      await timed(`# scratch ${i}\n[[edited]]\n`, changeMs);
      fs.rmSync(path.join(root, scratch));
      await sleep(400); // past chokidar's wait for a re-add (100 ms) and watch mode's debounce
    }
  } finally {
    fs.rmSync(path.join(root, scratch), { force: true });
    await close();
  }
  return { lib, ...(opened && { openMs }), startMs, startCpuMs: (cpu.user + cpu.system) / 1000, rssMB: mb(rss), rssDeltaMB: mb(rss - before), createMs, changeMs };
}

if (a.lib) {
  console.log(JSON.stringify(await measure(a.lib as Lib, Number(a.samples))));
  process.exit(0);
}
if (!fs.existsSync(root)) {
  console.log(`bench-watcher: skipped, no vault at ${root} (node ../shared/tools/gen-vault.mjs --notes 100000 --seed 42 --out ${root})`);
  process.exit(0);
}
const files = fs.readdirSync(root, { recursive: true }).length;
console.log(`vault ${root}: ${files} entries; node ${process.version}; ${a.samples} samples each`);
for (const lib of LIBS) {
  if (lib === 'watchLive' && !a.live) continue;
  try { if (lib === 'chokidar' || lib === '@parcel/watcher') await import(lib); } catch { console.log(`${lib}: not installed, skipped`); continue; }
  const out = execFileSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--lib', lib, '--vault', root, '--samples', a.samples], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const f = JSON.parse(out.trim().split('\n').pop()!) as Figures;
  if (f.openMs !== undefined) console.log(`${lib}: live vault opened in ${(f.openMs / 1000).toFixed(1)} s`);
  console.log(`${lib}: ready in ${(f.startMs / 1000).toFixed(2)} s (${(f.startCpuMs / 1000).toFixed(2)} s CPU); rss ${f.rssMB} MB (+${f.rssDeltaMB} MB for the watcher)`);
  console.log(`  new note → event: ${stats(f.createMs)}`);
  console.log(`  edit → event:     ${stats(f.changeMs)}`);
}
