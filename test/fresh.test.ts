// The up-to-date stamp of `build -o FILE` (build/fresh.ts): bin/ replays a run only while every
// note, folder, config file, flag, the tool and the output are as that run left them.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { readStamp, STAMP_MAX_AGE_MS, stampBytes, stampFile, upToDate, type FreshStamp } from '../src/build/fresh.ts';
import { captureIo, fixture } from './helpers.ts';

/** A copy of the mini vault, an output and a cache folder; `build` runs the CLI as bin/ would (argv given). */
function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-fresh-'));
  const vault = path.join(dir, 'vault');
  fs.cpSync(fixture('mini'), vault, { recursive: true });
  const out = path.join(dir, 'graph.json');
  const argvOf = (...more: string[]) => ['build', vault, '-o', out, '--cache-dir', path.join(dir, 'cache'), ...more];
  const build = async (...more: string[]) => {
    const argv = argvOf(...more);
    const io = { ...captureIo(dir), argv };
    const code = await runCli(argv, io);
    return { code, err: io.err() };
  };
  /** The stamp as if its build had started 10 s later: files made by the test are then old enough to trust. */
  const age = (...more: string[]) => {
    const file = stampFile(argvOf(...more), dir)!;
    const s = readStamp(file);
    writeStamp(file, { ...s, startedAt: s.startedAt + 10_000 });
  };
  const fresh = (...more: string[]) => upToDate(argvOf(...more), dir);
  /** Build, age the stamp, and check it is fresh. */
  const settled = async (...more: string[]) => {
    const r = await build(...more);
    age(...more);
    expect(fresh(...more)).toBeDefined();
    return r;
  };
  return { dir, vault, out, argvOf, build, age, fresh, settled };
}

const writeStamp = (file: string, s: FreshStamp) => fs.writeFileSync(file, stampBytes(s));

