// The graph model's rules, in one place: graphology's options, the edge key, the nodes the merge
// makes (attachment, unresolved, tag) with their keys and attributes, which nodes are `excluded`,
// and a node's final attributes (degrees and `excluded` in their canonical order). The in-memory
// graph (graph.ts), the streamed JSON (pack.ts, build/write-json.ts) and the live vault
// (live/incremental.ts) all call these; none spells a key or an attribute itself.

import { folderOf } from './paths.ts';
import type { NodeAttributes, NodeKind } from './types.ts';

/** Where an edge points, before the merge step gives the target its node key. */
export type TargetRef =
  | { kind: 'path'; path: string } // a note or an attachment that exists
  | { kind: 'missing'; written: string } // an unresolved linkpath, `.md` dropped
  | { kind: 'tag'; name: string }; // a tag, as written (no `#`)

/** graphology options of every vaultgraph graph (and the `options` of its JSON). */
export const GRAPH_OPTIONS = { type: 'directed', multi: true, allowSelfLoops: false } as const;

/** The parts an edge key is made of: `relation` `:` `source` `->` `target`. */
export const EDGE_KEY_RELATION_END = ':';
export const EDGE_KEY_ARROW = '->';

/**
 * An edge's key: `cites:01-博客/A->01-博客/B`. Concatenation only, so the JSON-escaped key is the
 * key of the JSON-escaped parts (the streamed writers rely on it). Keys whose source or target
 * holds "->" can collide (`a->b` + `c` vs `a` + `b->c`); the merge adds `#n` to those.
 */
export function edgeKey(relation: string, source: string, target: string): string {
  return `${relation}${EDGE_KEY_RELATION_END}${source}${EDGE_KEY_ARROW}${target}`;
}

/** A node key holding the arrow makes edge keys that can collide; the merge suffixes those. */
export function keyMayCollide(nodeKey: string): boolean {
  return nodeKey.includes(EDGE_KEY_ARROW);
}

/**
 * Edge keys handed out in edge order: edgeKey, with `#2`, `#3`… added where a key whose source or
 * target holds "->" is already taken. The merge keys the graph's edges with it, and a reader of
 * the lean graph JSON (no keys written) gets the same keys back by walking the edges in order.
 */
export class EdgeKeys {
  private readonly arrowKeys = new Set<string>();
  next(relation: string, source: string, target: string): { key: string; suffixed: boolean } {
    let key = edgeKey(relation, source, target);
    if (!keyMayCollide(source) && !keyMayCollide(target)) return { key, suffixed: false };
    let suffixed = false;
    if (this.arrowKeys.has(key)) { const base = key; for (let n = 2; this.arrowKeys.has(key); n++) key = `${base}#${n}`; suffixed = true; }
    this.arrowKeys.add(key);
    return { key, suffixed };
  }
}

/**
 * How much of each edge the graph JSON holds. `lean` (the default): no edge keys (a reader derives
 * them: EdgeKeys) and no occurrences (`count` and `origin` say how often and where); `full`: keys and every occurrence
 * (raw text, line, column, alias, subpath, origin), exactly graphology's `graph.export()`.
 */
export type GraphDetail = 'lean' | 'full';
export const GRAPH_DETAILS: readonly GraphDetail[] = ['lean', 'full'];

/**
 * The lean graph JSON's defaults (graph-json.ts): a value equal to its default is left out of the
 * file and filled back by readGraphJson. Part of the file format: frozen, whatever the options say.
 *   edge relation by the target's kind: `tag` for an edge to a tag, `topic` for any other (defaultRelation)
 *   edge label    the vault's default word for the relation (below), else the relation's own name
 *   node label    the key's last segment (a tag: the key)
 *   node path     a note or topic: key + ".md"; any other node: the key
 *   node folder   the folder of the path (a tag: "")
 */
const LEAN_EDGE_LABELS: Readonly<Record<string, string>> = {
  topic: '关联主题', cites: '引用', explains: '解说', 'further-reading': '延伸思考', agrees: '观点一致',
  contradicts: '观点相悖', 'same-event': '同一事件', 'upstream-downstream': '上下游', 'version-evolution': '版本演进',
};
/**
 * The relation a lean edge without one has: membership, read from the target's kind. Topic and tag
 * edges are three quarters of a vault's edges, so leaving their relation out is most of what keeps
 * the lean file near 180 bytes an edge (docs/graph-json.md); a `tag` field link to a note, or a
 * `topic` edge to a tag, would not match and keeps its relation written.
 */
