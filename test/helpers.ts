// Test helpers: fixture paths, an in-memory CLI io, an edge listing that reads like the vault, and
// serve's kept payload file taken apart and put back (to mark what a later serve is sent).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/cli/main.ts';
import type { VaultGraph } from '../src/core/graph.ts';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);

/** The text of chunks written as strings or (spooled) bytes. */
export const textOf = (chunks: ReadonlyArray<string | Uint8Array>): string => Buffer.concat(chunks.map((c) => typeof c === 'string' ? Buffer.from(c) : c)).toString('utf8');

/** Every edge as `source -relation-> target`, sorted. */
export function edgeList(graph: VaultGraph): string[] {
  return graph.mapEdges((_e, a, s, t) => `${s} -${a.relation}-> ${t}`).sort();
}

/** A CliIo that records what the CLI prints. */
export function captureIo(cwd = process.cwd(), isTTY = false): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (s) => { out += s; },
    stderr: (s) => { err += s; },
    isTTY,
    cwd,
    out: () => out,
    err: () => err,
  };
}

/** The file's parts: magic line, header line, brotli then gzip bytes. */
export function readSnapshotFile(file: string) {
  const buf = fs.readFileSync(file);
  const a = buf.indexOf(10), b = buf.indexOf(10, a + 1);
  const head = JSON.parse(buf.toString('utf8', a + 1, b)) as { br: number; gzip: number };
  return { magic: buf.subarray(0, a + 1), head, br: buf.subarray(b + 1, b + 1 + head.br) };
}
export function rewriteSnapshotFile(file: string, packed: { br: Buffer; gzip: Buffer }) {
  const { magic, head } = readSnapshotFile(file);
  fs.writeFileSync(file, Buffer.concat([magic, Buffer.from(`${JSON.stringify({ ...head, br: packed.br.length, gzip: packed.gzip.length })}\n`), packed.br, packed.gzip]));
}
