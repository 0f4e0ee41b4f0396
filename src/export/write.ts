// Writing an export to disk — the one place in export/ that touches the file system.

import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { openOutput, writeFileAtomic } from '../build/write.ts';
import { Spool } from '../build/spool.ts';
import type { TextBuffer } from './cypher.ts';
import { buffered, type FileSink, type Write } from './source.ts';

/**
 * One text to `target`, or several named texts into the folder `target`, each file atomically (a
 * reader may see a new nodes.csv beside an old edges.csv for a moment, never a half-written file).
 */
export function writeOutputAtomic(target: string, output: string | Record<string, string>): string[] {
  if (typeof output === 'string') {
    writeFileAtomic(target, output);
    return [target];
  }
  return Object.entries(output).map(([name, text]) => {
    const file = path.join(target, name);
    writeFileAtomic(file, text);
    return file;
  });
}

/** Where an export's files go, each opened, written in pieces, then committed (or aborted on failure). */
export interface ExportTarget {
  /** Named files (csv, neo4j) in order; one-file formats use the name ''. */
  file: FileSink;
  /** The one file, filled by an asynchronous producer (json: the build's own stream). */
  stream(fill: (write: Write) => Promise<void>): Promise<void>;
  written: string[];
}

/** Text pieces → `open(name)`'s output in ~1 M-character chunks; the file kept only when `fill` succeeds. */
function target(open: (name: string) => { write(s: string): void; commit(): void; abort(): void }, shown: (name: string) => string | undefined): ExportTarget {
  const written: string[] = [];
  const begin = (name: string) => {
    const out = open(name);
    const text = buffered((s) => out.write(s));
    return {
      write: text.write,
      flush: text.flush,
      abort: () => out.abort(),
      commit: () => { out.commit(); const f = shown(name); if (f !== undefined) written.push(f); },
    };
  };
  return {
    file: (name, fill) => {
      const f = begin(name);
      try { fill(f.write); f.flush(); } catch (e) { f.abort(); throw e; }
      f.commit();
    },
    stream: async (fill) => {
      const f = begin('');
      try { await fill(f.write); f.flush(); } catch (e) { f.abort(); throw e; }
      f.commit();
    },
    written,
  };
}

/**
 * Files written atomically (build/write.ts: a temporary file renamed over the target once complete,
 * removed on failure): `dest` itself for the name '', else `dest/name`.
 */
export function atomicTarget(dest: string): ExportTarget {
  const at = (n: string) => (n === '' ? dest : path.join(dest, n));
  return target((n) => openOutput(at(n)), at);
}

/** Standard output, through the CLI's own writer. */
export function stdoutTarget(stdout: (s: string) => void): ExportTarget {
  return target(() => ({ write: stdout, commit: () => undefined, abort: () => undefined }), () => undefined);
}

/** Text set aside in a spool (memory up to `memoryBytes`, then a private temporary file). */
export function spoolBuffer(memoryBytes = 8 << 20): TextBuffer {
  const spool = new Spool(memoryBytes);
  return {
    push: (t) => spool.push(t),
    drain: (write) => {
      const text = new StringDecoder('utf8'); // a block read back may end inside a character
      spool.drain((b) => { const s = text.write(Buffer.from(b.buffer, b.byteOffset, b.length)); if (s) write(s); });
      const rest = text.end();
      if (rest) write(rest);
    },
    dispose: () => spool.dispose(),
  };
}
