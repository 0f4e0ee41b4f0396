// esbuild's buildSync, with esbuild loaded on first use: importing it costs every command about
// 0.1 s of start-up (`vaultgraph build` never bundles anything).

import { onDemand } from '../core/on-demand.ts';

type Esbuild = typeof import('esbuild');
const esbuild = onDemand<Esbuild>('esbuild');

export const buildSync = ((options: Parameters<Esbuild['buildSync']>[0]) => esbuild().buildSync(options)) as Esbuild['buildSync'];
