// Fault injection for watch mode (issue 12): once the watcher runs, symlinks planted to a folder or
// file outside the vault are never followed (nothing of theirs reaches /graph.json or /api/node), a
// symlink loop (`ln -s .. up`) does not stop edits from arriving or the watcher from stopping, a note
// turned into a FIFO blocks nothing, dot-folders and node_modules stay out: each time the live graph
// is what a full build of the vault gives. Conditions are polled, never waited for by a fixed sleep.

import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../src/index.ts';
import { listAt } from '../src/build/scan.ts';
import { openLiveVault, watchLive, watchServe, type OpenedVault, type StopWatching } from '../src/live/watch.ts';
import { startServer, type RunningServer } from '../src/viewer/server.ts';
import { buildServeModel } from '../src/viewer/serve-model.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = '---\ntitle: SECRET-TITLE\n---\nSECRET-TEXT [[a/A]] #secret-tag\n';

let base: string;
let root: string;
let outside: string;
beforeEach(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-watch-faults-'));
  root = path.join(base, 'vault');
  outside = path.join(base, 'outside');
  write(root, 'a/A.md', '[[B]] [[secret]]\n');
  write(root, 'b/B.md', '[[A]]\n');
  write(outside, 'secret.md', SECRET);
  write(outside, 'dir/inner.md', SECRET);
});
afterEach(() => { fs.rmSync(base, { recursive: true, force: true }); });

function write(dir: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
}
/** Poll `cond` every 50 ms until it holds; fail naming `what` after `ms`. */
async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const fullBuild = async () => JSON.stringify((await buildVaultGraph(root)).graph.export());

describe('serve --watch: nothing from outside the vault reaches the server', () => {
  let server: RunningServer;
  let stop: StopWatching;
  let logged: string[];
  beforeEach(async () => {
    // As the CLI serves it: the first page from the build's columns, the live vault read behind it.
    const { model } = await buildServeModel(root);
    server = await startServer({ root, model, layout: false });
    logged = [];
    stop = watchServe(root, () => openLiveVault(root), server, {}, (s) => { logged.push(s); });
    // As a page would: its graph, then listening for changes; the live vault is read once it is up.
    await fetch(new URL('api/graph', server.url)).then((r) => r.text());
    await fetch(new URL('api/events', server.url));
    await stop.ready;
  });
  afterEach(async () => { await stop(); await server.close(); });

  const get = async (p: string) => { const r = await fetch(new URL(p, server.url)); return { status: r.status, text: await r.text() }; };
  const keys = async () => (JSON.parse((await get('graph.json')).text) as { nodes: Array<{ key: string }> }).nodes.map((n) => n.key);
  const said = (text: string) => logged.some((l) => l.includes(text));
  /** An edit of A that makes a new unresolved node: once it is served, every earlier event has been handled. */
  const marker = async (name: string) => {
    fs.appendFileSync(path.join(root, 'a/A.md'), `[[${name}]]\n`);
    await until(async () => (await keys()).includes(name), `${name} in /graph.json`);
  };
  const expectNoSecret = async () => {
    const json = (await get('graph.json')).text;
    expect(json).not.toMatch(/SECRET|secret-tag/);
    for (const k of await keys()) expect((await get(`api/node?key=${encodeURIComponent(k)}`)).text).not.toMatch(/SECRET|secret-tag/);
  };

  it('a link to an outside folder, planted after start-up, is not followed', async () => {
    fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'leak'));
    await until(() => said('leak: symbolic link points outside the vault'), 'the warning about leak');
    write(outside, 'dir/late.md', SECRET); // the outside folder changes later: still nothing
    await marker('m1');
    expect((await keys()).filter((k) => k.startsWith('leak'))).toEqual([]);
    expect((await get('api/node?key=leak%2Finner')).status).toBe(404);
    await expectNoSecret();
  }, 60_000);

  it('a link to an outside file, or a note replaced by one, is not read', async () => {
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'secret.md'));
    fs.rmSync(path.join(root, 'b/B.md'));
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(root, 'b/B.md'));
    await until(() => said('secret.md: symbolic link points outside the vault') && said('b/B.md: symbolic link points outside the vault'), 'both warnings');
    await marker('m2');
    const k = await keys();
    expect(k).not.toContain('b/B'); // gone, as a build would have it
    expect(JSON.parse((await get('api/node?key=secret')).text).attributes.kind).toBe('unresolved');
    await expectNoSecret();
  }, 60_000);
});

