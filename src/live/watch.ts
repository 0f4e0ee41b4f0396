// Watch mode's I/O edge: open a vault as a live vault (incremental.ts), then turn file events into
// its changes — folder-watch.ts (a watch per folder, no symlink followed), debounced; what counts at
// a changed path is the scan's answer (scan.ts listAt: the same dot-folder, node_modules and symlink
// rules as a build), each note read with read.ts — and hand every delta to the caller (the server,
// `build --watch`).
// A change the model cannot patch (vaultgraph.config.json, .obsidian/app.json) asks for a rebuild.

import fs from 'node:fs';
import type { GraphDelta } from './delta.ts';
import { isEmptyDelta } from './delta.ts';
import { watchFolders } from './folder-watch.ts';
import { createLiveVault, createLiveVaultPaced, liveVaultMaker, paced, type LiveVault, type VaultChange } from './incremental.ts';
import { prepare, type BuildHooks } from '../index.ts';
import type { GraphDetail } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import { fsFailure } from '../build/failure.ts';
import { parseEach, parseFiles } from '../build/parse-pool.ts';
import { readNote } from '../build/read.ts';
import { isScannedPath, listAt } from '../build/scan.ts';
import type { Diagnostic, Note } from '../core/types.ts';

export interface OpenedVault { live: LiveVault; options: Options; diagnostics: Diagnostic[] }

/**
 * scan → parse → a live vault: what buildVaultGraph does, keeping what watch mode patches. Each
 * note is drafted as the parse workers hand it over (this thread would wait on them otherwise), and
 * the event loop is handed back between steps of the making (a server keeps answering meanwhile).
 */
export async function openLiveVault(root: string, overrides: Partial<Options> = {}, hooks: BuildHooks = {}): Promise<OpenedVault> {
  const { options, listed, isExcluded, diagnostics } = prepare(root, overrides);
  const pause = () => new Promise<void>((resolve, reject) => setImmediate(() => (hooks.stopped?.() ? reject(new Error('stopped')) : resolve())));
  if (options.resolveAliases) { // every alias must be known before a link resolves: all notes first
    const notes = await parseFiles(root, listed.notes, options, { ...hooks, pause });
    return { live: await createLiveVaultPaced({ notes, attachments: listed.attachments, isExcluded }, options, pause), options, diagnostics };
  }
  const maker = liveVaultMaker(listed.notes.map(([path]) => ({ path, aliases: [] })), listed.attachments, isExcluded, options);
  await parseEach(root, listed.notes, options, { ...hooks, pause }, (note) => maker.add(note));
  return { live: await paced(maker.complete(), pause), options, diagnostics };
}

export interface WatchHandlers {
  /** The graph changed by `delta` (the live vault is already updated). */
  onDelta(delta: GraphDelta, ms: number): void;
  /** A config file changed: rebuild from scratch. */
  onRebuild(): void | Promise<void>;
  onError?(e: unknown): void;
  /** Something at a changed path the scan reports (a symlink leading out of the vault, an unreadable folder). */
  onDiagnostic?(d: Diagnostic): void;
}

/** Stops watching (resolves once the watcher is closed); `ready` resolves once changes are seen. */
export type StopWatching = (() => Promise<void>) & { ready: Promise<void> };

/** Files whose change the live vault cannot patch: they change options or which files count. */
const REBUILD = new Set(['vaultgraph.config.json', '.obsidian/app.json', '.obsidian/graph.json']);
/** Paths the watcher looks at: what the scan looks at, and the settings files above. */
const isWatched = (rel: string) => rel === '' || rel === '.obsidian' || REBUILD.has(rel) || isScannedPath(rel);

/** The longest a batch of changes waits while events keep coming (debounceMs × this). */
const MAX_BATCH_WAITS = 10;

/**
 * Watch `root` and feed `live()` (a getter: a rebuild replaces the vault; a promise while it is
 * still being opened, so changes seen meanwhile wait for it). Paths that change are applied as one
 * batch once the vault has been quiet for `debounceMs` (or MAX_BATCH_WAITS × that after the batch's
 * first change, while events keep coming): a rename's old and new name, or a folder's, are one delta.
 * Returns the stop function; changes count from its `ready` on.
 */
