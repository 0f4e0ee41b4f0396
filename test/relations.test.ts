// Spec: the vault's conventions → edge types (src/relations.ts header, src/options.ts): the 相关文档
// items with 关联理由 and 说明, topic headings and the topic folder, fields and frontmatter keys, and
// the same conventions in English through options.

import { describe, expect, it } from 'vitest';
import { buildGraph } from '../src/core/graph.ts';
import { DEFAULT_OPTIONS, resolveOptions, type Options } from '../src/core/options.ts';
import { parseNote } from '../src/core/parse/note.ts';
import { classifyLink, parseItemTail } from '../src/core/relations.ts';
import { isTopicPath } from '../src/core/draft.ts';
import fc from 'fast-check';
import type { Classified, Diagnostic } from '../src/core/types.ts';
import { edgeList } from './helpers.ts';

const PARSE = { indexComments: true };

/** Classify every link of a note; `topic` says which targets lie in the topic folder. */
function classify(text: string, opts: Options = DEFAULT_OPTIONS, topic: (t: string) => boolean = () => false) {
  const note = parseNote('src/x.md', text, PARSE);
  const diagnostics: Diagnostic[] = [];
  const out = note.links.map((l) => classifyLink(note, l, topic(l.target), opts, diagnostics));
  return { out, diagnostics: diagnostics.map((d) => [d.code, d.severity, d.line]) };
}
const one = (text: string, opts?: Options, topic?: (t: string) => boolean): { c: Classified; diagnostics: unknown[] } => {
  const r = classify(text, opts, topic);
  expect(r.out).toHaveLength(1);
  return { c: r.out[0]!, diagnostics: r.diagnostics };
};
const item = (line: string, heading = '## 相关文档') => `# T\n\n${heading}\n\n${line}`;

describe('相关文档 items: each of the 8 reason types → relation, label, description', () => {
  it.each([
    ['引用', 'cites'],
    ['解说', 'explains'],
    ['延伸思考', 'further-reading'],
    ['观点一致', 'agrees'],
    ['观点相悖', 'contradicts'],
    ['同一事件', 'same-event'],
    ['上下游', 'upstream-downstream'],
    ['版本演进', 'version-evolution'],
  ])('关联理由：%s → %s', (reason, relation) => {
    const { c, diagnostics } = one(item(`- [[01-博客/X/T|T]]；关联理由：${reason}；说明：一句话。`));
    expect(c).toEqual({ relation, label: reason, description: '一句话。' });
    expect(diagnostics).toEqual([]);
  });
});

describe('相关文档 item syntax variants', () => {
  it('half-width ; and : work too', () => {
    expect(one(item('- [[X]]; 关联理由: 引用; 说明: one sentence.')).c).toEqual({ relation: 'cites', label: '引用', description: 'one sentence.' });
  });
  it('mixed full-width and half-width separators', () => {
    expect(one(item('- [[X]]；关联理由: 观点一致; 说明：同意。')).c).toEqual({ relation: 'agrees', label: '观点一致', description: '同意。' });
  });
  it('a 说明 containing ； is kept whole', () => {
    expect(one(item('- [[X]]；关联理由：引用；说明：甲；乙；丙。')).c.description).toBe('甲；乙；丙。');
  });
  it('a 说明 containing : and ; is kept whole', () => {
    expect(one(item('- [[X]]; 关联理由: 引用; 说明: a: b; c.')).c.description).toBe('a: b; c.');
  });
  it('a Markdown link item works like a wikilink item', () => {
    expect(one(item('- [X](X.md)；关联理由：解说；说明：s。')).c).toEqual({ relation: 'explains', label: '解说', description: 's。' });
  });
  it('a task-box item works too', () => {
    expect(one(item('- [ ] [[X]]；关联理由：引用；说明：s。')).c.relation).toBe('cites');
  });
  it('an ordered item works too', () => {
    expect(one(item('1. [[X]]；关联理由：引用；说明：s。')).c.relation).toBe('cites');
  });
});

describe('相关文档 items with problems', () => {
  it('missing 关联理由 → related, label is the heading, warning related-missing-reason on the link line', () => {
    const { c, diagnostics } = one(item('- [[X]]；说明：只有说明。'));
    expect(c).toEqual({ relation: 'related', label: '相关文档', description: '只有说明。' });
    expect(diagnostics).toEqual([['related-missing-reason', 'warning', 5]]);
  });
  it('a bare item without any tail → related + related-missing-reason', () => {
    const { c, diagnostics } = one(item('- [[X]]'));
    expect(c.relation).toBe('related');
    expect(diagnostics).toEqual([['related-missing-reason', 'warning', 5]]);
  });
  it('an empty 关联理由 → related + related-missing-reason', () => {
    const { c, diagnostics } = one(item('- [[X]]；关联理由：；说明：s。'));
    expect(c.relation).toBe('related');
    expect(diagnostics.map((d) => (d as unknown[])[0])).toEqual(['related-missing-reason']);
  });
  it('unknown 关联理由 → related, label is the reason as written, warning related-unknown-reason', () => {
    const { c, diagnostics } = one(item('- [[X]]；关联理由：参考；说明：未知理由。'));
    expect(c).toEqual({ relation: 'related', label: '参考', description: '未知理由。' });
    expect(diagnostics).toEqual([['related-unknown-reason', 'warning', 5]]);
  });
  it('missing 说明 → the typed relation, no description, info related-missing-description', () => {
    const { c, diagnostics } = one(item('- [[X]]；关联理由：引用'));
    expect(c).toEqual({ relation: 'cites', label: '引用' });
    expect(diagnostics).toEqual([['related-missing-description', 'info', 5]]);
  });
  it('an empty 说明 counts as missing', () => {
    const { c, diagnostics } = one(item('- [[X]]；关联理由：引用；说明：'));
    expect(c).toEqual({ relation: 'cites', label: '引用' });
    expect(diagnostics).toEqual([['related-missing-description', 'info', 5]]);
  });
});