describe('watchLive under faults and replacements: the live graph stays a full build', () => {
  let opened: OpenedVault;
  let stop: StopWatching;
  beforeEach(async () => {
    opened = await openLiveVault(root);
    stop = watchLive(root, () => opened.live, opened.options, { onDelta: () => undefined, onRebuild: () => undefined });
    await stop.ready;
  });
  afterEach(async () => { await stop(); });
  const live = () => JSON.stringify(opened.live.export());
  const marker = async (name: string) => {
    fs.appendFileSync(path.join(root, 'a/A.md'), `[[${name}]]\n`);
    await until(() => opened.live.graph.hasNode(name), `${name} in the live graph`);
  };

  it('`ln -s .. up` and `ln -s . self`: edits still arrive, nothing is listed twice, stop is prompt', async () => {
    fs.symlinkSync('..', path.join(root, 'a/up'));
    fs.symlinkSync('.', path.join(root, 'self'));
    for (let i = 0; i < 3; i++) await marker(`loop${i}`); // each within seconds
    expect(opened.live.filesUnder('').filter((p) => p.includes('up/') || p.startsWith('self/'))).toEqual([]);
    expect(live()).toBe(await fullBuild());
    const t0 = Date.now();
    await stop();
    expect(Date.now() - t0).toBeLessThan(5000);
  }, 60_000);

  it('a note that becomes a FIFO leaves the graph and blocks nothing', async () => {
    fs.rmSync(path.join(root, 'b/B.md'));
    execFileSync('mkfifo', [path.join(root, 'b/B.md')]);
    execFileSync('mkfifo', [path.join(root, 'pipe.md')]);
    await until(() => !opened.live.graph.hasNode('b/B'), 'b/B to leave');
    await marker('afterFifo');
    expect(opened.live.has('pipe.md')).toBe(false);
    expect(live()).toBe(await fullBuild());
  }, 60_000);

  it('dot-folders and node_modules created after start-up stay out; a link to a note inside the vault comes in', async () => {
    write(root, '.hidden/x.md', '[[A]]');
    write(root, 'a/.trash/y.md', '[[A]]');
    write(root, 'node_modules/z.md', '[[A]]');
    write(root, 'Node_Modules/w.md', '[[A]]');
    fs.symlinkSync(path.join('b', 'B.md'), path.join(root, 'alias.md'));
    await until(() => opened.live.graph.hasNode('alias'), 'alias to arrive');
    await marker('afterDots');
    expect(opened.live.filesUnder('').filter((p) => /(^|\/)(\.|node_modules)/i.test(p))).toEqual([]);
    expect(live()).toBe(await fullBuild());
  }, 60_000);
  it('a note replaced by a folder of the same name: the files put in it later arrive', async () => {
    fs.rmSync(path.join(root, 'b/B.md'));
    write(root, 'b/B.md/Inside.md', '[[A]]');
    await until(() => opened.live.graph.hasNode('b/B.md/Inside'), 'the first file in the new folder');
    write(root, 'b/B.md/Later.md', '[[A]]');
    await until(() => opened.live.graph.hasNode('b/B.md/Later'), 'a file written into it afterwards');
    expect(live()).toBe(await fullBuild());
  }, 60_000);

  it("an editor's atomic save (a temporary file renamed over the note) arrives, and so do edits after it", async () => {
    for (const name of ['Saved1', 'Saved2']) {
      write(root, 'a/A.md.tmp', `[[${name}]]\n`);
      fs.renameSync(path.join(root, 'a/A.md.tmp'), path.join(root, 'a/A.md'));
      await until(() => opened.live.graph.hasNode(name), `${name} in the live graph`);
    }
    fs.appendFileSync(path.join(root, 'a/A.md'), '[[Appended]]\n');
    await until(() => opened.live.graph.hasNode('Appended'), 'the plain edit after the saves');
    expect(live()).toBe(await fullBuild());
  }, 60_000);
});

describe('the scan rule at one path (what watch mode asks)', () => {
  it('a file reached through a linked folder is not listed, even inside the vault', () => {
    fs.symlinkSync(path.join(outside, 'dir'), path.join(root, 'leak'));
    fs.symlinkSync('a', path.join(root, 'inner'));
    expect(listAt(root, 'leak/inner.md').notes).toEqual([]);
    expect(listAt(root, 'inner/A.md').notes).toEqual([]);
    expect(listAt(root, 'leak').notes).toEqual([]);
    expect(listAt(root, 'a').notes).toEqual([['a/A.md', 'a/A.md']]);
  });
});

describe('build --watch with a symlink loop in the vault', () => {
  it('keeps rewriting the output on edits and ends on SIGINT', async () => {
    fs.symlinkSync('..', path.join(root, 'a/up'));
    const out = path.join(base, 'out', 'graph.json');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/vaultgraph.mjs'), 'build', root, '--watch', '-o', out, '--no-cache'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await until(() => stderr.includes('watching'), 'build --watch to start', 60_000);
      fs.symlinkSync('..', path.join(root, 'b/up')); // a second loop, after start-up
      fs.appendFileSync(path.join(root, 'a/A.md'), '[[Edited]]\n');
      await until(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes('"Edited"'), 'the rewrite with the edit', 30_000);
      const status = `/proc/${child.pid}/status`; // Linux: the loop must not make memory grow (it went to 1 GB)
      if (fs.existsSync(status)) expect(Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(status, 'utf8'))?.[1]) / 1024).toBeLessThan(700);
      const t0 = Date.now();
      child.kill('SIGINT');
      expect(await Promise.race([ended, new Promise((r) => setTimeout(() => r('still running'), 15_000))])).toBe(0);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      child.kill('SIGKILL');
    }
  }, 120_000);
});
