// Spec: wikilinks (docs/OBSIDIAN-LINKS.md §3 W1–W6), Markdown links (§4 M1–M5), where links count (§2),
// positions, the list-item `tail`, headings and block ids. One named test per rule.

import { describe, expect, it } from 'vitest';
import { findMarkdownLinks, findWikilinks, splitLinktext } from '../src/core/parse/links.ts';
import { parseNote } from '../src/core/parse/note.ts';
import type { RawLink } from '../src/core/types.ts';

const OPTS = { indexComments: true };
const parse = (text: string, opts: Partial<typeof OPTS> = {}) => parseNote('src/x.md', text, { ...OPTS, ...opts });
/** Targets of the links found, in order (subpath appended when present). */
const targets = (text: string, opts: Partial<typeof OPTS> = {}) =>
  parse(text, opts).links.map((l) => l.target + (l.subpath ?? ''));
const only = (text: string): RawLink => {
  const links = parse(text).links;
  expect(links, `exactly one link in ${JSON.stringify(text)}`).toHaveLength(1);
  return links[0]!;
};
const shape = (l: RawLink) => ({ target: l.target, subpath: l.subpath, alias: l.alias, embed: l.embed, syntax: l.syntax });

describe('§12 conformance rows (parse level; graph-level rows are in resolve.test.ts)', () => {
  it.each([
    ['`[[A]]`', 'x `[[A]]` y'],
    ['fenced ```[[A]]```', '```\n[[A]]\n```'],
    ['$[[A]]$', 'x $[[A]]$ y'],
    ['<div>[[A]]</div> block', '<div>[[A]]</div>'],
  ])('%s → no link', (_name, text) => {
    expect(targets(text)).toEqual([]);
  });
  it('%%[[A]]%% → link to A (flag indexComments)', () => {
    expect(targets('%%[[A]]%%')).toEqual(['A']);
    expect(targets('%%[[A]]%%', { indexComments: false })).toEqual([]);
  });
  it('[[A|b|c]] → linktext A, display b|c', () => {
    const l = only('[[A|b|c]]');
    expect([l.target, l.alias]).toEqual(['A', 'b|c']);
  });
  it('[t](A%20B.md), [t](<A B.md>), [t](A B.md) → A B, A B, not a link', () => {
    expect(targets('[t](A%20B.md) [t](<A B.md>) [t](A B.md)')).toEqual(['A B.md', 'A B.md']);
  });
  it('[t](https://x), [t][r] + [r]: A.md → external, not a graph link', () => {
    expect(targets('[t](https://x) [t][r]\n\n[r]: A.md')).toEqual([]);
  });
});

describe('W1 wikilink grammar: [[…]] on one line, shortest content, inner [[ wins', () => {
  it.each([
    ['a plain link', 'see [[Note]] here', ['Note']],
    ['two links on a line', '[[A]] and [[B]]', ['A', 'B']],
    ['the content ends at the first ]]', '[[A]]]', ['A']],
    ['a nested [[ rejects the outer match: [[a [[b]] c]] → b', '[[a [[b]] c]]', ['b']],
    ['a link cannot span lines', '[[A\nB]]', []],
    ['empty [[]] is no link', '[[]]', []],
    ['blank [[ ]] is no link', '[[   ]]', []],
    ['an unclosed [[ is no link', '[[A and more', []],
  ])('%s', (_name, text, expected) => {
    expect(targets(text)).toEqual(expected);
  });
});

describe('W2 embeds', () => {
  it('![[x]] is an embed, and still a link', () => {
    expect(shape(only('![[Note]]'))).toEqual({ target: 'Note', subpath: undefined, alias: undefined, embed: true, syntax: 'wiki' });
  });
  it('[[x]] without ! is not an embed', () => {
    expect(only('a [[Note]]').embed).toBe(false);
  });
  it('an embed starts at its !', () => {
    const l = only('ab ![[Note]]');
    expect([l.column, l.raw]).toEqual([4, '![[Note]]']);
  });
});

describe('W3 display text: split at the first | unless it is the first character', () => {
  it.each([
    ['[[Note|Shown]]', 'Note', 'Shown'],
    ['[[A|b|c]]', 'A', 'b|c'],
    ['[[ A | b ]]', 'A', 'b'],
    ['[[|x]]', '|x', undefined],
    ['[[Note]]', 'Note', undefined],
  ])('%s → linktext %j, display %j', (text, target, alias) => {
    const l = only(text);
    expect([l.target, l.alias]).toEqual([target, alias]);
  });
  it('table escape [[A\\|b]] inside a table cell: trailing \\ dropped from the linktext', () => {
    const l = only('| col |\n| --- |\n| [[A\\|b]] |');
    expect([l.target, l.alias, l.line]).toEqual(['A', 'b', 3]);
  });
  it('splitLinktext drops the trailing \\ before | ', () => {
    expect(splitLinktext('Note\\|Shown', false)).toEqual({ target: 'Note', subpath: undefined, alias: 'Shown' });
  });
});

