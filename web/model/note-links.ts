// A note's links as the panel shows them: a linkpath written in a note → the node it names, by the
// core's own Obsidian resolution (src/core/resolve.ts) over the page's nodes. Pure.

import { buildIndex, resolveLink, type ResolverIndex } from '../../src/core/resolve.ts';
import type { VaultGraph } from './filters.ts';
import { keysOf } from './keys.ts';

export type LinkResolver = (linkpath: string, sourcePath: string) => string | null;

/** Resolves like the build did; unresolved links map to their placeholder node when there is one. */
export function makeResolver(graph: VaultGraph): LinkResolver {
  let index: ResolverIndex | null = null;
  const keyByPath = new Map<string, string>();
  const ensure = (): ResolverIndex => {
    if (index) return index;
    const paths: string[] = [];
    graph.forEachNode((key, a) => {
      if (a.kind === 'note' || a.kind === 'topic' || a.kind === 'attachment') { paths.push(a.path); keyByPath.set(a.path, key); }
    });
    index = buildIndex(paths.sort());
    return index;
  };
  return (linkpath, sourcePath) => {
    const r = resolveLink(linkpath.normalize('NFC'), sourcePath, ensure());
    if (r.kind === 'resolved' || r.kind === 'ambiguous') return keyByPath.get(r.path) ?? null;
    // An unresolved link's placeholder is keyed by its linkpath in the vault.
    const placeholder = keysOf(graph).node(linkpath);
    return placeholder !== undefined && graph.hasNode(placeholder) && graph.getNodeAttribute(placeholder, 'kind') === 'unresolved' ? placeholder : null;
  };
}

/** `[[target#sub|alias]]` → its parts (the inside of the brackets). */
export function splitWikilink(inner: string): { target: string; subpath?: string; alias?: string } {
  const bar = inner.indexOf('|');
  const left = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  const alias = bar < 0 ? undefined : inner.slice(bar + 1).trim();
  const hash = left.indexOf('#');
  const target = (hash < 0 ? left : left.slice(0, hash)).trim();
  const subpath = hash < 0 ? undefined : left.slice(hash);
  return { target, ...(subpath && { subpath }), ...(alias && { alias }) };
}
