// The `"check"` section of vaultgraph.config.json: severity per rule, ignore globs, the topic alias
// map, the symmetric relations and the vault's own rules (required frontmatter, forbidden text,
// allowed top-level folders), with commented defaults, validated once. Problems are returned as
// messages (the checker reports them as `config-invalid` findings) and the bad value is not used.
//
//   {"check": {"rules": {"broken-subpath": "error", "orphan": "warning"}, "ignore": ["02-资源/**"],
//              "topicAliases": {"memo": "memory", "agents": "Agent"}, "symmetric": ["same-event"],
//              "require": [{"folder": "01-博客/", "keys": {"发布日期": "date"}}], "forbid": ["待补充"],
//              "allowedRoots": ["00-元语", "01-博客"]}}

import picomatch from 'picomatch';
import { isRuleId, RULES, type RuleId, type RuleSeverity } from './rules.ts';

/** What a required frontmatter value must be (frontmatter-required). */
export type ValueType = 'string' | 'date' | 'list' | 'link';
export const VALUE_TYPES: readonly ValueType[] = ['string', 'date', 'list', 'link'];

/** Notes matching `folder` (a folder or a glob; every note when absent) must have these keys. */
export interface Requirement { folder?: string; keys: Record<string, ValueType> }

export interface CheckConfig {
  /** Severity of every rule (defaults from RULES, then the config). */
  rules: Record<RuleId, RuleSeverity>;
  /** Vault-relative globs (`*`, `**`, `?`); findings in matching files are not reported. */
  ignore: string[];
  /** Old topic name → the topic it was merged into, both relative to the topic folder. */
  topicAliases: Record<string, string>;
  /** Relations (names or the vault's words, e.g. 同一事件) that should be declared in both directions. */
  symmetric: string[];
  /** frontmatter-required: keys and their types, per folder. */
  require: Requirement[];
  /** forbidden-text: phrases no note may contain outside code (literal, case-sensitive). */
  forbid: string[];
  /** allowed-roots: the top-level folders (or root files, or globs) notes may live in; none = not checked. */
  allowedRoots: string[];
}

export function defaultCheckConfig(): CheckConfig {
  return {
    rules: Object.fromEntries(RULES.map((r) => [r.id, r.severity])) as Record<RuleId, RuleSeverity>,
    ignore: [],
    topicAliases: {},
    symmetric: ['same-event', 'agrees', 'contradicts'],
    require: [],
    forbid: [],
    allowedRoots: [],
  };
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'off'];
const KEYS = ['rules', 'ignore', 'topicAliases', 'symmetric', 'require', 'forbid', 'allowedRoots'];

