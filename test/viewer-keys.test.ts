// The page's node keys (web/model/keys.ts): a compact payload's nodes and edges are keyed by index
// (sigma's per-item objects stay arrays in V8), and whatever crosses the page's edge — the URL, the
// server's deltas and diffs, link resolution — speaks vault keys, translated in one place.

import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { encodeCompact, type GraphSource } from '../src/viewer/compact.ts';
import type { ViewerPayload } from '../src/viewer/payload.ts';
import type { ViewerDiff } from '../src/viewer/diff-payload.ts';
import { edgeIndexOf, edgeKeyAt, IDENTITY, keysOf, nodeKeyAt } from '../web/model/keys.ts';
import { toGraph } from '../web/model/to-graph.ts';
import { decodeState, defaultState, encodeState, mapStateKeys } from '../web/model/state.ts';
import { deltaInGraphKeys, patchGraph } from '../web/model/live.ts';
import { makeResolver } from '../web/model/note-links.ts';
import { diffInGraphKeys } from '../web/model/diff.ts';

/** Notes whose vault keys look like the page's own ("1", "0"), a note in a folder, a missing link. */
function payload(): ViewerPayload {
  const g = new Graph({ type: 'directed', multi: true });
  const add = (key: string, kind = 'note') => g.addNode(key, { kind, label: key.slice(key.lastIndexOf('/') + 1),
    path: kind === 'unresolved' ? key : `${key}.md`, folder: key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '' });
  add('1'); add('0'); add('notes/a'); add('missing', 'unresolved');
  g.addEdge('notes/a', '1', { relation: 'cites', label: '引用', count: 1 });
  g.addEdge('1', '0', { relation: 'link', label: 'link', count: 1 });
  g.addEdge('notes/a', 'missing', { relation: 'link', label: 'link', count: 1 });
  return { vaultName: 'v', graph: encodeCompact(g as unknown as GraphSource) };
}

