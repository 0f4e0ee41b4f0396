// The graph JSON's two forms (graph-json.ts, docs/graph-json.md): the lean default loads with
// Graph.from(), reads back to the full graph's keys and attributes less the occurrences, and every
// reader takes either form.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { BUNDLED_VAULT } from '../src/cli/main.ts';
import type { VaultModel } from '../src/core/graph.ts';
import { firstLine, graphJsonOf, leanAttributes, leanNodeAttributes, leanNodeAttributesJson, readGraphJson } from '../src/core/graph-json.ts';
import fc from 'fast-check';
import type { NodeAttributes } from '../src/core/types.ts';
import type { EdgeAttributes } from '../src/core/types.ts';
import { buildVaultGraph } from '../src/index.ts';
import { fixture } from './helpers.ts';
import { runCli } from '../src/cli/main.ts';
import { captureIo } from './helpers.ts';

const occ = (line: number, origin: 'body' | 'frontmatter' | 'field' = 'body') => ({ line, column: 1, raw: '[[x]]', origin });
const attrs = (over: Partial<EdgeAttributes>): EdgeAttributes => ({ relation: 'link', label: 'link', count: 1, origin: 'body', occurrences: [occ(3)], ...over });

describe('lean edge attributes', () => {
  it('keep relation and description; label, count and origin only when not the default, 1 and "body"; no occurrences', () => {
    expect(leanAttributes(attrs({}), false)).toEqual({ relation: 'link' });
    expect(leanAttributes(attrs({ label: 'see', description: '说明', count: 2, origin: 'frontmatter', occurrences: [occ(2, 'frontmatter'), occ(9)] }), false))
      .toEqual({ relation: 'link', label: 'see', description: '说明', count: 2, origin: 'frontmatter' });
  });

  it.each([
    ['topic', false, {}], ['tag', true, {}], ['tag', false, { relation: 'tag' }], ['topic', true, { relation: 'topic' }], ['cites', false, { relation: 'cites' }],
  ] as const)('a %s edge (target a tag: %s) is written with %j: membership is the default relation, read back from the target\'s kind', (relation, toTag, written) => {
    const label = relation === 'topic' ? '关联主题' : relation === 'cites' ? '引用' : relation;
    expect(leanAttributes(attrs({ relation, label }), toTag)).toEqual(written);
    const nodes = [{ key: 'a', attributes: { kind: 'note' } }, { key: 'b', attributes: { kind: toTag ? 'tag' : 'topic' } }];
    const edge = Object.keys(written).length ? { source: 'a', target: 'b', attributes: written } : { source: 'a', target: 'b' };
    const read = readGraphJson({ nodes, edges: [edge] })!;
    expect(read.edges[0]).toMatchObject({ key: `${relation}:a->b`, attributes: { relation, label, count: 1, origin: 'body' } });
  });

  it.each([
    ['topic', '关联主题', undefined], ['topic', '相关词条', '相关词条'], ['topic', 'topic', 'topic'], ['cites', '引用', undefined],
    ['cites', 'cites', 'cites'], ['related', 'related', undefined], ['tag', 'tag', undefined], ['my-word', 'My word', 'My word'],
  ])('the %s edge labelled %s keeps its label: %s (the default is the vault\'s default word, else the relation)', (relation, label, kept) => {
    expect(leanAttributes(attrs({ relation, label }), false).label).toBe(kept);
    const read = readGraphJson({ nodes: [], edges: [{ source: 'a', target: 'b', attributes: leanAttributes(attrs({ relation, label }), false) }] })!;
    expect(read.edges[0]!.attributes.label).toBe(label);
  });

  it('firstLine: the first line the link is written on, whatever the order of the occurrences; a lean edge has none unless its file kept `line`', () => {
    expect(firstLine(attrs({ occurrences: [occ(12), occ(4)] }))).toBe(4);
    expect(firstLine({ relation: 'link', label: 'link', count: 1, origin: 'body', line: 8 })).toBe(8);
    expect(firstLine({ relation: 'link', label: 'link', count: 1, origin: 'body' })).toBeUndefined();
  });
});

