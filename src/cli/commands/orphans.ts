// `vaultgraph orphans`: orphan documents in one sense (isolated by default, as the viewer's Orphans
// button), with the counts of the other senses beside it so the answer says which question it answers.

import { linkViewOf, orphanReport, describeOrphans, DEFAULT_ORPHAN_SENSE, ORPHAN_SENSES, SENSE_WORDS, type OrphanSense } from '../../query/orphans.ts';
import { safeText } from '../format.ts';
import { build, parseIgnore, UsageError, type Command } from '../common.ts';

export const orphansCommand: Command = {
  summary: 'list orphan documents: isolated, never linked to, without any document relation, or dead ends',
  usage: `vaultgraph orphans [vault] [--mode isolated|no-incoming|no-relation|dead-ends] [--topics] [--ignore topic,tag] [--json] [--fail]
  --mode MODE             isolated (default; no link either way, Obsidian's graph view and the viewer's
                          Orphans button), no-incoming (nothing links to it; Obsidian CLI "orphans"),
                          no-relation (no typed document relation either way: 相关文档 items, fields),
                          dead-ends (links to nothing)
  --topics                report topic notes too (by default only documents are orphans)
  --ignore LIST           edge families that do not count: topic, tag (comma-separated)
  --json                  print JSON: {mode, ignore, topics, count, counts: {sense: n}, orphans: [...]}
  --fail                  exit 1 when any orphan is found
The summary on stderr gives the count in every sense.`,
  flags: { mode: { type: 'string' }, topics: { type: 'boolean' }, ignore: { type: 'string' }, json: { type: 'boolean' }, fail: { type: 'boolean' } },
  run: async (vault, v, io) => {
    const mode = (v.mode ?? DEFAULT_ORPHAN_SENSE) as OrphanSense;
    if (!ORPHAN_SENSES.includes(mode)) throw new UsageError(`--mode must be one of ${ORPHAN_SENSES.join(', ')}, not "${mode}"`);
    const ignore = parseIgnore(v.ignore as string | undefined);
    const topics = Boolean(v.topics);
    const b = await build(vault, v, io);
    const report = orphanReport(linkViewOf(b.graph), mode, { ignore, topics });
    const orphans = report.orphans;
    if (v.json) {
      const list = orphans.map((id) => ({ id, path: b.graph.getNodeAttribute(id, 'path'), label: b.graph.getNodeAttribute(id, 'label'), kind: b.graph.getNodeAttribute(id, 'kind') }));
      io.stdout(JSON.stringify({ mode, meaning: SENSE_WORDS[mode], ignore, topics, count: list.length, counts: report.counts, orphans: list }, null, 2) + '\n');
    } else {
      io.stdout(orphans.map((id) => safeText(b.graph.getNodeAttribute(id, 'path')) + '\n').join(''));
      if (!v.quiet) {
        const notes = [ignore.length ? `ignoring ${ignore.join(', ')} edges` : '', topics ? '' : 'topic notes left out, --topics adds them', '--mode lists another sense'].filter(Boolean);
        io.stderr(`${describeOrphans(report, { topics })} — ${notes.join('; ')}\n`);
      }
    }
    return v.fail && orphans.length > 0 ? 1 : 0;
  },
};