describe('index keys (web/model/keys.ts)', () => {
  it('keys node i "i" and edge j "j", and tells each node\'s vault key, even a vault key that looks like an index', () => {
    const { graph } = toGraph(payload());
    const keys = keysOf(graph);
    expect(graph.nodes()).toEqual(graph.nodes().map((_k, i) => nodeKeyAt(i)));
    expect(graph.edges().every((e) => edgeIndexOf(e) !== null)).toBe(true);
    expect(graph.nodes().map(keys.vault).sort()).toEqual(['0', '1', 'missing', 'notes/a']);
    for (const v of ['0', '1', 'missing', 'notes/a']) expect(keys.vault(keys.node(v)!)).toBe(v);
    // The vault's "1" is not the page's node "1".
    expect(graph.getNodeAttribute(keys.node('1')!, 'path')).toBe('1.md');
    expect(keys.node('nope')).toBeUndefined();
  });

  it('makes a key for a vault key new to the page, once', () => {
    const { graph } = toGraph(payload());
    const keys = keysOf(graph);
    const k = keys.add('notes/new');
    expect(k).toBe(nodeKeyAt(4));
    expect(keys.add('notes/new')).toBe(k);
    expect(keys.add('notes/a')).toBe(keys.node('notes/a'));
    expect(keys.vault(k)).toBe('notes/new');
  });

  it('edge keys: an index, and nothing else is one', () => {
    expect(edgeIndexOf(edgeKeyAt(12))).toBe(12);
    for (const k of ['e12', '012', '1.5', '-1', 'cites:a->b', '']) expect(edgeIndexOf(k)).toBeNull();
  });

  it('a graph from a bare export keeps its own keys', () => {
    const g = new Graph({ type: 'directed', multi: true });
    g.addNode('x', { kind: 'note' });
    const { graph } = toGraph({ vaultName: 'v', graph: g.export() as never });
    expect(graph.nodes()).toEqual(['x']);
    expect(keysOf(graph)).toBe(IDENTITY);
  });

  it('the URL names the selection and a path\'s ends by vault key; one the page lacks is dropped', () => {
    const { graph } = toGraph(payload());
    const keys = keysOf(graph);
    const base = defaultState();
    const s = { ...base, selected: keys.node('1')!, path: { from: keys.node('notes/a')!, to: keys.node('0')!, topics: false, directed: true } };
    const hash = encodeState(mapStateKeys(s, keys.vault), base);
    expect(new URLSearchParams(hash).get('n')).toBe('1');
    expect(new URLSearchParams(hash).get('pa')).toBe('notes/a');
    const back = mapStateKeys(decodeState(hash, base), keys.node);
    expect([back.selected, back.path?.from, back.path?.to]).toEqual([s.selected, s.path.from, s.path.to]);
    const gone = mapStateKeys(decodeState('#n=nope&pa=notes/a&pb=nope', base), keys.node);
    expect([gone.selected, gone.path]).toEqual([null, null]);
  });

  it('a watch-mode delta in vault keys patches the right nodes, and a new note gets a new key', () => {
    const { graph } = toGraph(payload());
    const keys = keysOf(graph);
    patchGraph(graph, deltaInGraphKeys({
      addedNodes: [{ key: 'notes/b', attributes: { kind: 'note', label: 'b', path: 'notes/b.md', folder: 'notes' } }],
      droppedNodes: ['nope'], changedNodes: [{ key: '0', attributes: { kind: 'note', label: 'zero', path: '0.md', folder: '' } }],
      addedEdges: [{ key: 'link:notes/b->1', source: 'notes/b', target: '1', attributes: { relation: 'link', label: 'link', count: 1 } }],
      droppedEdges: [{ key: 'link:1->0', source: '1', target: '0', relation: 'link' }], changedEdges: [],
    }, keys));
    const [b, one, zero] = ['notes/b', '1', '0'].map((v) => keys.node(v)!);
    expect(graph.getNodeAttribute(zero, 'label')).toBe('zero');
    expect(graph.hasNode(b) && graph.getNodeAttribute(b, 'path')).toBe('notes/b.md');
    expect(graph.edges(b, one)).toHaveLength(1);
    expect(graph.edges(one, zero)).toEqual([]);
    expect(graph.order).toBe(5);
  });

  it('a link in a note resolves to the graph\'s key; a missing one to its placeholder\'s', () => {
    const { graph } = toGraph(payload());
    const keys = keysOf(graph);
    const resolve = makeResolver(graph);
    expect(resolve('1', 'notes/a.md')).toBe(keys.node('1'));
    expect(resolve('a', '0.md')).toBe(keys.node('notes/a'));
    expect(resolve('missing', 'notes/a.md')).toBe(keys.node('missing'));
    expect(resolve('3', 'notes/a.md')).toBeNull();
  });

  it('a diff in vault keys: ghosts get keys, ends the page lacks are left out, the old name of a rename stays', () => {
    const { graph } = toGraph(payload());
    const keys = keysOf(graph);
    const d: ViewerDiff = {
      since: 'HEAD~1', added: ['notes/a', 'nope'], changed: ['1'], renamed: [['old/1', '1']], removed: ['gone'],
      ghosts: [{ key: 'gone', kind: 'note', label: 'gone', path: 'gone.md', folder: '' }],
      edgesAdded: [['notes/a', '1', 'cites'], ['nope', '1', 'link']], edgesChanged: [['notes/a', '1', 'cites', null, '新']],
      edgesRemoved: [{ source: 'gone', target: '0', relation: 'link', label: 'link' }], brokenAdded: [['notes/a', 'missing']], brokenFixed: 0, orphansAdded: [],
    };
    const k = diffInGraphKeys(d, keys);
    const gone = keys.node('gone')!;
    expect(gone).toBe(nodeKeyAt(4));
    expect(k.ghosts.map((g) => g.key)).toEqual([gone]);
    expect(k.added).toEqual([keys.node('notes/a')]);
    expect(k.removed).toEqual([gone]);
    expect(k.renamed).toEqual([['old/1', keys.node('1')]]);
    expect(k.edgesAdded).toEqual([[keys.node('notes/a'), keys.node('1'), 'cites']]);
    expect(k.edgesChanged[0]!.slice(0, 3)).toEqual([keys.node('notes/a'), keys.node('1'), 'cites']);
    expect(k.edgesRemoved.map((e) => [e.source, e.target])).toEqual([[gone, keys.node('0')]]);
    expect(k.brokenAdded).toEqual([[keys.node('notes/a'), 'missing']]);
  });
});