export function watchLive(root: string, live: () => LiveVault | Promise<LiveVault>, options: Pick<Options, 'maxFileBytes'>, h: WatchHandlers, debounceMs = 50): StopWatching {
  // The real root: event paths are relative to it, and a vault reached through a link is watched too.
  const real = fs.realpathSync(root);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let batchFrom = 0; // when the batch's first change was seen
  const ready = new Set<string>(); // paths on disk, relative to root
  let stopped = false;
  let flushing = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      const paths = [...ready];
      ready.clear();
      if (stopped || paths.length === 0) return;
      if (paths.some((p) => REBUILD.has(p.normalize('NFC')))) { await h.onRebuild(); return; }
      const vault = await live();
      if (stopped) return;
      const t0 = performance.now();
      const delta = vault.apply(paths.flatMap((disk) => changesFor(root, disk, vault, options.maxFileBytes, h.onDiagnostic)));
      if (!isEmptyDelta(delta)) h.onDelta(delta, performance.now() - t0);
    }).catch((e: unknown) => h.onError?.(e));
  };
  const watcher = watchFolders(real, isWatched, (disk) => {
    const now = Date.now();
    if (timer === undefined) batchFrom = now;
    clearTimeout(timer);
    ready.add(disk);
    timer = setTimeout(() => { timer = undefined; flush(); }, Math.min(debounceMs, Math.max(0, batchFrom + MAX_BATCH_WAITS * debounceMs - now)));
  }, (e) => h.onError?.(e));
  const stop = async () => {
    stopped = true;
    clearTimeout(timer);
    await watcher.close();
  };
  return Object.assign(stop, { ready: watcher.ready });
}

/**
 * The changes at one event path: what the scan lists there now (a file, a folder's files, or
 * nothing) is read and upserted; what the live vault had there and the scan no longer lists goes.
 */
function changesFor(root: string, disk: string, live: LiveVault, maxBytes: number, onDiagnostic?: (d: Diagnostic) => void): VaultChange[] {
  const rel = disk.normalize('NFC');
  const now = listAt(root, disk);
  for (const d of now.diagnostics) onDiagnostic?.(d);
  const listed = new Set([...now.notes.map(([p]) => p), ...now.attachments]);
  // A known file, or a file now, had nothing under it: only other paths ask for the folder's files.
  const before = live.has(rel) ? [rel] : listed.size === 1 && listed.has(rel) ? [] : live.filesUnder(rel);
  const changes: VaultChange[] = before.filter((p) => !listed.has(p)).map((p) => ({ type: 'delete', path: p }));
  for (const p of now.attachments) changes.push({ type: 'upsert', path: p });
  for (const [p, d] of now.notes) {
    const file = readNote(root, p, d, maxBytes);
    changes.push({ type: 'upsert', path: p, ...(file.text !== undefined && { text: file.text }), ...(file.diagnostic && { diagnostic: file.diagnostic }) });
  }
  return changes;
}

/**
 * `vaultgraph build --watch -o FILE`: after the first build, keep the vault live and rewrite FILE
 * (atomically) a moment after each change settles. Resolves when `until` does (Ctrl-C).
 */
