// The command line: argv → options → spine → output. Exit codes: 0 ok, 1 problems found that the
// user asked to fail on, 2 usage errors (unknown flag, missing vault) with a one-line message.
// `runCli` takes its streams as arguments so tests call it as a function.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { computeStats, findOrphans, IGNORABLE, ORPHAN_MODES, type IgnorableFamily, type OrphanMode } from './analysis.ts';
import { formatDiagnostic, formatStats, safeText } from './format.ts';
import { buildVaultGraph, type VaultBuild } from './index.ts';
import type { Options } from './options.ts';
import { writeFileAtomic } from './write.ts';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** stderr is a terminal: show progress. */
  isTTY: boolean;
  cwd: string;
}

export class UsageError extends Error {}

/** The sample vault bundled with vaultgraph: the default `<vault>`. */
export const BUNDLED_VAULT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'vault');

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
  --fail-on LEVEL         exit 1 when a diagnostic of LEVEL (error, warning) or worse was found`,
    flags: { output: { type: 'string', short: 'o' }, pretty: { type: 'boolean' }, 'fail-on': { type: 'string' } },
    run: async (vault, v, io) => {
      const failOn = v['fail-on'] as string | undefined;
      if (failOn !== undefined && failOn !== 'error' && failOn !== 'warning') throw new UsageError(`--fail-on must be "error" or "warning", not "${failOn}"`);
      const b = await build(vault, v, io);
      const json = JSON.stringify(b.graph.export(), null, v.pretty ? 2 : undefined) + '\n';
      if (typeof v.output === 'string') {
        writeFileAtomic(path.resolve(io.cwd, v.output), json);
        if (!v.quiet) io.stderr(`wrote ${v.output}: ${b.graph.order} nodes, ${b.graph.size} edges, ${b.broken.length} broken links\n`);
      } else io.stdout(json);
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

/** Build the vault, with progress on a TTY and diagnostics on stderr unless --quiet. */
async function build(vault: string, v: Record<string, string | boolean | undefined>, io: CliIo): Promise<VaultBuild> {
  let last = 0;
  const onProgress = io.isTTY && !v.quiet
    ? (done: number, total: number) => {
        const now = Date.now();
        if (now - last < 100 && done < total) return;
        last = now;
        io.stderr(`\rreading notes ${done}/${total}${done === total ? '\r\x1b[K' : ''}`);
      }
    : undefined;
  const b = await buildVaultGraph(vault, vaultOverrides(v), onProgress ? { onProgress } : {});
  if (!v.quiet) for (const d of b.diagnostics) if (d.severity !== 'info') io.stderr(safeText(formatDiagnostic(d)) + '\n');
  return b;
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
  if (name === '--version' || name === '-v') { io.stdout(version() + '\n'); return 0; }
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

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Entry point for bin/vaultgraph.mjs. */
export async function main(): Promise<void> {
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  };
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (e) {
    process.stderr.write(`vaultgraph: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 3;
  }
}
