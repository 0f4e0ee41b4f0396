// `serve --watch`: the page comes first, from the build's columns or a kept payload, as plain `serve`
// gives it; the live vault is read behind it and takes the server over (server.ts `adopt`). Pages
// are told to reload only when what they were sent no longer matches the vault; edits then reach
// them as deltas.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compressBoth } from '../src/viewer/serve-snapshot.ts';
import { buildServeModel } from '../src/viewer/serve-model.ts';
import { sameShown, startServer, type RunningServer } from '../src/viewer/server.ts';
import { openLiveVault, watchLive } from '../src/live/watch.ts';
import { fixture, rewriteSnapshotFile } from './helpers.ts';

let dir: string, vault: string, cache: string;
const past = (file: string) => { const t = new Date(Date.now() - 60_000); fs.utimesSync(file, t, t); };
const NOTE = 'notes/起点.md';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-serve-watch-'));
  vault = path.join(dir, 'vault');
  cache = path.join(dir, 'cache');
  fs.cpSync(fixture('relations'), vault, { recursive: true });
  // Stat times in the past: a kept payload's key is not "racy" (serve-snapshot.ts).
  for (const f of fs.readdirSync(vault, { recursive: true }) as string[]) past(path.join(vault, f));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    }).on('error', reject);
  });
}

/** What `/api/events` sends from now on, as text (closed by the server). */
function listen(url: string): { text: () => string } {
  let text = '';
  http.get(`${url}api/events`, (res) => res.on('data', (b: Buffer) => { text += b.toString('utf8'); }));
  return { text: () => text };
}

async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('sameShown: two payloads that show the same graph', () => {
  it('are equal but for how the layout was made', () => {
    const a = '{"vaultName":"v","graph":{"x":1},"positions":"2AB","layout":{"iterations":150,"ms":12,"cached":false}}';
    expect(sameShown(a, '{"vaultName":"v","graph":{"x":1},"positions":"2AB"}')).toBe(true);
    expect(sameShown(a, '{"vaultName":"v","graph":{"x":1},"positions":"2AC","layout":{"iterations":150,"ms":12,"cached":false}}')).toBe(false);
    expect(sameShown(a, '{"vaultName":"w","graph":{"x":1},"positions":"2AB"}')).toBe(false);
  });
});

describe('server.adopt: the live vault takes over from the first page', () => {
  let server: RunningServer | undefined;
  afterEach(async () => { await server?.close(); server = undefined; });

  it('pageSent: once the first page has its graph, or 2 s after listening without one', async () => {
    const { model } = await buildServeModel(vault);
    server = await startServer({ root: vault, model, layout: false });
    let sent = false;
    void server.pageSent.then(() => { sent = true; });
    await new Promise((r) => setTimeout(r, 300));
    expect(sent).toBe(false);
    await get(`${server.url}api/graph`);
    await until(() => sent, 'pageSent', 1000);
    const idle = await startServer({ root: vault, model: (await buildServeModel(vault)).model, layout: false });
    const t0 = Date.now();
    await idle.pageSent;
    expect(Date.now() - t0).toBeGreaterThan(1500);
    await idle.close();
  });

  it('pageUp: once a page listens for changes, or 2 s after its graph when none does', async () => {
    const { model } = await buildServeModel(vault);
    server = await startServer({ root: vault, model, layout: false });
    let up = false;
    void server.pageUp.then(() => { up = true; });
    await get(`${server.url}api/graph`);
    await new Promise((r) => setTimeout(r, 300));
    expect(up).toBe(false);
    listen(server.url);
    await until(() => up, 'pageUp', 1000);
    const quiet = await startServer({ root: vault, model: (await buildServeModel(vault)).model, layout: false });
    await get(`${quiet.url}api/graph`);
    const t0 = Date.now();
    await quiet.pageUp;
    expect(Date.now() - t0).toBeGreaterThan(1500);
    await quiet.close();
  });

  it('from the columns, an equal graph: the same payload, and pages are not told to reload', async () => {
    const { model } = await buildServeModel(vault);
    server = await startServer({ root: vault, model, layout: false });
    const first = await get(`${server.url}api/graph`);
    const events = listen(server.url);
    await until(() => events.text().includes('connected'), 'the event stream');
    await server.adopt((await openLiveVault(vault)).live.graph);
    expect(await get(`${server.url}api/graph`)).toBe(first);
    // The columns were closed on the way: details now come from the live graph.
    expect(JSON.parse(await get(`${server.url}api/node?key=${encodeURIComponent('notes/起点')}`))).toMatchObject({ key: 'notes/起点' });
    await new Promise((r) => setTimeout(r, 100));
    expect(events.text()).not.toContain('event: graph');
  });

  it('from a kept payload the vault no longer matches: pages are told to reload, and get the live graph', async () => {
    const { model } = await buildServeModel(vault);
    const fresh = await startServer({ root: vault, model, layout: false });
    const truth = await get(`${fresh.url}api/graph`);
    await fresh.close();
    const stale = truth.replace('"vaultName":"vault"', '"vaultName":"kept"');
    expect(stale).not.toBe(truth);
    server = await startServer({ root: vault, layout: false, packed: { ...await compressBoth(stale), model: async () => (await buildServeModel(vault)).model } });
    expect(await get(`${server.url}api/graph`)).toBe(stale);
    const events = listen(server.url);
    await until(() => events.text().includes('connected'), 'the event stream');
    await server.adopt((await openLiveVault(vault)).live.graph);
    await until(() => events.text().includes('event: graph'), 'the reload event');
    expect(await get(`${server.url}api/graph`)).toBe(truth);
  });
});

