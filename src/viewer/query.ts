// Obsidian's search syntax, the subset the graph view needs, used by colour groups and the text
// filter: `path:` `file:` `tag:` `[key:value]` `[key]`, plain words, "quoted phrases", `-negation`
// and `OR`. Words are ANDed; OR binds looser. Case-insensitive substring matching, like Obsidian.
//
//   path:claude file:开发            → path contains "claude" AND file name contains "开发"
//   tag:#ai OR [status:done]          → has tag ai (or ai/…) OR frontmatter status contains "done"
//   -path:99-附件 rag                  → not under 99-附件, and title/path/alias contains "rag"

import type { VaultNode } from './payload.ts';

type Op = 'text' | 'path' | 'file' | 'tag' | 'prop';
interface Term { neg: boolean; op: Op; key: string; value: string }
/** An OR of ANDs. */
export type Query = Term[][];
export type Matcher = (key: string, node: Partial<VaultNode>) => boolean;

/**
 * One token: an optional `-`, then `[…]`, or `op:"quoted"`, or `"quoted"`, or a run of non-spaces.
 *   -?  (?: \[[^\]]*\]  |  [^\s:"]+:"[^"]*"  |  "[^"]*"  |  \S+ )
 */
const TOKEN = /-?(?:\[[^\]]*\]|[^\s:"]+:"[^"]*"|"[^"]*"|\S+)/g;
/** `[key:value]` or `[key]`; the value may be quoted. */
const PROP = /^\[\s*([^:\]]+?)\s*(?::\s*"?([^"\]]*)"?\s*)?\]$/;
const OPERATORS = new Set(['path', 'file', 'tag']);

export function parseQuery(text: string): Query {
  const groups: Term[][] = [[]];
  for (const raw of text.match(TOKEN) ?? []) {
    if (raw === 'OR') { groups.push([]); continue; }
    const term = parseTerm(raw);
    if (term) groups[groups.length - 1]!.push(term);
  }
  return groups.filter((g) => g.length > 0);
}

function parseTerm(raw: string): Term | null {
  const neg = raw.startsWith('-') && raw.length > 1;
  const body = neg ? raw.slice(1) : raw;
  const prop = PROP.exec(body);
  if (prop) return { neg, op: 'prop', key: prop[1]!.toLowerCase(), value: (prop[2] ?? '').toLowerCase() };
  const colon = body.indexOf(':');
  const op = colon > 0 ? body.slice(0, colon).toLowerCase() : '';
  if (OPERATORS.has(op)) {
    let value = unquote(body.slice(colon + 1)).toLowerCase();
    if (op === 'tag') value = value.replace(/^#/, '');
    return value ? { neg, op: op as Op, key: '', value } : null;
  }
  const value = unquote(body).toLowerCase();
  return value ? { neg, op: 'text', key: '', value } : null;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** Compile a query; an empty query matches nothing (so an empty colour group colours nothing). */
export function compileQuery(text: string): Matcher | null {
  const q = parseQuery(text);
  if (q.length === 0) return null;
  return (key, node) => q.some((and) => and.every((t) => matchTerm(t, key, node) !== t.neg));
}

function matchTerm(t: Term, key: string, n: Partial<VaultNode>): boolean {
  switch (t.op) {
    case 'path': return lower(n.path ?? key).includes(t.value);
    case 'file': return lower(basename(n.path ?? key)).includes(t.value);
    case 'tag': return tagsOf(key, n).some((tag) => tag === t.value || tag.startsWith(`${t.value}/`));
    case 'prop': return matchProp(n.meta, t.key, t.value);
    case 'text':
      return lower(n.label ?? '').includes(t.value) || lower(n.path ?? key).includes(t.value)
        || (n.aliases ?? []).some((a) => lower(a).includes(t.value));
  }
}

function tagsOf(key: string, n: Partial<VaultNode>): string[] {
  const tags = (n.tags ?? []).map((s) => lower(s).replace(/^#/, ''));
  if (n.kind === 'tag') tags.push(lower(n.path ?? key).replace(/^#/, ''));
  return tags;
}

function matchProp(meta: Record<string, unknown> | undefined, key: string, value: string): boolean {
  if (!meta) return false;
  const found = Object.keys(meta).find((k) => k.toLowerCase() === key);
  if (found === undefined) return false;
  if (value === '') return true;
  const v = meta[found];
  const values = Array.isArray(v) ? v : [v];
  return values.some((x) => (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')
    && String(x).toLowerCase().includes(value));
}

function lower(s: unknown): string { return typeof s === 'string' ? s.toLowerCase() : ''; }
function basename(p: string): string { return p.slice(p.lastIndexOf('/') + 1); }

/** First matching group's colour, like Obsidian's colour groups; undefined when none matches. */
export function groupColor(groups: ReadonlyArray<{ match: Matcher | null; color: string }>, key: string, node: Partial<VaultNode>): string | undefined {
  for (const g of groups) if (g.match?.(key, node)) return g.color;
  return undefined;
}
