// Autocomplete over titles, aliases and paths. Plain substring matching on NFKC-lowercased text,
// which is what CJK needs (no word boundaries to tokenise on); results ranked by where they match.
//
//   "claude"  → "Claude Code" (title starts with it) before "关于 Claude" (title contains it)
//               before a note whose only match is its path "01-博客/Anthropic/claude-…"

import type { VaultNode } from '../../src/viewer/payload.ts';

interface Entry { key: string; label: string; path: string; kind: string; title: string; aliases: string[]; pathLower: string }

export interface SearchHit {
  key: string;
  label: string;
  path: string;
  kind: string;
  /** What matched: the title, an alias (its text), or the path. */
  via: 'title' | 'alias' | 'path';
  alias?: string;
}

export interface SearchIndex { entries: Entry[] }

export const norm = (s: string): string => s.normalize('NFKC').toLowerCase();

export function buildIndex(nodes: Iterable<[string, Partial<VaultNode>]>): SearchIndex {
  const entries: Entry[] = [];
  for (const [key, a] of nodes) entries.push(entryOf(key, a));
  return { entries };
}

/**
 * The index of `keys` (graph order) built a few entries at a time: `step(more)` makes entries while
 * `more()` says there is time (the page's idle time), and the first read of `entries` makes the rest
 * at once, so a search never sees it half made. Normalising every title and path cost the 100k page
 * ~0.2 s in the task that shows its first frame. `attributesOf` reads a node's attributes when its
 * entry is made (undefined: gone since, no entry); the result equals buildIndex over the graph then.
 */
export class SteppedIndex implements SearchIndex {
  private made: Entry[] = [];
  private next = 0;

  constructor(private readonly keys: readonly string[], private readonly attributesOf: (key: string) => Partial<VaultNode> | undefined) {}

  /** Make entries while `more()` is true (asked before each); true once every entry is made. */
  step(more: () => boolean): boolean {
    const { keys, made } = this;
    while (this.next < keys.length && more()) {
      const key = keys[this.next++]!;
      const a = this.attributesOf(key);
      if (a) made.push(entryOf(key, a));
    }
    return this.next >= keys.length;
  }

  get entries(): Entry[] {
    this.step(() => true);
    return this.made;
  }

  set entries(entries: Entry[]) {
    this.next = this.keys.length;
    this.made = entries;
  }
}

function entryOf(key: string, a: Partial<VaultNode>): Entry {
  const label = a.label ?? key;
  const path = a.path ?? key;
  return { key, label, path, kind: a.kind ?? 'note', title: norm(label), aliases: (a.aliases ?? []).filter((x) => typeof x === 'string'), pathLower: norm(path) };
}

/**
 * Watch mode: the index after some nodes changed, came or went — `attributesOf(key)` is a node's
 * attributes now, undefined when it is gone. Only those entries are made again (a live change
 * touches a few nodes; rebuilding normalises every title, 0.2 s at 10k notes on a busy machine).
 * Entries keep graph order for the nodes that stay; new ones go last, as graphology adds them.
 */
export function patchIndex(index: SearchIndex, keys: Iterable<string>, attributesOf: (key: string) => Partial<VaultNode> | undefined): void {
  const touched = new Set(keys);
  if (touched.size === 0) return;
  const entries: Entry[] = [];
  for (const e of index.entries) {
    if (!touched.has(e.key)) { entries.push(e); continue; }
    touched.delete(e.key);
    const a = attributesOf(e.key);
    if (a) entries.push(entryOf(e.key, a));
  }
  for (const k of touched) { const a = attributesOf(k); if (a) entries.push(entryOf(k, a)); }
  index.entries = entries;
}

/**
 * Rank: 0 exact title, 1 title prefix, 2 title contains, 3 alias, 4 path, 5 every word of a
 * several-word query somewhere in title or path ("claude 宪法" finds "Claude的新宪法"); ties →
 * shorter title, kind, key.
 */
export function search(index: SearchIndex, query: string, limit = 12): SearchHit[] {
  const q = norm(query.trim());
  if (!q) return [];
  const words = q.split(/\s+/);
  const scored: Array<{ rank: number; hit: SearchHit }> = [];
  for (const e of index.entries) {
    let rank = -1;
    let hit: SearchHit | null = null;
    if (e.title === q) rank = 0;
    else if (e.title.startsWith(q)) rank = 1;
    else if (e.title.includes(q)) rank = 2;
    if (rank >= 0) hit = { key: e.key, label: e.label, path: e.path, kind: e.kind, via: 'title' };
    else {
      const alias = e.aliases.find((a) => norm(a).includes(q));
      if (alias !== undefined) { rank = 3; hit = { key: e.key, label: e.label, path: e.path, kind: e.kind, via: 'alias', alias }; }
      else if (e.pathLower.includes(q)) { rank = 4; hit = { key: e.key, label: e.label, path: e.path, kind: e.kind, via: 'path' }; }
      else if (words.length > 1 && words.every((w) => e.title.includes(w) || e.pathLower.includes(w))) {
        rank = 5; hit = { key: e.key, label: e.label, path: e.path, kind: e.kind, via: 'title' };
      }
    }
    if (hit) scored.push({ rank, hit });
  }
  // Notes and topics before tags and unresolved links at equal rank: they are what people look for.
  const kindRank = (k: string) => (k === 'note' || k === 'topic' ? 0 : 1);
  scored.sort((x, y) => x.rank - y.rank || kindRank(x.hit.kind) - kindRank(y.hit.kind)
    || x.hit.label.length - y.hit.label.length || (x.hit.path < y.hit.path ? -1 : x.hit.path > y.hit.path ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.hit);
}
