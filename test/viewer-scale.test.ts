// The viewer at scale, pure parts: the compact payload round-trips the graph the viewer needs,
// the layout is deterministic and cached by topology, placeNear puts new nodes by their neighbours.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { decodeCompact, encodeCompact, keyOf, type GraphSource } from '../src/viewer/compact.ts';
import { visibleOffset } from '../src/viewer/place.ts';
import { layoutSettings, runLayout } from '../src/viewer/layout-core.ts';
import { carryPositions, computeLayout, iterationsFor, placeNear, topologyHash, type Point } from '../src/viewer/layout.ts';
import { makePayload } from '../src/viewer/html.ts';
import { nodeDetails, fromExport, propKeys } from '../src/viewer/viewer-data.ts';
import type { SerializedGraph } from '../src/viewer/payload.ts';

/** a cites b (with 说明, twice), a → #ai tag, b → missing, topic t, a picture, a renamed label. */
function sample(): Graph {
  const g = new Graph({ type: 'directed', multi: true });
  g.addNode('01-博客/a', { kind: 'note', label: 'Alpha', path: '01-博客/a.md', folder: '01-博客', tags: ['ai'], aliases: ['甲'], meta: { status: 'done', n: 3 }, inDegree: 0, outDegree: 3 });
  g.addNode('01-博客/sub/b', { kind: 'note', label: 'b', path: '01-博客/sub/b.md', folder: '01-博客/sub', inDegree: 1, outDegree: 1 });
  g.addNode('00-元语/t', { kind: 'topic', label: 't', path: '00-元语/t.md', folder: '00-元语', inDegree: 1, outDegree: 0 });
  g.addNode('#ai', { kind: 'tag', label: '#AI', path: '#ai', folder: '', inDegree: 1, outDegree: 0 });
  g.addNode('missing', { kind: 'unresolved', label: 'missing', path: 'missing', folder: '', inDegree: 1, outDegree: 0 });
  g.addNode('99-附件/img.png', { kind: 'attachment', label: 'img.png', path: '99-附件/img.png', folder: '99-附件', excluded: true, inDegree: 0, outDegree: 0 });
  const occ = [{ line: 3, column: 1, raw: '[[b]]', origin: 'body' }];
  g.addEdgeWithKey('cites:01-博客/a->01-博客/sub/b', '01-博客/a', '01-博客/sub/b', { relation: 'cites', label: '引用', description: '说明一句', count: 2, origin: 'body', occurrences: occ });
  g.addEdgeWithKey('tag:01-博客/a->#ai', '01-博客/a', '#ai', { relation: 'tag', label: 'tag', count: 1, origin: 'body', occurrences: occ });
  g.addEdgeWithKey('topic:01-博客/a->00-元语/t', '01-博客/a', '00-元语/t', { relation: 'topic', label: '关联主题', count: 1, origin: 'body', occurrences: occ });
  g.addEdgeWithKey('link:01-博客/sub/b->missing', '01-博客/sub/b', 'missing', { relation: 'link', label: 'link', count: 1, origin: 'body', occurrences: occ });
  return g;
}

function decoded(c: ReturnType<typeof encodeCompact>) {
  const nodes: Array<[string, Record<string, unknown>]> = [];
  const edges: Array<[string, string, Record<string, unknown>]> = [];
  decodeCompact(c, (_i, n) => nodes.push([n.key, n.attributes as unknown as Record<string, unknown>]),
    (_j, e) => edges.push([nodes[e.source]![0], nodes[e.target]![0], e.attributes]));
  return { nodes, edges };
}

