// One thread, in process: the cold build's per-note stages over a vault (read+parse, draft, pack),
// chunk by chunk as a parse worker runs them, timed apart: the first run (cold JIT, as in a worker)
// and the best of the later ones. For comparing changes to that path without the noise of a whole
// build on a shared machine; bundle it first to time what a worker runs:
//   npx esbuild scripts/profile-cold.ts --bundle --platform=node --format=esm --alias:js-yaml=js-yaml \
//     --outfile=/tmp/pc.mjs "--banner:js=import { createRequire as __vgRequire } from 'node:module'; const require = __vgRequire(import.meta.url);"
//   (the banner and alias as in package.json's build:cli: fast-glob requires Node's modules)
//   node /tmp/pc.mjs /work/vaults/10k [--runs 5] [--detail full] [--as-worker]
// The stages hold a chunk's notes until it is drafted, which costs the parse more than a worker
// pays (the notes live longer; the first run's read+parse took ~1.8× the worker's at 10k notes).
// `--as-worker` times draftChunk itself, each note read, drafted and packed in turn as a worker does.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { prepare } from '../src/build/prepare.ts';
import { readNoteParsed } from '../src/build/read.ts';
import { draftNote } from '../src/core/draft.ts';
import { ChunkPacker } from '../src/core/pack.ts';
import { draftChunk, draftStateFor } from '../src/build/draft-chunk.ts';
import { primeParser } from '../src/core/parse/prime.ts';
import { Merger } from '../src/core/merge.ts';
import { noteId } from '../src/core/paths.ts';
import type { GraphDetail } from '../src/core/model.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string' }, detail: { type: 'string' }, 'as-worker': { type: 'boolean' } } });
const root = positionals[0] ?? '/work/vaults/10k';
if (!fs.existsSync(root)) { console.log(`profile-cold: ${root} not found; give a vault folder`); process.exit(0); }
const runs = Number(values.runs ?? 5);
const detail = (values.detail ?? 'lean') as GraphDetail;
const prep = prepare(root, {});
const files = prep.listed.notes;
const allPaths = [...files.map(([p]) => p), ...prep.listed.attachments].sort();
const keys = new Merger(files.map(([p]) => ({ id: noteId(p), path: p })), prep.listed.attachments).keysOf(allPaths);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const show = (t: Record<string, number>) => Object.entries(t).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
let best: Record<string, number> | undefined;
for (let r = 0; r < runs && values['as-worker']; r++) {
  const start = cpu();
  const t0 = performance.now();
  const state = draftStateFor({ paths: allPaths, keys, detail });
  for (let i = 0; i < files.length; i += 256) draftChunk(root, files.slice(i, i + 256), state, prep.options, false);
  const t = { drafted: performance.now() - t0, all: cpu() - start };
  if (r === 0) console.log(`first run (cold JIT): ${show(t)} ms`);
  else if (!best || t.all < best.all!) best = t;
}
for (let r = 0; r < runs && !values['as-worker']; r++) {
  const t = { 'read+parse': 0, draft: 0, pack: 0, all: 0 };
  const start = cpu();
  const state = draftStateFor({ paths: allPaths, keys, detail });
  primeParser(); // as draftChunk does in a worker before its first chunk (once per thread)
  for (let i = 0; i < files.length; i += 256) {
    let t0 = performance.now();
    const notes = files.slice(i, i + 256).map(([rel, disk]) => readNoteParsed(root, rel, disk, prep.options, false).note);
    let t1 = performance.now(); t['read+parse'] += t1 - t0; t0 = t1;
    const drafts = notes.map((n) => draftNote(n, state.index, prep.options, detail === 'lean'));
    t1 = performance.now(); t.draft += t1 - t0; t0 = t1;
    const p = new ChunkPacker(state.pack);
    for (const d of drafts) p.add(d);
    p.finish();
    t.pack += performance.now() - t0;
  }
  t.all = cpu() - start;
  if (r === 0) console.log(`first run (cold JIT): ${show(t)} ms`);
  else if (!best || t.all < best.all!) best = t;
}
if (best) console.log(`best of ${runs - 1} later runs: ${show(best)} ms`);
console.log(`${files.length} notes; 'all' is CPU time, the stages wall time`);
