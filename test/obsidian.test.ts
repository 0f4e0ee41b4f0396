// Obsidian settings: "Excluded files" (app.json userIgnoreFilters, docs/OBSIDIAN-LINKS.md §1 R2) and the
// graph view's settings (graph.json), read by a thin fs function and interpreted by pure ones.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../src/index.ts';
import { appIgnoreFilters, DEFAULT_GRAPH_SETTINGS, excludedMatcher, graphSettings, readObsidianSettings } from '../src/build/obsidian.ts';
import type { Diagnostic } from '../src/core/types.ts';
import { fixture } from './helpers.ts';

describe('userIgnoreFilters', () => {
  it.each([
    [['02-资源/'], '02-资源/a.md', true],
    [['02-资源/'], '02-资源x/a.md', false],
    [['Private/'], 'private/p.md', true], // case-insensitive
    [['Draft'], 'Drafts/x.md', true], // a plain prefix, not a folder match
    [['Draft'], 'Draft note.md', true],
    [['Draft'], 'notes/Draft.md', false], // prefix of the whole vault path only
    [['/\\.excalidraw\\.md$/'], 'notes/x.Excalidraw.md', true], // regex, case-insensitive, anywhere
    [['/^notes\\/[0-9]+/'], 'notes/2024-01.md', true],
    [['/^notes\\/[0-9]+/'], 'other/notes/2024.md', false],
    [[], 'a.md', false],
  ])('%j excludes %j: %j', (filters, p, hit) => expect(excludedMatcher(filters)(p)).toBe(hit));

  it('skips regexes that do not compile, are too long or need backtracking (lookaround, backreference), with a diagnostic each', () => {
    const diagnostics: Diagnostic[] = [];
    const m = excludedMatcher(['/([a-z]/', '/(?=a)b/', '/(x)\\1/', `/${'a'.repeat(300)}/`, 'keep/'], diagnostics);
    expect(diagnostics.map((d) => [d.path, d.code])).toEqual([
      ['.obsidian/app.json', 'config-invalid'], ['.obsidian/app.json', 'config-invalid'], ['.obsidian/app.json', 'config-invalid'], ['.obsidian/app.json', 'config-invalid'],
    ]);
    expect(diagnostics[1]!.message).toMatch(/cannot run in linear time/);
    expect(m('keep/x.md')).toBe(true);
    expect(m('xx/b.md')).toBe(false);
  });

  it('runs catastrophic-backtracking regexes in linear time (RE2) and obeys them', () => {
    const diagnostics: Diagnostic[] = [];
    const m = excludedMatcher(['/^(a|a)*$/', '/(a+)+$/', '/^(\\w+\\s?)*$/'], diagnostics);
    expect(diagnostics).toEqual([]);
    expect(m('a'.repeat(61) + '!')).toBe(false); // a backtracking engine takes hours on each of these
    expect(m('a'.repeat(1000) + '!')).toBe(false);
    expect(m('word '.repeat(200) + '!')).toBe(false);
    expect(m('a'.repeat(61))).toBe(true);
  });

  it('reads only string entries; a non-list is a diagnostic', () => {
    expect(appIgnoreFilters({ userIgnoreFilters: ['a/', 3, '', '/b/'] })).toEqual(['a/', '/b/']);
    const diagnostics: Diagnostic[] = [];
    expect(appIgnoreFilters({ userIgnoreFilters: 'a/' }, diagnostics)).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(appIgnoreFilters(undefined)).toEqual([]);
  });

  it('the build marks excluded notes (excluded: true) and links to them still resolve', async () => {
    const b = await buildVaultGraph(fixture('check-config'));
    expect(b.graph.getNodeAttribute('private/p', 'excluded')).toBe(true);
    expect(b.graph.getNodeAttribute('notes/drawing.excalidraw', 'excluded')).toBe(true);
    expect(b.graph.getNodeAttribute('notes/a', 'excluded')).toBeUndefined();
    expect(b.graph.hasEdge('notes/b', 'private/p')).toBe(true);
    expect(b.obsidian.userIgnoreFilters).toEqual(['Private/', '/\\.excalidraw\\.md$/']);
    expect(b.isExcluded('PRIVATE/p.md')).toBe(true);
  });
});

