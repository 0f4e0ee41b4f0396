// `vaultgraph serve`: the viewer on a local HTTP server, optionally following the vault (--watch).

import fs from 'node:fs';
import type { VaultModel } from '../../core/graph.ts';
import { GitError } from '../../build/git.ts';
import { build, jsonHooks, layoutProgress, openBrowser, printDiagnostics, UsageError, vaultOverrides, type CliIo, type Command, type Values } from '../common.ts';
import { choosePort } from '../port.ts';
import type { BuildHooks } from '../../build/json-build.ts';
import type { Snapshot } from '../../viewer/serve-snapshot.ts';
import type { ServeBuild } from '../../viewer/serve-model.ts';
import type { ServeOptions } from '../../viewer/server.ts';

export const serveCommand: Command = {
  summary: 'serve the interactive graph viewer on http://127.0.0.1 (Ctrl-C to stop)',
  usage: `vaultgraph serve [vault] [--port N] [--host H] [--open] [--watch] [--no-layout]
  --port N                port to listen on (default 5173, or the next free one; 0 picks any free
                          one). A --port that is in use is an error (exit 2)
  --host H                address to bind (default 127.0.0.1; anything else exposes your notes to the network)
  --open                  open the viewer in the default browser
  --watch                 follow changes: open pages update in place, keeping positions
  --no-layout             skip the ForceAtlas2 precomputation (the page lays the graph out itself)
  --date-key KEY          the timeline's frontmatter date (default: vaultgraph.config.json viewer.dateKey,
                          else whichever of 发布日期, date, created… most notes have)
  --diff REV              colour what changed since the git revision REV: added, changed, removed
                          (ghosted), newly broken links; computed once at start (see docs/diff.md)
  --cache-dir DIR         keep the build cache in DIR (default: $XDG_CACHE_HOME/vaultgraph or ~/.cache/vaultgraph)
  --no-cache              neither read nor write the build cache`,
  flags: { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' }, watch: { type: 'boolean' }, 'no-layout': { type: 'boolean' }, 'date-key': { type: 'string' }, diff: { type: 'string' }, 'cache-dir': { type: 'string' }, 'no-cache': { type: 'boolean' } },
  run: async (vault, v, io) => {
    const port = v.port === undefined ? 5173 : Number(v.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${v.port}"`);
    const host = typeof v.host === 'string' ? v.host : '127.0.0.1';
    if (!['127.0.0.1', 'localhost', '::1'].includes(host)) io.stderr(`vaultgraph: warning: binding ${host} serves the notes of ${vault} to anyone who can reach this machine\n`);
    // The port first: a busy one must not cost a build and a layout before it is found out.
    const chosen = await choosePort(port, host, v.port !== undefined);
    if (!chosen.ok) throw new UsageError(chosen.message);
    if (chosen.note) io.stderr(`vaultgraph: ${chosen.note}\n`);
    // The first page comes from the build's engine and cache, as columns (serve-model.ts), or from
    // a kept payload; --watch reads the live vault behind it (watch.ts watchServe). --diff needs the
    // notes and the whole model in memory (a graphology graph) first.
    const fast = v.diff === undefined;
    const b = fast ? undefined : await build(vault, v, io);
    const hooks = { ...jsonHooks(vault, v, io), pretty: false };
    // The vault as it is now (stat'ed before it is read): an unchanged one is served from the last payload.
    const snap = fast && hooks.cacheDir ? await import('../../viewer/serve-snapshot.ts') : undefined;
    const settings = { overrides: vaultOverrides(v), layout: !v['no-layout'], dateKey: v['date-key'] }, startedAt = Date.now();
    // None kept for this vault: nothing to read, and the key (a stat per file) waits until the page has its graph.
    const key = snap && fs.existsSync(snap.snapshotFile(vault, hooks.cacheDir!)) ? snap.snapshotKey(vault, hooks.cacheDir!, settings) : undefined;
    const kept = key && snap!.readSnapshot(key);
    const { buildServeModel } = await import('../../viewer/serve-model.ts');
    const layout = v['no-layout'] ? false : layoutProgress(v, io), dateKey = typeof v['date-key'] === 'string' ? v['date-key'] : undefined;
    // A vault the build cache knows nothing of: the first page from the columns alone (lean drafts,
    // nothing cached, no edge file), compressed as a snapshot is; the whole model is built behind it.
    const cold = snap && !kept && !snap.buildCacheKnows(vault, hooks.cacheDir!) ? await firstPage(vault, v, io, hooks, { layout, dateKey }) : undefined;
    const packed = kept || cold;
    let stopping = false;
    const stopped = packed || v.watch ? stopSignal(() => { stopping = true; }) : undefined;
    // Behind a kept payload, once its page has its graph: the model that answers the page's requests
    // (the build's columns, from the build cache). --watch then reads the live vault (watch.ts
    // watchServe): after the columns, not beside them (the two at once slowed each other), so that a
    // click is answered in the columns' time, not the live vault's (docs/perf-serve.md).
    let columnsBuilt!: () => void;
    const columns = packed ? new Promise<void>((resolve) => { columnsBuilt = resolve; }) : Promise.resolve();
    const later = () => {
      // Once the first page has its graph: the snapshot of a cold start (its key is a stat per file).
      if (cold) snap!.writeSnapshot(snap!.snapshotKey(vault, hooks.cacheDir!, settings, { startedAt, scanned: cold.scanned }), cold);
      const model = buildServeModel(vault, vaultOverrides(v), { ...hooks, onProgress: undefined, stopped: () => stopping,
        pause: () => new Promise((resolve, reject) => setImmediate(() => (stopping ? reject(new Error('stopped')) : resolve()))) }).then((x) => x.model);
      void model.finally(columnsBuilt).catch(() => undefined); // a failure is the requests' (and the live vault's own)
      return model;
    };
    const served = fast && !packed ? await buildServeModel(vault, vaultOverrides(v), hooks) : undefined;
    if (served) printDiagnostics(served.diagnostics, v, io);
    if (kept) printDiagnostics(kept.diagnostics, v, io);
    const keep = snap && served ? (text: string) => void snap.compressBoth(text).then((c) => snap.writeSnapshot(key ?? snap.snapshotKey(vault, hooks.cacheDir!, settings, { startedAt, scanned: served.scanned }),
      { ...c, order: served.model.order, size: served.model.size, diagnostics: served.diagnostics })) : undefined;
    let diff;
    try {
      diff = b && typeof v.diff === 'string' ? await (await import('./diff.ts')).diffForViewer(vault, v.diff, b.graph.export() as VaultModel, v) : undefined;
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      io.stderr(`vaultgraph: serve --diff: ${vault}: ${e.message}\n`);
      return 3;
    }
    const { startServer } = await import('../../viewer/server.ts');
    const server = await startServer({ root: vault, ...(b ? { graph: b.graph } : packed ? { packed: { br: packed.br, gzip: packed.gzip, model: later } } : { model: served!.model, ...(keep && { onPayload: keep }) }), host, port: chosen.port, layout,
      ...(dateKey !== undefined && { dateKey }), ...(diff && { diff }) })
      .catch((e: NodeJS.ErrnoException) => {
        served?.model.close();
        // Taken between the check and the build (another process was quicker).
        if (e.code === 'EADDRINUSE') throw new UsageError(`port ${chosen.port} on ${host} was taken while building: choose another with --port N`);
        if (e.code === 'EADDRNOTAVAIL' || e.code === 'EACCES') throw new UsageError(`cannot listen on ${host}:${chosen.port} (${e.code}): choose another --host or --port`);
        throw e;
      });
    // Ctrl-C is ours before the URL is out: whoever reads it may stop us at once.
    const stop = stopped ?? stopSignal();
    const [order, size] = b ? [b.graph.order, b.graph.size] : packed ? [packed.order, packed.size] : [served!.model.order, served!.model.size];
    io.stdout(`vaultgraph: ${order} nodes, ${size} edges — viewer at ${server.url}\n`);
    if (v.open) openBrowser(server.url);
    // --watch: the live vault is read (or made from the build) behind the page; then each note
    // change is patched into it and sent to open pages (watch.ts).
    let stopWatching = () => Promise.resolve();
    if (v.watch) {
      const w = await import('../../live/watch.ts');
      const open = () => b ? Promise.resolve().then(() => w.liveFromBuild(b)) : columns.then(() => w.openLiveVault(vault, vaultOverrides(v), { stopped: () => stopping }));
      stopWatching = w.watchServe(vault, open, server, vaultOverrides(v), v.quiet ? () => undefined : io.stderr);
    }
    await stop;
    await stopWatching();
    await server.close();
    return 0;
  },
};

/** A cold start's first page: the payload from buildServeColumns, compressed as a snapshot is (serve-snapshot.ts). */
async function firstPage(vault: string, v: Values, io: CliIo, hooks: BuildHooks, o: Pick<ServeOptions, 'layout' | 'dateKey'>): Promise<Snapshot & Pick<ServeBuild, 'scanned'>> {
  const { buildServeColumns } = await import('../../viewer/serve-model.ts');
  const cols = await buildServeColumns(vault, vaultOverrides(v), hooks);
  printDiagnostics(cols.diagnostics, v, io);
  const { servedPayload } = await import('../../viewer/server.ts');
  const payload = await servedPayload(cols.model, { root: fs.realpathSync(vault), ...o });
  const { compressBoth } = await import('../../viewer/serve-snapshot.ts');
  const { payloadJson } = await import('../../viewer/payload.ts');
  return { ...await compressBoth(payloadJson(payload)), order: cols.model.order, size: cols.model.size, diagnostics: cols.diagnostics, scanned: cols.scanned };
}

/** Ctrl-C (or SIGTERM) from now on: a graceful stop instead of the default exit. */
function stopSignal(then?: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => { process.removeListener('SIGINT', stop); process.removeListener('SIGTERM', stop); then?.(); resolve(); };
    process.on('SIGINT', stop); process.on('SIGTERM', stop);
  });
}
