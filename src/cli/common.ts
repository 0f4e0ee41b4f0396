// What every command shares: the io the CLI is given, usage errors, the common vault flags, the
// Command shape, and the build helpers (progress on a terminal, diagnostics on stderr).

import fs from 'node:fs';
import path from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { IGNORABLE, type IgnorableFamily } from '../query/analysis.ts';
import { formatDiagnostic, safeText } from './format.ts';
import { buildVaultJson, buildVaultJsonFile, type JsonBuild } from '../build/json-build.ts';
import type { VaultBuild } from '../index.ts';
import type { Options } from '../core/options.ts';
import { defaultCacheDir } from '../build/cache.ts';
import type { Diagnostic } from '../core/types.ts';
import { PROJECT_ROOT } from '../build/project.ts';
import type { Chunk } from '../build/spool.ts';
import { Failure } from '../build/failure.ts';
import { isInside, realPathOf } from '../build/write.ts';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** stderr is a terminal: show progress. */
  isTTY: boolean;
  cwd: string;
  /** The command line as given (main() sets it): `build -o FILE` keys its up-to-date stamp by it (build/fresh.ts). */
  argv?: readonly string[];
}

export class UsageError extends Error {}

/** The sample vault bundled with vaultgraph: the default `<vault>`. */
export const BUNDLED_VAULT = path.join(PROJECT_ROOT, 'vault');

export type Flags = NonNullable<ParseArgsConfig['options']>;
export const COMMON: Flags = {
  help: { type: 'boolean', short: 'h' },
  quiet: { type: 'boolean', short: 'q' },
  'topic-folder': { type: 'string' },
  'resolve-aliases': { type: 'boolean' },
  'no-index-comments': { type: 'boolean' },
  'max-file-bytes': { type: 'string' },
  debug: { type: 'boolean' },
};
export const COMMON_HELP = `
Vault options (override vaultgraph.config.json in the vault root):
  --topic-folder DIR      folder of topic notes (default 00-元语/)
  --resolve-aliases       let links resolve through frontmatter aliases (not Obsidian's behaviour)
  --no-index-comments     ignore links inside %%comments%% (Obsidian indexes them)
  --max-file-bytes N      notes larger than N bytes are kept as nodes but not parsed
  -q, --quiet             print no diagnostics on stderr
  --debug                 on an error, also print its stack trace
  -h, --help              this help`;

/** Parsed flag values, as node:util parseArgs gives them. */
export type Values = Record<string, string | boolean | undefined>;

/** One subcommand: its help, its flags, and what it runs on the vault (the optional first positional argument). */
export interface Command {
  summary: string;
  usage: string;
  flags: Flags;
  /** Names of the arguments after the vault (`path [vault] A B`: ['A', 'B']); the vault is the one before them, if given. */
  operands?: readonly string[];
  /** False for a command that takes no vault argument (`diff OLD NEW`, with --vault): `vault` is then the working folder. */
  vaultArg?: false;
  run: (vault: string, values: Values, io: CliIo, operands: readonly string[]) => Promise<number>;
}


export function parseIgnore(value: string | undefined): IgnorableFamily[] {
  if (value === undefined || value === '') return [];
  const parts = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of parts) if (!IGNORABLE.includes(p as IgnorableFamily)) throw new UsageError(`--ignore takes ${IGNORABLE.join(', ')}, not "${p}"`);
  return parts as IgnorableFamily[];
}

export function vaultOverrides(v: Values): Partial<Options> {
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

/**
 * The output path the user gave with `flag`, resolved; refused (exit 2) when it lies inside the
 * vault (after symlinks), where it would overwrite or add a note or a setting.
 */
export function outputPath(vault: string, value: string, io: CliIo, flag = '-o'): string {
  const out = path.resolve(io.cwd, value);
  if (isInside(realPathOf(vault), realPathOf(out))) throw new Failure(`${flag} is inside the vault`, out, 'write outputs outside the vault folder', 2);
  return out;
}

/**
 * --cache-dir: outside the vault, or inside one of its dot-folders (never scanned, so the cache's
 * own files cannot become notes or attachments).
 */
export function cacheDirOf(vault: string, value: string, io: CliIo): string {
  const dir = path.resolve(io.cwd, value);
  const real = realPathOf(dir), root = realPathOf(vault);
  if (isInside(root, real) && !path.relative(root, real).split(path.sep).some((part) => part.startsWith('.'))) {
    throw new Failure('--cache-dir is inside the vault', dir, 'use a folder outside the vault (or a dot-folder in it)', 2);
  }
  return dir;
}

export function isDirectory(p: string): boolean {
  try { return fs.statSync(p).isDirectory(); } catch { return false; }
}

/** The JSON build path (workers, streamed output), with the same progress and diagnostics. */
export async function buildJson(vault: string, v: Values, io: CliIo, write: (c: Chunk) => void): Promise<JsonBuild> {
  const b = await buildVaultJson(vault, write, vaultOverrides(v), jsonHooks(vault, v, io));
  printDiagnostics(b.diagnostics, v, io);
  return b;
}

/** The same into a file, left as it is when it is up to date. */
export async function buildJsonFile(vault: string, v: Values, io: CliIo, file: string): ReturnType<typeof buildVaultJsonFile> {
  const b = await buildVaultJsonFile(vault, file, vaultOverrides(v), jsonHooks(vault, v, io));
  printDiagnostics(b.diagnostics, v, io);
  return b;
}

export function jsonHooks(vault: string, v: Values, io: CliIo) {
  const cacheDir = v['no-cache'] ? undefined : typeof v['cache-dir'] === 'string' ? cacheDirOf(vault, v['cache-dir'], io) : defaultCacheDir();
  return { ...progress(v, io), ...(cacheDir && { cacheDir }), ...(v.pretty === true && { pretty: true }), ...(v.detail === 'full' && { detail: 'full' as const }) };
}

/** Build the vault, with progress on a TTY and diagnostics on stderr unless --quiet. */
export async function build(vault: string, v: Values, io: CliIo): Promise<VaultBuild> {
  // Loaded here, not above: `build` writes JSON and never needs the graph (nor graphology).
  const { buildVaultGraph } = await import('../index.ts');
  const b = await buildVaultGraph(vault, vaultOverrides(v), progress(v, io));
  printDiagnostics(b.diagnostics, v, io);
  return b;
}

/** A progress line on stderr while notes are read, only when stderr is a terminal. */
export function progress(v: Values, io: CliIo): { onProgress?: (done: number, total: number) => void } {
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
export function layoutProgress(v: Values, io: CliIo): { onProgress?: (done: number, total: number) => void } {
  if (!io.isTTY || v.quiet) return {};
  const t0 = Date.now();
  return { onProgress: (done, total) => io.stderr(`\rlayout (ForceAtlas2) ${done}/${total} iterations, ${((Date.now() - t0) / 1000).toFixed(0)} s${done === total ? '\r\x1b[K' : ''}`) };
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], v: Values, io: CliIo): void {
  const text = diagnosticsText(diagnostics, v);
  if (text) io.stderr(text);
}

/** What printDiagnostics prints. */
export function diagnosticsText(diagnostics: readonly Diagnostic[], v: Values): string {
  let text = '';
  if (!v.quiet) for (const d of diagnostics) if (d.severity !== 'info') text += safeText(formatDiagnostic(d)) + '\n';
  return text;
}

/** Best effort: the platform's "open this URL" command; the URL is printed anyway. */
export function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  import('node:child_process').then(({ spawn }) => {
    spawn(cmd, [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  }, () => undefined);
}
