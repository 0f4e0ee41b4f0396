// Exports: every format read back (graphology's GEXF and GraphML parsers, a CSV reader, JSON) and
// compared with the built graph of fixtures/mini; hostile vault text in every format; atomic writes;
// the `export` command's usage errors.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { exportGraph, EXPORT_FORMATS, findNode } from '../src/export/index.ts';
import { guardFormula, unguard } from '../src/export/csv.ts';
import { cypherString } from '../src/export/cypher.ts';
import { dotString } from '../src/export/dot.ts';
import { EDGE_COLUMNS, NODE_COLUMNS, unflatten } from '../src/export/flat.ts';
import { mermaidText } from '../src/export/mermaid.ts';
import { relationshipType } from '../src/export/neo4j.ts';
import { KIND_COLORS, relationStyle } from '../src/viewer/palette.ts';
import { xmlSafe } from '../src/export/xml.ts';
import { GRAPH_OPTIONS, type VaultGraph } from '../src/core/graph.ts';
import { buildVaultGraph } from '../src/index.ts';
import { writeOutputAtomic } from '../src/export/write.ts';
import { writeFileAtomic } from '../src/build/write.ts';
import { captureIo, fixture } from './helpers.ts';
import { makePayload, positionsOf } from '../src/viewer/html.ts';

const MINI = fixture('mini');
/** `#4e79a7` as graphology-gexf reads viz:color back. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',')})`;
let mini: VaultGraph;
beforeAll(async () => { mini = (await buildVaultGraph(MINI)).graph; });

/** RFC 4180 reader: quoted cells with doubled quotes and embedded CR/LF; rows end in CRLF. */
function readCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [], cell = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"' && cell === '') { quoted = true; i++; continue; }
    if (c === ',') { row.push(cell); cell = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i += 2; continue; }
    cell += c; i++;
  }
  expect(cell).toBe(''); // the text ends with a row end
  const [header, ...body] = rows;
  for (const r of body) expect(r.length).toBe(header!.length);
  return body.map((r) => Object.fromEntries(header!.map((h, j) => [h, r[j]!])));
}

/**
 * What a node or edge should read back as: its attributes. XML formats replace the characters XML
 * forbids in plain text values; lists and objects travel as JSON text, whose `\u0001` escapes keep them.
 */
function expected(attrs: object, xml: boolean): unknown {
  return xml ? Object.fromEntries(Object.entries(attrs).map(([k, v]) => [k, typeof v === 'string' ? xmlSafe(v) : v])) : attrs;
}

/** Compare a read-back graph (flat attributes) with the original, node by node and edge by edge. */
function expectSameGraph(original: VaultGraph, back: Graph, opts: { xml: boolean; flat: boolean; keyOf?: (k: string) => string }) {
  const key = opts.keyOf ?? ((k: string) => k);
  const read = (attrs: object, columns: typeof NODE_COLUMNS) => (opts.flat ? unflatten(attrs as never, columns) : attrs);
  expect(back.order).toBe(original.order);
  expect(back.size).toBe(original.size);
  original.forEachNode((n, a) => {
    expect(back.hasNode(key(n)), n).toBe(true);
    expect(read(back.getNodeAttributes(key(n)), NODE_COLUMNS)).toEqual(expected(a, opts.xml));
  });
  original.forEachEdge((e, a, s, t) => {
    expect(back.hasEdge(key(e)), e).toBe(true);
    expect(back.source(key(e))).toBe(key(s));
    expect(back.target(key(e))).toBe(key(t));
    expect(read(back.getEdgeAttributes(key(e)), EDGE_COLUMNS)).toEqual(expected(a, opts.xml));
  });
}

function csvGraph(nodes: Record<string, string>[], edges: Record<string, string>[], ids: [string, string, string, string]): Graph {
  const [id, key, source, target] = ids;
  const g = new Graph({ multi: true, type: 'directed' });
  const clean = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/:.*$/, ''), v]));
  for (const r of nodes) g.addNode(r[id]!, clean(r));
  for (const r of edges) g.addDirectedEdgeWithKey(r[key]!, r[source]!, r[target]!, clean(r));
  return g;
}

const unguardRows = (rows: Record<string, string>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, unguard(v)])));

