// Obsidian's own settings that vaultgraph honours: `.obsidian/app.json` "Excluded files"
// (`userIgnoreFilters`, docs/OBSIDIAN-LINKS.md §1 R2) and `.obsidian/graph.json` (§11 G2), the viewer's
// starting state. `readObsidianSettings` is the only fs reader; everything else is pure.

import fs from 'node:fs';
import path from 'node:path';
import type { RE2JS } from 're2js';
import { onDemand } from '../core/on-demand.ts';
import type { ColorGroup, Diagnostic } from '../core/types.ts';
import { reasonOf } from './failure.ts';
import { readTextIfAny } from './read.ts';

/** The graph view's settings, with Obsidian's defaults where graph.json says nothing. */
export interface ObsidianGraphSettings {
  /** The graph filter's search query ('' = none). */
  search: string;
  showTags: boolean;
  showAttachments: boolean;
  /** "Existing files only". */
  hideUnresolved: boolean;
  showOrphans: boolean;
  showArrow: boolean;
  /** First matching group wins; colours converted to CSS `#rrggbb`. */
  colorGroups: ColorGroup[];
  /** Display and force sliders, only those graph.json holds as numbers. */
  display: Partial<Record<(typeof NUMERIC_KEYS)[number], number>>;
}

export interface ObsidianSettings {
  /** `.obsidian` exists in the vault root. */
  present: boolean;
  /** `userIgnoreFilters` as written. */
  userIgnoreFilters: string[];
  /** app.json `showUnsupportedFiles` ("Detect all file extensions"): every file is a link target. */
  allFileTypes: boolean;
  graph: ObsidianGraphSettings;
  /** Unreadable files, wrong types, unusable filters (code `config-invalid`). */
  diagnostics: Diagnostic[];
}

/** Obsidian's defaults for a vault without graph.json. */
export const DEFAULT_GRAPH_SETTINGS: ObsidianGraphSettings = {
  search: '', showTags: false, showAttachments: false, hideUnresolved: false, showOrphans: true, showArrow: false,
  colorGroups: [], display: {},
};

const BOOLEAN_KEYS = ['showTags', 'showAttachments', 'hideUnresolved', 'showOrphans', 'showArrow'] as const;
const NUMERIC_KEYS = [
  'textFadeMultiplier', 'nodeSizeMultiplier', 'lineSizeMultiplier', 'centerStrength', 'repelStrength',
  'linkStrength', 'linkDistance', 'scale',
] as const;

/** Read both files (missing files are not a problem; unreadable or non-JSON ones are). */
export function readObsidianSettings(root: string): ObsidianSettings {
  const dir = path.join(root, '.obsidian');
  const diagnostics: Diagnostic[] = [];
  const read = (name: string): unknown => {
    try {
      const text = readTextIfAny(path.join(dir, name));
      return text === undefined ? undefined : JSON.parse(text) as unknown;
    } catch (e) {
      diagnostics.push(problem(`.obsidian/${name}`, `cannot read .obsidian/${name}: ${reasonOf(e)}`));
      return undefined;
    }
  };
  const present = fs.existsSync(dir);
  const app = read('app.json');
  const graph = read('graph.json');
  const filters = appIgnoreFilters(app, diagnostics);
  const allFileTypes = typeof app === 'object' && app !== null && (app as Record<string, unknown>).showUnsupportedFiles === true;
  return { present, userIgnoreFilters: filters, allFileTypes, graph: graphSettings(graph, diagnostics), diagnostics };
}

/** `userIgnoreFilters` from app.json's parsed JSON: the string entries. */
export function appIgnoreFilters(app: unknown, diagnostics: Diagnostic[] = []): string[] {
  if (!isObject(app) || app.userIgnoreFilters === undefined) return [];
  const list = app.userIgnoreFilters;
  if (!Array.isArray(list)) {
    diagnostics.push(problem('.obsidian/app.json', 'userIgnoreFilters should be a list of strings; ignored'));
    return [];
  }
  return list.filter((s): s is string => typeof s === 'string' && s.trim() !== '');
}

