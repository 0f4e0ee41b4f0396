// `serve --diff REV` in Debian's chromium: a temporary git repository with the mini fixture
// committed, then edits in the work tree (a note added with a typed relation, one deleted, a link
// broken); the page colours added / changed / removed (ghosts) / broken, shows a legend with counts,
// lists a note's added and removed relations in the panel, and switches the colouring off.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffForViewer } from '../../src/cli/commands/diff.ts';
import type { VaultModel } from '../../src/core/graph.ts';
import { buildVaultGraph } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import { STATUS_COLORS } from '../../web/model/diff.ts';
import { launch, nodePosition, openViewer, selectNode, shot } from './harness.ts';
import { fixture } from '../helpers.ts';

let repo = '';
let browser: Browser;
let server: RunningServer;
let page: Page;
let errors: string[];

beforeAll(async () => {
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-e2e-diff-'));
  const vault = path.join(repo, 'vault');
  fs.cpSync(fixture('mini'), vault, { recursive: true });
  const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...a], { cwd: repo });
  git('init', '-q'); git('add', '-A'); git('commit', '-qm', 'start');
  fs.writeFileSync(path.join(vault, 'notes/New.md'), '# New\n\n## 相关文档\n\n- [[notes/B]]；关联理由：引用；说明：新笔记引用 B。\n');
  fs.rmSync(path.join(vault, 'notes/D.md')); // A links to it: its node stays, as a broken link's placeholder
  fs.rmSync(path.join(vault, 'notes/E.md')); // nothing links to it: a ghost
  fs.appendFileSync(path.join(vault, 'notes/B.md'), '\n又见 [[Gone]]。\n');
  const built = await buildVaultGraph(vault);
  const diff = await diffForViewer(vault, 'HEAD', built.graph.export() as VaultModel, {});
  server = await startServer({ root: vault, graph: built.graph, diff });
  browser = await launch();
  ({ page, errors } = await openViewer(browser, server.url));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(repo, { recursive: true, force: true });
});

const nodeColor = (p: Page, key: string) => p.evaluate((k) => window.__kg.renderer!.getNodeDisplayData(window.__kg.keys!.node(k)!)?.color, key);
const nodeHidden = (p: Page, key: string) => p.evaluate((k) => window.__kg.renderer!.getNodeDisplayData(window.__kg.keys!.node(k)!)?.hidden, key);

describe('serve --diff', () => {
  it('shows a legend with the counts', async () => {
    await expect(page.locator('#diff-legend h2').textContent()).resolves.toBe('Changes since HEAD');
    const count = (st: string) => page.locator(`#diff-legend li[data-status="${st}"] .count`).textContent();
    await expect(count('added')).resolves.toBe('1');
    await expect(count('removed')).resolves.toBe('2');
    await expect(count('broken')).resolves.toBe('2');
    await expect(page.locator('#diff-edges').textContent()).resolves.toMatch(/relations \+1 −1/);
  });

  it('colours added, changed, removed (a ghost) and the newly broken link', async () => {
    await expect(nodeColor(page, 'notes/New')).resolves.toBe(STATUS_COLORS.added);
    await expect(nodeColor(page, 'notes/B')).resolves.toBe(STATUS_COLORS.changed);
    await expect(page.evaluate(() => (window.__kg.graph!.getNodeAttributes(window.__kg.keys!.node('notes/E')!) as unknown as { ghost?: boolean }).ghost)).resolves.toBe(true);
    await expect(nodeColor(page, 'notes/E')).resolves.toBe(STATUS_COLORS.removed);
    await expect(nodeColor(page, 'notes/D')).resolves.toBe(STATUS_COLORS.removed);
    await expect(nodeColor(page, 'Gone')).resolves.toBe(STATUS_COLORS.broken);
    const ghostEdge = await page.evaluate(() => {
      const g = window.__kg.graph!;
      const e = g.findEdge((_k, a) => (a as unknown as { ghost?: boolean }).ghost === true)!;
      return { ends: [g.source(e), g.target(e)].map(window.__kg.keys!.vault), color: window.__kg.renderer!.getEdgeDisplayData(e)?.color };
    });
    expect(ghostEdge).toEqual({ ends: ['notes/A', 'notes/D'], color: STATUS_COLORS.removed });
    await shot(page, 'diff-legend');
    expect(errors).toEqual([]);
  });

  it('lists a note\'s added and removed relations in the panel', async () => {
    await selectNode(page, 'notes/A');
    await expect(page.locator('#panel-diff ul[data-diff="removed"] li').allTextContents()).resolves.toEqual([expect.stringMatching(/related → D/)]);
    await page.waitForTimeout(400); // the panel narrows the stage: let sigma re-measure first
    const pos = await nodePosition(page, 'notes/New');
    const box = (await page.locator('#graph').boundingBox())!;
    await page.mouse.click(box.x + pos.x, box.y + pos.y);
    await page.waitForFunction(() => window.__kg.app!.state().selected === window.__kg.keys!.node('notes/New'));
    await expect(page.locator('#panel-diff ul[data-diff="added"] li').allTextContents()).resolves.toEqual([expect.stringMatching(/cites → B/)]);
    await expect(page.locator('#panel-diff').getAttribute('data-status')).resolves.toBe('added');
    await shot(page, 'diff-panel');
  });

  it('switches the colouring off: ghosts hidden, colours back', async () => {
    await page.evaluate(() => window.__kg.app!.select(null));
    await page.locator('#diff-on').uncheck();
    await expect(nodeHidden(page, 'notes/E')).resolves.toBe(true);
    await expect(nodeColor(page, 'notes/New')).resolves.not.toBe(STATUS_COLORS.added);
    await page.locator('#diff-on').check();
    await expect(nodeHidden(page, 'notes/E')).resolves.toBeFalsy();
    expect(errors).toEqual([]);
  });
});
