// `vaultgraph embed`: the data (typed relations only, both directions, 说明 kept), the note lookup
// (key, path, Quartz slugs), page URLs (Quartz slug rules, escaping, no script URLs), the layout's
// arithmetic, and the command's files.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { buildVaultGraph } from '../src/index.ts';
import { encodeEmbed, hrefFor, indexEmbed, quartzFullSlug, quartzSlug, UNTYPED_RELATIONS } from '../src/viewer/embed.ts';
import { labelUnits, radialLayout, truncate } from '../web/embed/layout.ts';
import { captureIo } from './helpers.ts';

const VAULT = path.resolve(import.meta.dirname, '..', 'vault');
const NOTE = '01-博客/Anthropic/Claude的新宪法';

describe('encodeEmbed / indexEmbed', () => {
  it('keeps every typed relation between notes, with its word and 说明, and nothing else', async () => {
    const { graph } = await buildVaultGraph(VAULT);
    const data = encodeEmbed(graph);
    const typed = graph.filterEdges((_e, a, s, t) => !UNTYPED_RELATIONS.has(a.relation)
      && ['note', 'topic'].includes(graph.getNodeAttribute(s, 'kind')) && ['note', 'topic'].includes(graph.getNodeAttribute(t, 'kind')));
    expect(data.d).toHaveLength(typed.length);
    expect(data.e).toHaveLength(3 * typed.length);
    expect(data.rel.map(([r]) => r).filter((r) => UNTYPED_RELATIONS.has(r))).toEqual([]);
    const index = indexEmbed(JSON.parse(JSON.stringify(data)));
    const node = index.find(NOTE)!;
    const mine = index.neighbours(node);
    const expected = typed.filter((e) => graph.source(e) === NOTE || graph.target(e) === NOTE).map((e) => {
      const a = graph.getEdgeAttributes(e);
      const out = graph.source(e) === NOTE;
      return `${out ? '->' : '<-'} ${out ? graph.target(e) : graph.source(e)} ${a.relation} ${a.description ?? ''}`;
    });
    expect(mine.map((r) => `${r.dir === 'out' ? '->' : '<-'} ${data.keys[r.node]} ${r.relation} ${r.description}`).sort()).toEqual(expected.sort());
    expect(mine.some((r) => r.dir === 'in') && mine.some((r) => r.dir === 'out') && mine.every((r) => r.description !== '')).toBe(true);
    expect(index.title(node)).toBe(graph.getNodeAttribute(NOTE, 'label'));
  });

  it('leaves out unpublished notes: draft: true, publish: false, and --ignore globs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-embed-pub-'));
    fs.mkdirSync(path.join(dir, 'private'));
    const item = (t: string) => `- [[${t}]]；关联理由：引用；说明：see ${t}.`;
    fs.writeFileSync(path.join(dir, 'A.md'), `## 相关文档\n\n${['B', 'Draft', 'Hidden', 'private/P'].map(item).join('\n')}\n`);
    fs.writeFileSync(path.join(dir, 'B.md'), 'b');
    fs.writeFileSync(path.join(dir, 'Draft.md'), '---\ndraft: true\n---\nd');
    fs.writeFileSync(path.join(dir, 'Hidden.md'), '---\npublish: "false"\n---\nh');
    fs.writeFileSync(path.join(dir, 'private', 'P.md'), 'p');
    const { graph } = await buildVaultGraph(dir);
    expect(encodeEmbed(graph).keys.sort()).toEqual(['A', 'B', 'private/P']);
    const io = captureIo(dir);
    expect(await runCli(['embed', dir, '-o', 'out', '--ignore', 'private/**', '-q'], io)).toBe(0);
    const data = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'vaultgraph-embed.json'), 'utf8'));
    expect(data.keys.sort()).toEqual(['A', 'B']);
    expect(JSON.stringify(data)).not.toMatch(/Draft|Hidden|private/);
  });

  it('finds a note by key, path, Quartz slug (full or simple); not otherwise', () => {
    const index = indexEmbed({ v: 1, href: '/{slug}', rel: [['cites', '引用']], keys: ['a/My Note?', 'docs/index', 'x'], titles: {}, e: [0, 1, 0, 2, 0, 0], d: ['one', 'two'] });
    for (const q of ['a/My Note?', '/a/My Note?.md', 'a/My-Note-q', 'a/My-Note-q/', '%61/My-Note-q']) expect(index.find(q)).toBe(0);
    for (const q of ['docs/index', 'docs/', 'docs']) expect(index.find(q)).toBe(1);
    expect(index.find('nope')).toBeUndefined();
    expect(index.neighbours(0).map((r) => [r.node, r.dir])).toEqual([[1, 'out'], [2, 'in']]);
    expect(index.href(0)).toBe('/a/My-Note-q');
  });

  it('rejects data that is not its own and skips damaged edges', () => {
    expect(() => indexEmbed({ v: 2 })).toThrow(/not a vaultgraph-embed.json/);
    expect(() => indexEmbed(null)).toThrow();
    const index = indexEmbed({ v: 1, href: '/{slug}', rel: [['cites', '引用']], keys: ['a', 'b'], titles: { 1: 'B!' }, e: [0, 9, 0, 0, 1, 5, 0, 1, 0], d: ['', '', 'ok'] });
    expect(index.neighbours(0).map((r) => r.description)).toEqual(['ok']);
    expect(index.title(1)).toBe('B!');
  });
});