describe('compact payload (web/compact.ts)', () => {
  const g = sample();
  const source = g as unknown as GraphSource;

  it('round-trips every attribute the viewer reads, without occurrences', () => {
    const { nodes, edges } = decoded(JSON.parse(JSON.stringify(encodeCompact(source, { meta: 'all' }))));
    expect(nodes.map(([k]) => k)).toEqual(g.nodes());
    for (const [key, a] of nodes) {
      const want = g.getNodeAttributes(key);
      for (const f of ['kind', 'label', 'path', 'folder', 'aliases', 'tags', 'meta', 'excluded']) expect([key, f, a[f]]).toEqual([key, f, want[f]]);
    }
    expect(edges).toEqual(g.mapEdges((_e, a, s, t) => [s, t, {
      relation: a.relation, label: a.label, count: a.count, ...(a.description ? { description: a.description } : {}) }]));
    expect(JSON.stringify(encodeCompact(source))).not.toContain('occurrences');
  });

  it('derives the defaults from the columns as from the key: a listed path keeps its own folder, unresolved and tags have none', () => {
    const h = new Graph({ type: 'directed', multi: true });
    h.addNode('root', { kind: 'note', label: 'root', path: 'root.md', folder: '', inDegree: 0, outDegree: 0 });
    h.addNode('x/n', { kind: 'note', label: 'n', path: 'y/n.md', folder: 'y', inDegree: 0, outDegree: 0 });
    h.addNode('x/m', { kind: 'topic', label: 'm', path: 'x/m.md', folder: 'x', inDegree: 0, outDegree: 0 });
    h.addNode('#a/b', { kind: 'tag', label: '#a/b', path: '#a/b', folder: '', inDegree: 0, outDegree: 0 });
    h.addNode('#c', { kind: 'tag', label: 'c', path: '#c', folder: '', inDegree: 0, outDegree: 0 });
    h.addNode('some/missing', { kind: 'unresolved', label: 'missing', path: 'some/missing', folder: '', inDegree: 0, outDegree: 0 });
    h.addNode('z/w/pic.png', { kind: 'attachment', label: 'pic.png', path: 'z/w/pic.png', folder: 'z/w', inDegree: 0, outDegree: 0 });
    const c = encodeCompact(h as unknown as GraphSource);
    expect([c.path, c.folder]).toEqual([{ 1: 'y/n.md' }, undefined]); // folder follows the listed path
    const { nodes } = decoded(JSON.parse(JSON.stringify(c)));
    for (const [key, a] of nodes) {
      const want = h.getNodeAttributes(key);
      for (const f of ['kind', 'label', 'path', 'folder']) expect([key, f, a[f]]).toEqual([key, f, want[f]]);
    }
  });

  it('lists only the exceptions: labels, tags that differ from the tag edges', () => {
    const c = encodeCompact(source);
    expect(c.label).toEqual({ 0: 'Alpha', 3: '#AI' });
    expect(c.tags).toBeUndefined(); // a's tags are its tag edges
    expect(c.kinds).toBe('001243'); // note note topic tag unresolved attachment
    expect(c.rels.map(([r]) => r)).toEqual(['cites', 'tag', 'topic', 'link']);
    expect(c.description).toEqual({ 0: '说明一句' });
    expect(keyOf(c, 1)).toBe('01-博客/sub/b');
  });

  it('frontmatter: all, none, or only the keys colour groups ask about', () => {
    expect(encodeCompact(source, { meta: 'none' }).meta).toBeUndefined();
    expect(encodeCompact(source, { meta: 'none' }).metaKeys).toEqual([]);
    const some = encodeCompact(source, { meta: propKeys(['[status:done] OR path:x', 'tag:#ai']) });
    expect(some.meta).toEqual({ 0: { status: 'done' } });
    expect(some.metaKeys).toEqual(['status']);
  });

  it('groups edges by source whatever order they come in', () => {
    const h = new Graph({ type: 'directed', multi: true });
    for (const k of ['x', 'y', 'z']) h.addNode(k, { kind: 'note' });
    h.addEdge('z', 'x', { relation: 'link' }); h.addEdge('x', 'y', { relation: 'link' }); h.addEdge('z', 'y', { relation: 'cites' });
    const c = encodeCompact(h as unknown as GraphSource);
    expect(c.out).toEqual([1, 0, 2]);
    expect(decoded(c).edges.map(([s, t]) => `${s}${t}`)).toEqual(['xy', 'zx', 'zy']);
  });
});

describe('node details (/api/node)', () => {
  it('has the frontmatter and the occurrences, from a live graph or an export', () => {
    const g = sample();
    for (const live of [g as never, fromExport(g.export() as unknown as SerializedGraph)]) {
      const d = nodeDetails(live, '01-博客/a')!;
      expect(d.attributes.meta).toEqual({ status: 'done', n: 3 });
      expect(d.out.map((e) => [e.target, e.relation, e.occurrences?.[0]?.line])).toEqual([['01-博客/sub/b', 'cites', 3], ['#ai', 'tag', 3], ['00-元语/t', 'topic', 3]]);
      expect(nodeDetails(live, '01-博客/sub/b')!.in.map((e) => e.source)).toEqual(['01-博客/a']);
      expect(nodeDetails(live, 'nope')).toBeNull();
    }
  });
});

