// The command line: argv → options → spine → output. Exit codes: 0 ok, 1 problems found that the
// user asked to fail on, 2 usage errors (unknown flag, missing vault) with a one-line message.
// `runCli` takes its streams as arguments so tests call it as a function.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { computeStats, findOrphans, IGNORABLE, ORPHAN_MODES, type IgnorableFamily, type OrphanMode } from '../query/analysis.ts';
import { formatDiagnostic, formatStats, safeText } from './format.ts';
import { buildVaultGraph, buildVaultJson, buildVaultJsonFile, type JsonBuild, type VaultBuild } from '../index.ts';
import type { Options } from '../core/options.ts';
import { defaultCacheDir } from '../build/cache.ts';
import type { Diagnostic } from '../core/types.ts';
import { writeFileAtomic } from '../build/write.ts';
import { PROJECT_ROOT } from '../build/project.ts';
import { VERSION } from '../build/version.ts';
import type { Chunk } from '../build/spool.ts';
import { StringDecoder } from 'node:string_decoder';
import { writeOutputAtomic } from '../export/write.ts';
import { analyzeGraph, assignAnalytics, nodeScores } from '../query/analytics.ts';
import { formatAnalytics } from './analytics-format.ts';
import { EXPORT_FORMATS, exportGraph, findNode, isMultiFile, type ExportFormat } from '../export/index.ts';
import { suggestLinks } from '../query/suggest.ts';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** stderr is a terminal: show progress. */
  isTTY: boolean;
  cwd: string;
}

export class UsageError extends Error {}

/** The sample vault bundled with vaultgraph: the default `<vault>`. */
export const BUNDLED_VAULT = path.join(PROJECT_ROOT, 'vault');

type Flags = NonNullable<ParseArgsConfig['options']>;
const COMMON: Flags = {
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
  'topic-folder': { type: 'string' },
  'resolve-aliases': { type: 'boolean' },
  'no-index-comments': { type: 'boolean' },
  'max-file-bytes': { type: 'string' },
};
const COMMON_HELP = `
Vault options (override vaultgraph.config.json in the vault root):
  --topic-folder DIR      folder of topic notes (default 00-元语/)
  --resolve-aliases       let links resolve through frontmatter aliases (not Obsidian's behaviour)
  --no-index-comments     ignore links inside %%comments%% (Obsidian indexes them)
  --max-file-bytes N      notes larger than N bytes are kept as nodes but not parsed
  -q, --quiet             print no diagnostics on stderr
  -h, --help              this help`;

