// Check findings as text (`file:line:col rule message`, clickable, then a summary per rule), JSON,
// GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=rule::message`), or SARIF
// 2.1.0 for code-scanning UIs (every rule described once, each finding located in its file).

import { safeText } from '../cli/format.ts';
import type { Finding } from './index.ts';
import { RULES, type RuleId, type RuleSeverity } from './rules.ts';

export type CheckFormat = 'text' | 'json' | 'github' | 'sarif';
export const CHECK_FORMATS: readonly CheckFormat[] = ['text', 'json', 'github', 'sarif'];

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

/**
 * SARIF 2.1.0: one run, the tool's rules (id, short description, help text, default level), one
 * result per remaining finding with its file (a relative URI, as `show` gives the path) and line
 * and column (UTF-16 code units, SARIF's default column kind). Rules that are off stay listed.
 */
export function formatSarif(r: CheckReport, show: ShowPath, version: string): string {
  const index = new Map<string, number>(RULES.map((rule, i) => [rule.id, i]));
  const level = (s: RuleSeverity) => (s === 'off' ? 'none' : s);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'vaultgraph',
          version,
          rules: RULES.map((rule) => ({
            id: rule.id,
            name: rule.id.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase()),
            shortDescription: { text: rule.explanation },
            fullDescription: { text: rule.explanation },
            help: { text: `${rule.explanation}. Default severity: ${rule.severity}. Change it, or ignore files by glob, under "check" in vaultgraph.config.json; run "vaultgraph check --rule ${rule.id}" to see only this rule.` },
            defaultConfiguration: { level: level(r.severities[rule.id] ?? rule.severity) },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results: r.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule) ?? -1,
        level: f.severity,
        message: { text: f.message.replace(/\r?\n/g, ' ') },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: uriOf(show(f.path)) },
            region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
          },
        }],
      })),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** A relative path as a URI reference: each segment percent-encoded (spaces, `#`, `?`, non-ASCII). */
export function uriOf(relPath: string): string {
  return relPath.split('/').map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s))).join('/');
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