describe('which links under 相关文档 are items', () => {
  it('a link under a sub-heading of 相关文档 is still an item', () => {
    const { c } = one(item('- [[X]]；关联理由：引用；说明：s。', '## 相关文档\n\n### 博客'));
    expect(c.relation).toBe('cites');
  });
  it('a link under a sibling heading after 相关文档 is a plain link', () => {
    expect(one('## 相关文档\n\n## 其他\n\n- [[X]]；关联理由：引用').c).toEqual({ relation: 'link', label: 'link' });
  });
  it('a link that is not first in the item is a plain link', () => {
    expect(one(item('- 见 [[X]]；关联理由：引用')).c).toEqual({ relation: 'link', label: 'link' });
  });
  it('a link in a paragraph under 相关文档 is a plain link', () => {
    expect(one(item('参见 [[X]]。')).c).toEqual({ relation: 'link', label: 'link' });
  });
  it('the heading matches case-insensitively (Related Documents)', () => {
    expect(one(item('- [[X]]; Reason: cites; Description: s.', '## related DOCUMENTS')).c.relation).toBe('cites');
  });
  it('an embed item is typed like a link item', () => {
    expect(one(item('- ![[X]]；关联理由：引用；说明：s。')).c.relation).toBe('cites');
  });
});

describe('topics', () => {
  it.each(['## 关联主题', '## 相关词条'])('a link under %s → topic, labelled with the heading', (heading) => {
    expect(one(`${heading}\n\n- [[AI]]`).c).toEqual({ relation: 'topic', label: heading.slice(3) });
  });
  it('a link under a sub-heading of 关联主题 → topic', () => {
    expect(one('## 关联主题\n### 子\n- [[AI]]').c.relation).toBe('topic');
  });
  it('any link into 00-元语/ → topic', () => {
    expect(one('text [[00-元语/AI]]', DEFAULT_OPTIONS, (t) => t.startsWith('00-元语/')).c).toEqual({ relation: 'topic', label: 'topic' });
  });
  it('a typed 相关文档 item whose target is a topic keeps its type', () => {
    const { c } = one(item('- [[00-元语/LLM]]；关联理由：解说；说明：背景。'), DEFAULT_OPTIONS, () => true);
    expect(c).toEqual({ relation: 'explains', label: '解说', description: '背景。' });
  });
  it('an embed of a topic note is a topic edge', () => {
    expect(one('![[00-元语/AI]]', DEFAULT_OPTIONS, () => true).c.relation).toBe('topic');
  });
  it('in the graph: a link by bare name into the topic folder is a topic edge, the note a topic node', () => {
    const notes = [parseNote('a.md', 'see [[AI]]', PARSE), parseNote('00-元语/AI.md', '', PARSE)];
    const { graph } = buildGraph({ notes, attachments: [] }, DEFAULT_OPTIONS);
    expect(edgeList(graph)).toEqual(['a -topic-> 00-元语/AI']);
    expect(graph.getNodeAttribute('00-元语/AI', 'kind')).toBe('topic');
  });
});

describe('fields and frontmatter keys → their key as relation', () => {
  it.each([
    ['cites:: [[X]]', { relation: 'cites', label: 'cites' }],
    ['Parent Note:: [[X]]', { relation: 'parent-note', label: 'Parent Note' }],
    ['text [UP:: [[X]]]', { relation: 'up', label: 'UP' }],
    ['---\nup: "[[X]]"\n---\n', { relation: 'up', label: 'up' }],
    ['---\nrelated: ["[[X]]"]\n---\n', { relation: 'related', label: 'related' }],
    ['---\nmeta:\n  parent: "[[X]]"\n---\n', { relation: 'meta', label: 'meta' }],
  ])('%j', (text, expected) => {
    expect(one(text).c).toEqual(expected);
  });
  it('a field under 相关文档 keeps its key (fields win over headings)', () => {
    expect(one(item('- cites:: [[X]]')).c).toEqual({ relation: 'cites', label: 'cites' });
  });
  it('a field into the topic folder keeps its key', () => {
    expect(one('up:: [[00-元语/AI]]', DEFAULT_OPTIONS, () => true).c.relation).toBe('up');
  });
});