/** graph.json's parsed JSON → typed settings; wrong-typed keys keep their defaults. */
export function graphSettings(json: unknown, diagnostics: Diagnostic[] = []): ObsidianGraphSettings {
  const out: ObsidianGraphSettings = { ...DEFAULT_GRAPH_SETTINGS, colorGroups: [], display: {} };
  if (json === undefined) return out;
  if (!isObject(json)) {
    diagnostics.push(problem('.obsidian/graph.json', 'graph.json should hold a JSON object; ignored'));
    return out;
  }
  if (typeof json.search === 'string') out.search = json.search;
  for (const k of BOOLEAN_KEYS) { const v = json[k]; if (typeof v === 'boolean') out[k] = v; }
  for (const k of NUMERIC_KEYS) { const v = json[k]; if (typeof v === 'number' && Number.isFinite(v)) out.display[k] = v; }
  out.colorGroups = obsidianColorGroups(json);
  return out;
}

/** Longest `/regex/` filter we compile, and the longest path we test against one. */
const MAX_REGEX = 200;
/** re2js (270 KB) is loaded for the first regex filter: most vaults have none. */
const re2js = onDemand<typeof import('re2js')>('re2js');
const MAX_PATH = 1024;

/**
 * userIgnoreFilters → a predicate on vault paths (R2). A plain entry is a case-insensitive prefix
 * of the vault path (`02-资源/` hides the folder; `Draft` hides `Drafts/x.md` and `Draft note.md`, as
 * in Obsidian); `/…/` is a case-insensitive regex searched anywhere in the path. A filter comes from
 * the vault, so regexes run on RE2 (re2js: linear time in the path, whatever the pattern, so
 * `/^(a|a)*$/` cannot hang a build); one that RE2 cannot run in linear time (lookaround,
 * backreferences), that does not compile or is too long is skipped with a diagnostic.
 *   isExcluded = excludedMatcher(['02-资源/', '/\\.excalidraw\\.md$/'])
 */
export function excludedMatcher(filters: readonly string[], diagnostics: Diagnostic[] = []): (vaultPath: string) => boolean {
  const prefixes: string[] = [];
  const regexes: RE2JS[] = [];
  for (const f of filters) {
    const isRegex = f.length >= 2 && f.startsWith('/') && f.endsWith('/');
    if (!isRegex) { prefixes.push(f.toLowerCase()); continue; }
    const body = f.slice(1, -1);
    const skip = (why: string) => diagnostics.push(problem('.obsidian/app.json', `excluded-files filter ${JSON.stringify(f)} ${why}; skipped`));
    if (body.length > MAX_REGEX) { skip(`is longer than ${MAX_REGEX} characters`); continue; }
    try { new RegExp(body, 'i'); } catch (e) { skip(`is not a valid regex (${(e as Error).message})`); continue; }
    const { RE2JS } = re2js();
    try { regexes.push(RE2JS.compile(RE2JS.translateRegExp(body), RE2JS.CASE_INSENSITIVE)); } catch (e) {
      skip(`uses what cannot run in linear time (lookaround or backreference: ${(e as Error).message.replace(/^error parsing regexp: /, '')})`);
    }
  }
  if (prefixes.length === 0 && regexes.length === 0) return () => false;
  // Regexes are tested on the path only; a path longer than MAX_PATH is never regex-excluded.
  return (p) => {
    const lower = p.toLowerCase();
    return prefixes.some((x) => lower.startsWith(x)) || (p.length <= MAX_PATH && regexes.some((r) => r.test(p)));
  };
}

function problem(file: string, message: string): Diagnostic {
  return { path: file, line: 1, severity: 'warning', code: 'config-invalid', message };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Obsidian stores colours as `{a, rgb: 0xRRGGBB as a number}`; we use CSS hex. */
export function obsidianColorGroups(graphJson: unknown): ColorGroup[] {
  if (!isObject(graphJson) || !Array.isArray(graphJson.colorGroups)) return [];
  const out: ColorGroup[] = [];
  for (const g of graphJson.colorGroups) {
    if (!isObject(g) || typeof g.query !== 'string' || !isObject(g.color)) continue;
    const rgb = g.color.rgb;
    if (typeof rgb !== 'number' || !Number.isInteger(rgb) || rgb < 0 || rgb > 0xffffff) continue;
    out.push({ query: g.query, color: `#${rgb.toString(16).padStart(6, '0')}` });
  }
  return out;
}
