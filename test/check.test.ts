// vaultgraph check: one fixture vault per family of rules with expected findings, a table row per
// rule, the check config, output formats (GitHub escaping), exit codes, and --fix on a temp copy.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globMatcher, resolveCheckConfig } from '../src/check/config.ts';
import { fullWidthSeparators } from '../src/check/link-rules.ts';
import { hasType } from '../src/check/vault-rules.ts';
import { splitText } from '../src/check/text.ts';
import { applyEdits } from '../src/check/fix.ts';
import { formatGithub, formatJson, formatText, ghData, ghProperty } from '../src/check/format.ts';
import { checkVault, type Finding } from '../src/check/index.ts';
import { RULES, type RuleId } from '../src/check/rules.ts';
import { missingSubpath, normaliseHeading } from '../src/check/subpath.ts';
import { runCli } from '../src/cli/main.ts';
import { loadOptions } from '../src/build/config.ts';
import { buildVaultGraph } from '../src/index.ts';
import { textReader } from '../src/build/read.ts';
import { DEFAULT_OPTIONS } from '../src/core/options.ts';
import { captureIo, fixture } from './helpers.ts';

const FIXTURES = ['check-links', 'check-related', 'check-frontmatter', 'check-config', 'check-vault-rules'] as const;

async function check(dir: string, only?: RuleId[]): Promise<Finding[]> {
  const b = await buildVaultGraph(dir);
  const { config, problems } = resolveCheckConfig(loadOptions(dir).raw.check);
  return checkVault({ ...b, config, readText: textReader(dir, b.options.maxFileBytes) }, { ...(only && { only }), configProblems: problems });
}
const where = (f: Finding) => `${f.path}:${f.line}:${f.column} ${f.rule}`;
const expected = (name: string): string[] => JSON.parse(fs.readFileSync(path.join(fixture(name), 'expected.json'), 'utf8')) as string[];
const run = async (argv: string[], cwd = process.cwd()) => {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
};
function tempCopy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vg-${name}-`));
  fs.cpSync(fixture(name), dir, { recursive: true });
  return dir;
}

describe('check fixtures: findings equal expected.json', () => {
  it.each(FIXTURES)('%s', async (name) => {
    expect((await check(fixture(name))).map(where)).toEqual(expected(name));
  });
});

/** Every rule that reads vault content has a row; file-problem and config-invalid are tested below. */
const RULE_TABLE: Array<[RuleId, (typeof FIXTURES)[number]]> = [
  ['broken-link', 'check-links'], ['broken-subpath', 'check-links'], ['ambiguous-link', 'check-links'], ['alias-only-link', 'check-links'],
  ['related-missing-reason', 'check-related'], ['related-unknown-reason', 'check-related'], ['related-missing-description', 'check-related'],
  ['related-dangling', 'check-related'], ['related-duplicate', 'check-related'], ['related-halfwidth', 'check-related'],
  ['topic-outside-folder', 'check-related'], ['topic-unlinked', 'check-related'], ['topic-alias', 'check-related'],
  ['symmetric-missing', 'check-related'],
  ['frontmatter-invalid', 'check-frontmatter'], ['unquoted-wikilink-in-yaml', 'check-frontmatter'], ['tags-string-dropped', 'check-frontmatter'],
  ['orphan', 'check-config'], ['dead-end', 'check-config'],
  ['frontmatter-required', 'check-vault-rules'], ['body-title-heading', 'check-vault-rules'], ['forbidden-text', 'check-vault-rules'],
  ['allowed-roots', 'check-vault-rules'], ['heading-spacing', 'check-vault-rules'],
];

describe('one row per rule', () => {
  it('covers every rule', () => {
    const covered = new Set<string>([...RULE_TABLE.map(([r]) => r), 'file-problem', 'config-invalid']);
    expect(RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });
  it.each(RULE_TABLE)('%s (%s)', async (rule, name) => {
    const want = expected(name).filter((l) => l.endsWith(` ${rule}`));
    expect(want.length).toBeGreaterThan(0);
    expect((await check(fixture(name))).filter((f) => f.rule === rule).map(where)).toEqual(want);
  });
  it('--rule runs only the given rules', async () => {
    expect((await check(fixture('check-links'), ['ambiguous-link', 'broken-subpath'])).map(where)).toEqual(
      expected('check-links').filter((l) => / (ambiguous-link|broken-subpath)$/.test(l)));
  });
  it('broken-link keeps the links a more specific rule would take when that rule is not run', async () => {
    expect((await check(fixture('check-links'), ['broken-link'])).map(where)).toEqual(['notes/B.md:11:3 broken-link', 'notes/B.md:11:21 broken-link']);
    expect((await check(fixture('check-related'), ['broken-link'])).map(where)).toEqual(['notes/R.md:9:3 broken-link', 'notes/R.md:17:3 broken-link']);
  });
  it('file-problem reports parse and scan diagnostics (a note with a NUL byte)', async () => {
    const dir = tempCopy('check-frontmatter');
    fs.writeFileSync(path.join(dir, 'Binary.md'), Buffer.from([0x23, 0x20, 0x00, 0x41]));
    expect((await check(dir, ['file-problem'])).map(where)).toEqual(['Binary.md:1:1 file-problem']);
  });
});

describe('pure pieces', () => {
  it.each([
    ['Step 1: Set-up (v2)', 'step 1 set-up v2'],
    ['  A  #  B ', 'a b'],
    ['C++ / Rust', 'c rust'],
    ['中文 标题', '中文 标题'],
  ])('normaliseHeading(%j) = %j', (input, out) => expect(normaliseHeading(input)).toBe(out));

  const target = {
    headings: [
      { level: 1, text: 'Top', line: 1, parent: -1 }, { level: 2, text: 'A', line: 2, parent: 0 },
      { level: 3, text: 'B', line: 3, parent: 1 }, { level: 2, text: 'C', line: 4, parent: 0 },
    ],
    blocks: ['x-1'],
  };
  it.each([
    ['#A', undefined], ['#a', undefined], ['#A#B', undefined], ['#Top#A#B', undefined], ['#C#B', 'B'], ['#B#A', 'A'],
    ['#Nope', 'Nope'], ['#^X-1', undefined], ['#^x-2', '^x-2'], ['#', undefined],
  ])('missingSubpath(%j) = %j', (sub, out) => expect(missingSubpath(target, sub)).toBe(out));

  const labels = [DEFAULT_OPTIONS.reasonLabels, DEFAULT_OPTIONS.descriptionLabels] as const;
  it.each([
    ['; 关联理由: 引用; 说明: at 10:30; ok', '； 关联理由： 引用； 说明： at 10:30; ok'],
    ['；关联理由：引用；说明：已是全角', '；关联理由：引用；说明：已是全角'],
    [';关联理由:引用', '；关联理由：引用'],
    ['; Reason: cites; Why: x', '; Reason: cites; Why: x'],
    [' see: 关联理由: x', ' see: 关联理由: x'],
  ])('fullWidthSeparators(%j)', (tail, out) => expect(fullWidthSeparators(tail, ...labels)).toBe(out));

  it.each([
    ['02-资源/**', '02-资源/a/b.md', true], ['02-资源/**', '02-资源x/a.md', false], ['02-资源', '02-资源/a.md', true],
    ['*.draft.md', 'a.draft.md', true], ['*.draft.md', 'x/a.draft.md', false], ['**/*.draft.md', 'x/y/a.draft.md', true],
    ['notes/?.md', 'notes/a.md', true], ['a+b/(x).md', 'a+b/(x).md', true], ['a+b/(x).md', 'a+b/x.md', false],
    ['Notes (old)/*.md', 'Notes (old)/a.md', true], ['!x/**', '!x/a.md', true], ['!x/**', 'y/a.md', false],
    ['{a,b}/*.md', 'b/n.md', true], ['**/*.md', '.trash/n.md', true], ['./02-资源/', '02-资源/a.md', true], ['/', 'a.md', false],
  ])('glob %j matches %j: %j', (glob, p, hit) => expect(globMatcher([glob])(p)).toBe(hit));
});

describe('the vault\'s own rules: pure pieces', () => {
  it.each([
    ['2024-05-01', 'date', true], [' 2024-05-01 ', 'date', true], ['2024-02-30', 'date', false], ['2024-5-1', 'date', false], [20240501, 'date', false],
    ['x', 'string', true], ['  ', 'string', false], [1984, 'string', true], [null, 'string', false], [['x'], 'string', false],
    [['a'], 'list', true], [[], 'list', false], ['a', 'list', false],
    ['[[A]]', 'link', true], ['[A](a.md)', 'link', true], [['[[A]]', '[[B|b]]'], 'link', true], ['A', 'link', false], [[['A']], 'link', false], [[], 'link', false],
  ] as const)('hasType(%j, %s) = %s', (v, type, ok) => expect(hasType(v, type)).toBe(ok));
  it('splitText masks code in the body only, keeping lines and columns', () => {
    const t = splitText('\ufeff---\r\nx: `a`\r\n---\r\n`b` c\r\n```\r\nd\r\n```', true);
    expect(t.lines).toEqual(['---', 'x: `a`', '---', '`b` c', '```', 'd', '```']);
    expect(t.masked()).toEqual(['---', 'x: `a`', '---', '    c', '   ', ' ', '   ']);
    expect(t.bodyStart).toBe(3);
  });
  it('validates require, forbid and allowedRoots', () => {
    const { config, problems } = resolveCheckConfig({
      require: [{ folder: '01-博客/', keys: { 发布日期: 'date', x: 'number' } }, { keys: 'x' }, { keys: { title: 'string' } }],
      forbid: ['待补充', ''], allowedRoots: ['00-元语/', ' 01-博客 '],
    });
    expect(config.require).toEqual([{ folder: '01-博客/', keys: { 发布日期: 'date' } }, { keys: { title: 'string' } }]);
    expect(config.forbid).toEqual([]);
    expect(config.allowedRoots).toEqual(['00-元语/', '01-博客']);
    expect(problems).toEqual([
      'vaultgraph.config.json "check": "require" entry 1: "x" must be one of string, date, list, link, not "number"',
      'vaultgraph.config.json "check": "require" entry 2 must be {"folder": "…", "keys": {"key": "string|date|list|link"}}',
      'vaultgraph.config.json "check": "forbid" must be a list of non-empty phrases',
    ]);
  });
  it('are off by default', async () => {
    const b = await buildVaultGraph(fixture('check-vault-rules'));
    const ids = ['frontmatter-required', 'body-title-heading', 'forbidden-text', 'allowed-roots', 'heading-spacing'];
    const config = { ...resolveCheckConfig({ ...(loadOptions(fixture('check-vault-rules')).raw.check as object), rules: {} }).config };
    const found = checkVault({ ...b, config, readText: textReader(b.root, b.options.maxFileBytes) });
    expect(found.filter((f) => ids.includes(f.rule))).toEqual([]);
  });
});

describe('check config', () => {
  it('merges severities and validates every key', () => {
    const { config, problems } = resolveCheckConfig({
      rules: { orphan: 'error', 'broken-link': 'off', nosuch: 'error', 'dead-end': 'loud' },
      ignore: 'x', topicAliases: { memo: 'memory' }, symmetric: ['agrees'], extra: 1,
    });
    expect(config.rules.orphan).toBe('error');
    expect(config.rules['broken-link']).toBe('off');
    expect(config.rules['dead-end']).toBe('off'); // the default stays
    expect(config.ignore).toEqual([]);
    expect(config.topicAliases).toEqual({ memo: 'memory' });
    expect(config.symmetric).toEqual(['agrees']);
    expect(problems).toEqual([
      'vaultgraph.config.json "check": unknown key "extra" (known: rules, ignore, topicAliases, symmetric, require, forbid, allowedRoots)',
      'vaultgraph.config.json "check": unknown rule "nosuch"',
      'vaultgraph.config.json "check": rule "dead-end" must be "error", "warning" or "off", not "loud"',
      'vaultgraph.config.json "check": "ignore" must be a list of globs',
    ]);
  });
  it('an invalid check config is a config-invalid error finding (exit 1); "off" silences a rule', async () => {
    const dir = tempCopy('check-config');
    fs.writeFileSync(path.join(dir, 'vaultgraph.config.json'), JSON.stringify({ check: { rules: { 'broken-link': 'off', nosuch: 'error' } } }));
    const r = await run(['check', dir, '--format', 'json']);
    const j = JSON.parse(r.out);
    expect(j.findings.map((f: Finding) => where(f))).toEqual(['vaultgraph.config.json:1:1 config-invalid']);
    expect(r.code).toBe(1);
  });
  it('severity override (broken-link: warning), ignore globs and Obsidian excluded files: exit 0', async () => {
    const r = await run(['check', '.'], fixture('check-config'));
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(/drafts\/|private\/|excalidraw/);
  });
});

describe('output and exit codes', () => {
  const f: Finding = { rule: 'broken-link', severity: 'error', path: 'a,b/c:d.md', line: 3, column: 7, message: '100% broken,\r\nreally: yes' };
  const w: Finding = { ...f, rule: 'orphan', severity: 'warning', path: 'x.md', line: 1, column: 1, message: 'lonely' };
  const report = { findings: [f, w], fixed: [], severities: { ...resolveCheckConfig(undefined).config.rules, orphan: 'warning' as const } };

  it('text: clickable file:line:col rule message lines, then a summary per rule', () => {
    expect(formatText(report, (p) => p)).toBe([
      'a,b/c:d.md:3:7 broken-link 100% broken, really: yes', // one line per finding; no control characters
      'x.md:1:1 orphan lonely',
      '',
      '     1  broken-link                  error',
      '     1  orphan                       warning',
      '2 findings: 1 errors, 1 warnings',
      '',
    ].join('\n'));
  });
  it('github: ::error/::warning with %, CR, LF escaped, and : , in properties', () => {
    expect(ghData('100%\r\n:,')).toBe('100%25%0D%0A:,');
    expect(ghProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
    expect(formatGithub(report, (p) => p)).toBe(
      '::error file=a%2Cb/c%3Ad.md,line=3,col=7,title=broken-link::100%25 broken,%0D%0Areally: yes\n' +
      '::warning file=x.md,line=1,col=1,title=orphan::lonely\n');
  });
  it('json: findings, counts and a summary of every rule', () => {
    const j = JSON.parse(formatJson(report));
    expect(j).toMatchObject({ errors: 1, warnings: 1, findings: [{ rule: 'broken-link', path: 'a,b/c:d.md', line: 3, column: 7 }, { rule: 'orphan' }] });
    expect(Object.keys(j.summary)).toEqual(RULES.map((r) => r.id));
    expect(j.summary['broken-link']).toEqual({ severity: 'error', count: 1, fixed: 0 });
  });
  it('exit 1 on an error-level finding, 0 for warnings only, 2 for usage errors', async () => {
    expect((await run(['check', fixture('check-links')])).code).toBe(1);
    expect((await run(['check', fixture('check-links'), '--rule', 'broken-subpath,ambiguous-link'])).code).toBe(0);
    const bad = await run(['check', fixture('check-links'), '--rule', 'nosuch']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--rule takes rule ids/);
    expect((await run(['check', fixture('check-links'), '--format', 'xml'])).code).toBe(2);
  });
  it('text paths are relative to the working directory; github output names the rule', async () => {
    const r = await run(['check', 'check-links', '--format', 'github'], path.dirname(fixture('check-links')));
    expect(r.out).toContain('::error file=check-links/notes/B.md,line=11,col=3,title=broken-link::[[Nope]]: "Nope" does not exist in the vault\n');
  });
});

describe('--fix', () => {
  it('applies only certain fixes, keeps BOM and CRLF, touches nothing else, and is idempotent', async () => {
    const dir = tempCopy('check-related');
    const crlf = '\ufeff# X\r\n\r\n## 相关文档\r\n\r\n- [[notes/R]]; 关联理由: 引用; 说明: a: b; c\r\n\r\n## 关联主题\r\n\r\n- [[00-元语/memo|m]] [[memo]]\r\n';
    fs.writeFileSync(path.join(dir, 'notes', 'X.md'), crlf);
    const before = snapshot(dir);
    const r1 = await run(['check', dir, '--fix', '--format', 'json']);
    const j1 = JSON.parse(r1.out);
    expect(j1.fixed.map(where)).toEqual([
      'notes/R.md:10:14 related-halfwidth', 'notes/R.md:17:3 topic-alias', 'notes/R.md:17:27 topic-alias',
      'notes/X.md:5:14 related-halfwidth', 'notes/X.md:9:3 topic-alias',
    ]);
    expect(r1.err).toContain('fixed 5 findings in 2 files');
    const after = snapshot(dir);
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(changed).toEqual(['notes/R.md', 'notes/X.md']);
    expect(after['notes/X.md']).toBe('\ufeff# X\r\n\r\n## 相关文档\r\n\r\n- [[notes/R]]； 关联理由： 引用； 说明： a: b; c\r\n\r\n## 关联主题\r\n\r\n- [[00-元语/memory|m]] [[memo]]\r\n');
    expect(diffLines(before['notes/R.md']!, after['notes/R.md']!)).toEqual([
      ['- [[notes/W]]; 关联理由: 观点一致; 说明: at 10:30; keep this.', '- [[notes/W]]； 关联理由： 观点一致； 说明： at 10:30; keep this.'],
      ['- [[00-元语/memo|memo]] and [[00-元语/agents]]', '- [[00-元语/memory|memo]] and [[00-元语/Agent]]'],
    ]);
    // [[memo]] (bare, missing) is reported with no fix: the bare name is not inside the topic folder.
    const r2 = await run(['check', dir, '--fix', '--format', 'json']);
    expect(JSON.parse(r2.out).fixed).toEqual([]);
    expect(snapshot(dir)).toEqual(after);
    expect(fs.readdirSync(path.join(dir, 'notes')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
  it('heading-spacing adds the blank line with the file\'s own line break', async () => {
    const dir = tempCopy('check-vault-rules');
    fs.writeFileSync(path.join(dir, '02-资源', 'crlf.md'), '\ufeff## A\r\ntext\r\n## B\r\n\r\n## C\r\n- x\r\n');
    const r = await run(['check', dir, '--fix', '--rule', 'heading-spacing', '--format', 'json']);
    expect(JSON.parse(r.out).fixed.map(where)).toEqual(['02-资源/crlf.md:1:5 heading-spacing', '02-资源/crlf.md:5:5 heading-spacing', '02-资源/h1.md:8:5 heading-spacing']);
    expect(fs.readFileSync(path.join(dir, '02-资源', 'crlf.md'), 'utf8')).toBe('\ufeff## A\r\n\r\ntext\r\n## B\r\n\r\n## C\r\n\r\n- x\r\n');
    expect(fs.readFileSync(path.join(dir, '02-资源', 'h1.md'), 'utf8')).toContain('## A\n\nText');
    expect(JSON.parse((await run(['check', dir, '--rule', 'heading-spacing', '--format', 'json'])).out).findings).toEqual([]);
  });
  it('applyEdits rejects an edit whose text is no longer in place', () => {
    const f = (line: number, column: number, before: string, after: string): Finding =>
      ({ rule: 'related-halfwidth', severity: 'warning', path: 'a.md', line, column, message: '', fix: { line, column, before, after } });
    const r = applyEdits('ab;c\r\nx;y', [f(1, 3, ';c', '；c'), f(2, 2, ':', '：'), f(2, 2, ';', '；')]);
    expect(r.text).toBe('ab；c\r\nx；y');
    expect(r.rejected).toHaveLength(1);
  });
});

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    out[path.relative(dir, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

function diffLines(a: string, b: string): Array<[string, string]> {
  const x = a.split('\n');
  const y = b.split('\n');
  return x.flatMap((l, i) => (l === y[i] ? [] : [[l, y[i]!] as [string, string]]));
}