interface Command {
  summary: string;
  usage: string;
  flags: Flags;
  run: (vault: string, values: Record<string, string | boolean | undefined>, io: CliIo) => Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  build: {
    summary: 'build the graph and write it as JSON (graphology export format)',
    usage: `vaultgraph build [vault] [-o graph.json] [--pretty] [--fail-on error|warning]
  -o, --output FILE       write the JSON to FILE (atomically) instead of stdout
  --pretty                indent the JSON
  --fail-on LEVEL         exit 1 when a diagnostic of LEVEL (error, warning) or worse was found
  --cache-dir DIR         keep the build cache in DIR (default: $XDG_CACHE_HOME/vaultgraph or ~/.cache/vaultgraph)
  --no-cache              neither read nor write the build cache
  --watch                 after the build, rewrite FILE whenever a note changes (needs -o; Ctrl-C to stop)`,
    flags: { output: { type: 'string', short: 'o' }, pretty: { type: 'boolean' }, 'fail-on': { type: 'string' }, 'cache-dir': { type: 'string' }, 'no-cache': { type: 'boolean' }, watch: { type: 'boolean' } },
    run: async (vault, v, io) => {
      const failOn = v['fail-on'] as string | undefined;
      if (v.watch && typeof v.output !== 'string') throw new UsageError('build --watch needs -o FILE (the JSON to keep rewriting)');
      if (failOn !== undefined && failOn !== 'error' && failOn !== 'warning') throw new UsageError(`--fail-on must be "error" or "warning", not "${failOn}"`);
      let b: { nodes: number; edges: number; broken: unknown[]; diagnostics: Diagnostic[] };
      let upToDate = false; // the file is what the last build wrote, and nothing it came from changed
      const file = typeof v.output === 'string' ? path.resolve(io.cwd, v.output) : undefined;
      if (file && isDirectory(file)) throw new UsageError(`-o ${v.output} is a folder; give the JSON file to write`);
      if (v.pretty) {
        const full = await build(vault, v, io);
        const json = JSON.stringify(full.graph.export(), null, 2) + '\n';
        if (file) writeFileAtomic(file, json); else io.stdout(json);
        b = { nodes: full.graph.order, edges: full.graph.size, broken: full.broken, diagnostics: full.diagnostics };
      } else if (file) {
        const built = await buildJsonFile(vault, v, io, file);
        b = built;
        upToDate = built.upToDate;
      } else {
        const text = new StringDecoder('utf8'); // spooled bytes may split a character between chunks
        b = await buildJson(vault, v, io, (c) => io.stdout(typeof c === 'string' ? c : text.write(Buffer.from(c.buffer, c.byteOffset, c.length))));
      }
      if (file && !v.quiet) io.stderr(`${upToDate ? `${v.output} is up to date` : `wrote ${v.output}`}: ${b.nodes} nodes, ${b.edges} edges, ${b.broken.length} broken links\n`);
      if (v.watch && file) {
        const { watchBuild } = await import('../live/watch.ts');
        const stop = new Promise<void>((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });
        await watchBuild(vault, file, vaultOverrides(v), v.quiet ? () => undefined : io.stderr, stop);
      }
      const worst = failOn === 'warning' ? ['error', 'warning'] : ['error'];
      return failOn && b.diagnostics.some((d) => worst.includes(d.severity)) ? 1 : 0;
    },
  },
  orphans: {
    summary: 'list orphan notes: no incoming links, isolated, or dead ends',
    usage: `vaultgraph orphans [vault] [--mode no-incoming|isolated|dead-ends] [--ignore topic,tag] [--json] [--fail]
  --mode MODE             no-incoming (default; Obsidian CLI "orphans"), isolated (no links either
                          way; Obsidian's graph), dead-ends (no outgoing links)
  --ignore LIST           edge families that do not count: topic, tag (comma-separated)
  --json                  print JSON
  --fail                  exit 1 when any orphan is found`,
    flags: { mode: { type: 'string' }, ignore: { type: 'string' }, json: { type: 'boolean' }, fail: { type: 'boolean' } },
    run: async (vault, v, io) => {
      const mode = (v.mode ?? 'no-incoming') as OrphanMode;
      if (!ORPHAN_MODES.includes(mode)) throw new UsageError(`--mode must be one of ${ORPHAN_MODES.join(', ')}, not "${mode}"`);
      const ignore = parseIgnore(v.ignore as string | undefined);
      const b = await build(vault, v, io);
      const orphans = findOrphans(b.graph, mode, ignore);
      if (v.json) {
        const list = orphans.map((id) => ({ id, path: b.graph.getNodeAttribute(id, 'path'), label: b.graph.getNodeAttribute(id, 'label'), kind: b.graph.getNodeAttribute(id, 'kind') }));
        io.stdout(JSON.stringify({ mode, ignore, count: list.length, orphans: list }, null, 2) + '\n');
      } else {
        io.stdout(orphans.map((id) => safeText(b.graph.getNodeAttribute(id, 'path')) + '\n').join(''));
        if (!v.quiet) io.stderr(`${orphans.length} orphan notes (${mode}${ignore.length ? `, ignoring ${ignore.join(', ')} edges` : ''})\n`);
      }
      return v.fail && orphans.length > 0 ? 1 : 0;
    },
  },
  broken: {
    summary: 'list every unresolved link with file, line, column and raw text',
    usage: `vaultgraph broken [vault] [--json] [--fail]
  --json                  print JSON
  --fail                  exit 1 when any broken link is found`,
    flags: { json: { type: 'boolean' }, fail: { type: 'boolean' } },
    run: async (vault, v, io) => {
      const b = await build(vault, v, io);
      if (v.json) {
        const list = b.broken.map(({ path: p, line, column, raw, target }) => ({ path: p, line, column, raw, target }));
        io.stdout(JSON.stringify({ count: list.length, broken: list }, null, 2) + '\n');
      } else {
        io.stdout(b.broken.map((l) => safeText(`${l.path}:${l.line}:${l.column}: ${l.raw}`) + '\n').join(''));
        if (!v.quiet) io.stderr(`${b.broken.length} broken links to ${new Set(b.broken.map((l) => l.node)).size} missing targets\n`);
      }
      return v.fail && b.broken.length > 0 ? 1 : 0;
    },
  },
  check: {
    summary: 'lint links and the vault\'s conventions; exit 1 on error-level findings (for CI)',
    usage: `vaultgraph check [vault] [--format text|json|github] [--rule ID,…] [--fix]
  --format F              text (file:line:col rule message, then a summary per rule; default),
                          json, or github (Actions annotations)
  --rule IDS              run only these rules (comma-separated; see README "Checking a vault")
  --fix                   apply the certain fixes (full-width ；： in 相关文档 items, merged topic
                          names from check.topicAliases), writing files atomically
  Rules, severities and ignore globs: "check" in vaultgraph.config.json.`,
    flags: { format: { type: 'string' }, rule: { type: 'string' }, fix: { type: 'boolean' } },
    run: async (vault, v, io) => {
      const { parseCheckFlags, runCheck } = await import('../check/command.ts');
      const flags = parseCheckFlags(v);
      if (typeof flags === 'string') throw new UsageError(flags);
      return runCheck(await build(vault, { ...v, quiet: true }, io), flags, io);
    },
  },
  stats: {
    summary: 'counts: notes, links, resolved/unresolved, edges per relation, top hubs, diagnostics',
    usage: `vaultgraph stats [vault] [--json]
  --json                  print JSON`,
    flags: { json: { type: 'boolean' } },
    run: async (vault, v, io) => {
      const b = await build(vault, v, io);
      const { links: total, ...outcomes } = b.counts;
      const stats = computeStats(b.graph, { total, ...outcomes }, b.diagnostics);
      io.stdout(v.json ? JSON.stringify(stats, null, 2) + '\n' : formatStats(stats));
      return 0;
    },
  },
  export: {
    summary: 'export the graph for other tools: json, d3, gexf, graphml, csv, neo4j, cypher, mermaid, dot',
    usage: `vaultgraph export [vault] --format F [-o FILE_OR_DIR] [--focus NOTE [--depth N]] [--analytics] [--pretty]
  -f, --format F          json (as build writes it), d3 ({nodes, links}), gexf (Gephi), graphml (yEd,
                          Cytoscape), csv (nodes.csv + edges.csv), neo4j (bulk-import CSV), cypher
                          (a MERGE script), mermaid, dot (diagrams, capped at 200 nodes)
  -o, --output PATH       file to write atomically; a folder for csv and neo4j (required for them).
                          Without it the other formats go to stdout
  --focus NOTE            only NOTE's local graph (its vault path, or a unique note name)
  --depth N               steps from the focus note, both directions (default 2)
  --analytics             add node attributes community (Louvain) and pagerank
  --pretty                indent json and d3`,
    flags: { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, focus: { type: 'string' },
      depth: { type: 'string' }, analytics: { type: 'boolean' }, pretty: { type: 'boolean' } },
    run: async (vault, v, io) => {
      const format = v.format as ExportFormat | undefined;
      if (format === undefined || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}${format === undefined ? '' : `, not "${format}"`}`);
      const out = typeof v.output === 'string' ? path.resolve(io.cwd, v.output) : undefined;
      if (isMultiFile(format) && out === undefined) throw new UsageError(`--format ${format} writes several files: give a folder with -o DIR`);
      if (isMultiFile(format) && out !== undefined && fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new UsageError(`-o ${v.output} is a file; --format ${format} needs a folder`);
      const depth = v.depth === undefined ? 2 : Number(v.depth);
      if (!Number.isInteger(depth) || depth < 0) throw new UsageError(`--depth must be a whole number ≥ 0, not "${v.depth}"`);
      if (v.depth !== undefined && v.focus === undefined) throw new UsageError('--depth needs --focus NOTE');
      const b = await build(vault, v, io);
      let focus: string | undefined;
      if (typeof v.focus === 'string') {
        const found = findNode(b.graph, v.focus);
        if ('error' in found) throw new UsageError(`--focus: ${found.error}`);
        focus = found.key;
      }
      if (v.analytics) assignAnalytics(b.graph, nodeScores(b.graph, b.options.reasons));
      const output = exportGraph(b.graph, format, { depth, pretty: Boolean(v.pretty), ...(focus !== undefined && { focus }) });
      if (out === undefined) { io.stdout(output as string); return 0; }
      const files = writeOutputAtomic(out, output);
      if (!v.quiet) io.stderr(`wrote ${files.map((f) => path.relative(io.cwd, f) || f).join(', ')} (${format}${focus !== undefined ? `, local graph of ${focus}, depth ${depth}` : ''})\n`);
      return 0;
    },
  },
  analyze: {
    summary: 'PageRank, hubs per relation family, communities, bridges, components, link suggestions',
    usage: `vaultgraph analyze [vault] [--json] [--top N]
  --json                  print JSON
  --top N                 entries per ranking and link suggestions listed (default 10)`,
    flags: { json: { type: 'boolean' }, top: { type: 'string' } },
    run: async (vault, v, io) => {
      const top = v.top === undefined ? 10 : Number(v.top);
      if (!Number.isInteger(top) || top <= 0) throw new UsageError(`--top must be a positive whole number, not "${v.top}"`);
      const b = await build(vault, v, io);
      const a = analyzeGraph(b.graph, b.options.reasons, { top });
      const suggestions = suggestLinks(b.graph, b.options.reasons, { top });
      if (v.json) {
        const { pagerank: _pr, community: _c, ...report } = a; // per-node maps: use export --analytics
        io.stdout(JSON.stringify({ ...report, suggestions }, null, 2) + '\n');
      } else io.stdout(formatAnalytics(a, suggestions));
      return 0;
    },
  },
  serve: {
    summary: 'serve the interactive graph viewer on http://127.0.0.1 (Ctrl-C to stop)',
    usage: `vaultgraph serve [vault] [--port N] [--host H] [--open] [--watch] [--no-layout]
  --port N                port to listen on (default 5173; 0 picks a free one)
  --host H                address to bind (default 127.0.0.1; anything else exposes your notes to the network)
  --open                  open the viewer in the default browser
  --watch                 follow changes: open pages update in place, keeping positions
  --no-layout             skip the ForceAtlas2 precomputation (the page lays the graph out itself)`,
    flags: { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' }, watch: { type: 'boolean' }, 'no-layout': { type: 'boolean' } },
    run: async (vault, v, io) => {
      const port = v.port === undefined ? 5173 : Number(v.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${v.port}"`);
      const host = typeof v.host === 'string' ? v.host : '127.0.0.1';
      if (!['127.0.0.1', 'localhost', '::1'].includes(host)) io.stderr(`vaultgraph: warning: binding ${host} serves the notes of ${vault} to anyone who can reach this machine\n`);
      const b = await build(vault, v, io);
      const { startServer } = await import('../viewer/server.ts');
      const server = await startServer({ root: vault, graph: b.graph, host, port, layout: v['no-layout'] ? false : layoutProgress(v, io) });
      io.stdout(`vaultgraph: ${b.graph.order} nodes, ${b.graph.size} edges — viewer at ${server.url}\n`);
      if (v.open) openBrowser(server.url);
      // --watch: each note change is patched into a live copy of the graph and sent to open pages (watch.ts).
      const stopWatching = v.watch ? (await import('../live/watch.ts')).watchServe(b, server, vaultOverrides(v), v.quiet ? () => undefined : io.stderr) : () => undefined;
      await new Promise<void>((resolve) => { process.once('SIGINT', resolve); process.once('SIGTERM', resolve); });
      stopWatching();
      await server.close();
      return 0;
    },
  },
  html: {
    summary: 'write the viewer as one self-contained HTML file that works offline (file://)',
    usage: `vaultgraph html [vault] -o graph.html [--no-layout]
  -o, --output FILE       the HTML file to write (required)
  --no-layout             skip the ForceAtlas2 precomputation (the page lays the graph out itself)`,
    flags: { output: { type: 'string', short: 'o' }, 'no-layout': { type: 'boolean' } },
    run: async (vault, v, io) => {
      if (typeof v.output !== 'string') throw new UsageError('html needs -o FILE (the HTML file to write)');
      const b = await build(vault, v, io);
      const { renderHtml } = await import('../viewer/html.ts');
      const html = await renderHtml(b.graph, { root: vault, layout: v['no-layout'] ? false : layoutProgress(v, io) });
      writeFileAtomic(path.resolve(io.cwd, v.output), html);
      if (!v.quiet) io.stderr(`wrote ${v.output}: ${b.graph.order} nodes, ${b.graph.size} edges, ${(html.length / 1024).toFixed(0)} KB\n`);
      return 0;
    },
  },
};