describe('page URLs', () => {
  it.each([
    ['01-博客/A B', '01-博客/A-B', '01-博客/A-B'], ['a/50% off?', 'a/50-percent-off-q', 'a/50-percent-off-q'], ['docs/index', 'docs/', 'docs/index'],
    ['docs/_index', 'docs/', 'docs/index'], ['index', '', 'index'], ['a\tb/c', 'a-b/c', 'a-b/c'], ['my-index', 'my-index', 'my-index'],
  ])('quartzSlug(%j) = %j (full: %j)', (key, simple, full) => {
    expect(quartzSlug(key)).toBe(simple);
    expect(quartzFullSlug(key)).toBe(full);
  });
  it.each([
    ['01-博客/A B', '/{slug}', '/01-博客/A-B'], ['a/C#', '/{slug}', '/a/C%23'], ['a/b c', '/site/{path}.html', '/site/a/b%20c.html'],
    ['a/<x>"', 'https://x.org/{path}', 'https://x.org/a/%3Cx%3E%22'], ['javascript:alert(1)', '{path}', './javascript:alert(1)'],
    ['index', '/{slug}', '/'], ['a/50%', '{path}', 'a/50%25'],
  ])('hrefFor(%j, %j) = %j', (key, pattern, href) => expect(hrefFor(key, pattern)).toBe(href));
});

describe('layout', () => {
  it('puts n neighbours on a circle around the middle, flat labels for few, radial ones for many', () => {
    for (const n of [1, 5, 14, 15, 50, 200]) {
      const l = radialLayout(n);
      expect(l.slots).toHaveLength(n);
      for (const s of l.slots) {
        expect(Math.hypot(s.x - l.cx, s.y - l.cy)).toBeCloseTo(l.radius, 5);
        expect(s.x).toBeGreaterThan(0);
        expect(s.x).toBeLessThan(l.width);
      }
      expect(l.flat).toBe(n <= 14);
      if (l.flat) expect(l.slots.every((s) => s.rotate === 0)).toBe(true);
      // Neighbours at least 14px apart along the circle (room for an 11px label each).
      if (n > 1) expect((2 * Math.PI * l.radius) / n).toBeGreaterThanOrEqual(14);
    }
  });
  it('measures and cuts labels with CJK characters twice as wide', () => {
    expect(labelUnits('ab')).toBeCloseTo(1.1);
    expect(labelUnits('中文')).toBe(2);
    expect(truncate('短', 12)).toBe('短');
    expect(truncate('一二三四五六七八九十一二三四五', 12)).toBe('一二三四五六七八九十一…');
  });
});

describe('vaultgraph embed', () => {
  it('writes the script and the JSON; --href needs a placeholder', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-embed-cli-'));
    const io = captureIo(dir);
    expect(await runCli(['embed', VAULT, '-o', 'out', '--href', '/n/{path}', '-q'], io)).toBe(0);
    const data = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'vaultgraph-embed.json'), 'utf8'));
    expect(data.href).toBe('/n/{path}');
    expect(indexEmbed(data).find(NOTE)).toBeDefined();
    expect(fs.readFileSync(path.join(dir, 'out', 'vaultgraph-embed.js'), 'utf8')).toMatch(/data-vaultgraph-note/);
    const bad = captureIo(dir);
    expect(await runCli(['embed', VAULT, '-o', 'out', '--href', '/n/'], bad)).toBe(2);
    expect(bad.err()).toContain('--href must contain {slug} or {path}');
    expect(await runCli(['embed', VAULT], captureIo(dir))).toBe(2);
  });
});
