// The `"check"` section of vaultgraph.config.json: severity per rule, ignore globs, the topic alias
// map and the symmetric relations, with commented defaults, validated once. Problems are returned
// as messages (the checker reports them as `config-invalid` findings) and the bad value is not used.
//
//   {"check": {"rules": {"broken-subpath": "error", "orphan": "warning"}, "ignore": ["02-资源/**"],
//              "topicAliases": {"memo": "memory", "agents": "Agent"}, "symmetric": ["same-event"]}}

import { isRuleId, RULES, type RuleId, type RuleSeverity } from './rules.ts';

export interface CheckConfig {
  /** Severity of every rule (defaults from RULES, then the config). */
  rules: Record<RuleId, RuleSeverity>;
  /** Vault-relative globs (`*`, `**`, `?`); findings in matching files are not reported. */
  ignore: string[];
  /** Old topic name → the topic it was merged into, both relative to the topic folder. */
  topicAliases: Record<string, string>;
  /** Relations (names or the vault's words, e.g. 同一事件) that should be declared in both directions. */
  symmetric: string[];
}

export function defaultCheckConfig(): CheckConfig {
  return {
    rules: Object.fromEntries(RULES.map((r) => [r.id, r.severity])) as Record<RuleId, RuleSeverity>,
    ignore: [],
    topicAliases: {},
    symmetric: ['same-event', 'agrees', 'contradicts'],
  };
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'off'];
const KEYS = ['rules', 'ignore', 'topicAliases', 'symmetric'];

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
  return { config, problems };
}

/**
 * Globs → one predicate on vault paths. `**` any number of folders, `*` any characters but `/`,
 * `?` one character but `/`; everything else literal. A glob that names a folder also matches
 * what is inside it (`02-资源` ≡ `02-资源/**`).
 *   globMatcher(['02-资源/**', '*.draft.md'])('02-资源/a/b.md') → true
 */
export function globMatcher(globs: readonly string[]): (vaultPath: string) => boolean {
  if (globs.length === 0) return () => false;
  const res = globs.map((g) => new RegExp(`^${globSource(g.replace(/^\.?\/+/, '').replace(/\/+$/, ''))}(?:/.*)?$`));
  return (p) => res.some((r) => r.test(p));
}

function globSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') { i++; out += '(?:.*/)?'; } else out += '.*';
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}