/** Every format's read-back, as a graph of flat attributes. */
const READERS = {
  json: (out: string) => Graph.from(JSON.parse(out)),
  d3: (out: string) => {
    const d = JSON.parse(out) as { nodes: ({ id: string } & Record<string, unknown>)[]; links: ({ source: string; target: string; key: string } & Record<string, unknown>)[] };
    const g = new Graph({ multi: true, type: 'directed' });
    for (const { id, ...a } of d.nodes) g.addNode(id, a);
    for (const { source, target, key, ...a } of d.links) g.addDirectedEdgeWithKey(key, source, target, a);
    return g;
  },
  gexf: (out: string) => parseGexf(Graph, out),
  graphml: (out: string) => parseGraphml(Graph, out),
  csv: (out: Record<string, string>) => csvGraph(unguardRows(readCsv(out['nodes.csv']!)), unguardRows(readCsv(out['edges.csv']!)), ['id', 'key', 'source', 'target']),
  neo4j: (out: Record<string, string>) => csvGraph(unguardRows(readCsv(out['nodes.csv']!)), unguardRows(readCsv(out['relationships.csv']!)), ['id:ID', 'key', ':START_ID', ':END_ID']),
};
type Readable = keyof typeof READERS;
const readBack = (format: Readable, graph: VaultGraph) => (READERS[format] as (o: unknown) => Graph)(exportGraph(graph, format));
const isXml = (f: Readable) => f === 'gexf' || f === 'graphml';
const isFlat = (f: Readable) => f !== 'json' && f !== 'd3';

/** A graph whose every text is hostile: markup, quotes, formula starters, newlines, controls. */
const HOSTILE = [
  '<img src=x onerror=alert(1)>', 'say "hi" & \'bye\'', 'line one\nline two\r\nthree', '"]];', "=cmd|' /C calc'!A0",
  '+1', '-x', '@SUM(A1)', "'quoted", '\\N back\\slash\\', 'ctl\u0001\u0008\u001b[31m', 'lone \uD800 surrogate', '#35; `tick` %% x', 'a,b;c',
];
function hostileGraph(): VaultGraph {
  const g: VaultGraph = new Graph(GRAPH_OPTIONS);
  HOSTILE.forEach((text, i) => {
    g.addNode(i === 0 ? 'notes/<a href="x">' : `n/${text}`, {
      kind: i % 3 === 0 ? 'topic' : 'note', label: text, path: `${text}.md`, folder: 'n', meta: { title: text, list: [text, 1, true], deep: { k: text } },
      aliases: [text], tags: ['t'], inDegree: 1, outDegree: 1, ...(i % 4 === 1 && { excluded: true }), ...(i % 5 === 2 && { community: i, pagerank: 1 / (i + 1) }),
    });
  });
  const nodes = g.nodes();
  nodes.forEach((s, i) => {
    const t = nodes[(i + 1) % nodes.length]!;
    const text = HOSTILE[i]!;
    g.addDirectedEdgeWithKey(`${text}:${s}->${t}`, s, t, {
      relation: i % 2 ? 'cites' : `field ${text}`, label: text, description: text, count: 2, origin: 'body',
      occurrences: [{ line: 1, column: 2, raw: `[[${text}]]`, alias: text, origin: 'body' }],
    });
  });
  return g;
}