describe('up-to-date stamp (build -o)', () => {
  it('replays what an up-to-date run says: diagnostics, the summary, the exit code', async () => {
    const t = setup();
    await t.settled();
    const again = t.fresh()!;
    const real = await t.build(); // the full build, for comparison
    expect(real.err).toMatch(/is up to date: 12 nodes, 16 edges, 2 broken links/);
    expect(again).toEqual({ stderr: real.err, exit: 0 });
    await t.settled('--fail-on', 'warning');
    expect(t.fresh('--fail-on', 'warning')!.exit).toBe(1);
    await t.settled('-q');
    expect(t.fresh('-q')!.stderr).toBe('');
  });

  it('is never fresh for files changed within 2 s of the build', async () => {
    const t = setup();
    await t.build();
    expect(t.fresh()).toBeUndefined(); // the fixture was just copied
  });

  it('a changed, added, removed or renamed note makes it stale', async () => {
    const t = setup();
    await t.settled();
    fs.appendFileSync(path.join(t.vault, 'notes/E.md'), '\n[[notes/B]]\n');
    expect(t.fresh()).toBeUndefined();
    await t.settled();
    fs.writeFileSync(path.join(t.vault, 'notes/sub/New.md'), 'new');
    expect(t.fresh()).toBeUndefined();
    await t.settled();
    fs.rmSync(path.join(t.vault, 'notes/sub/New.md'));
    expect(t.fresh()).toBeUndefined();
    await t.settled();
    fs.renameSync(path.join(t.vault, 'notes/E.md'), path.join(t.vault, 'notes/E2.md'));
    expect(t.fresh()).toBeUndefined();
  });

  it('every note is checked, the least recently changed last; a torn or foreign stamp answers nothing', async () => {
    const t = setup();
    const oldest = path.join(t.vault, 'notes/D.md');
    const longAgo = new Date(Date.now() - 86_400_000);
    fs.utimesSync(oldest, longAgo, longAgo);
    await t.settled();
    const s = readStamp(stampFile(t.argvOf(), t.dir)!);
    expect(s.notes.paths.at(-1)).toBe('notes/D.md');
    fs.writeFileSync(oldest, fs.readFileSync(oldest, 'utf8').replace('孤立', '独立')); // same size
    fs.utimesSync(oldest, longAgo, new Date(Date.now() - 3_600_000));
    expect(t.fresh()).toBeUndefined();
    await t.settled();
    const file = stampFile(t.argvOf(), t.dir)!;
    const whole = fs.readFileSync(file);
    fs.writeFileSync(file, whole.subarray(0, whole.length - 8));
    expect(t.fresh()).toBeUndefined();
    fs.writeFileSync(file, JSON.stringify({ format: 'vgfresh1' }));
    expect(t.fresh()).toBeUndefined();
  });

  it('a note added to a folder holding no files yet makes it stale', async () => {
    const t = setup();
    fs.mkdirSync(path.join(t.vault, 'empty', 'deeper'), { recursive: true });
    await t.settled();
    fs.writeFileSync(path.join(t.vault, 'empty', 'deeper', 'N.md'), 'n');
    expect(t.fresh()).toBeUndefined();
  });

  it('a changed vaultgraph.config.json or .obsidian setting makes it stale', async () => {
    const t = setup();
    await t.settled();
    fs.writeFileSync(path.join(t.vault, 'vaultgraph.config.json'), '{"topicFolder":"notes/"}');
    expect(t.fresh()).toBeUndefined();
    await t.settled();
    fs.mkdirSync(path.join(t.vault, '.obsidian'));
    expect(t.fresh()).toBeUndefined();
    await t.settled();
    fs.writeFileSync(path.join(t.vault, '.obsidian', 'app.json'), JSON.stringify({ userIgnoreFilters: ['notes/sub/'] }));
    expect(t.fresh()).toBeUndefined();
    await t.settled();
    fs.writeFileSync(path.join(t.vault, '.obsidian', 'app.json'), JSON.stringify({ userIgnoreFilters: ['notes/'] }));
    expect(t.fresh()).toBeUndefined();
  });

  it('other flags, another folder or another tool build is not answered by the stamp', async () => {
    const t = setup();
    await t.settled();
    expect(t.fresh('--pretty')).toBeUndefined();
    expect(t.fresh('--detail', 'full')).toBeUndefined();
    expect(upToDate(['build', t.vault, '-o', t.out, '--cache-dir', path.join(t.dir, 'cache')], os.tmpdir())).toBeUndefined();
    // The tool's own files are part of it: a rebuilt bundle or a new package.json answers nothing.
    const file = stampFile(['build', t.vault, '-o', t.out, '--cache-dir', path.join(t.dir, 'cache')], t.dir)!;
    const s = readStamp(file);
    const pkg = s.deps.findIndex(([f]) => f.endsWith('package.json'));
    expect(pkg).toBeGreaterThanOrEqual(0);
    s.deps[pkg]![1] = [1, 2, 3, 4];
    writeStamp(file, s);
    expect(t.fresh()).toBeUndefined();
  });

  it('a symlink planted at the stamp or a temp name is never followed: the build goes on, the file it points at is untouched', async () => {
    const t = setup();
    const file = stampFile(t.argvOf(), t.dir)!;
    const victim = path.join(t.dir, 'victim.txt');
    fs.writeFileSync(victim, 'keep me');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.symlinkSync(victim, file);
    fs.symlinkSync(victim, `${file}.${process.pid}.tmp`); // where a predictable temp name would be
    const r = await t.build();
    expect(r.code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('keep me');
    expect(t.fresh()).toBeUndefined();
  });

  it.skipIf(spawnSync('mkfifo', ['--version']).status !== 0)('a FIFO in the stamp\'s place never blocks: the answer is "build"', async () => {
    const t = setup();
    await t.settled();
    expect(t.fresh()).toBeDefined();
    const file = stampFile(t.argvOf(), t.dir)!;
    fs.rmSync(file);
    execFileSync('mkfifo', [file]);
    expect(t.fresh()).toBeUndefined();
  });

  it('stamps of other command lines not written for a month are pruned; recent ones and other files stay', async () => {
    const t = setup();
    await t.build();
    const cache = path.dirname(stampFile(t.argvOf(), t.dir)!);
    // (an old `.json` stamp is one an earlier version wrote)
    const old = path.join(cache, 'fresh-0123456789abcd.stamp'), oldJson = path.join(cache, 'fresh-0123456789abcdef0123.json'), recent = path.join(cache, 'fresh-aaaaaaaaaaaaaa.stamp');
    const other = path.join(cache, 'notes-old.bin');
    for (const f of [old, oldJson, recent, other]) fs.writeFileSync(f, '{}');
    const longAgo = (Date.now() - STAMP_MAX_AGE_MS - 86_400_000) / 1000;
    for (const f of [old, oldJson, other]) fs.utimesSync(f, longAgo, longAgo);
    await t.build('--pretty');
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(oldJson)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
    expect(fs.existsSync(stampFile(t.argvOf(), t.dir)!)).toBe(true);
  });

  it('a changed or missing output makes it stale; --watch, --no-cache and stdout have none', async () => {
    const t = setup();
    await t.settled();
    fs.appendFileSync(t.out, ' ');
    expect(t.fresh()).toBeUndefined();
    await t.settled();
    fs.rmSync(t.out);
    expect(t.fresh()).toBeUndefined();
    expect(stampFile(['build', t.vault, '-o', t.out, '--no-cache'], t.dir)).toBeUndefined();
    expect(stampFile(['build', t.vault, '-o', t.out, '--watch'], t.dir)).toBeUndefined();
    expect(stampFile(['build', t.vault], t.dir)).toBeUndefined();
    expect(stampFile(['serve', t.vault, '-o', t.out], t.dir)).toBeUndefined();
  });

  it('a note that cannot be read leaves no stamp (it is tried again every time)', async () => {
    const t = setup();
    await t.settled();
    fs.writeFileSync(path.join(t.vault, 'notes/Big.md'), 'x'.repeat(100));
    await t.build('--max-file-bytes', '50');
    expect(fs.existsSync(stampFile(['build', t.vault, '-o', t.out, '--cache-dir', path.join(t.dir, 'cache'), '--max-file-bytes', '50'], t.dir)!)).toBe(false);
  });
});
