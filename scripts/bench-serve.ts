// npm run bench:serve [-- --sizes 10000,100000 --vault DIR]: how long `vaultgraph serve` takes from
// process start until the page's graph (/api/graph) answers, and its peak RSS, with empty caches
// (no build cache, no layout cache) and with them filled by that first run (an unchanged vault: the
// kept payload, serve-snapshot.ts, answers while the model is built behind it); beside it, in the same
// run, the build floor: `vaultgraph build -o` with an empty cache and with a filled one (JSON
// rewritten). Vaults: the generated ones of `npm run bench` (/tmp/vaultgraph-bench/v<N>-s42, made
// with ../shared/tools/gen-vault.mjs when missing) and --vault. Skips cleanly without them.
// --watch: also `serve --watch`, caches filled: when the page's graph answers, when a note's text
// answers (asked for at once), and when changes are followed (its "watching" line: the live vault
// read and in place).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repo, 'bin', 'vaultgraph.mjs');
const gen = path.resolve(repo, '..', 'shared', 'tools', 'gen-vault.mjs');
const { values } = parseArgs({ options: { sizes: { type: 'string' }, vault: { type: 'string', multiple: true }, watch: { type: 'boolean' } } });
const sizes = (values.sizes ?? '10000').split(',').filter(Boolean).map(Number);
const hasTime = fs.existsSync('/usr/bin/time');

function vaultFor(n: number): string | undefined {
  const dir = path.join(os.tmpdir(), 'vaultgraph-bench', `v${n}-s42`);
  if (fs.existsSync(path.join(dir, '.expected.json'))) return dir;
  if (!fs.existsSync(gen)) return undefined;
  const r = spawnSync(process.execPath, [gen, '--notes', String(n), '--seed', '42', '--out', dir, '--force'], { stdio: ['ignore', 'ignore', 'inherit'] });
  return r.status === 0 ? dir : undefined;
}

/** Peak RSS in MB from GNU time's `%M` (the last line of stderr). */
const rssOf = (stderr: string): number | undefined => (hasTime ? Math.round(Number(stderr.trim().split('\n').pop()) / 1024) : undefined);

function timeBuild(dir: string, cacheDir: string, out: string): { ms: number; rssMB?: number } {
  fs.rmSync(out, { force: true });
  const cmd = [process.execPath, cli, 'build', dir, '-q', '--cache-dir', cacheDir, '-o', out];
  const t0 = performance.now();
  const r = hasTime ? spawnSync('/usr/bin/time', ['-f', '%M', ...cmd], { encoding: 'utf8' }) : spawnSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
  fs.rmSync(out, { force: true });
  return { ms: Math.round(ms), ...(hasTime && { rssMB: rssOf(r.stderr) }) };
}

/** GET `url` asking for gzip: resolves with the bytes on the wire once the body has arrived. */
function fetchGraph(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let n = 0;
      res.on('data', (b: Buffer) => { n += b.length; });
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`status ${res.statusCode}`))));
    }).on('error', reject);
  });
}

/**
 * Start `serve`, wait for /api/graph to answer, stop it (SIGINT): ready time and peak RSS. `watch`:
 * `serve --watch` (not quiet, for its "watching" line), stopped once that line is out (`watchingMs`).
 */
