// Obsidian link resolution (docs/OBSIDIAN-LINKS.md §5), a pure function over an index of vault paths.
//
// Rules, in order, for a linkpath written in `source`:
//   1. empty linkpath                       → the source itself (a self link)
//   2. lowercase it (L); its last segment N: if N has a dot, candidates = files named N; if none
//      (or no dot), candidates = files named N + ".md". No candidates → missing.
//      So [[Note]] ≡ [[Note.md]], [[my.file]] finds my.file.md, [[image]] never finds image.png.
//   3. a bare name with exactly one candidate → that file
//   4. `./x` or `../x` → resolved against the source's folder; a candidate with that full path
//   5. strip one leading `/`; a candidate whose full path equals L (case-insensitive) → that file
//   6. the linkpath began with `/` → missing (no fallback)
//   7. candidates whose lowercase path ends with L: first those inside the source's folder (and
//      its subfolders), then the rest; each group shortest path first. Equal lengths at the top are
//      a tie: the first in vault order (sorted paths) wins and the result is `ambiguous`.
//      The suffix match has no segment boundary ([[b/Plan]] also matches xb/Plan.md), as in Obsidian.
// Aliases never resolve links — unless `resolveAliases` (non-Obsidian, opt-in) and nothing else did.
// Folders are not targets. Nothing resolves outside the vault: candidates are vault files only.

import { folderOf } from './paths.ts';
import type { Resolution } from './types.ts';

export interface ResolverIndex {
  /** lowercase file name (with extension) → vault paths, in vault order. */
  byName: Map<string, string[]>;
  /** lowercase alias → note paths (only used with resolveAliases). */
  byAlias: Map<string, string[]>;
  /** Memo of results that hold wherever the link is written, by linkpath (alias resolution apart). */
  anyMemo: Map<string, Resolution>;
  aliasMemo: Map<string, Resolution>;
  /** Memo of the other results, by source folder and linkpath. */
  memo: Map<string, Resolution>;
}

/** Build the index from every vault path (notes and attachments), in vault (sorted) order. */
export function buildIndex(paths: readonly string[], aliases: ReadonlyMap<string, readonly string[]> = new Map()): ResolverIndex {
  const byName = new Map<string, string[]>();
  for (const p of paths) {
    const name = p.slice(p.lastIndexOf('/') + 1).toLowerCase();
    const list = byName.get(name);
    if (list) list.push(p);
    else byName.set(name, [p]);
  }
  const byAlias = new Map<string, string[]>();
  for (const [path, list] of aliases) {
    for (const a of list) {
      const key = a.toLowerCase();
      const l = byAlias.get(key);
      if (l) { if (!l.includes(path)) l.push(path); } else byAlias.set(key, [path]);
    }
  }
  return { byName, byAlias, anyMemo: new Map(), aliasMemo: new Map(), memo: new Map() };
}

/** Forget every memoised result (after files were added to or removed from the index). */
export function clearMemo(index: ResolverIndex): void {
  index.anyMemo.clear();
  index.aliasMemo.clear();
  index.memo.clear();
}

/** Whether two results are the same answer (a draft built from either is the same draft). */
export function sameResolution(a: Resolution, b: Resolution): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'resolved') { const r = b as typeof a; return a.path === r.path && a.rule === r.rule && a.partial === r.partial; }
  if (a.kind === 'ambiguous') { const r = b as typeof a; return a.path === r.path && a.candidates.join('\u0000') === r.candidates.join('\u0000'); }
  return true;
}

/** Join `./` and `../` segments onto a folder; undefined when `..` climbs above the vault root. */
function joinRelative(folder: string, rel: string): string | undefined {
  const parts = folder === '' ? [] : folder.split('/');
  for (const seg of rel.split('/')) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') { if (parts.length === 0) return undefined; parts.pop(); } else parts.push(seg);
  }
  return parts.join('/');
}

