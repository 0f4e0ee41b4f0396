// Watch mode's I/O edge: open a vault as a live vault (incremental.ts), then turn file events into
// its changes — fs.watch recursive, debounced per path, dot-folders and node_modules ignored, each
// changed note read with read.ts — and hand every delta to the caller (the server, `build --watch`).
// A change the model cannot patch (vaultgraph.config.json, .obsidian/app.json) asks for a rebuild.

import fs from 'node:fs';
import path from 'node:path';
import type { GraphDelta } from './delta.ts';
import { isEmptyDelta } from './delta.ts';
import { createLiveVault, type LiveVault, type VaultChange } from './incremental.ts';
import { prepare, type BuildHooks } from '../index.ts';
import type { Options } from '../core/options.ts';
import { parseFiles } from '../build/parse-pool.ts';
import { readNote } from '../build/read.ts';
import type { Diagnostic, Note } from '../core/types.ts';

export interface OpenedVault { live: LiveVault; options: Options; diagnostics: Diagnostic[] }

/** scan → parse → a live vault: what buildVaultGraph does, keeping what watch mode patches. */
export async function openLiveVault(root: string, overrides: Partial<Options> = {}, hooks: BuildHooks = {}): Promise<OpenedVault> {
  const { options, listed, isExcluded, diagnostics } = prepare(root, overrides);
  const notes = await parseFiles(root, listed.notes, options, hooks);
  return { live: createLiveVault({ notes, attachments: listed.attachments, isExcluded }, options), options, diagnostics };
}

export interface WatchHandlers {
  /** The graph changed by `delta` (the live vault is already updated). */
  onDelta(delta: GraphDelta, ms: number): void;
  /** A config file changed: rebuild from scratch. */
  onRebuild(): void | Promise<void>;
  onError?(e: unknown): void;
}

/** Files whose change the live vault cannot patch: they change options or which files count. */
const REBUILD = new Set(['vaultgraph.config.json', '.obsidian/app.json', '.obsidian/graph.json']);

/**
 * Watch `root` and feed `live()` (a getter: a rebuild replaces the vault). Events on one path
 * within `debounceMs` are one change; changes that settle together are applied as one batch (a
 * rename's delete and add). Returns the stop function.
 */
export function watchLive(root: string, live: () => LiveVault, options: Pick<Options, 'maxFileBytes'>, h: WatchHandlers, debounceMs = 50): () => void {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const ready = new Map<string, string>(); // vault path (NFC) → path on disk
  let flushing = Promise.resolve();
  let flushQueued = false;
  const flush = () => {
    if (flushQueued) return;
    flushQueued = true;
    flushing = flushing.then(async () => {
      flushQueued = false;
      const paths = [...ready];
      ready.clear();
      if (paths.some(([p]) => REBUILD.has(p))) { await h.onRebuild(); return; }
      const t0 = performance.now();
      const delta = live().apply(paths.flatMap(([p, disk]) => changesFor(root, p, disk, live(), options.maxFileBytes)));
      if (!isEmptyDelta(delta)) h.onDelta(delta, performance.now() - t0);
    }).catch((e: unknown) => h.onError?.(e));
  };
  const watcher = fs.watch(root, { recursive: true }, (_event, file) => {
    if (!file) return;
    const disk = String(file).split(path.sep).join('/');
    const rel = disk.normalize('NFC');
    const segments = rel.split('/');
    if (!REBUILD.has(rel) && segments.some((s) => s.startsWith('.') || s === 'node_modules')) return;
    clearTimeout(timers.get(rel));
    timers.set(rel, setTimeout(() => { timers.delete(rel); ready.set(rel, disk); flush(); }, debounceMs));
  });
  return () => { for (const t of timers.values()) clearTimeout(t); watcher.close(); };
}

