// Spec: simpleYaml (the frontmatter fast path inside parseYaml) gives exactly what
// jsyaml.load(src, { schema: CORE_SCHEMA }) gives — same keys in the same order, same values and
// types — or nothing (undefined: js-yaml then reads the block). Checked on every fixture and
// sample-vault note, on tricky blocks, and on thousands of random blocks built from the pieces
// that matter; and it must answer for the plain blocks it exists for (else it would be dead code).

import fs from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { simpleYaml } from '../src/core/parse/simple-yaml.ts';
import { parseYaml } from '../src/core/parse/frontmatter.ts';
import { mulberry32 } from '../src/core/random.ts';

/** Deep equality that also checks key order, prototypes and number identity (NaN, -0). */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (a === null || b === null || typeof a !== 'object') return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b) || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object), kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** js-yaml's answer, or 'error'. */
function viaJsYaml(src: string): unknown {
  try { return jsyaml.load(src, { schema: jsyaml.CORE_SCHEMA }); } catch { return 'error'; }
}

/** The fast path agrees with js-yaml whenever it answers; returns whether it answered. */
function agrees(src: string): boolean {
  const fast = simpleYaml(src);
  if (fast === undefined) return false;
  const slow = viaJsYaml(src);
  if (!same(fast, slow)) throw new Error(`simpleYaml differs from js-yaml for ${JSON.stringify(src)}:\n  fast ${JSON.stringify(fast)}\n  js-yaml ${JSON.stringify(slow)}`);
  return true;
}

/** What gray-matter hands the yaml engine for a note's text (frontmatter.ts's `matter`), if it has a block. */
function blockOf(text: string): string | undefined {
  if (!/^---[^\S\n]*\n/.test(text)) return undefined;
  const close = text.indexOf('\n---', text.indexOf('\n'));
  return close === -1 ? undefined : text.slice(3, close);
}

function notesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...notesUnder(p));
    else if (e.name.endsWith('.md')) out.push(fs.readFileSync(p, 'utf8').replace(/\r\n?/g, '\n'));
  }
  return out;
}

