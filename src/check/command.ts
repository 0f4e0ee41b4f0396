// The `check` command after argv parsing: built vault + flags → findings, fixes, output, exit code
// (0 clean or warnings only, 1 an error-level finding remains; usage errors are the caller's).

import path from 'node:path';
import { loadOptions } from '../build/config.ts';
import { textReader } from '../build/read.ts';
import type { VaultBuild } from '../index.ts';
import { resolveCheckConfig } from './config.ts';
import { applyFixes } from './fix.ts';
import { CHECK_FORMATS, formatGithub, formatJson, formatSarif, formatText, type CheckFormat } from './format.ts';
import { VERSION } from '../build/version.ts';
import { checkVault, type Finding } from './index.ts';
import { isRuleId, RULE_IDS, type RuleId } from './rules.ts';

export interface CheckFlags {
  format: CheckFormat;
  only?: RuleId[];
  fix: boolean;
  quiet: boolean;
  /** `--changed-since REV`: the revision (the caller resolves it to `changed`). */
  changedSince?: string;
  /** Report (and fix) only findings in these vault files; every note still takes part in resolution. */
  changed?: ReadonlySet<string>;
}

interface Io { stdout: (s: string) => void; stderr: (s: string) => void; cwd: string }

/** Flags → CheckFlags, or the usage error message. */
export function parseCheckFlags(v: Record<string, string | boolean | undefined>): CheckFlags | string {
  const format = (v.format ?? 'text') as CheckFormat;
  if (!CHECK_FORMATS.includes(format)) return `--format must be one of ${CHECK_FORMATS.join(', ')}, not "${String(v.format)}"`;
  let only: RuleId[] | undefined;
  if (typeof v.rule === 'string') {
    const ids = v.rule.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = ids.filter((id) => !isRuleId(id));
    if (bad.length > 0 || ids.length === 0) return `--rule takes rule ids (${RULE_IDS.join(', ')}), not "${bad.join(',') || v.rule}"`;
    only = ids as RuleId[];
  }
  const since = v['changed-since'];
  if (since === '' || since === true) return '--changed-since needs a git revision (e.g. origin/main)';
  return { format, ...(only && { only }), fix: v.fix === true, quiet: v.quiet === true, ...(typeof since === 'string' && { changedSince: since }) };
}

export function runCheck(b: VaultBuild, flags: CheckFlags, io: Io): number {
  const { config, problems } = resolveCheckConfig(loadOptions(b.root).raw.check);
  const everywhere = checkVault(
    { notes: b.notes, attachments: b.attachments, graph: b.graph, index: b.index, resolutions: b.resolutions, diagnostics: b.diagnostics, options: b.options, config, isExcluded: b.isExcluded,
      readText: textReader(b.root, b.options.maxFileBytes) },
    { ...(flags.only && { only: flags.only }), configProblems: problems },
  );
  const changed = flags.changed;
  const all = changed ? everywhere.filter((f) => changed.has(f.path)) : everywhere;
  let findings: Finding[] = all;
  let fixed: Finding[] = [];
  if (flags.fix) {
    const r = applyFixes(b.root, all);
    const done = new Set(r.fixed);
    fixed = all.filter((f) => done.has(f));
    findings = all.filter((f) => !done.has(f));
    for (const s of r.skipped) io.stderr(`vaultgraph: not fixed ${s.finding.path}:${s.finding.line}:${s.finding.column} ${s.finding.rule}: ${s.reason}\n`);
    if (!flags.quiet) io.stderr(`fixed ${r.fixed.length} findings in ${r.files.length} files\n`);
  }
  const show = (p: string) => path.relative(io.cwd, path.join(b.root, p)).split(path.sep).join('/');
  const report = { findings, fixed, severities: config.rules };
  io.stdout(flags.format === 'json' ? formatJson(report) : flags.format === 'github' ? formatGithub(report, show)
    : flags.format === 'sarif' ? formatSarif(report, show, VERSION) : formatText(report, show));
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
