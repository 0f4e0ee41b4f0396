// Hostile input and faults (issue 12): planted symlinks, FIFOs, devices, read-only and full disks,
// damaged caches, odd configs. Each asserts the exit code, a one-line `vaultgraph: …` message with no
// stack trace, the old output intact, and nothing written outside the output path. Cases that could
// hang if they regressed run the CLI in a child process with a timeout. Mounts (root only) are
// removed in afterAll, even when a test failed.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { readNote } from '../src/build/read.ts';
import { cacheFileFor, stillValid } from '../src/build/cache.ts';
import { buildVaultJson } from '../src/index.ts';
import fc from 'fast-check';
import { writeFileAtomic } from '../src/build/write.ts';
import { readStamp, stampBytes, stampFile, upToDate } from '../src/build/fresh.ts';
import { captureIo, fixture } from './helpers.ts';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'vaultgraph.mjs');
const MINI = fixture('mini');
const SAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'vault');
const isRoot = process.getuid?.() === 0;
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;
const mounts: string[] = [];

/** Can this process mount a tmpfs (root, and a kernel/container that allows it)? */
const canMount = (() => {
  if (!isRoot || process.platform !== 'linux') return false;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-mount-probe-'));
  try { execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { stdio: 'ignore' }); } catch { return false; }
  execFileSync('umount', [dir]);
  return true;
})();

function mountTmpfs(dir: string, size: string): void {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
}

afterAll(() => {
  for (const dir of mounts.reverse()) { try { execFileSync('umount', ['-l', dir], { stdio: 'ignore' }); } catch { /* already gone */ } }
});

let tmp: string;
beforeEach(() => { tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-faults-')); });

/** The CLI as a function (for cases that cannot hang). */
async function run(...argv: string[]) {
  const io = captureIo(tmp);
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
}

/** The CLI in a child process, killed after `timeout` ms (for cases that used to hang). */
function runChild(args: string[], timeout = 60_000) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout, env: { ...process.env, VAULTGRAPH_THREADS: '0' } });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** stderr is exactly one `vaultgraph: <what>: <path>: <reason>` line, no stack trace. */
function expectOneLine(err: string, pattern: RegExp): void {
  expect(err).toMatch(/^vaultgraph: [^\n]+: [^\n]+: [^\n]+\n$/);
  expect(err).toMatch(pattern);
  expect(err).not.toMatch(/\n\s+at /);
}

/** A copy of a fixture vault in the test's folder. */
function vaultCopy(from = MINI): string {
  const vault = path.join(tmp, 'vault');
  fs.cpSync(from, vault, { recursive: true });
  return vault;
}

const listing = (dir: string) => fs.readdirSync(dir).sort();
const uncachedJson = async (vault: string) => (await run('build', vault, '-q', '--no-cache')).out;

