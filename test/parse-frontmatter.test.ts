// Spec: frontmatter detection and safety (docs/OBSIDIAN-LINKS.md §8 F1–F6, docs/STACK.md §3), property links
// (F2), aliases (F3) and frontmatter tags (F4).

import { describe, expect, it } from 'vitest';
import { parseFrontmatter } from '../src/core/parse/frontmatter.ts';
import { parseNote } from '../src/core/parse/note.ts';
import { propertyLinks, unquotedWikilinks } from '../src/core/parse/properties.ts';
import { frontmatterAliases, frontmatterTags } from '../src/core/parse/tags.ts';

const OPTS = { indexComments: true };
const parse = (text: string) => parseNote('src/x.md', text, OPTS);
const codes = (text: string) => parse(text).diagnostics.map((d) => [d.code, d.line]);
const fm = (yaml: string) => parse(`---\n${yaml}\n---\n`);

describe('F1 detection: the first line must be exactly ---', () => {
  it('a closed block is read as properties; the body starts after the closing fence', () => {
    const n = parse('---\ntitle: T\n---\n[[A]]');
    expect(n.frontmatter).toEqual({ title: 'T' });
    expect(n.links.map((l) => [l.target, l.line])).toEqual([['A', 4]]);
    expect(n.diagnostics).toEqual([]);
  });
  it('a closing fence at the end of the file, without a newline', () => {
    expect(parse('---\ntitle: T\n---').frontmatter).toEqual({ title: 'T' });
  });
  it.each([
    ['a blank line before ---', '\n---\ntitle: T\n---\n'],
    ['a space before ---', ' ---\ntitle: T\n---\n'],
    ['text on line 1', 'hello\n---\ntitle: T\n---\n'],
  ])('no frontmatter when %s', (_name, text) => {
    const n = parse(text);
    expect(n.frontmatter).toEqual({});
    expect(n.diagnostics).toEqual([]);
  });
  it('a --- later in the body is a thematic break, not frontmatter', () => {
    const n = parse('text\n---\ntitle: T\n---\n[[A]]');
    expect(n.frontmatter).toEqual({});
    expect(n.links.map((l) => [l.target, l.line])).toEqual([['A', 5]]);
  });
  it('JSON frontmatter is read as YAML', () => {
    expect(parse('---\n{"title": "J", "up": "[[A]]"}\n---\n').frontmatter).toEqual({ title: 'J', up: '[[A]]' });
  });
  it('title: a non-empty frontmatter title, else the file name', () => {
    expect(parse('---\ntitle: "  T  "\n---\n').title).toBe('T');
    expect(parse('---\ntitle: ""\n---\n').title).toBe('x');
    expect(parse('---\ntitle: 42\n---\n').title).toBe('x');
  });
});

describe('F1 unclosed frontmatter: the whole file is body, nothing swallowed', () => {
  const text = '---\ntitle: x\n\nNote: this is prose, and [[Link]] here\n#tag\n';
  it('gives frontmatter-unclosed on line 1 and no properties', () => {
    const n = parse(text);
    expect(n.frontmatter).toEqual({});
    expect(n.diagnostics.map((d) => [d.code, d.line, d.path])).toEqual([['frontmatter-unclosed', 1, 'src/x.md']]);
  });
  it('keeps the links and tags of the body at their file lines', () => {
    const n = parse(text);
    expect(n.links.map((l) => [l.target, l.line, l.column])).toEqual([['Link', 4, 26]]);
    expect(n.tags.map((t) => [t.name, t.line])).toEqual([['tag', 5]]);
  });
});

describe('F1 not a mapping: no properties', () => {
  it.each([
    ['a scalar', 'just text'],
    ['a list', '- a\n- "[[A]]"'],
  ])('%s → frontmatter-not-mapping, no properties, no property links', (_name, yaml) => {
    const n = fm(yaml);
    expect(n.frontmatter).toEqual({});
    expect(n.links).toEqual([]);
    expect(n.diagnostics.map((d) => d.code)).toEqual(['frontmatter-not-mapping']);
  });
  it('an empty block is no problem', () => {
    expect(codes('---\n---\n[[A]]')).toEqual([]);
    expect(parse('---\n---\n[[A]]').links.map((l) => l.line)).toEqual([3]);
  });
  it('a block of blank and # comment lines is no properties and no problem (gray-matter\'s rule)', () => {
    expect(parseFrontmatter('---\n# a comment\n\n  # another\n---\nbody').data).toEqual({});
    expect(codes('---\n# a comment\n---\n[[A]]')).toEqual([]);
  });
});