describe('W4 path and subpath: split the linktext at its first #', () => {
  it.each([
    ['[[A#B#C]]', 'A', '#B#C', undefined],
    ['[[A#H|x]]', 'A', '#H', 'x'],
    ['[[A#^id]]', 'A', '#^id', undefined],
    ['[[#Heading]] (self link)', '', '#Heading', undefined],
    ['[[#^id]] (self link)', '', '#^id', undefined],
    ['[[a.pdf#page=3]]', 'a.pdf', '#page=3', undefined],
  ])('%s', (text, target, subpath, alias) => {
    const l = only(text.replace(/ \(.*\)$/, ''));
    expect([l.target, l.subpath, l.alias]).toEqual([target, subpath, alias]);
  });
  it('[[A.md]], [[a]] and [[A ]] all keep a linkpath that resolves like [[A]] (trimmed, .md kept for the resolver)', () => {
    expect(targets('[[A.md]] [[a]] [[A ]] [[ A]]')).toEqual(['A.md', 'a', 'A', 'A']);
  });
  it('R3: NBSP becomes a space and the linktext is trimmed', () => {
    expect(only('[[A\u00a0B\u00a0]]').target).toBe('A B');
  });
  it('R3: linktext is normalised to NFC', () => {
    expect(only('[[Cafe\u0301]]').target).toBe('Caf\u00e9');
  });
});

describe('W6 image sizing: a size-only display part of an embed is not an alias', () => {
  it.each([
    ['![[img.png|100x145]]', undefined],
    ['![[img.png|100]]', undefined],
    ['![[img.png|a caption]]', 'a caption'],
    ['[[Note|100]] (not an embed: a display text)', '100'],
  ])('%s → alias %j', (text, alias) => {
    expect(only(text.replace(/ \(.*\)$/, '')).alias).toBe(alias);
  });
});

describe('M1 Markdown links: internal when dest has no URL scheme', () => {
  it.each([
    ['[t](A.md)', ['A.md']],
    ['[t](https://x.com/a.md)', []],
    ['[t](http://x)', []],
    ['[t](mailto:a@b.c)', []],
    ['[t](obsidian://open?vault=v&file=A)', []],
    ['[t](file:///tmp/a.md)', []],
    ['[t](//host/a.md) protocol-relative', []],
    ['![250](https://x.com/p.png)', []],
  ])('%s → %j', (text, expected) => {
    expect(targets(text)).toEqual(expected);
  });
  it('[text](dest) keeps text as the display and is not an embed', () => {
    expect(shape(only('[the text](A.md)'))).toEqual({ target: 'A.md', subpath: undefined, alias: 'the text', embed: false, syntax: 'markdown' });
  });
  it('![alt](pic.png) with an internal dest is an embed (E2)', () => {
    const l = only('![alt](pic.png)');
    expect([l.target, l.embed, l.syntax]).toEqual(['pic.png', true, 'markdown']);
  });
});

describe('M2 percent-decoding with decodeURI semantics', () => {
  it.each([
    ['[t](A%20B.md)', ['A B.md']],
    ['[t](Three%20laws%20of%20motion.md)', ['Three laws of motion.md']],
    ['[t](%E4%B8%AD%E6%96%87.md)', ['中文.md']],
    ['[t](A%23B.md) keeps %23 literal (not a subpath)', ['A%23B.md']],
    ['[t](a%2Fb.md) keeps %2F literal', ['a%2Fb.md']],
    ['[t](100%.md) a stray % drops the link', []],
    ['[t](Cafe%CC%81.md) decoded NFD is cleaned to NFC', ['Caf\u00e9.md']],
  ])('%s', (text, expected) => {
    expect(targets(text.replace(/ [a-z].*$/, ''))).toEqual(expected);
  });
  it('%23 does not create a subpath', () => {
    expect(only('[t](A%23B.md)').subpath).toBeUndefined();
  });
});

describe('M3 CommonMark destination rules', () => {
  it.each([
    ['[t](A B.md) a raw space ends the destination: not a link', '[t](A B.md)', []],
    ['[t](<A B.md>) angle brackets allow spaces', '[t](<A B.md>)', ['A B.md']],
    ['[t](A.md "title") a title is not part of the destination', '[t](A.md "title")', ['A.md']],
    ['balanced parentheses in the destination', '[t](a_(b).md)', ['a_(b).md']],
  ])('%s', (_name, text, expected) => {
    expect(targets(text)).toEqual(expected);
  });
});

