// The FA2 port (fa2.ts) computes graphology's iterate bit for bit, the threaded repulsion
// (layout-threads.ts) gives the same positions as one thread, and the layout started before the
// payload is encoded (html.ts layoutTopology) sees the very graph the payload holds: the layout
// cache and the picture depend neither on the machine's cores nor on the overlap.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { buildTree, edgeFactors, finishStep, makeRegions, PPE, PPN, repulse, resetForces } from '../src/viewer/fa2.ts';
import { layoutSettings } from '../src/viewer/layout-core.ts';
import { computeLayout, relationWeight, type Topology } from '../src/viewer/layout.ts';
import { encodeCompact, keyOf, type CompactGraph } from '../src/viewer/compact.ts';
import { layoutTopology, makePayload, round } from '../src/viewer/html.ts';
import { buildServeModel } from '../src/viewer/serve-model.ts';
import type { LiveGraph } from '../src/viewer/viewer-data.ts';
import { mulberry32 } from '../src/core/random.ts';

const iterate = createRequire(import.meta.url)('graphology-layout-forceatlas2/iterate.js') as (s: object, n: Float32Array, e: Float32Array) => void;

/** A seeded graph with hubs (skewed targets), mixed weights, and a few nodes on the same spot. */
function graph(n: number, m: number, seed: number): Topology {
  const r = mulberry32(seed);
  const source: number[] = [], target: number[] = [], weight: number[] = [];
  for (let j = 0; j < m; j++) {
    const a = Math.floor(r() * n), b = Math.floor(r() ** 3 * n);
    if (a !== b) { source.push(a); target.push(b); weight.push([1, 3, 0.2][j % 3]!); }
  }
  return { keys: Array.from({ length: n }, (_, i) => `n${i}`), source, target, weight };
}

function matrices(t: Topology): { N: Float32Array; E: Float32Array } {
  const n = t.keys.length, m = t.source.length, r = mulberry32(42);
  const N = new Float32Array(n * PPN), E = new Float32Array(m * PPE);
  for (let i = 0; i < n; i++) {
    // Every tenth node shares its spot with the one before: the quadtree's "out of precision" case.
    const o = i * PPN, rad = Math.sqrt(r()) * 100, a = r() * 2 * Math.PI;
    N[o] = i % 10 === 1 ? N[o - PPN]! : rad * Math.cos(a); N[o + 1] = i % 10 === 1 ? N[o - PPN + 1]! : rad * Math.sin(a);
    N[o + 6] = 1; N[o + 7] = 1; N[o + 8] = 1;
  }
  for (let j = 0; j < m; j++) {
    const s = t.source[j]! * PPN, d = t.target[j]! * PPN;
    E[j * PPE] = s; E[j * PPE + 1] = d; E[j * PPE + 2] = t.weight![j]!;
    N[s + 6]! += 1; N[d + 6]! += 1;
  }
  return { N, E };
}

describe('FA2 port (fa2.ts)', () => {
  for (const [n, m] of [[3000, 9000], [6000, 20000]] as const) {
    it(`matches graphology's iterate bit for bit (${n} nodes, θ ${layoutSettings(n).barnesHutTheta})`, () => {
      const t = graph(n, m, 7), s = layoutSettings(n);
      const lib = matrices(t), port = matrices(t);
      const R = makeRegions(n), ewc = edgeFactors(port.E, s);
      for (let k = 0; k < 8; k++) {
        iterate(s, lib.N, lib.E);
        resetForces(port.N); buildTree(port.N, R);
        // In two pieces, as two threads would: a node's sum does not depend on who does the others.
        repulse(port.N, R, s, Math.floor(n / 3), n); repulse(port.N, R, s, 0, Math.floor(n / 3));
        finishStep(port.N, port.E, ewc, s);
      }
      expect(Buffer.from(port.N.buffer).equals(Buffer.from(lib.N.buffer))).toBe(true);
    });
  }
});

