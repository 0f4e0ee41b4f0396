// `vaultgraph check`: lint links and conventions (the rules live in src/check/).

import { build, UsageError, type Command } from '../common.ts';

export const checkCommand: Command = {
  summary: 'lint links and the vault\'s conventions; exit 1 on error-level findings (for CI)',
  usage: `vaultgraph check [vault] [--format text|json|github] [--rule ID,…] [--fix]
  --format F              text (file:line:col rule message, then a summary per rule; default),
                          json, or github (Actions annotations)
  --rule IDS              run only these rules (comma-separated; see docs/check.md)
  --fix                   apply the certain fixes (full-width ；： in 相关文档 items, merged topic
                          names from check.topicAliases), writing files atomically
  Rules, severities and ignore globs: "check" in vaultgraph.config.json.`,
  flags: { format: { type: 'string' }, rule: { type: 'string' }, fix: { type: 'boolean' } },
  run: async (vault, v, io) => {
    const { parseCheckFlags, runCheck } = await import('../../check/command.ts');
    const flags = parseCheckFlags(v);
    if (typeof flags === 'string') throw new UsageError(flags);
    return runCheck(await build(vault, { ...v, quiet: true }, io), flags, io);
  },
};
