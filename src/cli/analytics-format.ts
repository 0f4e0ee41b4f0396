// The `analyze` report for the terminal: one section per question, vault text made safe.

import type { Analytics, Ranked } from '../query/analytics.ts';
import { safeText } from './format.ts';
import type { Suggestion } from '../query/suggest.ts';

const num = (x: number) => (x >= 1 ? x.toFixed(0) : x.toPrecision(3));
const who = (r: Ranked) => `${r.node}${r.kind === 'topic' ? '  (topic)' : r.kind === 'tag' ? '  (tag)' : ''}`;

export function formatAnalytics(a: Analytics, suggestions: readonly Suggestion[]): string {
  const L: string[] = [];
  L.push('PageRank (notes and topics, all relations but tags)');
  for (const r of a.top) L.push(`  ${num(r.value).padStart(9)}  ${who(r)}`);
  for (const [family, f] of Object.entries(a.families)) {
    if (f.edges === 0) continue;
    L.push('', `${family} relations (${f.edges} linked pairs): hubs by in-degree · by PageRank`);
    const rows = Math.max(f.hubs.length, f.pagerank.length);
    for (let i = 0; i < rows; i++) {
      const h = f.hubs[i], p = f.pagerank[i];
      L.push(`  ${(h ? `${String(h.value).padStart(5)}  ${h.node}` : '').padEnd(48)}  ${p ? `${num(p.value).padStart(9)}  ${p.node}` : ''}`);
    }
  }
  const c = a.communities;
  L.push('', `communities (Louvain, modularity ${c.modularity.toFixed(3)}): ${c.count}, of which ${c.singletons} single nodes`);
  for (const com of c.list) {
    L.push(`  #${com.id}  ${com.size} nodes; topics: ${com.topics.map((t) => `${t.label} (${t.links})`).join(', ') || '—'}`);
    for (const n of com.topNotes.slice(0, 3)) L.push(`        ${n.node}`);
  }
  const b = a.bridges;
  L.push('', `bridge notes (betweenness${b.sampled ? `, estimated from ${b.sources} sources` : ''}; topic notes not listed · communities among neighbours)`);
  for (const r of b.list) L.push(`  ${num(r.value).padStart(9)}  ${String(r.communities).padStart(3)}  ${who(r)}`);
  const k = a.components;
  L.push('', `weakly connected components: ${k.count} (largest ${k.sizes.slice(0, 5).join(', ')}; ${k.isolated} isolated notes)`);
  L.push('', `link suggestions (no typed relation yet; Adamic–Adar score)`);
  for (const s of suggestions) L.push(`  ${s.score.toFixed(2).padStart(6)}  ${s.source}  ↔  ${s.target}`, `          ${s.explanation}`);
  if (suggestions.length === 0) L.push('  none');
  return L.map(safeText).join('\n') + '\n';
}
