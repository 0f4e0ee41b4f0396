// The page's node and edge keys, and their vault keys: the one place that says how a graph key is
// made and what vault key (`01-博客/X/Title`, `#tag`) it stands for. Pure.
//
// A compact payload's node i is keyed "i" and its edge j "j" (to-graph.ts, pending.ts, timeline.ts).
// sigma 3.0.3 keeps its per-item data in plain objects keyed by graph keys and looks both ends of
// every edge up there; V8 keeps integer-like keys as array elements and any other string (a path,
// even `n123`) in a hash dictionary. At 100k notes the first frame took 11.5 s with vault keys and
// 5.9 s with index keys in the same run (docs/viewer-100k.md, scripts/viewer-floor.ts).
//
// Whatever crosses the page's edge speaks vault keys — the URL (`n=`, `pa=`, `pb=`), the server's
// `api/node` and `api/edge-text`, watch-mode deltas, `serve --diff`, the offline page's excerpts —
// and goes through `keysOf(graph)` here. A graph from a bare graphology export keeps its own keys
// (IDENTITY).

import type { VaultGraph } from './graph.ts';

/** The key of payload index i, node or edge ("12"); keyIndex reads it back. */
export const indexKey = (i: number): string => String(i);
/** Node i of a compact payload. */
export const nodeKeyAt = indexKey;
/** Edge j of a compact payload: the key it has in the graph, loaded at open or later (pending.ts). */
export const edgeKeyAt = indexKey;
/**
 * The payload index of a compact key ("12" → 12; indexKey's form: digits, no leading zero, at
 * most 9), or -1 for any other key. A loop, not a regular expression: KeySet asks
 * it for every node and edge the visibility holds.
 */
export function keyIndex(key: string): number {
  const n = key.length;
  if (n === 0 || n > 9 || (n > 1 && key.charCodeAt(0) === 48)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = key.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
/** The payload index of a compact key ("12" → 12), or null for any other key (a watch-mode edge, a ghost). */
function indexOfKey(key: string): number | null {
  const i = keyIndex(key);
  return i < 0 ? null : i;
}
/** The payload index of a compact edge key, or null for any other edge (a watch-mode edge, a ghost). */
export const edgeIndexOf = indexOfKey;

export interface NodeKeys {
  /** The vault key of a graph node. */
  vault(node: string): string;
  /** The graph key of a vault key the page knows (it may have been dropped since), or undefined. */
  node(vault: string): string | undefined;
  /** The graph key for a vault key, made when new to the page (a note created in watch mode, a diff's ghost). */
  add(vault: string): string;
}

/** Graph keys that are the vault keys (a bare graphology export, tests' own graphs). */
export const IDENTITY: NodeKeys = { vault: (k) => k, node: (k) => k, add: (k) => k };

/** The graph keys of those vault keys the page knows, in order (the others left out). */
export function knownNodes(keys: NodeKeys, vaultKeys: readonly string[]): string[] {
  return vaultKeys.flatMap((v) => { const k = keys.node(v); return k === undefined ? [] : [k]; });
}

/** Edges with their `source` and `target` in graph keys; an edge with an end the page lacks is left out. */
export function knownEnds<T extends { source: string; target: string }>(keys: NodeKeys, edges: readonly T[]): T[] {
  return edges.flatMap((e) => {
    const source = keys.node(e.source), target = keys.node(e.target);
    return source === undefined || target === undefined ? [] : [{ ...e, source, target }];
  });
}

const registry = new WeakMap<VaultGraph, NodeKeys>();

/** The keys of a graph built by to-graph.ts, or IDENTITY for any other graph. */
export function keysOf(graph: VaultGraph): NodeKeys {
  return registry.get(graph) ?? IDENTITY;
}

/**
 * Index keys for `graph`: `vaultKeys[i]` is node i's vault key (the array is kept and grows as
 * `add` makes keys). The reverse index is built on the first lookup: opening the page needs none.
 */
export function useIndexKeys(graph: VaultGraph, vaultKeys: string[]): NodeKeys {
  let index: Map<string, number> | null = null;
  const lookup = () => {
    if (!index) { index = new Map(); vaultKeys.forEach((k, i) => index!.set(k, i)); }
    return index;
  };
  const keys: NodeKeys = {
    vault: (node) => {
      const i = indexOfKey(node);
      return i !== null && i < vaultKeys.length ? vaultKeys[i]! : node;
    },
    node: (vault) => { const i = lookup().get(vault); return i === undefined ? undefined : nodeKeyAt(i); },
    add: (vault) => {
      const known = keys.node(vault);
      if (known !== undefined) return known;
      lookup().set(vault, vaultKeys.length);
      vaultKeys.push(vault);
      return nodeKeyAt(vaultKeys.length - 1);
    },
  };
  registry.set(graph, keys);
  return keys;
}
