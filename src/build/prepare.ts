// What every build starts from: the options (defaults, vaultgraph.config.json, flags), Obsidian's
// settings, and the vault's file listing.

import { loadOptions } from './config.ts';
import { excludedMatcher, readObsidianSettings } from './obsidian.ts';
import { isAttachment, type Options } from '../core/options.ts';
import { listVault } from './scan.ts';

export type Prepared = ReturnType<typeof prepare>;

/** What both build paths start from: options, the file listing, Obsidian's settings. */
export function prepare(root: string, overrides: Partial<Options>) {
  const loaded = loadOptions(root, overrides);
  const obsidian = readObsidianSettings(root);
  const options = obsidian.allFileTypes ? { ...loaded.options, allFileTypes: true } : loaded.options;
  const diagnostics = loaded.diagnostics;
  const listed = listVault(root);
  // As scanned (serve's snapshot key stamps every file, whatever the options keep).
  const scanned = { notes: listed.notes, attachments: listed.attachments };
  if (!options.allFileTypes) listed.attachments = listed.attachments.filter(isAttachment);
  const isExcluded = excludedMatcher(obsidian.userIgnoreFilters, obsidian.diagnostics);
  return { options, listed, scanned, obsidian, isExcluded, diagnostics: [...diagnostics, ...obsidian.diagnostics, ...listed.diagnostics] };
}

