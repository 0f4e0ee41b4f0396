// Spec: frontmatter.ts runs gray-matter's own steps after its split (lib/parse, lib/excerpt) instead
// of calling matter() on the block again; for every block, the data (or the error) is what
// matter(block, options) gives with the same engines.

import fs from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { describe, expect, it } from 'vitest';
import { parseFrontmatter, parseYaml } from '../src/core/parse/frontmatter.ts';

const OPTIONS = {
  engines: {
    yaml: (src: string): object => (parseYaml(src) as object | null | undefined) ?? {},
    javascript: () => { throw new Error('js'); },
    js: () => { throw new Error('js'); },
  },
};

/** What matter() makes of the note's frontmatter block: the data, or the file line of its error. */
function viaMatter(text: string): unknown {
  const close = text.indexOf('\n---', text.indexOf('\n'));
  const eol = text.indexOf('\n', close + 4);
  const block = eol === -1 ? `${text}\n` : text.slice(0, eol + 1);
  try {
    const data: unknown = matter(block, OPTIONS).data;
    return data === null || typeof data !== 'object' || Array.isArray(data) ? 'not a mapping' : data;
  } catch (e) {
    const err = e as { linePos?: Array<{ line: number }>; mark?: { line: number } };
    return `error at ${err.linePos?.[0]?.line ?? (err.mark ? err.mark.line + 1 : 1)}`;
  }
}

function viaModule(text: string): unknown {
  const r = parseFrontmatter(text);
  if (r.problem?.code === 'frontmatter-not-mapping') return 'not a mapping';
  if (r.problem) return `error at ${r.problem.line}`;
  return r.data;
}

const BLOCKS = [
  '---\ntitle: T\n---\nbody',
  '---\n---\n',
  '---\n---',
  '--- \ntitle: x\n---   trailing\nbody',
  '---\ntitle: x\n---',
  '---\ntitle: x\n----\nbody',
  '---\n# only a comment\n\n  # another\n---\n',
  '---\n#\n---\n',
  '---\n   \n\t\n---\n',
  '---\njust text\n---\n',
  '---\n- a\n- b\n---\n',
  '---\n~\n---\n',
  '---\nnull\n---\n',
  '---\nfalse\n---\n',
  '---\n42\n---\n',
  '---\n"[[A]]"\n---\n',
  '---\nexcerpt_separator: {toString: 1}\n---\n',
  '---\nexcerpt_separator: "<!-- more -->"\n---\nbody <!-- more --> rest',
  '---\nexcerpt_separator: [a, b]\n---\n',
  '---\nexcerpt_separator: 0\n---\n',
  '---\ntitle: a\ntitle: b\n---\n',
  '---\ntitle: Foo: bar\n---\n',
  '---\na: 1\nb: [1, 2\nc: 3\n---\n',
  '---\nx: &a 1\ny: *a\n---\n',
  '---\nx: &a 1\nc: : d\n---\n',
  '---\ndate: 2024-01-15\ntime: 12:30\ntags: [a, "b c"]\nup: [[Parent]]\n---\n',
  '---\n__proto__: {isAdmin: true}\n---\n',
  '---\nk: |\n  block\n  scalar\n---\n',
  '---\n# comment\ntitle: x\n---\n',
];

/** Every fixture note that starts with `---`. */
function fixtureNotes(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.md')) {
        const text = fs.readFileSync(p, 'utf8').replace(/\r\n?/g, '\n');
        if (/^---[^\S\n]*\n/.test(text) && text.indexOf('\n---', text.indexOf('\n')) !== -1) out.push(text);
      }
    }
  };
  walk(path.resolve(import.meta.dirname, 'fixtures'));
  walk(path.resolve(import.meta.dirname, '..', 'vault'));
  return out;
}

describe('frontmatter data as matter() gives it', () => {
  it.each(BLOCKS.map((b) => [JSON.stringify(b), b]))('%s', (_name, text) => {
    expect(viaModule(text)).toEqual(viaMatter(text));
  });
  it('every fixture and sample-vault note with frontmatter', () => {
    const notes = fixtureNotes();
    expect(notes.length).toBeGreaterThan(20);
    for (const text of notes) expect([text, viaModule(text)]).toEqual([text, viaMatter(text)]);
  });
});
