// `serve`'s graph from the build's streamed engine (src/viewer/serve-model.ts) is the graphology
// graph's twin: the same viewer payload byte for byte, the same `/graph.json`, the same node details,
// from fresh drafts or from the build cache. And the served payload leaves the edges' 说明 out, for
// the page to fetch at `/api/edge-text`.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildVaultGraph } from '../src/index.ts';
import { buildServeColumns, buildServeModel, type ServeModel } from '../src/viewer/serve-model.ts';
import { makePayload } from '../src/viewer/html.ts';
import { isCompact } from '../src/viewer/compact.ts';
import { wirePayload } from '../src/viewer/payload.ts';
import { nodeDetails, type NodeDetails } from '../src/viewer/viewer-data.ts';
import { startServer, type RunningServer } from '../src/viewer/server.ts';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

function exportOf(model: ServeModel): string {
  const chunks: Buffer[] = [];
  model.writeExport((c) => chunks.push(typeof c === 'string' ? Buffer.from(c) : Buffer.from(c)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Details with edges in key order (the in-edges of a hub come grouped differently). */
function sorted(d: NodeDetails | null) {
  const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return d && { ...d, out: [...d.out].sort(byKey), in: [...d.in].sort(byKey) };
}

describe('the serve model is the graph, without graphology', () => {
  for (const name of ['mini', 'relations', 'case-and-dots', 'bad-input', 'topic-vault']) {
    it(`${name}: same payload, export and node details, fresh and from the cache`, async () => {
      const vault = fixture(name);
      const g = (await buildVaultGraph(vault)).graph;
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-serve-model-'));
      try {
        for (const round of ['fresh', 'cached']) {
          const { model } = await buildServeModel(vault, {}, { cacheDir });
          try {
            expect([model.order, model.size], round).toEqual([g.order, g.size]);
            expect(JSON.stringify(await makePayload(model, { root: vault, layout: false })), round)
              .toBe(JSON.stringify(await makePayload(g, { root: vault, layout: false })));
            expect(exportOf(model), round).toBe(`${JSON.stringify(g.export())}\n`);
            g.forEachNode((k) => expect(sorted(model.details(k)), k).toEqual(sorted(nodeDetails(g, k))));
            expect(model.details('no such node')).toBeNull();
            // The keyless walk encodeCompact prefers: the same edges, ends as positions in node order.
            const keys: string[] = [], viaKeys: unknown[] = [], viaAt: unknown[] = [];
            model.forEachNode((k) => keys.push(k));
            model.forEachEdge((_e, a, s, t) => viaKeys.push([a, s, t]));
            model.forEachEdgeAt!((a, s, t) => viaAt.push([a, keys[s], keys[t]]));
            expect(viaAt, round).toEqual(viaKeys);
          } finally {
            model.close();
          }
        }
      } finally {
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
    });
  }
});

describe('the columns alone (lean, no cache, no edge file): the first page of a vault the cache does not know', () => {
  for (const name of ['mini', 'relations', 'case-and-dots', 'bad-input', 'topic-vault']) {
    it(`${name}: the same payload and diagnostics as the whole model, and no cache written`, async () => {
      const vault = fixture(name);
      const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-serve-columns-'));
      const whole = await buildServeModel(vault);
      const cols = await buildServeColumns(vault, {}, { cacheDir });
      try {
        expect([cols.model.order, cols.model.size]).toEqual([whole.model.order, whole.model.size]);
        expect(JSON.stringify(await makePayload(cols.model, { root: vault, layout: false })))
          .toBe(JSON.stringify(await makePayload(whole.model, { root: vault, layout: false })));
        expect(cols.model.topology()).toEqual(whole.model.topology());
        expect(cols.diagnostics).toEqual(whole.diagnostics);
        expect(() => cols.model.details(whole.model.topology().keys[0]!)).toThrow(/no edge details/);
        expect(fs.readdirSync(cacheDir)).toEqual([]);
      } finally {
        whole.model.close();
        cols.model.close();
        fs.rmSync(cacheDir, { recursive: true, force: true });
      }
    });
  }
});

describe('serving the model', () => {
  let server: RunningServer;
  // This process's open edge files (Linux: /proc/self/fd), whatever other test files run meanwhile.
  const edgeFiles = () => fs.readdirSync('/proc/self/fd').flatMap((fd) => {
    try { return [fs.readlinkSync(`/proc/self/fd/${fd}`)]; } catch { return []; }
  }).filter((f) => f.includes(`${path.sep}vaultgraph-serve-`));
  beforeAll(async () => {
    const { model } = await buildServeModel(fixture('relations'));
    server = await startServer({ root: fixture('relations'), model, layout: false });
  });
  afterAll(async () => { await server?.close(); });
  const get = (p: string): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
    http.get(new URL(p, server.url), (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });

  it('sends the payload without 说明 and says where to get them', async () => {
    const p = JSON.parse((await get('/api/graph')).body);
    expect(p.edgeText).toBe(true);
    expect(p.graph.description).toBeUndefined();
    // Left out when encoded, not taken out after: the rest is the whole payload's.
    const whole = await makePayload((await buildVaultGraph(fixture('relations'))).graph, { root: fixture('relations'), layout: false, noteApi: true });
    expect(isCompact(whole.graph) && Object.keys(whole.graph.description ?? {}).length).toBeGreaterThan(0);
    if (isCompact(whole.graph)) delete whole.graph.description;
    expect(p).toEqual(JSON.parse(JSON.stringify(wirePayload({ ...whole, edgeText: true }))));
  });

  it('answers a node\'s 说明 by the other end and relation, both ways', async () => {
    const g = (await buildVaultGraph(fixture('relations'))).graph;
    let key = '';
    g.forEachEdge((_e, a, s) => { if (!key && a.description) key = s; });
    expect(key).not.toBe('');
    const got = JSON.parse((await get(`/api/edge-text?key=${encodeURIComponent(key)}`)).body) as { out: string[][]; in: string[][] };
    const want: string[][] = [];
    g.forEachOutEdge(key, (_e, a, _s, t) => { if (a.description) want.push([t, a.relation, a.description]); });
    expect(got.out).toEqual(want);
    const [target, , text] = want[0]!;
    const back = JSON.parse((await get(`/api/edge-text?key=${encodeURIComponent(target!)}`)).body) as { in: string[][] };
    expect(back.in).toContainEqual([key, want[0]![1], text]);
    expect((await get('/api/edge-text?key=nope')).status).toBe(404);
  });

  it('streams /graph.json and answers /api/node from its edge file', async () => {
    const g = (await buildVaultGraph(fixture('relations'))).graph;
    expect((await get('/graph.json')).body).toBe(`${JSON.stringify(g.export())}\n`);
    const key = g.nodes()[0]!;
    expect(sorted(JSON.parse((await get(`/api/node?key=${encodeURIComponent(key)}`)).body))).toEqual(sorted(nodeDetails(g, key)));
  });

  it.runIf(process.platform === 'linux')('removes its edge file when the server closes', async () => {
    const open = edgeFiles();
    expect(open).toHaveLength(1);
    await server.close();
    expect(edgeFiles()).toEqual([]);
    expect(fs.existsSync(path.dirname(open[0]!))).toBe(false);
    server = undefined as never;
  });
});
