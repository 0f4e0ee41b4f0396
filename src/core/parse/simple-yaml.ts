// simpleYaml: js-yaml's answer for the plainest frontmatter, without js-yaml's parser. Most notes'
// frontmatter is a few `key: value` lines and lists of scalars (`tags:` then `  - a`, or `[a, b]`); js-yaml
// spends more on each such block (and, in a fresh worker thread, on warming up its large parser)
// than reading the lines takes. Anything else, and anything js-yaml would refuse, returns undefined,
// and parseYaml asks js-yaml. The scalars still go through js-yaml's own core-schema resolvers
// (null, bool, int, float), so `date: 2020-05-19`, `n: 0x1F` or `ok: True` come out as js-yaml's.
// test/simple-yaml.test.ts checks the answer equals jsyaml.load's on every fixture, tricky blocks
// and thousands of random ones.

import jsyaml from 'js-yaml';

/**
 * One line: a key line (`key:` or `key: value`), a list item (`  - value`, indented), or blank.
 * A key or plain value may not start with a YAML indicator (`-?:,[]{}#&*!|>'"%@` and backtick)
 * nor hold `: `, ` #` or a tab, nor end with `:` or white space.
 */
const KEY_LINE = /^([^-?:,[\]{}#&*!|>'"%@`\s][^:#,[\]{}\s]*(?: [^:#,[\]{}\s]+)*):(?: +(.*))?$/;
const ITEM_LINE = /^( +)- +(.*)$/;
/** A value js-yaml reads as a plain scalar on one line, with nothing else on it. */
const PLAIN = /^[^-?:,[\]{}#&*!|>'"%@`\s](?:[^\s:]|:(?! )| (?!#))*$/;
/** A plain scalar inside a flow list (`[a, b c]`): no flow indicators, `:` or `#` at all. */
const FLOW_PLAIN = /^[^-?:,[\]{}#&*!|>'"%@`\s][^\s:,[\]{}#]*(?: [^\s:,[\]{}#]+)*$/;
/** Characters js-yaml refuses anywhere (its PATTERN_NON_PRINTABLE), a BOM, tabs and CRs (left to js-yaml). */
const REFUSED = /[\x00-\x09\x0B-\x1F\x7F-\x84\x86-\x9F\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/;

/** The core schema's implicit types in js-yaml's order (null, bool, int, float): what its loader tries on a plain scalar. */
const RESOLVERS = (jsyaml.CORE_SCHEMA as unknown as { compiledImplicit: jsyaml.Type[] }).compiledImplicit;
/** Without them (another js-yaml inside), every block goes to js-yaml. */
const USABLE = Array.isArray(RESOLVERS) && RESOLVERS.length > 0;

/** A plain scalar as js-yaml's core schema resolves it: the first implicit type that claims it, else the string. */
function resolvePlain(s: string): unknown {
  for (const type of RESOLVERS) if (type.resolve(s)) return type.construct(s);
  return s;
}

/** One scalar value written on its line: plain, or quoted without escapes or inner quotes; undefined when not that simple. */
function scalar(v: string): { value: unknown } | undefined {
  const q = v.charCodeAt(0);
  if (q === 0x22 || q === 0x27) { // "…" or '…': the text inside, as it is
    const quote = v[0]!;
    if (v.length < 2 || v[v.length - 1] !== quote) return undefined;
    const inner = v.slice(1, -1);
    if (inner.includes(quote) || (q === 0x22 && inner.includes('\\'))) return undefined;
    return { value: inner };
  }
  if (v.endsWith(':') || v.endsWith(' ') || !PLAIN.test(v)) return undefined;
  return { value: resolvePlain(v) };
}

/** A one-line flow list of scalars, `[a, "b", 3]` (items split at `, ` or `,`, no empty item), or `[]`. */
function flowList(v: string): { value: unknown[] } | undefined {
  if (v.charCodeAt(v.length - 1) !== 0x5d) return undefined; // `]`
  if (v === '[]') return { value: [] };
  const value: unknown[] = [];
  for (const piece of v.slice(1, -1).split(',')) {
    const item = piece.replace(/^ +/, '');
    const q = item.charCodeAt(0);
    if (q === 0x22 || q === 0x27) { const s = scalar(item); if (!s) return undefined; value.push(s.value); continue; }
    if (!FLOW_PLAIN.test(item)) return undefined;
    value.push(resolvePlain(item));
  }
  return { value };
}

/**
 * `src` as gray-matter hands it to the engine (the rest of the opening fence's line, then the
 * block's lines), read as jsyaml.load(src, { schema: CORE_SCHEMA }) would read it, when the block is
 * a mapping of unique keys to one-line scalars, one-line flow lists of them, and block lists of
 * one-line scalars; else undefined.
 */
export function simpleYaml(src: string): Record<string, unknown> | undefined {
  if (!USABLE || REFUSED.test(src)) return undefined;
  const lines = src.split('\n');
  if (/[^ ]/.test(lines[0]!)) return undefined; // the fence line's rest: spaces only
  const out: Record<string, unknown> = {};
  let lastKey = '';
  let list: unknown[] | undefined; // the list being read, under the last key
  let listIndent = 0;
  let open = false; // the last key had no value on its line: a list may follow, directly
  let keys = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') { open = false; list = undefined; continue; }
    if (line.charCodeAt(0) === 0x20) { // indented: only a list item under the open key
      const m = ITEM_LINE.exec(line);
      if (!m) return undefined;
      if (list) { if (m[1]!.length !== listIndent) return undefined; } else if (open) { listIndent = m[1]!.length; } else return undefined;
      const item = scalar(m[2]!);
      if (!item) return undefined;
      if (!list) { list = []; out[lastKey] = list; open = false; }
      list.push(item.value);
      continue;
    }
    list = undefined;
    const m = KEY_LINE.exec(line);
    if (!m || m[1]!.length > 128) return undefined;
    const key = String(resolvePlain(m[1]!));
    if (key === '__proto__' || Object.hasOwn(out, key)) return undefined; // js-yaml's own handling, or its error
    lastKey = key;
    keys++;
    if (m[2] === undefined) { out[key] = null; open = true; continue; }
    open = false;
    const v = m[2].charCodeAt(0) === 0x5b ? flowList(m[2]) : scalar(m[2]); // `[`
    if (!v) return undefined;
    out[key] = v.value;
  }
  return keys > 0 ? out : undefined;
}
