// `vaultgraph orphans`: notes nothing links to, isolated notes, or dead ends (Obsidian's three senses).

import { findOrphans, ORPHAN_MODES, type OrphanMode } from '../../query/analysis.ts';
import { safeText } from '../format.ts';
import { build, parseIgnore, UsageError, type Command } from '../common.ts';

export const orphansCommand: Command = {
  summary: 'list orphan notes: no incoming links, isolated, or dead ends',
  usage: `vaultgraph orphans [vault] [--mode no-incoming|isolated|dead-ends] [--ignore topic,tag] [--json] [--fail]
  --mode MODE             no-incoming (default; Obsidian CLI "orphans"), isolated (no links either
                          way; Obsidian's graph), dead-ends (no outgoing links)
  --ignore LIST           edge families that do not count: topic, tag (comma-separated)
  --json                  print JSON
  --fail                  exit 1 when any orphan is found`,
  flags: { mode: { type: 'string' }, ignore: { type: 'string' }, json: { type: 'boolean' }, fail: { type: 'boolean' } },
  run: async (vault, v, io) => {
    const mode = (v.mode ?? 'no-incoming') as OrphanMode;
    if (!ORPHAN_MODES.includes(mode)) throw new UsageError(`--mode must be one of ${ORPHAN_MODES.join(', ')}, not "${mode}"`);
    const ignore = parseIgnore(v.ignore as string | undefined);
    const b = await build(vault, v, io);
    const orphans = findOrphans(b.graph, mode, ignore);
    if (v.json) {
      const list = orphans.map((id) => ({ id, path: b.graph.getNodeAttribute(id, 'path'), label: b.graph.getNodeAttribute(id, 'label'), kind: b.graph.getNodeAttribute(id, 'kind') }));
      io.stdout(JSON.stringify({ mode, ignore, count: list.length, orphans: list }, null, 2) + '\n');
    } else {
      io.stdout(orphans.map((id) => safeText(b.graph.getNodeAttribute(id, 'path')) + '\n').join(''));
      if (!v.quiet) io.stderr(`${orphans.length} orphan notes (${mode}${ignore.length ? `, ignoring ${ignore.join(', ')} edges` : ''})\n`);
    }
    return v.fail && orphans.length > 0 ? 1 : 0;
  },
};
