// Frontmatter: detect the block by Obsidian's first-line rule, parse it safely, and report problems
// with their file line. gray-matter is configured so that it can never run code (docs/STACK.md §3).
/// <reference path="./gray-matter-lib.d.ts" />
import matterExcerpt from 'gray-matter/lib/excerpt.js';
import matterParse from 'gray-matter/lib/parse.js';
import jsyaml from 'js-yaml';
import { onDemand } from '../on-demand.ts';

/** The `yaml` package (260 KB) is only for blocks with anchors, which few notes have. */
const yamlPackage = onDemand<typeof import('yaml')>('yaml');

export interface FrontmatterResult {
  data: Record<string, unknown>;
  /** The body after the closing fence ('' when the note is only frontmatter). */
  body: string;
  /** 1-based file line on which `body` starts. */
  bodyLine: number;
  /** The raw YAML text between the fences (for lint rules that look at the source). */
  yaml: string;
  problem?: { code: 'frontmatter-invalid' | 'frontmatter-unclosed' | 'frontmatter-not-mapping' | 'frontmatter-js'; line: number; message: string };
}

const jsDisabled = (): never => {
  throw new JsFrontmatterError('JavaScript frontmatter is disabled: it would run code from the note');
};
class JsFrontmatterError extends Error {}

/**
 * An anchor (`&a`) is what makes an alias bomb possible (docs/STACK.md §3 c-bomb). Blocks without one go
 * to js-yaml (core schema: dates stay strings; about 7× faster here); blocks with one go to the
 * `yaml` package, which caps alias expansion.
 */
