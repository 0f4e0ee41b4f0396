// A note rendered in the panel: markdown-it with raw HTML off, wiki-links and internal links made
// buttons that select their node, vault images shown only through the server (`api/file`), and the
// result filtered through an allow-list of tags and attributes before it touches the page. Nothing
// in a note can run script: no raw HTML, no event attributes, no `javascript:` URLs, no styles
// (the CSP would refuse them anyway).

import markdownIt, { type MarkdownIt, type StateInline, type Token } from 'markdown-it';
import { splitWikilink, type LinkResolver } from '../model/note-links.ts';

export interface NoteContext {
  /** The note's vault path (links resolve from its folder). */
  path: string;
  resolve: LinkResolver;
  /** A node's kind and vault path, or null. */
  nodeOf(key: string): { kind: string; path: string; label: string } | null;
  /** Images can be fetched from the server (`serve`); the offline HTML shows their names instead. */
  served: boolean;
}

const IMAGE = /\.(avif|bmp|gif|jpe?g|png|svg|webp)$/i;

function wikilinkRule(state: StateInline, silent: boolean): boolean {
  const src = state.src, start = state.pos;
  const embed = src.charCodeAt(start) === 0x21 /* ! */;
  const open = embed ? start + 1 : start;
  if (!src.startsWith('[[', open)) return false;
  const close = src.indexOf(']]', open + 2);
  if (close < 0 || src.slice(open + 2, close).includes('\n')) return false;
  if (!silent) {
    const token = state.push('wikilink', '', 0);
    token.meta = { inner: src.slice(open + 2, close), embed };
  }
  state.pos = close + 2;
  return true;
}

export function makeMarkdown(): MarkdownIt {
  const md = markdownIt({ html: false, linkify: false, breaks: true });
  md.inline.ruler.before('link', 'wikilink', wikilinkRule);
  return md;
}

let shared: MarkdownIt | null = null;

/** The note's body (frontmatter dropped) as safe DOM. */
export function renderNote(text: string, ctx: NoteContext): DocumentFragment {
  const md = shared ??= makeMarkdown();
  const body = text.replace(/^\uFEFF/, '').replace(/^---[^\S\n]*\r?\n[\s\S]*?\r?\n---[^\S\n]*(?:\r?\n|$)/, '')
    // Obsidian's %%comments%% are hidden in its reading view.
    .replace(/%%[\s\S]*?%%/g, '');
  const env = { ctx };
  md.renderer.rules.wikilink = (tokens: Token[], i: number) => wikilinkHtml(md, tokens[i]!.meta as { inner: string; embed: boolean }, ctx);
  md.renderer.rules.image = (tokens: Token[], i: number) => {
    const t = tokens[i]!;
    return imageHtml(md, decodeSafe(String(t.attrGet('src') ?? '')), t.content, ctx);
  };
  const html = md.render(body, env);
  return sanitize(html, ctx);
}

function wikilinkHtml(md: MarkdownIt, m: { inner: string; embed: boolean }, ctx: NoteContext): string {
  const { target, subpath, alias } = splitWikilink(m.inner);
  const esc = md.utils.escapeHtml;
  // `![[pic.png|200]]` / `|200x100` is a size, not a caption.
  if (m.embed && IMAGE.test(target)) return imageHtml(md, target, alias && !/^\d+(x\d+)?$/.test(alias) ? alias : target, ctx);
  const text = alias ?? (target + (subpath ?? '') || subpath || '');
  // `[[#Heading]]`: a link within the note itself.
  if (target === '') return `<span class="wikilink self">${esc(text)}</span>`;
  const key = ctx.resolve(target, ctx.path);
  if (!key) return `<span class="wikilink unresolved" title="${esc(`not in the vault: ${target}`)}">${esc(text)}</span>`;
  const node = ctx.nodeOf(key);
  const cls = node?.kind === 'unresolved' ? 'wikilink unresolved' : 'wikilink';
  return `<a class="${cls}" href="#" data-key="${esc(key)}" title="${esc(node?.path ?? key)}">${m.embed ? '⤷ ' : ''}${esc(text)}</a>`;
}