describe('writes', () => {
  it('a symlink planted where the old temporary file went redirects nothing (random name, O_EXCL)', async () => {
    const out = path.join(tmp, 'out');
    fs.mkdirSync(out);
    const victim = path.join(tmp, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    for (let pid = 0; pid < 2000; pid += 1) fs.symlinkSync(victim, path.join(out, `.graph.json.${pid}.tmp`));
    if (process.pid >= 2000) fs.symlinkSync(victim, path.join(out, `.graph.json.${process.pid}.tmp`)); // a low pid is planted already
    const r = await run('build', MINI, '-q', '--no-cache', '-o', path.join(out, 'graph.json'));
    expect(r.code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(JSON.parse(fs.readFileSync(path.join(out, 'graph.json'), 'utf8')).nodes).toHaveLength(12);
    expect(listing(out).filter((f) => !f.startsWith('.graph.json.'))).toEqual(['graph.json']);
  });

  it('a symlink planted at the cache file is never written through (our own files are regular or nothing)', async () => {
    const cacheDir = path.join(tmp, 'cache');
    fs.mkdirSync(cacheDir);
    const victim = path.join(tmp, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.symlinkSync(victim, cacheFileFor(cacheDir, MINI));
    const r = await run('build', MINI, '-q', '--cache-dir', cacheDir, '-o', path.join(tmp, 'g.json'));
    expect(r.code).toBe(0);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(listing(cacheDir)).toHaveLength(1);
  });

  it('keeps the old file mode (0600 stays 0600)', async () => {
    const file = path.join(tmp, 'graph.json');
    fs.writeFileSync(file, 'old', { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    expect((await run('build', MINI, '-q', '--no-cache', '-o', file)).code).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    writeFileAtomic(file, 'again');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses an output path inside the vault (exit 2), directly or through a symlink, for every command that writes', async () => {
    const vault = vaultCopy();
    const note = path.join(vault, 'notes', 'A.md');
    const before = fs.readFileSync(note, 'utf8');
    const files = listing(vault);
    fs.symlinkSync(vault, path.join(tmp, 'into-vault'));
    for (const argv of [
      ['build', vault, '-q', '-o', note],
      ['build', vault, '-q', '-o', path.join(vault, 'new.json')],
      ['build', vault, '-q', '--pretty', '-o', path.join(tmp, 'into-vault', 'x.json')],
      ['export', vault, '-q', '-f', 'gexf', '-o', path.join(vault, '.obsidian', 'graph.json')],
      ['export', vault, '-q', '-f', 'csv', '-o', path.join(vault, 'csv')],
      ['html', vault, '-q', '--no-layout', '-o', path.join(vault, 'notes', 'view.html')],
      ['build', vault, '-q', '--cache-dir', path.join(vault, 'notes'), '-o', path.join(tmp, 'g.json')],
    ]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expectOneLine(r.err, /is inside the vault/);
    }
    expect(fs.readFileSync(note, 'utf8')).toBe(before);
    expect(listing(vault)).toEqual(files);
    expect(fs.existsSync(path.join(tmp, 'g.json'))).toBe(false);
    // A dot-folder of the vault is never scanned: the cache may live there.
    expect((await run('build', vault, '-q', '--cache-dir', path.join(vault, '.cache'), '-o', path.join(tmp, 'g.json'))).code).toBe(0);
  });

  it('-o a symlink writes through to its target atomically; the link stays', async () => {
    const target = path.join(tmp, 'real.json');
    fs.writeFileSync(target, 'old');
    fs.symlinkSync('real.json', path.join(tmp, 'link.json'));
    expect((await run('build', MINI, '-q', '--no-cache', '-o', 'link.json')).code).toBe(0);
    expect(fs.lstatSync(path.join(tmp, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(target, 'utf8')).nodes).toHaveLength(12);
    fs.symlinkSync('later.json', path.join(tmp, 'dangling.json')); // a dangling link: its target is created
    expect((await run('build', MINI, '-q', '--no-cache', '-o', 'dangling.json')).code).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'later.json'))).toBe(true);
    expect(listing(tmp)).toEqual(['dangling.json', 'later.json', 'link.json', 'real.json']);
  });

  it('-o a character device is written through: /dev/null works, /dev/full is ENOSPC (exit 3)', async () => {
    expect(await run('build', MINI, '-q', '--no-cache', '-o', '/dev/null')).toMatchObject({ code: 0, err: '' });
    const full = await run('build', MINI, '-q', '-o', '/dev/full');
    expect(full.code).toBe(3);
    expectOneLine(full.err, /^vaultgraph: cannot write output: \/dev\/full: no space left on device \(ENOSPC\)\n$/);
    const pretty = await run('build', MINI, '-q', '--pretty', '-o', '/dev/full');
    expect(pretty.code).toBe(3);
    expectOneLine(pretty.err, /ENOSPC/);
  });

  it.skipIf(!hasMkfifo)('-o a FIFO is written through to its reader', async () => {
    const fifo = path.join(tmp, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d: Buffer) => { got += d.toString(); });
    const ended = new Promise((resolve) => reader.on('exit', resolve));
    const r = runChild(['build', MINI, '-q', '--no-cache', '-o', fifo]);
    await ended;
    expect(r.code).toBe(0);
    expect(JSON.parse(got).nodes).toHaveLength(12);
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
  }, 90_000);

  it('an output folder that cannot be made is one line, exit 3, nothing left behind', async () => {
    const r = await run('build', MINI, '-q', '-o', '/proc/no-such-dir/graph.json'); // /proc refuses new folders (ENOENT)
    expect(r.code).toBe(3);
    expectOneLine(r.err, /^vaultgraph: cannot write output: \/proc\/no-such-dir\/graph\.json: no such file or directory \(ENOENT\)\n$/);
    const block = fs.readdirSync('/dev').map((d) => path.join('/dev', d)).find((d) => { try { return fs.statSync(d).isBlockDevice(); } catch { return false; } });
    if (block) {
      const b = await run('build', MINI, '-q', '-o', block);
      expect(b.code).toBe(2);
      expectOneLine(b.err, /is a block device; refused/);
    }
  });

  it.skipIf(!canMount)('a full disk (ENOSPC, small tmpfs): exit 3, one line, the old output intact, no temporary file', async () => {
    const disk = path.join(tmp, 'disk');
    fs.mkdirSync(disk);
    mountTmpfs(disk, '24k');
    const file = path.join(disk, 'graph.json');
    fs.writeFileSync(file, 'OLD');
    for (const argv of [['build', SAMPLE, '-q', '--no-cache', '-o', file], ['build', SAMPLE, '-q', '--pretty', '-o', file], ['export', SAMPLE, '-q', '-f', 'gexf', '-o', file]]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(3);
      expectOneLine(r.err, /^vaultgraph: cannot write output: .*graph\.json: no space left on device \(ENOSPC\)\n$/);
      expect(fs.readFileSync(file, 'utf8')).toBe('OLD');
      expect(listing(disk)).toEqual(['graph.json']);
    }
  });

  it.skipIf(!canMount)('a read-only output folder (EROFS): exit 3, one line, the old output intact', async () => {
    const disk = path.join(tmp, 'ro');
    fs.mkdirSync(disk);
    mountTmpfs(disk, '1m');
    const file = path.join(disk, 'graph.json');
    fs.writeFileSync(file, 'OLD');
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    for (const argv of [['build', MINI, '-q', '--no-cache', '-o', file], ['html', MINI, '-q', '--no-layout', '-o', file], ['export', MINI, '-q', '-f', 'csv', '-o', path.join(disk, 'csv')]]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(3);
      expectOneLine(r.err, /read-only file system \(EROFS\)\n$/);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('OLD');
    // A read-only cache folder only costs speed.
    expect((await run('build', MINI, '-q', '--cache-dir', path.join(disk, 'cache'), '-o', path.join(tmp, 'g.json'))).code).toBe(0);
  });

  it.skipIf(!canMount)('another output copied from a fresh one (build/fresh.ts) onto a full or read-only disk: nothing left there, the build says why', async () => {
    const vault = vaultCopy();
    const cache = path.join(tmp, 'cache');
    const argvTo = (file: string) => ['build', vault, '-q', '-o', file, '--cache-dir', cache];
    const first = argvTo(path.join(tmp, 'graph.json'));
    expect(await runCli(first, { ...captureIo(tmp), argv: first })).toBe(0); // as bin/ runs it: the stamp is written
    const stamp = stampFile(first, tmp)!;
    fs.writeFileSync(stamp, stampBytes({ ...readStamp(stamp), startedAt: Date.now() + 10_000 })); // the files just made count as old
    const disk = path.join(tmp, 'disk');
    fs.mkdirSync(disk);
    mountTmpfs(disk, '16k');
    const filler = fs.openSync(path.join(disk, 'filler'), 'w');
    try { for (const block = Buffer.alloc(4096, 1); ;) fs.writeSync(filler, block); } catch { /* full */ } finally { fs.closeSync(filler); }
    const file = path.join(disk, 'graph.json');
    expect(upToDate(argvTo(file), tmp)).toBeUndefined();
    expect(listing(disk)).toEqual(['filler']);
    const full = await run(...argvTo(file));
    expect(full.code).toBe(3);
    expectOneLine(full.err, /no space left on device \(ENOSPC\)\n$/);
    fs.rmSync(path.join(disk, 'filler'));
    execFileSync('mount', ['-o', 'remount,ro', disk]);
    expect(upToDate(argvTo(file), tmp)).toBeUndefined();
    const ro = await run(...argvTo(file));
    expect(ro.code).toBe(3);
    expectOneLine(ro.err, /read-only file system \(EROFS\)\n$/);
    expect(listing(disk)).toEqual([]);
    expect(upToDate(argvTo(path.join(tmp, 'other.json')), tmp)).toBeDefined(); // the stamp is still good
  });

  it.skipIf(!canMount)('a cache folder too full to take a new cache never vouches for an output built from other drafts', async () => {
    const disk = path.join(tmp, 'cachedisk');
    fs.mkdirSync(disk);
    mountTmpfs(disk, '256k');
    const vault = vaultCopy();
    const file = path.join(tmp, 'graph.json');
    const note = path.join(vault, 'notes/E.md');
    const original = fs.readFileSync(note);
    const build = (...more: string[]) => run('build', vault, '-q', '-o', file, ...more);
    expect((await build('--cache-dir', disk)).code).toBe(0);
    // Fill the disk: the next build cannot write a new cache beside the old one (ENOSPC), so the
    // old records stay while the output is built from the edited note.
    const filler = fs.openSync(path.join(disk, 'filler'), 'w');
    try { for (const block = Buffer.alloc(4096, 1); ;) fs.writeSync(filler, block); } catch { /* full */ } finally { fs.closeSync(filler); }
    fs.appendFileSync(note, '\n[[notes/A]] [[另一个缺失的笔记]]\n');
    expect((await build('--cache-dir', disk)).code).toBe(0);
    fs.writeFileSync(note, original); // back to what the old records hold
    expect((await build('--cache-dir', disk)).code).toBe(0);
    const withCache = fs.readFileSync(file);
    expect((await build('--no-cache')).code).toBe(0);
    expect(withCache.equals(fs.readFileSync(file))).toBe(true);
  });

  it('a folder without write permission (EACCES): exit 3, one line, the old output intact', async (ctx) => {
    // Root ignores permission bits: as root, run the CLI as the unprivileged user 65534 instead.
    const open = path.join(tmp, 'scratch'); // a TMPDIR and HOME that user may write
    fs.mkdirSync(open, { mode: 0o777 });
    fs.chmodSync(open, 0o777);
    fs.chmodSync(tmp, 0o755);
    const asUser = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000, uid: 65534, gid: 65534, env: { ...process.env, HOME: open, TMPDIR: open, XDG_CACHE_HOME: open } });
    if (isRoot && asUser(['--version']).status !== 0) { ctx.skip(); return; } // this checkout is not readable by that user
    const dir = path.join(tmp, 'locked');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'graph.json');
    fs.writeFileSync(file, 'OLD');
    fs.chmodSync(file, 0o666);
    fs.chmodSync(dir, 0o555);
    try {
      const argv = ['build', MINI, '-q', '--no-cache', '-o', file];
      const r = isRoot ? (({ status, stderr }) => ({ code: status, err: stderr }))(asUser(argv)) : await run(...argv);
      expect(r.code).toBe(3);
      expectOneLine(r.err, /^vaultgraph: cannot write output: .*graph\.json: permission denied \(EACCES\)\n$/);
      expect(fs.readFileSync(file, 'utf8')).toBe('OLD');
      expect(listing(dir)).toEqual(['graph.json']);
    } finally { fs.chmodSync(dir, 0o755); }
  }, 90_000);
});