const TRICKY = [
  '\ntitle: "x"\ndate: 2020-05-19\ntags:\n  - a\n  - b\ncategories:\n  - 资源',
  '\nn: 0x1F\no: 0o17\nu: 1_000\nf: .5\ng: +1\nh: 1e3\ni: .inf\nj: -.Inf\nk: .NaN\nl: 12:30',
  '\nok: True\nno: no\nyes: yes\nnil: ~\nN: NULL\nb: FALSE\nc: tRue',
  '\n1: a\ntrue: b\nnull: c\n.inf: d\n~: e\n0x10: f\n1.0: g',
  '\n1: a\n1.0: b', '\ntrue: a\nTrue: b', '\na: 1\na: 2', '\n__proto__: x', '\nconstructor: x\ntoString: y',
  '\na: b # c', '\na: b#c', '\na: C# and F#', "\na: it's", "\na: 'it''s'", '\na: "say \\"hi\\""', '\na: "tab\\there"',
  "\na: ''", '\na: ""', '\na: "x" ', "\na: 'x'  ", '\na: x ', '\na:  x', '\na:', '\na: ', '\na:\n\nb: c',
  '\na: https://example.com/a?b=c#d', '\na: b: c', '\na: b:', '\na: :b', '\na:b', '\na : b', '\n a: b',
  '\na: [x, y]', '\na: {x: 1}', '\na: &x 1', '\na: *x', '\na: !tag x', '\na: |\n  x', '\na: >\n  x', '\na: %x', '\na: @x', '\na: `x`',
  '\na: -', '\na: - x', '\na: -1', '\na: ?x', '\na: ? x', '\na: ,x', '\na: x,y', '\na: [[Link]]', '\na: "[[Link]]"',
  '\ntags:\n- a\n- b', '\ntags:\n  - a\n    - b', '\ntags:\n  - a\n - b', '\ntags:\n  - a\n\n  - b', '\ntags:\n\n  - a',
  '\ntags:\n  - a\n  b', '\ntags:\n  - a: 1', '\ntags:\n  - a:', '\ntags:\n  -', '\ntags:\n  - ', '\ntags:\n  -a', '\ntags:\n  - - a',
  '\ntags:\n  - [[A]]', '\ntags:\n  - "[[A]]"\n  - \'b\'\n  - 3\n  - null', '\ntags:\n    - a\n    - b\nnext: 1',
  '\ntitle: foo\n  bar', '\ntitle: foo\n  - bar', '\n# comment\na: 1', '\na: 1\n# comment', '\n---\na: 1', '\n...\na: 1',
  '\na: 中文　', '\na: 　x', '\n中文键: 值\n键 二: 值', '\na  b: c', '\na b : c', '\na\u00a0b: c', '\na: \u00a0', '\na: x\u0085y',
  '\na: x\x01y', '\na: "x\x7fy"', '\na: x\ufffey', '\ntags:\n  - \x1b', '\na: \ud800', '\na: x\x84',
  '\na: x\u2028y', '\na: x\u2029', '\na: \ud83d\ude00', '\na: \ufeffx', '\na: x\ty', '\na:\tx', '\na: x\r', '\n\ta: x',
  '  \na: 1', ' x\na: 1', '\u3000\na: 1', '\t\na: 1', '', '\n', '\n\n', 'a: 1', '\n<<: x', '\n- a\n- b', '\n"a": 1', "\n'a': 1",
  `\n${'k'.repeat(130)}: v`,
  ...['[a, b]', '[]', '[ ]', '[a,b]', '[a , b]', '[a,]', '[,a]', '[a,,b]', '["a, b"]', "['a']", '[a b]', '[a  b]', '[1, true, ~, null, 0x1, .inf, 2020-05-19]',
    '[a: b]', '[a:b]', '[[a]]', '[a, [b]]', '[a, {b: 1}]', '[a] x', '[a] ', '[a', 'a]', '[#a]', '[a #b]', '[a#b]', '[-a]', '[- a]', '[?a]', '["a"]', '["a\\"b"]',
    '[中文, 标签]', '[ a ]', '[a ]', '[&a x]', '[*a]', '[!t x]', '[a\tb]', "['it''s']", '["", \'\']', '[a, "b" ]', '[a,\u00a0b]', '[a\u3000]'].map((v) => `\ntags: ${v}\nx: 1`), '\na: x\nb: y\nc:\n  - 1\n  - 2.5\n  - -3\n  - 0x1\n  - ~\n  - True\n  - "q"\nd: e',
];

/** Scalars near the edges of js-yaml's plain-scalar and core-schema rules, each tried as a value, an item, a flow item and a key. */
const EDGE_SCALARS = ['b :c', 'b:c', 'b :', 'x -y', 'x - y', 'x #', 'x#', '~x', 'x~', '0x', '1.', '.', '+', '1_', '_1', '0b101', '0o', '00', '012', '1:2', '1,000',
  '%', '=', '<<', '!', '"x"y"', 'x\u00a0', '\u2003x', 'true false', 'null null', '-0', '+.5', '1e', '1e+', '.e3', '0.', '9'.repeat(30), 'Infinity', 'NaN', '.Inf',
  '.NAN', '0x_1', '0_', 'TRUE', 'tRUE', 'y', 'n', 'on', '=x', 'x=', '[x', 'x]', '{x', 'x}', 'x,', ',', 'x\\', '\\x', "x'", "'x", '"x', 'x"', '@', 'x@', '`', 'x`',
  '|x', 'x|', '>x', 'x>', '*', 'x*', '&', 'x&', '?', 'x?', '-', 'x-'];

