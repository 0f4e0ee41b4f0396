// Test helpers: fixture paths, an in-memory CLI io, and an edge listing that reads like the vault.

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
