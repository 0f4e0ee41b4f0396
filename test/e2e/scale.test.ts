// The lean payload in the browser: a vault served as a big one would be (frontmatter left out of
// the payload) still shows a note's frontmatter, fetched from /api/node, and its typed links.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../../src/index.ts';
import { startServer, type RunningServer } from '../../src/viewer/server.ts';
import type { NodeDetails } from '../../src/viewer/viewer-data.ts';
import { readPayload } from '../../src/viewer/payload.ts';
import { isCompact } from '../../src/viewer/compact.ts';
import { launch, openViewer, selectNode, shot, SAMPLE_NOTE, SAMPLE_VAULT } from './harness.ts';

const VAULT = SAMPLE_VAULT;
const NOTE = SAMPLE_NOTE;

let browser: Browser;
let server: RunningServer;
let page: Page;
let errors: string[];
let order: number;
let built: Awaited<ReturnType<typeof buildVaultGraph>>;

beforeAll(async () => {
  built = await buildVaultGraph(VAULT);
  order = built.graph.order;
  server = await startServer({ root: VAULT, graph: built.graph, metaMaxNodes: 0 });
  browser = await launch();
  ({ page, errors } = await openViewer(browser, server.url));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('lean payload', () => {
  it('is columnar, with no occurrences and no frontmatter', async () => {
    const text = await (await fetch(new URL('api/graph', server.url))).text();
    const p = JSON.parse(text) as { graph: { format: string; name: unknown[]; metaKeys?: string[]; target: unknown }; positions: unknown };
    expect(p.graph.format).toBe('vaultgraph-viewer/2');
    expect(p.graph.name).toHaveLength(order);
    // Integer columns travel as column strings (columns.ts), and read back whole.
    expect(typeof p.graph.target).toBe('string');
    const read = readPayload(p);
    expect(read.positions).toHaveLength(2 * order);
    expect(isCompact(read.graph) && read.graph.target.length).toBe(built.graph.size);
    expect(p.graph.metaKeys).toEqual([]);
    expect(text).not.toContain('occurrences');
    expect(text).not.toContain('"meta"');
  });

  it('/api/node has the frontmatter and the occurrences', async () => {
    const res = await fetch(new URL(`api/node?key=${encodeURIComponent(NOTE)}`, server.url));
    const d = await res.json() as NodeDetails;
    expect(d.attributes.meta).toBeTruthy();
    expect(d.out.length).toBeGreaterThan(0);
    expect(d.out.every((e) => Array.isArray(e.occurrences) && e.occurrences.length > 0)).toBe(true);
    expect((await fetch(new URL('api/node?key=nope', server.url))).status).toBe(404);
  });

  it('the panel fetches the frontmatter and shows typed links with 说明', async () => {
    await selectNode(page, NOTE, true);
    await expect(page.locator('#panel-title').textContent()).resolves.toBe('Claude的新宪法');
    await expect(page.locator('#panel-meta').textContent()).resolves.toContain('title');
    const out = page.locator('#panel section[data-links="outgoing"]');
    await expect(out.locator('h3[data-relation="contradicts"]').textContent()).resolves.toContain('观点相悖');
    await expect(out.textContent()).resolves.toContain('以理由代替规则');
    await page.waitForTimeout(500);
    await shot(page, 'scale-panel-fetched');
    expect(errors).toEqual([]);
  });
});