describe('reads', () => {
  it.skipIf(!hasMkfifo)('a FIFO as vaultgraph.config.json, .obsidian/app.json or graph.json: a diagnostic naming it, no hang', () => {
    const vault = vaultCopy();
    execFileSync('mkfifo', [path.join(vault, 'vaultgraph.config.json')]);
    fs.mkdirSync(path.join(vault, '.obsidian'), { recursive: true });
    execFileSync('mkfifo', [path.join(vault, '.obsidian', 'app.json')]);
    execFileSync('mkfifo', [path.join(vault, '.obsidian', 'graph.json')]);
    const r = runChild(['build', vault, '-o', path.join(tmp, 'g.json'), '--cache-dir', path.join(tmp, 'cache')]);
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
    expect(r.err).toContain('vaultgraph.config.json:1: warning config-invalid: cannot read vaultgraph.config.json: not a regular file (FIFO)');
    expect(r.err).toContain('.obsidian/app.json:1: warning config-invalid: cannot read .obsidian/app.json: not a regular file (FIFO)');
    expect(r.err).toContain('.obsidian/graph.json:1: warning config-invalid');
  }, 90_000);

  it.skipIf(!hasMkfifo)('a FIFO where the cache file should be: ignored, the build finishes', () => {
    const cacheDir = path.join(tmp, 'cache');
    const first = runChild(['build', MINI, '-q', '-o', path.join(tmp, 'a.json'), '--cache-dir', cacheDir]);
    expect(first.code).toBe(0);
    const [file] = fs.readdirSync(cacheDir);
    fs.rmSync(path.join(cacheDir, file!));
    execFileSync('mkfifo', [path.join(cacheDir, file!)]);
    const r = runChild(['build', MINI, '-q', '-o', path.join(tmp, 'b.json'), '--cache-dir', cacheDir]);
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(tmp, 'b.json'), 'utf8')).toBe(fs.readFileSync(path.join(tmp, 'a.json'), 'utf8'));
  }, 90_000);

  it.skipIf(!hasMkfifo)('a note replaced by a FIFO during a build: a read-error diagnostic, never a blocked open', () => {
    const vault = vaultCopy();
    const note = path.join(vault, 'notes', 'E.md');
    fs.rmSync(note);
    execFileSync('mkfifo', [note]);
    const file = readNote(vault, 'notes/E.md', 'notes/E.md', 1 << 20);
    expect(file.text).toBeUndefined();
    expect(file.diagnostic?.message).toBe('cannot read note: not a regular file (FIFO); not read');
    // The cache's content check (an empty note, same size 0) refuses it too, without reading.
    expect(stillValid({ size: 0, mtimeMs: 0, ctimeMs: 0, ino: 0, sha1: 'x' }, note, Date.now())).toBeUndefined();
  });

  it('a note re-pointed out of the vault after the scan: a read-error diagnostic, the outside file is not read; links inside still read', () => {
    const vault = vaultCopy();
    const secret = path.join(tmp, 'secret.md');
    fs.writeFileSync(secret, 'outside the vault');
    const note = path.join(vault, 'notes', 'E.md');
    fs.rmSync(note);
    fs.symlinkSync(secret, note); // what the scan saw was a plain note: the swap comes between scan and read
    const file = readNote(vault, 'notes/E.md', 'notes/E.md', 1 << 20);
    expect(file.text).toBeUndefined();
    expect(file.diagnostic?.message).toBe('cannot read note: symbolic link out of the vault; not read');
    fs.rmSync(note);
    fs.symlinkSync(path.join(vault, 'notes', 'B.md'), note);
    expect(readNote(vault, 'notes/E.md', 'notes/E.md', 1 << 20).text).toBe(fs.readFileSync(path.join(vault, 'notes', 'B.md'), 'utf8'));
  });
});

