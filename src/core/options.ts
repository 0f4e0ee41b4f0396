// The one options object: the vault's vocabulary (headings, labels → relations, topic folder) and
// the scanner's limits, with commented defaults, merged and validated once at the boundary.

export interface Options {
  /** Headings whose list items are typed document relations (`- [[X]]；关联理由：引用；说明：…`). */
  relationHeadings: string[];
  /** Labels that introduce the relation type in such an item. */
  reasonLabels: string[];
  /** Labels that introduce the one-sentence explanation in such an item. */
  descriptionLabels: string[];
  /** Relation type as written → relation name on the edge. Relation names map to themselves too. */
  reasons: Record<string, string>;
  /** Headings whose links are topic links. */
  topicHeadings: string[];
  /** Folder whose notes are topics; any link into it is a `topic` edge (a typed item keeps its type). */
  topicFolder: string;
  /** Index links inside `%%comments%%` as Obsidian does (docs/OBSIDIAN-LINKS.md §2). */
  indexComments: boolean;
  /** Non-Obsidian: let a link resolve through a note's `aliases` when nothing else matches. */
  resolveAliases: boolean;
  /**
   * Every file is a link target, as with Obsidian's "Detect all file extensions" (app.json
   * `showUnsupportedFiles`, which also turns this on). Off: only Obsidian's accepted formats.
   */
  allFileTypes: boolean;
  /** Notes larger than this are kept as nodes but not parsed (diagnostic `file-too-large`). */
  maxFileBytes: number;
  /**
   * Every link is counted (an edge's `count` is exact); an edge lists at most this many of its
   * occurrences, so one note repeating a link 100,000 times costs no more memory than this many
   * (diagnostic `too-many-links`).
   */
  maxOccurrencesPerEdge: number;
}

export const DEFAULT_OPTIONS: Options = {
  relationHeadings: ['相关文档', 'Related documents', 'Related notes'],
  reasonLabels: ['关联理由', 'Reason', 'Relation'],
  descriptionLabels: ['说明', 'Description', 'Why'],
  reasons: {
    引用: 'cites',
    解说: 'explains',
    延伸思考: 'further-reading',
    观点一致: 'agrees',
    观点相悖: 'contradicts',
    同一事件: 'same-event',
    上下游: 'upstream-downstream',
    版本演进: 'version-evolution',
  },
  topicHeadings: ['关联主题', '相关词条', 'Topics'],
  topicFolder: '00-元语/',
  indexComments: true,
  resolveAliases: false,
  allFileTypes: false,
  maxFileBytes: 8 * 1024 * 1024,
  maxOccurrencesPerEdge: 1000,
};

/** The relations a 相关文档 item can carry, in the order the vocabulary lists them. */
export const TYPED_RELATIONS = [
  'cites', 'explains', 'further-reading', 'agrees', 'contradicts', 'same-event',
  'upstream-downstream', 'version-evolution',
] as const;

type Check = (v: unknown) => boolean;
const isStringList: Check = (v) => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isStringMap: Check = (v) =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((s) => typeof s === 'string');
const CHECKS: Record<keyof Options, Check> = {
  relationHeadings: isStringList,
  reasonLabels: isStringList,
  descriptionLabels: isStringList,
  reasons: isStringMap,
  topicHeadings: isStringList,
  topicFolder: (v) => typeof v === 'string',
  indexComments: (v) => typeof v === 'boolean',
  resolveAliases: (v) => typeof v === 'boolean',
  allFileTypes: (v) => typeof v === 'boolean',
  maxFileBytes: (v) => typeof v === 'number' && v > 0,
  maxOccurrencesPerEdge: (v) => typeof v === 'number' && Number.isInteger(v) && v > 0,
};

/**
 * Merge partial options over the defaults. Unknown keys and values of the wrong type are not
 * applied; each gives a message (the caller decides whether that is a usage error or a diagnostic).
 * `reasons` merges key by key, so a config can add English labels without repeating the Chinese.
 */
export function resolveOptions(partial: unknown, source = 'options'): { options: Options; problems: string[] } {
  const options: Options = { ...DEFAULT_OPTIONS, reasons: { ...DEFAULT_OPTIONS.reasons } };
  const problems: string[] = [];
  if (partial === undefined || partial === null) return { options, problems };
  if (typeof partial !== 'object' || Array.isArray(partial)) {
    return { options, problems: [`${source}: expected an object, got ${JSON.stringify(partial)}`] };
  }
  for (const [key, value] of Object.entries(partial)) {
    if (key.startsWith('$') || key === 'check' || key === 'viewer') continue; // $schema, sections read by other commands
    if (key === 'maxLinksPerNote') { problems.push(`${source}: option "maxLinksPerNote" is gone: every link is counted (see maxOccurrencesPerEdge)`); continue; }
    if (!Object.hasOwn(CHECKS, key)) { problems.push(`${source}: unknown option "${key}"`); continue; }
    const k = key as keyof Options;
    if (!CHECKS[k](value)) { problems.push(`${source}: option "${key}" has the wrong type (${JSON.stringify(value)})`); continue; }
    if (k === 'reasons') { for (const [w, r] of Object.entries(value as Record<string, string>)) if (w !== '__proto__') options.reasons[w] = r; }
    else (options as unknown as Record<string, unknown>)[k] = value;
  }
  if (options.topicFolder && !options.topicFolder.endsWith('/')) options.topicFolder += '/';
  return { options, problems };
}

/** Obsidian's accepted attachment formats (docs/OBSIDIAN-LINKS.md §1 R1): the link targets besides notes. */
export const ATTACHMENT_EXTENSIONS: ReadonlySet<string> = new Set([
  'avif', 'bmp', 'gif', 'jpeg', 'jpg', 'png', 'svg', 'webp', // images
  'flac', 'm4a', 'mp3', 'ogg', 'wav', 'webm', '3gp', // audio
  'mkv', 'mov', 'mp4', 'ogv', // video
  'pdf', 'canvas', 'base',
]);

export function isAttachment(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') && ATTACHMENT_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}