/** What one event path means now: a file written or gone, or a folder arrived or left whole. */
function changesFor(root: string, rel: string, disk: string, live: LiveVault, maxBytes: number): VaultChange[] {
  let stat: fs.Stats | undefined;
  try { stat = fs.statSync(path.join(root, disk)); } catch { stat = undefined; }
  if (!stat) {
    if (live.has(rel)) return [{ type: 'delete', path: rel }];
    return live.filesUnder(rel).map((p) => ({ type: 'delete', path: p })); // a folder moved away
  }
  if (stat.isDirectory()) {
    const inside = fs.readdirSync(path.join(root, disk), { recursive: true, encoding: 'utf8' })
      .map((f) => `${disk}/${f.split(path.sep).join('/')}`)
      .filter((f) => !f.split('/').some((s) => s.startsWith('.') || s === 'node_modules') && fs.statSync(path.join(root, f)).isFile());
    return inside.flatMap((f) => changesFor(root, f.normalize('NFC'), f, live, maxBytes));
  }
  if (!stat.isFile()) return [];
  if (!/\.md$/i.test(rel)) return [{ type: 'upsert', path: rel }];
  const file = readNote(root, rel, disk, maxBytes);
  return [{ type: 'upsert', path: rel, ...(file.text !== undefined && { text: file.text }), ...(file.diagnostic && { diagnostic: file.diagnostic }) }];
}

/**
 * `vaultgraph build --watch -o FILE`: after the first build, keep the vault live and rewrite FILE
 * (atomically) a moment after each change settles. Resolves when `until` does (Ctrl-C).
 */
export async function watchBuild(root: string, file: string, overrides: Partial<Options>, log: (s: string) => void, until: Promise<void>, pretty = false): Promise<void> {
  const { writeFileAtomicWith } = await import('../build/write.ts');
  const { writeModelJson } = await import('../build/write-json.ts');
  const { prettyJsonWriter } = await import('../build/pretty-json.ts');
  let opened = await openLiveVault(root, overrides);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const rewrite = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const t0 = performance.now();
      void writeFileAtomicWith(file, (write) => writeModelJson(opened.live.export(), pretty ? prettyJsonWriter(write) : write))
        .then(() => log(`rewrote ${file}: ${opened.live.graph.order} nodes, ${opened.live.graph.size} edges (${Math.round(performance.now() - t0)} ms)\n`), (e: unknown) => log(`vaultgraph: cannot write ${file}: ${(e as Error).message}\n`));
    }, 200);
  };
  const stop = watchLive(root, () => opened.live, opened.options, {
    onDelta: (d, ms) => { log(`changed: +${d.addedNodes.length}/-${d.droppedNodes.length} nodes, +${d.addedEdges.length}/-${d.droppedEdges.length} edges in ${ms.toFixed(1)} ms\n`); rewrite(); },
    onRebuild: async () => { opened = await openLiveVault(root, overrides); rewrite(); },
    onError: (e) => log(`vaultgraph: watch: ${(e as Error).message}\n`),
  });
  log(`watching ${root} (Ctrl-C to stop)\n`);
  await until;
  clearTimeout(timer);
  stop();
}

/** `vaultgraph serve --watch`: the served build becomes a live vault; each change goes to open pages as a delta. */
export function watchServe(b: { root: string; notes: readonly Note[]; attachments: readonly string[]; isExcluded: (p: string) => boolean; options: Options },
  server: { patch(d: GraphDelta, g: LiveVault['graph']): void; update(g: LiveVault['graph']): Promise<void> }, overrides: Partial<Options>, log: (s: string) => void): () => void {
  let live = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
  return watchLive(b.root, () => live, b.options, {
    onDelta: (d, ms) => { server.patch(d, live.graph); log(`changed: +${d.addedNodes.length}/-${d.droppedNodes.length} nodes, +${d.addedEdges.length}/-${d.droppedEdges.length} edges in ${ms.toFixed(1)} ms\n`); },
    onRebuild: async () => { live = (await openLiveVault(b.root, overrides)).live; await server.update(live.graph); log(`rebuilt: ${live.graph.order} nodes, ${live.graph.size} edges\n`); },
    onError: (e) => log(`vaultgraph: watch: ${(e as Error).message}\n`),
  });
}
