// esbuild's buildSync, with esbuild loaded on first use: importing it costs every command about
// 0.1 s of start-up (`vaultgraph build` never bundles anything).

import { createRequire } from 'node:module';

type Esbuild = typeof import('esbuild');
let api: Esbuild | undefined;

export const buildSync = ((options: Parameters<Esbuild['buildSync']>[0]) =>
  (api ??= createRequire(import.meta.url)('esbuild') as Esbuild).buildSync(options)) as Esbuild['buildSync'];