/** A vault image through the server, when it is one of the vault's attachments; otherwise its name. */
function imageHtml(md: MarkdownIt, src: string, alt: string, ctx: NoteContext): string {
  const esc = md.utils.escapeHtml;
  const external = /^[a-z][a-z0-9+.-]*:/i.test(src);
  const key = external || !src ? null : ctx.resolve(src.replace(/^\.\//, ''), ctx.path);
  const node = key ? ctx.nodeOf(key) : null;
  if (!node || node.kind !== 'attachment' || !IMAGE.test(node.path)) return `<span class="embed" title="${esc(src)}">🖼 ${esc(alt || src)}</span>`;
  if (!ctx.served) return `<a class="wikilink embed" href="#" data-key="${esc(key!)}">🖼 ${esc(alt || node.label)}</a>`;
  return `<img src="api/file?path=${encodeURIComponent(node.path)}" alt="${esc(alt || node.label)}" loading="lazy">`;
}

function decodeSafe(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

const ALLOWED: Record<string, readonly string[]> = {
  p: [], br: [], hr: [], h1: [], h2: [], h3: [], h4: [], h5: [], h6: [], ul: [], ol: ['start'], li: [], blockquote: [],
  pre: [], code: [], em: [], strong: [], s: [], del: [], table: [], thead: [], tbody: [], tr: [], th: [], td: [],
  a: ['href', 'data-key', 'class', 'title'], img: ['src', 'alt', 'loading'], span: ['class', 'title'],
};
/** Dropped with what is inside them (markdown-it never writes them with html off; belt and braces). */
const DROP = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'svg', 'math', 'form']);

/** markdown-it's HTML → DOM through an allow-list; links: http(s)/mailto open outside, internal ones select a node. */
function sanitize(html: string, ctx: NoteContext): DocumentFragment {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out = document.createDocumentFragment();
  const copy = (from: Node, to: Node): void => {
    for (const child of Array.from(from.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) { to.appendChild(document.createTextNode(child.textContent ?? '')); continue; }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const el = child as Element;
      const tag = el.tagName.toLowerCase();
      if (DROP.has(tag)) continue;
      const allowed = ALLOWED[tag];
      if (!allowed) { copy(el, to); continue; } // unknown tag: keep its text
      const made = document.createElement(tag);
      for (const name of allowed) {
        const v = el.getAttribute(name);
        if (v !== null && attributeOk(tag, name, v)) made.setAttribute(name, v);
      }
      if (tag === 'a' && !made.hasAttribute('data-key')) {
        const internal = internalKey(made.getAttribute('href') ?? '', ctx);
        if (internal) { made.setAttribute('data-key', internal); made.setAttribute('href', '#'); made.className = 'wikilink'; }
        else if (made.hasAttribute('href')) { made.setAttribute('target', '_blank'); made.setAttribute('rel', 'noopener noreferrer'); }
      }
      copy(el, made);
      to.appendChild(made);
    }
  };
  copy(doc.body, out);
  return out;
}

function attributeOk(tag: string, name: string, v: string): boolean {
  if (tag === 'img' && name === 'src') return v.startsWith('api/file?path=');
  if (tag === 'a' && name === 'href') return v === '#' || /^(https?:|mailto:)/i.test(v) || !/^[a-z][a-z0-9+.-]*:/i.test(v);
  if (name === 'class') return /^[\w -]*$/.test(v);
  return true;
}

/** A markdown link to a vault note (`[x](folder/Note.md)`) → its node, else null (external, or nowhere). */
function internalKey(href: string, ctx: NoteContext): string | null {
  if (!href || href.startsWith('#') || /^[a-z][a-z0-9+.-]*:/i.test(href)) return null;
  const target = decodeSafe(href.split('#')[0]!);
  return target ? ctx.resolve(target, ctx.path) : null;
}
