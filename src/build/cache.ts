// The build cache: each note's packed draft, reused on the next build when nothing it depends on
// changed. A draft depends on the note's bytes, the options, the tool's code and the vault's set of
// file paths (resolution sees every file), and is packed for one graph JSON detail (pack.ts: lean
// drafts hold each edge's short attributes and target index, not its keys), so the cache records all:
//   - code version, options, detail and the file-set hash must match, or the whole cache is ignored;
//   - a note is reused when its size, mtime, ctime and inode match (as git trusts its index), else
//     it is read and its sha1 compared, so a touched-but-unchanged file still hits;
//   - a note whose mtime is within 2 s of the cache's own write time is re-checked by content
//     (a file edited in the same second as the last build must not be missed).
// The file is streamed both ways, one record per note in vault order, so a 100k-note cache is never
// held in memory whole:
//   "VGCACHE7" · records · header (v8; stamps as columns) · u32 header length · u32 header CRC-32 · "VGCACHE7"
//   record = u32 meta length · u32 bytes length · u32 edge count · u32 CRC-32 of the rest
//            (the three lengths, then meta, bytes, targets, ends) · meta (metaText; Latin-1 when
//            every character fits one byte, else UTF-16LE, told by the meta length's top bit)
//            · bytes · targets (i32 LE, one per edge) · ends (i32 LE, one per edge)
// It lives in the user's cache folder (`$XDG_CACHE_HOME/vaultgraph`, else `~/.cache`), one file per
// vault, written beside and renamed over (write.ts): deleting it is always safe. Every record and
// the header are checksummed before anything in them is believed: a torn, foreign or damaged header
// means no cache; a damaged record is drafted afresh, and so is every record after it (its length
// may be the damaged part); nothing from a damaged cache reaches the output.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import type { PackedDraft } from '../core/pack.ts';
import type { GraphDetail } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import { crc32 } from 'node:zlib';
import { openRegular, readRegular, sha1, type Stamp } from './read.ts';
import { openOutput, type OpenOutput } from './write.ts';

const MAGIC = Buffer.from('VGCACHE7');
const PREFIX = 16; // a record's lengths and checksum
const TAIL = 8 + MAGIC.length; // header length, header checksum, magic
const RACY_MS = 2000;
const NO_THROW = { throwIfNoEntry: false } as const;
const BLOCK = 1 << 22;

export type PathStamp = Stamp & { path: string };

/**
 * The stamps, one per record in record order, as columns: paths and sha1s joined by NUL (no path
 * holds one), and size, mtime, ctime, inode per note in one Float64Array. A 100k-note header then
 * deserialises in a third of the time one object per note takes, and is a third smaller.
 */
interface StampColumns { paths: string; sha1s: string; numbers: Float64Array }

function toColumns(stamps: readonly PathStamp[]): StampColumns {
  const numbers = new Float64Array(stamps.length * 4);
  stamps.forEach((s, i) => numbers.set([s.size, s.mtimeMs, s.ctimeMs, s.ino], i * 4));
  return { paths: stamps.map((s) => s.path).join('\0'), sha1s: stamps.map((s) => s.sha1).join('\0'), numbers };
}

/** The stamps back from their columns; undefined when the columns do not agree. */
function fromColumns(c: StampColumns): PathStamp[] | undefined {
  if (c === null || typeof c !== 'object' || typeof c.paths !== 'string' || typeof c.sha1s !== 'string' || !(c.numbers instanceof Float64Array) || c.numbers.length % 4 !== 0) return undefined;
  const n = c.numbers.length / 4;
  const paths = n > 0 ? c.paths.split('\0') : [], sha1s = n > 0 ? c.sha1s.split('\0') : [];
  if (paths.length !== n || sha1s.length !== n) return undefined;
  const out: PathStamp[] = new Array(n);
  const x = c.numbers;
  for (let i = 0; i < n; i++) out[i] = { path: paths[i]!, size: x[i * 4]!, mtimeMs: x[i * 4 + 1]!, ctimeMs: x[i * 4 + 2]!, ino: x[i * 4 + 3]!, sha1: sha1s[i]! };
  return out;
}

interface Header {
  version: string;
  options: string;
  detail: string;
  fileSet: string;
  writtenAt: number;
  stamps: StampColumns;
  /** The JSON files builds wrote from exactly these records, newest first (at most MAX_OUTPUTS). */
  outputs?: OutputRecord[];
}

/** Output files remembered per cache: a build to one of them is up to date, to a new path a copy. */
const MAX_OUTPUTS = 4;

