// Links in frontmatter (docs/OBSIDIAN-LINKS.md §8 F2) and Dataview-style inline fields (`key:: [[X]]`).

import { splitLinktext } from './links.ts';

/** A whole string value that is a wikilink: starts with `[[` and ends with `]]`. */
const PROPERTY_LINK = /^\s*(!?)\[\[([^\n]*)\]\]\s*$/;

export interface PropertyLink {
  key: string; // dotted path: `up`, `related.0`, `meta.parent`
  value: string; // the string value as written
  target: string;
  subpath: string | undefined;
  alias: string | undefined;
  embed: boolean;
}

/**
 * F2: walk every string value anywhere in the frontmatter (nested maps and lists, any key); a
 * value that is exactly `[[…]]` is a link.
 */
export function propertyLinks(data: Record<string, unknown>): PropertyLink[] {
  const out: PropertyLink[] = [];
  const walk = (value: unknown, key: string, depth: number) => {
    if (depth > 32) return; // YAML is a tree here (aliases are capped), but stay bounded anyway
    if (typeof value === 'string') {
      const m = PROPERTY_LINK.exec(value);
      if (!m || m[2]!.includes('[[') || m[2]!.includes(']]')) return;
      const parts = splitLinktext(m[2]!, m[1] === '!');
      if (parts.target === '' && parts.subpath === undefined) return;
      out.push({ key, value, ...parts, embed: m[1] === '!' });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => { if (mayHoldLink(v)) walk(v, `${key}.${i}`, depth + 1); });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) if (mayHoldLink(v)) walk(v, `${key}.${k}`, depth + 1);
    }
  };
  for (const [k, v] of Object.entries(data)) walk(v, k, 0);
  return out;
}

/** Nested keys are spelled out only for values that may hold a link (most list items are plain strings). */
const mayHoldLink = (v: unknown): boolean => (typeof v === 'string' ? v.includes('[[') : isObject(v));
const isObject = (v: unknown): v is object => v !== null && typeof v === 'object';

/**
 * `up: [[A]]` without quotes is YAML for a nested list `[["A"]]`: Obsidian sees no link. Find such
 * values so a lint rule can say so (with the key's dotted path).
 */
export function unquotedWikilinks(data: Record<string, unknown>): string[] {
  const keys: string[] = [];
  const isNested = (v: unknown): boolean =>
    Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && v[0].length === 1 && typeof v[0][0] === 'string';
  const walk = (v: unknown, key: string, depth: number) => {
    if (depth > 32) return;
    if (isNested(v)) keys.push(key);
    else if (Array.isArray(v)) v.forEach((item, i) => { if (isObject(item)) walk(item, `${key}.${i}`, depth + 1); });
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) if (isObject(x)) walk(x, `${key}.${k}`, depth + 1);
  };
  for (const [k, v] of Object.entries(data)) walk(v, k, 0);
  return keys;
}

/** The relation an inline field or property key names: first segment, lowercased, spaces → `-`. */
export function keyRelation(key: string): string {
  return key.split('.')[0]!.trim().toLowerCase().replace(/\s+/g, '-');
}

export interface FieldSpan { key: string; start: number; end: number }

/**
 * Dataview inline fields in one masked line:
 *   `key:: value` filling the line (after an optional list marker / task box), and
 *   `[key:: value]` or `(key:: value)` anywhere, bracket-balanced so `[up:: [[X]]]` works.
 * A key is letters, digits, `_`, `-`, `/` and inner spaces, starting with a letter, digit or `_`.
 */
const LINE_FIELD = /^(\s*(?:(?:[-*+]|\d{1,9}[.)])\s+)?(?:\[[ xX]\]\s+)?)([\p{L}\p{N}_][\p{L}\p{N}_\-/ ]*?)::/u;
const BRACKET_FIELD = /[[(]([\p{L}\p{N}_][\p{L}\p{N}_\-/ ]*?)::/gu;

export function findFields(masked: string): FieldSpan[] {
  if (!masked.includes('::')) return [];
  const out: FieldSpan[] = [];
  BRACKET_FIELD.lastIndex = 0;
  for (let m = BRACKET_FIELD.exec(masked); m; m = BRACKET_FIELD.exec(masked)) {
    if (masked[m.index - 1] === '[') continue; // `[[key::` is a wikilink's text, not a field
    const end = matchingBracket(masked, m.index);
    if (end === -1) continue;
    out.push({ key: m[1]!.trim(), start: m.index, end: end + 1 });
    BRACKET_FIELD.lastIndex = end + 1;
  }
  if (out.length === 0) {
    const m = LINE_FIELD.exec(masked);
    if (m) out.push({ key: m[2]!.trim(), start: m[1]!.length, end: masked.length });
  }
  return out;
}

function matchingBracket(s: string, open: number): number {
  const o = s[open]!;
  const c = o === '[' ? ']' : ')';
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === o) depth++;
    else if (s[i] === c && --depth === 0) return i;
  }
  return -1;
}