describe('errors', () => {
  it('`build ""` is a usage error, not the bundled sample', async () => {
    const r = await run('build', '');
    expect(r.code).toBe(2);
    expectOneLine(r.err, /^vaultgraph: vault: "": /);
    expect(r.out).toBe('');
  });

  it('--debug adds the stack trace after the one line; without it there is none', async () => {
    const plain = await run('build', MINI, '-q', '-o', '/dev/full');
    expect(plain.err.split('\n')).toHaveLength(2);
    const debug = await run('build', MINI, '-q', '-o', '/dev/full', '--debug');
    expect(debug.code).toBe(3);
    expect(debug.err).toMatch(/^vaultgraph: cannot write output: \/dev\/full: no space left on device \(ENOSPC\)\n\w*Error: ENOSPC[^]*\n\s+at /);
  });

  it('-o a file where a multi-file format needs a folder: exit 2, one line', async () => {
    fs.writeFileSync(path.join(tmp, 'f'), 'x');
    const r = await run('export', MINI, '-q', '-f', 'csv', '-o', 'f');
    expect(r.code).toBe(2);
    expectOneLine(r.err, /^vaultgraph: cannot write output: .*\/f: is a file; --format csv needs a folder\n$/);
  });

  it('a vault that is missing or a file: exit 2, one line', async () => {
    expectOneLine((await run('build', path.join(tmp, 'nope'))).err, /^vaultgraph: vault not found: .*nope: no such folder\n$/);
    fs.writeFileSync(path.join(tmp, 'file'), '');
    const r = await run('build', path.join(tmp, 'file'));
    expect(r.code).toBe(2);
    expectOneLine(r.err, /not a folder/);
  });

  it('a vault config with __proto__, constructor and toString keys: warnings, the build goes on', async () => {
    const vault = vaultCopy();
    fs.writeFileSync(path.join(vault, 'vaultgraph.config.json'), '{"__proto__": {"topicFolder": "notes/"}, "constructor": 1, "toString": "x", "reasons": {"__proto__": "x"}, "check": {"rules": {"__proto__": "off"}, "topicAliases": {"__proto__": "x"}}}');
    const r = await run('build', vault, '--no-cache');
    expect(r.code).toBe(0);
    expect(r.err).toContain('unknown option "__proto__"');
    expect(r.err).toContain('unknown option "constructor"');
    expect(r.out).toBe(await uncachedJson(MINI));
    const check = await run('check', vault, '-q');
    expect([0, 1]).toContain(check.code);
    expect(({} as Record<string, unknown>).topicFolder).toBeUndefined();
  });
});

