// `vaultgraph embed`: the typed relations for a published site — a script and its JSON that draw
// a note's local graph wherever a page has `<div data-vaultgraph-note="KEY">` (docs/embed.md).

import path from 'node:path';
import { writeFileAtomic } from '../../build/write.ts';
import { build, UsageError, type Command } from '../common.ts';

export const embedCommand: Command = {
  summary: 'write vaultgraph-embed.js + .json: typed relations on any static site (Quartz, Hugo…)',
  usage: `vaultgraph embed [vault] -o DIR [--href PATTERN]
  -o, --output DIR        folder to write vaultgraph-embed.js and vaultgraph-embed.json into
                          (e.g. quartz/static); created if missing
  --href PATTERN          a note's page URL: {slug} is its Quartz slug (spaces → -), {path} its vault
                          path without .md (default "/{slug}"; e.g. "/notes/{path}.html")
  --ignore GLOBS          leave out notes the site does not publish (comma-separated globs, e.g.
                          "private/**,templates"); notes with draft: true or publish: false always are
  On a page: <div data-vaultgraph-note="01-博客/Note"></div>
             <script src="vaultgraph-embed.js" data-graph="vaultgraph-embed.json" defer></script>`,
  flags: { output: { type: 'string', short: 'o' }, href: { type: 'string' }, ignore: { type: 'string' } },
  run: async (vault, v, io) => {
    if (typeof v.output !== 'string') throw new UsageError('embed needs -o DIR (the folder to write the script and its data into)');
    const href = typeof v.href === 'string' ? v.href : undefined;
    if (href !== undefined && !/\{(slug|path)\}/.test(href)) throw new UsageError(`--href must contain {slug} or {path}, not "${href}"`);
    const b = await build(vault, v, io);
    const { encodeEmbed } = await import('../../viewer/embed.ts');
    const { embedScript, EMBED_DATA, EMBED_SCRIPT } = await import('../../viewer/embed-assets.ts');
    const dir = path.resolve(io.cwd, v.output);
    const { globMatcher } = await import('../../check/config.ts');
    const ignore = typeof v.ignore === 'string' ? globMatcher(v.ignore.split(',').map((g) => g.trim()).filter(Boolean)) : undefined;
    const data = encodeEmbed(b.graph, { ...(href !== undefined && { href }), ...(ignore && { ignore }) });
    const json = JSON.stringify(data);
    const js = embedScript();
    writeFileAtomic(path.join(dir, EMBED_DATA), json);
    writeFileAtomic(path.join(dir, EMBED_SCRIPT), js);
    if (!v.quiet) {
      io.stderr(`wrote ${path.join(v.output, EMBED_SCRIPT)} (${(js.length / 1024).toFixed(1)} KB) and ${path.join(v.output, EMBED_DATA)}`
        + ` (${(Buffer.byteLength(json) / 1024).toFixed(0)} KB): ${data.d.length} typed relations between ${data.keys.length} notes\n`);
    }
    return 0;
  },
};
