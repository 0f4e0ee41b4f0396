// Diff benchmark (not a test): the users' vault copied into a temporary git repository, one commit,
// then a scripted change in the work tree (a typed relation added, a note deleted, one renamed with
// `git mv`, a link broken). Times `vaultgraph diff HEAD <vault>` as a user runs it (a fresh process,
// wall clock), with the build cache warm, and `diff HEAD~0 HEAD` (both sides from git) for comparison.
//   node --import tsx scripts/bench-diff.ts [vault]   (default ../shared/corpora/shiertier-docs; skips without it)
// The machine's load average is printed too: on a shared machine, wall times scale with it.
// Build the CLI bundle first (`npm run build:cli`): bin/vaultgraph.mjs falls back to tsx when dist/ is stale.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const source = process.argv[2] ?? path.resolve(import.meta.dirname, '../../shared/corpora/shiertier-docs');
if (!fs.existsSync(source)) {
  console.log(`bench-diff: skipped, no vault at ${source}`);
  process.exit(0);
}
const BIN = path.resolve(import.meta.dirname, '../bin/vaultgraph.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bench-diff-'));
const repo = path.join(tmp, 'repo');
const vault = path.join(repo, 'vault');
const cache = path.join(tmp, 'cache');
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 28 });

try {
  fs.mkdirSync(repo);
  fs.cpSync(source, vault, { recursive: true });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'vault');
  git('repack', '-adq'); // as a cloned or gc'ed repository is: packed objects, not one file per blob

  // The scripted change: pick notes by sorted path so every run makes the same change.
  const notes = (git('ls-files', '-z', '--', 'vault') as string).split('\0').filter((p) => p.endsWith('.md')).sort();
  const pick = (i: number) => notes[Math.floor((notes.length * i) / 7)]!;
  const [a, b, del, ren, brk] = [pick(1), pick(2), pick(3), pick(4), pick(5)];
  const name = (p: string) => path.basename(p, '.md');
  fs.appendFileSync(path.join(repo, a), `\n## 相关文档\n\n- [[${name(b)}]]；关联理由：引用；说明：基准测试加的关系。\n`);
  fs.rmSync(path.join(repo, del));
  git('mv', ren, ren.replace(/\.md$/, ' (renamed).md'));
  fs.appendFileSync(path.join(repo, brk), '\n见 [[这篇笔记并不存在]]。\n');

  // CPU time (user + sys, from /usr/bin/time when there) is less at the mercy of other jobs than wall time.
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const cpu: number[] = [];
  const run = (args: string[]) => {
    const t0 = performance.now();
    const r = timeBin
      ? spawnSync(timeBin, ['-f', 'cpu %U %S', 'node', BIN, ...args], { cwd: vault, encoding: 'utf8', maxBuffer: 1 << 28 })
      : spawnSync('node', [BIN, ...args], { cwd: vault, encoding: 'utf8', maxBuffer: 1 << 28 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`vaultgraph ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
    if (m) cpu.push((Number(m[1]) + Number(m[2])) * 1000);
    return { ms, out: r.stdout };
  };
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  run(['build', '.', '-o', path.join(tmp, 'warm.json'), '--cache-dir', cache, '-q']); // warm the build cache
  const times = (args: string[], n = 5) => Array.from({ length: n }, () => run(args).ms);

  cpu.length = 0;
  const wt = times(['diff', 'HEAD', '.', '--json', '--cache-dir', cache]);
  const wtCpu = [...cpu];
  const summary = JSON.parse(run(['diff', 'HEAD', '.', '--json', '--cache-dir', cache]).out) as { notes: unknown; edges: { added: unknown[]; removed: unknown[] }; broken: { added: unknown[] } };
  git('add', '-A');
  git('commit', '-qm', 'change');
  const revs = times(['diff', 'HEAD~1', 'HEAD', '--json'], 3);
  const nodeStart = times(['--version'], 3);
  const result = {
    vault: source, notes: notes.length,
    change: { relationAdded: `${a} → ${b}`, deleted: del, renamed: ren, linkBroken: brk },
    found: { notes: summary.notes, edgesAdded: summary.edges.added.length, edgesRemoved: summary.edges.removed.length, brokenAdded: summary.broken.added.length },
    workTreeWarmCacheMs: { median: Math.round(median(wt)), runs: wt.map(Math.round), cpuMedian: wtCpu.length ? Math.round(median(wtCpu)) : null },
    twoRevisionsMs: { median: Math.round(median(revs)), runs: revs.map(Math.round) },
    cliStartMs: Math.round(median(nodeStart)),
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(1))), cores: os.availableParallelism(),
  };
  console.log(`bench-diff: ${JSON.stringify(result, null, 2)}`);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
