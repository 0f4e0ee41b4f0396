// The viewer's page: its bundle (built on demand with esbuild from web/), the payload it reads
// (graph + vault name + Obsidian colour groups + positions), and the one-file HTML export that
// works offline from file:// with the script and the data inlined safely.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { SerializedGraph, ViewerPayload } from '../web/payload.ts';
import { excerpt } from '../web/links.ts';
import { computePositions, type LayoutOptions } from './layout.ts';
import { readObsidianSettings } from './obsidian.ts';

const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIR = path.join(PROJECT, 'web');
export const DIST_WEB = path.join(PROJECT, 'dist-web');

export interface ViewerAssets { html: string; js: string; css: string }

/** Rebuild dist-web/main.js when a web/ source is newer (a clean clone has no dist-web/). */
export function viewerAssets(): ViewerAssets {
  const out = path.join(DIST_WEB, 'main.js');
  const newest = Math.max(...fs.readdirSync(WEB_DIR).map((f) => fs.statSync(path.join(WEB_DIR, f)).mtimeMs));
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
  /** Embed note excerpts (the offline HTML has no server to ask). */
  excerpts?: boolean;
  noteApi?: boolean;
}

/** The viewer's payload for a graph export (`graph.export()` of the core's graph). */
export function makePayload(graph: SerializedGraph, o: PayloadOptions = {}): ViewerPayload {
  const p: ViewerPayload = { vaultName: o.vaultName ?? (o.root ? path.basename(path.resolve(o.root)) : ''), graph: slim(graph) };
  if (o.root) {
    const obsidian = readObsidianSettings(o.root);
    p.colorGroups = obsidian.graph.colorGroups;
    if (obsidian.present) {
      const { search, showTags, showAttachments, hideUnresolved, showOrphans } = obsidian.graph;
      p.startFrom = { search, showTags, showAttachments, hideUnresolved, showOrphans };
    }
  }
  if (o.layout !== false) {
    const sized = {
      order: graph.nodes.length,
      forEachNode: (cb: (k: string) => void) => graph.nodes.forEach((n) => cb(n.key)),
      forEachEdge: (cb: (e: string, a: unknown, s: string, t: string) => void) => graph.edges.forEach((e, i) => cb(e.key ?? String(i), null, String(e.source), String(e.target))),
    };
    p.positions = computePositions(sized, typeof o.layout === 'object' ? o.layout : {}).positions;
  }
  if (o.excerpts && o.root) p.excerpts = readExcerpts(o.root, graph);
  if (o.noteApi) p.noteApi = true;
  return p;
}

/**
 * What the page reads is much less than the export: no `occurrences` (line, column, raw text of
 * each mention), no edge keys, and edge ends as node indexes instead of repeated CJK paths. That
 * takes a 10k-note vault's payload from 52 MB to about a third. `/graph.json` still serves the export.
 */
function slim(graph: SerializedGraph): SerializedGraph {
  const index = new Map<string | number, number>(graph.nodes.map((n, i) => [n.key, i]));
  return { ...graph, edges: graph.edges.map((e) => {
    const { occurrences: _drop, ...attributes } = e.attributes ?? {};
    return { source: index.get(e.source) ?? e.source, target: index.get(e.target) ?? e.target, attributes };
  }) } as SerializedGraph;
}

function readExcerpts(root: string, graph: SerializedGraph): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of graph.nodes) {
    const a = n.attributes;
    if (!a || (a.kind !== 'note' && a.kind !== 'topic') || typeof a.path !== 'string') continue;
    try { out[n.key] = excerpt(fs.readFileSync(path.join(root, a.path), 'utf8').slice(0, 4000)); } catch { /* listed without excerpt */ }
  }
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
export function renderHtml(graphOrPayload: SerializedGraph | ViewerPayload, options: PayloadOptions = {}): string {
  const payload = 'graph' in graphOrPayload ? graphOrPayload : makePayload(graphOrPayload, { excerpts: true, ...options });
  const assets = viewerAssets();
  // `</script` cannot appear inside the inline module: it may only occur in strings/regexes there, where `<\/` is the same.
  const js = assets.js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  const csp = `default-src 'none'; script-src ${sha(js)}; style-src ${sha(assets.css)}; img-src data: blob:; `
    + `worker-src blob:; connect-src 'none'; base-uri 'none'; form-action 'none'`;
  const title = escapeHtml(`${payload.vaultName || 'vault'} · vaultgraph`);
  return assets.html
    .replace('<meta charset="utf-8">', `<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    .replace(/<title>[^<]*<\/title>/, () => `<title>${title}</title>`)
    .replace(/<!-- vg:style -->[\s\S]*?<!-- \/vg:style -->/, () => `<style>${assets.css}</style>`)
    .replace(/<!-- vg:script -->[\s\S]*?<!-- \/vg:script -->/,
      () => `<script type="application/json" id="vg-data">${embedJson(payload)}</script>\n<script type="module">${js}</script>`);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
