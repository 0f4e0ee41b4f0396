// Tags: inline `#tag` in a masked line (docs/OBSIDIAN-LINKS.md §9) and the frontmatter `tags` key (§8 F4).

/**
 * T1: `#` at the start of the text or after whitespace, then one or more tag characters: anything
 * except whitespace, General Punctuation U+2000–U+206F, Supplemental Punctuation U+2E00–U+2E7F and
 * ASCII punctuation other than `_ - /`. T6: the tag stops at the first excluded character.
 *   group 1: the tag name without `#`
 */
const TAG = /(?<=^|\s)#([^\s\u2000-\u206f\u2e00-\u2e7f'!"#$%&()*+,.:;<=>?@^`{|}~[\]\\]+)/gu;
/** T2: a purely numeric token is not a tag (`#1984`); `#2024/05` is. */
const NUMERIC = /^\d+$/;

export interface LineTag { name: string; start: number }

export function findTags(masked: string): LineTag[] {
  if (!masked.includes('#')) return [];
  const out: LineTag[] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(masked); m; m = TAG.exec(masked)) {
    const name = m[1]!.replace(/\/+$/, ''); // T4: a trailing `/` is ignored
    if (name === '' || NUMERIC.test(name)) continue;
    out.push({ name, start: m.index });
  }
  return out;
}

/**
 * F4: `tags` (any case) should be a list; string items are kept trimmed, numbers dropped; a single
 * string is one candidate; candidates with a space are dropped (so `tags: a, b` is lost); `#` optional.
 * Returns the tags kept and the candidates dropped for a space (a lint rule reports those).
 */
export function frontmatterTags(data: Record<string, unknown>): { tags: string[]; droppedForSpace: string[] } {
  const tags: string[] = [];
  const droppedForSpace: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key.toLowerCase() !== 'tags') continue;
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item !== 'string') continue;
      const t = item.trim().replace(/^#/, '');
      if (t === '') continue;
      if (/\s/.test(t)) droppedForSpace.push(t);
      else tags.push(t);
    }
  }
  return { tags, droppedForSpace };
}

/** F3: `aliases` (any case): a list keeps its trimmed string items; a single string is one alias. */
export function frontmatterAliases(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key.toLowerCase() !== 'aliases') continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === 'string' && item.trim()) out.push(item.trim());
    }
  }
  return out;
}