export function resolveLink(linkpath: string, source: string, index: ResolverIndex, resolveAliases = false): Resolution {
  if (linkpath === '') return { kind: 'self' };
  // Most results do not depend on the source at all (see anywhere()): one memo entry per linkpath.
  const memo = resolveAliases ? index.aliasMemo : index.anyMemo;
  const any = memo.get(linkpath);
  if (any) return any;
  // The others depend on the source only through its folder (steps 4 and 7).
  const memoKey = `${resolveAliases ? 'a' : ''}${folderOf(source)}\u0000${linkpath}`;
  const known = index.memo.get(memoKey);
  if (known) return known;
  const [result, everywhere] = resolveUncached(linkpath, source, index, resolveAliases);
  if (everywhere) { if (memo.size < 1_000_000) memo.set(ownCopy(linkpath), result); } else if (index.memo.size < 1_000_000) index.memo.set(ownCopy(memoKey), result);
  return result;
}

/**
 * `s` in a string of its own. A linkpath is a slice of its note's text, and V8 keeps the whole
 * text alive for as long as the slice lives: as a memo key it would hold every note that brought a
 * new linkpath for the rest of the build (38 MB over 10k notes). Concatenating and slicing again
 * makes V8 copy the characters.
 */
function ownCopy(s: string): string {
  return (' ' + s).slice(1);
}

/**
 * The resolution, and whether it holds for this linkpath written in any folder: missing, a unique
 * name, an exact path, an alias, or a suffix only one file has. Relative links and suffix matches
 * among several files (nearest folder first) depend on where the link is written.
 */
function resolveUncached(linkpath: string, source: string, index: ResolverIndex, resolveAliases: boolean): [Resolution, boolean] {
  let L = linkpath.toLowerCase();
  const name = L.slice(L.lastIndexOf('/') + 1);
  let candidates = name.includes('.') ? index.byName.get(name) : undefined;
  if (!candidates) {
    candidates = index.byName.get(name + '.md');
    if (candidates) L += '.md';
  }
  const relative = L.startsWith('./') || L.startsWith('../');
  const viaAlias = (): [Resolution, boolean] => [aliasResolution(linkpath, index, resolveAliases), !relative];
  if (!candidates) return viaAlias();
  if (!L.includes('/') && candidates.length === 1) return [{ kind: 'resolved', path: candidates[0]!, rule: 'unique-name' }, true];
  const sourceFolder = folderOf(source);
  if (relative) {
    const joined = joinRelative(sourceFolder.toLowerCase(), L);
    const hit = joined !== undefined && candidates.find((c) => c.toLowerCase() === joined);
    if (hit) return [{ kind: 'resolved', path: hit, rule: 'relative' }, false];
  }
  const absolute = L.startsWith('/') ? L.slice(1) : L;
  const exact = candidates.find((c) => c.toLowerCase() === absolute);
  if (exact) return [{ kind: 'resolved', path: exact, rule: 'exact' }, !relative];
  if (L.startsWith('/')) return viaAlias();
  const matches = candidates.filter((c) => c.toLowerCase().endsWith(L));
  if (matches.length === 0) return viaAlias();
  const prefix = sourceFolder === '' ? '' : sourceFolder.toLowerCase() + '/';
  const near = matches.filter((c) => c.toLowerCase().startsWith(prefix));
  const group = near.length > 0 ? near : matches;
  // Stable sort keeps vault order among equal lengths.
  const sorted = [...group].sort((a, b) => a.length - b.length);
  const best = sorted[0]!;
  const tied = sorted.filter((c) => c.length === best.length);
  const single = matches.length === 1 && !relative;
  if (tied.length > 1) return [{ kind: 'ambiguous', path: best, candidates: tied }, single];
  const boundary = best.length === L.length || best[best.length - L.length - 1] === '/';
  return [boundary ? { kind: 'resolved', path: best, rule: 'suffix' } : { kind: 'resolved', path: best, rule: 'suffix', partial: true }, single];
}

function aliasResolution(linkpath: string, index: ResolverIndex, enabled: boolean): Resolution {
  if (!enabled) return { kind: 'missing' };
  const hits = index.byAlias.get(linkpath.toLowerCase());
  if (!hits || hits.length === 0) return { kind: 'missing' };
  if (hits.length > 1) return { kind: 'ambiguous', path: hits[0]!, candidates: hits };
  return { kind: 'resolved', path: hits[0]!, rule: 'alias' };
}
