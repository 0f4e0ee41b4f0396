// The rules of `vaultgraph check`: id, default severity and a one-line explanation. The order here
// is the order of the summary and of the table in docs/check.md.

export type RuleSeverity = 'error' | 'warning' | 'off';

export interface RuleInfo {
  id: string;
  severity: RuleSeverity;
  explanation: string;
}

export const RULES = [
  { id: 'broken-link', severity: 'error', explanation: 'a link whose target note or file does not exist (Obsidian: unresolved)' },
  { id: 'broken-subpath', severity: 'warning', explanation: '[[Note#Heading]] or [[Note#^block]] where the note has no such heading or block (Obsidian never says)' },
  { id: 'ambiguous-link', severity: 'warning', explanation: 'a link that matches several files of the same path length; vault order picks one' },
  { id: 'alias-only-link', severity: 'error', explanation: 'a broken link that only a note\'s alias would resolve (Obsidian does not resolve aliases)' },
  { id: 'related-missing-reason', severity: 'error', explanation: 'a 相关文档 item without 关联理由' },
  { id: 'related-unknown-reason', severity: 'error', explanation: 'a 相关文档 item whose 关联理由 is not a known relation type' },
  { id: 'related-missing-description', severity: 'warning', explanation: 'a 相关文档 item without a 说明 sentence' },
  { id: 'related-dangling', severity: 'error', explanation: 'a 相关文档 item whose target does not exist (禁止悬空链接)' },
  { id: 'related-duplicate', severity: 'warning', explanation: 'the same target listed twice in one note\'s 相关文档' },
  { id: 'related-halfwidth', severity: 'warning', explanation: 'half-width ; or : around 关联理由/说明 in a 相关文档 item (fixable)' },
  { id: 'topic-outside-folder', severity: 'warning', explanation: 'a link under 关联主题 that points outside the topic folder' },
  { id: 'topic-unlinked', severity: 'warning', explanation: 'a topic note that no other note links to' },
  { id: 'topic-alias', severity: 'error', explanation: 'a link to a topic name the config says was merged into another (check.topicAliases; fixable)' },
  { id: 'frontmatter-invalid', severity: 'error', explanation: 'frontmatter that does not parse as a YAML mapping (all its properties are lost)' },
  { id: 'unquoted-wikilink-in-yaml', severity: 'warning', explanation: 'key: [[x]] without quotes is a nested list in YAML, not a link' },
  { id: 'tags-string-dropped', severity: 'warning', explanation: 'tags: "a b" or "a, b" — a tag with a space, which Obsidian drops' },
  { id: 'frontmatter-required', severity: 'off', explanation: 'a note in a check.require folder without a required frontmatter key, or with a value not of its type (string, date, list, link)' },
  { id: 'body-title-heading', severity: 'off', explanation: 'a # H1 heading in the body of a note whose frontmatter has a title' },
  { id: 'forbidden-text', severity: 'off', explanation: 'a check.forbid phrase (placeholder, navigation noise) in a note, outside code' },
  { id: 'allowed-roots', severity: 'off', explanation: 'a note outside the top-level folders listed in check.allowedRoots' },
  { id: 'heading-spacing', severity: 'off', explanation: 'a ## heading not followed by a blank line (fixable)' },
  { id: 'symmetric-missing', severity: 'off', explanation: 'A says B is same-event/agrees/contradicts (check.symmetric) but B does not say it back' },
  { id: 'orphan', severity: 'off', explanation: 'a note no other note links to (Obsidian CLI "orphans")' },
  { id: 'dead-end', severity: 'off', explanation: 'a note that links to no other note (Obsidian CLI "deadends")' },
  { id: 'file-problem', severity: 'warning', explanation: 'a file that could not be read or parsed in full (encoding, size, link count, duplicate key, symlink)' },
  { id: 'config-invalid', severity: 'error', explanation: 'vaultgraph.config.json or .obsidian settings that could not be used' },
] as const satisfies readonly RuleInfo[];

export type RuleId = (typeof RULES)[number]['id'];
export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.id);

export function isRuleId(s: string): s is RuleId {
  return (RULE_IDS as readonly string[]).includes(s);
}
