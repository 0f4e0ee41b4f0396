// Link suggestions: pairs of notes that look related — they cite the same notes, are cited by the
// same notes, or share topics — but have no typed (相关文档) relation yet. Ranked by Adamic–Adar
// (each shared neighbour z adds 1/ln(degree z): sharing a niche note says more than sharing a hub)
// and explained in words. Only suggested: nothing is written into notes.
//
//   A ─cites→ X ←cites─ B,  A ─topic→ T ←topic─ B   ⇒  A ~ B: "both cite X; share topics T"

import { documentRelations } from './analytics.ts';
import type { VaultGraph } from '../core/graph.ts';

export interface SuggestOptions {
  top: number;
  /** Fewest shared neighbours for a pair to be suggested. */
  minShared: number;
  /**
   * Neighbours with more links than this are skipped: Adamic–Adar gives them little weight anyway
   * (1/ln 200 ≈ 0.19), and a topic linked by 2,000 notes would make two million pairs.
   */
  maxHubDegree: number;
}

export const DEFAULT_SUGGEST_OPTIONS: SuggestOptions = { top: 20, minShared: 2, maxHubDegree: 200 };

type Role = 'out' | 'in' | 'both';
interface Shared { via: string; roleA: Role; roleB: Role; weight: number }

export interface Suggestion {
  source: string;
  target: string;
  score: number;
  shared: { via: string; label: string; how: 'topic' | 'cite' | 'cited-by' | 'through' }[];
  /** A plain link or field already joins them, without a typed relation. */
  linkedAs: string[];
  explanation: string;
}

export function suggestLinks(graph: VaultGraph, reasons: Record<string, string>, options: Partial<SuggestOptions> = {}): Suggestion[] {
  const opts = { ...DEFAULT_SUGGEST_OPTIONS, ...options };
  const documents = documentRelations(reasons);
  const isNote = (n: string) => graph.getNodeAttribute(n, 'kind') === 'note';
  const counts = (kind: string) => kind === 'note' || kind === 'topic';

  // Each note or topic z → the notes it touches, and in which direction.
  const around = new Map<string, Map<string, Role>>();
  graph.forEachEdge((_e, a, s, t, sa, ta) => {
    if (a.relation === 'tag' || !counts(sa.kind) || !counts(ta.kind)) return;
    if (sa.kind === 'note') addRole(around, t, s, 'out');
    if (ta.kind === 'note') addRole(around, s, t, 'in');
  });

  const pairs = new Map<string, Shared[]>();
  for (const [via, touched] of around) {
    const degree = graph.degree(via);
    if (touched.size < 2 || degree > opts.maxHubDegree) continue;
    const weight = 1 / Math.log(Math.max(degree, 2));
    const members = [...touched.keys()].sort();
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const a = members[i]!, b = members[j]!;
        const key = `${a}\u0000${b}`;
        const list = pairs.get(key);
        const shared = { via, roleA: touched.get(a)!, roleB: touched.get(b)!, weight };
        if (list) list.push(shared);
        else pairs.set(key, [shared]);
      }
    }
  }

  const out: Suggestion[] = [];
  for (const [key, shared] of pairs) {
    if (shared.length < opts.minShared) continue;
    const [a, b] = key.split('\u0000') as [string, string];
    if (!isNote(a) || !isNote(b)) continue;
    const between = [...graph.edges(a, b), ...graph.edges(b, a)].map((e) => graph.getEdgeAttribute(e, 'relation'));
    if (between.some((r) => documents.has(r))) continue;
    out.push(describe(graph, a, b, shared, [...new Set(between)].sort()));
  }
  return out.sort((x, y) => y.score - x.score || (x.source < y.source ? -1 : x.source > y.source ? 1 : x.target < y.target ? -1 : 1)).slice(0, opts.top);
}

function addRole(around: Map<string, Map<string, Role>>, via: string, note: string, role: Role): void {
  let m = around.get(via);
  if (!m) around.set(via, (m = new Map()));
  const had = m.get(note);
  m.set(note, had === undefined || had === role ? role : 'both');
}

function describe(graph: VaultGraph, a: string, b: string, shared: Shared[], linkedAs: string[]): Suggestion {
  const label = (n: string) => graph.getNodeAttribute(n, 'label');
  const items = shared
    .sort((x, y) => y.weight - x.weight || (x.via < y.via ? -1 : 1))
    .map((s) => ({ via: s.via, label: label(s.via), how: howShared(graph.getNodeAttribute(s.via, 'kind'), s.roleA, s.roleB) }));
  const phrase = (how: string, lead: string) => {
    const names = items.filter((i) => i.how === how).map((i) => i.label);
    if (names.length === 0) return [];
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
    return [`${lead} ${shown}`];
  };
  const parts = [
    ...phrase('cite', 'both cite'), ...phrase('cited-by', 'both are cited by'),
    ...phrase('through', 'linked through'), ...phrase('topic', `share ${items.filter((i) => i.how === 'topic').length > 1 ? 'topics' : 'topic'}`),
  ];
  if (linkedAs.length > 0) parts.push(`already linked (${linkedAs.join(', ')}) but with no typed relation`);
  const score = Math.round(shared.reduce((s, x) => s + x.weight, 0) * 1000) / 1000;
  return { source: a, target: b, score, shared: items, linkedAs, explanation: parts.join('; ') };
}

function howShared(kind: string, roleA: Role, roleB: Role): Suggestion['shared'][number]['how'] {
  if (kind === 'topic') return 'topic';
  if (roleA !== 'in' && roleB !== 'in') return 'cite';
  if (roleA !== 'out' && roleB !== 'out') return 'cited-by';
  return 'through';
}
