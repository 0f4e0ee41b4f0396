// The whole pipeline on test/fixtures/mini: nodes, typed edges, occurrences, round trip, determinism.

import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { findOrphans, orphansOfModel } from '../src/query/analysis.ts';
import { assemble, type VaultModel } from '../src/core/graph.ts';
import { buildVaultGraph } from '../src/index.ts';
import { edgeList, fixture } from './helpers.ts';

const MINI = fixture('mini');

describe('buildVaultGraph on the mini fixture', async () => {
  const b = await buildVaultGraph(MINI);
  const g = b.graph;

  it('makes one node per note, topic, tag, linked attachment and missing target', () => {
    const kinds = Object.fromEntries(g.mapNodes((n, a) => [n, a.kind]));
    expect(kinds).toEqual({
      '00-元语/AI': 'topic', '00-元语/LLM': 'topic',
      'notes/A': 'note', 'notes/B': 'note', 'notes/D': 'note', 'notes/E': 'note', 'notes/sub/C': 'note',
      'att/pic.png': 'attachment', '缺失的笔记': 'unresolved', 'Nowhere': 'unresolved', '#demo': 'tag', '#ai': 'tag',
    });
  });

  it('types every edge by the vault conventions', () => {
    expect(edgeList(g)).toEqual([
      '00-元语/AI -topic-> 00-元语/LLM',
      'notes/A -cites-> notes/B',
      'notes/A -contradicts-> notes/sub/C',
      'notes/A -embed-> att/pic.png',
      'notes/A -explains-> 00-元语/LLM',
      'notes/A -link-> notes/B',
      'notes/A -link-> notes/sub/C',
      'notes/A -link-> 缺失的笔记',
      'notes/A -related-> notes/D',
      'notes/A -tag-> #ai',
      'notes/A -tag-> #demo',
      'notes/A -topic-> 00-元语/AI',
      'notes/A -up-> notes/B',
      'notes/B -cites-> notes/sub/C',
      'notes/D -link-> Nowhere',
      'notes/sub/C -tag-> #ai',
    ]);
  });

  it('keeps label, 说明, count and occurrences on the edge', () => {
    const cites = g.getEdgeAttributes('cites:notes/A->notes/B');
    expect(cites).toMatchObject({ relation: 'cites', label: '引用', description: 'A 引用了 B 的结论。', count: 1, origin: 'body' });
    expect(cites.occurrences).toEqual([{ line: 12, column: 3, raw: '[[notes/B|B]]', alias: 'B', origin: 'body' }]);
    const link = g.getEdgeAttributes('link:notes/A->notes/B');
    expect(link.count).toBe(2);
    expect(link.occurrences.map((o) => [o.line, o.column, o.alias])).toEqual([[7, 6, '别名'], [8, 6, undefined]]);
    expect(g.getEdgeAttributes('up:notes/A->notes/B')).toMatchObject({ origin: 'frontmatter', label: 'up', occurrences: [{ line: 3, raw: '[[notes/B]]' }] });
    expect(g.getEdgeAttributes('cites:notes/B->notes/sub/C')).toMatchObject({ origin: 'field', label: 'cites' });
    expect(g.getEdgeAttributes('related:notes/A->notes/D')).toMatchObject({ label: '参考', description: '未知理由。' });
  });

  it('keeps frontmatter under meta and never as top-level attributes', () => {
    const a = g.getNodeAttributes('notes/A');
    expect(a).toMatchObject({ label: '笔记 A：起点', path: 'notes/A.md', folder: 'notes', tags: ['demo', 'ai'] });
    expect(a.meta).toEqual({ title: '笔记 A：起点', up: '[[notes/B]]', tags: ['Demo'] });
    expect(a).not.toHaveProperty('type');
  });

  it('makes no edge for self links and counts them apart', () => {
    expect(b.counts.self).toBe(1);
    expect(g.hasEdge('notes/A', 'notes/A')).toBe(false);
  });

  it('lists broken links with position and raw text', () => {
    expect(b.broken.map((l) => `${l.path}:${l.line}:${l.column} ${l.raw}`)).toEqual([
      'notes/A.md:8:25 [[缺失的笔记]]',
      'notes/D.md:1:14 [[Nowhere]]',
    ]);
  });

  it('reports an unknown 关联理由 as a diagnostic naming file and line', () => {
    expect(b.diagnostics.map((d) => `${d.path}:${d.line} ${d.code}`)).toEqual(['notes/A.md:15 related-unknown-reason']);
  });

  it('finds orphans in the three senses, with and without topic and tag edges', () => {
    expect(findOrphans(g, 'no-incoming')).toEqual(['notes/A', 'notes/E']);
    expect(findOrphans(g, 'isolated')).toEqual(['notes/E']);
    expect(findOrphans(g, 'dead-ends')).toEqual(['00-元语/LLM', 'notes/D', 'notes/E']);
    expect(findOrphans(g, 'dead-ends', ['tag'])).toEqual(['00-元语/LLM', 'notes/D', 'notes/E', 'notes/sub/C']);
    expect(findOrphans(g, 'no-incoming', ['topic'])).toEqual(['00-元语/AI', 'notes/A', 'notes/E']);
  });

  it('finds the same no-incoming orphans on the export form (the diff\'s way)', () => {
    expect(orphansOfModel(g.export() as VaultModel)).toEqual(findOrphans(g, 'no-incoming'));
  });

  it('sets inDegree and outDegree', () => {
    expect(g.getNodeAttributes('notes/B')).toMatchObject({ inDegree: 3, outDegree: 1 });
  });

  it('round-trips through Graph.from(export)', () => {
    const json = JSON.parse(JSON.stringify(g.export()));
    const back = Graph.from(json);
    expect(back.order).toBe(g.order);
    expect(back.size).toBe(g.size);
    expect(back.type).toBe('directed');
    expect(back.multi).toBe(true);
    expect(back.getEdgeAttributes('cites:notes/A->notes/B')).toEqual(g.getEdgeAttributes('cites:notes/A->notes/B'));
    expect(JSON.stringify(back.export())).toBe(JSON.stringify(g.export()));
  });

  it('writes, without graphology, exactly the JSON that graph.export() gives', () => {
    const { model } = assemble({ notes: b.notes, attachments: b.attachments }, b.options);
    expect(JSON.stringify(model)).toBe(JSON.stringify(g.export()));
  });

  it('gives byte-identical JSON on every run', async () => {
    const again = await buildVaultGraph(MINI);
    expect(JSON.stringify(again.graph.export())).toBe(JSON.stringify(g.export()));
  });
});
