// npm run bench:export [-- --size 100000 --formats csv,gexf --keep]: peak RSS and wall time of
// `vaultgraph export` per format on a generated vault (../shared/tools/gen-vault.mjs, seed 42, the
// same vaults as scripts/bench.ts), one run each, printed as a Markdown table (docs/exports.md keeps
// the 100k numbers). Outputs go to a temporary folder, removed unless --keep. Skips cleanly without
// ../shared or /usr/bin/time.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EXPORT_FORMATS, isMultiFile, type ExportFormat } from '../src/export/index.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const gen = path.resolve(repo, '..', 'shared', 'tools', 'gen-vault.mjs');
const { values } = parseArgs({ options: { size: { type: 'string' }, formats: { type: 'string' }, keep: { type: 'boolean' } } });
const size = Number(values.size ?? 10000);
const formats = (values.formats?.split(',') ?? EXPORT_FORMATS) as ExportFormat[];
const bad = formats.filter((f) => !EXPORT_FORMATS.includes(f));
if (bad.length) { console.error(`bench-export: unknown format ${bad.join(', ')}`); process.exit(2); }

const vault = path.join(os.tmpdir(), 'vaultgraph-bench', `v${size}-s42`);
if (!fs.existsSync(path.join(vault, '.expected.json'))) {
  if (!fs.existsSync(gen)) { console.log(`bench-export: ${gen} not found; skipped`); process.exit(0); }
  console.error(`generating ${size} notes in ${vault} …`);
  const r = spawnSync(process.execPath, [gen, '--notes', String(size), '--seed', '42', '--out', vault, '--force'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) { console.error('bench-export: gen-vault failed'); process.exit(3); }
}
if (!fs.existsSync('/usr/bin/time')) { console.log('bench-export: /usr/bin/time not found; skipped'); process.exit(0); }

const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaultgraph-bench-export-'));
const bytes = (p: string): number => fs.statSync(p).isDirectory() ? fs.readdirSync(p).reduce((n, f) => n + bytes(path.join(p, f)), 0) : fs.statSync(p).size;
console.log(`vaultgraph export, ${path.basename(vault)} (the layout cache warm or not: gexf lays out on a first run)\n`);
console.log('| format | peak RSS | time | output |\n|---|---:|---:|---:|');
for (const f of formats) {
  const out = path.join(outDir, isMultiFile(f) ? f : `graph.${f}`);
  const r = spawnSync('/usr/bin/time', ['-f', '%M %e', process.execPath, path.join(repo, 'bin', 'vaultgraph.mjs'), 'export', vault, '-q', '--format', f, '-o', out],
    { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const [kb, s] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  const status = r.status === 0 ? `${(bytes(out) / 1e6).toFixed(1)} MB` : `failed: ${r.stderr.split('\n').find((l) => l.startsWith('vaultgraph:')) ?? `exit ${r.status}`}`;
  console.log(`| ${f} | ${(kb! / 1024).toFixed(0)} MB | ${s!.toFixed(1)} s | ${status} |`);
  if (!values.keep) fs.rmSync(out, { recursive: true, force: true });
}
if (!values.keep) fs.rmSync(outDir, { recursive: true, force: true });
else console.log(`\noutputs kept in ${outDir}`);
