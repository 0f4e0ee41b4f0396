// The up-to-date stamp of `vaultgraph build -o FILE`: what one run read (every note's stat as it
// was read, every folder the scan entered, the config files, the tool's own files) and what it
// said (stderr, exit code). bin/vaultgraph.mjs asks `upToDate` before it loads the tool: when the
// same command, in the same folder, finds all of that unchanged and the output file as written, the
// run only says again what it said (a few stats per note, no module loading, no cache decode).
// When only the output differs (another file, or one removed or changed since), the stamp of the
// same command line with another `-o` whose inputs all hold stands for the output: that file is
// copied (build/write.ts, atomically) and the run says what the build would have said. Anything
// else, and anything it cannot tell, falls through to the full build (which has its own up-to-date
// check through the cache). Imports only Node's built-ins, build/stats-hold.ts and build/write.ts (whose
// own imports are built-ins only; node:crypto is loaded when a file is written): bundled alone as
// dist/fresh.mjs.
//
// Stats of notes, folders and config files newer than RACY_MS before the build started never make
// a stamp fresh (a file changed within the clock's granularity of the build's read must be read again).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { statsHold } from './stats-hold.ts';
import { copyRecorded, isInside, outputTarget, realPathOf, writeFileAtomic } from './write.ts';

const RACY_MS = 2000;
const MAGIC = 'VGFRESH3';

/** A file's stat as compared: size, mtime, ctime, inode; null for a file that is not there. */
export type StatTuple = [number, number, number, number] | null;

export interface FreshStamp {
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
  /** The output file as written, and its name as the command line gave it. */
  output: [string, StatTuple];
  shown: string;
  /**
   * What the run printed on stderr had the file been up to date: the diagnostics, then (unless
   * quiet) summaryLine's with `summary` as its tail; and the exit code.
   */
  diagnostics: string;
  summary: string | null;
  exit: number;
}

/** The last line of `build -o FILE` (the build and the replay both word it here): what became of the file, then `tail` (the graph's size). */
export function summaryLine(wrote: boolean, shown: string, tail: string): string {
  return `${wrote ? `wrote ${shown}` : `${shown} is up to date`}${tail}`;
}

/** Paths relative to the root and their stats, four numbers each (size, mtime, ctime, inode). */
export interface StatColumns { paths: string[]; stats: Float64Array }

export function statColumns(entries: ReadonlyArray<[string, NonNullable<StatTuple>]>): StatColumns {
  const stats = new Float64Array(entries.length * 4);
  entries.forEach(([, st], i) => stats.set(st, i * 4));
  return { paths: entries.map(([p]) => p), stats };
}

const NO_THROW = { throwIfNoEntry: false } as const;

/**
 * Every path of the columns (absolute, UTF-8, each ended by a NUL, from `at` in `buf`) still has its
 * stat, and it is older than `trusted`. The paths go to stat as bytes: no string is made per note.
 */
function columnsHold(buf: Buffer, at: number, count: number, x: Float64Array, from: number, trusted: number): boolean {
  for (let i = from; i < from + count; i++) if (!(x[i * 4 + 1]! < trusted && x[i * 4 + 2]! < trusted)) return false;
  return statsHold(buf, at, count, x.subarray(from * 4, (from + count) * 4));
}

export function statTuple(file: string): StatTuple {
  const st = fs.statSync(file, NO_THROW);
  return st ? [st.size, st.mtimeMs, st.ctimeMs, st.ino] : null;
}

const sameStat = (a: StatTuple, b: StatTuple) => a === null || b === null ? a === b : a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];

/** A 53-bit hash of a string as hex (cyrb53): names the stamp file without loading node:crypto; the stamp's head says whom it answers for. */
function nameHash(s: string): string {
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

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
  return path.join(cacheDir, `${STAMP_PREFIX}${nameHash(JSON.stringify([cwd, ...argv]))}${STAMP_SUFFIX}`);
}