describe('watchLive while the live vault is still being opened', () => {
  it('a change seen meanwhile waits for the vault, then is applied to it', async () => {
    const opened = await openLiveVault(vault); // read before the change: the change must come as a delta
    let release!: (v: typeof opened.live) => void;
    const opening = new Promise<typeof opened.live>((resolve) => { release = resolve; });
    const deltas: string[] = [];
    const stop = watchLive(vault, () => opening, opened.options, { onDelta: (d) => deltas.push(JSON.stringify(d)), onRebuild: () => undefined });
    try {
      await stop.ready;
      fs.appendFileSync(path.join(vault, NOTE), '\n[[等着的]]\n');
      await new Promise((r) => setTimeout(r, 400)); // past the debounce: the change is waiting
      expect(deltas).toEqual([]);
      release(opened.live);
      await until(() => deltas.length > 0, 'the delta');
      expect(deltas.join()).toContain('等着的');
      expect(opened.live.graph.hasNode('等着的')).toBe(true);
    } finally {
      await stop();
    }
  });
});

describe('vaultgraph serve --watch', () => {
  const bin = path.resolve(import.meta.dirname, '..', 'bin', 'vaultgraph.mjs');
  /** Runs serve --watch (and the flags `more`) until `then` is done; its stderr so far is `err()`. */
  async function serveWatch(then: (url: string, err: () => string) => Promise<void>, ...more: string[]): Promise<number | null> {
    const child = spawn(process.execPath, [bin, 'serve', vault, '--watch', '--port', '0', '--cache-dir', cache, ...more],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: dir } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d; });
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d; const m = /viewer at (\S+)/.exec(out); if (m) resolve(m[1]!); });
      void ended.then(() => reject(new Error(`serve --watch ended before it was ready: ${err}`)));
    });
    try {
      await then(url, () => err);
    } finally {
      child.kill('SIGINT');
    }
    const code = await ended;
    // A stop is not a failure: nothing about the watch is said on the way out.
    expect(err).not.toMatch(/watch: |Error/);
    return code;
  }

  it('serves the page, then follows the vault: an edit reaches open pages as a delta and the next payload', async () => {
    expect(await serveWatch(async (url, err) => {
      const events = listen(url);
      expect(await get(`${url}api/graph`)).toContain('"vaultName":"vault"');
      await until(() => err().includes('watching'), '"watching"');
      fs.appendFileSync(path.join(vault, NOTE), '\n[[新来的]]\n');
      await until(() => events.text().includes('event: delta') && events.text().includes('新来的'), 'the delta');
      expect(events.text()).not.toContain('event: graph');
      expect(await get(`${url}api/graph`)).toContain('新来的');
    })).toBe(0);
  }, 60_000);

  it('Ctrl-C while the live vault is read (parse workers busy) stops it quietly', async () => {
    // Enough notes for the parse workers (5,000 and up).
    fs.rmSync(vault, { recursive: true });
    fs.mkdirSync(vault);
    for (let i = 0; i < 6000; i++) fs.writeFileSync(path.join(vault, `n${i}.md`), `# n${i}\n[[n${(i * 7) % 6000}]] [[n${(i + 1) % 6000}]] #t${i % 9}\n`);
    let said = '';
    const t0 = Date.now();
    expect(await serveWatch(async (url, err) => {
      expect((await get(`${url}api/graph`)).length).toBeGreaterThan(0);
      said = err();
    })).toBe(0);
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(said).not.toContain('watching');
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('vaultgraph-serve-'))).toEqual([]);
  }, 90_000);

  it('behind a kept payload, a click is answered from the columns, long before the live vault is read', async () => {
    // Enough notes for the live vault's read to take a while (parse workers from 5,000 notes).
    fs.rmSync(vault, { recursive: true });
    fs.mkdirSync(vault);
    for (let i = 0; i < 6000; i++) fs.writeFileSync(path.join(vault, `n${i}.md`), `# n${i}\n[[n${(i * 7) % 6000}]] [[n${(i + 1) % 6000}]] #t${i % 9}\n`);
    // The first run keeps the payload and fills the caches: of files older than the 2 s in which a
    // change may not show in a file's times (serve-snapshot.ts keeps no payload of newer ones).
    await new Promise((r) => setTimeout(r, 2100));
    expect(await serveWatch(async (url, err) => {
      await get(`${url}api/graph`);
      await until(() => err().includes('watching') && fs.readdirSync(cache).some((f) => f.endsWith('-serve.snap')), 'the snapshot and "watching"', 60_000);
    }, '--no-layout')).toBe(0);
    let times: number[] = [];
    expect(await serveWatch(async (url, err) => {
      const t0 = Date.now();
      await get(`${url}api/graph`);
      const note = JSON.parse(await get(`${url}api/note?path=n1.md`)) as { text: string };
      expect(note.text).toContain('[[n7]]');
      const answered = Date.now();
      expect(err()).not.toContain('watching');
      await until(() => err().includes('watching'), '"watching"', 60_000);
      times = [answered - t0, Date.now() - answered];
    }, '--no-layout')).toBe(0);
    // The note came in a fraction of the time the live vault took after it (ratios, not times: the machine is shared).
    expect(times[1]!).toBeGreaterThan(times[0]!);
  }, 120_000);

  it('a kept payload is served first; one the vault no longer matches is replaced by the live graph', async () => {
    // The first run keeps the payload (a snapshot) for the next.
    let truth = '';
    expect(await serveWatch(async (url) => {
      truth = await get(`${url}api/graph`);
      await until(() => fs.existsSync(cache) && fs.readdirSync(cache).some((f) => f.endsWith('-serve.snap')), 'the snapshot');
    })).toBe(0);
    // Marked, as if the vault had changed between the snapshot's check and the live vault's read.
    const stale = truth.replace('"vaultName":"vault"', '"vaultName":"kept"');
    expect(stale).not.toBe(truth);
    rewriteSnapshotFile(path.join(cache, fs.readdirSync(cache).find((f) => f.endsWith('-serve.snap'))!), await compressBoth(stale));
    expect(await serveWatch(async (url, err) => {
      expect(await get(`${url}api/graph`)).toBe(stale);
      await until(() => err().includes('watching'), '"watching"');
      const now = await get(`${url}api/graph`);
      expect(now).not.toBe(stale);
      expect(sameShown(now, truth)).toBe(true);
    })).toBe(0);
  }, 60_000);
});
