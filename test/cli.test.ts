// The CLI called as a function: commands, JSON output, exit codes 0/1/2, help, atomic -o.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { captureIo, fixture } from './helpers.ts';

const MINI = fixture('mini');
const run = async (...argv: string[]) => {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
};

describe('vaultgraph CLI', () => {
  it('build writes graphology JSON to stdout that Graph.from() loads', async () => {
    const r = await run('build', MINI, '-q');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const g = Graph.from(JSON.parse(r.out));
    expect(g.order).toBe(12);
    expect(g.hasNode('notes/A')).toBe(true);
  });

  it('build -o writes the file and prints diagnostics and a summary on stderr', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-cli-'));
    const out = path.join(dir, 'sub', 'graph.json');
    const r = await run('build', MINI, '-o', out);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('notes/A.md:15:3: warning related-unknown-reason');
    expect(r.err).toMatch(/wrote .*graph\.json: 12 nodes, 16 edges, 2 broken links/);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).nodes).toHaveLength(12);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['graph.json']); // no temp file left behind
  });

  it('build -o leaves an up-to-date file alone, and rewrites it when a note, the exclusions or the file changed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-cli-'));
    const vault = path.join(dir, 'vault');
    fs.cpSync(MINI, vault, { recursive: true });
    const out = path.join(dir, 'graph.json');
    const cache = ['--cache-dir', path.join(dir, 'cache')];
    const build = (...more: string[]) => run('build', vault, '-o', out, ...cache, ...more);
    expect((await build()).err).toMatch(/wrote .*graph\.json: 12 nodes, 16 edges, 2 broken links/);
    const first = fs.statSync(out);
    const again = await build();
    expect(again.err).toMatch(/graph\.json is up to date: 12 nodes, 16 edges, 2 broken links/);
    expect(again.err).toContain('notes/A.md:15:3: warning related-unknown-reason'); // diagnostics still reported
    expect(fs.statSync(out).mtimeMs).toBe(first.mtimeMs);
    expect((await build('--fail-on', 'warning')).code).toBe(1); // and still judged

    fs.appendFileSync(path.join(vault, 'notes/E.md'), '\n[[notes/B]]\n');
    expect((await build()).err).toMatch(/wrote .*17 edges/);
    expect(fs.readFileSync(out, 'utf8')).toContain('{"source":"notes/E","target":"notes/B","attributes":{"relation":"link"');
    expect((await build()).err).toMatch(/is up to date/);
    expect((await build('--detail', 'full')).err).toMatch(/wrote /); // the same graph at another detail
    expect(fs.readFileSync(out, 'utf8')).toContain('"key":"link:notes/E->notes/B"');
    expect((await build('--detail', 'full')).err).toMatch(/is up to date/);
    expect((await build()).err).toMatch(/wrote /);

    fs.mkdirSync(path.join(vault, '.obsidian'), { recursive: true });
    fs.writeFileSync(path.join(vault, '.obsidian', 'app.json'), JSON.stringify({ userIgnoreFilters: ['notes/sub/'] }));
    expect((await build()).err).toMatch(/wrote /);
    expect(fs.readFileSync(out, 'utf8')).toContain('"excluded":true');

    fs.writeFileSync(out, '{}');
    expect((await build()).err).toMatch(/wrote /);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).nodes).toHaveLength(12);
    expect((await build('--no-cache')).err).toMatch(/wrote /);
    const other = path.join(dir, 'other.json');
    expect((await run('build', vault, '-o', other, ...cache)).err).toMatch(/wrote /);
    expect(fs.readFileSync(other, 'utf8')).toBe(fs.readFileSync(out, 'utf8'));
  });

  it('build -o FOLDER is a usage error (exit 2), not a crash', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-cli-'));
    const r = await run('build', MINI, '-q', '-o', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^vaultgraph: cannot write output: .*: is a folder; give the file to write\n$/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('build --fail-on warning exits 1 when a warning was found', async () => {
    expect((await run('build', MINI, '-q', '--fail-on', 'warning')).code).toBe(1);
    expect((await run('build', MINI, '-q', '--fail-on', 'error')).code).toBe(0);
  });

  it('orphans lists paths, takes --mode, --topics and --ignore, and --json', async () => {
    expect((await run('orphans', MINI, '-q')).out).toBe('notes/E.md\n'); // isolated, as the viewer's Orphans button
    expect((await run('orphans', MINI, '-q', '--mode', 'no-incoming')).out).toBe('notes/A.md\nnotes/E.md\n');
    expect((await run('orphans', MINI, '-q', '--mode', 'no-relation')).out).toBe('notes/E.md\n');
    const j = JSON.parse((await run('orphans', MINI, '-q', '--mode', 'dead-ends', '--ignore', 'tag,topic', '--topics', '--json')).out);
    expect(j).toMatchObject({ mode: 'dead-ends', ignore: ['tag', 'topic'], topics: true, count: 5 });
    expect(j.orphans.map((o: { id: string }) => o.id)).toEqual(['00-元语/AI', '00-元语/LLM', 'notes/D', 'notes/E', 'notes/sub/C']);
    // Without --topics the topic notes are not orphan documents, whatever is ignored.
    const docs = JSON.parse((await run('orphans', MINI, '-q', '--mode', 'dead-ends', '--ignore', 'tag,topic', '--json')).out);
    expect(docs.orphans.map((o: { id: string }) => o.id)).toEqual(['notes/D', 'notes/E', 'notes/sub/C']);
    expect(docs.counts).toEqual({ isolated: 1, 'no-incoming': 2, 'no-relation': 1, 'dead-ends': 3 });
  });

  it('orphans says which sense it answers and counts the others beside it', async () => {
    const r = await run('orphans', MINI);
    expect(r.err).toContain('1 orphan document, isolated (no link either way) · 2 never linked to · 1 without any document relation — topic notes left out, --topics adds them');
  });

  it('orphans --fail and broken --fail exit 1 when something is found', async () => {
    expect((await run('orphans', MINI, '-q', '--fail')).code).toBe(1);
    expect((await run('broken', MINI, '-q', '--fail')).code).toBe(1);
  });

  it('broken prints file:line:col and raw text, or JSON', async () => {
    const r = await run('broken', MINI);
    expect(r.out).toBe('notes/A.md:8:25: [[缺失的笔记]]\nnotes/D.md:1:14: [[Nowhere]]\n');
    expect(r.err).toContain('2 broken links to 2 missing targets');
    const j = JSON.parse((await run('broken', MINI, '-q', '--json')).out);
    expect(j.broken[0]).toEqual({ path: 'notes/A.md', line: 8, column: 25, raw: '[[缺失的笔记]]', target: '缺失的笔记' });
  });

  it('stats prints counts per relation and hubs, or JSON', async () => {
    const text = (await run('stats', MINI, '-q')).out;
    expect(text).toMatch(/^cites\s+2\s+2\s+引用, cites$/m);
    expect(text).toContain('orphans     1 isolated, 2 never linked to, 1 without any document relation, 2 dead ends (documents)');
    const j = JSON.parse((await run('stats', MINI, '-q', '--json')).out);
    expect(j.nodes).toEqual({ note: 5, topic: 2, tag: 2, attachment: 1, unresolved: 2 });
    expect(j.links).toEqual({ total: 15, resolved: 12, unresolved: 2, ambiguous: 0, self: 1 });
    expect(j.relations.topic.labels).toEqual(['相关词条', '关联主题']);
    expect(j.hubs[0]).toMatchObject({ node: 'notes/B', inDegree: 3 });
  });

  it('has --help for every command and for the tool', async () => {
    for (const c of ['build', 'orphans', 'broken', 'stats']) {
      const r = await run(c, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toContain(`vaultgraph ${c}`);
    }
    expect((await run('--help')).out).toContain('Commands:');
  });

  it('exits 2 with a one-line message on usage errors', async () => {
    for (const argv of [['nope'], ['build', '--bogus'], ['orphans', MINI, '--mode', 'lonely'], ['orphans', MINI, '--ignore', 'links'], ['build', '/no/such/vault'], ['stats', MINI, 'extra']]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(r.err).toMatch(/^vaultgraph: /);
    }
  });

  it('defaults to the bundled sample vault', async () => {
    const r = await run('stats', '-q', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).nodes.note).toBeGreaterThan(20);
  });
});