describe('simpleYaml: js-yaml\'s answer or none', () => {
  it('scalars near the edges of the rules, as values, items, flow items and keys', () => {
    let answered = 0;
    for (const v of EDGE_SCALARS) for (const src of [`\na: ${v}`, `\nl:\n  - ${v}`, `\nf: [${v}]`, `\n${v}: 1`]) if (agrees(src)) answered++;
    expect(answered).toBeGreaterThan(150);
  });

  it('answers for the blocks it is for', () => {
    for (const src of ['\ntitle: "x"\ndate: 2020-05-19\ntags:\n  - a\n  - b', '\ntitle: "中文：标题"\n发布日期: 2026-02-27\n\n来源: "https://x.y/z"']) {
      expect(agrees(src)).toBe(true);
    }
  });

  it.each(TRICKY.map((b) => [JSON.stringify(b), b]))('%s', (_name, src) => {
    agrees(src);
  });

  it('every fixture and sample-vault note with frontmatter', () => {
    const blocks = [...notesUnder(path.resolve(import.meta.dirname, 'fixtures')), ...notesUnder(path.resolve(import.meta.dirname, '..', 'vault'))]
      .map(blockOf).filter((b): b is string => b !== undefined);
    expect(blocks.length).toBeGreaterThan(20);
    const answered = blocks.filter(agrees).length;
    expect(answered).toBeGreaterThan(5);
  });

  it('10,000 random blocks built from the pieces that matter', () => {
    const rand = mulberry32(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    // Mostly plain pieces (so that many blocks reach the fast path), some of every kind that must not.
    const either = <T>(good: readonly T[], bad: readonly T[]): T => (rand() < 0.85 ? pick(good) : pick(bad));
    const key = () => either(['title', 'date', 'tags', 'a', 'a b', '中文', '键 二', 'x1'], ['true', 'True', 'null', '~', '1', '1.0', '0x1F', '.inf', '.nan', '__proto__', 'constructor',
      'a#b', '-a', '?a', '<<', '"q"', "'q'", 'a\tb', 'a ', ' a', 'k:v', 'title', 'a']);
    const sep = () => either([': '], [':', ':  ', ' : ', ':\t', ': \t']);
    const value = () => either(['x', 'x y', '"x"', "'x'", '"中文：标题"', '2020-05-19', 'https://x.y/z?q=1#f', '中文', 'C#', "it's", '""', "''", '[a, b]', '[元语]', '["a", 1]'],
      ['"a\\"b"', "'it''s'", '12:30', '0x1F', '0o7', '1_000', '.5', '+1', '-1', '1e3', '-.inf', '.NaN', 'yes', 'True', 'FALSE', 'NULL', '~', 'null', '[a, b]', '{a: 1}',
        '&a x', '*a', '!t x', '|', '>', 'a # c', 'a#c', 'a: b', 'a:', ':a', '中文　', '　', 'a ', '"x" ', '-', '- a', '%x', '@x', '`x`', ',x', 'x,y', '[[L]]', '"[[L]]"',
        '\u00a0', 'x\u0085', '\ud83d\ude00', '', '[]', '[ ]', '[a,]', '[a b]', '[a:b]', '[a, [b]]', '[a] x', '[a #b]', '[1, ~, True]', '[-a]', '["a, b"]', "['x']"]);
    const line = () => {
      const r = rand();
      if (r < 0.45) return `${key()}${sep()}${value()}`;
      if (r < 0.6) return `${key()}:`;
      if (r < 0.85) return `${' '.repeat(rand() < 0.8 ? 2 : Math.floor(rand() * 5))}-${either([' '], ['  ', ''])}${value()}`;
      if (r < 0.9) return pick(['', '', ' ', '# c', '  # c', '---', '...']);
      return `${' '.repeat(1 + Math.floor(rand() * 3))}${value()}`;
    };
    let answered = 0;
    for (let n = 0; n < 10_000; n++) {
      const count = 1 + Math.floor(rand() * 6);
      const src = `${either([''], [' ', '  '])}\n${Array.from({ length: count }, line).join('\n')}`;
      if (agrees(src)) answered++;
    }
    expect(answered).toBeGreaterThan(1000); // the generator reaches the fast path often enough to mean something
  });

  it('parseYaml: same data with and without the fast path', () => {
    for (const src of TRICKY) {
      if (/(?:^|[\s[{,])&[^\s]/.test(src)) continue; // anchors go to the yaml package, never here
      let slow: unknown;
      try { slow = jsyaml.load(src, { schema: jsyaml.CORE_SCHEMA }); } catch { slow = 'error'; }
      let got: unknown;
      try { got = parseYaml(src); } catch { got = 'error'; }
      expect(same(got, slow)).toBe(true);
    }
  });
});
