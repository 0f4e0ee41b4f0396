// The command line: argv → options → spine → output. Exit codes: 0 ok, 1 problems found that the
// user asked to fail on, 2 usage errors (unknown flag, missing vault) with a one-line message.
// `runCli` takes its streams as arguments so tests call it as a function. Each command is a file
// in commands/; this file only dispatches.

import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VERSION } from '../build/version.ts';
import { Failure, fsFailure, isErrno, reasonOf } from '../build/failure.ts';
import { safeText } from './format.ts';
import { BUNDLED_VAULT, COMMON, COMMON_HELP, UsageError, type CliIo, type Command, type Values } from './common.ts';

export { BUNDLED_VAULT, UsageError, type CliIo } from './common.ts';

/** The commands, in the order `vaultgraph --help` lists them. Each loads its module on demand, so
 * `build` parses none of the viewer's, exporters' or checks' code (docs/performance.md, "Warm builds"). */
const COMMANDS: Record<string, () => Promise<Command>> = {
  build: async () => (await import('./commands/build.ts')).buildCommand,
  orphans: async () => (await import('./commands/orphans.ts')).orphansCommand,
  path: async () => (await import('./commands/path.ts')).pathCommand,
  broken: async () => (await import('./commands/broken.ts')).brokenCommand,
  check: async () => (await import('./commands/check.ts')).checkCommand,
  diff: async () => (await import('./commands/diff.ts')).diffCommand,
  stats: async () => (await import('./commands/stats.ts')).statsCommand,
  export: async () => (await import('./commands/export.ts')).exportCommand,
  analyze: async () => (await import('./commands/analyze.ts')).analyzeCommand,
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  html: async () => (await import('./commands/html.ts')).htmlCommand,
  embed: async () => (await import('./commands/embed.ts')).embedCommand,
};

export async function mainHelp(): Promise<string> {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const commands = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => [name, await load()] as const));
  return `vaultgraph — turn an Obsidian-style Markdown vault into a typed knowledge graph

Usage: vaultgraph <command> [vault] [options]     (vault defaults to the bundled sample vault/)

Commands:
${commands.map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "vaultgraph <command> --help" for a command's options.
`;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') { io.stdout(await mainHelp()); return name === undefined ? 2 : 0; }
  if (name === '--version' || name === '-v') { io.stdout(VERSION + '\n'); return 0; }
  try {
    if (!Object.hasOwn(COMMANDS, name)) throw new UsageError(`unknown command "${name}" (commands: ${Object.keys(COMMANDS).join(', ')})`);
    const command = await COMMANDS[name]!();
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
    // `path A B` or `path VAULT A B`: the operands are the last arguments, the vault the one before them.
    const names = command.operands ?? [];
    const withVault = command.vaultArg !== false;
    if (positionals.length < names.length || positionals.length > names.length + (withVault ? 1 : 0)) {
      const got = `got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}${positionals.length ? `: ${positionals.join(' ')}` : ''}`;
      if (names.length === 0) throw new UsageError(`${name} takes one vault folder, ${got}`);
      if (withVault && positionals.length < names.length) throw new UsageError(`${name} needs ${names.join(' and ')} (see vaultgraph ${name} --help)`);
      throw new UsageError(`${name} takes ${withVault ? '[vault] ' : ''}${names.join(' ')}, ${got} (see vaultgraph ${name} --help)`);
    }
    const operands = positionals.slice(positionals.length - names.length);
    if (!withVault) return await command.run(io.cwd, values as Values, io, operands);
    const given = positionals.length > names.length ? positionals[0] : undefined;
    if (given === '') throw new Failure('vault', '""', 'an empty path names no folder; give the vault folder (or none for the bundled sample)', 2);
    const vault = given !== undefined ? path.resolve(io.cwd, given) : BUNDLED_VAULT;
    checkVault(vault);
    return await command.run(vault, values as Values, io, operands);
  } catch (e) {
    if (e instanceof UsageError) { io.stderr(`vaultgraph: ${safeText(e.message)}\n`); return 2; }
    const failure = e instanceof Failure ? e : isErrno(e) ? errnoFailure(e) : undefined;
    if (!failure) throw e;
    io.stderr(`vaultgraph: ${safeText(failure.message)}\n`);
    if (argv.includes('--debug')) io.stderr(`${(failure.cause as Error | undefined)?.stack ?? failure.stack}\n`);
    return failure.exit;
  }
}

/** The vault argument must name a folder we can list. */
function checkVault(vault: string): void {
  let st: fs.Stats;
  try { st = fs.statSync(vault); } catch (e) {
    throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? new Failure('vault not found', vault, 'no such folder', 2) : fsFailure('cannot open vault', vault, e);
  }
  if (!st.isDirectory()) throw new Failure('vault not found', vault, 'not a folder', 2);
}

/** A file-system or network error no command caught: still one line, naming what it was about. */
function errnoFailure(e: NodeJS.ErrnoException): Failure {
  const net = e as { address?: string; port?: number };
  const where = e.path ?? (net.address !== undefined ? `${net.address}:${net.port}` : '-');
  return fsFailure(e.syscall ? `${e.syscall} failed` : 'system error', where, e);
}


/** Entry point for bin/vaultgraph.mjs. */
export async function main(): Promise<void> {
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
    argv: process.argv.slice(2),
  };
  // `vaultgraph build | head`: the reader left, which is not an error of ours.
  // Any other error on stdout (a full disk behind `> file`) is ours to report, on one line.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`vaultgraph: cannot write output: <stdout>: ${reasonOf(e)}\n`);
    process.exit(3);
  });
  try {
    process.exitCode = await runCli(process.argv.slice(2), io);
  } catch (e) {
    // A bug of ours: one line for the user, the stack only when asked for.
    const debug = process.argv.includes('--debug');
    process.stderr.write(`vaultgraph: internal error: ${debug ? (e as Error).stack ?? String(e) : safeText(reasonOf(e))}${debug ? '' : ' (run with --debug for details)'}\n`);
    process.exitCode = 3;
  }
}
