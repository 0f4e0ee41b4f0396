// Tables for the viewer's pure modules: query syntax, colour groups, URL state, filters and
// counts, search ranking (CJK), panel link groups, payload reading, and the server's path guard.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { computeVisibility, folderList, relationInfo, type VaultGraph } from '../web/model/filters.ts';
import { viewerOrphans } from '../web/model/orphans.ts';
import { compileQuery, parseQuery } from '../src/viewer/query.ts';
import { decodeState, defaultState, encodeState } from '../web/model/state.ts';
import { buildIndex, search } from '../web/model/search.ts';
import { linksOf, obsidianUrl } from '../web/model/links.ts';
import { excerpt, readPayload, type VaultNode } from '../src/viewer/payload.ts';
import { obsidianColorGroups } from '../src/build/obsidian.ts';
import { CATEGORICAL, KIND_COLORS, MIN_NODE_CONTRAST, THEMES, contrast, readableOn } from '../web/model/palette.ts';
import { baseColor, folderRanks, compileGroups, makeEdgeReducer, makeNodeReducer, neighbourhood, nodeSize } from '../web/model/view.ts';
import { communities } from '../web/model/communities.ts';
import { embedJson } from '../src/viewer/html.ts';
import { notePath } from '../src/viewer/server.ts';

function node(key: string, kind: VaultNode['kind'], extra: Partial<VaultNode> = {}): [string, VaultNode] {
  const p = kind === 'tag' || kind === 'unresolved' ? key : `${key}.md`;
  const folder = kind === 'tag' || kind === 'unresolved' ? '' : key.slice(0, Math.max(0, key.lastIndexOf('/')));
  return [key, { kind, label: key.slice(key.lastIndexOf('/') + 1), path: p, folder, inDegree: 0, outDegree: 0, ...extra }];
}

/** a cites b (引用), b contradicts c, a → #ai tag, c → missing, d alone, e only links to missing. */
function sample(): VaultGraph {
  const g: VaultGraph = new Graph({ type: 'directed', multi: true });
  for (const [k, a] of [
    node('01-博客/a', 'note', { aliases: ['Alpha 甲'], tags: ['ai'], meta: { status: 'done', n: 3 } }),
    node('01-博客/sub/b', 'note'), node('02-资源/c', 'note'), node('02-资源/d', 'note'), node('02-资源/e', 'note'),
    node('#ai', 'tag'), node('missing', 'unresolved'),
  ]) g.addNode(k, a);
  const edge = (s: string, t: string, relation: string, label = relation) =>
    g.addEdgeWithKey(`${s}->${t}:${relation}`, s, t, { relation, label, count: 1, origin: 'body', occurrences: [] });
  edge('01-博客/a', '01-博客/sub/b', 'cites', '引用');
  edge('01-博客/sub/b', '02-资源/c', 'contradicts', '观点相悖');
  edge('01-博客/a', '#ai', 'tag');
  edge('02-资源/c', 'missing', 'link');
  edge('02-资源/e', 'missing', 'link');
  return g;
}

describe('query (Obsidian search syntax)', () => {
  const g = sample();
  const matches = (q: string) => g.filterNodes((k, a) => compileQuery(q)!(k, a));
  it.each([
    ['path:01-博客', ['01-博客/a', '01-博客/sub/b']],
    ['file:b.md', ['01-博客/sub/b']],
    ['tag:#ai', ['01-博客/a', '#ai']],
    ['[status:done]', ['01-博客/a']],
    ['[status]', ['01-博客/a']],
    ['[n:3]', ['01-博客/a']],
    ['甲', ['01-博客/a']],
    ['path:02 -file:c', ['02-资源/d', '02-资源/e']],
    ['file:c.md OR file:d.md', ['02-资源/c', '02-资源/d']],
    ['path:"sub/b"', ['01-博客/sub/b']],
  ])('%s', (q, expected) => expect(matches(q)).toEqual(expected));
  it('an empty query matches nothing', () => expect(compileQuery('  ')).toBeNull());
  it('parses OR groups', () => expect(parseQuery('a b OR c')).toHaveLength(2));
});

