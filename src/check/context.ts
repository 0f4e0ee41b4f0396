// What every check rule reads: the built vault, the check config, and each link as the build resolved it, with
// its section (相关文档 item, 关联主题) — computed here so the rules stay small and pure.

import type { VaultGraph } from '../core/graph.ts';
import type { Options } from '../core/options.ts';
import { underHeading } from '../core/relations.ts';
import type { ResolverIndex } from '../core/resolve.ts';
import type { Diagnostic, Note, RawLink, Resolution } from '../core/types.ts';
import type { CheckConfig } from './config.ts';
import type { RuleId } from './rules.ts';

export interface CheckInput {
  notes: readonly Note[];
  attachments: readonly string[];
  graph: VaultGraph;
  /** The build's resolver index, and how each note's links resolved (in `note.links` order). */
  index: ResolverIndex;
  resolutions: ReadonlyMap<string, readonly Resolution[]>;
  /** The build's diagnostics (parse, scan, relations, config): several rules report them. */
  diagnostics: readonly Diagnostic[];
  options: Options;
  config: CheckConfig;
  /** Obsidian's "Excluded files": not checked, not orphans (still link targets). */
  isExcluded?: (vaultPath: string) => boolean;
  /** A note's text by vault path (undefined when it cannot be read): for the rules that read the text itself. */
  readText: (vaultPath: string) => string | undefined;
}

/** A text replacement in the finding's file: `before` at (line, column), 1-based, becomes `after` (a `\n` in it adds a line). */
export interface Edit { line: number; column: number; before: string; after: string }

/** What a rule reports; the checker adds the severity. */
export interface RawFinding {
  rule: RuleId;
  path: string;
  line: number;
  column: number;
  message: string;
  /** Present only when the fix is certain. */
  fix?: Edit;
}

export interface LinkFact {
  note: Note;
  link: RawLink;
  res: Resolution;
  /** Resolved file path (the note itself for a self link); undefined when missing. */
  target?: string;
  /** The link starts an item under a 相关文档 heading (a typed relation item). */
  relatedItem: boolean;
  /** A body link under a 关联主题 heading (and not a 相关文档 item). */
  topicSection: boolean;
}

export interface CheckContext extends CheckInput {
  links: LinkFact[];
  noteByPath: Map<string, Note>;
  /** Is the rule on (not `off`, and selected by --rule)? Lets a specific rule take a link from a general one. */
  enabled: (rule: RuleId) => boolean;
}

export function makeContext(input: CheckInput, enabled: (rule: RuleId) => boolean): CheckContext {
  const { notes, options } = input;
  const noteByPath = new Map(notes.map((n) => [n.path, n]));
  const links: LinkFact[] = [];
  for (const note of notes) {
    const resolved = input.resolutions.get(note.path)!; // the build's own resolutions: never resolved twice
    for (const [i, link] of note.links.entries()) {
      const res = resolved[i]!;
      const target = res.kind === 'self' ? note.path : res.kind === 'missing' ? undefined : res.path;
      const body = link.origin === 'body';
      const relatedItem = body && link.tail !== undefined && underHeading(note, link, options.relationHeadings) !== undefined;
      const topicSection = body && !relatedItem && underHeading(note, link, options.topicHeadings) !== undefined;
      links.push({ note, link, res, ...(target !== undefined && { target }), relatedItem, topicSection });
    }
  }
  return { ...input, links, noteByPath, enabled };
}

/** `[[Target]]` as written, trimmed for messages. */
export function shown(link: RawLink): string {
  return link.raw.length > 120 ? link.raw.slice(0, 117) + '…' : link.raw;
}