describe('gray-matter\'s rules, kept without gray-matter', () => {
  it('the parser reads from the end of the opening --- so its error lines are file lines', () => {
    expect(parse('---  \ntitle: x\nbad: [\n---\n').diagnostics.map((d) => [d.code, d.line])).toEqual([['frontmatter-invalid', 4]]);
  });
  it('an excerpt_separator with no string form makes the block invalid, as gray-matter did', () => {
    expect(codes('---\nexcerpt_separator: {toString: 1}\n---\n')).toEqual([['frontmatter-invalid', 1]]);
    expect(parse('---\nexcerpt_separator: "<!-- more -->"\n---\n').frontmatter).toEqual({ excerpt_separator: '<!-- more -->' });
  });
});

describe('F1 invalid YAML: no properties, tags or property links; diagnostic with the file line', () => {
  it.each([
    ['a duplicate key (line 3)', '---\ntitle: a\ntitle: b\n---\n[[A]]', 3],
    ['"title: Foo: bar" (line 2)', '---\ntitle: Foo: bar\n---\n[[A]]', 2],
    ['an unclosed flow list (reported at line 4)', '---\na: 1\nb: [1, 2\nc: 3\n---\n[[A]]', 4],
    ['a bad indent (line 3)', '---\na: 1\n bad: 2\n---\n[[A]]', 3],
    ['an error in a block with an anchor (yaml engine, line 4)', '---\nx: &a 1\ny: *a\nc: : d\n  e: f\n---\n[[A]]', 4],
  ])('%s', (_name, text, line) => {
    const n = parse(text);
    expect(n.frontmatter).toEqual({});
    expect(n.diagnostics.map((d) => [d.code, d.line])).toEqual([['frontmatter-invalid', line]]);
    expect(n.links.map((l) => [l.target, l.origin])).toEqual([['A', 'body']]);
  });
  it('property links and frontmatter tags of an invalid block are ignored', () => {
    const n = parse('---\nup: "[[B]]"\ntags: [t]\nbad: : x\n---\n[[A]]');
    expect(n.links.map((l) => l.target)).toEqual(['A']);
    expect(n.tags).toEqual([]);
  });
});

describe('F6 / STACK §3a: ---js frontmatter never runs', () => {
  const g = globalThis as Record<string, unknown>;
  it.each([
    ['---js'], ['---javascript'], ['---JS'], ['--- js'], ['---JavaScript'],
  ])('%s: no side effect, diagnostic frontmatter-js on line 1', (fence) => {
    delete g.__VG_PWNED;
    const n = parse(`${fence}\n{ side: (globalThis.__VG_PWNED = "ran", 1) }\n---\n[[A]]`);
    expect(g.__VG_PWNED).toBeUndefined();
    expect(n.frontmatter).toEqual({});
    expect(n.diagnostics.map((d) => [d.code, d.line])).toEqual([['frontmatter-js', 1]]);
  });
  it('parseFrontmatter alone never runs it either (also when the js has a require)', () => {
    delete g.__VG_PWNED;
    const r = parseFrontmatter('---js\nglobalThis.__VG_PWNED = require("fs") && "ran"; ({})\n---\nbody');
    expect(g.__VG_PWNED).toBeUndefined();
    expect(r.problem?.code).toBe('frontmatter-js');
  });
  it('an unknown fence language (---toml) does not throw', () => {
    expect(() => parse('---toml\ntitle = "x"\n---\n')).not.toThrow();
    expect(parse('---toml\ntitle = "x"\n---\n').frontmatter).toEqual({});
  });
});

describe('STACK §3 c-bomb: an alias bomb is rejected quickly', () => {
  const bomb = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
    'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  ].join('\n');
  it('gives frontmatter-invalid and no properties, in well under a second, and the note stays serialisable', () => {
    const t0 = performance.now();
    const n = parse(`---\n${bomb}\n---\n[[A]]`);
    const json = JSON.stringify(n);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(n.frontmatter).toEqual({});
    expect(n.diagnostics.map((d) => d.code)).toEqual(['frontmatter-invalid']);
    expect(json.length).toBeLessThan(10_000);
    expect(n.links.map((l) => l.target)).toEqual(['A']);
  });
  it('a modest anchor and alias still parse', () => {
    expect(fm('base: &b {x: 1}\nother: *b').frontmatter).toEqual({ base: { x: 1 }, other: { x: 1 } });
  });
});