describe('layout', () => {
  const ring = (n: number) => ({ keys: Array.from({ length: n }, (_, i) => `n${i}`), source: Array.from({ length: n }, (_, i) => i), target: Array.from({ length: n }, (_, i) => (i + 1) % n) });

  it('iterations are fixed by size', () => {
    expect([1000, 10_000, 40_000, 100_000].map(iterationsFor)).toEqual([150, 200, 100, 20]);
  });

  it('is deterministic, and the second run comes from the cache', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-layout-'));
    try {
      const a = await computeLayout(ring(60), { cacheDir });
      const b = await computeLayout(ring(60), { cacheDir: false });
      expect(a.cached).toBe(false);
      expect([...b.positions]).toEqual([...a.positions]);
      const c = await computeLayout(ring(60), { cacheDir });
      expect(c.cached).toBe(true);
      expect([...c.positions]).toEqual([...a.positions]);
      expect(fs.readdirSync(path.join(cacheDir, 'layout'))).toEqual([`${a.hash}.f32`]);
      // A torn cache file is ignored, never trusted.
      fs.writeFileSync(path.join(cacheDir, 'layout', `${a.hash}.f32`), 'junk');
      expect((await computeLayout(ring(60), { cacheDir })).cached).toBe(false);
    } finally { fs.rmSync(cacheDir, { recursive: true, force: true }); }
  });

  it('the hash changes with an edge, a key, or the iteration count', () => {
    const base = topologyHash(ring(10), 50, 42);
    const other = ring(10); other.target[3] = 7;
    const renamed = ring(10); renamed.keys[0] = 'm0';
    expect(new Set([base, topologyHash(other, 50, 42), topologyHash(renamed, 50, 42), topologyHash(ring(10), 60, 42)]).size).toBe(4);
  });

  it('runs in a worker for bigger graphs, with progress', async () => {
    const seen: number[] = [];
    const r = await computeLayout(ring(1600), { cacheDir: false, iterations: 20, onProgress: (d) => seen.push(d) });
    expect(r.positions.length).toBe(3200);
    expect(r.positions.every(Number.isFinite)).toBe(true);
    expect(seen.at(-1)).toBe(20);
  }, 30_000);

  it('a changed vault keeps its last layout: old nodes stay, a new one goes by its neighbour, no FA2', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-layout-'));
    try {
      const a = await computeLayout(ring(60), { cacheDir, vault: '/some/vault' });
      const grown = ring(61); grown.target[59] = 60; grown.target[60] = 0; // n60 joins the ring between n59 and n0
      const b = await computeLayout(grown, { cacheDir, vault: '/some/vault' });
      expect(b).toMatchObject({ cached: false, carried: true });
      expect([...b.positions.subarray(0, 120)]).toEqual([...a.positions]);
      const mid = { x: (a.positions[118]! + a.positions[0]!) / 2, y: (a.positions[119]! + a.positions[1]!) / 2 };
      expect(Math.hypot(b.positions[120]! - mid.x, b.positions[121]! - mid.y)).toBeLessThan(visibleOffset([...Array(60)].map((_, i) => ({ x: a.positions[2 * i]!, y: a.positions[2 * i + 1]! }))) * 1.01);
      // Another vault, or a graph mostly new, is laid out afresh.
      expect((await computeLayout(grown, { cacheDir, vault: '/other/vault' })).carried).toBeUndefined();
      const renamed = ring(60); renamed.keys.forEach((_k, i) => { if (i % 3) renamed.keys[i] = `m${i}`; });
      expect((await computeLayout(renamed, { cacheDir, vault: '/some/vault' })).carried).toBeUndefined();
    } finally { fs.rmSync(cacheDir, { recursive: true, force: true }); }
  });

  it('big graphs start from a coarse layout of their best-linked nodes (deterministic)', () => {
    // A star of stars: 30 hubs on a ring, 20 leaves each; the coarse layout holds the hubs only.
    const edges: number[] = [];
    for (let h = 0; h < 30; h++) {
      edges.push(h, (h + 1) % 30);
      for (let l = 0; l < 20; l++) edges.push(h, 30 + h * 20 + l);
    }
    const job = { nodes: 630, edges: Uint32Array.from(edges), iterations: 30, seed: 1, settings: layoutSettings(630), coarse: { nodes: 30, iterations: 50 } };
    const seen: number[] = [];
    const a = runLayout(job, (d) => seen.push(d));
    expect(seen.at(-1)).toBe(80);
    expect([...runLayout(job)]).toEqual([...a]);
    // Each leaf lies nearer its own hub than the median hub does.
    const d = (u: number, v: number) => Math.hypot(a[2 * u]! - a[2 * v]!, a[2 * u + 1]! - a[2 * v + 1]!);
    const hubSpan = [...Array(30)].map((_, h) => d(h, (h + 15) % 30)).sort((x, y) => x - y)[15]!;
    for (let h = 0; h < 30; h++) for (let l = 0; l < 20; l++) expect(d(h, 30 + h * 20 + l)).toBeLessThan(hubSpan / 2);
  });
});

