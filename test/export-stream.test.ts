// Streamed exports: the graph file read in passes gives the built graph (any chunking), every format
// written from it equals the format of the graph in memory, the GEXF writer gives graphology-gexf's
// bytes, and the cypher groups spilled to a spool file read back whole.

import Graph from 'graphology';
import { write as writeGexfLibrary } from 'graphology-gexf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphFile, ItemSplitter } from '../src/build/graph-file.ts';
import { GRAPH_OPTIONS, type VaultGraph } from '../src/core/graph.ts';
import type { NodeKind } from '../src/core/types.ts';
import { memoryBuffer } from '../src/export/cypher.ts';
import { EDGE_COLUMNS, flatten, NODE_COLUMNS, type FlatRow } from '../src/export/flat.ts';
import type { Point } from '../src/export/gexf.ts';
import { DEFAULT_EXPORT_OPTIONS, EXPORT_FORMATS, exportGraph, writeExport } from '../src/export/index.ts';
import { collect, graphSource } from '../src/export/source.ts';
import { spoolBuffer } from '../src/export/write.ts';
import { xmlSafe } from '../src/export/xml.ts';
import { buildVaultGraph } from '../src/index.ts';
import { KIND_COLORS, relationStyle } from '../src/viewer/palette.ts';
import { fixture } from './helpers.ts';

const VAULTS = ['mini', 'relations', 'bad-input', 'topic-vault'];
const built = new Map<string, { graph: VaultGraph; file: GraphFile }>();
beforeAll(async () => {
  for (const name of VAULTS) built.set(name, { graph: (await buildVaultGraph(fixture(name))).graph, file: await GraphFile.build(fixture(name)) });
});
afterAll(() => { for (const { file } of built.values()) file.dispose(); });

/** What graphology-gexf writes for the graph (the export's writer before it streamed): the oracle. */
function libraryGexf(graph: VaultGraph, positions?: ReadonlyMap<string, Point>): string {
  const clean = (row: FlatRow) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? xmlSafe(v) : v]));
  const flat = new Graph<FlatRow, FlatRow>(GRAPH_OPTIONS);
  const viz = new Map<string, { color: string; x?: number; y?: number }>();
  graph.forEachNode((node, a) => {
    flat.addNode(xmlSafe(node), clean(flatten(a, NODE_COLUMNS)));
    const p = positions?.get(node);
    viz.set(xmlSafe(node), { color: KIND_COLORS[a.kind as NodeKind] ?? KIND_COLORS.note, ...(p && { x: p.x, y: p.y }) });
  });
  graph.forEachEdge((edge, a, s, t) => flat.addDirectedEdgeWithKey(xmlSafe(edge), xmlSafe(s), xmlSafe(t), clean(flatten(a, EDGE_COLUMNS))));
  return writeGexfLibrary(flat, {
    formatNode: (key, { label, ...attributes }) => ({ label: String(label), attributes, viz: viz.get(key) }),
    formatEdge: (_key, { label, count, ...attributes }) => ({ label: String(label), weight: Number(count), attributes: { count, ...attributes },
      viz: { color: relationStyle(String(attributes.relation)).color } }),
  });
}

/** Values of every type and width GEXF's type inference tells apart, and text XML must escape. */
function oddGraph(): VaultGraph {
  const g: VaultGraph = new Graph(GRAPH_OPTIONS);
  const texts = ['a "q" & <b> \'s\'', 'tab\there\nnl\rcr', 'ctl\u0001 lone \uD800', '', '>'];
  const numbers = [2 ** 40, -2147483648, 2147483647, 0.5, 0];
  texts.forEach((text, i) => g.addNode(`n/${text}${i}`, {
    kind: (['note', 'topic', 'tag', 'attachment', 'unresolved'] as const)[i]!, label: text, path: text, folder: '', inDegree: i, outDegree: 1,
    ...(i % 2 === 0 && { community: numbers[i]!, pagerank: numbers[(i + 3) % 5]! }), ...(i === 1 && { excluded: true, meta: { t: text } }),
  }));
  const nodes = g.nodes();
  nodes.forEach((s, i) => g.addDirectedEdgeWithKey(`e${i}${texts[i]}`, s, nodes[(i + 1) % nodes.length]!, {
    relation: i % 2 ? 'link' : texts[i]!, label: texts[i]!, ...(i === 2 && { description: texts[i]! }), count: i, origin: 'body', occurrences: [],
  }));
  return g;
}