describe('M4 .md optional, subpaths, self links', () => {
  it.each([
    ['[x](Note)', 'Note', undefined],
    ['[x](Note.md#Details)', 'Note.md', '#Details'],
    ['[x](Note.md#^id)', 'Note.md', '#^id'],
    ['[x](#Details) (self link)', '', '#Details'],
    ['[](#Heading) (self link, empty text)', '', '#Heading'],
  ])('%s', (text, target, subpath) => {
    const l = only(text.replace(/ \(.*\)$/, ''));
    expect([l.target, l.subpath]).toEqual([target, subpath]);
  });
});

describe('M5 reference links and <a href> are not graph links', () => {
  it('[x][ref] with [ref]: A.md is no link', () => {
    expect(targets('see [x][ref]\n\n[ref]: A.md')).toEqual([]);
  });
  it('collapsed [ref][] and shortcut [ref] with a definition are no links', () => {
    expect(targets('[ref][] and [ref]\n\n[ref]: A.md "t"')).toEqual([]);
  });
  it('<a href="A.md"> is no link', () => {
    expect(targets('a <a href="A.md">x</a> b')).toEqual([]);
  });
  it('a Markdown link is not also matched inside a wikilink', () => {
    expect(targets('[[A|[t](B.md)]]')).toEqual(['A']);
  });
});