const STAMP_PREFIX = 'fresh-', STAMP_SUFFIX = '.stamp';
/** Stamps of command lines not run for this long are removed (one is kept per command line ever run). */
export const STAMP_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** Remove the stamps in `cacheDir` not written for STAMP_MAX_AGE_MS (other command lines' leftovers, and the JSON stamps of earlier versions). */
export function pruneStamps(cacheDir: string, now = Date.now()): void {
  for (const name of fs.readdirSync(cacheDir)) {
    if (!name.startsWith(STAMP_PREFIX) || !(name.endsWith(STAMP_SUFFIX) || name.endsWith('.json'))) continue;
    const file = path.join(cacheDir, name);
    const st = fs.lstatSync(file, NO_THROW);
    if (st?.isFile() && now - st.mtimeMs > STAMP_MAX_AGE_MS) fs.rmSync(file, { force: true });
  }
}

type Head = Omit<FreshStamp, 'notes' | 'dirs'>;

/** A stamp file's parts: its head, and where its columns lie (from `headEnd` on). Throws on a file this version did not write. */
function parts(buf: Buffer): { head: Head; headEnd: number; notes: number; dirs: number; paths: number; stats: Float64Array } {
  const { head, headEnd } = headOf(buf);
  const notes = buf.readUInt32LE(headEnd), dirs = buf.readUInt32LE(headEnd + 4), pathBytes = buf.readUInt32LE(headEnd + 8);
  const paths = headEnd + 12, statsAt = paths + pathBytes;
  if (statsAt + (notes + dirs) * 32 !== buf.length) throw new Error('torn stamp');
  const stats = new Float64Array(new SharedArrayBuffer((notes + dirs) * 32)); // shared, as the bytes: build/stats-hold.ts's helper thread reads both
  Buffer.from(stats.buffer).set(buf.subarray(statsAt));
  return { head, headEnd, notes, dirs, paths, stats };
}

/** A stamp's head, from its first bytes (the whole file or only headBytes' part of it). Throws on a file this version did not write. */
function headOf(buf: Buffer): { head: Head; headEnd: number } {
  if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new Error('not a stamp');
  const headEnd = MAGIC.length + 4 + buf.readUInt32LE(MAGIC.length);
  if (headEnd > buf.length) throw new Error('torn stamp');
  return { head: JSON.parse(buf.toString('utf8', MAGIC.length + 4, headEnd)) as Head, headEnd };
}

type Said = { stderr: string; exit: number };
const said = (head: Head, shown: string, wrote: boolean): Said =>
  ({ stderr: head.diagnostics + (head.summary === null ? '' : summaryLine(wrote, shown, head.summary)), exit: head.exit });

/**
 * What to say again when the command's stamp is fresh, or what to say once its output was copied
 * from another command line's fresh output (see the file comment); undefined when the build must run.
 */
export function upToDate(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Said | undefined {
  try {
    const file = stampFile(argv, cwd, env);
    if (!file) return undefined;
    let buf: Buffer;
    try { buf = readStampBytes(file); } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? copiedFromSibling(argv, cwd, file) : undefined;
    }
    const stamp = parts(buf);
    const { head } = stamp;
    if (!sameCommand(head, argv, cwd) || !dependenciesHold(head)) return undefined;
    // The output before any note is stat'ed: when only it changed, another output may stand for it.
    if (!sameStat(statTuple(head.output[0]), head.output[1])) return copiedFromSibling(argv, cwd, file);
    return inputsHold(buf, stamp) ? said(head, head.shown, false) : undefined;
  } catch {
    return undefined; // a stamp we cannot read, a copy that failed: build
  }
}

/** Every folder and note of the stamp still has its stat. Folders first (a note added, removed or renamed changes its folder), then every note (its content). */
function inputsHold(buf: Buffer, { head, notes, dirs, paths, stats }: ReturnType<typeof parts>): boolean {
  const trusted = head.startedAt - RACY_MS;
  let at = paths;
  for (let i = 0; i < notes; i++) at = buf.indexOf(0, at) + 1;
  return at !== 0 && columnsHold(buf, at, dirs, stats, notes, trusted) && columnsHold(buf, paths, notes, stats, 0, trusted);
}

/** Stamps of other command lines tried for an output, newest first: each costs up to a stat per note. */
const MAX_SIBLINGS = 4;

/**
 * `argv`'s output, copied from the output of a stamp (in the same cache folder) of the same command
 * line but for its `-o` value, when every input of that stamp holds and its output is as written;
 * then this command line's stamp is written (the same inputs, the new output) and what the build
 * would have said is returned. Undefined (nothing written) otherwise.
 */
function copiedFromSibling(argv: readonly string[], cwd: string, own: string): Said | undefined {
  const ours = outputArg(argv);
  if (!ours) return undefined;
  const target = path.resolve(cwd, ours.value);
  const dir = path.dirname(own);
  const candidates: Array<{ file: string; mtime: number }> = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.startsWith(STAMP_PREFIX) || !name.endsWith(STAMP_SUFFIX)) continue;
    const file = path.join(dir, name);
    if (file === own) continue;
    const st = fs.lstatSync(file, NO_THROW);
    if (st?.isFile()) candidates.push({ file, mtime: st.mtimeMs });
  }
  candidates.sort((a, b) => b.mtime - a.mtime);
  // The same command line, in the same folder, but for the output's value (`-o`, `--output=`, `-o…` alike).
  const sibling = (head: Head) => {
    const theirs = outputArg(head.argv);
    return head.cwd === cwd && !!theirs && theirs.at === ours.at && theirs.value === head.shown && head.output[0] !== target &&
      head.argv.length === argv.length && head.argv.every((a, i) => i === ours.at || a === argv[i]) && optionOf(head.argv, theirs) === optionOf(argv, ours);
  };
  let tried = 0;
  for (const { file } of candidates) {
    // The head alone first: the cache folder may hold the stamps of many vaults and command lines.
    try { if (!sibling(headOf(readStampBytes(file, true)).head)) continue; } catch { continue; }
    if (++tried > MAX_SIBLINGS) break;
    let buf: Buffer, stamp: ReturnType<typeof parts>;
    try { buf = readStampBytes(file); stamp = parts(buf); } catch { continue; }
    const { head } = stamp; // as read whole (the stamp may have been rewritten meanwhile)
    if (!sibling(head) || !dependenciesHold(head) || !inputsHold(buf, stamp)) continue;
    // Where `build` itself would refuse or not record the output (inside the vault, a pipe, a folder): let it.
    const to = outputTarget(target);
    if (to.kind !== 'file' || isInside(realPathOf(head.root), realPathOf(target))) return undefined;
    if (to.path === head.output[0]) continue; // a symlink to that very output: nothing to copy
    const [from, was] = head.output;
    if (!was || !copyRecorded(from, { size: was[0], mtimeMs: was[1], ctimeMs: was[2], ino: was[3] }, target)) continue;
    const written = statTuple(target);
    const mine: Head = { ...head, argv: [...argv], shown: ours.value, output: [target, written] };
    try { writeFileAtomic(own, Buffer.concat([headBytes(mine), buf.subarray(stamp.headEnd)]), { mode: 0o600, regularOnly: true }); } catch { /* only costs speed next time */ }
    return said(head, ours.value, true);
  }
  return undefined;
}

