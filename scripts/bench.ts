// npm run bench [-- --sizes 1000,10000,100000 --runs 3]: generate vaults in the users' format
// (../shared/tools/gen-vault.mjs, seed 42), build them, check the output against the generator's
// ground truth, and time every stage and the whole `vaultgraph build` process next to floors
// measured in the same run (cat of the files; Node read + one regex pass), reported as ratios, and
// the sizes: the graph JSON (bytes per edge) and the build cache against the vault's files.
// Writes bench/latest.json and prints a table. Skips cleanly without ../shared.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { computeStats, findOrphans } from '../src/query/analysis.ts';
import { loadOptions } from '../src/build/config.ts';
import { assemble, toGraph, type VaultModel } from '../src/core/graph.ts';
import { parseFiles } from '../src/build/parse-pool.ts';
import { buildVaultJson } from '../src/index.ts';
import { listVault } from '../src/build/scan.ts';
import { readNote } from '../src/build/read.ts';
import { exportGraph } from '../src/export/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const shared = path.resolve(repo, '..', 'shared');
const { values } = parseArgs({ options: { sizes: { type: 'string' }, runs: { type: 'string' }, out: { type: 'string' } } });
const sizes = (values.sizes ?? process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
const runs = Number(values.runs ?? 3);
const gen = path.join(shared, 'tools', 'gen-vault.mjs');
if (!fs.existsSync(gen)) { console.log(`bench: ${gen} not found; skipped`); process.exit(0); }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cli = path.join(repo, 'bin', 'vaultgraph.mjs');
const hasTime = fs.existsSync('/usr/bin/time');

/** Wall time (ms), peak RSS (MB) and CPU time, user+sys (ms; both when /usr/bin/time exists) of a command, median of `runs`. */
function timeCommand(cmd: string, args: string[], n = runs): { ms: number; rssMB?: number; cpuMs?: number } {
  const ms: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'ignore', 'pipe'] })
      : spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    ms.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
    if (hasTime) {
      const [kb, user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
      rss.push(kb! / 1024);
      cpu.push((user! + sys!) * 1000);
    }
  }
  return { ms: median(ms), ...(hasTime && { rssMB: Math.round(median(rss)), cpuMs: Math.round(median(cpu)) }) };
}

/**
 * Warm, one note edited: each run appends a line to one note's body, builds `-o out` (the rest of
 * the vault from the cache), and puts the note back. `link`: the line links to another note and to
 * a missing one named for the run (the graph changes), else it is prose, different each run (the
 * note's draft stays: output-reuse.ts). A
 * vault under ../shared is never written: a copy of it is edited instead, with a cache of its own
 * filled first.
 */
function timeEdited(dir: string, cacheDir: string, out: string, link: boolean): ReturnType<typeof timeCommand> {
  let vault = dir, cache = cacheDir;
  if (dir.startsWith(shared + path.sep)) {
    vault = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vaultgraph-bench-edit-')), 'vault');
    fs.cpSync(dir, vault, { recursive: true });
    cache = `${vault}-cache`;
    timeCommand(process.execPath, [cli, 'build', vault, '-q', '--cache-dir', cache, '-o', out], 1);
  }
  const [first, second] = listVault(vault).notes;
  const note = path.join(vault, first![1]);
  // printf's format, with the run's shell pid, so that no run repeats the one before (the cache
  // holds the last run's draft): a link to the second note and one to a note named by the pid (the
  // graph changes every run), or a line of prose (the drafts stay).
  const line = link ? `\\n[[${second![0].replace(/\.md$/, '').replaceAll('%', '%%')}]] [[bench %s]]\\n` : '\\nedited for the bench %s\\n';
  const original = fs.readFileSync(note);
  const kept = `${out}.note`;
  fs.writeFileSync(kept, original);
  try {
    return timeCommand('sh', ['-c', 'printf "$8" "$$" >> "$1" && "$2" "$3" build "$4" -q --cache-dir "$5" -o "$6"; s=$?; cp "$7" "$1"; exit $s',
      'sh', note, process.execPath, cli, vault, cache, out, kept, line]);
  } finally {
    fs.writeFileSync(note, original);
    fs.rmSync(kept, { force: true });
    if (vault !== dir) fs.rmSync(path.dirname(vault), { recursive: true, force: true });
  }
}

