// `vaultgraph check`: lint links and conventions (the rules live in src/check/).

import { changesBetween, GitError, gitVault, resolveCommit, untracked } from '../../build/git.ts';
import { build, UsageError, type CliIo, type Command } from '../common.ts';

export const checkCommand: Command = {
  summary: 'lint links and the vault\'s conventions; exit 1 on error-level findings (for CI)',
  usage: `vaultgraph check [vault] [--format text|json|github|sarif] [--rule ID,…] [--changed-since REV] [--fix]
  --format F              text (file:line:col rule message, then a summary per rule; default),
                          json, github (Actions annotations), or sarif (SARIF 2.1.0, for code
                          scanning; see docs/ci.md)
  --changed-since REV     report only files changed since the git revision REV (committed or not,
                          and new untracked files); links still resolve against the whole vault
  --rule IDS              run only these rules (comma-separated; see docs/check.md)
  --fix                   apply the certain fixes (full-width ；： in 相关文档 items, merged topic
                          names from check.topicAliases, a blank line after a ## heading),
                          writing files atomically
  Rules, severities and ignore globs: "check" in vaultgraph.config.json.`,
  flags: { format: { type: 'string' }, rule: { type: 'string' }, fix: { type: 'boolean' }, 'changed-since': { type: 'string' } },
  run: async (vault, v, io) => {
    const { parseCheckFlags, runCheck } = await import('../../check/command.ts');
    const flags = parseCheckFlags(v);
    if (typeof flags === 'string') throw new UsageError(flags);
    if (flags.changedSince !== undefined) {
      const changed = await changedSince(vault, flags.changedSince, io);
      if (typeof changed === 'number') return changed;
      flags.changed = changed;
    }
    return runCheck(await build(vault, { ...v, quiet: true }, io), flags, io);
  },
};

/** Vault files changed since `rev` in the work tree (tracked changes and untracked files), or an exit code. */
async function changedSince(vault: string, rev: string, io: CliIo): Promise<Set<string> | number> {
  const repo = await gitVault(vault);
  if (!repo) throw new UsageError(`--changed-since needs the vault in a git repository: ${vault} is not`);
  const commit = await resolveCommit(repo, rev);
  if (!commit) throw new UsageError(`--changed-since: "${rev}" is not a revision of the git repository ${repo.top}`);
  try {
    const [changes, fresh] = await Promise.all([changesBetween(repo, commit), untracked(repo)]);
    return new Set([...changes.changed, ...fresh]);
  } catch (e) {
    if (e instanceof GitError) { io.stderr(`vaultgraph: check: ${vault}: ${e.message}\n`); return 3; }
    throw e;
  }
}