describe('placeNear', () => {
  const g = new Graph();
  for (const k of ['a', 'b', 'c', 'new', 'lonely']) g.addNode(k);
  g.addEdge('new', 'a'); g.addEdge('b', 'new'); g.addEdge('new', 'c');
  const pos = new Map<string, Point>([['a', { x: 0, y: 0 }], ['b', { x: 10, y: 0 }]]);

  it('puts a node at the barycentre of its positioned neighbours, within the jitter', () => {
    const p = placeNear(g, 'new', pos);
    expect(Math.hypot(p.x - 5, p.y)).toBeLessThanOrEqual(1);
    expect(placeNear(g, 'new', pos)).toEqual(p); // seeded by the key
    expect(placeNear(g, 'new', pos, 0)).toEqual({ x: 5, y: 0 });
  });

  it('a node with no positioned neighbour goes near the origin', () => {
    const p = placeNear(g, 'lonely', pos);
    expect(Math.hypot(p.x, p.y)).toBeLessThanOrEqual(10);
  });

  it('carryPositions keeps known nodes and places new ones by their neighbours', () => {
    const out = carryPositions(g, ['a', 'b', 'c', 'new'], pos);
    expect([out[0], out[1], out[2], out[3]]).toEqual([0, 0, 10, 0]);
    // c is only linked to `new`, which is placed first: c follows it.
    expect(Math.hypot(out[4]! - out[6]!, out[5]! - out[7]!)).toBeLessThanOrEqual(1.5);
  });
});

describe('makePayload', () => {
  it('carries the layout info and keeps positions on an update', async () => {
    const g = sample();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-payload-'));
    try {
      const p = await makePayload(g as never, { layout: { cacheDir } });
      expect(p.positions).toHaveLength(2 * g.order);
      expect(p.layout?.cached).toBe(false);
      g.addNode('01-博客/new', { kind: 'note', label: 'new', path: '01-博客/new.md', folder: '01-博客' });
      g.addEdge('01-博客/new', '01-博客/a', { relation: 'link', label: 'link', count: 1 });
      const prev = new Map(g.nodes().slice(0, 6).map((k, i) => [k, { x: p.positions![2 * i]!, y: p.positions![2 * i + 1]! }]));
      const q = await makePayload(g as never, { previous: prev });
      expect(Array.from(q.positions!).slice(0, 12)).toEqual(p.positions);
      // Beside its only neighbour, seen: 0.7–1 × 2 % of the layout's extent away (place.ts), not under it.
      const [ax, ay] = [p.positions![0]!, p.positions![1]!];
      const spread = visibleOffset([...prev.values()]);
      const dist = Math.hypot(q.positions![12]! - ax, q.positions![13]! - ay);
      expect(spread).toBeGreaterThan(1);
      expect(dist).toBeGreaterThanOrEqual(0.69 * spread);
      expect(dist).toBeLessThanOrEqual(1.01 * spread);
    } finally { fs.rmSync(cacheDir, { recursive: true, force: true }); }
  });
});

describe('the compact payload\'s edge fields', () => {
  /** Edges given in `order` (by source, the payload's order is a → b → c); `with`: what each carries. */
  function chain(order: Array<[string, string, { count?: number; description?: string }]>): Graph {
    const g = new Graph({ type: 'directed', multi: true });
    for (const k of ['a', 'b', 'c']) g.addNode(k, { kind: 'note' });
    for (const [s, t, a] of order) g.addEdge(s, t, { relation: 'cites', label: '引用', count: 1, ...a });
    return g;
  }
  it('count and description come in the order of their first edge in the payload, however the edges came', () => {
    const countFirst = encodeCompact(chain([['b', 'c', { description: '说明' }], ['a', 'b', { count: 2 }]]));
    expect(Object.keys(countFirst).filter((k) => k === 'count' || k === 'description')).toEqual(['count', 'description']);
    expect([countFirst.count, countFirst.description]).toEqual([{ 0: 2 }, { 1: '说明' }]);
    const textFirst = encodeCompact(chain([['b', 'c', { count: 3 }], ['a', 'b', { description: '说明' }]]));
    expect(Object.keys(textFirst).filter((k) => k === 'count' || k === 'description')).toEqual(['description', 'count']);
  });
  it('descriptions can be left out as they are encoded (serve sends them when shown)', () => {
    const g = chain([['a', 'b', { description: '说明', count: 2 }]]);
    const { description, ...rest } = encodeCompact(g);
    expect(description).toEqual({ 0: '说明' });
    expect(encodeCompact(g, { meta: 'none', noDescriptions: true })).toEqual(rest);
  });
});