export function resolveCheckConfig(raw: unknown, source = 'vaultgraph.config.json "check"'): { config: CheckConfig; problems: string[] } {
  const config = defaultCheckConfig();
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { config, problems };
  if (!isObject(raw)) return { config, problems: [`${source}: expected an object, got ${JSON.stringify(raw)}`] };
  for (const key of Object.keys(raw)) if (!KEYS.includes(key) && !key.startsWith('$')) problems.push(`${source}: unknown key "${key}" (known: ${KEYS.join(', ')})`);
  if (raw.rules !== undefined) {
    if (!isObject(raw.rules)) problems.push(`${source}: "rules" must map rule ids to "error", "warning" or "off"`);
    else for (const [id, sev] of Object.entries(raw.rules)) {
      if (!isRuleId(id)) problems.push(`${source}: unknown rule "${id}"`);
      else if (typeof sev !== 'string' || !SEVERITIES.includes(sev)) problems.push(`${source}: rule "${id}" must be "error", "warning" or "off", not ${JSON.stringify(sev)}`);
      else config.rules[id] = sev as RuleSeverity;
    }
  }
  if (raw.ignore !== undefined) {
    if (isStringList(raw.ignore)) config.ignore = raw.ignore.map((g) => g.normalize('NFC'));
    else problems.push(`${source}: "ignore" must be a list of globs`);
  }
  if (raw.topicAliases !== undefined) {
    if (isObject(raw.topicAliases) && Object.values(raw.topicAliases).every((v) => typeof v === 'string' && v.trim() !== '')) {
      for (const [from, to] of Object.entries(raw.topicAliases as Record<string, string>)) {
        if (from === '__proto__' || from.trim() === '' || from === to) { problems.push(`${source}: topicAliases entry ${JSON.stringify(from)} is not usable`); continue; }
        config.topicAliases[from.trim().normalize('NFC')] = to.trim().normalize('NFC');
      }
    } else problems.push(`${source}: "topicAliases" must map old topic names to new ones`);
  }
  if (raw.symmetric !== undefined) {
    if (isStringList(raw.symmetric)) config.symmetric = raw.symmetric;
    else problems.push(`${source}: "symmetric" must be a list of relation names`);
  }
  if (raw.require !== undefined) {
    if (Array.isArray(raw.require)) raw.require.forEach((r, i) => { const ok = requirement(r, `${source}: "require" entry ${i + 1}`, problems); if (ok) config.require.push(ok); });
    else problems.push(`${source}: "require" must be a list of {"folder": …, "keys": {"key": "string|date|list|link"}}`);
  }
  if (raw.forbid !== undefined) {
    if (isStringList(raw.forbid) && raw.forbid.every((s) => s !== '')) config.forbid = raw.forbid.map((s) => s.normalize('NFC'));
    else problems.push(`${source}: "forbid" must be a list of non-empty phrases`);
  }
  if (raw.allowedRoots !== undefined) {
    if (isStringList(raw.allowedRoots) && raw.allowedRoots.every((s) => s.trim() !== '')) config.allowedRoots = raw.allowedRoots.map((g) => g.trim().normalize('NFC'));
    else problems.push(`${source}: "allowedRoots" must be a list of top-level folders (or globs)`);
  }
  return { config, problems };
}

function requirement(raw: unknown, where: string, problems: string[]): Requirement | undefined {
  if (!isObject(raw) || !isObject(raw.keys) || (raw.folder !== undefined && typeof raw.folder !== 'string')) {
    problems.push(`${where} must be {"folder": "…", "keys": {"key": "string|date|list|link"}}`);
    return undefined;
  }
  const keys: Record<string, ValueType> = {};
  for (const [key, type] of Object.entries(raw.keys)) {
    if (key === '__proto__' || key.trim() === '') problems.push(`${where}: key ${JSON.stringify(key)} is not usable`);
    else if (typeof type !== 'string' || !VALUE_TYPES.includes(type as ValueType)) problems.push(`${where}: "${key}" must be one of ${VALUE_TYPES.join(', ')}, not ${JSON.stringify(type)}`);
    else keys[key.normalize('NFC')] = type as ValueType;
  }
  return { ...(typeof raw.folder === 'string' && raw.folder.trim() !== '' && { folder: raw.folder.trim().normalize('NFC') }), keys };
}

/**
 * Globs → one predicate on vault paths, with picomatch: `**` any number of folders, `*` any
 * characters but `/`, `?` one character but `/`, `{a,b}` and `[ab]`; dot-files match. Parentheses
 * and a leading `!` are literal (folder names like `Notes (old)`), not extglobs or negation. A glob
 * that names a folder also matches what is inside it (`02-资源` ≡ `02-资源/**`).
 *   globMatcher(['02-资源/**', '*.draft.md'])('02-资源/a/b.md') → true
 */
export function globMatcher(globs: readonly string[]): (vaultPath: string) => boolean {
  const patterns = globs.map((g) => g.replace(/^\.?\/+/, '').replace(/\/+$/, '').replace(/[()]/g, '\\$&')).filter((g) => g !== '');
  if (patterns.length === 0) return () => false;
  const match = picomatch(patterns, { dot: true, nonegate: true, noextglob: true });
  return (p) => {
    if (match(p)) return true;
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) if (match(p.slice(0, i))) return true;
    return false;
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}
