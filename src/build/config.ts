// Reads `vaultgraph.config.json` from the vault root and merges it between the defaults and the
// caller's options (defaults < config file < flags). A bad config file is a diagnostic, not a crash.

import path from 'node:path';
import { resolveOptions, type Options } from '../core/options.ts';
import type { Diagnostic } from '../core/types.ts';
import { reasonOf } from './failure.ts';
import { readTextIfAny } from './read.ts';

export const CONFIG_FILE = 'vaultgraph.config.json';

export function loadOptions(root: string, overrides: Partial<Options> = {}): { options: Options; diagnostics: Diagnostic[]; raw: Record<string, unknown> } {
  const diagnostics: Diagnostic[] = [];
  let raw: Record<string, unknown> = {};
  const file = path.join(root, CONFIG_FILE);
  let text: string | undefined;
  try { text = readTextIfAny(file); } catch (e) {
    diagnostics.push(configProblem(`cannot read ${CONFIG_FILE}: ${reasonOf(e)}; defaults used`));
  }
  if (text !== undefined) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) raw = parsed as Record<string, unknown>;
      else diagnostics.push(configProblem(`${CONFIG_FILE} must hold a JSON object`));
    } catch (e) {
      diagnostics.push(configProblem(`${CONFIG_FILE} is not valid JSON: ${(e as Error).message}`));
    }
  }
  const fromFile = resolveOptions(raw, CONFIG_FILE);
  for (const p of fromFile.problems) diagnostics.push(configProblem(p));
  const options = { ...fromFile.options, ...overrides, reasons: { ...fromFile.options.reasons, ...overrides.reasons } };
  return { options, diagnostics, raw };
}

function configProblem(message: string): Diagnostic {
  return { path: CONFIG_FILE, line: 1, severity: 'warning', code: 'config-invalid', message };
}

/** The config's `viewer` section: `{"viewer": {"dateKey": "发布日期"}}` names the timeline's frontmatter key. */
export function viewerConfig(root: string): { dateKey?: string } {
  const v = loadOptions(root).raw.viewer;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const dateKey = (v as Record<string, unknown>).dateKey;
  return typeof dateKey === 'string' && dateKey !== '' ? { dateKey } : {};
}