/**
 * What a build wrote to a file: the file's stat, the Obsidian exclusions it applied, and the summary
 * it reported. When every note and the file itself are as recorded, the file is up to date.
 */
export interface OutputRecord {
  file: string;
  stamp: Omit<Stamp, 'sha1'>;
  ignore: string;
  /** `json` or `pretty`, and the detail: the same graph written another way is not up to date. */
  format: string;
  summary: { nodes: number; edges: number; broken: unknown[]; diagnostics: unknown[]; counts: unknown };
}

/** The stat fields of a file's stamp (all but the content hash). */
export function statStamp(file: string): Omit<Stamp, 'sha1'> | undefined {
  try {
    const st = fs.statSync(file);
    return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino };
  } catch { return undefined; }
}

export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vaultgraph');
}

export function cacheFileFor(cacheDir: string, root: string, detail: GraphDetail = 'lean'): string {
  const id = createHash('sha1').update(fs.realpathSync(root)).digest('hex').slice(0, 16);
  // One file per detail: `build` (lean) and `serve` (full) alternating must not redraft the vault each time.
  return path.join(cacheDir, `${path.basename(root).replace(/[^\w.-]+/g, '_')}-${id}${detail === 'lean' ? '' : `-${detail}`}.cache`);
}

export function fileSetHash(paths: readonly string[]): string {
  const h = createHash('sha1');
  for (const p of paths) h.update(p).update('\0');
  return h.digest('hex');
}

export interface CacheKey { version: string; options: Options; fileSet: string; detail: GraphDetail }

const matches = (h: Header, key: CacheKey) => h.version === key.version && h.options === JSON.stringify(key.options) && h.detail === key.detail && h.fileSet === key.fileSet;

// The meta text is stored as Latin-1 or UTF-16: decoding 8 MB of UTF-8 holding CJK text took 10× as
// long as copying UTF-16 (the cache grows by about a quarter for such a vault).
const META_UTF16 = 0x80000000, META_LENGTH = 0x7fffffff;
const ONE_BYTE = /^[\0-\xff]*$/;

/**
 * A draft's small fields as one string (read back with a single copy and a short JSON.parse:
 * v8.deserialize cost several times more per record): path, id, kind and the node's attributes JSON,
 * separated by NUL (no path holds one; JSON escapes it), then a JSON array of the counts, broken
 * links, diagnostics and special edges.
 */
function metaText(d: PackedDraft): string {
  const c = d.counts;
  return `${d.path}\0${d.id}\0${d.kind}\0${d.json}\0${JSON.stringify([c.links, c.resolved, c.unresolved, c.ambiguous, c.self, d.broken, d.diagnostics, d.specials])}`;
}

/**
 * The draft back from metaText (`raw[start, end)` in `encoding`) and its edges; throws when the text
 * is not one metaText wrote. Each kept field is decoded on its own: a slice of one decoded string
 * would keep all of it (the specials' text too) alive as long as the note's JSON is.
 */
function draftOfMeta(raw: Buffer, start: number, end: number, encoding: 'latin1' | 'utf16le', bytes: Uint8Array, targets: Int32Array, ends: Int32Array): PackedDraft {
  const w = encoding === 'latin1' ? 1 : 2;
  const text = raw.toString(encoding, start, end);
  const a = text.indexOf('\0'), b = text.indexOf('\0', a + 1), c = text.indexOf('\0', b + 1), d = text.indexOf('\0', c + 1);
  if (a < 0 || b < 0 || c < 0 || d < 0) throw new Error('damaged cache record');
  const k = text.slice(b + 1, c), kind = k === 'note' || k === 'topic' ? k : undefined;
  const rest = JSON.parse(text.slice(d + 1)) as [number, number, number, number, number, PackedDraft['broken'], PackedDraft['diagnostics'], PackedDraft['specials']];
  if (kind === undefined || !Array.isArray(rest) || rest.length !== 8 || !Array.isArray(rest[5]) || !Array.isArray(rest[6]) || !Array.isArray(rest[7])) throw new Error('damaged cache record');
  const part = (from: number, to: number) => raw.toString(encoding, start + from * w, start + to * w);
  return { path: part(0, a), id: part(a + 1, b), kind, json: part(c + 1, d), broken: rest[5], diagnostics: rest[6],
    counts: { links: rest[0], resolved: rest[1], unresolved: rest[2], ambiguous: rest[3], self: rest[4] }, specials: rest[7], bytes, targets, ends };
}

