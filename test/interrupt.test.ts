// Ctrl-C during a build leaves no temporary file behind: the spool's folder and the half-written
// output are removed, and the process still ends by the signal.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture } from './helpers.ts';

describe('interrupted builds', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: the spool and the temporary output are removed`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-interrupt-'));
      const tmpRoot = path.join(dir, 'tmp');
      const outDir = path.join(dir, 'out');
      fs.mkdirSync(tmpRoot);
      const child = spawn(process.execPath, ['--import', 'tsx', fixture('scripts/interrupted.ts'), tmpRoot, path.join(outDir, 'graph.json')], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
        child.on('exit', () => reject(new Error('the script ended before it was ready')));
      });
      expect(fs.readdirSync(tmpRoot)).toHaveLength(1); // the spool spilled into its folder
      expect(fs.readdirSync(outDir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
      const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
      child.kill(signal);
      expect(await ended).toBe(signal);
      expect(fs.readdirSync(tmpRoot)).toEqual([]);
      expect(fs.readdirSync(outDir)).toEqual([]);
    }, 30_000);
  }
});

describe('serve, stopped', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: serve ends cleanly and its edge file (serve-model.ts) is gone`, async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-interrupt-serve-'));
      const bin = path.resolve(import.meta.dirname, '..', 'bin', 'vaultgraph.mjs');
      const child = spawn(process.execPath, [bin, 'serve', fixture('relations'), '--port', '0', '-q', '--no-layout', '--no-cache'],
        { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TMPDIR: tmp } });
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('viewer at')) resolve(); });
        child.on('exit', () => reject(new Error('serve ended before it was ready')));
      });
      expect(fs.readdirSync(tmp).filter((f) => f.startsWith('vaultgraph-serve-'))).toHaveLength(1);
      const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill(signal);
      expect(await ended).toBe(0);
      expect(fs.readdirSync(tmp).filter((f) => f.startsWith('vaultgraph-serve-'))).toEqual([]);
      fs.rmSync(tmp, { recursive: true, force: true });
    }, 60_000);
  }
});