describe('colour groups', () => {
  it('reads .obsidian/graph.json colours as CSS hex, skipping bad entries', () => {
    expect(obsidianColorGroups({ colorGroups: [{ query: 'path:x', color: { a: 1, rgb: 14251863 } }, { query: 'y', color: { rgb: -1 } }, 'z'] }))
      .toEqual([{ query: 'path:x', color: '#d97757' }]);
    expect(obsidianColorGroups(null)).toEqual([]);
  });
  it('first matching group wins, then the kind colour', () => {
    const g = sample();
    const groups = compileGroups([{ query: 'path:01', color: '#111111' }, { query: 'file:a', color: '#222222' }]);
    expect(baseColor('01-博客/a', g.getNodeAttributes('01-博客/a'), 'kind', groups)).toBe('#111111');
    expect(baseColor('02-资源/c', g.getNodeAttributes('02-资源/c'), 'kind', groups)).toBe('#4e79a7');
  });
  it('a group set to black (or near it) is drawn lighter on the dark theme, enough to be seen; readable colours stay', () => {
    const dark = THEMES.dark.background, light = THEMES.light.background;
    const groups = compileGroups([{ query: 'path:01', color: '#000000' }, { query: 'file:c', color: '#0072d1' }], 'dark');
    const drawn = groups[0]!.color;
    expect(drawn).not.toBe('#000000');
    expect(contrast(drawn, dark)).toBeGreaterThanOrEqual(MIN_NODE_CONTRAST);
    expect(groups[1]!.color).toBe('#0072d1');
    expect(compileGroups([{ query: 'x', color: '#000000' }], 'light')[0]!.color).toBe('#000000'); // the light theme keeps the vault's colours
    // Hue kept: a dark blue becomes a lighter blue, white on the light theme a grey.
    expect(readableOn('#000040', dark)).toMatch(/^#([0-9a-f]{2})\1([0-9a-f]{2})$/);
    expect(contrast(readableOn('#ffffff', light), light)).toBeGreaterThanOrEqual(MIN_NODE_CONTRAST);
    for (const c of Object.values(KIND_COLORS)) expect(readableOn(c, dark)).toBe(c);
  });
  it('size grows with the square root of in-links, capped', () => {
    expect(nodeSize(0, 'note')).toBe(3);
    expect(nodeSize(100, 'note')).toBe(20);
    expect(nodeSize(5000, 'note')).toBe(26);
    expect(nodeSize(100, 'note', 3000)).toBe(9); // big vaults: slower growth, lower cap
    expect(nodeSize(5000, 'note', 3000)).toBe(14);
  });
});

describe('URL state', () => {
  it('round-trips everything that differs from the defaults', () => {
    const base = defaultState([{ query: 'path:a', color: '#ff0000' }]);
    const s = { ...base, selected: '01-博客/X & Y', depth: 2, hiddenRelations: new Set(['topic', 'tag']), hiddenKinds: new Set(['unresolved' as const]),
      showOrphans: false, folder: '01-博客', filter: 'tag:#ai', colorBy: 'folder' as const, orphans: 'no-relation' as const, theme: 'dark' as const,
      groups: [{ query: 'file:b', color: '#00ff00' }] };
    expect(decodeState(`#${encodeState(s, base)}`, base)).toEqual(s);
    expect(encodeState(base, base)).toBe('');
  });
  it("starts from the vault's Obsidian graph view settings, and a URL can still override them", () => {
    const base = defaultState([], { search: 'path:01', showTags: false, showAttachments: true, hideUnresolved: true, showOrphans: false });
    expect([[...base.hiddenKinds].sort(), base.showOrphans, base.filter]).toEqual([['tag', 'unresolved'], false, 'path:01']);
    expect(defaultState()).toMatchObject({ hiddenKinds: new Set(), showOrphans: true, filter: '' });
    const shown = { ...base, hiddenKinds: new Set<never>(), showOrphans: true, filter: '' };
    expect(decodeState(`#${encodeState(shown, base)}`, base)).toEqual(shown);
    expect(decodeState('', base)).toEqual(base);
  });
  it('round-trips the timeline day and the shown path; links without them open with neither', () => {
    const base = defaultState();
    const s = { ...base, until: Date.UTC(2024, 2, 5) / 86_400_000, path: { from: 'notes/起点', to: 'notes/终 & 点', topics: true, directed: false } };
    const hash = encodeState(s, base);
    expect(hash).toContain('tl=2024-03-05');
    expect(decodeState(`#${hash}`, base)).toEqual(s);
    expect(decodeState('#pa=a&pb=b&po=directed', base).path).toEqual({ from: 'a', to: 'b', topics: false, directed: true });
    // Links copied before these existed.
    expect(decodeState('#n=notes/起点&d=2', base)).toMatchObject({ selected: 'notes/起点', depth: 2, until: null, path: null });
  });
  it('ignores malformed values', () => {
    const base = defaultState();
    expect([decodeState('tl=2024-02-30', base).until, decodeState('tl=soon', base).until, decodeState('pa=a', base).path]).toEqual([null, null, null]);
    const s = decodeState('d=9&c=evil&hk=bogus,tag&g=notjson&t=x', base);
    expect([s.depth, s.colorBy, [...s.hiddenKinds], s.groups, s.theme]).toEqual([0, 'kind', ['tag'], [], 'light']);
  });
});

describe('filters and counts', () => {
  const g = sample();
  const vis = (patch: Partial<ReturnType<typeof defaultState>>) => computeVisibility(g, { ...defaultState(), ...patch });
  it('everything by default', () => {
    const v = vis({});
    expect([v.nodes.size, v.edges.size, v.kinds.note, v.relations.get('cites')]).toEqual([7, 5, 5, 1]);
  });
  it('a hidden relation hides its edges only', () => {
    const v = vis({ hiddenRelations: new Set(['contradicts']) });
    expect([v.nodes.size, v.edges.size, v.relations.get('contradicts')]).toEqual([7, 4, undefined]);
  });
  it('hidden kinds drop their nodes and edges', () => {
    const v = vis({ hiddenKinds: new Set(['tag', 'unresolved']) });
    expect([v.nodes.size, v.edges.size]).toEqual([5, 2]);
  });
  it('orphans off hides nodes without any link', () => expect(vis({ showOrphans: false }).nodes.has('02-资源/d')).toBe(false));
  it('the folder filter keeps tags and missing links used by the notes in it', () => {
    expect([...vis({ folder: '01-博客' }).nodes].sort()).toEqual(['#ai', '01-博客/a', '01-博客/sub/b']);
    expect(vis({ folder: '01' }).nodes.size).toBe(0);
  });
  it('the local graph keeps nodes within depth hops, both directions', () => {
    expect([...vis({ selected: '01-博客/sub/b', depth: 1 }).nodes].sort()).toEqual(['01-博客/a', '01-博客/sub/b', '02-资源/c']);
    expect(vis({ selected: '01-博客/sub/b', depth: 2 }).nodes.size).toBe(5);
  });
  it('orphans (the CLI\'s rule) ignore links to missing notes', () => {
    expect(viewerOrphans(g).orphans).toEqual(['02-资源/d', '02-资源/e']);
  });
  it('a link copied before the orphan senses (orph=1) opens the default sense', () => {
    expect(decodeState('#orph=1', defaultState()).orphans).toBe('isolated');
    expect(decodeState('#orph=no-incoming', defaultState()).orphans).toBe('no-incoming');
    expect(decodeState('#orph=nonsense', defaultState()).orphans).toBe(false);
  });
  it('relations list typed ones first, with the vault\'s words', () => {
    expect(relationInfo(g).map((r) => [r.relation, r.labels[0], r.total])).toEqual([
      ['cites', '引用', 1], ['contradicts', '观点相悖', 1], ['link', undefined, 2], ['tag', undefined, 1]]);
    expect(folderList(g)).toEqual(['01-博客', '01-博客/sub', '02-资源']);
  });
});

describe('reducers', () => {
  const g = sample();
  const visible = computeVisibility(g, defaultState());
  it('hover keeps the neighbourhood and dims the rest; edges outside it are drawn dim', () => {
    const ix = { graph: g, visible, hovered: '01-博客/sub/b', selected: null, orphans: null, theme: 'light' as const };
    const near = neighbourhood(ix);
    expect([...near!].sort()).toEqual(['01-博客/a', '01-博客/sub/b', '02-资源/c']);
    const nr = makeNodeReducer(ix, near);
    expect(nr('02-资源/d', { color: '#f00' }).color).toBe('#e4e6ea');
    expect(nr('01-博客/a', { color: '#f00' }).color).toBe('#f00');
    const er = makeEdgeReducer(ix);
    expect(er('02-资源/c->missing:link', { color: '#123456' }).color).toBe('#eef0f3');
    expect(er('01-博客/a->01-博客/sub/b:cites', {}).hidden).toBeUndefined();
  });
  it('the categorical palette has 12 distinct colours; folders take them by size', () => {
    expect(new Set(CATEGORICAL.map((c) => c.toLowerCase())).size).toBe(12);
    const ranks = folderRanks(g);
    expect([...ranks.values()]).toEqual([...Array(ranks.size).keys()]);
    const a = g.getNodeAttributes('01-博客/a');
    expect(baseColor('01-博客/a', a, 'folder', [], undefined, ranks)).toBe(CATEGORICAL[ranks.get('01-博客')!]);
  });
  it('filtered nodes are hidden', () => {
    const v = computeVisibility(g, { ...defaultState(), hiddenKinds: new Set(['tag']) });
    const nr = makeNodeReducer({ graph: g, visible: v, hovered: null, selected: null, orphans: null, theme: 'dark' }, null);
    expect(nr('#ai', {}).hidden).toBe(true);
  });
  it('communities are deterministic and cover every non-tag node', () => {
    const c = communities(g);
    expect(c.size).toBe(6);
    expect(communities(g)).toEqual(c);
  });
});

describe('search', () => {
  const g = sample();
  g.addNode('01-博客/甲乙丙', { kind: 'note', label: '甲乙丙', path: '01-博客/甲乙丙.md', folder: '01-博客', inDegree: 0, outDegree: 0 });
  const index = buildIndex(g.mapNodes((k, a) => [k, a] as [string, VaultNode]));
  it.each([
    ['乙', ['01-博客/甲乙丙']],
    ['甲', ['01-博客/甲乙丙', '01-博客/a']],
    ['ALPHA', ['01-博客/a']],
    ['02-资源', ['02-资源/c', '02-资源/d', '02-资源/e']],
    ['甲 丙', ['01-博客/甲乙丙']], // several words: all of them, anywhere in title or path
    ['博客 丙', ['01-博客/甲乙丙']],
    ['甲 不在', []],
    ['', []],
  ])('%s', (q, keys) => expect(search(index, q).map((h) => h.key)).toEqual(keys));
  it('says why a result matched', () => expect(search(index, 'alpha')[0]).toMatchObject({ via: 'alias', alias: 'Alpha 甲' }));
});

describe('panel data', () => {
  const g = sample();
  it('groups links by relation with the vault\'s word and 说明', () => {
    g.setEdgeAttribute('01-博客/a->01-博客/sub/b:cites', 'description', '因为');
    expect(linksOf(g, '01-博客/sub/b', 'in')).toEqual([{ relation: 'cites', label: '引用', items: [
      { edge: '01-博客/a->01-博客/sub/b:cites', other: '01-博客/a', otherLabel: 'a', otherKind: 'note', count: 1, description: '因为' }] }]);
    expect(linksOf(g, '01-博客/a', 'out').map((x) => x.relation)).toEqual(['cites', 'tag']);
  });
  it('excerpts drop frontmatter and cut long text', () => {
    expect(excerpt('---\ntitle: x\n---\n\n\n\nBody\r\n', 10)).toBe('Body');
    expect(excerpt('abcdefghijkl', 5)).toBe('abcde…');
  });
  it('builds obsidian:// links with everything encoded', () => {
    expect(obsidianUrl('My Vault', '01-博客/a&b.md')).toBe('obsidian://open?vault=My%20Vault&file=01-%E5%8D%9A%E5%AE%A2%2Fa%26b.md');
  });
  it('reads a payload or a bare export, and refuses junk', () => {
    expect(readPayload({ nodes: [], edges: [] }).vaultName).toBe('');
    expect(() => readPayload({ graph: 1 })).toThrow(/readPayload/);
  });
});

describe('embedding and serving', () => {
  it('embedded JSON cannot close its script element', () => {
    const s = embedJson({ t: '</script><!-- \u2028' });
    expect(s).not.toMatch(/</);
    expect(JSON.parse(s)).toEqual({ t: '</script><!-- \u2028' });
  });
  it('notePath keeps requests inside the vault', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'vg-np-')));
    fs.mkdirSync(path.join(dir, 'v', 'n'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'v', 'n', 'a.md'), 'a');
    fs.writeFileSync(path.join(dir, 'out.md'), 'x');
    fs.symlinkSync(path.join(dir, 'out.md'), path.join(dir, 'v', 'n', 'l.md'));
    const root = path.join(dir, 'v');
    const status = (p: string | null) => { const r = notePath(root, p); return r.ok ? 200 : r.status; };
    expect([status('n/a.md'), status('../out.md'), status('n/l.md'), status('/etc/x.md'), status('.obsidian/a.md'),
      status('n/./a.md'), status('n//a.md'), status('n/a.txt'), status(null), status('n\\a.md'), status('n/zz.md')])
      .toEqual([200, 403, 403, 403, 403, 403, 403, 403, 400, 400, 404]);
    fs.rmSync(dir, { recursive: true });
  });
});
