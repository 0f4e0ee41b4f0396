// Spec: Dataview inline fields — `key:: [[X]]` line fields (also in list items) and `[key:: …]` /
// `(key:: …)` bracket fields — give links with origin `field` and the field's key; keys normalise
// to relation names with keyRelation.

import { describe, expect, it } from 'vitest';
import { parseNote } from '../src/core/parse/note.ts';
import { findFields, keyRelation } from '../src/core/parse/properties.ts';

const OPTS = { indexComments: true };
const links = (text: string) =>
  parseNote('src/x.md', text, OPTS).links.map((l) => [l.target, l.origin, l.key]);

describe('line fields: key:: value filling the line', () => {
  it.each([
    ['cites:: [[X]]', [['X', 'field', 'cites']]],
    ['up::[[X]] (no space after ::)', [['X', 'field', 'up']]],
    ['cites:: [[X]], [[Y]] (every link in the value)', [['X', 'field', 'cites'], ['Y', 'field', 'cites']]],
    ['cites:: [t](X.md) (Markdown link value)', [['X.md', 'field', 'cites']]],
    ['Related To:: [[X]] (key with a space)', [['X', 'field', 'Related To']]],
    ['引用:: [[X]] (CJK key)', [['X', 'field', '引用']]],
    ['- cites:: [[X]] (list item)', [['X', 'field', 'cites']]],
    ['* cites:: [[X]]', [['X', 'field', 'cites']]],
    ['1. cites:: [[X]] (ordered list item)', [['X', 'field', 'cites']]],
    ['- [ ] cites:: [[X]] (task item)', [['X', 'field', 'cites']]],
    ['  - up:: [[X]] (nested list item)', [['X', 'field', 'up']]],
    ['status:: done (a field without links gives none)', []],
  ])('%j', (text, expected) => {
    expect(links(text.replace(/ \(.*\)$/, ''))).toEqual(expected);
  });
  it('a field line keeps its file line and column', () => {
    const l = parseNote('src/x.md', '---\nt: 1\n---\ncites:: [[X]]', OPTS).links[0]!;
    expect([l.line, l.column, l.raw]).toEqual([4, 9, '[[X]]']);
  });
});

describe('bracket fields: [key:: value] and (key:: value) anywhere in a line', () => {
  it.each([
    ['text [up:: [[X]]] more', [['X', 'field', 'up']]],
    ['text (up:: [[X]]) more', [['X', 'field', 'up']]],
    ['[up:: [[X]]]', [['X', 'field', 'up']]],
    ['- item [parent:: [[X]]]', [['X', 'field', 'parent']]],
    ['[a:: [[X]]] and (b:: [[Y]])', [['X', 'field', 'a'], ['Y', 'field', 'b']]],
    ['[up:: [[X]]] but [[Y]] is plain', [['X', 'field', 'up'], ['Y', 'body', undefined]]],
    ['[[Y]] then (up:: [[X]])', [['Y', 'body', undefined], ['X', 'field', 'up']]],
    ['[up:: [[X]], [[Z]]]', [['X', 'field', 'up'], ['Z', 'field', 'up']]],
  ])('%j', (text, expected) => {
    expect(links(text)).toEqual(expected);
  });
});

describe('not fields', () => {
  it.each([
    ['a wikilink whose text contains :: is a plain link', '[[key:: x]]', [['key:: x', 'body', undefined]]],
    ['a field in inline code gives no link at all', '`cites:: [[X]]`', []],
    ['a field in a fenced block gives no link at all', '```\ncites:: [[X]]\n```', []],
    ['a single colon is not a field', 'cites: [[X]]', [['X', 'body', undefined]]],
    ['an unclosed bracket field is not a field', 'text [up:: [[X]] more', [['X', 'body', undefined]]],
  ])('%s', (_name, text, expected) => {
    expect(links(text)).toEqual(expected);
  });
});

describe('findFields spans', () => {
  it('a line field spans from the key to the end of the line', () => {
    expect(findFields('- up:: [[X]]')).toEqual([{ key: 'up', start: 2, end: 12 }]);
  });
  it('a bracket field spans its brackets, nested brackets balanced', () => {
    expect(findFields('a [up:: [[X]]] b')).toEqual([{ key: 'up', start: 2, end: 14 }]);
  });
  it('a line without :: has no fields', () => {
    expect(findFields('up: [[X]]')).toEqual([]);
  });
});

describe('keyRelation: a field or property key → relation name', () => {
  it.each([
    ['cites', 'cites'],
    ['UP', 'up'],
    ['Related To', 'related-to'],
    ['  parent  ', 'parent'],
    ['a  b', 'a-b'],
    ['meta.parent', 'meta'],
    ['related.0', 'related'],
    ['引用', '引用'],
  ])('%j → %j', (key, relation) => {
    expect(keyRelation(key)).toBe(relation);
  });
});
