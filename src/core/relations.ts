// The vault's conventions → edge types. Pure: a note's link, its heading context and the options
// decide the relation, the vault's own word for it and the 说明 sentence.
//
//   ## 相关文档
//   - [[01-博客/X/T|T]]；关联理由：引用；说明：one sentence.   → cites, label 引用, description
//   ## 关联主题
//   - [[00-元语/AI]]                                           → topic
//   up:: [[Home]]   /   up: "[[Home]]"                         → up
//   plain [[X]] / ![[X]]                                       → link / embed

import type { Options } from './options.ts';
import type { Classified, Diagnostic, Heading, Note, RawLink } from './types.ts';

/** Separators between the parts of a 相关文档 item: full-width or half-width `；` `;`, and `：` `:`. */
const PART_SEP = /[；;]/;
const LABEL_SEP = /^\s*[：:]\s*/;

export interface ItemParts {
  reason?: string;
  description?: string;
}

/**
 * Read `；关联理由：TYPE；说明：text` from the rest of a list item's line. Labels come from the options;
 * the description runs to the end of the line (it may itself contain `；`).
 */
export function parseItemTail(tail: string, opts: Pick<Options, 'reasonLabels' | 'descriptionLabels'>): ItemParts {
  const out: ItemParts = {};
  let offset = 0;
  for (const rawPart of tail.split(PART_SEP)) {
    const start = offset;
    offset += rawPart.length + 1;
    const part = rawPart.trim();
    const lower = part.toLowerCase();
    const reasonLabel = opts.reasonLabels.find((l) => startsWithLabel(part, lower, l));
    if (reasonLabel && out.reason === undefined) {
      out.reason = part.slice(reasonLabel.length).replace(LABEL_SEP, '').trim();
      continue;
    }
    const descLabel = opts.descriptionLabels.find((l) => startsWithLabel(part, lower, l));
    if (descLabel) {
      const from = start + rawPart.indexOf(part) + descLabel.length;
      const rest = tail.slice(from).replace(LABEL_SEP, '').trim();
      if (rest) out.description = rest;
      break;
    }
  }
  return out;
}

/** `lower`: part.toLowerCase(), made once per part (labels are few, parts are per link). */
function startsWithLabel(part: string, lower: string, label: string): boolean {
  let l = lowerLabels.get(label);
  if (l === undefined) lowerLabels.set(label, (l = label.toLowerCase()));
  return lower.startsWith(l) && LABEL_SEP.test(part.slice(label.length));
}
const lowerLabels = new Map<string, string>();

/** Heading names as lowercase sets, computed once per options object (classifyLink runs per link). */
const headingSets = new WeakMap<readonly string[], ReadonlySet<string>>();
function headingSet(names: readonly string[]): ReadonlySet<string> {
  let set = headingSets.get(names);
  if (!set) headingSets.set(names, (set = new Set(names.map((n) => n.trim().toLowerCase()))));
  return set;
}

/** Does any heading enclosing the link (nearest first, walking up) match one of `names`? */
export function underHeading(note: Note, link: RawLink, names: readonly string[]): string | undefined {
  if (link.heading === -1) return undefined;
  const wanted = headingSet(names);
  // Each link asks this twice, walking up its headings: each heading's text is lowered once per note.
  let lowered = loweredHeadings.get(note.headings);
  if (lowered === undefined) loweredHeadings.set(note.headings, (lowered = note.headings.map((x) => x.text.trim().toLowerCase())));
  for (let h = link.heading; h !== -1; h = note.headings[h]!.parent) {
    if (wanted.has(lowered[h]!)) return note.headings[h]!.text;
  }
  return undefined;
}
const loweredHeadings = new WeakMap<readonly Heading[], string[]>();

/** Relation name for a reason word: the configured map, or a relation name used directly. */
function reasonRelation(reason: string, opts: Options): string | undefined {
  const direct = Object.hasOwn(opts.reasons, reason) ? opts.reasons[reason] : undefined; // never `constructor` & co.
  if (direct) return direct;
  const lower = reason.toLowerCase();
  for (const [word, relation] of Object.entries(opts.reasons)) {
    if (word.toLowerCase() === lower || relation === lower) return relation;
  }
  return undefined;
}

/**
 * Decide a link's relation. `targetIsTopic` says whether the resolved target lies in the topic
 * folder (resolution happens before classification). Diagnostics are pushed for malformed items.
 */
export function classifyLink(note: Note, link: RawLink, targetIsTopic: boolean, opts: Options, diagnostics: Diagnostic[]): Classified {
  if (link.origin === 'frontmatter' || link.origin === 'field') {
    const key = (link.key ?? 'link').split('.')[0]!.trim();
    return { relation: key.toLowerCase().replace(/\s+/g, '-'), label: key };
  }
  const relHeading = link.tail !== undefined ? underHeading(note, link, opts.relationHeadings) : undefined;
  if (relHeading !== undefined) {
    const parts = parseItemTail(link.tail!, opts);
    const at = { path: note.path, line: link.line, column: link.column };
    if (parts.reason === undefined || parts.reason === '') {
      diagnostics.push({ ...at, severity: 'warning', code: 'related-missing-reason',
        message: `${relHeading} item ${link.raw} has no ${opts.reasonLabels[0] ?? 'reason'}; it becomes relation "related"` });
      return withDescription('related', relHeading, parts.description);
    }
    const relation = reasonRelation(parts.reason, opts);
    if (!relation) {
      diagnostics.push({ ...at, severity: 'warning', code: 'related-unknown-reason',
        message: `${relHeading} item ${link.raw} has unknown ${opts.reasonLabels[0] ?? 'reason'} "${parts.reason}" (known: ${Object.keys(opts.reasons).join(', ')}); it becomes relation "related"` });
      return withDescription('related', parts.reason, parts.description);
    }
    if (!parts.description) {
      diagnostics.push({ ...at, severity: 'info', code: 'related-missing-description',
        message: `${relHeading} item ${link.raw} has no ${opts.descriptionLabels[0] ?? 'description'} sentence` });
    }
    return withDescription(relation, parts.reason, parts.description);
  }
  const topicHeading = underHeading(note, link, opts.topicHeadings);
  if (topicHeading !== undefined) return { relation: 'topic', label: topicHeading };
  if (targetIsTopic) return { relation: 'topic', label: 'topic' };
  return link.embed ? { relation: 'embed', label: 'embed' } : { relation: 'link', label: 'link' };
}

/** { relation, label, description? }: the description only when not empty (a literal per case: no spread per link). */
function withDescription(relation: string, label: string, description: string | undefined): Classified {
  return description ? { relation, label, description } : { relation, label };
}

/**
 * Whether `classifyLink` decides this link by where it is written (frontmatter or field, an item
 * under a relation heading, a link under a topic heading), so that what it resolves to cannot
 * change its relation. Mirrors classifyLink's first three returns; watch mode uses it to move a
 * link to a new target without classifying it again.
 */
export function classifiedByPlace(note: Note, link: RawLink, opts: Options): boolean {
  if (link.origin === 'frontmatter' || link.origin === 'field') return true;
  if (link.tail !== undefined && underHeading(note, link, opts.relationHeadings) !== undefined) return true;
  return underHeading(note, link, opts.topicHeadings) !== undefined;
}
