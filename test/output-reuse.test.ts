// `build -o FILE` with the cache, when every draft a build would merge is the cache's record
// (src/build/output-reuse.ts): an edit that keeps the note's draft leaves FILE as it is and is up to
// date, a new path gets a copy of a recorded output, and anything else is built. Every output is
// compared with a build without the cache; the notes drafted are counted through draftChunk, and
// the graphs written through writeGraphTail (once per JSON written by a build).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { captureIo, fixture } from './helpers.ts';

const drafted = vi.hoisted(() => ({ notes: 0, graphs: 0 }));
vi.mock('../src/build/draft-chunk.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../src/build/draft-chunk.ts')>();
  return { ...m, draftChunk: (...a: Parameters<typeof m.draftChunk>) => { drafted.notes += a[1].length; return m.draftChunk(...a); } };
});
vi.mock('../src/build/write-json.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../src/build/write-json.ts')>();
  return { ...m, writeGraphTail: (...a: Parameters<typeof m.writeGraphTail>) => { drafted.graphs++; return m.writeGraphTail(...a); } };
});

let dir: string, vault: string, cacheDir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-reuse-'));
  vault = path.join(dir, 'vault');
  cacheDir = path.join(dir, 'cache');
  fs.cpSync(fixture('mini'), vault, { recursive: true });
});

const out = (name: string) => path.join(dir, name);
async function build(file: string, ...more: string[]) {
  const argv = ['build', vault, '-o', file, ...more];
  const io = captureIo(dir);
  drafted.notes = 0;
  drafted.graphs = 0;
  const code = await runCli(argv, { ...io, argv });
  expect(code, io.err()).toBe(0);
  return { err: io.err(), drafted: drafted.notes, built: drafted.graphs > 0, bytes: fs.readFileSync(file) };
}
const cached = (file: string, ...more: string[]) => build(file, '--cache-dir', cacheDir, ...more);
const cold = async (...more: string[]) => (await build(out('cold.json'), '--no-cache', ...more)).bytes;
const statOf = (file: string) => { const s = fs.statSync(file); return [s.ino, s.mtimeMs, s.ctimeMs, s.size]; };
const note = (p: string) => path.join(vault, p);

describe('an edit that keeps every note\'s draft', () => {
  it('leaves FILE as it was and reports it up to date; an edit of a link writes it again', async () => {
    await cached(out('graph.json'));
    const before = statOf(out('graph.json'));
    fs.appendFileSync(note('notes/A.md'), '\n更多的正文，没有链接。\n');
    const prose = await cached(out('graph.json'));
    expect(prose.err).toMatch(/graph\.json is up to date: /);
    expect(prose.drafted).toBe(1); // the edited note alone, to compare with its record
    expect(statOf(out('graph.json'))).toEqual(before);
    expect(prose.bytes.equals(await cold())).toBe(true);

    fs.appendFileSync(note('notes/A.md'), '\n[[notes/D]] 与 [[又一个缺失]]\n');
    const link = await cached(out('graph.json'));
    expect(link.err).toMatch(/wrote .*graph\.json: /);
    expect(link.built).toBe(true);
    expect(link.drafted).toBe(1); // compared with its record, then merged: drafted once
    expect(link.bytes.equals(await cold())).toBe(true);
  });

  it('stamps the edited note anew: the build after it drafts nothing', async () => {
    await cached(out('graph.json'));
    fs.appendFileSync(note('notes/B.md'), '\n只是文字。\n');
    expect((await cached(out('graph.json'))).drafted).toBe(1);
    const next = await cached(out('graph.json'));
    expect(next.drafted).toBe(0);
    expect(next.err).toMatch(/is up to date/);
  });

  it('a note touched with the same bytes is up to date', async () => {
    await cached(out('graph.json'));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(note('notes/E.md'), later, later);
    const r = await cached(out('graph.json'));
    expect(r.err).toMatch(/is up to date/);
    expect(r.drafted).toBe(0);
  });
});

describe('a new output path', () => {
  it('gets a copy of a recorded output, with a new file\'s mode; alternating paths keep working', async () => {
    const a = out('a.json'), b = out('b.json');
    fs.writeFileSync(a, 'old', { mode: 0o600 }); // a build keeps an existing file's mode
    await cached(a);
    expect(fs.statSync(a).mode & 0o777).toBe(0o600);
    const copy = await cached(b);
    expect(copy.err).toMatch(/wrote .*b\.json: \d+ nodes/);
    expect(copy.drafted).toBe(0);
    expect(copy.built).toBe(false);
    expect(copy.bytes.equals(await cold())).toBe(true);
    const umask = process.umask();
    expect(fs.statSync(b).mode & 0o777).toBe(0o666 & ~umask);
    for (const file of [b, a, b]) {
      fs.rmSync(file);
      const again = await cached(file);
      expect(again.built).toBe(false);
      expect(again.bytes.equals(await cold())).toBe(true);
    }
    fs.appendFileSync(note('notes/D.md'), '\n散文。\n'); // a kept draft, then a copy
    const both = await cached(out('c.json'));
    expect(both.drafted).toBe(1);
    expect(both.built).toBe(false);
    expect(both.bytes.equals(await cold())).toBe(true);
  });

  it('is built when the recorded output was changed since, even to bytes of the same size', async () => {
    const a = out('a.json');
    await cached(a);
    const bytes = fs.readFileSync(a);
    const i = bytes.indexOf('"nodes"');
    bytes.write('"nodez"', i);
    fs.writeFileSync(a, bytes);
    const b = await cached(out('b.json'));
    expect(b.built).toBe(true);
    expect(b.bytes.equals(await cold())).toBe(true);
    const again = await cached(a);
    expect(again.err).toMatch(/wrote .*a\.json/);
    expect(again.bytes.equals(await cold())).toBe(true);
  });

  it('is never given an output of another format or detail', async () => {
    await cached(out('lean.json'));
    for (const flags of [['--pretty'], ['--detail', 'full'], ['--pretty', '--detail', 'full']]) {
      const r = await cached(out(`other-${flags.join('')}.json`), ...flags);
      expect(r.bytes.equals(await cold(...flags)), flags.join(' ')).toBe(true);
    }
  });
});