describe('§2 contexts where links count', () => {
  it.each([
    ['paragraph', 'text [[A]] text'],
    ['heading', '## Heading [[A]]'],
    ['list item', '- item [[A]]'],
    ['task item', '- [ ] task [[A]]'],
    ['ordered list item', '1. item [[A]]'],
    ['block quote', '> quote [[A]]'],
    ['callout body', '> [!note] Title\n> body [[A]]'],
    ['table cell', '| a | b |\n| - | - |\n| [[A]] | x |'],
    ['footnote body', 'text[^1]\n\n[^1]: see [[A]]'],
    ['between inline HTML tags in a paragraph', 'a <span>x</span> [[A]]'],
    ['an unmatched backtick is a literal', 'a ` b [[A]]'],
    ['a $ price is not math: $5 and [[A]] and $6', 'costs $5 and [[A]] and $6'],
    ['indented continuation of a list item after a blank line', '- item\n\n    [[A]]'],
    ['indented lazy line right after a list item', '- item\n    [[A]]'],
    ['indented line continuing a paragraph (indented code cannot interrupt a paragraph)', 'para\n    [[A]]'],
    ['after a closed fence', '```\ncode\n```\n[[A]]'],
    ['after an HTML block ends at a blank line', '<div>\nx\n</div>\n\n[[A]]'],
    ['after an HTML comment closes on the same line', '<!-- c --> [[A]]'],
    ['after $$ math closes', '$$\nx\n$$\n[[A]]'],
    ['a Markdown link whose text holds a code span with ]', 'see [a `]` b](A)'],
    ['after an unclosed fence in a block quote, once the quote ends', '> ```\n> [[B]]\n\n[[A]]'],
    ['after an unclosed fence in a list item, once the item ends', '- item\n  ```\n  [[B]]\n\n[[A]]'],
  ])('%s: counted', (_name, text) => {
    expect(targets(text)).toEqual(['A']);
  });

  it.each([
    ['inline code `[[A]]`', 'x `[[A]]` y'],
    ['inline code with a double-backtick run', 'x `` a `[[A]]` b `` y'],
    ['markdown link in inline code', 'x `[t](A.md)` y'],
    ['fenced ``` block', '```\n[[A]]\n```'],
    ['fenced ``` block with an info string', '```js\n[[A]]\n```'],
    ['fenced ~~~ block', '~~~\n[[A]]\n~~~'],
    ['a ``` fence is not closed by ~~~', '```\n~~~\n[[A]]\n```'],
    ['a ```` fence is not closed by ```', '````\n```\n[[A]]\n````'],
    ['an unclosed fence runs to the end', 'text\n```\n[[A]]\n\nmore [[A]]'],
    ['an indented top-level fence runs on over less indented lines', '  ```\n[[A]]\n  ```'],
    ['a fence in a list item keeps lines indented like it', '- item\n  ```\n  [[A]]\n\n  [[A]]\n  ```'],
    ['fence inside a list item', '- item\n  ```\n  [[A]]\n  ```'],
    ['fence inside a block quote', '> ```\n> [[A]]\n> ```'],
    ['fence indented 4 spaces under a list item (2 past the item content)', '- step\n    ```\n    [[A]]\n    ```'],
    ['fence indented with a tab under a list item', '- step\n\t```\n\t[[A]]\n\t```'],
    ['indented code after a blank line', 'para\n\n    [[A]]'],
    ['indented code with a tab after a blank line', 'para\n\n\t[[A]]'],
    ['inline math $[[A]]$', 'x $[[A]]$ y'],
    ['display math $$[[A]]$$ on one line', 'x $$[[A]]$$ y'],
    ['display math block $$ … $$', '$$\n[[A]]\n$$'],
    ['HTML block <div>[[A]]</div>', '<div>[[A]]</div>'],
    ['multi-line HTML block', '<div>\n[[A]]\n</div>'],
    ['HTML block continues until a blank line', '<div>\ntext\n[[A]]'],
    ['HTML comment <!-- [[A]] -->', 'x <!-- [[A]] --> y'],
    ['multi-line HTML comment', '<!--\n[[A]]\n-->'],
    ['markdown link in an HTML comment', '<!-- [t](A.md) -->'],
    ['escaped \\[[A]]', '\\[[A]]'],
    ['escaped \\[t](A.md)', '\\[t](A.md)'],
    ['<script> raw block', '<script>\nvar x = "[[A]]";\n</script>'],
  ])('%s: no link', (_name, text) => {
    expect(targets(text)).toEqual([]);
  });

  it('an escaped backslash does not escape the link: \\\\[[A]] counts', () => {
    expect(targets('\\\\[[A]]')).toEqual(['A']);
  });
  it('a code span may span a line break inside a paragraph (CommonMark): no link inside it', () => {
    expect(targets('text `code\n[[A]] more` after [[B]]')).toEqual(['B']);
  });
  it('between two HTML comments on one line, a link counts', () => {
    expect(targets('<!-- a --> [[B]] <!-- [[C]] -->')).toEqual(['B']);
  });
  it('with indexComments:false, %% inside inline code opens no comment', () => {
    expect(targets('`%%` [[A]] `%%`', { indexComments: false })).toEqual(['A']);
  });
  it('links after a multi-line HTML comment are counted again', () => {
    expect(targets('<!--\n[[A]]\n-->\n[[B]]')).toEqual(['B']);
  });
  it('links after a multi-line $$ block on the closing line are counted', () => {
    expect(targets('$$\nx [[A]]\n$$ [[B]]')).toEqual(['B']);
  });

  describe('%% Obsidian comments (indexComments, default true = faithful)', () => {
    it('%%[[A]]%% is a link by default', () => {
      expect(targets('x %%[[A]]%% y')).toEqual(['A']);
    });
    it('a multi-line %% block is indexed by default', () => {
      expect(targets('%%\n[[A]]\n%%\n[[B]]')).toEqual(['A', 'B']);
    });
    it('with indexComments:false, %%[[A]]%% is no link', () => {
      expect(targets('x %%[[A]]%% y [[B]]', { indexComments: false })).toEqual(['B']);
    });
    it('with indexComments:false, a multi-line %% block hides its links only', () => {
      expect(targets('[[Z]]\n%%\n[[A]]\n%%\n[[B]]', { indexComments: false })).toEqual(['Z', 'B']);
    });
  });
});

describe('positions: 1-based line and column in UTF-16 units, frontmatter lines counted', () => {
  it('first link at line 1, column 1', () => {
    expect(parse('[[A]]').links.map((l) => [l.line, l.column])).toEqual([[1, 1]]);
  });
  it('columns of several links on one line', () => {
    expect(parse('ab [[A]] [t](B.md) ![[C]]').links.map((l) => [l.target, l.column])).toEqual([['A', 4], ['B.md', 10], ['C', 20]]);
  });
  it('lines after a three-line frontmatter block are file lines', () => {
    const links = parse('---\ntitle: t\n---\nfirst [[A]]\n\nthen [[B]]').links;
    expect(links.map((l) => [l.target, l.line, l.column])).toEqual([['A', 4, 7], ['B', 6, 6]]);
  });
  it('CJK and astral characters count as UTF-16 code units', () => {
    expect(parse('中文 [[A]]').links[0]!.column).toBe(4);
    expect(parse('🚀 [[A]]').links[0]!.column).toBe(4);
  });
  it('CRLF line ends do not shift lines or columns', () => {
    expect(parse('---\r\nt: 1\r\n---\r\na\r\n  [[A]]\r\n').links.map((l) => [l.line, l.column])).toEqual([[5, 3]]);
  });
  it('raw is the link exactly as written', () => {
    expect(parse('x ![[A#H|x]] [t](B.md#c)').links.map((l) => l.raw)).toEqual(['![[A#H|x]]', '[t](B.md#c)']);
  });
  it('body links have origin body and no key', () => {
    const l = only('[[A]]');
    expect([l.origin, l.key]).toEqual(['body', undefined]);
  });
  it('keeps every link of a note, however many (no maxLinksPerNote)', () => {
    const n = parse('[[A]] '.repeat(30_000));
    expect(n.links).toHaveLength(30_000);
    expect(n.diagnostics).toEqual([]);
  });
});