describe('damaged cache', () => {
  const damage = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.integer({ min: 0, max: 0x7fffffff }), bits: fc.integer({ min: 1, max: 255 }), count: fc.integer({ min: 1, max: 4 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.integer({ min: 0, max: 0x7fffffff }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.integer({ min: 0, max: 0x7fffffff }), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  );
  type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;
  function apply(bytes: Buffer, d: Damage): Buffer {
    const at = d.at % bytes.length; // (a double in [0, 1) would cluster at the ends, where the magic is)
    if (d.kind === 'truncate') return bytes.subarray(0, at);
    if (d.kind === 'insert') return Buffer.concat([bytes.subarray(0, at), d.bytes, bytes.subarray(at)]);
    const out = Buffer.from(bytes);
    for (let k = 0; k < d.count; k++) out[(at + k * 7) % out.length]! ^= d.bits;
    return out;
  }

  it('random flips, truncation and insertion never reach the output: it equals a build without cache, twice', async () => {
    const vault = vaultCopy();
    const cacheDir = path.join(tmp, 'cache');
    const expected = await uncachedJson(vault);
    const build = async () => {
      const chunks: Buffer[] = [];
      await buildVaultJson(vault, (c) => chunks.push(Buffer.from(typeof c === 'string' ? Buffer.from(c) : c)), {}, { cacheDir });
      return Buffer.concat(chunks).toString('utf8');
    };
    expect(await build()).toBe(expected);
    const file = cacheFileFor(cacheDir, vault);
    const pristine = fs.readFileSync(file);
    await fc.assert(fc.asyncProperty(damage, async (d) => {
      fs.writeFileSync(file, apply(pristine, d));
      expect(await build()).toBe(expected);
      expect(await build()).toBe(expected); // and the cache it left is sound
    }), { numRuns: 60 });
  }, 120_000);

  it('a cache damaged in the middle: `build -o` writes valid JSON equal to a cacheless build, every time', async () => {
    const vault = vaultCopy();
    const cacheDir = path.join(tmp, 'cache');
    const out = path.join(tmp, 'graph.json');
    expect((await run('build', vault, '-q', '-o', out, '--cache-dir', cacheDir)).code).toBe(0);
    const file = cacheFileFor(cacheDir, vault);
    const bytes = fs.readFileSync(file);
    const at = bytes.indexOf('"relation":', bytes.length >> 2); // inside some record's edge bytes
    expect(at).toBeGreaterThan(0);
    for (let i = at; i < at + 6; i++) bytes[i] = ~bytes[i]! & 0xff;
    fs.writeFileSync(file, bytes);
    for (let round = 0; round < 3; round++) {
      const r = await run('build', vault, '-q', '-o', out, '--cache-dir', cacheDir);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(fs.readFileSync(out, 'utf8')).toBe(await uncachedJson(vault));
    }
  });
});

describe('bounds', () => {
  it('an app.json filter /^(a|a)*$/ and a 61-character file name: the build finishes, the filter obeyed in linear time', () => {
    const vault = vaultCopy();
    fs.mkdirSync(path.join(vault, '.obsidian'), { recursive: true });
    fs.writeFileSync(path.join(vault, '.obsidian', 'app.json'), JSON.stringify({ userIgnoreFilters: ['/^(a|a)*$/', '/^(a+)+\\.md!$/'] }));
    fs.writeFileSync(path.join(vault, `${'a'.repeat(61)}.md`), 'x');
    const r = runChild(['build', vault, '-q', '--no-cache', '-o', path.join(tmp, 'g.json')], 60_000);
    expect(r.signal).toBe(null);
    expect(r.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(tmp, 'g.json'), 'utf8')).nodes.some((n: { key: string }) => n.key === 'a'.repeat(61))).toBe(true);
  }, 90_000);
});