function parseIgnore(value: string | undefined): IgnorableFamily[] {
  if (value === undefined || value === '') return [];
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of parts) if (!IGNORABLE.includes(p as IgnorableFamily)) throw new UsageError(`--ignore takes ${IGNORABLE.join(', ')}, not "${p}"`);
  return parts as IgnorableFamily[];
}

function vaultOverrides(v: Record<string, string | boolean | undefined>): Partial<Options> {
  const o: Partial<Options> = {};
  if (typeof v['topic-folder'] === 'string') o.topicFolder = v['topic-folder'].endsWith('/') ? v['topic-folder'] : v['topic-folder'] + '/';
  if (v['resolve-aliases']) o.resolveAliases = true;
  if (v['no-index-comments']) o.indexComments = false;
  if (typeof v['max-file-bytes'] === 'string') {
    const n = Number(v['max-file-bytes']);
    if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--max-file-bytes must be a positive whole number, not "${v['max-file-bytes']}"`);
    o.maxFileBytes = n;
  }
  return o;
}

function isDirectory(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

/** The JSON build path (workers, streamed output), with the same progress and diagnostics. */
async function buildJson(vault: string, v: Record<string, string | boolean | undefined>, io: CliIo, write: (c: Chunk) => void): Promise<JsonBuild> {
  const b = await buildVaultJson(vault, write, vaultOverrides(v), jsonHooks(v, io));
  printDiagnostics(b.diagnostics, v, io);
  return b;
}

/** The same into a file, left as it is when it is up to date. */
async function buildJsonFile(vault: string, v: Record<string, string | boolean | undefined>, io: CliIo, file: string): Promise<JsonBuild & { upToDate: boolean }> {
  const b = await buildVaultJsonFile(vault, file, vaultOverrides(v), jsonHooks(v, io));
  printDiagnostics(b.diagnostics, v, io);
  return b;
}

function jsonHooks(v: Record<string, string | boolean | undefined>, io: CliIo) {
  const cacheDir = v['no-cache'] ? undefined : typeof v['cache-dir'] === 'string' ? path.resolve(io.cwd, v['cache-dir']) : defaultCacheDir();
  return { ...progress(v, io), ...(cacheDir && { cacheDir }) };
}

/** Build the vault, with progress on a TTY and diagnostics on stderr unless --quiet. */
async function build(vault: string, v: Record<string, string | boolean | undefined>, io: CliIo): Promise<VaultBuild> {
  const b = await buildVaultGraph(vault, vaultOverrides(v), progress(v, io));
  printDiagnostics(b.diagnostics, v, io);
  return b;
}

/** A progress line on stderr while notes are read, only when stderr is a terminal. */
function progress(v: Record<string, string | boolean | undefined>, io: CliIo): { onProgress?: (done: number, total: number) => void } {
  if (!io.isTTY || v.quiet) return {};
  let last = 0;
  return {
    onProgress: (done, total) => {
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      io.stderr(`\rreading notes ${done}/${total}${done === total ? '\r\x1b[K' : ''}`);
    },
  };
}

/** The layout's progress line (FA2 in its worker, first run on a vault only: later runs hit the cache). */
function layoutProgress(v: Record<string, string | boolean | undefined>, io: CliIo): { onProgress?: (done: number, total: number) => void } {
  if (!io.isTTY || v.quiet) return {};
  const t0 = Date.now();
  return { onProgress: (done, total) => io.stderr(`\rlayout (ForceAtlas2) ${done}/${total} iterations, ${((Date.now() - t0) / 1000).toFixed(0)} s${done === total ? '\r\x1b[K' : ''}`) };
}

function printDiagnostics(diagnostics: readonly Diagnostic[], v: Record<string, string | boolean | undefined>, io: CliIo): void {
  if (!v.quiet) for (const d of diagnostics) if (d.severity !== 'info') io.stderr(safeText(formatDiagnostic(d)) + '\n');
}

/** Best effort: the platform's "open this URL" command; the URL is printed anyway. */
function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  import('node:child_process').then(({ spawn }) => {
    spawn(cmd, [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  }, () => undefined);
}

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return `vaultgraph — turn an Obsidian-style Markdown vault into a typed knowledge graph

Usage: vaultgraph <command> [vault] [options]     (vault defaults to the bundled sample vault/)

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "vaultgraph <command> --help" for a command's options.
`;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') { io.stdout(mainHelp()); return name === undefined ? 2 : 0; }
  if (name === '--version' || name === '-v') { io.stdout(VERSION + '\n'); return 0; }
  const command = COMMANDS[name];
  try {
    if (!command || !Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: { ...COMMON, ...command.flags }, allowPositionals: true, strict: true });
    } catch (e) {
      const err = e as Error & { code?: string };
      const flag = /'([^']+)'/.exec(err.message)?.[1];
      if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag) throw new UsageError(`unknown option ${flag} (see vaultgraph ${name} --help)`);
      throw new UsageError(err.message.split('\n')[0]!);
    }
    const { values, positionals } = parsed;
    if (values.help) { io.stdout(`Usage: ${command.usage}\n${COMMON_HELP}\n`); return 0; }
    if (positionals.length > 1) throw new UsageError(`${name} takes one vault folder, got ${positionals.length}: ${positionals.join(' ')}`);
    const vault = positionals[0] !== undefined ? path.resolve(io.cwd, positionals[0]) : BUNDLED_VAULT;
    if (!fs.existsSync(vault) || !fs.statSync(vault).isDirectory()) throw new UsageError(`vault not found: ${vault} is not a folder`);
    return await command.run(vault, values as Record<string, string | boolean | undefined>, io);
  } catch (e) {
    if (e instanceof UsageError) { io.stderr(`vaultgraph: ${e.message}\n`); return 2; }
    throw e;
  }
}


/** Entry point for bin/vaultgraph.mjs. */
export async function main(): Promise<void> {
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
  // `vaultgraph build | head`: the reader left, which is not an error of ours.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (e) {
    process.stderr.write(`vaultgraph: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 3;
  }
}
