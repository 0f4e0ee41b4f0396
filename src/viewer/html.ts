// The viewer's page: its bundle (built on demand with esbuild from web/), the payload it reads
// (lean graph + vault name + Obsidian colour groups + positions), and the one-file HTML export that
// works offline from file:// with the script and the data inlined safely.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { readRegular } from '../build/read.ts';
import path from 'node:path';
import { buildSync } from './esbuild.ts';
import { encodeCompact, isCompact, keyOf } from './compact.ts';
import type { SerializedGraph, ViewerPayload } from './payload.ts';
import { excerpt, wirePayload } from './payload.ts';
import { carryPositions, computeLayout, groupBySource, relationWeight, type LayoutOptions, type Point, type Topology } from './layout.ts';
import { readObsidianSettings } from '../build/obsidian.ts';
import { viewerConfig } from '../build/config.ts';
import { detectDateKey } from './dates.ts';
import { newestMtime, PROJECT_ROOT } from '../build/project.ts';
import { fromExport, isLiveGraph, propKeys, type LiveGraph } from './viewer-data.ts';

export const WEB_DIR = path.join(PROJECT_ROOT, 'web');
export const DIST_WEB = path.join(PROJECT_ROOT, 'dist-web');

export interface ViewerAssets { html: string; js: string; css: string }

/**
 * Above this many bytes of payload the page does not preload it. web/index.html asks for the payload
 * with `<link rel=preload>` while main.js loads; chromium then takes the whole body in on the page's
 * main thread before main.js can start. Headless chromium here, opens alternated, medians
 * (docs/viewer-100k.md, 2026-12-05): with the preload the payload was read 20–40 ms sooner at 1–1.4 MB
 * (10k notes, the users' vault), and 60 ms later at 10 MB (100k notes), main.js starting ~100 ms later.
 */
export const PRELOAD_MAX_BYTES = 4_000_000;
const PRELOAD = /<!-- vg:preload -->[\s\S]*?<!-- \/vg:preload -->/;

/** The page's HTML without its payload preload (the offline export has no payload to fetch). */
export const withoutPreload = (html: string): string => html.replace(PRELOAD, '');

/** The page's HTML for a payload of `bytes` (UTF-8): it preloads the payload unless that is big. */
export function pageHtml(html: string, bytes: number, max = PRELOAD_MAX_BYTES): string {
  return bytes > max ? withoutPreload(html) : html;
}

/** Rebuild dist-web/main.js when a source it bundles (web/, src/viewer/, src/core/) is newer (a clean clone has no dist-web/). */
export function viewerAssets(): ViewerAssets {
  const out = path.join(DIST_WEB, 'main.js');
  const newest = newestMtime(['web', 'src/viewer', 'src/core']);
  if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < newest) {
    buildSync({ entryPoints: [path.join(WEB_DIR, 'main.ts')], bundle: true, format: 'esm', target: 'es2020',
      minify: true, outfile: out, logLevel: 'error' });
  }
  return {
    html: fs.readFileSync(path.join(WEB_DIR, 'index.html'), 'utf8'),
    js: fs.readFileSync(out, 'utf8'),
    css: fs.readFileSync(path.join(WEB_DIR, 'style.css'), 'utf8'),
  };
}

export interface PayloadOptions {
  /** Vault folder: its name for obsidian:// links, its `.obsidian/graph.json` colour groups, its notes for excerpts. */
  root?: string;
  vaultName?: string;
  /** Precompute positions in Node (default true); `false` lets the page run the layout. */
  layout?: boolean | Partial<LayoutOptions>;
  /** Positions to keep (watch mode): known nodes stay put, new ones go near their neighbours, no FA2. */
  previous?: ReadonlyMap<string, Point>;
  /** Embed every note's frontmatter up to this many nodes (default META_ALL_MAX_NODES). */
  metaMaxNodes?: number;
  /** Embed note excerpts (the offline HTML has no server to ask); small vaults only. */
  excerpts?: boolean;
  noteApi?: boolean;
  /** The timeline's frontmatter key; default: the vault config's `viewer.dateKey`, else detected (dates.ts). */
  dateKey?: string;
  /** Leave the edges' 说明 out of the payload (the server gives them at `/api/edge-text`). */
  noDescriptions?: boolean;
}

/**
 * Up to this many nodes the payload carries every note's frontmatter (the panel and `[key:value]`
 * searches use it directly); above it only the keys the vault's colour groups ask about, and the
 * server's `/api/node` gives the rest (in the 10k test vault it is 1.6 MB, as much as the whole graph).
 */
export const META_ALL_MAX_NODES = 5000;
const EXCERPTS_MAX_NODES = 5000;

/**
 * The viewer's payload (web/compact.ts): node keys once, kinds and relations as small tables,
 * edges as integer columns; no occurrences, no edge keys. 10k notes: 3.3 MB (the export: 52 MB);
 * 100k: 34 MB. `/graph.json` still serves the full export.
 */