export function defaultRelation(targetIsTag: boolean): 'tag' | 'topic' {
  return targetIsTag ? 'tag' : 'topic';
}
export function defaultEdgeLabel(relation: string): string {
  return Object.hasOwn(LEAN_EDGE_LABELS, relation) ? LEAN_EDGE_LABELS[relation]! : relation;
}
export function defaultNodeLabel(kind: string, key: string): string {
  return kind === 'tag' ? key : key.slice(key.lastIndexOf('/') + 1) || key;
}
export function defaultNodePath(kind: string, key: string): string {
  return kind === 'note' || kind === 'topic' ? `${key}.md` : key;
}
export function defaultNodeFolder(kind: string, path: string): string {
  return kind === 'tag' ? '' : folderOf(path);
}

/** Node attributes before the degrees are known. */
export type MadeAttributes = Omit<NodeAttributes, 'inDegree' | 'outDegree'>;

/** What makes two references one made node: `/path`, `?linkpath` lowercased, `#tag` lowercased. */
export function madeIdentity(ref: TargetRef): string {
  return ref.kind === 'path' ? `/${ref.path}` : ref.kind === 'missing' ? `?${ref.written.toLowerCase()}` : `#${ref.name.toLowerCase()}`;
}

/**
 * A node the merge makes for an edge's target: its wanted key, the path that names it in a
 * duplicate-key message, its attributes, and its identity (madeIdentity).
 *   attachment  key = vault path with extension
 *   unresolved  key = the linkpath as first written (`.md` dropped); label its last segment
 *   tag         key = `#` + the tag lowercased; label as first written
 */
export function madeNode(ref: TargetRef): { key: string; claimPath: string; identity: string; attributes: MadeAttributes } {
  switch (ref.kind) {
    case 'path': {
      const p = ref.path;
      return { key: p, claimPath: p, identity: madeIdentity(ref), attributes: { kind: 'attachment', label: p.slice(p.lastIndexOf('/') + 1), path: p, folder: folderOf(p) } };
    }
    case 'missing': {
      const w = ref.written;
      return { key: w, claimPath: `${w} (unresolved)`, identity: madeIdentity(ref), attributes: { kind: 'unresolved', label: w.slice(w.lastIndexOf('/') + 1) || w, path: w, folder: folderOf(w) } };
    }
    case 'tag': {
      const key = `#${ref.name.toLowerCase()}`;
      return { key, claimPath: key, identity: madeIdentity(ref), attributes: { kind: 'tag', label: `#${ref.name}`, path: key, folder: '' } };
    }
  }
}

/** Obsidian's "Excluded files" apply to files (notes, topics, attachments), never to made names. */
export function isExcludedNode(kind: NodeKind, path: string, isExcluded: ((vaultPath: string) => boolean) | undefined): boolean {
  return isExcluded !== undefined && (kind === 'note' || kind === 'topic' || kind === 'attachment') && isExcluded(path);
}

/** A node's final attributes, in the order of the byte-identical JSON: kind … tags, inDegree, outDegree, excluded. */
export function nodeAttributes(base: MadeAttributes, inDegree: number, outDegree: number, isExcluded?: (vaultPath: string) => boolean): NodeAttributes {
  const attributes: NodeAttributes = { ...base, inDegree, outDegree };
  if (isExcludedNode(base.kind, base.path, isExcluded)) attributes.excluded = true;
  return attributes;
}

/**
 * The same as JSON text, from the base attributes' JSON (`{"kind":…}` as JSON.stringify wrote it):
 * what the streamed writer emits without parsing the JSON back.
 */
export function nodeAttributesJson(baseJson: string, kind: NodeKind, path: string, inDegree: number, outDegree: number, isExcluded?: (vaultPath: string) => boolean): string {
  return `${baseJson.slice(0, -1)}${degreesJsonTail(kind, path, inDegree, outDegree, isExcluded)}`;
}

/** What nodeAttributesJson puts in place of the base JSON's closing `}`: the degrees, `excluded` when it is, and the `}`. */
export function degreesJsonTail(kind: NodeKind, path: string, inDegree: number, outDegree: number, isExcluded?: (vaultPath: string) => boolean): string {
  return `,"inDegree":${inDegree},"outDegree":${outDegree}${isExcludedNode(kind, path, isExcluded) ? ',"excluded":true' : ''}}`;
}