/**
 * Where `build`'s argv names the output: the index of the element holding its value, and the value
 * (`-o F`, `--output F`, `--output=F`, `-oF`); undefined for none or more than one.
 */
function outputArg(argv: readonly string[]): { at: number; value: string } | undefined {
  let found: { at: number; value: string } | undefined;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    let hit: { at: number; value: string } | undefined;
    if (a === '--') break;
    if ((a === '-o' || a === '--output') && i + 1 < argv.length) { hit = { at: i + 1, value: argv[i + 1]! }; i++; }
    else if (a.startsWith('--output=')) hit = { at: i, value: a.slice('--output='.length) };
    else if (a.startsWith('-o') && !a.startsWith('--') && a.length > 2) hit = { at: i, value: a.slice(2) };
    if (!hit) continue;
    if (found) return undefined;
    found = hit;
  }
  return found;
}

/** What precedes the output's value in its element: `--output=`, `-o`, or nothing. */
const optionOf = (argv: readonly string[], o: { at: number; value: string }) => argv[o.at]!.slice(0, argv[o.at]!.length - o.value.length);

/**
 * The bytes of a stamp file: a regular file of ours, never a symlink, and a FIFO in its place never
 * blocks the open (throws for anything else). build/read.ts `readRegular` holds the same rule for
 * notes; this file imports only Node's built-ins (it is bundled alone), hence its own few lines.
 */
