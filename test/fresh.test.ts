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
  const argvTo = (file: string, ...more: string[]) => ['build', vault, '-o', file, '--cache-dir', path.join(dir, 'cache'), ...more];
  const argvOf = (...more: string[]) => argvTo(out, ...more);
  const build = (...more: string[]) => buildArgv(argvOf(...more));
  const buildArgv = async (argv: string[]) => {
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
  return { dir, vault, out, argvTo, argvOf, build, buildArgv, age, fresh, settled };
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

  describe('another output of the same command line', () => {
    it('is a copy of a fresh output: the same bytes, what the build says, then its own stamp', async () => {
      const t = setup();
      await t.settled('--pretty');
      const other = path.join(t.dir, 'other.json'), argv = t.argvTo(other, '--pretty');
      const copied = upToDate(argv, t.dir)!;
      expect(copied).toBeDefined();
      expect(fs.readFileSync(other)).toEqual(fs.readFileSync(t.out));
      expect(upToDate(argv, t.dir)).toEqual({ stderr: copied.stderr.replace(`wrote ${other}`, `${other} is up to date`), exit: 0 });
      // What the build itself says and writes for that command line (no stamp, no file: a full run).
      fs.rmSync(other);
      fs.rmSync(stampFile(argv, t.dir)!);
      const bytes = fs.readFileSync(t.out);
      const real = await t.buildArgv(argv);
      expect(copied).toEqual({ stderr: real.err, exit: 0 });
      expect(real.err).toMatch(/^wrote .*other\.json: 12 nodes/m);
      expect(fs.readFileSync(other)).toEqual(bytes);
    });

    it('stands in for an output removed or changed since its own build', async () => {
      const t = setup();
      const other = path.join(t.dir, 'other.json');
      await t.settled();
      await t.buildArgv(t.argvTo(other));
      const good = fs.readFileSync(other);
      fs.writeFileSync(other, 'damaged');
      expect(upToDate(t.argvTo(other), t.dir)!.stderr).toMatch(/^wrote /m);
      expect(fs.readFileSync(other)).toEqual(good);
      fs.rmSync(other);
      expect(upToDate(t.argvTo(other), t.dir)).toBeDefined();
      expect(fs.readFileSync(other)).toEqual(good);
    });

    it('--output=FILE and -oFILE forms are matched as such', async () => {
      const t = setup();
      const a = path.join(t.dir, 'a.json'), b = path.join(t.dir, 'b.json'), c = path.join(t.dir, 'c.json');
      const cache = ['--cache-dir', path.join(t.dir, 'cache')];
      await t.buildArgv(['build', t.vault, `--output=${a}`, ...cache]);
      const s = stampFile(['build', t.vault, `--output=${a}`, ...cache], t.dir)!;
      writeStamp(s, { ...readStamp(s), startedAt: readStamp(s).startedAt + 10_000 });
      expect(upToDate(['build', t.vault, `-o${c}`, ...cache], t.dir)).toBeUndefined();
      expect(fs.existsSync(c)).toBe(false);
      expect(upToDate(['build', t.vault, `--output=${b}`, ...cache], t.dir)!.stderr).toMatch(new RegExp(`\nwrote ${b}: 12 nodes, 16 edges, 2 broken links\n$`));
      expect(fs.readFileSync(b)).toEqual(fs.readFileSync(a));
    });

    it('is not made when anything else differs or the source is not as written; nothing is written then', async () => {
      const t = setup();
      await t.settled();
      const other = path.join(t.dir, 'other.json');
      const none = (argv: string[], cwd = t.dir) => {
        expect(upToDate(argv, cwd)).toBeUndefined();
        expect(fs.existsSync(other)).toBe(false);
        expect(fs.existsSync(stampFile(argv, cwd)!)).toBe(false);
      };
      none(t.argvTo(other, '--pretty')); // another flag
      none(t.argvTo(other, '-q'));
      none(['build', t.vault, '-o', other, '-o', t.out, '--cache-dir', path.join(t.dir, 'cache')]); // two outputs
      const sub = path.join(t.dir, 'sub');
      fs.mkdirSync(sub);
      none(t.argvTo(other), sub); // another folder
      const note = path.join(t.vault, 'notes/E.md');
      const text = fs.readFileSync(note);
      fs.appendFileSync(note, '\n[[notes/B]]\n');
      none(t.argvTo(other)); // a note changed
      fs.writeFileSync(note, text);
      await t.settled();
      fs.appendFileSync(t.out, ' ');
      none(t.argvTo(other)); // the source is not the output its stamp vouches for
      await t.settled();
      expect(upToDate(t.argvTo(other), t.dir)).toBeDefined();
    });

    it('is never written where the build would refuse or not stamp it: in the vault, a folder, a FIFO', async () => {
      const t = setup();
      await t.settled();
      const inVault = path.join(t.vault, 'notes', 'graph.json');
      expect(upToDate(t.argvTo(inVault), t.dir)).toBeUndefined();
      expect(fs.existsSync(inVault)).toBe(false);
      const r = await t.buildArgv(t.argvTo(inVault));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/inside the vault/);
      const folder = path.join(t.dir, 'folder');
      fs.mkdirSync(folder);
      expect(upToDate(t.argvTo(folder), t.dir)).toBeUndefined();
      // A symlink to the very output the stamp vouches for: not copied onto itself (its stamp stays good).
      const link = path.join(t.dir, 'link.json');
      fs.symlinkSync(t.out, link);
      const before = fs.statSync(t.out);
      expect(upToDate(t.argvTo(link), t.dir)).toBeUndefined();
      expect(fs.statSync(t.out).ino).toBe(before.ino);
      expect(t.fresh()).toBeDefined();
      if (spawnSync('mkfifo', ['--version']).status === 0) {
        const fifo = path.join(t.dir, 'fifo');
        execFileSync('mkfifo', [fifo]);
        expect(upToDate(t.argvTo(fifo), t.dir)).toBeUndefined();
        expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
      }
    });

  });
});
