// The up-to-date stamp of `vaultgraph build -o FILE`: what one run read (every note's stat as it
// was read, every folder the scan entered, the config files, the tool's own files) and what it
// said (stderr, exit code). bin/vaultgraph.mjs asks `upToDate` before it loads the tool: when the
// same command, in the same folder, finds all of that unchanged and the output file as written, the
// run only says again what it said (a few stats per note, no module loading, no cache decode).
// Anything else, and anything it cannot tell, falls through to the full build (which has its own
// up-to-date check through the cache). Imports only Node's built-ins: bundled alone as dist/fresh.mjs.
//
// Stats of notes, folders and config files newer than RACY_MS before the build started never make
// a stamp fresh (a file changed within the clock's granularity of the build's read must be read again).

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RACY_MS = 2000;
const FORMAT = 'vgfresh1';

/** A file's stat as compared: size, mtime, ctime, inode; null for a file that is not there. */
export type StatTuple = [number, number, number, number] | null;

export interface FreshStamp {
  format: typeof FORMAT;
  /** The command line and folder it answers for. */
  argv: string[];
  cwd: string;
  /** When the build started (ms): stats at or after RACY_MS before it are not trusted. */
  startedAt: number;
  /** The vault root (absolute), and its notes (path on disk, relative) with the stat each was read with. */
  root: string;
  notes: StatColumns;
  /** Folders under the root the scan entered ('' = the root), with their stat after the build. */
  dirs: StatColumns;
  /** Other files the build depends on (absolute: config, .obsidian settings, the tool's files), or their absence. */
  deps: Array<[string, StatTuple]>;
  /** The output file as written. */
  output: [string, StatTuple];
  /** What the run printed on stderr had the file been up to date, and its exit code. */
  stderr: string;
  exit: number;
}

/** Paths relative to the root (joined by NUL, which no path holds) and their stats, four numbers each: parsed fast, compared in a loop. */
export interface StatColumns { paths: string; stats: number[] }

export function statColumns(entries: ReadonlyArray<[string, NonNullable<StatTuple>]>): StatColumns {
  return { paths: entries.map(([p]) => p).join('\0'), stats: entries.flatMap(([, st]) => st) };
}

/** Every path of the columns (under `root`) still has its stat, and it is older than `trusted`. */
function columnsHold(root: string, c: StatColumns, trusted: number): boolean {
  const paths = c.paths.split('\0'), x = c.stats;
  if (x.length !== paths.length * 4) return false;
  for (let i = 0; i < paths.length; i++) {
    const k = i * 4;
    if (!(x[k + 1]! < trusted && x[k + 2]! < trusted)) return false;
    const st = fs.statSync(paths[i] === '' ? root : root + path.sep + paths[i], { throwIfNoEntry: false });
    if (!st || st.size !== x[k] || st.mtimeMs !== x[k + 1] || st.ctimeMs !== x[k + 2] || st.ino !== x[k + 3]) return false;
  }
  return true;
}

export function statTuple(file: string): StatTuple {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? [st.size, st.mtimeMs, st.ctimeMs, st.ino] : null;
}

const sameStat = (a: StatTuple, b: StatTuple) => a === null || b === null ? a === b : a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

/**
 * Where the stamp of this command line lives: in the cache folder the command names (--cache-dir)
 * or the default one; none for a command that is not `build -o FILE` with the cache.
 */
export function stampFile(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (argv[0] !== 'build' || argv.includes('--no-cache') || argv.includes('--watch')) return undefined;
  if (!argv.some((a) => a === '-o' || a === '--output' || a.startsWith('--output=') || (a.startsWith('-o') && !a.startsWith('--')))) return undefined;
  let dir: string | undefined;
  argv.forEach((a, i) => {
    if (a === '--cache-dir' && i + 1 < argv.length) dir = argv[i + 1];
    else if (a.startsWith('--cache-dir=')) dir = a.slice('--cache-dir='.length);
  });
  const cacheDir = dir !== undefined ? path.resolve(cwd, dir) : path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vaultgraph');
  const id = createHash('sha1').update(JSON.stringify([cwd, ...argv])).digest('hex').slice(0, 20);
  return path.join(cacheDir, `${STAMP_PREFIX}${id}.json`);
}

const STAMP_PREFIX = 'fresh-';
/** Stamps of command lines not run for this long are removed (one is kept per command line ever run). */
export const STAMP_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** Remove the stamps in `cacheDir` not written for STAMP_MAX_AGE_MS (other command lines' leftovers). */
export function pruneStamps(cacheDir: string, now = Date.now()): void {
  for (const name of fs.readdirSync(cacheDir)) {
    if (!name.startsWith(STAMP_PREFIX) || !name.endsWith('.json')) continue;
    const file = path.join(cacheDir, name);
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (st?.isFile() && now - st.mtimeMs > STAMP_MAX_AGE_MS) fs.rmSync(file, { force: true });
  }
}

/** What to say again when the command's stamp is fresh; undefined when the build must run. */
export function upToDate(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { stderr: string; exit: number } | undefined {
  try {
    const file = stampFile(argv, cwd, env);
    if (!file) return undefined;
    const text = fs.readFileSync(file, 'utf8');
    // The small head first: a changed output or command line is told before the notes' columns are parsed.
    const cut = text.indexOf('\n');
    const head = JSON.parse(text.slice(0, cut)) as Omit<FreshStamp, 'notes' | 'dirs'>;
    if (!headHolds(head, argv, cwd)) return undefined;
    const s = { ...head, ...JSON.parse(text.slice(cut + 1)) } as FreshStamp;
    return isFresh(s, argv, cwd) ? { stderr: s.stderr, exit: s.exit } : undefined;
  } catch {
    return undefined; // no stamp, or one we cannot read: build
  }
}

/** Is everything the stamp recorded as it was, and old enough to trust? */
export function isFresh(s: FreshStamp, argv: readonly string[], cwd: string): boolean {
  return headHolds(s, argv, cwd) && columnsHold(s.root, s.dirs, s.startedAt - RACY_MS) && columnsHold(s.root, s.notes, s.startedAt - RACY_MS);
}

/** The stamp's command line, output and other files hold (all but the notes and folders). */
function headHolds(s: Omit<FreshStamp, 'notes' | 'dirs'>, argv: readonly string[], cwd: string): boolean {
  if (s.format !== FORMAT || s.cwd !== cwd || s.argv.length !== argv.length || s.argv.some((a, i) => a !== argv[i])) return false;
  const trusted = s.startedAt - RACY_MS;
  const old = (t: StatTuple) => t === null || (t[1] < trusted && t[2] < trusted);
  if (!sameStat(statTuple(s.output[0]), s.output[1])) return false;
  const inVault = (file: string) => file.startsWith(s.root.endsWith(path.sep) ? s.root : s.root + path.sep);
  // The tool's own files only need to be the same; the vault's config files also old enough.
  for (const [file, st] of s.deps) if (!sameStat(statTuple(file), st) || (inVault(file) && !old(st))) return false;
  return true;
}

/** The stamp as written: its head, a newline, its columns (the caller writes it atomically: build/write.ts). */
export function stampText(s: FreshStamp): string {
  const { notes, dirs, ...head } = s;
  return `${JSON.stringify(head)}\n${JSON.stringify({ notes, dirs })}`;
}

/** Remove the command's stamp (a build that cannot vouch for its output). */
export function dropStamp(file: string): void {
  fs.rmSync(file, { force: true });
}
