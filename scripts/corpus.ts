// npm run corpus: build the users' real vault (../shared/corpora/shiertier-docs) and print its
// counts, broken and ambiguous links, and the build time as a ratio against `cat`-ing the same
// files in the same run. Skips cleanly when ../shared is not beside the checkout.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeStats } from '../src/query/analysis.ts';
import { formatStats } from '../src/cli/format.ts';
import { buildVaultGraph } from '../src/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const vault = path.resolve(here, '..', process.argv[2] ?? '../shared/corpora/shiertier-docs');
if (!fs.existsSync(vault)) {
  console.log(`corpus: ${vault} not found; skipped`);
  process.exit(0);
}

const b = await buildVaultGraph(vault);
const { links: total, ...outcomes } = b.counts;
console.log(`corpus: ${path.relative(process.cwd(), vault)}\n`);
console.log(formatStats(computeStats(b.graph, { total, ...outcomes }, b.diagnostics)));
console.log(`broken links (${b.broken.length}):`);
for (const l of b.broken) console.log(`  ${l.path}:${l.line}:${l.column}: ${l.raw}`);
const ambiguous = b.diagnostics.filter((d) => d.code === 'ambiguous-link');
console.log(`\nambiguous links (${ambiguous.length}):`);
for (const d of ambiguous) console.log(`  ${d.path}:${d.line}: ${d.message}`);

// Timing: medians of 5 runs, measured side by side, reported as ratios against `cat`.
const median = (xs: number[]) => [...xs].sort((a, c) => a - c)[Math.floor(xs.length / 2)]!;
const time = (cmd: string, args: string[]) => {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return performance.now() - t0;
};
const runs = Number(process.env.CORPUS_RUNS ?? 5);
const cat = ['-c', `cd "${vault}" && find . -name '*.md' -not -path '*/.*/*' -print0 | xargs -0 cat > /dev/null`];
const node0 = ['-e', '0'];
const cli = [path.join(here, '..', 'bin', 'vaultgraph.mjs'), 'build', vault, '-q', '-o', '/dev/null'];
time('sh', cat); // warm the page cache
const tCat: number[] = [], tNode: number[] = [], tBuild: number[] = [];
for (let i = 0; i < runs; i++) {
  tCat.push(time('sh', cat));
  tNode.push(time(process.execPath, node0));
  tBuild.push(time(process.execPath, cli));
}
const c = median(tCat), n = median(tNode), bb = median(tBuild);
console.log(`\ntiming (median of ${runs}, wall, same run):`);
console.log(`  cat of the ${b.notes.length} notes    ${c.toFixed(0)} ms   1.0×`);
console.log(`  node -e 0                ${n.toFixed(0)} ms   ${(n / c).toFixed(1)}×`);
console.log(`  vaultgraph build         ${bb.toFixed(0)} ms   ${(bb / c).toFixed(1)}× cat`);