export async function watchBuild(root: string, file: string, overrides: Partial<Options>, log: (s: string) => void, until: Promise<void>, pretty = false, detail: GraphDetail = 'lean'): Promise<void> {
  const { writeFileAtomicWith } = await import('../build/write.ts');
  const { writeModelJson } = await import('../build/write-json.ts');
  const { prettyJsonWriter } = await import('../build/pretty-json.ts');
  let opened = await openLiveVault(root, overrides);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const rewrite = () => {
    clearTimeout(timer);
    if (done) return;
    timer = setTimeout(() => {
      const t0 = performance.now();
      void writeFileAtomicWith(file, (write) => writeModelJson(opened.live.export(), pretty ? prettyJsonWriter(write) : write, detail))
        .then(() => log(`rewrote ${file}: ${opened.live.graph.order} nodes, ${opened.live.graph.size} edges (${Math.round(performance.now() - t0)} ms)\n`), (e: unknown) => log(`vaultgraph: ${fsFailure('cannot write output', file, e).message}\n`));
    }, 200);
  };
  const stop = watchLive(root, () => opened.live, opened.options, {
    onDelta: (d, ms) => { log(`changed: +${d.addedNodes.length}/-${d.droppedNodes.length} nodes, +${d.addedEdges.length}/-${d.droppedEdges.length} edges in ${ms.toFixed(1)} ms\n`); rewrite(); },
    onRebuild: async () => { opened = await openLiveVault(root, overrides); rewrite(); },
    onError: (e) => log(`vaultgraph: watch: ${(e as Error).message}\n`),
    onDiagnostic: (d) => log(`vaultgraph: watch: ${d.path}: ${d.message}\n`),
  });
  // Ctrl-C while the watcher still lists the vault stops it too.
  if (await Promise.race([stop.ready.then(() => true), until.then(() => false)])) log(`watching ${root} (Ctrl-C to stop)\n`);
  await until;
  done = true;
  clearTimeout(timer);
  await stop();
}

/** What `serve --watch` serves: the server's side of it (server.ts RunningServer). */
export interface LiveServer {
  pageUp: Promise<void>;
  patch(d: GraphDelta, g: LiveVault['graph']): void;
  update(g: LiveVault['graph']): Promise<void>;
  adopt(g: LiveVault['graph']): Promise<void>;
}

/**
 * `vaultgraph serve --watch`. The page is already served (from the build's columns or a kept
 * payload). Once it is up (`server.pageUp`), the watcher starts and then `open()` reads
 * the live vault (or makes it from a build): a change made while the vault is read is not missed,
 * it waits for the vault and is applied after. Once open, the live vault's graph takes over the
 * server's (server.adopt: pages reload only if the vault changed since their page was made); from
 * then on each change goes to open pages as a delta. `ready` (and the "watching" line) once both
 * the watcher and the live vault are in place.
 */
export function watchServe(root: string, open: () => Promise<OpenedVault>, server: LiveServer, overrides: Partial<Options>, log: (s: string) => void): StopWatching {
  let live: LiveVault | undefined;
  let watching: StopWatching | undefined;
  let ended = false;
  const ready = server.pageUp.then(() => {
    if (ended) return;
    // Read once the vault is open: no change is read before (the watcher awaits the vault first).
    const limits = { maxFileBytes: Infinity };
    let adopted: Promise<LiveVault>; // set below, before any change is flushed
    watching = watchLive(root, () => live ?? adopted, limits, {
      onDelta: (d, ms) => { server.patch(d, live!.graph); log(`changed: +${d.addedNodes.length}/-${d.droppedNodes.length} nodes, +${d.addedEdges.length}/-${d.droppedEdges.length} edges in ${ms.toFixed(1)} ms\n`); },
      onRebuild: async () => { live = (await openLiveVault(root, overrides)).live; await server.update(live.graph); log(`rebuilt: ${live.graph.order} nodes, ${live.graph.size} edges\n`); },
      onError: (e) => log(`vaultgraph: watch: ${(e as Error).message}\n`),
      onDiagnostic: (d) => log(`vaultgraph: watch: ${d.path}: ${d.message}\n`),
    });
    adopted = open().then(async (o) => {
      limits.maxFileBytes = o.options.maxFileBytes;
      await server.adopt(o.live.graph);
      live = o.live;
      return o.live;
    });
    return Promise.all([watching.ready, adopted]).then(() => undefined);
  });
  ready.then(() => { if (!ended) log(`watching ${root} for changes\n`); }, (e: unknown) => {
    if (!ended) log(`vaultgraph: watch: ${(e as Error).message}; the page is not updated on changes\n`);
  });
  return Object.assign(async () => { ended = true; await watching?.(); }, { ready });
}

/** A live vault made from notes a build already read (`serve --watch --diff` builds the whole graph first). */
export function liveFromBuild(b: { notes: readonly Note[]; attachments: readonly string[]; isExcluded: (p: string) => boolean; options: Options; diagnostics: Diagnostic[] }): OpenedVault {
  return { live: createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options), options: b.options, diagnostics: b.diagnostics };
}
