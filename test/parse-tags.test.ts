// Spec: inline tags (docs/OBSIDIAN-LINKS.md §9 T1–T6) and where they count (§2).

import { describe, expect, it } from 'vitest';
import { buildGraph } from '../src/core/graph.ts';
import { DEFAULT_OPTIONS } from '../src/core/options.ts';
import { parseNote } from '../src/core/parse/note.ts';
import { findTags } from '../src/core/parse/tags.ts';

const OPTS = { indexComments: true };
const parse = (text: string, opts: Partial<typeof OPTS> = {}) => parseNote('src/x.md', text, { ...OPTS, ...opts });
const tags = (text: string, opts: Partial<typeof OPTS> = {}) => parse(text, opts).tags.map((t) => t.name);

describe('§12 conformance row: #1984, #y1984, #2024/05, a#b, (#x), ## T #p', () => {
  it.each([
    ['#1984', []],
    ['#y1984', ['y1984']],
    ['#2024/05', ['2024/05']],
    ['a#b', []],
    ['(#x)', []],
    ['## T #p', ['p']],
  ])('%s → %j', (text, expected) => {
    expect(tags(text)).toEqual(expected);
  });
});

describe('§12 conformance row: tags: a, b / tags: [a, b] / tags: [2024]', () => {
  const fmTags = (yaml: string) => parse(`---\n${yaml}\n---\n`).tags.map((t) => t.name);
  it.each([
    ['tags: a, b', []],
    ['tags: [a, b]', ['a', 'b']],
    ['tags: [2024]', []],
  ])('%s → %j', (yaml, expected) => {
    expect(fmTags(yaml)).toEqual(expected);
  });
});

describe('T1 grammar: # at the start or after whitespace, then tag characters', () => {
  it.each([
    ['at the line start (no space: not a heading)', '#tag', ['tag']],
    ['after a space', 'a #tag b', ['tag']],
    ['after a tab', 'a\t#tag', ['tag']],
    ['letters, digits, _ - /', '#a_b-c/d1', ['a_b-c/d1']],
    ['CJK', '#日本語 #中文标签', ['日本語', '中文标签']],
    ['emoji', '#🚀 #a🚀b', ['🚀', 'a🚀b']],
    ['accented letters', '#café', ['café']],
    ['several tags on a line', '#a #b #c', ['a', 'b', 'c']],
    ['a lone # is no tag', 'a # b', []],
    ['after a full-width space (whitespace)', 'a\u3000#tag', ['tag']],
  ])('%s', (_name, text, expected) => {
    expect(tags(text)).toEqual(expected);
  });
  it('a tag stops at General Punctuation (U+2014 em dash, U+2026 ellipsis)', () => {
    expect(tags('#a\u2014b #c\u2026')).toEqual(['a', 'c']);
  });
  it('a tag stops at Supplemental Punctuation (U+2E2E)', () => {
    expect(tags('#a\u2e2eb')).toEqual(['a']);
  });
  it.each(["'", '!', '"', '$', '%', '&', '(', ')', '*', '+', ',', '.', ':', ';', '<', '=', '>', '?', '@', '^', '`', '{', '|', '}', '~', '[', ']', '\\'])(
    'a tag stops at %s',
    (ch) => {
      expect(findTags(`#ab${ch}cd`).map((t) => t.name)).toEqual(['ab']);
    },
  );
  it('positions: 1-based line and column of the #, frontmatter lines counted', () => {
    expect(parse('---\nt: 1\n---\nx #a\n\n  #b').tags.map((t) => [t.name, t.line, t.column, t.origin])).toEqual([
      ['a', 4, 3, 'body'], ['b', 6, 3, 'body'],
    ]);
  });
  it('frontmatter positions: each tag on its own line, whole tokens only (not inside another tag or key)', () => {
    const fm = '---\ntitle: ai notes\ntags:\n  - ai-agent\n  - ai\n  - agent\nmore: [ai]\n---\n';
    expect(parse(fm).tags.map((t) => [t.name, t.line, t.column])).toEqual([['ai-agent', 4, 5], ['ai', 5, 5], ['agent', 6, 5]]);
    const flow = '---\ntags: [b, a, b2]\n---\n';
    expect(parse(flow).tags.map((t) => [t.name, t.line, t.column])).toEqual([['b', 2, 8], ['a', 2, 11], ['b2', 2, 14]]);
  });
  it('frontmatter links: repeated values are placed on their own lines', () => {
    const n = parse('---\nup: "[[A]]"\nrelated:\n  - "[[B]]"\n  - "[[A]]"\n---\n');
    expect(n.links.map((l) => [l.target, l.line, l.column])).toEqual([['A', 2, 6], ['B', 4, 6], ['A', 5, 6]]);
  });
});

