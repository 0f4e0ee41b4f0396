// The spine and public API: scan → parse → build. `buildVaultGraph(dir)` is all most callers need.

import { buildGraph, type BrokenLink, type VaultGraph } from './core/graph.ts';
import type { BuildHooks } from './build/json-build.ts';
import type { ObsidianSettings } from './build/obsidian.ts';
import type { Options } from './core/options.ts';
import { parseFiles } from './build/parse-pool.ts';
import { parseNote } from './core/parse/note.ts';
import { prepare } from './build/prepare.ts';
import type { ResolverIndex } from './core/resolve.ts';
import type { Diagnostic, Note, Resolution } from './core/types.ts';

export interface VaultBuild {
  root: string;
  options: Options;
  graph: VaultGraph;
  notes: Note[];
  attachments: string[];
  broken: BrokenLink[];
  /** The resolver index, and how each note's links resolved (note path → in `note.links` order). */
  index: ResolverIndex;
  resolutions: Map<string, Resolution[]>;
  diagnostics: Diagnostic[];
  counts: { links: number; resolved: number; unresolved: number; ambiguous: number; self: number };
  /** `.obsidian` settings: excluded files, graph view defaults. */
  obsidian: ObsidianSettings;
  /** Obsidian's "Excluded files" as a predicate on vault paths (nodes carry `excluded: true`). */
  isExcluded: (vaultPath: string) => boolean;
}

export { prepare };

/** scan → parse → build: the graph in memory, with everything learnt on the way. */
export async function buildVaultGraph(root: string, overrides: Partial<Options> = {}, hooks: BuildHooks = {}): Promise<VaultBuild> {
  const { options, listed, obsidian, isExcluded, diagnostics } = prepare(root, overrides);
  const notes = await parseFiles(root, listed.notes, options, hooks);
  const built = buildGraph({ notes, attachments: listed.attachments, isExcluded }, options);
  return { root, options, notes, attachments: listed.attachments, ...built, diagnostics: [...diagnostics, ...built.diagnostics], obsidian, isExcluded };
}

export { buildVaultJson, buildVaultJsonFile, type BuildHooks, type JsonBuild } from './build/json-build.ts';
export { buildGraph, parseNote };
export { resolveLink, buildIndex } from './core/resolve.ts';
export { DEFAULT_OPTIONS, resolveOptions, type Options } from './core/options.ts';
export type * from './core/types.ts';
export type { VaultGraph, BrokenLink } from './core/graph.ts';
export { readGraphJson, type GraphModel } from './core/graph-json.ts';
export type { GraphDetail } from './core/model.ts';
export { readObsidianSettings, type ObsidianSettings, type ObsidianGraphSettings } from './build/obsidian.ts';
