// findPaths (src/query/paths.ts): all shortest paths over chosen relations, typed relations by
// default, direction ignored unless asked, topics and missing notes not passed through, `max` kept.

import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { findPaths, pathGraphOf, type PathOptions } from '../src/query/paths.ts';
import type { VaultGraph } from '../src/core/graph.ts';

function graph(): VaultGraph {
  const g = new Graph({ type: 'directed', multi: true }) as unknown as VaultGraph;
  const node = (k: string, kind = 'note') => g.addNode(k, { kind, label: k, path: `${k}.md`, folder: '', inDegree: 0, outDegree: 0 } as never);
  for (const k of ['a', 'b', 'c', 'd', 'e', 'f']) node(k);
  node('T', 'topic');
  node('gone', 'unresolved');
  const edge = (s: string, t: string, relation: string, description?: string) =>
    g.addEdge(s, t, { relation, label: relation, count: 1, origin: 'body', occurrences: [], ...(description && { description }) } as never);
  edge('a', 'b', 'cites', 'a cites b');
  edge('b', 'c', 'explains');
  edge('d', 'a', 'contradicts', 'd disagrees with a'); // points against a walk from a
  edge('d', 'c', 'agrees');
  edge('a', 'c', 'link'); // a plain link: not walked by default
  edge('a', 'T', 'topic');
  edge('e', 'T', 'topic');
  edge('e', 'gone', 'cites');
  edge('f', 'gone', 'cites'); // e and f only meet at a missing note
  edge('a', 'b', 'further-reading'); // a second relation between a and b: cites is shown
  return g;
}

const keys = (o: PathOptions, from = 'a', to = 'c') => findPaths(pathGraphOf(graph()), from, to, o).map((p) => p.nodes.join('>'));

describe('findPaths', () => {
  it.each<[string, PathOptions, string, string, string[]]>([
    ['typed relations, either way: every shortest path', {}, 'a', 'c', ['a>b>c', 'a>d>c']],
    ['directed: only along the links', { directed: true }, 'a', 'c', ['a>b>c']],
    ['max 1', { max: 1 }, 'a', 'c', ['a>b>c']],
    ['--via link: the plain link is one step', { via: ['link'] }, 'a', 'c', ['a>c']],
    ['topics are left out by default', {}, 'a', 'e', []],
    ['--via topic passes through a topic', { via: ['topic'] }, 'a', 'e', ['a>T>e']],
    ['a missing note joins nothing', {}, 'e', 'f', []],
    ['unknown end', {}, 'a', 'zzz', []],
    ['directed, against the links', { directed: true }, 'c', 'a', []],
  ])('%s', (_what, o, from, to, expected) => {
    expect(keys(o, from, to)).toEqual(expected);
  });

  it('each step is the edge as written, with its relation and 说明; of parallel links the typed-first one', () => {
    const [viaB, viaD] = findPaths(pathGraphOf(graph()), 'a', 'c');
    expect(viaB!.edges[0]).toMatchObject({ source: 'a', target: 'b', relation: 'cites', description: 'a cites b' });
    expect(viaB!.edges[1]).toMatchObject({ source: 'b', target: 'c', relation: 'explains' });
    expect(viaD!.edges[0]).toMatchObject({ source: 'd', target: 'a', relation: 'contradicts', description: 'd disagrees with a' });
  });
});
