// `serve`'s kept payload (src/viewer/serve-snapshot.ts): keyed by every file's stat and the flags, so
// any change to the vault misses; served as kept, in the encoding the client accepts; and the model
// behind it is built after the page's graph has gone, for the requests that need it.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compressBoth, readSnapshot, snapshotKey, writeSnapshot } from '../src/viewer/serve-snapshot.ts';
import { buildServeModel } from '../src/viewer/serve-model.ts';
import { startServer } from '../src/viewer/server.ts';
import { fixture, readSnapshotFile, rewriteSnapshotFile } from './helpers.ts';
import { readPayload } from '../src/viewer/payload.ts';
import { isCompact } from '../src/viewer/compact.ts';

let dir: string, vault: string, cache: string;
const past = (file: string) => { const t = new Date(Date.now() - 60_000); fs.utimesSync(file, t, t); };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-snapshot-'));
  vault = path.join(dir, 'vault');
  cache = path.join(dir, 'cache');
  fs.cpSync(fixture('relations'), vault, { recursive: true });
  for (const f of fs.readdirSync(vault, { recursive: true }) as string[]) past(path.join(vault, f));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const note = () => path.join(vault, (fs.readdirSync(vault, { recursive: true }) as string[]).find((f) => f.endsWith('.md'))!);

describe('the snapshot key', () => {
  it('stays for the same vault and flags, and changes with a note, a new file or a flag', () => {
    const a = snapshotKey(vault, cache, { layout: true });
    expect(a.racy).toBe(false);
    expect(snapshotKey(vault, cache, { layout: true }).hash).toBe(a.hash);
    expect(snapshotKey(vault, cache, { layout: false }).hash).not.toBe(a.hash);
    fs.appendFileSync(note(), '\nmore\n');
    past(note());
    const b = snapshotKey(vault, cache, { layout: true });
    expect(b.hash).not.toBe(a.hash);
    fs.writeFileSync(path.join(vault, 'picture.png'), '');
    past(path.join(vault, 'picture.png'));
    const c = snapshotKey(vault, cache, { layout: true });
    expect(c.hash).not.toBe(b.hash);
    // Obsidian's graph settings (colour groups, starting filters) are in the payload.
    fs.mkdirSync(path.join(vault, '.obsidian'), { recursive: true });
    fs.writeFileSync(path.join(vault, '.obsidian', 'graph.json'), '{"colorGroups":[]}');
    past(path.join(vault, '.obsidian', 'graph.json'));
    expect(snapshotKey(vault, cache, { layout: true }).hash).not.toBe(c.hash);
  });

  it('worked out after a build (no snapshot to read), is the key the next serve works out first', async () => {
    await new Promise((r) => setTimeout(r, 20)); // the copy's ctime is not within the build's first millisecond
    const startedAt = Date.now();
    const { model, scanned } = await buildServeModel(vault);
    model.close();
    const after = snapshotKey(vault, cache, { layout: true }, { startedAt, scanned });
    expect(after.racy).toBe(false);
    expect(after.hash).toBe(snapshotKey(vault, cache, { layout: true }).hash);
  });

  it('worked out after a build, is racy when a note changed since the build started, even with its old mtime', async () => {
    const startedAt = Date.now() - 1;
    const { model, scanned } = await buildServeModel(vault);
    model.close();
    fs.appendFileSync(note(), '\nduring the build\n');
    past(note()); // mtime back in the past: the ctime still says when
    expect(snapshotKey(vault, cache, {}, { startedAt, scanned }).racy).toBe(true);
  });

  it('worked out after a build, keys the files that build listed: a note deleted meanwhile never matches later', async () => {
    const startedAt = Date.now();
    const { model, scanned } = await buildServeModel(vault);
    model.close();
    fs.rmSync(note());
    const after = snapshotKey(vault, cache, {}, { startedAt, scanned });
    expect(after.hash).not.toBe(snapshotKey(vault, cache, {}).hash);
  });

  it('is racy (never read nor written) while a note was changed just now', () => {
    fs.appendFileSync(note(), '\nnow\n');
    const key = snapshotKey(vault, cache, {});
    expect(key.racy).toBe(true);
    writeSnapshot(key, { order: 1, size: 0, diagnostics: [], br: Buffer.from('x'), gzip: Buffer.from('y') });
    expect(fs.existsSync(key.file)).toBe(false);
  });
});

describe('the kept payload', () => {
  it('reads back as written for its key only; a damaged file is no snapshot', async () => {
    const key = snapshotKey(vault, cache, {});
    const packed = await compressBoth('{"graph":"我"}');
    const diagnostics = [{ path: 'a.md', line: 1, severity: 'warning' as const, code: 'read-error' as const, message: 'bad\nline' }];
    writeSnapshot(key, { order: 3, size: 2, diagnostics, ...packed });
    const back = readSnapshot(key)!;
    expect(back).toMatchObject({ order: 3, size: 2, diagnostics });
    expect(zlib.brotliDecompressSync(back.br).toString()).toBe('{"graph":"我"}');
    expect(zlib.gunzipSync(back.gzip).toString()).toBe('{"graph":"我"}');
    expect(readSnapshot({ ...key, hash: 'other' })).toBeUndefined();
    fs.truncateSync(key.file, fs.statSync(key.file).size - 1);
    expect(readSnapshot(key)).toBeUndefined();
  });
});

