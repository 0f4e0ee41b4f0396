// `vaultgraph check`: run the rules over a built vault and return findings with their severity.
// Pure: the built vault and the config in, sorted findings out (fixes are applied by fix.ts).

import type { DiagnosticCode } from '../core/types.ts';
import { globMatcher } from './config.ts';
import { makeContext, type CheckContext, type CheckInput, type Edit, type RawFinding } from './context.ts';
import { deadEnd, orphan, symmetricMissing, topicUnlinked } from './graph-rules.ts';
import {
  aliasOnlyLink, brokenLink, brokenSubpath, relatedDangling, relatedDuplicate, relatedHalfwidth, topicAlias, topicOutsideFolder,
} from './link-rules.ts';
import type { RuleId } from './rules.ts';
import { allowedRoots, bodyTitleHeading, forbiddenText, frontmatterRequired, headingSpacing } from './vault-rules.ts';

export type { CheckInput } from './context.ts';
export { resolveCheckConfig, defaultCheckConfig, type CheckConfig } from './config.ts';
export { RULES, RULE_IDS, isRuleId, type RuleId, type RuleSeverity } from './rules.ts';

export interface Finding {
  rule: RuleId;
  severity: 'error' | 'warning';
  /** Vault-relative path of the file. */
  path: string;
  line: number;
  column: number;
  message: string;
  /** A certain fix (`--fix` applies it). */
  fix?: Edit;
}

/** Rules computed here; the others come from the build's diagnostics (DIAGNOSTIC_RULES). */
const RULE_FUNCTIONS: Partial<Record<RuleId, (ctx: CheckContext) => RawFinding[]>> = {
  'broken-link': brokenLink,
  'broken-subpath': brokenSubpath,
  'alias-only-link': aliasOnlyLink,
  'related-dangling': relatedDangling,
  'related-duplicate': relatedDuplicate,
  'related-halfwidth': relatedHalfwidth,
  'topic-outside-folder': topicOutsideFolder,
  'topic-alias': topicAlias,
  'topic-unlinked': topicUnlinked,
  'symmetric-missing': symmetricMissing,
  'frontmatter-required': frontmatterRequired,
  'body-title-heading': bodyTitleHeading,
  'forbidden-text': forbiddenText,
  'allowed-roots': allowedRoots,
  'heading-spacing': headingSpacing,
  orphan,
  'dead-end': deadEnd,
};

/** Diagnostics the parser and builder already emit, and the rule that reports each. */
const DIAGNOSTIC_RULES: Partial<Record<DiagnosticCode, RuleId>> = {
  'ambiguous-link': 'ambiguous-link',
  'related-missing-reason': 'related-missing-reason',
  'related-unknown-reason': 'related-unknown-reason',
  'related-missing-description': 'related-missing-description',
  'frontmatter-invalid': 'frontmatter-invalid',
  'frontmatter-unclosed': 'frontmatter-invalid',
  'frontmatter-not-mapping': 'frontmatter-invalid',
  'frontmatter-js': 'frontmatter-invalid',
  'unquoted-wikilink-in-yaml': 'unquoted-wikilink-in-yaml',
  'tags-string-dropped': 'tags-string-dropped',
  'config-invalid': 'config-invalid',
  'read-error': 'file-problem',
  'invalid-utf8': 'file-problem',
  'binary-content': 'file-problem',
  'file-too-large': 'file-problem',
  'too-many-links': 'file-problem',
  'symlink-outside-vault': 'file-problem',
  'duplicate-node-key': 'file-problem',
};

export interface CheckRun {
  /** Only these rules (still subject to `off` in the config); all when undefined. */
  only?: readonly RuleId[];
  /** Messages from resolving the check config: reported as `config-invalid` findings. */
  configProblems?: readonly string[];
}

export function checkVault(input: CheckInput, run: CheckRun = {}): Finding[] {
  const severity = input.config.rules;
  const enabled = (rule: RuleId) => severity[rule] !== 'off' && (run.only === undefined || run.only.includes(rule));
  const ctx = makeContext(input, enabled);
  const raw: RawFinding[] = [];
  for (const [rule, fn] of Object.entries(RULE_FUNCTIONS) as Array<[RuleId, (c: CheckContext) => RawFinding[]]>) {
    if (enabled(rule)) raw.push(...fn(ctx));
  }
  for (const d of input.diagnostics) {
    const rule = DIAGNOSTIC_RULES[d.code];
    if (rule && enabled(rule)) raw.push({ rule, path: d.path, line: d.line, column: d.column ?? 1, message: d.message });
  }
  if (enabled('config-invalid')) {
    for (const message of run.configProblems ?? []) raw.push({ rule: 'config-invalid', path: 'vaultgraph.config.json', line: 1, column: 1, message });
  }
  const ignored = globMatcher(input.config.ignore);
  const excluded = input.isExcluded ?? (() => false);
  return raw
    .filter((f) => !ignored(f.path) && !excluded(f.path))
    .map((f) => ({ ...f, severity: severity[f.rule] as 'error' | 'warning' }))
    .sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
