// primeParser: run the note parser over one small made-up note holding every construct it handles,
// before the first real note, so that V8 has seen every branch when it first optimises the parser.
// Without it, each branch first met after that (a fence, an HTML block, a code span running on)
// throws the optimised code away ("insufficient type feedback"), and the build runs slow code again
// until a recompile (50–170 ms each for maskBody and the body's line loop). Measured on the users'
// vault (docs/perf-cold-build.md, session 19). Pure: the parses are thrown away.

import { parseNoteBytes } from './bytes.ts';

/** The made-up note (exported for its test, which checks that it reaches every construct). */
export const PRIMER_NOTE = Buffer.from([
  '---', 'title: "Primer"', 'tags: [a, b/c]', 'aliases:', '  - P', 'up: "[[Up]]"', 'n: 1.5', 'i: 3', 'd: 2024-01-02', 'bad: [[x]]', 'tags2: "a b"', '---',
  '# Heading \\# one', '## 二级 标题 ##', 'Prose.', '中文段落', '', '    indented code [[no]]', '', '- [[A|a]]；关联理由：引用；说明：x。', '  - nested 中文',
  '1. one [[B#h]] #tag', '', '> quote [[Q]]', '> ```', '> code [[no]]', '> ```', 'after', '', '```js', '[[no]]', '```', '~~~', 'x', '~~~',
  '- list', '  ```', '  in item', '  ```', '', '<script>', '[[no]]', '</script>', '<pre>x</pre>', '<div>', '[[no]]', '', '<span>', '', '<!-- c', '[[no]] -->', 'a %% p',
  'q %% b', 'see `[[A]]` and [[B]] $[[C]]$ \\[[D]] $$', 'math [[no]]', '$$ after', 'span `start', 'end` [[E]]', 'a $x$ 1$ $ b$ c \\| d', 'text ^block-1', '^id2',
  'key:: [[F]] and [md](G.md) ![[img.png|100x100]] [[#Head]] [[]] [[a[[b]]', '\u3000全角 空格', '\u00a0nbsp', '#tag/sub #中文 #1 [x](<a b.md>)', '',
].join('\n'));

let primed = false;

/** Parse the made-up note a few times, comments indexed and not (V8 allocates a function's feedback only after its first calls); once per thread. */
export function primeParser(): void {
  if (primed) return;
  primed = true;
  for (let i = 0; i < 3; i++) {
    parseNoteBytes('Primer.md', PRIMER_NOTE, { indexComments: false });
    parseNoteBytes('Primer.md', PRIMER_NOTE, { indexComments: true });
  }
}
