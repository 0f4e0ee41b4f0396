// The shipped CLI is a bundle (dist/main.mjs, made by `npm run build:cli` on install): make sure it
// is built from the current sources and works — including the commands that load esbuild and the
// parse workers, which only a real bundle exercises.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(ROOT, 'dist', 'main.mjs');
let runner: string;
const run = (...args: string[]) => spawnSync(process.execPath, [runner, ...args],
  { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VAULTGRAPH_THREADS: '2' } });

beforeAll(() => {
  execFileSync('npm', ['run', '--silent', 'build:cli'], { cwd: ROOT, stdio: 'ignore' });
  runner = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bundle-')), 'run.mjs');
  fs.writeFileSync(runner, `await (await import(${JSON.stringify(pathToFileURL(BUNDLE).href)})).main();\n`);
}, 60_000);

describe('the bundled CLI', () => {
  it('builds the sample vault on worker threads, with the same output as the sources', async () => {
    const r = run('build', 'vault', '-q', '--no-cache', '--detail', 'full');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { buildVaultGraph } = await import('../src/index.ts');
    const expected = await buildVaultGraph(path.join(ROOT, 'vault'));
    expect(r.stdout).toBe(JSON.stringify(expected.graph.export()) + '\n');
  }, 60_000);

  it('exits 0, silently, when the reader of its output goes away (`build | head`)', () => {
    const cmd = `"${process.execPath}" "${runner}" build vault -q --no-cache | head -c 10 >/dev/null; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', cmd], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VAULTGRAPH_THREADS: '0' } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('status=0');
  }, 60_000);

  it('writes the single-file viewer (esbuild is loaded at run time, not bundled)', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bundle-')), 'graph.html');
    const r = run('html', 'vault', '-o', out, '-q', '--no-layout');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('<script type="application/json" id="vg-data">');
  }, 60_000);
  it('loads only the build command\'s code for `build`: no graphology, viewer, exporters or checks', () => {
    // The files `build` evaluates: main.mjs, the build command's chunk, and what they import statically.
    const dist = path.dirname(BUNDLE);
    const main = fs.readFileSync(BUNDLE, 'utf8');
    const build = /build: async \(\) => \(await import\("\.\/(chunk-[\w-]+\.mjs)"\)\)\.buildCommand/.exec(main)?.[1];
    expect(build).toBeDefined();
    const seen = new Set<string>(), todo = ['main.mjs', build!];
    for (let f; (f = todo.pop()) !== undefined;) {
      if (seen.has(f)) continue;
      seen.add(f);
      for (const m of fs.readFileSync(path.join(dist, f), 'utf8').matchAll(/^import (?:[^"]*? from )?"\.\/([\w-]+\.mjs)";?$/gm)) todo.push(m[1]!);
    }
    const sources = [...seen].flatMap((f) => [...fs.readFileSync(path.join(dist, f), 'utf8').matchAll(/^\/\/ ((?:src|node_modules)\/\S+)$/gm)].map((m) => m[1]!));
    expect(sources).toContain('src/build/json-build.ts');
    expect(sources.filter((p) => /^(node_modules\/graphology|src\/(viewer|export|check|query\/analytics)\/|src\/index\.ts)/.test(p))).toEqual([]);
    // Loaded on demand (core/on-demand.ts), not compiled by every build: yaml (anchored frontmatter
    // only) and re2js (regex ignore filters only); gray-matter's own js-yaml 3, which would load
    // esprima at run time, is replaced by the js-yaml the parser uses (package.json `--alias`).
    expect(sources.filter((p) => /^node_modules\/(yaml|re2js|gray-matter\/node_modules)\//.test(p))).toEqual([]);
    expect(sources).toContain('node_modules/gray-matter/lib/parse.js');
    // Every chunk the entries can reach, statically or on demand (dist/ may keep stale chunks of older builds).
    const reach = new Set<string>(), next = ['main.mjs', 'parse-worker.mjs', 'layout-worker.mjs'];
    for (let f; (f = next.pop()) !== undefined;) {
      if (reach.has(f)) continue;
      reach.add(f);
      for (const m of fs.readFileSync(path.join(dist, f), 'utf8').matchAll(/["']\.\/((?:chunk-)?[\w-]+\.mjs)["']/g)) next.push(m[1]!);
    }
    expect(reach.size).toBeGreaterThan(10);
    for (const f of reach) expect(fs.readFileSync(path.join(dist, f), 'utf8')).not.toMatch(/['"]esprima['"]/);
  });

  it('loads yaml and re2js when a vault needs them: an anchored frontmatter block, a regex ignore filter', () => {
    const vault = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-bundle-vault-'));
    fs.mkdirSync(path.join(vault, '.obsidian'));
    fs.writeFileSync(path.join(vault, '.obsidian', 'app.json'), JSON.stringify({ userIgnoreFilters: ['/^drafts?\\//'] }));
    fs.writeFileSync(path.join(vault, 'A.md'), '---\nbase: &b [[B]]\nup: *b\n---\n[[B]]\n');
    fs.writeFileSync(path.join(vault, 'B.md'), 'text\n');
    fs.mkdirSync(path.join(vault, 'draft'));
    fs.writeFileSync(path.join(vault, 'draft', 'C.md'), '[[A]]\n');
    const r = run('build', vault, '-q', '--no-cache');
    expect(r.stderr).toBe('');
    const g = JSON.parse(r.stdout) as { nodes: Array<{ key: string; attributes: { meta?: Record<string, unknown>; excluded?: boolean } }> };
    expect(g.nodes.filter((n) => n.attributes.excluded).map((n) => n.key)).toEqual(['draft/C']);
    expect(g.nodes.find((n) => n.key === 'A')!.attributes.meta).toEqual({ base: [['B']], up: [['B']] });
  }, 60_000);
});