export async function makePayload(graph: SerializedGraph | LiveGraph, o: PayloadOptions = {}): Promise<ViewerPayload> {
  const live = isLiveGraph(graph) ? graph : fromExport(graph);
  // The layout starts first: its worker(s) run while this thread encodes the payload.
  const layout = !o.previous && o.layout !== false
    ? computeLayout(layoutTopology(live), { ...(o.root !== undefined && { vault: o.root }), ...(typeof o.layout === 'object' ? o.layout : {}) }) : undefined;
  layout?.catch(() => undefined); // awaited below; this only keeps an early failure from counting as unhandled
  const obsidian = o.root ? readObsidianSettings(o.root) : null;
  const colorGroups = obsidian?.graph.colorGroups ?? [];
  const queries = [...colorGroups.map((g) => g.query), obsidian?.present ? obsidian.graph.search : ''];
  const dateKey = o.dateKey ?? (o.root ? viewerConfig(o.root).dateKey : undefined) ?? detectDateKey(nodesOf(live));
  const c = encodeCompact(live, { meta: live.order <= (o.metaMaxNodes ?? META_ALL_MAX_NODES) ? 'all' : propKeys(queries), dateKey, ...(o.noDescriptions && { noDescriptions: true }) });
  const p: ViewerPayload = { vaultName: o.vaultName ?? (o.root ? path.basename(path.resolve(o.root)) : ''), graph: c };
  if (obsidian) {
    p.colorGroups = colorGroups;
    if (obsidian.present) {
      const { search, showTags, showAttachments, hideUnresolved, showOrphans } = obsidian.graph;
      p.startFrom = { search, showTags, showAttachments, hideUnresolved, showOrphans };
      p.graphView = { showArrow: obsidian.graph.showArrow, display: obsidian.graph.display };
    }
  }
  if (o.previous) p.positions = round(carryPositions(live, c.name.map((_n, i) => keyOf(c, i)), o.previous));
  else if (layout) {
    const r = await layout;
    p.positions = round(r.positions);
    p.layout = { iterations: r.iterations, ms: r.ms, cached: r.cached };
  }
  if (o.excerpts && o.root && live.order <= EXCERPTS_MAX_NODES) p.excerpts = readExcerpts(o.root, live);
  if (o.noteApi) p.noteApi = true;
  return p;
}

/**
 * The graph as computeLayout reads it, in the payload's order (encodeCompact's: nodes as they come,
 * edges grouped by source, in the order they come within a source), without encoding the payload.
 * The streamed model (serve-model.ts) gives its columns directly.
 */
export function layoutTopology(g: LiveGraph & { topology?: () => Topology }): Topology {
  if (g.topology) return g.topology();
  const keys: string[] = [], index = new Map<string, number>();
  g.forEachNode((k) => { index.set(k, keys.length); keys.push(k); });
  const source: number[] = [], target: number[] = [], weight: number[] = [];
  g.forEachEdge((_e, a, s, t) => {
    const i = index.get(s), j = index.get(t);
    if (i === undefined || j === undefined) return;
    source.push(i); target.push(j); weight.push(relationWeight(a.relation ?? 'link'));
  });
  return groupBySource(keys, source, target, weight);
}

function nodesOf(live: LiveGraph): Array<{ kind?: string; meta?: Record<string, unknown> }> {
  const all: Array<{ kind?: string; meta?: Record<string, unknown> }> = [];
  live.forEachNode((_k, a) => { all.push(a); });
  return all;
}

/** Two decimals are plenty on screen and keep the payload small. */
export function round(xy: Float32Array): number[] {
  return Array.from(xy, (v) => (Number.isFinite(v) ? Math.round(v * 100) / 100 : 0));
}

/** The payload's positions by node key (what `previous` wants on the next update). */
export function positionsOf(p: ViewerPayload): Map<string, Point> {
  const out = new Map<string, Point>();
  const pos = p.positions;
  if (!pos || !isCompact(p.graph)) return out;
  const c = p.graph;
  for (let i = 0; i < c.name.length; i++) out.set(keyOf(c, i), { x: pos[2 * i]!, y: pos[2 * i + 1]! });
  return out;
}

function readExcerpts(root: string, graph: LiveGraph): Record<string, string> {
  const out: Record<string, string> = {};
  graph.forEachNode((key, a) => {
    if ((a.kind !== 'note' && a.kind !== 'topic') || typeof a.path !== 'string') return;
    try { out[key] = excerpt(readRegular(path.join(root, a.path), 16_384).toString('utf8').slice(0, 4000)); } catch { /* listed without excerpt */ }
  });
  return out;
}

/**
 * JSON inside `<script type="application/json">`: every `<` becomes `\u003c`, so no `</script`
 * or `<!--` can end or confuse the element, whatever the notes contain. U+2028/9 are escaped too.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** The one-file viewer: page, style, script and data inline; a CSP that names the inline script by hash. */
export async function renderHtml(graphOrPayload: SerializedGraph | LiveGraph | ViewerPayload, options: PayloadOptions = {}): Promise<string> {
  const payload = 'graph' in graphOrPayload && 'vaultName' in graphOrPayload ? graphOrPayload
    : await makePayload(graphOrPayload as SerializedGraph | LiveGraph, { excerpts: true, ...options });
  const assets = viewerAssets();
  // `</script` cannot appear inside the inline module: it may only occur in strings/regexes there, where `<\/` is the same.
  const js = assets.js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  const csp = `default-src 'none'; script-src ${sha(js)}; style-src ${sha(assets.css)}; img-src data: blob:; `
    + `worker-src blob:; connect-src 'none'; base-uri 'none'; form-action 'none'`;
  const title = escapeHtml(`${payload.vaultName || 'vault'} · vaultgraph`);
  return withoutPreload(assets.html)
    .replace('<meta charset="utf-8">', `<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`)
    .replace(/<!-- vg:style -->[\s\S]*?<!-- \/vg:style -->/, () => `<style>${assets.css}</style>`)
    .replace(/<!-- vg:script -->[\s\S]*?<!-- \/vg:script -->/,
      () => `<script type="application/json" id="vg-data">${embedJson(wirePayload(payload))}</script>\n<script type="module">${js}</script>`);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