const ANCHOR = /(?:^|[\s[{,])&[^\s]/;
export function parseYaml(src: string): unknown {
  if (ANCHOR.test(src)) return yamlPackage().parse(src, { maxAliasCount: 100, schema: 'core', uniqueKeys: true });
  return jsyaml.load(src, { schema: jsyaml.CORE_SCHEMA });
}

/** Passing an options object also disables gray-matter's unbounded module cache (docs/STACK.md §3b). */
const MATTER_OPTIONS = {
  engines: {
    yaml: (src: string): object => (parseYaml(src) as object | null | undefined) ?? {},
    javascript: jsDisabled,
    js: jsDisabled,
  },
};

/** gray-matter's test for a block with nothing to parse (index.js): only blank and `#` comment lines. */
const COMMENT_LINES = /^\s*#[^\n]+/gm;

/**
 * `matter(block, MATTER_OPTIONS).data` for a block this module has split already (a `---` line
 * without a language, the closing fence found): gray-matter's own steps after its split, run
 * through its own modules: the empty-block rule, the parse through its engine table (lib/parse:
 * the yaml engine above, the JavaScript ones refused), then its excerpt step, which reads
 * `excerpt_separator` from the data and throws for one without a string form. `src` is what
 * gray-matter hands the engine: from the end of the opening `---` to the newline before the
 * closing one. Skipped: the Buffer copy of the block, the four option merges, the language
 * probe and the second search for the fences (docs/perf-cold-build.md).
 */
function matterData(src: string): unknown {
  if (src.replace(COMMENT_LINES, '').trim() === '') return {};
  const file = { data: matterParse('yaml', src, MATTER_OPTIONS) as unknown, content: '' };
  matterExcerpt(file, MATTER_OPTIONS);
  return file.data;
}

/**
 * Opening fence: the file's first line is `---` (optionally with a language such as `---js`, which
 * gray-matter would honour and we refuse). Closing fence: the next line starting with `---`.
 *   ---            ← line 1
 *   title: x
 *   ---            ← CLOSE_FENCE
 *   body…
 */
const OPEN_FENCE = /^---([^\S\n]*[A-Za-z]*)[^\S\n]*\n/;
const CLOSE_FENCE = '\n---'; // the rest of its line is ignored

type Problem = NonNullable<FrontmatterResult['problem']>;

/**
 * Split without parsing: the YAML text, the body and the body's first file line, or a problem when
 * the file has no usable fence (then the whole text is body). `text` as for parseFrontmatter.
 */
export function splitFrontmatter(text: string): { yaml: string; body: string; bodyLine: number; matter?: string; problem?: Problem } {
  const none = { body: text, bodyLine: 1, yaml: '' };
  const open = OPEN_FENCE.exec(text);
  if (!open) return none;
  if (open[1]!.trim()) {
    return { ...none, problem: { code: 'frontmatter-js', line: 1, message: `frontmatter fence "---${open[1]!.trim()}" is not YAML; it is read as body and never run` } };
  }
  const closeStart = text.indexOf(CLOSE_FENCE, open[0].length - 1); // index of the '\n' before the closing fence
  if (closeStart === -1) {
    return { ...none, problem: { code: 'frontmatter-unclosed', line: 1, message: 'frontmatter is not closed (no line starting with --- after line 1); the whole file is read as body' } };
  }
  const eol = text.indexOf('\n', closeStart + CLOSE_FENCE.length); // the closing fence's line ends here (or the file does)
  const bodyAt = eol === -1 ? text.length : eol + 1;
  return {
    yaml: text.slice(open[0].length, closeStart + 1),
    body: text.slice(bodyAt),
    bodyLine: countLines(text, bodyAt),
    matter: text.slice(3, closeStart),
  };
}

/**
 * Every FrontmatterResult is made here, its fields always present and in this order: one object
 * shape, so the parser's optimised code that reads it is not thrown away for another shape
 * ("wrong map") while a cold build warms up (docs/perf-cold-build.md, session 20).
 */
export function frontmatterResult(data: Record<string, unknown>, body: string, bodyLine: number, yaml: string, problem?: Problem): FrontmatterResult {
  return { data, body, bodyLine, yaml, problem };
}

/** Split and parse frontmatter. `text` must already be normalised to `\n` line ends without BOM. */
export function parseFrontmatter(text: string): FrontmatterResult {
  const split = splitFrontmatter(text);
  const src = split.matter;
  const ok = (data: Record<string, unknown>, problem?: Problem) => frontmatterResult(data, split.body, split.bodyLine, split.yaml, problem);
  if (src === undefined) return ok({}, split.problem);
  try {
    const parsed = matterData(src);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return ok({}, { code: 'frontmatter-not-mapping', line: 1, message: 'frontmatter is not a key: value mapping; ignored' });
    }
    const budget = 2 * split.yaml.length + EXPANSION_SLACK;
    if (expandsBeyond(parsed, budget)) {
      return ok({}, { code: 'frontmatter-invalid', line: 1, message: `frontmatter expands to over ${budget} characters through YAML aliases (${split.yaml.length} written); ignored` });
    }
    return ok(parsed as Record<string, unknown>);
  } catch (e) {
    if (e instanceof JsFrontmatterError) return ok({}, { code: 'frontmatter-js', line: 1, message: e.message });
    const err = e as Error & { linePos?: { line: number }[]; mark?: { line: number }; reason?: string };
    // gray-matter hands the engine the text from the newline that ends line 1, so `yaml`'s 1-based
    // linePos is already the file line, and js-yaml's 0-based mark.line is one less.
    const line = err.linePos?.[0]?.line ?? (err.mark ? err.mark.line + 1 : 1);
    const first = (err.reason ?? String(err.message).split('\n')[0]!).replace(/ at line \d+, column \d+:?$/, '');
    return ok({}, { code: 'frontmatter-invalid', line, message: `invalid YAML frontmatter: ${first}` });
  }
}

/**
 * Aliases (`*a`) repeat what an anchor holds without repeating its text: a 1 MB string aliased 99
 * times is 100 MB of graph. Frontmatter may grow through them to twice its written size plus this.
 */
const EXPANSION_SLACK = 64 * 1024;

/**
 * Does `data`, written out, exceed `budget` characters? Walks the parsed value (shared by aliases,
 * so counted each time it is used) and stops as soon as the budget is spent: never more than
 * `budget` steps, even for a cycle.
 */
function expandsBeyond(data: unknown, budget: number): boolean {
  let left = budget;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const v = stack.pop();
    left -= 4;
    if (typeof v === 'string') left -= v.length;
    else if (Array.isArray(v)) { for (const x of v) stack.push(x); }
    else if (v !== null && typeof v === 'object') { for (const [k, x] of Object.entries(v)) { left -= k.length; stack.push(x); } }
    if (left < 0) return true;
  }
  return false;
}

/** 1-based line number of the character at `index`. */
function countLines(text: string, index: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
