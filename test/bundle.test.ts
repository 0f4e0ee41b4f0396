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
});
