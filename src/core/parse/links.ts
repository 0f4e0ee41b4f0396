// Link extraction from one masked line: wikilinks and embeds (docs/OBSIDIAN-LINKS.md §3) and internal
// Markdown links (§4). Pure functions over strings; positions are 0-based indices into the line.

export interface LineLink {
  /** Linkpath (before `#`), trimmed, NBSP→space, NFC. */
  target: string;
  subpath: string | undefined;
  alias: string | undefined;
  embed: boolean;
  syntax: 'wiki' | 'markdown';
  /** Index of the first character (`!` for embeds) and one past the last. */
  start: number;
  end: number;
}

/** R3: NBSP → space, trim, NFC. */
export function cleanLinkText(s: string): string {
  const t = (s.includes('\u00a0') ? s.replace(/\u00a0/g, ' ') : s).trim();
  return ASCII.test(t) ? t : t.normalize('NFC');
}
const ASCII = /^[\x00-\x7f]*$/;

/** W6: an embed's display part that is only a size (`100` or `100x145`) is not an alias. */
const IMAGE_SIZE = /^\d+(x\d+)?$/;

/**
 * Split a wikilink's inner text (between `[[` and `]]`) into linkpath, subpath and alias.
 *   `A#H|x`   → target A, subpath #H, alias x        (W3: split at the first `|`, W4: at the first `#`)
 *   `|x`      → target |x (a leading `|` is not a separator)
 *   `A\|x`    → target A, alias x (table escape; the trailing `\` is dropped)
 */
export function splitLinktext(inner: string, embed: boolean): { target: string; subpath: string | undefined; alias: string | undefined } {
  let linktext = inner;
  let alias: string | undefined;
  const bar = inner.indexOf('|');
  if (bar > 0) {
    linktext = inner.slice(0, bar);
    if (linktext.endsWith('\\')) linktext = linktext.slice(0, -1);
    alias = inner.slice(bar + 1).trim() || undefined;
    if (alias !== undefined && embed && IMAGE_SIZE.test(alias)) alias = undefined;
  }
  const hash = linktext.indexOf('#');
  const target = cleanLinkText(hash === -1 ? linktext : linktext.slice(0, hash));
  const subpath = hash === -1 ? undefined : linktext.slice(hash).trim() || undefined;
  return { target, subpath, alias };
}

/**
 * W1: `[[` + content + `]]` on one line; the content is the shortest run to the first `]]`; if it
 * contains another `[[`, the outer match is rejected and the inner one tried. W2: `!` makes an embed.
 */
export function findWikilinks(masked: string, original: string): LineLink[] {
  const out: LineLink[] = [];
  let from = 0;
  for (;;) {
    const open = masked.indexOf('[[', from);
    if (open === -1) break;
    const close = masked.indexOf(']]', open + 2);
    if (close === -1) break;
    const nested = masked.indexOf('[[', open + 2);
    if (nested !== -1 && nested < close) { from = nested; continue; }
    const inner = original.slice(open + 2, close);
    from = close + 2;
    if (inner.trim() === '') continue;
    const embed = open > 0 && masked[open - 1] === '!';
    const parts = splitLinktext(inner, embed);
    if (parts.target === '' && parts.subpath === undefined) continue;
    out.push({ target: parts.target, subpath: parts.subpath, alias: parts.alias, embed, syntax: 'wiki', start: embed ? open - 1 : open, end: close + 2 });
  }
  return out;
}

/**
 * Inline Markdown links `[text](dest "title")` and images `![alt](dest)` (M1–M4).
 *   group 1: `!` (embed)   group 2: text   group 3: `<dest with spaces>`   group 4: bare dest (no spaces)
 * A bare destination may hold balanced parentheses one level deep: `(a_(b).md)`.
 */
const MD_LINK = /(!?)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(\s*(?:<([^<>\n]*)>|((?:[^\s()]|\([^\s()]*\))+))(?:\s+(?:"[^"\n]*"|'[^'\n]*'|\([^)\n]*\)))?\s*\)/dg;
/** A URL scheme (`https:`, `mailto:`, `obsidian:`…) or a protocol-relative `//host` makes a link external. */
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

export function findMarkdownLinks(masked: string, original: string): LineLink[] {
  if (!masked.includes('](')) return [];
  const out: LineLink[] = [];
  MD_LINK.lastIndex = 0;
  for (let m = MD_LINK.exec(masked); m; m = MD_LINK.exec(masked)) {
    const start = m.index;
    const end = start + m[0].length;
    // Matched on the masked line, read from the original at the same columns (`d`: group offsets).
    const at = m.indices!;
    const span = (g: number) => (at[g] ? original.slice(at[g]![0], at[g]![1]) : undefined);
    const dest = span(3) ?? span(4) ?? '';
    if (dest === '' || EXTERNAL.test(dest)) continue;
    let decoded: string;
    try { decoded = decodeURI(dest); } catch { continue; } // M2: a bad escape drops the link
    const hash = decoded.indexOf('#');
    const target = cleanLinkText(hash === -1 ? decoded : decoded.slice(0, hash));
    const subpath = hash === -1 ? undefined : decoded.slice(hash);
    const text = span(2)!.trim();
    const embed = m[1] === '!';
    out.push({ target, subpath, alias: text && !embed ? text : undefined, embed, syntax: 'markdown', start, end });
  }
  return out;
}