describe('T2 purely numeric tokens are not tags', () => {
  it.each([
    ['#1984', []],
    ['#0', []],
    ['#y1984', ['y1984']],
    ['#1984y', ['1984y']],
    ['#2024/05', ['2024/05']],
    ['#2024-05', ['2024-05']],
    ['#1_000', ['1_000']],
  ])('%s → %j', (text, expected) => {
    expect(tags(text)).toEqual(expected);
  });
});

describe('T3 identity is case-insensitive', () => {
  it('#Tag and #TAG in two notes are one tag node', () => {
    const a = parse('#Tag');
    const b = parseNote('src/y.md', '#TAG', OPTS);
    const { graph } = buildGraph({ notes: [a, b], attachments: [] }, DEFAULT_OPTIONS);
    expect(graph.filterNodes((_n, at) => at.kind === 'tag')).toEqual(['#tag']);
    expect(graph.inDegree('#tag')).toBe(2);
  });
});

describe('T4 nesting', () => {
  it('#inbox/to-read is one tag with its full path', () => {
    expect(tags('#inbox/to-read')).toEqual(['inbox/to-read']);
  });
  it('nested tags are not linked to their parents in the graph', () => {
    const { graph } = buildGraph({ notes: [parse('#inbox/to-read')], attachments: [] }, DEFAULT_OPTIONS);
    expect(graph.filterNodes((_n, at) => at.kind === 'tag')).toEqual(['#inbox/to-read']);
    expect(graph.size).toBe(1);
  });
  it('a trailing / is ignored: #inbox/ is the tag #inbox', () => {
    const { graph } = buildGraph({ notes: [parse('#inbox/ and #inbox')], attachments: [] }, DEFAULT_OPTIONS);
    expect(graph.filterNodes((_n, at) => at.kind === 'tag')).toEqual(['#inbox']);
  });
});

describe('T5 what does not become a tag', () => {
  it.each([
    ['# Heading (a space makes a heading)', '# Heading'],
    ['a#b', 'a#b'],
    ['a URL fragment', 'see https://x.com/#frag'],
    ['a URL fragment in a Markdown link', '[x](https://x.com/page#frag)'],
    ['(#tag)', '(#tag)'],
    ['"#tag"', '"#tag"'],
    ['escaped \\#tag', '\\#tag'],
    ['in inline code', 'x `#tag` y'],
    ['in a fenced code block', '```\n#tag\n```'],
    ['in a ~~~ fenced block', '~~~\n#tag\n~~~'],
    ['in an indented code block', 'p\n\n    #tag'],
    ['in inline math', 'x $#tag$ y'],
    ['in a $$ math block', '$$\n#tag\n$$'],
    ['in an HTML block', '<div>\n#tag\n</div>'],
    ['in an HTML comment', '<!-- #tag -->'],
    ['in a multi-line HTML comment', '<!--\n#tag\n-->'],
    ['#1984', '#1984'],
    ['in a wikilink subpath [[Note#Heading]]', '[[Note#Heading]]'],
    ['in a wikilink with a space before # [[Note #x]]', 'see [[Note #x]]'],
    ['in a wikilink display text [[A| #x]]', 'see [[A| #x]]'],
  ])('%s', (_name, text) => {
    expect(tags(text)).toEqual([]);
  });
  it('hashtags inside frontmatter text values are not tags', () => {
    expect(tags('---\nsummary: "about #ai"\n---\nbody')).toEqual([]);
  });
});

describe('T5 what is still a tag', () => {
  it.each([
    ['in a heading', '## Plan #project', ['project']],
    ['in a list item', '- item #t', ['t']],
    ['in a task item', '- [ ] task #t', ['t']],
    ['in a table cell', '| a |\n| - |\n| #t |', ['t']],
    ['in a block quote', '> quote #t', ['t']],
    ['in a %% comment (indexComments default)', 'x %% #t %%', ['t']],
    ['in a multi-line %% block', '%%\n#t\n%%', ['t']],
    ['between inline HTML tags', 'a <span>x</span> #t', ['t']],
  ])('%s', (_name, text, expected) => {
    expect(tags(text)).toEqual(expected);
  });
  it('not in a %% comment with indexComments:false', () => {
    expect(tags('x %% #t %% #u', { indexComments: false })).toEqual(['u']);
  });
});

describe('T6 end of tag: the first excluded character', () => {
  it.each([
    ['#tag.', ['tag']],
    ['#tag, more', ['tag']],
    ['#tag:', ['tag']],
    ['#a#b', ['a']],
    ['#tag!', ['tag']],
    ['#tag)', ['tag']],
    ['#tag]]', ['tag']],
  ])('%s → %j', (text, expected) => {
    expect(tags(text)).toEqual(expected);
  });
});
