// `check` for code review: SARIF 2.1.0 output checked against the schema's required fields and
// allowed properties (for every object kind it writes), and --changed-since on a temporary git repo.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSarif, uriOf } from '../src/check/format.ts';
import { RULES } from '../src/check/rules.ts';
import { runCli } from '../src/cli/main.ts';
import { captureIo, fixture } from './helpers.ts';

const run = async (argv: string[], cwd = process.cwd()) => {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
};

// From sarif-schema-2.1.0.json (OASIS): per object kind, `required` and the properties it allows
// (`additionalProperties: false`); `anyOf` requirements written as alternatives.
type Kind = { required?: string[]; anyOf?: string[][]; allowed: string[] };
const SCHEMA: Record<string, Kind> = {
  log: { required: ['version', 'runs'], allowed: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'] },
  run: { required: ['tool'], allowed: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties'] },
  tool: { required: ['driver'], allowed: ['driver', 'extensions', 'properties'] },
  toolComponent: { required: ['name'], allowed: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'] },
  reportingDescriptor: { required: ['id'], allowed: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'] },
  multiformatMessageString: { required: ['text'], allowed: ['text', 'markdown', 'properties'] },
  reportingConfiguration: { allowed: ['enabled', 'level', 'rank', 'parameters', 'properties'] },
  result: { required: ['message'], allowed: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'] },
  message: { anyOf: [['text'], ['id']], allowed: ['text', 'markdown', 'id', 'arguments', 'properties'] },
  location: { allowed: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'] },
  physicalLocation: { anyOf: [['address'], ['artifactLocation']], allowed: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'] },
  artifactLocation: { allowed: ['uri', 'uriBaseId', 'index', 'description', 'properties'] },
  region: { allowed: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'] },
};

/** Every problem of `value` as an object of `kind` (and of the objects it holds that we write). */
function validate(value: unknown, kind: string, at = kind): string[] {
  const k = SCHEMA[kind]!;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
  const o = value as Record<string, unknown>;
  const out: string[] = [];
  for (const r of k.required ?? []) if (!(r in o)) out.push(`${at}: missing ${r}`);
  if (k.anyOf && !k.anyOf.some((alt) => alt.every((r) => r in o))) out.push(`${at}: needs one of ${k.anyOf.join(' | ')}`);
  for (const p of Object.keys(o)) if (!k.allowed.includes(p)) out.push(`${at}: property ${p} not allowed`);
  const sub = (p: string, kindOf: string) => { if (p in o) out.push(...validate(o[p], kindOf, `${at}.${p}`)); };
  const each = (p: string, kindOf: string) => { if (p in o) (o[p] as unknown[]).forEach((x, i) => out.push(...validate(x, kindOf, `${at}.${p}[${i}]`))); };
  switch (kind) {
    case 'log': if (o.version !== '2.1.0') out.push(`${at}: version must be 2.1.0`); each('runs', 'run'); break;
    case 'run': sub('tool', 'tool'); each('results', 'result'); if ('columnKind' in o && !['utf16CodeUnits', 'unicodeCodePoints'].includes(o.columnKind as string)) out.push(`${at}: bad columnKind`); break;
    case 'tool': sub('driver', 'toolComponent'); break;
    case 'toolComponent': each('rules', 'reportingDescriptor'); break;
    case 'reportingDescriptor': sub('shortDescription', 'multiformatMessageString'); sub('fullDescription', 'multiformatMessageString'); sub('help', 'multiformatMessageString'); sub('defaultConfiguration', 'reportingConfiguration'); break;
    case 'reportingConfiguration': if ('level' in o && !['none', 'note', 'warning', 'error'].includes(o.level as string)) out.push(`${at}: bad level`); break;
    case 'result': sub('message', 'message'); each('locations', 'location'); if ('level' in o && !['none', 'note', 'warning', 'error'].includes(o.level as string)) out.push(`${at}: bad level`); break;
    case 'location': sub('physicalLocation', 'physicalLocation'); break;
    case 'physicalLocation': sub('artifactLocation', 'artifactLocation'); sub('region', 'region'); break;
    case 'region': for (const p of ['startLine', 'startColumn']) if (p in o && !(Number.isInteger(o[p]) && (o[p] as number) >= 1)) out.push(`${at}.${p}: must be an integer ≥ 1`); break;
    default: break;
  }
  return out;
}

describe('check --format sarif', { timeout: 60_000 }, () => {
  it('is valid SARIF 2.1.0 with rules, help text and located results', async () => {
    const r = await run(['check', fixture('check-links'), '--format', 'sarif']);
    expect(r.code).toBe(1); // error-level findings still fail the run
    const log = JSON.parse(r.out) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { text: string } }> } }; results: Array<Record<string, any>> }> };
    expect(validate(log, 'log')).toEqual([]);
    const { driver } = log.runs[0]!.tool;
    expect(driver.rules.map((x) => x.id)).toEqual(RULES.map((x) => x.id));
    expect(driver.rules.every((x) => x.help.text.length > 20)).toBe(true);
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    const broken = results.find((x) => x.ruleId === 'broken-link')!;
    expect(broken.level).toBe('error');
    expect(driver.rules[broken.ruleIndex]!.id).toBe('broken-link');
    expect(broken.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^test\/fixtures\/check-links\/.+\.md$/);
    expect(broken.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });

  it('writes paths as URI references', () => {
    expect(uriOf('01-博客/a b#1.md')).toBe('01-%E5%8D%9A%E5%AE%A2/a%20b%231.md');
    expect(uriOf('../v/x.md')).toBe('../v/x.md');
    const out = formatSarif({ findings: [], fixed: [], severities: Object.fromEntries(RULES.map((x) => [x.id, 'off'])) as never }, (p) => p, '1.0.0');
    expect(validate(JSON.parse(out), 'log')).toEqual([]);
  });
});

describe('check --changed-since', { timeout: 60_000 }, () => {
  let repo = '';
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: repo, encoding: 'utf8' });
  beforeAll(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-check-since-'));
    fs.mkdirSync(path.join(repo, 'vault'));
    const w = (p: string, t: string) => fs.writeFileSync(path.join(repo, 'vault', p), t);
    w('Old.md', 'old [[Broken1]]\n');
    w('Edited.md', 'edited\n');
    w('Target.md', 'target\n');
    git('init', '-q'); git('add', '-A'); git('commit', '-qm', 'one');
    w('Edited.md', 'edited [[Broken2]] and [[Target]]\n'); // changed, not committed
    w('New.md', 'new [[Broken3]]\n'); // untracked
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('reports only the files changed since the revision, resolving against the whole vault', async () => {
    const r = await run(['check', 'vault', '--changed-since', 'HEAD', '--format', 'json'], repo);
    const j = JSON.parse(r.out) as { findings: Array<{ path: string; message: string }> };
    expect(j.findings.map((f) => f.path)).toEqual(['Edited.md', 'New.md']);
    expect(j.findings.some((f) => f.message.includes('Target'))).toBe(false);
    const all = JSON.parse((await run(['check', 'vault', '--format', 'json'], repo)).out) as { findings: Array<{ path: string }> };
    expect(all.findings.map((f) => f.path)).toContain('Old.md');
  });

  it('says so when the revision or the repository is missing', async () => {
    const bad = await run(['check', 'vault', '--changed-since', 'nope'], repo);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--changed-since: "nope" is not a revision/);
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-check-plain-'));
    const none = await run(['check', plain, '--changed-since', 'HEAD']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/needs the vault in a git repository/);
    fs.rmSync(plain, { recursive: true });
  });
});
