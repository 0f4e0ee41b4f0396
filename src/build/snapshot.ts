// A built vault as a model (graphology's export form), from each kind of source `diff` compares: a
// folder on disk (the JSON build path, through the build cache), a graph JSON written by `build`,
// or a git revision (its files read from git's objects and fed to the same pure parse/build core).

import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { assemble, type VaultModel } from '../core/graph.ts';
import { noteOf } from '../core/note-of.ts';
import { isAttachment, type Options } from '../core/options.ts';
import type { Diagnostic } from '../core/types.ts';
import { loadOptions } from './config.ts';
import { vaultAt, type GitVault } from './git.ts';
import { buildVaultJson, type BuildHooks } from './json-build.ts';
import { excludedMatcher, readObsidianSettings } from './obsidian.ts';

export interface Snapshot { model: VaultModel; diagnostics: Diagnostic[] }

/** A folder, built as `vaultgraph build` builds it (a warm build cache makes this fast). */
export async function snapshotOfFolder(dir: string, overrides: Partial<Options>, hooks: BuildHooks): Promise<Snapshot> {
  const parts: string[] = [];
  const text = new StringDecoder('utf8');
  const b = await buildVaultJson(dir, (c) => parts.push(typeof c === 'string' ? c : text.write(Buffer.from(c.buffer, c.byteOffset, c.length))), overrides, hooks);
  parts.push(text.end());
  return { model: JSON.parse(parts.join('')) as VaultModel, diagnostics: b.diagnostics };
}

/** A graph JSON written by `build`; undefined when the file is not one (the caller says so). */
export function snapshotOfJson(file: string): Snapshot | undefined {
  let data: unknown;
  try { data = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return undefined; }
  const m = data as Partial<VaultModel> | null;
  if (!m || typeof m !== 'object' || !Array.isArray(m.nodes) || !Array.isArray(m.edges)) return undefined;
  const okNode = (n: unknown) => !!n && typeof (n as { key?: unknown }).key === 'string' && typeof (n as { attributes?: { kind?: unknown } }).attributes?.kind === 'string';
  const okEdge = (e: unknown) => !!e && typeof (e as { source?: unknown }).source === 'string' && typeof (e as { target?: unknown }).target === 'string'
    && Array.isArray((e as { attributes?: { occurrences?: unknown } }).attributes?.occurrences);
  if (!m.nodes.every(okNode) || !m.edges.every(okEdge)) return undefined;
  return { model: { options: m.options ?? { type: 'directed', multi: true, allowSelfLoops: false }, attributes: {}, nodes: m.nodes, edges: m.edges } as VaultModel, diagnostics: [] };
}

/**
 * The vault at a commit, read from git's objects (nothing is checked out). The conventions — the
 * options of vaultgraph.config.json and Obsidian's excluded files — are the vault folder's current
 * ones, so both sides of a diff are read by the same rules.
 */
export async function snapshotAtCommit(vault: string, repo: GitVault, commit: string, overrides: Partial<Options>): Promise<Snapshot> {
  const loaded = loadOptions(vault, overrides);
  const obsidian = readObsidianSettings(vault);
  const options = obsidian.allFileTypes ? { ...loaded.options, allFileTypes: true } : loaded.options;
  const files = await vaultAt(repo, commit, options.maxFileBytes);
  const attachments = options.allFileTypes ? files.attachments : files.attachments.filter(isAttachment);
  const notes = files.notes.map((f) => noteOf(f, options));
  const out = assemble({ notes, attachments, isExcluded: excludedMatcher(obsidian.userIgnoreFilters) }, options);
  return { model: out.model, diagnostics: [...files.diagnostics, ...out.diagnostics] };
}
