// `vaultgraph build`: the graph JSON to a file or stdout (streamed, one engine whatever the flags),
// optionally kept current (--watch).

import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { CONFIG_FILE } from '../../build/config.ts';
import { dropStamp, pruneStamps, stampBytes, stampFile, statColumns, statTuple, summaryLine, type FreshStamp, type StatColumns } from '../../build/fresh.ts';
import type { BuildInputs } from '../../build/json-build.ts';
import { PROJECT_ROOT } from '../../build/project.ts';
import { GRAPH_DETAILS, type GraphDetail } from '../../core/model.ts';
import { type Diagnostic } from '../../core/types.ts';
import { makeFolder, outputTarget, writeFileAtomic } from '../../build/write.ts';
import { buildJson, buildJsonFile, diagnosticsText, jsonHooks, outputPath, UsageError, vaultOverrides, type CliIo, type Command } from '../common.ts';

export const buildCommand: Command = {
  summary: 'build the graph and write it as JSON (graphology export format)',
  usage: `vaultgraph build [vault] [-o graph.json] [--pretty] [--detail lean|full] [--fail-on error|warning]
  -o, --output FILE       write the JSON to FILE (atomically) instead of stdout
  --pretty                indent the JSON
  --detail lean|full      lean (default): edges without keys, each link's first line only;
                          full: edge keys and every occurrence (raw text, line, column), as graph.export()
  --fail-on LEVEL         exit 1 when a diagnostic of LEVEL (error, warning) or worse was found
  --cache-dir DIR         keep the build cache in DIR (default: $XDG_CACHE_HOME/vaultgraph or ~/.cache/vaultgraph)
  --no-cache              neither read nor write the build cache
  --watch                 after the build, rewrite FILE whenever a note changes (needs -o; Ctrl-C to stop)`,
  flags: { output: { type: 'string', short: 'o' }, pretty: { type: 'boolean' }, detail: { type: 'string' }, 'fail-on': { type: 'string' }, 'cache-dir': { type: 'string' }, 'no-cache': { type: 'boolean' }, watch: { type: 'boolean' } },
  run: async (vault, v, io) => {
    const failOn = v['fail-on'] as string | undefined;
    if (v.watch && typeof v.output !== 'string') throw new UsageError('build --watch needs -o FILE (the JSON to keep rewriting)');
    if (failOn !== undefined && failOn !== 'error' && failOn !== 'warning') throw new UsageError(`--fail-on must be "error" or "warning", not "${failOn}"`);
    const detail = v.detail ?? 'lean';
    if (!GRAPH_DETAILS.includes(detail as GraphDetail)) throw new UsageError(`--detail must be "lean" or "full", not "${String(detail)}"`);
    let b: { nodes: number; edges: number; broken: unknown[]; diagnostics: Diagnostic[] };
    let upToDate = false; // the file is what the last build wrote, and nothing it came from changed
    let inputs: BuildInputs | undefined;
    const file = typeof v.output === 'string' ? outputPath(vault, v.output, io) : undefined;
    if (file) outputTarget(file); // a folder, block device or socket is refused before the build
    if (file) {
      const built = await buildJsonFile(vault, v, io, file);
      b = built;
      upToDate = built.upToDate;
      inputs = built.inputs;
    } else {
      const text = new StringDecoder('utf8'); // spooled bytes may split a character between chunks
      b = await buildJson(vault, v, io, (c) => io.stdout(typeof c === 'string' ? c : text.write(Buffer.from(c.buffer, c.byteOffset, c.length))));
    }
    const tail = `: ${b.nodes} nodes, ${b.edges} edges, ${b.broken.length} broken links\n`;
    if (file && !v.quiet) io.stderr(summaryLine(!upToDate, v.output as string, tail));
    const worst = failOn === 'warning' ? ['error', 'warning'] : ['error'];
    const exit = failOn && b.diagnostics.some((d) => worst.includes(d.severity)) ? 1 : 0;
    if (file && inputs && !v.watch) {
      // What this run would say were the file up to date: replayed by bin/ while nothing changes.
      const said = { shown: v.output as string, diagnostics: diagnosticsText(b.diagnostics, v), summary: v.quiet ? null : tail, exit };
      recordFresh(vault, file, inputs, jsonHooks(vault, v, io).cacheDir, io, said);
    }
    if (v.watch && file) {
      const { watchBuild } = await import('../../live/watch.ts');
      const stop = new Promise<void>((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });
      await watchBuild(vault, file, vaultOverrides(v), v.quiet ? () => undefined : io.stderr, stop, v.pretty === true, detail as GraphDetail);
    }
    return exit;
  },
};

