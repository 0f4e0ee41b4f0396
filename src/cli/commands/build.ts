// `vaultgraph build`: the graph JSON to a file or stdout (streamed, one engine whatever the flags),
// optionally kept current (--watch).

import { StringDecoder } from 'node:string_decoder';
import { GRAPH_DETAILS, type GraphDetail } from '../../core/model.ts';
import { type Diagnostic } from '../../core/types.ts';
import { outputTarget } from '../../build/write.ts';
import { buildJson, buildJsonFile, outputPath, UsageError, vaultOverrides, type Command } from '../common.ts';

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
    const file = typeof v.output === 'string' ? outputPath(vault, v.output, io) : undefined;
    if (file) outputTarget(file); // a folder, block device or socket is refused before the build
    if (file) {
      const built = await buildJsonFile(vault, v, io, file);
      b = built;
      upToDate = built.upToDate;
    } else {
      const text = new StringDecoder('utf8'); // spooled bytes may split a character between chunks
      b = await buildJson(vault, v, io, (c) => io.stdout(typeof c === 'string' ? c : text.write(Buffer.from(c.buffer, c.byteOffset, c.length))));
    }
    if (file && !v.quiet) io.stderr(`${upToDate ? `${v.output} is up to date` : `wrote ${v.output}`}: ${b.nodes} nodes, ${b.edges} edges, ${b.broken.length} broken links\n`);
    if (v.watch && file) {
      const { watchBuild } = await import('../../live/watch.ts');
      const stop = new Promise<void>((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });
      await watchBuild(vault, file, vaultOverrides(v), v.quiet ? () => undefined : io.stderr, stop, v.pretty === true, detail as GraphDetail);
    }
    const worst = failOn === 'warning' ? ['error', 'warning'] : ['error'];
    return failOn && b.diagnostics.some((d) => worst.includes(d.severity)) ? 1 : 0;
  },
};
