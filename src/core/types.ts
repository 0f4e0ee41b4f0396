// The vocabulary of vaultgraph: what a vault file, a parsed note, a link, a resolution, a graph
// node and edge, and a diagnostic are. Read this file first; every other module speaks in these types.

/** One file found by the scanner. `path` is vault-relative, `/`-separated, NFC. */
export interface VaultFile {
  path: string;
  /** The file's text (notes only); attachments carry no text. */
  text?: string;
  /** A problem met while reading: with no `text`, the note could not be read or parsed at all. */
  diagnostic?: Diagnostic;
}

/** Where a reference was written. */
export type Origin = 'body' | 'frontmatter' | 'field';

/** The syntax a link used. */
export type LinkSyntax = 'wiki' | 'markdown';

/** A link as written in a note, before resolution. Positions are 1-based, in UTF-16 code units. */
export interface RawLink {
  /** Linkpath: the target part before `#`, trimmed and NFC (may be '' for a self link `[[#H]]`). */
  target: string;
  /** From the first `#` on (`#Heading`, `#^block`, `#page=3`), or undefined. */
  subpath: string | undefined;
  /** Display text after `|` (not set for image sizes like `|100x145`). */
  alias: string | undefined;
  embed: boolean;
  syntax: LinkSyntax;
  origin: Origin;
  /** Frontmatter key path (`up`, `related.0`) or inline-field key (`cites`). */
  key: string | undefined;
  line: number;
  column: number;
  /** The link exactly as written, e.g. `[[A#H|x]]` or `up: "[[A]]"`'s value. */
  raw: string;
  /** Index into Note.headings of the nearest heading above the link; -1 if none (or frontmatter). */
  heading: number;
  /** When the link is the first thing in a list item: the rest of that line after the link. */
  tail: string | undefined;
}

export interface Heading {
  level: number;
  text: string;
  line: number;
  /** Index of the enclosing heading of a lower level, or -1. */
  parent: number;
}

export interface TagRef {
  /** Without `#`, as written. */
  name: string;
  line: number;
  column: number;
  origin: 'body' | 'frontmatter';
}

/** A parsed note: pure data derived from one file's text. */
export interface Note {
  /** Node key: vault-relative path without `.md`, NFC (`01-博客/Anthropic/X`). */
  id: string;
  /** Vault-relative path with extension. */
  path: string;
  /** Frontmatter `title` if it is a non-empty string, else the file name without `.md`. */
  title: string;
  frontmatter: Record<string, unknown>;
  aliases: string[];
  links: RawLink[];
  tags: TagRef[];
  headings: Heading[];
  /** Block ids (`^abc-1`) defined in the note, lowercased. */
  blocks: string[];
  diagnostics: Diagnostic[];
}

/** Outcome of resolving one linkpath from one source (docs/OBSIDIAN-LINKS.md §5). */
export type Resolution =
  | { kind: 'self' }
  | { kind: 'resolved'; path: string; rule: 'exact' | 'unique-name' | 'relative' | 'suffix' | 'alias'; partial?: true }
  | { kind: 'ambiguous'; path: string; candidates: string[] }
  | { kind: 'missing' };

export type NodeKind = 'note' | 'topic' | 'tag' | 'attachment' | 'unresolved';

/** Built-in relation names; fields and frontmatter keys add their own (`up`, `parent`…). */
export type Relation =
  | 'cites' | 'explains' | 'further-reading' | 'agrees' | 'contradicts' | 'same-event'
  | 'upstream-downstream' | 'version-evolution' | 'related' | 'topic' | 'link' | 'embed' | 'tag'
  | (string & {});

/** What the relations step decides for one link. */
export interface Classified {
  relation: Relation;
  /** The vault's own word for it (`引用`, `关联主题`, the field key…). */
  label: string;
  /** The 说明 sentence of a 相关文档 item. */
  description?: string;
}

/** What of Obsidian's graph view settings (`.obsidian/graph.json`) the viewer starts from. */
export interface GraphViewStart { search: string; showTags: boolean; showAttachments: boolean; hideUnresolved: boolean; showOrphans: boolean }

/** One Obsidian colour group: a search query and a CSS colour (`#rrggbb`). First match wins. */
export interface ColorGroup { query: string; color: string }

export type Severity = 'error' | 'warning' | 'info';

/** A problem found in the content of a vault. Never thrown; collected and reported. */
export interface Diagnostic {
  path: string;
  line: number;
  column?: number;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
}

export type DiagnosticCode =
  | 'read-error' | 'invalid-utf8' | 'binary-content' | 'empty-file' | 'file-too-large' | 'too-many-links'
  | 'frontmatter-invalid' | 'frontmatter-unclosed' | 'frontmatter-not-mapping' | 'frontmatter-js'
  | 'unquoted-wikilink-in-yaml' | 'tags-string-dropped'
  | 'symlink-outside-vault' | 'duplicate-node-key'
  | 'ambiguous-link' | 'partial-path-match' | 'related-missing-reason' | 'related-unknown-reason' | 'related-missing-description'
  | 'config-invalid';

/** One place a link to a given target was written (kept on the edge). */
export interface Occurrence {
  line: number;
  column: number;
  raw: string;
  alias?: string;
  subpath?: string;
  origin: Origin;
}

/** Node attributes in the exported graph (graphology `export()` format). */
export interface NodeAttributes {
  kind: NodeKind;
  label: string;
  /** Vault-relative path with extension; for unresolved nodes the linkpath as first written. */
  path: string;
  /** Parent folder of `path` ('' at the vault root). */
  folder: string;
  meta?: Record<string, unknown>;
  aliases?: string[];
  tags?: string[];
  inDegree: number;
  outDegree: number;
  /** Only with `--analytics` (analytics.ts): Louvain community of a note or topic, 0 = largest. */
  community?: number;
  /** Only with `--analytics`: PageRank over note and topic nodes (sums to 1). */
  pagerank?: number;
  /** Matched by Obsidian's "Excluded files" (`.obsidian/app.json` userIgnoreFilters): hidden, still a link target. */
  excluded?: boolean;
}

export interface EdgeAttributes {
  relation: Relation;
  label: string;
  description?: string;
  count: number;
  origin: Origin;
  occurrences: Occurrence[];
}

/**
 * An edge as the lean graph JSON gives it back (graph-json.ts): no occurrences; `count` still counts
 * them. Lean files written before 2026-12-04 kept the first line the link is on: `line`.
 */
export interface LeanEdgeAttributes extends Omit<EdgeAttributes, 'occurrences'> {
  line?: number;
}
