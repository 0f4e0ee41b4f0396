// edge-json.ts writes edge attributes by hand; it must give exactly JSON.stringify's text for every
// attributes object draft.ts can make (including the late description, which keeps its key order).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { draftNote } from '../src/core/draft.ts';
import { edgeAttributesJson, leanEdgeMemberJson } from '../src/core/edge-json.ts';
import { leanAttributes } from '../src/core/graph-json.ts';
import { DEFAULT_OPTIONS } from '../src/core/options.ts';
import { parseNote } from '../src/core/parse/note.ts';
import { buildIndex } from '../src/core/resolve.ts';
import type { EdgeAttributes } from '../src/core/types.ts';

const text = fc.string({ unit: 'binary', maxLength: 40 }); // lone surrogates, quotes, controls included
const occurrence = fc.record({
  line: fc.nat(), column: fc.nat(), raw: text, origin: fc.constantFrom('body', 'frontmatter', 'field'),
  alias: fc.option(text, { nil: undefined }), subpath: fc.option(text, { nil: undefined }),
}).map(({ alias, subpath, ...o }) => ({ ...o, ...(alias !== undefined && { alias }), ...(subpath !== undefined && { subpath }) }));
const attributes = fc.record({
  relation: text, label: text, description: fc.option(text, { nil: undefined }), count: fc.nat(),
  origin: fc.constantFrom('body', 'frontmatter', 'field'), occurrences: fc.array(occurrence, { maxLength: 4 }),
}).map(({ relation, label, description, ...rest }) => ({ relation, label, ...(description !== undefined && { description }), ...rest }) as EdgeAttributes);

describe('edgeAttributesJson', () => {
  it('equals JSON.stringify for any attributes in draft order', () => {
    fc.assert(fc.property(attributes, (a) => edgeAttributesJson(a) === JSON.stringify(a)), { numRuns: 2000 });
  });

  it('the lean member is `,"attributes":` + JSON.stringify(leanAttributes(a)), or nothing when those are empty, for any attributes and target', () => {
    const lean = (a: EdgeAttributes, tag: boolean) => { const l = leanAttributes(a, tag); return Object.keys(l).length ? `,"attributes":${JSON.stringify(l)}` : ''; };
    const membership = attributes.map((a) => ({ ...a, relation: a.relation.length % 2 ? 'topic' : 'tag', label: a.label.length % 3 ? a.label : '关联主题', count: a.count % 2, origin: 'body' as const }));
    fc.assert(fc.property(fc.oneof(attributes, membership), fc.boolean(), (a, tag) => leanEdgeMemberJson(a, tag) === lean(a, tag)), { numRuns: 2000 });
  });

  it('a lean draft (the lean JSON build) makes no occurrence and no resolution, and the rest as the full draft', () => {
    const body = [
      '---', 'up: "[[B]]"', '---', '#t [[B]] [[B|again]] [[B#h]] [[Missing]] #t #t',
      '## 相关文档', '', '- [[B]]；关联理由：引用', '- [[B|b]]；关联理由：引用；说明：后来才有说明。', '', 'cites:: [[C]]', '',
    ].join('\n');
    const opts = { ...DEFAULT_OPTIONS, maxOccurrencesPerEdge: 2 };
    const note = parseNote('A.md', body, opts);
    const index = buildIndex(['A.md', 'B.md', 'C.md']);
    const full = draftNote(note, index, opts), lean = draftNote(note, index, opts, true);
    expect(lean.resolutions).toEqual([]);
    expect(full.resolutions).toHaveLength(note.links.length);
    expect(lean.edges.every((e) => e.attributes.occurrences.length === 0)).toBe(true);
    const drop = (d: typeof full) => d.edges.map((e) => { const { occurrences, ...rest } = e.attributes; return [e.target, e.relation, rest, occurrences.length > 0]; });
    expect(drop(lean)).toEqual(drop(full).map(([t, r, a]) => [t, r, a, false]));
    // An edge met more often than maxOccurrencesPerEdge is reported alike (the lean draft counts without listing).
    expect(full.diagnostics.map((x) => x.code)).toContain('too-many-links');
    expect(lean.diagnostics).toEqual(full.diagnostics);
    expect([lean.broken, lean.counts, lean.attributes]).toEqual([full.broken, full.counts, full.attributes]);
    for (const [i, e] of lean.edges.entries()) expect(leanEdgeMemberJson(e.attributes, e.target.kind === 'tag')).toBe(leanEdgeMemberJson(full.edges[i]!.attributes, e.target.kind === 'tag'));
  });

  it('a description met on a later occurrence keeps the canonical key order', () => {
    const body = '## 相关文档\n\n- [[B]]；关联理由：引用\n- [[B|b]]；关联理由：引用；说明：后来才有说明。\n';
    const d = draftNote(parseNote('A.md', body, DEFAULT_OPTIONS), buildIndex(['A.md', 'B.md']), DEFAULT_OPTIONS);
    const cites = d.edges.find((e) => e.relation === 'cites')!;
    expect(cites.attributes.count).toBe(2);
    expect(Object.keys(cites.attributes)).toEqual(['relation', 'label', 'description', 'count', 'origin', 'occurrences']);
    expect(edgeAttributesJson(cites.attributes)).toBe(JSON.stringify(cites.attributes));
  });
});
