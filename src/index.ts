// The spine and public API: scan → parse → build. `buildVaultGraph(dir)` is all most callers need.

import { loadOptions } from './config.ts';
import { buildGraph, type BrokenLink, type VaultGraph } from './graph.ts';
import type { Options } from './options.ts';
import { noteId, parseNote } from './parse/note.ts';
import { scanVault } from './scan.ts';
import type { Diagnostic, Note, VaultFile } from './types.ts';

export interface VaultBuild {
  root: string;
  options: Options;
  graph: VaultGraph;
  notes: Note[];
  attachments: string[];
  broken: BrokenLink[];
  diagnostics: Diagnostic[];
  counts: { links: number; resolved: number; unresolved: number; ambiguous: number; self: number };
}

export interface BuildHooks {
  onProgress?: (done: number, total: number) => void;
}

export async function buildVaultGraph(root: string, overrides: Partial<Options> = {}, hooks: BuildHooks = {}): Promise<VaultBuild> {
  const { options, diagnostics: configDiagnostics } = loadOptions(root, overrides);
  const scanned = scanVault(root, { maxFileBytes: options.maxFileBytes, ...(hooks.onProgress && { onProgress: hooks.onProgress }) });
  const notes = scanned.notes.map((f) => toNote(f, options));
  const built = buildGraph({ notes, attachments: scanned.attachments }, options);
  const diagnostics = [...configDiagnostics, ...scanned.diagnostics, ...built.diagnostics];
  return { root, options, notes, attachments: scanned.attachments, ...built, diagnostics };
}

/** A read note is parsed; an unreadable one still becomes a node (links to it resolve), with its diagnostic. */
function toNote(file: VaultFile, options: Options): Note {
  const note = file.text !== undefined
    ? parseNote(file.path, file.text, options)
    : { id: noteId(file.path), path: file.path, title: noteId(file.path.slice(file.path.lastIndexOf('/') + 1)), frontmatter: {}, aliases: [], links: [], tags: [], headings: [], blocks: [], diagnostics: [] };
  if (file.diagnostic) note.diagnostics.unshift(file.diagnostic);
  return note;
}

export { buildGraph, parseNote };
export { resolveLink, buildIndex } from './resolve.ts';
export { DEFAULT_OPTIONS, resolveOptions, type Options } from './options.ts';
export type * from './types.ts';
export type { VaultGraph, BrokenLink } from './graph.ts';