/** The vault's files besides its notes that a build reads (config, Obsidian settings), and the tool's own files. */
function dependencies(vault: string): string[] {
  const obsidian = path.join(vault, '.obsidian');
  return [path.join(vault, CONFIG_FILE), obsidian, path.join(obsidian, 'app.json'), path.join(obsidian, 'graph.json'),
    ...['package.json', 'bin/vaultgraph.mjs', 'dist/main.mjs', 'dist/parse-worker.mjs', 'dist/fresh.mjs'].map((f) => path.join(PROJECT_ROOT, f))];
}

/** Each note's path on disk and the stat it was read with, as the stamp's columns (filled in place: 100k notes). */
function noteColumns(notes: BuildInputs['notes']): StatColumns {
  // Most recently changed first: the next run's check meets a note edited again soonest.
  // Typed arrays: sorting the notes' indices by a plain array of mtimes is 3-5× faster than reading
  // each compared note's stamp object (100k notes: ~60 ms against ~200).
  const mtime = Float64Array.from(notes, ([, s]) => s!.mtimeMs);
  const order = Uint32Array.from(notes, (_, i) => i).sort((a, b) => mtime[b]! - mtime[a]!);
  const stats = new Float64Array(notes.length * 4);
  const paths = Array.from(order, (n, i) => {
    const [disk, s] = notes[n]!;
    stats[i * 4] = s!.size; stats[i * 4 + 1] = s!.mtimeMs; stats[i * 4 + 2] = s!.ctimeMs; stats[i * 4 + 3] = s!.ino;
    return disk;
  });
  return { paths, stats };
}

/** Write the up-to-date stamp of this command line (build/fresh.ts); a failure only costs speed next time. */
function recordFresh(vault: string, file: string, inputs: BuildInputs, cacheDir: string | undefined, io: CliIo, said: Pick<FreshStamp, 'shown' | 'diagnostics' | 'summary' | 'exit'>): void {
  const stamp = io.argv && stampFile(io.argv, io.cwd);
  if (!stamp || !cacheDir || path.dirname(stamp) !== path.resolve(cacheDir)) return;
  try {
    if (inputs.notes.some(([, s]) => s === undefined)) { dropStamp(stamp); return; } // an unreadable note is read again every time
    // Beside the cache, as the cache is written: a random O_EXCL temp name, a regular file or nothing there.
    makeFolder(path.dirname(stamp));
    writeFileAtomic(stamp, stampBytes({
      argv: [...io.argv!], cwd: io.cwd, startedAt: inputs.startedAt, root: vault,
      notes: noteColumns(inputs.notes),
      dirs: statColumns(['', ...inputs.dirs].map((d) => [d, statTuple(path.join(vault, d)) ?? [-1, 0, 0, 0]])),
      deps: dependencies(vault).map((f) => [f, statTuple(f)]),
      output: [file, statTuple(file)],
      ...said,
    }), { mode: 0o600, regularOnly: true });
    // Other command lines' stamps not rewritten for a month go (a pruned one costs one full up-to-date check).
    pruneStamps(path.dirname(stamp));
  } catch { /* only costs speed */ }
}
