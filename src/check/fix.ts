// `check --fix`: apply the findings' certain edits to the vault's files. Each edit is checked
// against the file as it is now (the text at line:column must still be `before`); files are
// written atomically, only inside the vault, never through a symlink, with their BOM and line
// endings (CRLF, LF, CR) kept as they were.

import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../build/write.ts';
import { readRegular } from '../build/read.ts';
import type { Finding } from './index.ts';

export interface FixResult {
  fixed: Finding[];
  /** Findings with a fix that could not be applied, and why. */
  skipped: Array<{ finding: Finding; reason: string }>;
  /** Vault paths of the files written. */
  files: string[];
}

const LINE_BREAK = /(\r\n|\r|\n)/;

export function applyFixes(root: string, findings: readonly Finding[]): FixResult {
  const result: FixResult = { fixed: [], skipped: [], files: [] };
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) if (f.fix) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f]);
  const realRoot = fs.realpathSync(root);
  for (const [vaultPath, list] of byFile) {
    const skip = (reason: string) => { for (const finding of list) result.skipped.push({ finding, reason }); };
    const file = path.resolve(root, vaultPath);
    if (!file.startsWith(path.resolve(root) + path.sep)) { skip('outside the vault'); continue; }
    let stat: fs.Stats;
    try { stat = fs.lstatSync(file); } catch { skip('file not found'); continue; }
    if (!stat.isFile()) { skip('not a regular file (symlink?)'); continue; }
    if (!fs.realpathSync(file).startsWith(realRoot + path.sep)) { skip('outside the vault'); continue; }
    let bytes: Buffer;
    try { bytes = readRegular(file); } catch { skip('not a regular file'); continue; }
    if (!isUtf8(bytes)) { skip('file is not valid UTF-8'); continue; }
    const { text, applied, rejected } = applyEdits(bytes.toString('utf8'), list);
    for (const finding of rejected) result.skipped.push({ finding, reason: 'the text changed since it was read' });
    if (applied.length === 0) continue;
    writeFileAtomic(file, text); // keeps the file's mode
    result.fixed.push(...applied);
    result.files.push(vaultPath);
  }
  return result;
}

/** Pure: apply the findings' edits to a file's text; an edit whose `before` is not in place, or that overlaps another, is rejected. */
export function applyEdits(fileText: string, findings: readonly Finding[]): { text: string; applied: Finding[]; rejected: Finding[] } {
  const bom = fileText.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const parts = fileText.slice(bom.length).split(LINE_BREAK); // line, break, line, break, … line
  const applied: Finding[] = [];
  const rejected: Finding[] = [];
  const sorted = [...findings].sort((a, b) => a.fix!.line - b.fix!.line || b.fix!.column - a.fix!.column);
  let lastLine = -1;
  let lastStart = Infinity;
  for (const f of sorted) {
    const { line, column, before, after } = f.fix!;
    const i = (line - 1) * 2;
    const text = parts[i];
    const start = column - 1;
    if (line !== lastLine) { lastLine = line; lastStart = Infinity; }
    if (text === undefined || text.slice(start, start + before.length) !== before || start + before.length > lastStart) {
      rejected.push(f);
      continue;
    }
    // A `\n` in `after` adds a line: written with the line's own break (the file's first one on the last line).
    const eol = parts[i + 1] || parts[1] || '\n';
    parts[i] = text.slice(0, start) + after.replace(/\n/g, eol) + text.slice(start + before.length);
    lastStart = start;
    applied.push(f);
  }
  return { text: bom + parts.join(''), applied, rejected };
}
