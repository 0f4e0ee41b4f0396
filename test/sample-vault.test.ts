// End to end on the bundled sample vault/, against facts computed by hand when the notes were
// written (test/sample-vault.expected.ts), not derived from the tool.

import { describe, expect, it } from 'vitest';
import { findOrphans } from '../src/query/analysis.ts';
import { BUNDLED_VAULT } from '../src/cli/main.ts';
import { buildVaultGraph } from '../src/index.ts';
import { SAMPLE } from './sample-vault.expected.ts';

describe('the sample vault', async () => {
  const b = await buildVaultGraph(BUNDLED_VAULT);
  const g = b.graph;
  const kindOf = (n: string) => g.getNodeAttribute(n, 'kind');
  const notes = g.filterNodes((_n, a) => a.kind === 'note' || a.kind === 'topic');

  it('has every note, the topic notes, and nothing from dot-folders', () => {
    expect(notes).toHaveLength(SAMPLE.notes);
    expect(g.filterNodes((_n, a) => a.kind === 'topic')).toHaveLength(SAMPLE.topicNotes);
    expect(g.filterNodes((_n, a) => a.path.startsWith('.'))).toEqual([]);
  });

  it('counts distinct edges per relation, to existing and to missing targets', () => {
    const existing: Record<string, number> = {};
    const missing: Record<string, number> = {};
    g.forEachEdge((_e, a, _s, t) => {
      if (a.relation === 'tag') return;
      const bucket = kindOf(t) === 'unresolved' ? missing : existing;
      bucket[a.relation] = (bucket[a.relation] ?? 0) + 1;
    });
    expect(existing).toEqual(SAMPLE.relations);
    expect(missing).toEqual(SAMPLE.unresolvedRelations);
  });

  it('has the expected tags', () => {
    expect(g.filterNodes((_n, a) => a.kind === 'tag').map((n) => n.slice(1)).sort()).toEqual([...SAMPLE.tags].sort());
  });

  it('finds the orphans in each sense', () => {
    expect(findOrphans(g, 'isolated')).toEqual([...SAMPLE.isolated].sort());
    expect(findOrphans(g, 'no-incoming')).toEqual([...SAMPLE.noIncoming].sort());
    expect(findOrphans(g, 'dead-ends', ['tag'])).toEqual([...SAMPLE.deadEnds].sort());
  });

  it('reports every broken link with its line', () => {
    const got = b.broken.map((l) => ({ source: l.source, target: l.target, line: l.line }));
    expect(got).toEqual(SAMPLE.broken.map((x) => ({ ...x })));
  });

  it('resolves ties deterministically and reports them; prefers the source folder', () => {
    for (const a of SAMPLE.ambiguous) {
      expect(g.hasEdge(`link:${a.source}->${a.resolvesTo}`)).toBe(true);
      const d = b.diagnostics.find((x) => x.code === 'ambiguous-link' && x.path === `${a.source}.md`);
      expect(d?.line).toBe(a.line);
      for (const c of a.candidates) expect(d?.message).toContain(`${c}.md`);
    }
    expect(b.diagnostics.filter((d) => d.code === 'ambiguous-link')).toHaveLength(SAMPLE.ambiguous.length);
    for (const p of SAMPLE.sourceFolderPreference) expect(g.hasEdge(`link:${p.source}->${p.resolvesTo}`)).toBe(true);
  });

  it('ignores links in code, math, comments and HTML blocks, but not in %%comments%%', () => {
    for (const m of SAMPLE.mustNotLink) expect(g.hasEdge(m.source, m.target), `${m.source} → ${m.target}`).toBe(false);
    expect(g.getEdgeAttributes(`link:${SAMPLE.commentLink.source}->${SAMPLE.commentLink.target}`).occurrences[0]!.line).toBe(SAMPLE.commentLink.line);
  });

  it('labels nodes by frontmatter title, else file name — the XSS probe as plain text', () => {
    for (const [node, label] of Object.entries(SAMPLE.labels)) expect(g.getNodeAttribute(node, 'label'), node).toBe(label);
    expect(g.getNodeAttribute(SAMPLE.xssNote, 'label')).toBe('<img src=x onerror=alert(1)>');
  });

  it('knows the linked attachments', () => {
    expect(g.filterNodes((_n, a) => a.kind === 'attachment').sort()).toEqual([...SAMPLE.attachments]);
  });

  it('reports the expected diagnostics with file and line', () => {
    for (const want of SAMPLE.diagnosticsAtLeast) {
      const hit = b.diagnostics.find((d) => d.path === `${want.path}.md` && d.code === want.code && ('line' in want ? d.line === want.line : true));
      expect(hit, `${want.path} ${want.code}`).toBeDefined();
    }
  });
});