describe('the graph file', () => {
  it.each(VAULTS)('%s: read in passes, gives the built graph (keys, ends, attributes, order)', (name) => {
    const { graph, file } = built.get(name)!;
    const nodes: unknown[] = [], edges: unknown[] = [];
    file.pass({ node: (k, a) => nodes.push([k, a]), edge: (k, s, t, a) => edges.push([k, s, t, a]) });
    expect(nodes).toEqual(graph.mapNodes((k, a) => [k, a]));
    expect(edges).toEqual(graph.mapEdges((k, a, s, t) => [k, s, t, a]));
    expect([file.order, file.size]).toEqual([graph.order, graph.size]);
    const only: string[] = [];
    file.pass({ node: (k) => only.push(k) });
    expect(only).toEqual(graph.nodes());
  });

  it('splits items whatever the chunks, with brackets, quotes and backslashes inside strings', () => {
    const tricky = ['}]{["', '\\', '\\"}', 'a\\\\"],[{', '相关 [[x]]', '\\\\\\', '"', '""\\', ''];
    const json = JSON.stringify({ options: { type: 'directed' }, attributes: {}, nodes: tricky.map((t) => ({ key: t, attributes: { label: t, meta: { a: [{ key: t }] } } })),
      edges: [{ key: '}', source: tricky[0], target: tricky[1], attributes: { l: [[], {}] } }] }) + '\n';
    const bytes = Buffer.from(json);
    for (const size of [1, 2, 3, 5, 7, 64, bytes.length]) {
      const items: Array<[number, unknown]> = [];
      const split = new ItemSplitter((list, text) => items.push([list, JSON.parse(text)]));
      for (let at = 0; at < bytes.length; at += size) split.push(Buffer.from(bytes.subarray(at, at + size)));
      const want = JSON.parse(json) as { nodes: unknown[]; edges: unknown[] };
      expect(items, `chunks of ${size}`).toEqual([...want.nodes.map((n) => [0, n]), ...want.edges.map((e) => [1, e])]);
    }
  });
});

describe('every format from the graph file equals the format of the graph in memory', () => {
  const formats = EXPORT_FORMATS.filter((f) => f !== 'json');
  it.each(VAULTS.flatMap((v) => formats.map((f) => [v, f] as const)))('%s %s', (name, format) => {
    const { graph, file } = built.get(name)!;
    for (const pretty of format === 'd3' ? [false, true] : [false]) {
      const opts = { ...DEFAULT_EXPORT_OPTIONS, pretty };
      const streamed = collect((sink) => writeExport(file, format, opts, sink, () => spoolBuffer(64)));
      const whole = exportGraph(graph, format, opts);
      expect(typeof whole === 'string' ? streamed[''] : streamed).toEqual(whole);
    }
  });
});

describe('gexf', () => {
  it.each(VAULTS)('%s: the bytes graphology-gexf writes, with and without positions', (name) => {
    const { graph } = built.get(name)!;
    const positions = new Map(graph.mapNodes((k, _a) => [k, { x: k.length * 1.5, y: -k.length }] as const));
    expect(exportGraph(graph, 'gexf')).toBe(libraryGexf(graph));
    expect(exportGraph(graph, 'gexf', { positions })).toBe(libraryGexf(graph, positions));
  });

  it('the same bytes for values of every type, escapes and empty values', () => {
    const g = oddGraph();
    expect(exportGraph(g, 'gexf')).toBe(libraryGexf(g));
    const empty: VaultGraph = new Graph(GRAPH_OPTIONS);
    expect(exportGraph(empty, 'gexf')).toBe(libraryGexf(empty));
    empty.addNode('lonely', { kind: 'note', label: 'lonely', path: 'lonely.md', folder: '', inDegree: 0, outDegree: 0 });
    expect(exportGraph(empty, 'gexf')).toBe(libraryGexf(empty));
  });
});

describe('cypher', () => {
  it('groups spilled to spool files read back as the groups kept in memory', () => {
    const { graph } = built.get('relations')!;
    const opts = { ...DEFAULT_EXPORT_OPTIONS };
    const spilled = collect((sink) => writeExport(graphSource(graph), 'cypher', opts, sink, () => spoolBuffer(1)));
    const kept = collect((sink) => writeExport(graphSource(graph), 'cypher', opts, sink, memoryBuffer));
    expect(spilled).toEqual(kept);
  });
});
