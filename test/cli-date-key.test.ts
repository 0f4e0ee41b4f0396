// `html --date-key`: the timeline's key chosen on the command line reaches the page's data; by
// default the key most notes fill in (发布日期 in the relations fixture).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { captureIo, fixture } from './helpers.ts';
import { readPayload } from '../src/viewer/payload.ts';
import type { CompactGraph } from '../src/viewer/compact.ts';

const dataOf = (html: string) => readPayload(JSON.parse(html.slice(html.indexOf('id="vg-data">') + 13, html.indexOf('</script>', html.indexOf('id="vg-data">'))))) as { graph: CompactGraph };

describe('html --date-key', () => {
  it('detects 发布日期 by default, and takes the flag over it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-datekey-'));
    const out = path.join(dir, 'g.html');
    const run = async (...more: string[]) => {
      expect(await runCli(['html', fixture('relations'), '-o', out, '--no-layout', '-q', ...more], captureIo())).toBe(0);
      return dataOf(fs.readFileSync(out, 'utf8')).graph;
    };
    const detected = await run();
    expect(detected.dateKey).toBe('发布日期');
    expect(Array.from(detected.date ?? []).filter(Number.isFinite)).toHaveLength(6);
    const flagged = await run('--date-key', 'nope');
    expect(flagged.dateKey).toBeUndefined();
    expect(flagged.date).toBeUndefined();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