describe('the lean graph JSON', () => {
  for (const [name, root] of [['mini fixture', fixture('mini')], ['sample vault', BUNDLED_VAULT]] as const) {
    it(`loads with Graph.from() into the same nodes and edges as the full one (${name})`, async () => {
      const { graph } = await buildVaultGraph(root);
      const model = graph.export() as VaultModel;
      const lean = JSON.parse(JSON.stringify(graphJsonOf(model, 'lean'))) as object;
      const loaded = Graph.from(lean as never);
      expect([loaded.order, loaded.size]).toEqual([graph.order, graph.size]);
      expect(loaded.export().nodes).toEqual(model.nodes.map((n) => ({ key: n.key, attributes: leanNodeAttributes(n.key, n.attributes) })));
      const pairs = (g: Graph) => g.mapEdges((_k, a, s, t) => `${s} ${a.relation as string} ${t}`);
      // An edge without a relation is a membership: tag when it points at a tag, else topic.
      const member = (g: Graph) => g.mapEdges((_k, a, s, t) => `${s} ${(a.relation as string | undefined) ?? (g.getNodeAttribute(t, 'kind') === 'tag' ? 'tag' : 'topic')} ${t}`);
      expect(member(loaded)).toEqual(pairs(graph));
      expect(loaded.filterEdges((_k, a) => a.relation === undefined).length).toBeGreaterThan(0);
    });

    it(`reads back with the build's edge keys and attributes, less the occurrences (${name})`, async () => {
      const model = (await buildVaultGraph(root)).graph.export() as VaultModel;
      const read = readGraphJson(JSON.parse(JSON.stringify(graphJsonOf(model, 'lean'))))!;
      expect(read.nodes).toEqual(model.nodes);
      expect(read.edges).toEqual(model.edges.map(({ key, source, target, attributes: { occurrences: _, ...rest } }) => ({ key, source, target, attributes: rest })));
      expect(readGraphJson(JSON.parse(JSON.stringify(model)))).toEqual(model);
    });
  }

  it('leaves out a node\'s label, path and folder only when its key gives them, and reads them back in place', () => {
    const node = (key: string, a: Partial<NodeAttributes>) => ({ key, attributes: { kind: 'note', label: 'B', path: 'a/B.md', folder: 'a', inDegree: 0, outDegree: 1, ...a } as NodeAttributes });
    const rows: Array<[ReturnType<typeof node>, string[]]> = [
      [node('a/B', {}), []],
      [node('a/B', { label: 'Title' }), ['label']],
      [node('a/B', { path: 'a/B.MD' }), ['path']],
      [node('B', { path: 'B.md', folder: '' }), []],
      [node('a/B', { folder: 'x' }), ['folder']],
      [node('#ai', { kind: 'tag', label: '#AI', path: '#ai', folder: '' }), ['label']],
      [node('#产品/思考', { kind: 'tag', label: '#产品/思考', path: '#产品/思考', folder: '' }), []],
      [node('img/p.png', { kind: 'attachment', label: 'p.png', path: 'img/p.png', folder: 'img' }), []],
      [node('gone/', { kind: 'unresolved', label: 'gone/', path: 'gone/', folder: 'gone' }), []],
    ];
    for (const [n, kept] of rows) {
      const lean = leanNodeAttributes(n.key, n.attributes);
      expect(Object.keys(lean).filter((k) => ['label', 'path', 'folder'].includes(k))).toEqual(kept);
      const read = readGraphJson({ nodes: [{ key: n.key, attributes: lean }], edges: [] })!;
      expect(JSON.stringify(read.nodes[0])).toBe(JSON.stringify(n)); // the same attributes, in the same order
    }
  });

  it('the streamed node form is JSON.stringify of the object form, whatever the strings hold', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '/', '"', '\\', '.md', '#', '测', ',"path":', '\n') });
    fc.assert(fc.property(fc.constantFrom('note', 'topic', 'tag', 'attachment', 'unresolved'), text, text, text, text, (kind, key, label, p, folder) => {
      for (const [l, pa, f] of [[label, p, folder], [key.slice(key.lastIndexOf('/') + 1) || key, `${key}.md`, p.slice(0, Math.max(0, p.lastIndexOf('/')))]]) {
        const a = { kind, label: l, path: pa, folder: f, meta: { x: l }, inDegree: 1, outDegree: 2 } as unknown as NodeAttributes;
        expect(leanNodeAttributesJson(key, kind, pa!, JSON.stringify(a))).toBe(JSON.stringify(leanNodeAttributes(key, a)));
      }
    }));
  });

  it('reads a lean file of an earlier version (every relation, label, path and folder written, and each link\'s first line) as the same graph', async () => {
    const model = (await buildVaultGraph(BUNDLED_VAULT)).graph.export() as VaultModel;
    const now = JSON.parse(JSON.stringify(graphJsonOf(model, 'lean')));
    const before = { ...now, nodes: model.nodes, edges: model.edges.map((e) => ({ source: e.source, target: e.target,
      attributes: { relation: e.attributes.relation, ...leanAttributes(e.attributes, false), label: e.attributes.label, line: firstLine(e.attributes) } })) };
    expect(JSON.stringify(before).length).toBeGreaterThan(JSON.stringify(now).length);
    const withLines = readGraphJson(now)!.edges.map((e, i) => ({ ...e, attributes: { ...e.attributes, line: before.edges[i]!.attributes.line } }));
    expect(readGraphJson(before)!.edges).toEqual(withLines);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-lean-old-'));
    fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify(before));
    fs.writeFileSync(path.join(dir, 'new.json'), JSON.stringify(now));
    const io = captureIo(dir);
    expect(await runCli(['diff', 'old.json', 'new.json', '--json'], io)).toBe(0);
    const d = JSON.parse(io.out());
    expect([d.notes.added, d.notes.removed, d.edges.added, d.edges.removed, d.edges.changed].map((x: unknown[]) => x.length)).toEqual([0, 0, 0, 0, 0]);
  });

  it('derives the suffixed keys of paths holding "->" as the merge gives them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-lean-arrow-'));
    for (const [f, text] of [['a.md', '[[b->c]]'], ['a->b.md', '[[c]]'], ['c.md', ''], ['b->c.md', '']]) fs.writeFileSync(path.join(dir, f!), text!);
    const model = (await buildVaultGraph(dir)).graph.export() as VaultModel;
    expect(model.edges.map((e) => e.key).sort()).toEqual(['link:a->b->c', 'link:a->b->c#2']);
    expect(readGraphJson(graphJsonOf(model, 'lean'))!.edges.map((e) => e.key)).toEqual(model.edges.map((e) => e.key));
  });

  it.each([
    ['not an object', 'x'],
    ['no edges', { nodes: [] }],
    ['a node without kind', { nodes: [{ key: 'a', attributes: {} }], edges: [] }],
    ['an edge whose relation is not a string', { nodes: [], edges: [{ source: 'a', target: 'b', attributes: { relation: 3 } }] }],
    ['an edge whose attributes are not an object', { nodes: [], edges: [{ source: 'a', target: 'b', attributes: [] }] }],
    ['a lean edge with a string count', { nodes: [], edges: [{ source: 'a', target: 'b', attributes: { relation: 'link', label: 'link', count: '2', line: 1 } }] }],
  ])('is refused when it is not a graph JSON: %s', (_name, data) => {
    expect(readGraphJson(data)).toBeUndefined();
  });
});

describe('build --detail', () => {
  const run = async (...argv: string[]) => {
    const io = captureIo();
    const code = await runCli(argv, io);
    return { code, out: io.out(), err: io.err() };
  };

  it('full writes graph.export(); lean (the default) is the same graph, smaller, the same bytes every run', async () => {
    const root = fixture('mini');
    const model = (await buildVaultGraph(root)).graph.export() as VaultModel;
    const full = await run('build', root, '-q', '--no-cache', '--detail', 'full');
    expect(full.out).toBe(JSON.stringify(model) + '\n');
    const lean = await run('build', root, '-q', '--no-cache');
    expect(lean.out).toBe(JSON.stringify(graphJsonOf(model, 'lean')) + '\n');
    expect((await run('build', root, '-q', '--no-cache', '--detail', 'lean')).out).toBe(lean.out);
    expect(lean.out.length).toBeLessThan(full.out.length * 0.75);
  });

  it('refuses another detail', async () => {
    const r = await run('build', fixture('mini'), '--detail', 'some');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--detail must be "lean" or "full", not "some"/);
  });
});