/** An open cache file: its stamps up front, its records read in order. */
export class CacheReader {
  private buf = Buffer.allocUnsafeSlow(BLOCK);
  private start = 0; // file offset of buf[0]
  private end = 0; // valid bytes in buf
  private at = MAGIC.length; // file offset of the next record
  private next = 0; // index of the next record

  private constructor(private readonly fd: number, private readonly recordsEnd: number, readonly stamps: readonly PathStamp[], readonly writtenAt: number, readonly outputs: readonly OutputRecord[],
    /** The header as read: recordOutput need not read it again. */
    readonly known: KnownHeader) {}

  /** The cache for this key, or undefined (missing, foreign, stale or torn file). */
  static open(file: string, key: CacheKey): CacheReader | undefined {
    let fd: number | undefined;
    try {
      fd = openRegular(file).fd;
      const h = readHeader(fd);
      if (!h || !matches(h.header, key)) throw new Error('stale');
      return new CacheReader(fd, h.recordsEnd, h.stamps, h.header.writtenAt, Array.isArray(h.header.outputs) ? h.header.outputs : [], h.known);
    } catch {
      if (fd !== undefined) fs.closeSync(fd);
      return undefined;
    }
  }

  /** `n` bytes at file offset `at`, valid until the next call. */
  private bytes(at: number, n: number): Buffer {
    if (at < this.start || at + n > this.start + this.end) {
      if (n > this.buf.length) this.buf = Buffer.allocUnsafeSlow(n);
      this.start = at;
      this.end = fs.readSync(this.fd, this.buf, 0, this.buf.length, at);
      if (this.end < n) throw new Error('torn cache record');
    }
    return this.buf.subarray(at - this.start, at - this.start + n);
  }

  /**
   * Record `i` (asked for in increasing order; asking for an earlier one starts again from the
   * first): the draft, and the raw record to copy into the next cache. Both are only valid until
   * the next call. Throws on a damaged record.
   */
  read(i: number): { draft: PackedDraft; raw: Buffer } {
    if (i < this.next) { this.at = MAGIC.length; this.next = 0; }
    for (; this.next < i; this.next++) this.at += this.recordLength(this.at);
    const length = this.recordLength(this.at);
    if (this.at + length > this.recordsEnd) throw new Error('torn cache record');
    const raw = this.bytes(this.at, length);
    this.at += length;
    this.next++;
    if (crc32(raw.subarray(PREFIX), crc32(raw.subarray(0, 12))) !== raw.readUInt32LE(12)) throw new Error('damaged cache record');
    const m = raw.readUInt32LE(0), metaLength = m & META_LENGTH, byteLength = raw.readUInt32LE(4), count = raw.readUInt32LE(8);
    const at = PREFIX + metaLength + byteLength;
    const ints = new Int32Array(count * 2);
    Buffer.from(ints.buffer).set(raw.subarray(at, at + count * 8));
    const draft = draftOfMeta(raw, PREFIX, PREFIX + metaLength, m & META_UTF16 ? 'utf16le' : 'latin1', raw.subarray(PREFIX + metaLength, at), ints.subarray(0, count), ints.subarray(count));
    return { draft, raw };
  }

