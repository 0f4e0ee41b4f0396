// The incremental view update (filters.ts updateVisibility, fed by live.ts trackChanges) gives what
// computeVisibility gives from scratch, on random graphs, view states and sequences of changes.

import Graph from 'graphology';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeVisibility, relationInfo, updateVisibility, type VaultGraph, type Visibility } from '../web/model/filters.ts';
import { liveRelations, trackChanges } from '../web/model/live.ts';
import { defaultState } from '../web/model/state.ts';
import type { NodeKind, VaultNode } from '../src/viewer/payload.ts';

const KINDS: NodeKind[] = ['note', 'topic', 'tag', 'unresolved', 'attachment'];
const RELATIONS = ['cites', 'link', 'topic', 'tag'];
const FOLDERS = ['a', 'a/x', 'b'];

const attrs = (key: string, kind: NodeKind, folder: string): VaultNode =>
  ({ kind, label: key, path: key, folder: kind === 'tag' || kind === 'unresolved' ? '' : folder, inDegree: 0, outDegree: 0 }) as VaultNode;

const plain = (v: Visibility) => ({
  nodes: [...v.nodes].sort(), edges: [...v.edges].sort(), kinds: v.kinds,
  relations: Object.fromEntries([...v.relations].sort()),
});

type Op = { op: 'addNode' | 'dropNode' | 'kind' | 'addEdge' | 'dropEdge'; a: number; b: number; k: number };
const opArb = fc.record({ op: fc.constantFrom('addNode', 'dropNode', 'kind', 'addEdge', 'dropEdge'), a: fc.nat(12), b: fc.nat(12), k: fc.nat(20) }) as fc.Arbitrary<Op>;

function apply(g: VaultGraph, o: Op): void {
  const key = `n${o.a}`, other = `n${o.b}`;
  if (o.op === 'addNode' && !g.hasNode(key)) g.addNode(key, attrs(key, KINDS[o.k % KINDS.length]!, FOLDERS[o.k % FOLDERS.length]!));
  if (o.op === 'dropNode' && g.hasNode(key)) g.dropNode(key);
  if (o.op === 'kind' && g.hasNode(key)) g.replaceNodeAttributes(key, attrs(key, KINDS[o.k % KINDS.length]!, FOLDERS[o.b % FOLDERS.length]!));
  if (o.op === 'addEdge' && g.hasNode(key) && g.hasNode(other)) {
    const relation = RELATIONS[o.k % RELATIONS.length]!;
    const e = `${relation}:${key}->${other}`;
    if (!g.hasEdge(e)) g.addEdgeWithKey(e, key, other, { relation, label: relation, count: 1, origin: 'body', occurrences: [] } as never);
  }
  if (o.op === 'dropEdge' && g.size > 0) g.dropEdge(g.edges()[o.k % g.size]!);
}

describe('updateVisibility', () => {
  it('equals computeVisibility after any sequence of changes', () => {
    fc.assert(fc.property(
      fc.array(fc.nat(20), { minLength: 13, maxLength: 13 }), fc.array(fc.tuple(fc.nat(12), fc.nat(12), fc.nat(3)), { minLength: 5, maxLength: 30 }),
      fc.array(fc.array(opArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
      fc.record({ showOrphans: fc.boolean(), folder: fc.constantFrom('', 'a', 'b'), filter: fc.constantFrom('', 'n1', 'path:n2'),
        hiddenKinds: fc.subarray(KINDS), hiddenRelations: fc.subarray(RELATIONS) }),
      (kinds, links, rounds, f) => {
        const g: VaultGraph = new Graph({ type: 'directed', multi: true });
        kinds.forEach((k, a) => apply(g, { op: 'addNode', a, b: 0, k }));
        for (const [a, b, k] of links) apply(g, { op: 'addEdge', a, b, k });
        const s = { ...defaultState(), ...f, hiddenKinds: new Set(f.hiddenKinds), hiddenRelations: new Set(f.hiddenRelations) };
        const vis = computeVisibility(g, s);
        const tracker = trackChanges(g);
        for (const round of rounds) {
          for (const o of round) apply(g, o);
          expect(updateVisibility(g, s, vis, tracker.changes)).not.toBeNull();
          tracker.clear();
          expect(plain(vis)).toEqual(plain(computeVisibility(g, s)));
        }
      }), { numRuns: 500 });
  });

  it('declines a local graph (it reads the whole graph): null', () => {
    const g: VaultGraph = new Graph({ type: 'directed', multi: true });
    g.addNode('n1', attrs('n1', 'note', 'a'));
    const s = { ...defaultState(), selected: 'n1', depth: 1 };
    expect(updateVisibility(g, s, computeVisibility(g, s), trackChanges(g).changes)).toBeNull();
  });
});

describe('liveRelations', () => {
  it('equals relationInfo whenever it is read, first read before or after any sequence of changes, relabelled edges too', () => {
    fc.assert(fc.property(
      fc.array(fc.nat(20), { minLength: 13, maxLength: 13 }), fc.array(fc.tuple(fc.nat(12), fc.nat(12), fc.nat(3)), { minLength: 0, maxLength: 30 }),
      fc.array(fc.record({ ops: fc.array(opArb, { maxLength: 6 }), relabel: fc.option(fc.nat(40)), read: fc.boolean() }), { minLength: 1, maxLength: 6 }),
      (kinds, links, rounds) => {
        const g: VaultGraph = new Graph({ type: 'directed', multi: true });
        kinds.forEach((k, a) => apply(g, { op: 'addNode', a, b: 0, k }));
        for (const [a, b, k] of links) apply(g, { op: 'addEdge', a, b, k });
        const live = liveRelations(g);
        for (const round of rounds) {
          for (const o of round.ops) apply(g, o);
          if (round.relabel !== null && g.size > 0) g.mergeEdgeAttributes(g.edges()[round.relabel % g.size]!, { label: `label ${round.relabel % 3}` });
          if (round.read) expect(live()).toEqual(relationInfo(g));
        }
        expect(live()).toEqual(relationInfo(g));
        g.clearEdges();
        expect(live()).toEqual(relationInfo(g));
      }), { numRuns: 300 });
  });
});
