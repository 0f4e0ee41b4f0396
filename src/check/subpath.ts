// Does a link's subpath exist in its target note? docs/OBSIDIAN-LINKS.md §6: headings compare after S1
// normalisation, nested `#A#B` in order (B inside A's section); block ids (`#^id`) case-insensitively.

import type { Heading } from '../core/types.ts';

/**
 * S1: the characters Obsidian's stripHeading turns into spaces, and CR/LF.
 *   ! " # $ % & ( ) * + , . : ; < = > ? @ ^ ` { | } ~ / [ ] \
 */
const HEADING_PUNCTUATION = /[!"#$%&()*+,.:;<=>?@^`{|}~/[\]\\\r\n]/g;
const SPACES = /\s+/g;

/** `"Step 1: Set-up (v2)"` → `"step 1 set-up v2"`. */
export function normaliseHeading(s: string): string {
  return s.replace(HEADING_PUNCTUATION, ' ').replace(SPACES, ' ').trim().toLowerCase();
}

export interface SubpathTarget {
  headings: readonly Heading[];
  /** Block ids, lowercased. */
  blocks: readonly string[];
}

/**
 * `#Heading`, `#A#B` (B nested under A, in that order) or `#^id`. An empty subpath (`#`) always
 * exists. Returns the part that was not found, or undefined when the subpath exists.
 *   missingSubpath({headings: [{text: 'Setup'…}], blocks: ['x1']}, '#^X1') → undefined
 */
export function missingSubpath(target: SubpathTarget, subpath: string): string | undefined {
  const body = subpath.replace(/^#/, '');
  if (body.startsWith('^')) {
    const id = body.slice(1).split('#')[0]!.trim().toLowerCase();
    return id === '' || target.blocks.includes(id) ? undefined : `^${id}`;
  }
  const parts = body.split('#').map(normaliseHeading).filter((p) => p !== '');
  let within = -1; // the matched enclosing heading (-1: the whole note)
  let from = 0;
  for (const [k, part] of parts.entries()) {
    let found = -1;
    for (let i = from; i < target.headings.length; i++) {
      if (within !== -1 && !isInside(target.headings, i, within)) continue;
      if (normaliseHeading(target.headings[i]!.text) === part) { found = i; break; }
    }
    if (found === -1) return body.split('#').filter((p) => p.trim() !== '')[k] ?? part;
    within = found;
    from = found + 1;
  }
  return undefined;
}

function isInside(headings: readonly Heading[], i: number, ancestor: number): boolean {
  for (let h = headings[i]!.parent; h !== -1; h = headings[h]!.parent) if (h === ancestor) return true;
  return false;
}