function readStampBytes(file: string, headOnly = false): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new Error('not a regular file');
    const read = (buf: Buffer) => {
      for (let at = 0; at < buf.length;) {
        const n = fs.readSync(fd, buf, at, buf.length - at, at);
        if (n <= 0) throw new Error('stamp shrank');
        at += n;
      }
      return buf;
    };
    if (!headOnly) return read(Buffer.from(new SharedArrayBuffer(st.size)));
    // The magic and the head's length, then the head (headOf checks both).
    const start = read(Buffer.allocUnsafe(Math.min(st.size, MAGIC.length + 4)));
    return start.length < MAGIC.length + 4 ? start : read(Buffer.allocUnsafe(Math.min(st.size, MAGIC.length + 4 + start.readUInt32LE(MAGIC.length))));
  } finally {
    fs.closeSync(fd);
  }
}

/** The stamp as written (tests look inside). */
export function readStamp(file: string): FreshStamp {
  const buf = fs.readFileSync(file);
  const { head, notes, dirs, paths, stats } = parts(buf);
  const root = head.root.endsWith(path.sep) ? head.root : head.root + path.sep;
  const all = buf.toString('utf8', paths, buf.length - stats.length * 8 - 1).split('\0').map((p) => p === head.root ? '' : p.slice(root.length));
  return { ...head, notes: { paths: all.slice(0, notes), stats: stats.slice(0, notes * 4) }, dirs: { paths: all.slice(notes), stats: stats.slice(notes * 4, (notes + dirs) * 4) } };
}

/** The stamp answers for this command line, in this folder. */
const sameCommand = (s: Head, argv: readonly string[], cwd: string): boolean =>
  s.cwd === cwd && s.argv.length === argv.length && s.argv.every((a, i) => a === argv[i]);

/** The stamp's other files (config, settings, the tool's own) hold. */
function dependenciesHold(s: Head): boolean {
  const trusted = s.startedAt - RACY_MS;
  const old = (t: StatTuple) => t === null || (t[1] < trusted && t[2] < trusted);
  const inVault = (file: string) => file.startsWith(s.root.endsWith(path.sep) ? s.root : s.root + path.sep);
  // The tool's own files only need to be the same; the vault's config files also old enough.
  for (const [file, st] of s.deps) if (!sameStat(statTuple(file), st) || (inVault(file) && !old(st))) return false;
  return true;
}

/**
 * The stamp as written (the caller writes it atomically: build/write.ts):
 *   "VGFRESH3" · u32 head length · head (JSON) · u32 notes · u32 folders · u32 paths' length
 *   · paths (absolute, UTF-8, each ended by a NUL; notes, then folders) · stats (f64 LE, four per path)
 */
export function stampBytes(s: FreshStamp): Buffer {
  const { notes, dirs, ...head } = s;
  const abs = (p: string) => (p === '' ? s.root : s.root + path.sep + p);
  const paths = Buffer.from(`${[...notes.paths, ...dirs.paths].map(abs).join('\0')}\0`);
  const counts = Buffer.alloc(12);
  counts.writeUInt32LE(notes.paths.length, 0);
  counts.writeUInt32LE(dirs.paths.length, 4);
  counts.writeUInt32LE(paths.length, 8);
  if (notes.stats.length !== notes.paths.length * 4 || dirs.stats.length !== dirs.paths.length * 4) throw new Error('stamp columns do not agree');
  return Buffer.concat([headBytes(head), counts, paths, Buffer.from(notes.stats.buffer, notes.stats.byteOffset, notes.stats.byteLength), Buffer.from(dirs.stats.buffer, dirs.stats.byteOffset, dirs.stats.byteLength)]);
}

/** The stamp's first bytes: its magic, the head's length, the head. */
function headBytes(head: Head): Buffer {
  const h = Buffer.from(JSON.stringify(head));
  const n = Buffer.alloc(MAGIC.length + 4);
  n.write(MAGIC, 'latin1');
  n.writeUInt32LE(h.length, MAGIC.length);
  return Buffer.concat([n, h]);
}

/** Remove the command's stamp (a build that cannot vouch for its output). */
export function dropStamp(file: string): void {
  fs.rmSync(file, { force: true });
}