describe('graph.json', () => {
  it('keeps Obsidian defaults when there is no file', () => {
    expect(graphSettings(undefined)).toEqual(DEFAULT_GRAPH_SETTINGS);
    expect(DEFAULT_GRAPH_SETTINGS).toMatchObject({ showTags: false, showAttachments: false, hideUnresolved: false, showOrphans: true, search: '' });
  });

  it('reads the typed keys, converts colours, and ignores wrong types', () => {
    const s = graphSettings({
      search: 'path:01', showTags: true, showAttachments: 'yes', hideUnresolved: true, showOrphans: false, showArrow: true,
      colorGroups: [{ query: 'path:claude', color: { a: 1, rgb: 14251863 } }, { query: 'bad', color: { rgb: -1 } }, 'junk'],
      linkDistance: 500, scale: 'big', 'collapse-filter': true,
    });
    expect(s).toEqual({
      search: 'path:01', showTags: true, showAttachments: false, hideUnresolved: true, showOrphans: false, showArrow: true,
      colorGroups: [{ query: 'path:claude', color: '#d97757' }],
      display: { linkDistance: 500 },
    });
  });

  it('a graph.json that is not an object is a diagnostic', () => {
    const diagnostics: Diagnostic[] = [];
    expect(graphSettings([1, 2], diagnostics)).toEqual(DEFAULT_GRAPH_SETTINGS);
    expect(diagnostics[0]).toMatchObject({ path: '.obsidian/graph.json', code: 'config-invalid' });
  });

  it('app.json showUnsupportedFiles makes every file a link target', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-obs-'));
    fs.writeFileSync(path.join(dir, 'a.md'), '[[data.csv]] [[pic.png]]');
    fs.writeFileSync(path.join(dir, 'data.csv'), 'x');
    fs.writeFileSync(path.join(dir, 'pic.png'), 'x');
    expect((await buildVaultGraph(dir)).broken.map((b) => b.target)).toEqual(['data.csv']);
    fs.mkdirSync(path.join(dir, '.obsidian'));
    fs.writeFileSync(path.join(dir, '.obsidian', 'app.json'), '{"showUnsupportedFiles": true}');
    expect(readObsidianSettings(dir).allFileTypes).toBe(true);
    expect((await buildVaultGraph(dir)).broken).toEqual([]);
  });

  it('readObsidianSettings reads the bundled vault and survives broken JSON', () => {
    const bundled = readObsidianSettings(path.join(fixture('mini'), '..', '..', '..', 'vault'));
    expect(bundled).toMatchObject({ present: true, userIgnoreFilters: [], diagnostics: [] });
    expect(bundled.graph).toMatchObject({ showAttachments: true, showArrow: true, hideUnresolved: false });
    expect(bundled.graph.colorGroups[0]).toEqual({ query: 'path:00-元语', color: '#d97757' });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-obs-'));
    expect(readObsidianSettings(dir)).toEqual({ present: false, userIgnoreFilters: [], allFileTypes: false, graph: DEFAULT_GRAPH_SETTINGS, diagnostics: [] });
    fs.mkdirSync(path.join(dir, '.obsidian'));
    fs.writeFileSync(path.join(dir, '.obsidian', 'app.json'), '{"userIgnoreFilters": [');
    const broken = readObsidianSettings(dir);
    expect(broken.diagnostics.map((d) => d.path)).toEqual(['.obsidian/app.json']);
    expect(broken.userIgnoreFilters).toEqual([]);
  });
});

describe('excluded notes are never orphans', () => {
  it('findOrphans skips them', async () => {
    const { findOrphans } = await import('../src/query/analysis.ts');
    const b = await buildVaultGraph(fixture('check-config'));
    expect(findOrphans(b.graph, 'no-incoming')).toEqual(['drafts/d', 'notes/lone']); // not notes/drawing.excalidraw
  });
});