describe('plain links and embeds', () => {
  it.each([
    ['[[X]]', { relation: 'link', label: 'link' }],
    ['![[X]]', { relation: 'embed', label: 'embed' }],
    ['[t](X.md)', { relation: 'link', label: 'link' }],
    ['![a](x.png)', { relation: 'embed', label: 'embed' }],
  ])('%s', (text, expected) => {
    expect(one(text).c).toEqual(expected);
  });
});

describe('English labels through options', () => {
  const english = resolveOptions({ relationHeadings: ['Related'], reasons: { supports: 'agrees' } }).options;
  it('the options merge without problems', () => {
    expect(resolveOptions({ relationHeadings: ['Related'], reasons: { supports: 'agrees' } }).problems).toEqual([]);
  });
  it('## Related with Reason: supports → agrees', () => {
    expect(one(item('- [[X]]; Reason: supports; Description: because.', '## Related'), english).c).toEqual({
      relation: 'agrees', label: 'supports', description: 'because.',
    });
  });
  it('the Chinese reasons still work after adding English ones', () => {
    expect(one(item('- [[X]]; Reason: 引用; Why: w.', '## Related'), english).c.relation).toBe('cites');
  });
  it('relation names are accepted directly as reasons', () => {
    expect(one(item('- [[X]]；关联理由：cites；说明：s。')).c.relation).toBe('cites');
    expect(one(item('- [[X]]; Relation: contradicts; Why: w.', '## Related'), english).c.relation).toBe('contradicts');
  });
  it('a reason word matches case-insensitively (Supports)', () => {
    expect(one(item('- [[X]]; Reason: Supports', '## Related'), english).c.relation).toBe('agrees');
  });
  it('with relationHeadings replaced, 相关文档 is no longer a relation heading', () => {
    expect(one(item('- [[X]]；关联理由：引用'), english).c).toEqual({ relation: 'link', label: 'link' });
  });
  it('a custom topic folder without a trailing / gets one', () => {
    expect(resolveOptions({ topicFolder: 'Topics' }).options.topicFolder).toBe('Topics/');
  });
  it('a __proto__ reason key is ignored and pollutes nothing', () => {
    const o = resolveOptions(JSON.parse('{"reasons": {"__proto__": "x", "ok": "agrees"}}')).options;
    expect(o.reasons.ok).toBe('agrees');
    expect(Object.getPrototypeOf(o.reasons)).toBe(Object.prototype);
  });
});

describe('parseItemTail', () => {
  const labels = { reasonLabels: DEFAULT_OPTIONS.reasonLabels, descriptionLabels: DEFAULT_OPTIONS.descriptionLabels };
  it.each([
    ['；关联理由：引用；说明：s。', { reason: '引用', description: 's。' }],
    ['; 关联理由: 引用; 说明: s.', { reason: '引用', description: 's.' }],
    ['；说明：s；t。', { description: 's；t。' }],
    ['；关联理由：引用', { reason: '引用' }],
    ['', {}],
    [' some prose', {}],
  ])('%j', (tail, expected) => {
    expect(parseItemTail(tail, labels)).toEqual(expected);
  });
});

describe('topic notes: a path under topicFolder, in any case', () => {
  const is = (path: string, topicFolder: string) => isTopicPath(path, { topicFolder });
  it('compares the folder case-insensitively, as the whole path lowered would', () => {
    expect(is('00-元语/RAG.md', '00-元语/')).toBe(true);
    expect(is('Topics/RAG.md', 'topics/')).toBe(true);
    expect(is('notes/topics/RAG.md', 'topics/')).toBe(false);
    expect(is('İx/a.md', 'i̇x/')).toBe(true); // İ lowers to two units
    expect(is('ΟΔΟΣ/a.md', 'οδος/')).toBe(true); // final sigma before the slash
    expect(is('ΟΔΟΣ/a.md', 'οδοσ/')).toBe(false);
    expect(is('anything.md', '')).toBe(false);
    expect(is('Kx/a.md', 'kx/')).toBe(true); // the Kelvin sign lowers to an ASCII k
    expect(is('00-元/a.md', '00-元语/')).toBe(false);
    expect(is('TOP', 'topics/')).toBe(false);
  });
  it('answers as lowering the whole path would, for any path and folder (property)', () => {
    const unit = fc.constantFrom('a', 'A', 'k', 'K', 'K', 'i', 'I', 'İ', 'σ', 'Σ', 'ς', '元', '语', '0', '-', '/', 'ß', 'ẞ');
    const text = fc.array(unit, { maxLength: 8 }).map((u) => u.join(''));
    fc.assert(fc.property(text, text, text, (head, folder, tail) => {
      for (const path of [head + tail, folder + tail, folder.toUpperCase() + tail, folder.toLowerCase() + tail]) {
        const plain = folder !== '' && path.toLowerCase().startsWith(folder.toLowerCase());
        expect(is(path, folder)).toBe(plain);
      }
    }), { numRuns: 3000 });
  });
});
