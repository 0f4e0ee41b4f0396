// The vault's last layout, kept beside the layout cache so that a changed vault keeps its picture:
// the nodes it had stay where they were, new ones go near their neighbours (carryPositions), and no
// ForceAtlas2 runs — as watch mode does, but between two `serve`s. Too many new nodes (a vault that
// is mostly new) and FA2 runs afresh.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readRegular } from '../build/read.ts';
import { writeFileAtomic } from '../build/write.ts';
import type { Point } from './place.ts';

/** Carry the last layout over only while at most this share of the nodes is new. */
export const CARRY_MAX_NEW = 0.2;

/** `<cacheDir>/layout/last-<id>.bin` for the vault at `vault` (its real path decides the id). */
export function lastLayoutFile(cacheDir: string, vault: string): string {
  let real = vault;
  try { real = fs.realpathSync(vault); } catch { /* the given path then */ }
  return path.join(cacheDir, 'layout', `last-${createHash('sha1').update(real).digest('hex').slice(0, 16)}.bin`);
}

/** Layout: u32 node count, the positions as float32 x,y pairs, then the keys, NUL-separated (UTF-8). */
export function writeLastLayout(file: string, keys: readonly string[], positions: Float32Array): void {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(keys.length);
  const xy = Buffer.from(positions.buffer, positions.byteOffset, positions.byteLength);
  try { writeFileAtomic(file, Buffer.concat([head, xy, Buffer.from(keys.join('\0'))]), { mode: 0o600, regularOnly: true }); } catch { /* a cache is optional */ }
}

export function readLastLayout(file: string): Map<string, Point> | undefined {
  try {
    const buf = readRegular(file);
    const n = buf.readUInt32LE(0);
    if (buf.length < 4 + 8 * n) return undefined;
    const keys = buf.toString('utf8', 4 + 8 * n).split('\0');
    if (keys.length !== n) return undefined;
    const out = new Map<string, Point>();
    for (let i = 0; i < n; i++) {
      const x = buf.readFloatLE(4 + 8 * i), y = buf.readFloatLE(8 + 8 * i);
      if (!Number.isFinite(x) || !Number.isFinite(y)) return undefined;
      out.set(keys[i]!, { x, y });
    }
    return out;
  } catch { return undefined; }
}

/** Whether enough of the graph is in the last layout to carry it over. */
export function worthCarrying(keys: readonly string[], last: ReadonlyMap<string, Point>): boolean {
  let fresh = 0;
  for (const k of keys) if (!last.has(k)) fresh++;
  return keys.length > 0 && fresh <= CARRY_MAX_NEW * keys.length;
}

/** Neighbours by key (both directions) over the layout's edge columns, as carryPositions reads them. */
export function neighboursOf(topo: { keys: readonly string[]; source: ArrayLike<number>; target: ArrayLike<number> }) {
  const n = topo.keys.length;
  const index = new Map<string, number>();
  topo.keys.forEach((k, i) => index.set(k, i));
  const start = new Uint32Array(n + 1), m = topo.source.length;
  for (let j = 0; j < m; j++) { start[topo.source[j]! + 1]!++; start[topo.target[j]! + 1]!++; }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const adj = new Uint32Array(2 * m), fill = start.slice(0, n);
  for (let j = 0; j < m; j++) { const s = topo.source[j]!, t = topo.target[j]!; adj[fill[s]!++] = t; adj[fill[t]!++] = s; }
  return {
    forEachNeighbor(key: string, cb: (nb: string) => void) {
      const i = index.get(key);
      if (i !== undefined) for (let q = start[i]!; q < start[i + 1]!; q++) cb(topo.keys[adj[q]!]!);
    },
  };
}