  private recordLength(at: number): number {
    if (at + PREFIX > this.recordsEnd) throw new Error('torn cache record');
    const p = this.bytes(at, PREFIX);
    return PREFIX + (p.readUInt32LE(0) & META_LENGTH) + p.readUInt32LE(4) + p.readUInt32LE(8) * 8;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/**
 * Rewrite in place the header at the end of the cache file, the records staying as they are: add
 * `output` (what a build just wrote from exactly these records) to the outputs remembered, and/or
 * replace the stamps (`stamps`: every note's, re-checked by this build, which now stand for the same
 * records). Only when the file still ends with the header `known` (the one this build read or
 * wrote): otherwise another build replaced it, and nothing is recorded.
 */
export function updateHeader(file: string, known: KnownHeader, change: { output?: OutputRecord; stamps?: readonly PathStamp[] }): KnownHeader | undefined {
  const { fd } = openRegular(file, fs.constants.O_RDWR);
  try {
    if (!stillThere(fd, known)) return undefined;
    const h = known.header;
    const kept = (h.outputs ?? []).filter((o) => o.file !== change.output?.file);
    const header: Header = { ...h, outputs: change.output ? [change.output, ...kept].slice(0, MAX_OUTPUTS) : kept };
    if (change.stamps) { header.stamps = toColumns(change.stamps); header.writtenAt = Date.now(); }
    const next = headerBytes(header);
    fs.ftruncateSync(fd, known.recordsEnd);
    fs.writeSync(fd, next, 0, next.length, known.recordsEnd);
    return { header, recordsEnd: known.recordsEnd, length: next.length - TAIL, crc: next.readUInt32LE(next.length - TAIL + 4) };
  } finally {
    fs.closeSync(fd);
  }
}

/** A header this process read or wrote, and where it lies: its length and checksum tell it is still the file's. */
export interface KnownHeader { header: Header; recordsEnd: number; length: number; crc: number }

/** `known` when the open file still ends with that very header (same size, length and checksum), else undefined. */
function stillThere(fd: number, known: KnownHeader): KnownHeader | undefined {
  if (fs.fstatSync(fd).size !== known.recordsEnd + known.length + TAIL) return undefined;
  const tail = Buffer.alloc(TAIL);
  if (fs.readSync(fd, tail, 0, TAIL, known.recordsEnd + known.length) !== TAIL || !tail.subarray(8).equals(MAGIC)) return undefined;
  return tail.readUInt32LE(0) === known.length && tail.readUInt32LE(4) === known.crc ? known : undefined;
}

/** The header at the end of an open cache file, once its checksum and shape hold; else undefined. */
function readHeader(fd: number): { header: Header; stamps: PathStamp[]; recordsEnd: number; known: KnownHeader } | undefined {
  const size = fs.fstatSync(fd).size;
  const tail = Buffer.alloc(TAIL);
  if (size < MAGIC.length + TAIL || fs.readSync(fd, tail, 0, TAIL, size - TAIL) !== TAIL || !tail.subarray(8).equals(MAGIC)) return undefined;
  const head = Buffer.alloc(MAGIC.length);
  if (fs.readSync(fd, head, 0, head.length, 0) !== head.length || !head.equals(MAGIC)) return undefined;
  const headerLength = tail.readUInt32LE(0);
  const recordsEnd = size - TAIL - headerLength;
  if (recordsEnd < MAGIC.length) return undefined;
  const raw = Buffer.alloc(headerLength);
  const crc = tail.readUInt32LE(4);
  if (fs.readSync(fd, raw, 0, headerLength, recordsEnd) !== headerLength || crc32(raw) !== crc) return undefined;
  const header = v8.deserialize(raw) as Header;
  const stamps = header !== null && typeof header === 'object' && typeof header.writtenAt === 'number' ? fromColumns(header.stamps) : undefined;
  return stamps ? { header, stamps, recordsEnd, known: { header, recordsEnd, length: headerLength, crc } } : undefined;
}

/** The header, its length and checksum, and the closing magic: the end of a cache file. */
function headerBytes(header: Header): Buffer {
  const h = v8.serialize(header);
  const tail = Buffer.alloc(TAIL);
  tail.writeUInt32LE(h.length, 0);
  tail.writeUInt32LE(crc32(h), 4);
  MAGIC.copy(tail, 8);
  return Buffer.concat([h, tail]);
}

/**
 * crc32 continued over `b`. An empty part adds nothing: Node 20's zlib.crc32 answers 0, not `prev`,
 * for a view of an empty ArrayBuffer (a chunk of notes whose lean edges are all bare has one), which
 * made the record's checksum disagree with the one read back over the whole record.
 */
export function crcOn(b: Uint8Array, prev: number): number {
  return b.length ? crc32(b, prev) : prev;
}

/** A draft's record before it is written: its meta text, whether that is stored as UTF-16, and the record's length in bytes. */
interface RecordPlan { text: string; wide: boolean; length: number }

function planRecord(draft: PackedDraft): RecordPlan {
  const text = metaText(draft);
  const wide = !ONE_BYTE.test(text);
  return { text, wide, length: PREFIX + text.length * (wide ? 2 : 1) + draft.bytes.length + draft.targets.length * 8 };
}

/**
 * Write `draft`'s record (the layout at the top of this file) into `out` at `at`, which has room
 * for `plan.length` bytes: straight into the writer's block, without a Buffer per part (a fresh
 * Buffer per record cost the main thread ~0.5 s at 100k notes, most of it new memory).
 */
function writeRecord(draft: PackedDraft, plan: RecordPlan, out: Buffer, at: number): void {
  const { bytes, targets, ends } = draft;
  let p = at + PREFIX;
  const metaLength = out.write(plan.text, p, plan.wide ? 'utf16le' : 'latin1');
  p += metaLength;
  out.set(bytes, p);
  p += bytes.length;
  out.set(new Uint8Array(targets.buffer, targets.byteOffset, targets.byteLength), p);
  p += targets.byteLength;
  out.set(new Uint8Array(ends.buffer, ends.byteOffset, ends.byteLength), p);
  p += ends.byteLength;
  out.writeUInt32LE((metaLength | (plan.wide ? META_UTF16 : 0)) >>> 0, at);
  out.writeUInt32LE(bytes.length, at + 4);
  out.writeUInt32LE(targets.length, at + 8);
  out.writeUInt32LE(crcOn(out.subarray(at + PREFIX, p), crc32(out.subarray(at, at + 12))), at + 12);
}

/** Would `draft` be written as exactly the record `raw` (one CacheReader.read gave)? Then a build from it is the same. */
export function sameRecord(draft: PackedDraft, raw: Uint8Array): boolean {
  const plan = planRecord(draft);
  if (plan.length !== raw.length) return false;
  const b = Buffer.allocUnsafe(plan.length);
  writeRecord(draft, plan, b, 0);
  return b.equals(raw);
}

/** A new cache file, written record by record beside its final name, then renamed over it. */
export class CacheWriter {
  private readonly out: OpenOutput;
  private readonly stamps: PathStamp[] = [];
  /** Records are gathered here and written a block at a time (a write per record cost 10k system calls). */
  private block = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  private written = MAGIC.length;

  constructor(file: string, private readonly key: CacheKey) {
    this.out = openOutput(file, { mode: 0o600, regularOnly: true });
    this.out.write(MAGIC);
  }

  private put(b: Uint8Array): void {
    if (this.used + b.length > this.block.length) this.flush();
    if (b.length > this.block.length) { this.out.write(b); return; }
    this.block.set(b, this.used);
    this.used += b.length;
  }

  /** Room for `n` more bytes in the block (false: more than a block holds). */
  private room(n: number): boolean {
    if (this.used + n > this.block.length) this.flush();
    return n <= this.block.length;
  }

  private flush(): void {
    if (this.used > 0) this.out.write(this.block.subarray(0, this.used));
    this.used = 0;
  }

  add(path: string, stamp: Stamp, draft: PackedDraft): void {
    const plan = planRecord(draft);
    if (this.room(plan.length)) {
      writeRecord(draft, plan, this.block, this.used);
      this.used += plan.length;
    } else {
      const b = Buffer.allocUnsafe(plan.length);
      writeRecord(draft, plan, b, 0);
      this.out.write(b);
    }
    this.written += plan.length;
    this.stamps.push({ path, ...stamp });
  }

  /** Copy a record read (and checked) from the previous cache as it is. */
  copy(path: string, stamp: Stamp, raw: Uint8Array): void {
    this.put(raw);
    this.written += raw.length;
    this.stamps.push({ path, ...stamp });
  }

  /** Write the header and put the file in place; the header as written (for recordOutput). */
  commit(): KnownHeader {
    const header: Header = { version: this.key.version, options: JSON.stringify(this.key.options), detail: this.key.detail, fileSet: this.key.fileSet, writtenAt: Date.now(), stamps: toColumns(this.stamps) };
    const bytes = headerBytes(header);
    this.flush();
    this.out.write(bytes);
    this.out.commit();
    return { header, recordsEnd: this.written, length: bytes.length - TAIL, crc: bytes.readUInt32LE(bytes.length - TAIL + 4) };
  }

  abort(): void {
    this.out.abort();
  }
}

/**
 * Can the cached stamp stand for the file at `full` now? Stat first; read and hash only when the
 * stat differs or the file changed too close to the cache's write time to trust its mtime. The
 * file's current stamp when it can (the same object when the stat is unchanged), else undefined.
 */
export function stillValid(stamp: Stamp, full: string, writtenAt: number): Stamp | undefined {
  let st: fs.Stats | undefined;
  try { st = fs.statSync(full, NO_THROW); } catch { return undefined; }
  if (!st || !st.isFile() || st.size !== stamp.size) return undefined;
  const same = st.mtimeMs === stamp.mtimeMs && st.ctimeMs === stamp.ctimeMs && st.ino === stamp.ino;
  if (same && st.mtimeMs < writtenAt - RACY_MS) return stamp;
  try {
    if (sha1(readRegular(full)) !== stamp.sha1) return undefined;
  } catch { return undefined; }
  return same ? stamp : { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, sha1: stamp.sha1 };
}