describe('frontmatter bounded after alias expansion', () => {
  it('a 7 MB string aliased 99 times: a diagnostic naming the note, the rest of the vault builds, no 700 MB graph', async () => {
    const vault = vaultCopy();
    const aliases = Array.from({ length: 99 }, (_, i) => `k${i}: *big`).join('\n');
    fs.writeFileSync(path.join(vault, 'bomb.md'), `---\nbig: &big ${'x'.repeat(7 << 20)}\n${aliases}\n---\n[[notes/A]]\n`);
    const out = path.join(tmp, 'g.json');
    const r = await run('build', vault, '--no-cache', '-o', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^bomb\.md:1: warning frontmatter-invalid: frontmatter expands to over \d+ characters through YAML aliases/m);
    expect(fs.statSync(out).size).toBeLessThan(1 << 20);
    const g = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(g.nodes).toHaveLength(13);
    expect(g.edges.some((e: { source: string; target: string }) => e.source === 'bomb' && e.target === 'notes/A')).toBe(true);
    const pretty = await run('build', vault, '-q', '--pretty'); // the in-memory path too
    expect(pretty.code).toBe(0);
    expect(pretty.out.length).toBeLessThan(1 << 20);
  }, 60_000);

  it('a 1 MB note aliasing one string 99 times gives no 100 MB graph; small anchors still work', async () => {
    const vault = vaultCopy();
    const aliases = Array.from({ length: 99 }, (_, i) => `k${i}: *s`).join('\n');
    fs.writeFileSync(path.join(vault, 'amp.md'), `---\ns: &s ${'y'.repeat(1 << 20)}\n${aliases}\n---\n`);
    fs.writeFileSync(path.join(vault, 'ok.md'), '---\nbase: &b {tags: [x]}\nother: *b\n---\n');
    const r = await run('build', vault, '--no-cache');
    expect(r.err).toMatch(/^amp\.md:1: warning frontmatter-invalid: frontmatter expands/m);
    expect(r.err).not.toMatch(/^ok\.md/m);
    expect(r.out.length).toBeLessThan(1 << 20);
    expect(JSON.parse(r.out).nodes.find((n: { key: string }) => n.key === 'ok').attributes.meta).toEqual({ base: { tags: ['x'] }, other: { tags: ['x'] } });
  }, 60_000);
});