describe('STACK §3d: a __proto__ key is harmless', () => {
  it.each([
    ['js-yaml path', '__proto__:\n  isAdmin: true'],
    ['yaml path (block has an anchor)', 'x: &a 1\n__proto__:\n  isAdmin: true'],
  ])('%s: an own property, no pollution, the prototype is unchanged', (_name, yaml) => {
    const data = fm(yaml).frontmatter as Record<string, unknown>;
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(data, '__proto__')).toBe(true);
    expect((data as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
  });
  it('constructor.prototype keys pollute nothing', () => {
    fm('constructor:\n  prototype:\n    polluted: true');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('STACK §3e: BOM and CRLF', () => {
  it('a BOM and CRLF line ends: properties without a trailing \\r, body at its file line', () => {
    const n = parse('\ufeff---\r\ntitle: crlf\r\nup: "[[B]]"\r\n---\r\ntext [[A]]\r\n');
    expect(n.frontmatter).toEqual({ title: 'crlf', up: '[[B]]' });
    expect(n.links.map((l) => [l.target, l.line, l.column, l.origin])).toEqual([['B', 3, 6, 'frontmatter'], ['A', 5, 6, 'body']]);
    expect(n.diagnostics).toEqual([]);
  });
  it('CR-only line ends are read as line ends', () => {
    const n = parse('---\rtitle: cr\r---\r[[A]]');
    expect(n.frontmatter).toEqual({ title: 'cr' });
    expect(n.links.map((l) => l.line)).toEqual([4]);
  });
});

describe('F6 types: YAML 1.2 core, dates and times stay strings', () => {
  it.each([
    ['js-yaml path', 'date: 2024-01-15\ntime: 12:30\nts: 2024-01-15T10:00:00Z'],
    ['yaml path (block has an anchor)', 'x: &a 1\ndate: 2024-01-15\ntime: 12:30\nts: 2024-01-15T10:00:00Z'],
  ])('%s', (_name, yaml) => {
    const d = fm(yaml).frontmatter;
    expect([d.date, d.time, d.ts]).toEqual(['2024-01-15', '12:30', '2024-01-15T10:00:00Z']);
  });
  it('numbers and booleans are core types', () => {
    expect(fm('n: 42\nb: true\nz: null').frontmatter).toEqual({ n: 42, b: true, z: null });
  });
});

describe('F2 property links: every string value that is exactly [[…]]', () => {
  const links = (yaml: string) => fm(yaml).links.map((l) => [l.key, l.target, l.subpath, l.alias, l.origin]);
  it.each([
    ['up: "[[Home]]"', [['up', 'Home', undefined, undefined, 'frontmatter']]],
    ["up: '[[Home]]' (single quotes)", [['up', 'Home', undefined, undefined, 'frontmatter']]],
    ['related: ["[[A]]", "[[B|bee]]"]', [['related.0', 'A', undefined, undefined, 'frontmatter'], ['related.1', 'B', undefined, 'bee', 'frontmatter']]],
    ['related:\n  - "[[A]]"\n  - "[[B#H]]"', [['related.0', 'A', undefined, undefined, 'frontmatter'], ['related.1', 'B', '#H', undefined, 'frontmatter']]],
    ['meta:\n  parent: "[[P]]"', [['meta.parent', 'P', undefined, undefined, 'frontmatter']]],
    ['a:\n  b:\n    - c: "[[Deep]]"', [['a.b.0.c', 'Deep', undefined, undefined, 'frontmatter']]],
    ['up: "  [[Home]]  " (surrounding spaces)', [['up', 'Home', undefined, undefined, 'frontmatter']]],
    ['note: "see [[A]]" (not the whole value)', []],
    ['note: "[[A]] and [[B]]" (two links in one value)', []],
    ['url: "[x](y.md)" (Markdown links are not parsed)', []],
    ['n: 5', []],
  ])('%j', (yaml, expected) => {
    expect(links(yaml.replace(/ \((?:single|not|two|Markdown|surrounding).*\)$/, ''))).toEqual(expected);
  });
  it('F2 walks any key: a wikilink value under aliases is a property link too', () => {
    expect(links('aliases: ["[[X]]"]')).toEqual([['aliases.0', 'X', undefined, undefined, 'frontmatter']]);
  });
  it('a property link records its file line and column', () => {
    const l = fm('title: t\nup: "[[Home]]"').links[0]!;
    expect([l.line, l.column, l.raw, l.heading, l.tail]).toEqual([3, 6, '[[Home]]', -1, undefined]);
  });
  it('an embed value "![[img.png]]" is a property embed', () => {
    expect(fm('cover: "![[img.png]]"').links.map((l) => [l.key, l.target, l.embed])).toEqual([['cover', 'img.png', true]]);
  });
  it('propertyLinks directly on data', () => {
    expect(propertyLinks({ up: '[[A]]', x: ['[[B]]', 3, null], y: { z: 'see [[C]]' } }).map((p) => [p.key, p.target])).toEqual([['up', 'A'], ['x.0', 'B']]);
  });
});

describe('F2 unquoted [[A]] in YAML: no link, diagnostic unquoted-wikilink-in-yaml', () => {
  it('up: [[A]] at the top level', () => {
    const n = fm('title: t\nup: [[A]]');
    expect(n.links).toEqual([]);
    expect(n.diagnostics.map((d) => [d.code, d.line])).toEqual([['unquoted-wikilink-in-yaml', 3]]);
  });
  it('a list item - [[A]]', () => {
    const n = fm('related:\n  - [[A]]');
    expect(n.links).toEqual([]);
    expect(n.diagnostics.map((d) => d.code)).toEqual(['unquoted-wikilink-in-yaml']);
  });
  it('a nested key meta.parent: [[A]]', () => {
    const n = fm('meta:\n  parent: [[A]]');
    expect(n.links).toEqual([]);
    expect(n.diagnostics.map((d) => [d.code, d.line])).toEqual([['unquoted-wikilink-in-yaml', 3]]);
  });
  it('unquotedWikilinks names the dotted keys', () => {
    expect(unquotedWikilinks({ up: [['A']], rel: ['x', [['B']]] })).toEqual(['up', 'rel.1']);
  });
});

describe('F3 aliases', () => {
  it.each([
    ['aliases: [AI, " KI "]', ['AI', 'KI']],
    ['Aliases: [AI] (any case)', ['AI']],
    ['ALIASES:\n  - AI\n  - 42\n  - ""', ['AI']],
    ['aliases: AI, KI (one string is one alias, no comma splitting)', ['AI, KI']],
    ['alias: AI (deprecated singular is not read)', []],
  ])('%j', (yaml, expected) => {
    expect(fm(yaml.replace(/ \(.*\)$/, '')).aliases).toEqual(expected);
  });
  it('frontmatterAliases on data', () => {
    expect(frontmatterAliases({ aliases: ['a', 1, ' b '] })).toEqual(['a', 'b']);
  });
});

describe('F4 frontmatter tags', () => {
  const tags = (yaml: string) => fm(yaml).tags.map((t) => t.name);
  it('tags: a, b → no tags, diagnostic tags-string-dropped on the tags line', () => {
    const n = fm('title: t\ntags: a, b');
    expect(n.tags).toEqual([]);
    expect(n.diagnostics.map((d) => [d.code, d.line])).toEqual([['tags-string-dropped', 3]]);
  });
  it.each([
    ['tags: [a, b]', ['a', 'b']],
    ['tags: [2024] (numbers dropped)', []],
    ['tags:\n  - 2024\n  - y2024', ['y2024']],
    ['tags: ["#a", b] (# prefix optional)', ['a', 'b']],
    ['tags: single', ['single']],
    ['tags: "#single"', ['single']],
    ['Tags: [a] (any case)', ['a']],
    ['tags: [" a "] (trimmed)', ['a']],
    ['tag: a (deprecated singular is not read)', []],
    ['tags: [inbox/to-read]', ['inbox/to-read']],
    ['summary: "about #ai" (hashtags in text properties are not tags)', []],
  ])('%j', (yaml, expected) => {
    expect(tags(yaml.replace(/ \(.*\)$/, ''))).toEqual(expected);
  });
  it('frontmatter tags have origin frontmatter', () => {
    expect(fm('tags: [a]').tags.map((t) => t.origin)).toEqual(['frontmatter']);
  });
  it('frontmatterTags reports the candidates dropped for a space', () => {
    expect(frontmatterTags({ tags: ['ok', 'not ok', 7] })).toEqual({ tags: ['ok'], droppedForSpace: ['not ok'] });
  });
});

describe('one shape: every result has the same fields in the same order (no "wrong map" deopts while a cold build warms up)', () => {
  const bomb = ['a: &a [1,1,1,1,1,1,1,1,1]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
  it.each([
    ['no frontmatter', 'just a body'],
    ['a mapping', '---\ntitle: x\n---\nbody'],
    ['only frontmatter', '---\ntitle: x\n---\n'],
    ['a ---js fence', '---js\n({})\n---\nbody'],
    ['unclosed', '---\ntitle: x\nbody'],
    ['not a mapping', '---\n- a\n---\nbody'],
    ['invalid YAML', '---\nbad: [\n---\nbody'],
    ['an alias bomb', `---\n${bomb}\n---\nbody`],
  ])('%s', (_name, text) => {
    expect(Object.keys(parseFrontmatter(text))).toEqual(['data', 'body', 'bodyLine', 'yaml', 'problem']);
  });
});