async function timeServe(dir: string, xdg: string, watch = false): Promise<{ ms: number; rssMB?: number; wireMB: number; watchingMs?: number; noteMs?: number }> {
  const cmd = [process.execPath, cli, 'serve', dir, '--port', '0', ...(watch ? ['--watch'] : ['-q'])];
  const t0 = performance.now();
  // detached: a process group, so SIGINT reaches node (GNU time ignores it while it waits).
  const child = spawn(hasTime ? '/usr/bin/time' : cmd[0]!, hasTime ? ['-f', '%M', ...cmd] : cmd.slice(1),
    { env: { ...process.env, XDG_CACHE_HOME: xdg }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stderr.on('data', (b: Buffer) => { stderr += b; });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      stdout += b;
      const m = /viewer at (\S+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    void exited.then(() => reject(new Error(`serve exited early: ${stderr}`)));
  });
  const wire = await fetchGraph(`${url}api/graph`);
  const ms = performance.now() - t0;
  let watchingMs: number | undefined, noteMs: number | undefined;
  if (watch) {
    // As a page does once it has drawn its graph: listen for changes (the live vault is read after),
    // and ask for a note's text, as a click on a node does.
    const events = http.get(`${url}api/events`, (res) => res.resume());
    events.on('error', () => undefined);
    const note = firstNote(dir);
    const asked = note ? fetchStatus(`${url}api/note?path=${encodeURIComponent(note)}`).then(() => { noteMs = Math.round(performance.now() - t0); }) : undefined;
    while (!/^watching /m.test(stderr)) await new Promise((r) => setTimeout(r, 20));
    watchingMs = Math.round(performance.now() - t0);
    await asked;
  }
  process.kill(-child.pid!, 'SIGINT');
  await exited;
  return { ms: Math.round(ms), ...(hasTime && { rssMB: rssOf(stderr) }), wireMB: +(wire / 1e6).toFixed(1), ...(watchingMs !== undefined && { watchingMs }), ...(noteMs !== undefined && { noteMs }) };
}

/** A note of the vault, relative to it (the first .md file listed outside dot-folders). */
const firstNote = (dir: string): string | undefined =>
  (fs.readdirSync(dir, { recursive: true }) as string[]).find((f) => f.endsWith('.md') && !f.split('/').some((s) => s.startsWith('.')));

/** GET `url`; resolves with its status once the body has arrived. */
function fetchStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode!)); }).on('error', reject);
  });
}

const targets: Array<[string, string]> = [];
for (const n of sizes) { const d = vaultFor(n); if (d) targets.push([`${n / 1000}k`, d]); }
for (const v of values.vault ?? []) if (fs.existsSync(v)) targets.push([path.basename(v), v]);
if (targets.length === 0) { console.log('bench-serve: no vault (../shared/tools/gen-vault.mjs not found); skipped'); process.exit(0); }

const fmt = (r: { ms: number; rssMB?: number }) => `${(r.ms / 1000).toFixed(1)} s${r.rssMB ? `, ${r.rssMB} MB` : ''}`;
const watchHead = values.watch ? ' serve --watch, caches filled: page ready | a note\'s text | changes followed |' : '';
console.log(`| vault | build, empty cache | build, cache filled | serve ready, empty caches | serve ready, caches filled | /api/graph gzipped |${watchHead}`);
console.log(`|---|---|---|---|---|---|${values.watch ? '---|---|---|' : ''}`);
for (const [name, dir] of targets) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vaultgraph-bench-serve-'));
  try {
    const out = path.join(tmp, 'graph.json');
    const buildCold = timeBuild(dir, path.join(tmp, 'build-cache'), out);
    const buildWarm = timeBuild(dir, path.join(tmp, 'build-cache'), out);
    const xdg = path.join(tmp, 'xdg');
    const cold = await timeServe(dir, xdg);
    const warm = await timeServe(dir, xdg);
    // A first serve --watch fills what the timed one reads (the columns behind a kept payload come from
    // the full-detail build cache, which a `serve` stopped once its page answers never wrote).
    if (values.watch) await timeServe(dir, xdg, true);
    const w = values.watch ? await timeServe(dir, xdg, true) : undefined;
    const watchCells = w ? ` ${(w.ms / 1000).toFixed(1)} s | ${w.noteMs === undefined ? '–' : `${(w.noteMs / 1000).toFixed(1)} s`} | ${(w.watchingMs! / 1000).toFixed(1)} s${w.rssMB ? `, ${w.rssMB} MB` : ''} |` : '';
    console.log(`| ${name} | ${fmt(buildCold)} | ${fmt(buildWarm)} | ${fmt(cold)} | ${fmt(warm)} | ${warm.wireMB} MB |${watchCells}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
