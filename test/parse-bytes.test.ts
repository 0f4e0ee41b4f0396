// parseNoteBytes (the build's parser, decoding only the lines it looks at) gives the same Note as
// parseNote on the decoded text: for tricky bodies, and for every note of the fixture vaults.

import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNoteBytes } from '../src/core/parse/bytes.ts';
import { parseNote } from '../src/core/parse/note.ts';

const opts = { indexComments: true };
const same = (text: string, o = opts) => expect(parseNoteBytes('n.md', Buffer.from(text), o)).toEqual(parseNote('n.md', text, o));

const CASES: Record<string, string> = {
  'prose lines stand in for nothing': '中文一行。\n第二行 [[A]] 和 #标签\n\n英文 words here\n',
  'list items in Chinese': '- 中文项\n  - 子项 [[B]]\n1. 第一\n1.中文\n-中文\n+ 加 [[C]]\n',
  'an ideographic space makes a line blank': '段落\n\u3000\n    缩进代码 [[D]]\n',
  'ideographic and no-break spaces after a list marker': '-\u3000中文\n    [[E]]\n-\u00a0中\n\n    [[F]]\n',
  'indented code after prose and after a blank line': '文字\n\n    代码 [[G]]\n    更多\n文字 [[H]]\n',
  'tabs as indentation': '\t中文\n\t\t代码 [[I]]\n\n\t中\n',
  'a fence with prose inside': '```\n中文 [[J]]\n代码\n```\n后 [[K]]\n',
  'a code span across prose lines': '开始 `代码\n中间一行\n结束` [[L]]\n',
  'display math across prose lines': '$$\n公式\n中文 [[M]]\n$$\n[[N]]\n',
  'comments across prose lines': '<!--\n中文\n[[O]]\n-->\n%%\n中文 [[P]]\n%%\n',
  'an HTML block ended by a blank line': '<div>\n中文 [[Q]]\n\n中文 [[R]]\n',
  'an HTML block ended by a line of ideographic spaces': '<div>\n中文\n\u3000\u3000\n中文 [[R]]\n',
  'an HTML block ended by a line of no-break spaces': '<div>\n中文\n \u00a0\n中文 [[R]]\n',
  'a quote and a list ending': '> 引用 [[S]]\n> 中文\n中文\n- 项\n\n中文 [[T]]\n',
  'frontmatter then body': '---\ntitle: 标题\ntags: [a, b]\nup: "[[U]]"\n---\n# 标题\n中文 [[V]] #w\n',
  'frontmatter only': '---\ntitle: x\n---',
  'frontmatter closed by ---- with text': '---\na: 1\n---- more\n中文 [[W]]\n',
  'an unclosed frontmatter': '---\ntitle: x\n中文 [[X]]\n',
  'a js frontmatter fence': '---js\n{a: 1}\n---\n[[Y]]\n',
  'invalid YAML': '---\na: [\n---\n中文 [[Z]]\n',
  'CRLF line ends': '---\r\ntitle: 中\r\n---\r\n中文 [[A]]\r\n- 项 [[B]]\r\n',
  'a lone CR': '中文\r[[A]]\r',
  'a BOM': '\ufeff---\ntitle: 中\n---\n中文 [[A]]\n',
  'no final newline': '中文\n[[A]]',
  'a note that is only prose': '中文中文',
  'a heading, a block id and a field': '# 标题 [[A]]\n中文 ^abc\n- 关系:: [[B]]\n',
  'English list items and numbers': '- item one\n  - sub [[A]]\n1. First\n12345) fifth\n1234567890. not a list\n-item\n*\tstar\n+ plus [[B]]\n2.\n',
  'English prose and indented code': 'Some words.\n\n    code here\n    [[C]]\nMore words\n\tTabbed code\n',
  'an English code span across lines': 'Start `code\nmiddle line\n- not a list? end` [[D]]\nafter\n',
  'letterless lines': '---\n***\n___\n===\n- 1\n   \n\t\n12\n[[E]]\n',
  'a letter then a non-ASCII space': 'a\u3000b\n\u3000\n    [[F]]\nx\u00a0\n\n    [[G]]\n',
};

/** Random bodies from pieces that matter to masking and extraction (seeded: the same bodies every run). */
function randomBodies(count: number): string[] {
  const pieces = ['- ', '* ', '+', '1. ', '12) ', '1234567890.', '  ', '    ', '\t', 'a', 'Word', 'z9', '5', '.', ')', ' ', '[[A]]', '[x](B.md)', '`', '```', '~~~',
    '$', '$$', '<div>', '<!--', '-->', '%%', '> ', '#', '# ', '#tag', '^id', '::', '中', '文字', '\u3000', '\u00a0', '\u2003', '\\', '\n', '\n', '\n', '\n\n', '---'];
  let seed = 12345;
  const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  return Array.from({ length: count }, () => Array.from({ length: 5 + rnd(60) }, () => pieces[rnd(pieces.length)]!).join(''));
}

describe('parseNoteBytes: the same Note as parseNote', () => {
  for (const [name, text] of Object.entries(CASES)) it(name, () => same(text));
  it('for 3000 random bodies', () => {
    for (const text of randomBodies(3000)) {
      const bytes = Buffer.from(text);
      expect([text, parseNoteBytes('n.md', bytes, opts)]).toEqual([text, parseNote('n.md', text, opts)]);
    }
  });
  it('with %% comments not indexed', () => same('%%\n中文 [[A]]\n%%\n[[B]]\n', { indexComments: false }));
  it('for every note of the fixture vaults', () => {
    const root = path.join(import.meta.dirname, 'fixtures');
    const notes = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.md'));
    expect(notes.length).toBeGreaterThan(20);
    for (const rel of notes) {
      const bytes = fs.readFileSync(path.join(root, rel));
      if (bytes.length === 0 || bytes.includes(0) || !isUtf8(bytes)) continue; // read.ts takes these to parseNote
      expect(parseNoteBytes(rel, bytes, opts), rel).toEqual(parseNote(rel, bytes.toString('utf8'), opts));
    }
  });
});
