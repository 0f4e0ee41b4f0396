// The embed's script: web/embed/ bundled by esbuild on demand into dist-web/vaultgraph-embed.js
// (one classic script, no imports, no eval), rebuilt when a source it bundles is newer.

import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from './esbuild.ts';
import { newestMtime, PROJECT_ROOT } from '../build/project.ts';
import { writeFileAtomic } from '../build/write.ts';

export const EMBED_SCRIPT = 'vaultgraph-embed.js';
export const EMBED_DATA = 'vaultgraph-embed.json';

export function embedScript(): string {
  const out = path.join(PROJECT_ROOT, 'dist-web', EMBED_SCRIPT);
  const newest = newestMtime(['web/embed', 'web/model', 'src/viewer']);
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < newest) {
    const r = buildSync({ entryPoints: [path.join(PROJECT_ROOT, 'web', 'embed', 'main.ts')], bundle: true, format: 'iife', target: 'es2020',
      minify: true, legalComments: 'none', outfile: out, write: false, logLevel: 'error', absWorkingDir: PROJECT_ROOT });
    const js = r.outputFiles[0]!.text;
    writeFileAtomic(out, js); // two runs at once (tests) never read a half-written bundle
    return js;
  }
  return fs.readFileSync(out, 'utf8');
}
