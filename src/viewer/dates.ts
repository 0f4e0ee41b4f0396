// The timeline's dates, decided in Node: which frontmatter key holds a note's date (the vault's
// config, a flag, or the candidate most notes fill in) and each note's day. Not the file's ctime,
// which a copy or a sync resets. Pure; the payload carries the result (compact.ts `date`).

/** Keys tried when none is configured, in this order on a tie. */
export const DATE_KEY_CANDIDATES = ['发布日期', '发布时间', '日期', 'date', 'published', 'created', '创建日期', '创建时间'] as const;

const DAY_MS = 86_400_000;

/**
 * A frontmatter value → days since 1970-01-01 (UTC), or null. Accepts `2024-01-10`, `2024/1/10`,
 * `2024.01.10`, a time after the date, `2024-01` (its first day), and YAML dates (Date objects).
 */
export function toDay(v: unknown): number | null {
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? Math.floor(v.getTime() / DAY_MS) : null;
  if (typeof v !== 'string') return null;
  const m = /^\s*(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?)?(?:$|[\sT])/.exec(v);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1000) return null;
  const t = Date.UTC(y, mo - 1, d);
  // Rolled over (2024-02-31): not a date.
  return new Date(t).getUTCDate() === d ? Math.floor(t / DAY_MS) : null;
}

export interface DatedNode { kind?: string; meta?: Record<string, unknown> }

/** The value under `key`, matched case-insensitively (YAML keys are case-sensitive, users are not). */
function valueOf(meta: Record<string, unknown> | undefined, key: string): unknown {
  if (!meta) return undefined;
  if (key in meta) return meta[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(meta)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

const CANDIDATE_OF = new Map<string, string>(DATE_KEY_CANDIDATES.map((k) => [k.toLowerCase(), k]));

/** The candidate key the most notes have a date under, or null when no note has one. */
export function detectDateKey(nodes: Iterable<DatedNode>): string | null {
  const counts = new Map<string, number>();
  // Each note's keys are walked once (100k notes: a walk per candidate cost ~0.4 s beside the
  // layout): per candidate, the value valueOf would give, the exact spelling before the first other case.
  const picked = new Map<string, { v: unknown; exact: boolean }>();
  for (const n of nodes) {
    if (n.kind !== 'note' || !n.meta) continue;
    picked.clear();
    for (const k in n.meta) {
      const key = CANDIDATE_OF.get(k.toLowerCase());
      if (key === undefined) continue;
      const exact = k === key, had = picked.get(key);
      if (!had || (exact && !had.exact)) picked.set(key, { v: n.meta[k], exact });
    }
    for (const [key, { v }] of picked) if (toDay(v) !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const key of DATE_KEY_CANDIDATES) if ((counts.get(key) ?? 0) > (best === null ? 0 : counts.get(best)!)) best = key;
  return best;
}

/** A note's day under `key`, or null. */
export function dayOf(n: DatedNode, key: string): number | null {
  return n.kind === 'note' ? toDay(valueOf(n.meta, key)) : null;
}