describe('tail: the rest of the line after a link that starts a list item', () => {
  it.each([
    ['- [[A]]；关联理由：引用', '；关联理由：引用'],
    ['* [[A]] rest', ' rest'],
    ['+ [[A]] rest', ' rest'],
    ['1. [[A]] rest', ' rest'],
    ['2) [[A]] rest', ' rest'],
    ['- [ ] [[A]] rest', ' rest'],
    ['- [x] [[A]] rest', ' rest'],
    ['  - [[A]] nested', ' nested'],
    ['- [t](A.md) rest', ' rest'],
    ['- [[A]]', ''],
  ])('%j → tail %j', (text, tail) => {
    expect(parse(text).links[0]!.tail).toBe(tail);
  });
  it.each([
    ['not a list item', '[[A]] rest'],
    ['not the first thing in the item', '- see [[A]] rest'],
  ])('%s → no tail', (_name, text) => {
    expect(parse(text).links[0]!.tail).toBeUndefined();
  });
  it('only the first link of the item has a tail', () => {
    expect(parse('- [[A]] and [[B]]').links.map((l) => l.tail)).toEqual([' and [[B]]', undefined]);
  });
});

describe('headings and their parents', () => {
  it('levels, texts, lines and parents', () => {
    const n = parse('---\nt: 1\n---\n# A\n## B\n### C\n## D\n# E\n### F');
    expect(n.headings).toEqual([
      { level: 1, text: 'A', line: 4, parent: -1 },
      { level: 2, text: 'B', line: 5, parent: 0 },
      { level: 3, text: 'C', line: 6, parent: 1 },
      { level: 2, text: 'D', line: 7, parent: 0 },
      { level: 1, text: 'E', line: 8, parent: -1 },
      { level: 3, text: 'F', line: 9, parent: 4 },
    ]);
  });
  it('closing #s are not part of the heading text', () => {
    expect(parse('## Title ##').headings.map((h) => h.text)).toEqual(['Title']);
  });
  it.each([
    ['#tag without a space', '#tag'],
    ['seven #s', '####### seven'],
    ['in a fenced code block', '```\n# not\n```'],
    ['in an HTML comment', '<!--\n# not\n-->'],
    ['four spaces of indent after a blank line', 'p\n\n    # not'],
  ])('not a heading: %s', (_name, text) => {
    expect(parse(text).headings).toEqual([]);
  });
  it('a link records the nearest heading above it (-1 before any heading)', () => {
    const n = parse('[[Z]]\n# A\n[[X]]\n## B\n[[Y]]');
    expect(n.links.map((l) => [l.target, l.heading])).toEqual([['Z', -1], ['X', 0], ['Y', 1]]);
  });
});

describe('S2 block ids', () => {
  it.each([
    ['at the end of a paragraph after a space', 'some text ^37066d', ['37066d']],
    ['at the end of a list line', '- item ^li-1', ['li-1']],
    ['alone on its line', '> quote\n\n^quote-id\n', ['quote-id']],
    ['lowercased', 'text ^ABC', ['abc']],
    ['not without a space before ^', 'text^abc', []],
    ['not with characters outside [A-Za-z0-9-]', 'text ^a_b', []],
    ['not in a fenced code block', '```\ntext ^abc\n```', []],
    ['not in inline code', 'text `^abc`', []],
  ])('%s', (_name, text, expected) => {
    expect(parse(text).blocks).toEqual(expected);
  });
});

describe('line-level extractors', () => {
  it('findWikilinks reports start/end indices in the line', () => {
    const line = 'a ![[B]] [[C|d]]';
    expect(findWikilinks(line, line).map((l) => [l.start, l.end, l.embed])).toEqual([[2, 8, true], [9, 16, false]]);
  });
  it('findMarkdownLinks reads the destination from the original line', () => {
    const line = '[t](A%20B.md)';
    expect(findMarkdownLinks(line, line).map((l) => l.target)).toEqual(['A B.md']);
  });
});
