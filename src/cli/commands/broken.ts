// `vaultgraph broken`: every unresolved link with its file, line, column and raw text.

import { safeText } from '../format.ts';
import { build, type Command } from '../common.ts';

export const brokenCommand: Command = {
  summary: 'list every unresolved link with file, line, column and raw text',
  usage: `vaultgraph broken [vault] [--json] [--fail]
  --json                  print JSON
  --fail                  exit 1 when any broken link is found`,
  flags: { json: { type: 'boolean' }, fail: { type: 'boolean' } },
  run: async (vault, v, io) => {
    const b = await build(vault, v, io);
    if (v.json) {
      const list = b.broken.map(({ path: p, line, column, raw, target }) => ({ path: p, line, column, raw, target }));
      io.stdout(JSON.stringify({ count: list.length, broken: list }, null, 2) + '\n');
    } else {
      io.stdout(b.broken.map((l) => safeText(`${l.path}:${l.line}:${l.column}: ${l.raw}`) + '\n').join(''));
      if (!v.quiet) io.stderr(`${b.broken.length} broken links to ${new Set(b.broken.map((l) => l.node)).size} missing targets\n`);
    }
    return v.fail && b.broken.length > 0 ? 1 : 0;
  },
};