function vaultFor(n: number): string {
  const dir = path.join(os.tmpdir(), 'vaultgraph-bench', `v${n}-s42`);
  if (!fs.existsSync(path.join(dir, '.expected.json'))) {
    console.error(`generating ${n} notes in ${dir} …`);
    const r = spawnSync(process.execPath, [gen, '--notes', String(n), '--seed', '42', '--out', dir, '--force'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error('gen-vault failed');
  }
  return dir;
}

/** Compare a built graph (the in-memory model: every occurrence) with the generator's ground truth (`.expected.json`). */
function checkExpected(dir: string, g: VaultModel): string[] {
  if (!fs.existsSync(path.join(dir, '.expected.json'))) return [];
  const exp = JSON.parse(fs.readFileSync(path.join(dir, '.expected.json'), 'utf8'));
  const kind = new Map(g.nodes.map((n) => [n.key, n.attributes.kind]));
  const isNote = (k: string) => kind.get(k) === 'note' || kind.get(k) === 'topic';
  const pairs = new Set<string>();
  const linked = new Set<string>();
  let dangling = 0, inlineTags = 0;
  for (const e of g.edges) {
    if (e.attributes.relation === 'tag') { inlineTags += e.attributes.occurrences.filter((o) => o.origin === 'body').length; continue; }
    if (kind.get(e.target) === 'unresolved') { dangling += e.attributes.occurrences.length; continue; }
    if (isNote(e.source) && isNote(e.target)) { pairs.add(`${e.source}\0${e.target}`); linked.add(e.source); linked.add(e.target); }
  }
  const notes = g.nodes.filter((n) => isNote(n.key)).length;
  const isolated = g.nodes.filter((n) => isNote(n.key) && !linked.has(n.key)).length;
  const got = { notes, edges: pairs.size, dangling, isolated, inlineTags };
  const want = { notes: exp.notes, edges: exp.edges, dangling: exp.dangling.links, isolated: exp.isolated.count, inlineTags: exp.inlineTags };
  return Object.keys(want).filter((k) => got[k as keyof typeof got] !== want[k as keyof typeof want]).map((k) => `${k}: got ${got[k as keyof typeof got]}, expected ${want[k as keyof typeof want]}`);
}

/** Node floor: read every note and run one regex pass for `[[`, on one thread. */
const FLOOR = `
const fs = require('fs'), path = require('path');
const root = process.argv[1]; let n = 0;
const walk = (d) => { for (const e of fs.readdirSync(d, { withFileTypes: true })) {
  if (e.name.startsWith('.')) continue; const p = path.join(d, e.name);
  if (e.isDirectory()) walk(p); else if (e.name.endsWith('.md')) { const s = fs.readFileSync(p, 'utf8'); n += (s.match(/\\[\\[/g) || []).length; } } };
walk(root); if (n < 0) console.log(n);`;

async function stages(dir: string) {
  const t: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (k: string) => { const now = performance.now(); t[k] = Math.round(now - t0); t0 = now; };
  const { options } = loadOptions(dir);
  const listed = listVault(dir); lap('scan');
  let chars = 0;
  for (const [rel, disk] of listed.notes) chars += readNote(dir, rel, disk, options.maxFileBytes).text?.length ?? 0;
  lap('read+decode (one thread)');
  let bytes = 0;
  await buildVaultJson(dir, (c) => { bytes += typeof c === 'string' ? Buffer.byteLength(c) : c.length; }); lap('JSON path: read+parse+resolve+pack (workers), merge, write');
  const notes = await parseFiles(dir, listed.notes, options); lap('parse (in-memory path)');
  const { model, counts, diagnostics } = assemble({ notes, attachments: listed.attachments }, options); lap('resolve+assemble');
  const problems = checkExpected(dir, model);
  const graph = toGraph(model); lap('graphology graph');
  findOrphans(graph, 'isolated');
  const { links: total, ...rest } = counts;
  computeStats(graph, { total, ...rest }, diagnostics); lap('analyse');
  const d3 = exportGraph(graph, 'd3'); lap('export (d3 JSON)');
  if (graph.order <= 20_000) {
    graph.forEachNode((n, a) => { graph.mergeNodeAttributes(n, { ...a, ...{ x: Math.cos(n.length), y: Math.sin(n.length) } } as never); });
    forceAtlas2(graph, { iterations: 20, settings: forceAtlas2.inferSettings(graph) }); lap('layout (FA2, 20 iterations)');
  }
  return { problems, stages: t, jsonMB: +(bytes / 1e6).toFixed(1), nodes: graph.order, edges: graph.size, chars, d3MB: +((typeof d3 === 'string' ? d3.length : 0) / 1e6).toFixed(1) };
}

const report: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, runs, vaults: {} };
const rows: string[] = [];
const targets: Array<[string, string]> = sizes.map((n) => [`${n / 1000}k`, vaultFor(n)]);
const corpus = path.join(shared, 'corpora', 'shiertier-docs');
if (fs.existsSync(corpus)) targets.push(['real vault', corpus]);

for (const [name, dir] of targets) {
  const cat = timeCommand('sh', ['-c', `cd "${dir}" && find . -name '*.md' -not -path '*/.*/*' -print0 | xargs -0 cat > /dev/null`]);
  const floor = timeCommand(process.execPath, ['-e', FLOOR, dir]);
  const nodeStart = timeCommand(process.execPath, ['-e', '0']);
  const out = path.join(os.tmpdir(), 'vaultgraph-bench', `out-${path.basename(dir)}-${process.pid}.json`); // other runs may share the folder
  const cold = timeCommand(process.execPath, [cli, 'build', dir, '-q', '--no-cache', '-o', out]);
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaultgraph-bench-cache-'));
  const jsonBytes = fs.statSync(out).size;
  const firstCached = timeCommand(process.execPath, [cli, 'build', dir, '-q', '--cache-dir', cacheDir, '-o', out], 1); // fills the cache
  const cacheBytes = fs.readdirSync(cacheDir).reduce((n, f) => n + fs.statSync(path.join(cacheDir, f)).size, 0);
  const listedFiles = listVault(dir);
  const vaultBytes = [...listedFiles.notes.map(([, disk]) => disk), ...listedFiles.attachments].reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  // Warm, unchanged vault, same output: the file is up to date and stays (every note still stat'ed).
  const warm = timeCommand(process.execPath, [cli, 'build', dir, '-q', '--cache-dir', cacheDir, '-o', out]);
  // Warm, unchanged vault, the JSON written anew (to another file): every draft from the cache.
  const other = `${out}.rewrite.json`;
  const warmRewrite = timeCommand('sh', ['-c', `rm -f "${other}" && exec "${process.execPath}" "${cli}" build "${dir}" -q --cache-dir "${cacheDir}" -o "${other}"`]);
  fs.rmSync(other, { force: true });
  const edited = timeEdited(dir, cacheDir, out, false);
  const linked = timeEdited(dir, cacheDir, out, true);
  fs.rmSync(out, { force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const { problems, ...inproc } = await stages(dir);
  const sizes = { jsonBytes, bytesPerEdge: Math.round(jsonBytes / inproc.edges), cacheBytes, vaultBytes, cacheOfVault: +(cacheBytes / vaultBytes).toFixed(3) };
  const entry = { dir, cat, nodeReadRegex: floor, nodeStart, cold, firstCached, warm, warmRewrite, edited, linked, ...inproc, ...sizes, expectedMismatches: problems };
  (report.vaults as Record<string, unknown>)[name] = entry;
  const r = (x: number) => `${(x / floor.ms).toFixed(2)}×`;
  const cpu = (x: { cpuMs?: number }, f: { cpuMs?: number }) => x.cpuMs === undefined ? '–' : `${x.cpuMs} ms (${(x.cpuMs / f.cpuMs!).toFixed(2)}×)`;
  const pct = (x: number) => `${(x / cold.ms * 100).toFixed(0)} % of cold`;
  rows.push(`| ${name} | ${inproc.nodes} / ${inproc.edges} | ${cat.ms.toFixed(0)} ms | ${floor.ms.toFixed(0)} ms | ${cold.ms.toFixed(0)} ms (${r(cold.ms)}) | ${cold.rssMB ?? '–'} MB | ${cpu(cold, floor)} | ${firstCached.ms.toFixed(0)} ms (${r(firstCached.ms)}, ${firstCached.rssMB ?? '–'} MB) | ${warm.ms.toFixed(0)} ms (${pct(warm.ms)}) | ${warmRewrite.ms.toFixed(0)} ms (${pct(warmRewrite.ms)}, ${warmRewrite.rssMB ?? '–'} MB) | ${edited.ms.toFixed(0)} ms (${pct(edited.ms)}, ${edited.rssMB ?? '–'} MB) | ${linked.ms.toFixed(0)} ms (${pct(linked.ms)}, ${linked.rssMB ?? '–'} MB) | ${(jsonBytes / 1e6).toFixed(1)} MB, ${sizes.bytesPerEdge} B/edge | ${(cacheBytes / 1e6).toFixed(1)} MB, ${(sizes.cacheOfVault * 100).toFixed(0)} % of ${(vaultBytes / 1e6).toFixed(1)} MB | ${problems.length ? problems.join('; ') : 'matches'} |`);
  console.error(`${name}: ${JSON.stringify(inproc.stages)}`);
}

const table = [
  '| vault | nodes / edges | cat | Node read+regex (floor) | `vaultgraph build`, cold | peak RSS | cold CPU (user+sys) | first build filling the cache (RSS) | warm, output up to date | warm, JSON rewritten (RSS) | warm, prose edited in one note (RSS) | warm, a link added to one note (RSS) | graph JSON | cache vs vault files | vs .expected.json |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
const outFile = path.resolve(repo, values.out ?? 'bench/latest.json');
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, JSON.stringify({ ...report, table }, null, 2) + '\n');
console.log(table);
console.log(`\nmedian of ${runs} runs; ratios are against the Node read+regex floor of the same run. Report: ${path.relative(process.cwd(), outFile)}`);