describe('round trips on fixtures/mini', () => {
  it.each(Object.keys(READERS) as Readable[])('%s reads back the same nodes, edges, relations and attributes', (format) => {
    const back = readBack(format, mini);
    if (format === 'json') expect(back.export()).toEqual(mini.export());
    expectSameGraph(mini, back, { xml: isXml(format), flat: isFlat(format) });
    expect(back.mapEdges((_e, a) => a.relation).sort()).toEqual(mini.mapEdges((_e, a) => a.relation).sort());
  });

  it('gexf: kind is a node attribute, relation an edge attribute, count the weight', () => {
    const out = exportGraph(mini, 'gexf') as string;
    expect(out).toMatch(/<attribute id="kind" title="kind" type="string"/);
    expect(out).toMatch(/<attribute id="relation" title="relation" type="string"/);
    const back = parseGexf(Graph, out);
    const e = mini.edges().find((k) => mini.getEdgeAttribute(k, 'count') > 1)!;
    expect(back.getEdgeAttribute(e, 'weight')).toBe(mini.getEdgeAttribute(e, 'count'));
  });

  it('gexf: viz:position from the positions given, viz:color per kind and relation (the viewer palette)', () => {
    const positions = new Map(mini.mapNodes((k, _a) => [k, { x: k.length * 1.5, y: -k.length }] as const));
    const out = exportGraph(mini, 'gexf', { positions }) as string;
    const back = parseGexf(Graph, out);
    mini.forEachNode((k, a) => {
      expect([back.getNodeAttribute(k, 'x'), back.getNodeAttribute(k, 'y')], k).toEqual([k.length * 1.5, -k.length]);
      expect(back.getNodeAttribute(k, 'color'), k).toBe(rgb(KIND_COLORS[a.kind]));
    });
    mini.forEachEdge((e, a) => expect(back.getEdgeAttribute(e, 'color'), e).toBe(rgb(relationStyle(a.relation).color)));
    expect(exportGraph(mini, 'gexf')).not.toContain('viz:position'); // none given: Gephi lays it out
  });

  it('neo4j: labels from kind, types from relation, typed headers', () => {
    const out = exportGraph(mini, 'neo4j') as Record<string, string>;
    expect(out['nodes.csv']!.split('\r\n')[0]).toBe('id:ID,:LABEL,kind,label,path,folder,meta,tags,inDegree:int,outDegree:int');
    expect(readCsv(out['nodes.csv']!).find((r) => r['id:ID'] === '00-元语/AI')![':LABEL']).toBe('VaultNode;Topic');
    expect(new Set(readCsv(out['relationships.csv']!).map((r) => r[':TYPE']))).toEqual(new Set(mini.mapEdges((_e, a) => relationshipType(a.relation))));
  });

  it.each([
    ['cites', 'CITES'], ['further-reading', 'FURTHER_READING'], ['upstream-downstream', 'UPSTREAM_DOWNSTREAM'], ['my key', 'MY_KEY'], ['相关', '相关'],
  ])('relationship type of %s is %s', (relation, type) => expect(relationshipType(relation)).toBe(type));

  it('cypher: one MERGE per node and edge, labels and types from kind and relation', () => {
    const out = exportGraph(mini, 'cypher') as string;
    expect(out).toContain('CREATE CONSTRAINT vaultgraph_key IF NOT EXISTS');
    expect(out).toContain('SET n:`Topic`');
    expect(out).toContain('MERGE (a)-[r:`CITES` {key: row.key}]->(b)');
    expect(out).toContain("{key: 'notes/A', props: {kind: 'note', label: '笔记 A\\uFF1A起点'".replace('\\uFF1A', '：'));
    expect(out.match(/\{key: '/g)!.length).toBe(mini.order);
    expect(out.match(/\{s: '/g)!.length).toBe(mini.size);
  });

  it('every format exports an empty graph', () => {
    for (const f of EXPORT_FORMATS) expect(() => exportGraph(new Graph(GRAPH_OPTIONS) as VaultGraph, f)).not.toThrow();
  });
});

describe('hostile vault text', () => {
  const g = hostileGraph();

  it.each(Object.keys(READERS) as Readable[])('%s: every value reads back (XML: forbidden characters as U+FFFD)', (format) => {
    const back = readBack(format, g);
    expectSameGraph(g, back, { xml: isXml(format), flat: isFlat(format), ...(isXml(format) && { keyOf: xmlSafe }) });
  });

  it('xml formats: no raw markup from the vault', () => {
    for (const f of ['gexf', 'graphml'] as const) {
      const out = exportGraph(g, f) as string;
      expect(out).not.toContain('<img');
      expect(out).not.toContain('<a href');
      expect(out).not.toMatch(/[\u0001\u0008\u001b]/);
    }
  });

  it('neo4j guards formula starters like csv, in both files', () => {
    const out = exportGraph(g, 'neo4j') as Record<string, string>;
    const nodes = readCsv(out['nodes.csv']!);
    expect(nodes.map((r) => r.label)).toContain("'=cmd|' /C calc'!A0");
    expect(nodes.map((r) => r.label)).toContain("'@SUM(A1)");
    for (const file of [out['nodes.csv']!, out['relationships.csv']!]) {
      for (const r of readCsv(file)) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
  });

  it('csv guards formula starters and stays reversible', () => {
    const nodes = readCsv((exportGraph(g, 'csv') as Record<string, string>)['nodes.csv']!);
    const labels = nodes.map((r) => r.label);
    expect(labels).toContain("'=cmd|' /C calc'!A0");
    expect(labels).toContain("'+1");
    expect(labels).toContain("'-x");
    expect(labels).toContain("'@SUM(A1)");
    expect(labels).toContain("''quoted");
    for (const l of labels) expect(l).not.toMatch(/^[=+\-@]/);
  });

  it.each(HOSTILE)('guardFormula/unguard round-trip %j', (s) => expect(unguard(guardFormula(s))).toBe(s));

  /** Cypher string literal reader: `\\` `\'` `\"` `\n`… and `\uXXXX`. */
  const readCypher = (lit: string) => {
    expect(lit.startsWith("'") && lit.endsWith("'")).toBe(true);
    const body = lit.slice(1, -1);
    expect(body).not.toMatch(/(^|[^\\])(\\\\)*'/); // no unescaped quote
    expect(body).not.toMatch(/[;\u0000-\u001f]/);
    return body.replace(/\\(u[0-9A-F]{4}|.)/g, (_m, c: string) => (c.length > 1 ? String.fromCharCode(parseInt(c.slice(1), 16)) : c));
  };
  it.each(HOSTILE.filter((s) => !s.includes('\uD800')))('cypher string literal of %j reads back', (s) => expect(readCypher(cypherString(s))).toBe(s));
  it('cypher replaces lone surrogates', () => expect(readCypher(cypherString('a\uD800b'))).toBe('a\uFFFDb'));

  it('cypher script: every string is a well-formed literal', () => {
    const out = exportGraph(g, 'cypher') as string;
    // Take the literals out, then what remains has no quotes, semicolons only at statement ends.
    const rest = out.split('\n').filter((l) => !l.startsWith('//')).join('\n').replace(/'(?:[^'\\]|\\.)*'/g, "''");
    expect(rest.match(/;/g)!.length).toBe(rest.match(/;\n|;$/g)!.length);
    expect(rest).not.toMatch(/\{[^}]*[^a-zA-Z0-9_{}:,' .\n\-[\]]/);
  });

  /** DOT quoted string reader (escString): `\\` → `\`, `\"` → `"`, `\n` → newline. */
  const readDot = (q: string) => q.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
  it.each(HOSTILE)('dot string of %j is one quoted token that reads back', (s) => {
    const q = dotString(s);
    expect(q).toMatch(/^"(?:[^"\\\n\r]|\\.)*"$/);
    expect(readDot(q)).toBe(s.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f]/g, ' '));
  });

  it.each(HOSTILE)('mermaid label of %j has no quote, bracket-breaking or markup character', (s) => {
    const t = mermaidText(s);
    expect(t).not.toMatch(/["<>`\n\r\u0000-\u001f]/);
    expect(t.replace(/#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))).toBe(s.replace(/[\u0000-\u001f]+/g, ' '));
  });

  it('mermaid and dot diagrams keep vault text inside labels', () => {
    const m = exportGraph(g, 'mermaid') as string;
    for (const line of m.split('\n').slice(1, -1)) {
      expect(line).toMatch(/^ {2}(n\d+(\["[^"]*"\]|\(\["[^"]*"\]\)|\{\{"[^"]*"\}\})|n\d+ -->\|"[^"]*"\| n\d+|classDef .*|class [n\d,]+ missing|style n\d+ .*)$/);
    }
    const d = exportGraph(g, 'dot') as string;
    const body = d.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const line of body.split('\n').slice(3, -2)) expect(line).toMatch(/^ {2}n\d+( -> n\d+)? \[([a-z]+=(""|[a-z0-9]+)(, )?)+\];$/);
  });
});

describe('local graph (--focus, --depth) and diagrams', () => {
  it.each([
    ['notes/A', 'notes/A'], ['notes/A.md', 'notes/A'], ['笔记 A：起点', 'notes/A'], ['c', 'notes/sub/C'], ['notes/sub/C', 'notes/sub/C'],
  ])('findNode(%j) → %s', (q, key) => expect(findNode(mini, q)).toEqual({ key }));

  it('findNode explains a missing node', () => {
    expect(findNode(mini, 'Nope')).toEqual({ error: expect.stringContaining('no node "Nope"') });
  });

  it('depth 1 around notes/B is B and its direct neighbours, both directions', () => {
    const back = Graph.from(JSON.parse(exportGraph(mini, 'json', { focus: 'notes/B', depth: 1 }) as string));
    expect(back.nodes().sort()).toEqual(['notes/A', 'notes/B', 'notes/sub/C']);
    expect(back.size).toBe(mini.filterEdges((_e, _a, s, t) => [s, t].every((n) => back.hasNode(n))).length);
  });

  it('diagrams use the vault words as edge labels and mark the focus', () => {
    const m = exportGraph(mini, 'mermaid', { focus: 'notes/A', depth: 1 }) as string;
    expect(m).toMatch(/^flowchart LR\n {2}n0\["笔记 A：起点"\]/);
    expect(m).toContain('-->|"引用"|');
    expect(m).toContain('-->|"观点相悖"|');
    expect(m).toContain('style n0 stroke-width:3px');
    const d = exportGraph(mini, 'dot', { focus: 'notes/A', depth: 1 }) as string;
    expect(d).toContain('[label="引用"]');
    expect(d).toMatch(/n0 \[label="笔记 A：起点", shape=box, tooltip="notes\/A", penwidth=3\]/);
  });

  it('diagrams are capped with a note of what was left out', () => {
    const m = exportGraph(mini, 'mermaid', { maxDiagramNodes: 3 }) as string;
    expect(m.match(/^ {2}n\d+[[({]/gm)!.length).toBe(3);
    expect(m).toContain(`more["… ${mini.order - 3} more nodes not shown"]`);
    expect(exportGraph(mini, 'dot', { maxDiagramNodes: 3 }) as string).toContain(`${mini.order - 3} more nodes not shown`);
  });
});

describe('atomic writes', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vg-export-'));

  it('writes each file of a multi-file export and leaves no temporary file', () => {
    const dir = path.join(tmp(), 'out');
    const files = writeOutputAtomic(dir, exportGraph(mini, 'csv'));
    expect(files.map((f) => path.basename(f))).toEqual(['nodes.csv', 'edges.csv']);
    expect(fs.readdirSync(dir).sort()).toEqual(['edges.csv', 'nodes.csv']);
  });

  it('a failed write keeps the old file whole and removes the temporary one', () => {
    const dir = tmp();
    const file = path.join(dir, 'graph.gexf');
    writeFileAtomic(file, 'old, complete');
    const spy = vi.spyOn(fs, 'renameSync').mockImplementation(() => { throw new Error('disk full'); });
    try {
      expect(() => writeFileAtomic(file, 'new')).toThrow('disk full');
    } finally {
      spy.mockRestore();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('old, complete');
    expect(fs.readdirSync(dir)).toEqual(['graph.gexf']);
  });
});

describe('vaultgraph export', () => {
  const run = async (...argv: string[]) => {
    const io = captureIo();
    const code = await runCli(argv, io);
    return { code, out: io.out(), err: io.err() };
  };

  it.each([
    [['--format', 'xls'], /--format must be one of json, d3, gexf/],
    [[], /--format must be one of/],
    [['--format', 'csv'], /writes several files: give a folder with -o DIR/],
    [['--format', 'dot', '--focus', 'Nowhere-at-all'], /--focus: no node "Nowhere-at-all"/],
    [['--format', 'dot', '--focus', 'notes/A', '--depth=-1'], /--depth must be a whole number/],
    [['--format', 'json', '--depth', '2'], /--depth needs --focus/],
  ])('%j is a usage error (exit 2, one line)', async (args, message) => {
    const r = await run('export', MINI, '-q', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  it('--help lists the formats', async () => {
    const r = await run('export', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--format F');
  });

  it('writes json to stdout exactly as build --detail full does', async () => {
    const [e, b] = [await run('export', MINI, '-q', '--format', 'json'), await run('build', MINI, '-q', '--detail', 'full')];
    expect(e.code).toBe(0);
    expect(e.out).toBe(b.out);
  });

  it('gexf carries the viewer\'s layout (the cached positions serve uses); --no-layout leaves it out', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-export-'));
    const r = await run('export', MINI, '-q', '--format', 'gexf', '-o', path.join(dir, 'g.gexf'));
    expect(r.code).toBe(0);
    const back = parseGexf(Graph, fs.readFileSync(path.join(dir, 'g.gexf'), 'utf8'));
    const b = await buildVaultGraph(MINI);
    const viewer = positionsOf(await makePayload(b.graph, { root: MINI }));
    expect(viewer.size).toBe(mini.order);
    for (const [k, p] of viewer) expect([back.getNodeAttribute(k, 'x'), back.getNodeAttribute(k, 'y')], k).toEqual([p.x, p.y]);
    const none = await run('export', MINI, '-q', '--format', 'gexf', '--no-layout');
    expect(none.out).not.toContain('viz:position');
  });

  it('--analytics adds community and pagerank; csv goes into a folder', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vg-export-')), 'csv');
    const r = await run('export', MINI, '-q', '--format', 'csv', '-o', dir, '--analytics');
    expect(r.code).toBe(0);
    const nodes = readCsv(fs.readFileSync(path.join(dir, 'nodes.csv'), 'utf8'));
    const a = nodes.find((n) => n.id === 'notes/A')!;
    expect(Number(a.community)).toBeGreaterThanOrEqual(0);
    expect(Number(a.pagerank)).toBeGreaterThan(0);
    expect(nodes.find((n) => n.id === '#ai')!.community).toBe('');
  });
});
