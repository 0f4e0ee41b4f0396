// Check findings as text (`file:line:col rule message`, clickable, then a summary per rule), JSON,
// or GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=rule::message`).

import { safeText } from '../cli/format.ts';
import type { Finding } from './index.ts';
import { RULES, type RuleId, type RuleSeverity } from './rules.ts';

export type CheckFormat = 'text' | 'json' | 'github';
export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json', 'github'];

/** `file` is how the finding's path is shown (relative to the working directory, for clicking). */
export type ShowPath = (vaultPath: string) => string;

export interface CheckReport {
  findings: readonly Finding[];
  /** Fixed findings (already applied): listed as fixed, not counted as remaining. */
  fixed: readonly Finding[];
  severities: Record<RuleId, RuleSeverity>;
}

export function formatText(r: CheckReport, show: ShowPath): string {
  const line = (f: Finding, note = '') => safeText(`${show(f.path)}:${f.line}:${f.column} ${f.rule} ${note}${f.message}`.replace(/\r?\n/g, ' '));
  const lines = r.findings.map((f) => line(f));
  for (const f of r.fixed) lines.push(line(f, 'fixed: '));
  const counts = countByRule(r.findings);
  const fixedCounts = countByRule(r.fixed);
  if (lines.length > 0) lines.push('');
  for (const rule of RULES) {
    const n = counts.get(rule.id) ?? 0;
    const fixed = fixedCounts.get(rule.id) ?? 0;
    if (n === 0 && fixed === 0) continue;
    lines.push(`${String(n).padStart(6)}  ${rule.id.padEnd(28)} ${r.severities[rule.id]}${fixed ? `  (${fixed} fixed)` : ''}`);
  }
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  lines.push(`${r.findings.length} findings: ${errors} errors, ${r.findings.length - errors} warnings${r.fixed.length ? `; ${r.fixed.length} fixed` : ''}`);
  return lines.join('\n') + '\n';
}

export function formatJson(r: CheckReport): string {
  const summary: Record<string, { severity: RuleSeverity; count: number; fixed: number }> = {};
  const counts = countByRule(r.findings);
  const fixedCounts = countByRule(r.fixed);
  for (const rule of RULES) {
    summary[rule.id] = { severity: r.severities[rule.id], count: counts.get(rule.id) ?? 0, fixed: fixedCounts.get(rule.id) ?? 0 };
  }
  const strip = ({ fix: _fix, ...f }: Finding) => f;
  const errors = r.findings.filter((f) => f.severity === 'error').length;
  return JSON.stringify({
    errors, warnings: r.findings.length - errors,
    findings: r.findings.map(strip), fixed: r.fixed.map(strip), summary,
  }, null, 2) + '\n';
}

export function formatGithub(r: CheckReport, show: ShowPath): string {
  return r.findings.map((f) =>
    `::${f.severity} file=${ghProperty(show(f.path))},line=${f.line},col=${f.column},title=${ghProperty(f.rule)}::${ghData(f.message)}\n`).join('');
}

/** GitHub workflow-command escaping of the message part: `%`, CR, LF. */
export function ghData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** …and of a property value, where `:` and `,` are separators too. */
export function ghProperty(s: string): string {
  return ghData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function countByRule(findings: readonly Finding[]): Map<RuleId, number> {
  const m = new Map<RuleId, number>();
  for (const f of findings) m.set(f.rule, (m.get(f.rule) ?? 0) + 1);
  return m;
}