describe('every link counted', () => {
  it('a note with 100,000 links counts them all; an edge lists at most maxOccurrencesPerEdge occurrences', async () => {
    const vault = vaultCopy();
    const distinct = Array.from({ length: 50_000 }, (_, i) => `[[t${i}]]`).join(' ');
    fs.writeFileSync(path.join(vault, 'many.md'), `${distinct}\n${'[[notes/A]] '.repeat(50_000)}\n`);
    const r = await run('build', vault, '--no-cache', '--detail', 'full');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^many\.md:2: warning too-many-links: 1 edge\(s\) of this note occur more than 1000 times \(up to 50000\); every link is counted/m);
    const g = JSON.parse(r.out);
    const out = g.edges.filter((e: { source: string }) => e.source === 'many');
    expect(out).toHaveLength(50_001);
    const toA = out.find((e: { target: string }) => e.target === 'notes/A');
    expect(toA.attributes.count).toBe(50_000);
    expect(toA.attributes.occurrences).toHaveLength(1000);
    const stats = JSON.parse((await run('stats', vault, '-q', '--json')).out);
    expect(stats.links.total).toBeGreaterThanOrEqual(100_000);
  }, 120_000);
});

describe('file names that are not UTF-8', () => {
  it('are reported truthfully (not "ENOENT"), and the rest of the vault builds', async () => {
    const vault = vaultCopy();
    try {
      fs.writeFileSync(Buffer.concat([Buffer.from(vault + '/bad'), Buffer.from([0xff, 0xfe]), Buffer.from('.md')]), '[[notes/A]]');
      fs.mkdirSync(Buffer.concat([Buffer.from(vault + '/dir'), Buffer.from([0xc3])]));
    } catch { return; } // a file system that refuses such names has nothing to test
    const r = await run('build', vault, '--no-cache');
    expect(r.code).toBe(0);
    expect(r.err).toContain('bad\uFFFD\uFFFD.md:1: error read-error: cannot read file: its name is not valid UTF-8');
    expect(r.err).toContain('dir\uFFFD:1: error read-error: cannot read folder: its name is not valid UTF-8');
    expect(r.err).not.toMatch(/ENOENT/);
    expect(JSON.parse(r.out).nodes).toHaveLength(12);
  });
});

describe('stdout', () => {
  it('a full disk behind stdout (`> /dev/full`): one line, exit 3', () => {
    if (!fs.existsSync('/dev/full')) return;
    const full = fs.openSync('/dev/full', 'w');
    try {
      for (const args of [['build', MINI, '-q', '--no-cache'], ['export', MINI, '-q', '-f', 'gexf']]) {
        const r = spawnSync(process.execPath, [BIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', full, 'pipe'] });
        expect(r.status, args.join(' ')).toBe(3);
        expectOneLine(r.stderr, /^vaultgraph: cannot write output: <stdout>: no space left on device \(ENOSPC\)\n$/);
      }
    } finally { fs.closeSync(full); }
  }, 120_000);
});