describe('layout threads (layout-threads.ts)', () => {
  it('gives the same positions on 1, 2 and 3 threads', async () => {
    const t = graph(4000, 12000, 3);
    const runs = await Promise.all([1, 2, 3].map((threads) => computeLayout(t, { cacheDir: false, iterations: 30, threads })));
    const [one, ...more] = runs.map((r) => Buffer.from(r.positions.buffer, r.positions.byteOffset, r.positions.byteLength));
    for (const b of more) expect(b.equals(one!)).toBe(true);
    expect(runs[0]!.positions.every(Number.isFinite)).toBe(true);
  });
});

/** The topology as makePayload took it from the encoded payload before the overlap (the reference). */
function fromCompact(c: CompactGraph): Topology {
  const source: number[] = [];
  Array.from(c.out).forEach((k, s) => { for (let q = 0; q < k; q++) source.push(s); });
  return { keys: c.name.map((_n, i) => keyOf(c, i)), source, target: Array.from(c.target), weight: Array.from(c.rel, (r) => relationWeight(c.rels[r]![0])) };
}

const plain = (t: Topology) => ({ keys: [...t.keys], source: Array.from(t.source), target: Array.from(t.target), weight: Array.from(Float32Array.from(t.weight!)) });

describe('layout overlapped with the payload (html.ts layoutTopology)', () => {
  it('sees the payload\'s graph: nodes in order, edges grouped by source however they were added', () => {
    const g = new Graph({ type: 'directed', multi: true });
    const r = mulberry32(5), rel = ['cites', 'topic', 'tag', 'link', 'related'];
    const keys = Array.from({ length: 40 }, (_, i) => `d${i % 3}/n${i}`);
    for (const k of keys) g.addNode(k, { kind: 'note', path: `${k}.md` });
    for (let j = 0; j < 150; j++) {
      const a = keys[Math.floor(r() * 40)]!, b = keys[Math.floor(r() * 40)]!;
      if (a !== b) g.addEdge(a, b, { relation: rel[j % 5], label: rel[j % 5], count: 1 });
    }
    const c = encodeCompact(g as unknown as LiveGraph, { meta: 'none' });
    expect(plain(layoutTopology(g as unknown as LiveGraph))).toEqual(plain(fromCompact(c)));
  });

  it('the serve model gives the same topology from its columns', async () => {
    for (const name of ['relations', 'topic-vault', 'bad-input']) {
      const { model } = await buildServeModel(path.join(import.meta.dirname, 'fixtures', name));
      try {
        const generic = layoutTopology({ ...model, topology: undefined } as unknown as LiveGraph);
        expect(plain(model.topology())).toEqual(plain(generic));
        expect(plain(generic)).toEqual(plain(fromCompact(encodeCompact(model, { meta: 'none' }))));
      } finally { model.close(); }
    }
  });

  it('makePayload\'s positions are those of the payload\'s graph laid out on its own', async () => {
    const t = graph(1800, 5000, 9);
    const g = new Graph({ type: 'directed', multi: true });
    for (const k of t.keys) g.addNode(k, { kind: 'note', path: `${k}.md` });
    // Added by target, so that the payload has to regroup them by source.
    const order = Array.from(t.source, (_s, j) => j).sort((a, b) => t.target[a]! - t.target[b]! || a - b);
    for (const j of order) g.addEdge(t.keys[t.source[j]!]!, t.keys[t.target[j]!]!, { relation: t.weight![j] === 3 ? 'cites' : t.weight![j] === 1 ? 'link' : 'tag', count: 1 });
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-overlap-'));
    try {
      const p = await makePayload(g as unknown as LiveGraph, { layout: { cacheDir: false } });
      const alone = await computeLayout(fromCompact(p.graph as CompactGraph), { cacheDir });
      expect(p.positions).toEqual(round(alone.positions));
    } finally { fs.rmSync(cacheDir, { recursive: true, force: true }); }
  });
});
