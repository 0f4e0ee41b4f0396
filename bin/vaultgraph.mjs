#!/usr/bin/env node
// Runs vaultgraph: the bundled dist/main.mjs (made by `npm run build:cli`, which npm install runs)
// when it is newer than every source file, else the TypeScript sources through tsx's loader. With the
// bundle, a `build -o FILE` first asks dist/fresh.mjs (src/build/fresh.ts) whether nothing changed
// (or whether the fresh output of the same command line with another `-o` can be copied).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'main.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

let fresh = false;
try { fresh = fs.statSync(bundle).mtimeMs >= newestSource(path.join(root, 'src')); } catch { /* no bundle */ }
if (fresh) {
  // `build -o FILE` whose inputs and output are as its last run left them: say it again, load nothing else.
  let same;
  try { same = (await import(path.join(root, 'dist', 'fresh.mjs'))).upToDate(process.argv.slice(2), process.cwd()); } catch { /* build */ }
  if (same) {
    process.stderr.write(same.stderr);
    process.exitCode = same.exit;
  } else await (await import(bundle)).main();
} else {
  (await import('tsx/esm/api')).register();
  await (await import('../src/cli/main.ts')).main();
}