function get(url: string, encoding?: string): Promise<{ status: number; encoding?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve({ status: res.statusCode!, ...(res.headers['content-encoding'] && { encoding: res.headers['content-encoding'] }), body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
}

describe('a server given a kept payload', () => {
  it('sends it in each encoding at once and builds the model after it, for /api/node', async () => {
    const packed = await compressBoth('{"vaultName":"kept"}');
    let asked = 0;
    const server = await startServer({ root: vault, packed: { ...packed, model: async () => { asked++; return (await buildServeModel(vault)).model; } } });
    try {
      expect(asked).toBe(0);
      const br = await get(`${server.url}api/graph`, 'br');
      expect(br.encoding).toBe('br');
      expect(br.body.equals(packed.br)).toBe(true);
      expect((await get(`${server.url}api/graph`, 'gzip')).body.equals(packed.gzip)).toBe(true);
      expect((await get(`${server.url}api/graph`)).body.toString()).toBe('{"vaultName":"kept"}');
      const node = await get(`${server.url}api/node?key=${encodeURIComponent('notes/起点')}`);
      expect(asked).toBe(1);
      expect(node.status, node.body.toString()).toBe(200);
      expect(JSON.parse(node.body.toString())).toMatchObject({ key: 'notes/起点' });
    } finally {
      await server.close();
    }
  });
});

describe('serve, twice on an unchanged vault', () => {
  const bin = path.resolve(import.meta.dirname, '..', 'bin', 'vaultgraph.mjs');
  async function serveOnce(tmp: string, then: (url: string) => Promise<void>): Promise<number | null> {
    const child = spawn(process.execPath, [bin, 'serve', vault, '--port', '0', '-q', '--no-layout', '--cache-dir', cache],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: tmp } });
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d; const m = /viewer at (\S+)/.exec(out); if (m) resolve(m[1]!); });
      void ended.then(() => reject(new Error('serve ended before it was ready')));
    });
    await then(url);
    child.kill('SIGINT');
    return ended;
  }

  it('a vault the build cache does not know: the first page from the columns, the model and the cache behind it', async () => {
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    expect(await serveOnce(tmp, async (url) => {
      const first = JSON.parse((await get(`${url}api/graph`)).body.toString());
      expect(first).toMatchObject({ vaultName: 'vault', noteApi: true, edgeText: true });
      // As the page reads it (the wire format: payload.ts `payloadJson`).
      const read = readPayload(first);
      expect(isCompact(read.graph) && read.graph.target.length).toBeGreaterThan(0);
      // Asked at once: waits for the model being built behind the page, then answers.
      const node = await get(`${url}api/node?key=${encodeURIComponent('notes/起点')}`);
      expect(node.status).toBe(200);
      expect(JSON.parse(node.body.toString()).out.length).toBeGreaterThan(0);
      expect((await get(`${url}api/edge-text?key=${encodeURIComponent('notes/起点')}`)).status).toBe(200);
    })).toBe(0);
    const files = fs.readdirSync(cache);
    expect(files.filter((f) => f.endsWith('-full.cache'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('-serve.snap'))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  }, 90_000);

  it('Ctrl-C while the model is built behind a cold start (parse workers busy) stops it and leaves nothing behind', async () => {
    // Enough notes for the parse workers (5,000 and up), each linking two others.
    const big = path.join(dir, 'big');
    fs.mkdirSync(big);
    for (let i = 0; i < 6000; i++) fs.writeFileSync(path.join(big, `n${i}.md`), `# n${i}\n[[n${(i * 7) % 6000}]] [[n${(i + 1) % 6000}]] #t${i % 9}\n`);
    for (const f of fs.readdirSync(big)) past(path.join(big, f));
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    const child = spawn(process.execPath, [bin, 'serve', big, '--port', '0', '-q', '--no-layout', '--cache-dir', cache],
      { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: tmp } });
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d; const m = /viewer at (\S+)/.exec(out); if (m) resolve(m[1]!); });
    });
    expect((await get(`${url}api/graph`)).status).toBe(200);
    child.kill('SIGINT');
    expect(await ended).toBe(0);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('vaultgraph-serve-'))).toEqual([]);
    // Stopped, not finished: no build cache was committed (and no temporary one left).
    expect(fs.readdirSync(cache).filter((f) => f.endsWith('.tmp') || f.endsWith('-full.cache'))).toEqual([]);
  }, 90_000);

  it('serves the kept payload the second time, the model still answers, Ctrl-C leaves nothing behind', async () => {
    const tmp = path.join(dir, 'tmp');
    fs.mkdirSync(tmp);
    let first = '';
    expect(await serveOnce(tmp, async (url) => {
      first = (await get(`${url}api/graph`)).body.toString();
      // The snapshot is written once compressed, after the first answer.
      for (let i = 0; i < 100 && !(fs.existsSync(cache) && fs.readdirSync(cache).some((f) => f.endsWith('-serve.snap'))); i++) await new Promise((r) => setTimeout(r, 50));
    })).toBe(0);
    const snaps = fs.readdirSync(cache).filter((f) => f.endsWith('-serve.snap'));
    expect(snaps).toHaveLength(1);
    expect(zlib.brotliDecompressSync(readSnapshotFile(path.join(cache, snaps[0]!)).br).toString()).toBe(first);
    // Marked, to see the second run serve it as kept.
    const marked = first.replace('"vaultName":"vault"', '"vaultName":"kept"');
    expect(marked).not.toBe(first);
    rewriteSnapshotFile(path.join(cache, snaps[0]!), await compressBoth(marked));
    expect(await serveOnce(tmp, async (url) => {
      expect((await get(`${url}api/graph`, 'br')).encoding).toBe('br');
      expect((await get(`${url}api/graph`)).body.toString()).toBe(marked);
      expect((await get(`${url}api/node?key=${encodeURIComponent('notes/起点')}`)).status).toBe(200);
    })).toBe(0);
    // Stopped right after the payload: the model being built behind it is dropped, its edge file too.
    expect(await serveOnce(tmp, async (url) => { await get(`${url}api/graph`); })).toBe(0);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('vaultgraph-serve-'))).toEqual([]);
  }, 90_000);
});
