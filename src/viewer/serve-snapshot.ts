// `serve`'s payload kept between runs: the viewer payload, compressed once (brotli and gzip), in the
// build cache folder, keyed by everything it came from — the code, the flags, the vault's files (every
// note's size, mtime, ctime and inode), its config and Obsidian settings. When nothing changed, `serve`
// answers with these bytes at once and builds its model (/api/node, 说明, /graph.json) behind them.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cacheFileFor } from '../build/cache.ts';
import { CONFIG_FILE } from '../build/config.ts';
import { readRegular } from '../build/read.ts';
import { listVault, type VaultListing } from '../build/scan.ts';
import { CODE_VERSION } from '../build/version.ts';
import { compress, type Encoding } from './compress.ts';
import { writeFileAtomic } from '../build/write.ts';
import type { Diagnostic } from '../core/types.ts';

/** A note changed this close to the snapshot's stat might not show in its stat: no snapshot then (as git's racy-clean rule). */
const RACY_MS = 2000;
const MAGIC = 'vaultgraph-serve-snapshot/1\n';

/** What `serve` prints and serves from a snapshot. */
export interface SnapshotInfo { order: number; size: number; diagnostics: Diagnostic[] }
export interface Snapshot extends SnapshotInfo { br: Buffer; gzip: Buffer }

export interface SnapshotKey {
  file: string;
  hash: string;
  /** A file of the vault changed within RACY_MS of the stat: neither read nor write a snapshot. */
  racy: boolean;
}

/** Whether the build cache holds anything of `root` at serve's detail (else a first `serve` starts from buildServeColumns). */
export function buildCacheKnows(root: string, cacheDir: string): boolean {
  return fs.existsSync(cacheFileFor(cacheDir, root, 'full'));
}

/** Where the snapshot of `root` is kept (one per vault). */
export function snapshotFile(root: string, cacheDir: string): string {
  return cacheFileFor(cacheDir, root).replace(/\.cache$/, '-serve.snap');
}

/**
 * The key of the vault as it is now: one stat per file. `settings` holds everything else the payload
 * depends on (the flags given, the layout's settings). `after`: the key of what a build that started
 * at `startedAt` read, worked out once it is done (no snapshot to read: its stat pass is then off the
 * way to the first page): over the files that build listed, and racy when any of them changed since
 * it started — the build may have read it before or after the change.
 */
export function snapshotKey(root: string, cacheDir: string, settings: unknown,
  after?: { startedAt: number; scanned: Pick<VaultListing, 'notes' | 'attachments'> }): SnapshotKey {
  const now = Date.now();
  const h = createHash('sha1').update(`${MAGIC}${CODE_VERSION}\0${JSON.stringify(settings)}\0`);
  let racy = false;
  const stamp = (rel: string) => {
    let st: fs.Stats | undefined;
    try { st = fs.statSync(path.join(root, rel)); } catch { /* absent: stamped as such */ }
    h.update(st ? `${rel}\0${st.size}/${st.mtimeMs}/${st.ctimeMs}/${st.ino}\0` : `${rel}\0-\0`);
    // After a build, also a file renamed over or touched back since it started (its ctime tells).
    if (st && (Math.abs(now - st.mtimeMs) < RACY_MS || (after && (st.mtimeMs > after.startedAt - RACY_MS || st.ctimeMs > after.startedAt)))) racy = true;
  };
  // The folder only by its presence: Obsidian rewrites workspace files in it all the time.
  h.update(fs.existsSync(path.join(root, '.obsidian')) ? '.obsidian\0' : '-\0');
  for (const f of [CONFIG_FILE, '.obsidian/app.json', '.obsidian/graph.json']) stamp(f);
  const listed = after?.scanned ?? listVault(root);
  for (const [rel, disk] of listed.notes) { h.update(`${rel}\0`); stamp(disk); }
  for (const a of listed.attachments) h.update(`${a}\0`);
  return { file: snapshotFile(root, cacheDir), hash: h.digest('hex'), racy };
}

/** The snapshot for `key`, or undefined (none, another vault state, damaged). */
export function readSnapshot(key: SnapshotKey): Snapshot | undefined {
  if (key.racy) return undefined;
  try {
    const buf = readRegular(key.file);
    if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined;
    const end = buf.indexOf(10, MAGIC.length);
    const head = JSON.parse(buf.toString('utf8', MAGIC.length, end)) as SnapshotInfo & { hash: string; br: number; gzip: number };
    if (head.hash !== key.hash || end + 1 + head.br + head.gzip !== buf.length) return undefined;
    const br = buf.subarray(end + 1, end + 1 + head.br), gzip = buf.subarray(end + 1 + head.br);
    return { order: head.order, size: head.size, diagnostics: head.diagnostics, br, gzip };
  } catch { return undefined; }
}

const compressed = (text: string, encoding: Encoding) => new Promise<Buffer>((resolve, reject) => {
  compress(text, encoding, (e, buf) => (e ? reject(e) : resolve(buf!)));
});

/** Both encodings of a payload, as `serve` sends them (compress.ts owns the settings), off the main thread. */
export async function compressBoth(text: string): Promise<{ br: Buffer; gzip: Buffer }> {
  const [br, gzip] = await Promise.all([compressed(text, 'br'), compressed(text, 'gzip')]);
  return { br, gzip };
}

/** Keep the compressed payload for the next `serve` of this vault state (best effort: a cache only costs speed). */
export function writeSnapshot(key: SnapshotKey, s: Snapshot): void {
  if (key.racy) return;
  const head = JSON.stringify({ hash: key.hash, order: s.order, size: s.size, diagnostics: s.diagnostics, br: s.br.length, gzip: s.gzip.length });
  try {
    writeFileAtomic(key.file, Buffer.concat([Buffer.from(`${MAGIC}${head}\n`), s.br, s.gzip]), { mode: 0o600, regularOnly: true });
  } catch { /* read-only cache folder */ }
}
