// `vaultgraph serve`: a node:http server for the viewer. It serves the viewer's own files (a fixed
// list), the graph, and on demand the text of a note inside the vault and the images its notes show
// (`/api/file`, the vault's image attachments only) — nothing else: no `..`,
// no absolute paths, no dot-folders, no symlink that leads outside the vault, no other host name.

import fs from 'node:fs';
import zlib from 'node:zlib';
import { readRegular } from '../build/read.ts';
import { reasonOf } from '../build/failure.ts';
import http from 'node:http';
import path from 'node:path';
import { payloadJson, readPayload, type SerializedGraph, type ViewerPayload } from './payload.ts';
import type { ViewerDiff } from './diff-payload.ts';
import { acceptedEncoding, compress, compressAhead, COMPRESS_MIN_BYTES, gunzippedSize, keepCompressed } from './compress.ts';
import { assetCaching, versionAssets } from './asset-cache.ts';
import { makePayload, META_ALL_MAX_NODES, pageHtml, positionsOf, viewerAssets, type PayloadOptions } from './html.ts';
import { fromExport, isLiveGraph, nodeDetails, type LiveGraph } from './viewer-data.ts';
import type { Point } from './place.ts';
import type { ServeModel } from './serve-model.ts';
import type { Chunk } from '../build/spool.ts';
import { slimDelta, type GraphDelta } from '../live/delta.ts';

export interface ServeOptions {
  /** The vault folder (notes are read from it). */
  root: string;
  /** The core's graph, or its `export()`. */
  graph?: { export(): unknown };
  graphJson?: SerializedGraph;
  /** The streamed build's columns (serve-model.ts): what `serve` gives; closed with the server. */
  model?: ServeModel;
  /** Default 127.0.0.1. Anything else exposes the vault to the network; the CLI warns. */
  host?: string;
  /** Default 0 (any free port). */
  port?: number;
  layout?: PayloadOptions['layout'];
  /** Embed all frontmatter up to this many nodes (above it the panel asks /api/node). */
  metaMaxNodes?: number;
  /** The timeline's frontmatter key (default: config `viewer.dateKey`, else detected). */
  dateKey?: string;
  /** `serve --diff REV`: sent in the payload's `diff` field as it is (computed once, at start). */
  diff?: ViewerDiff;
  /**
   * A payload already made and compressed (serve-snapshot.ts), served as it is while `model()` (what
   * it came from: the build's columns, or `serve --watch`'s live graph) is built — from the first
   * answer with the payload, or 2 s after listening: the page's graph goes first. Requests that need
   * the model wait for it.
   */
  packed?: { br: Buffer; gzip: Buffer; model: () => Promise<ServeModel | WholeGraph> };
  /** Called once with the first payload's text (serve keeps it as a snapshot). */
  onPayload?: (text: string) => void;
  /** The page preloads its payload up to this many bytes (default html.ts `PRELOAD_MAX_BYTES`). */
  preloadMaxBytes?: number;
}

/** A graph held whole in memory (a graphology graph: watch mode's live vault). */
type WholeGraph = LiveGraph & { export(): unknown };
/** The build's columns hold an edge file to close; a graph in memory holds nothing. */
const isColumns = (g: unknown): g is ServeModel => typeof (g as ServeModel).close === 'function';

export interface RunningServer {
  url: string;
  /** Once the first page's graph has been sent (or 2 s after listening): work behind the page starts then. */
  pageSent: Promise<void>;
  /**
   * Once a page is up (it listens for changes at /api/events), or 2 s after its graph was sent: work
   * that holds the server up for a while (watch mode reading the live vault) starts then, after the
   * page's own files and graph have gone.
   */
  pageUp: Promise<void>;
  /**
   * Replace the graph (watch mode); open pages are told to reload once the payload is ready.
   * Positions are kept: known nodes stay, new ones go near their neighbours (no FA2 rerun).
   */
  update(graph: { export(): unknown } | SerializedGraph): Promise<void>;
  /**
   * Watch mode, one change patched into `graph` (the live vault's): open pages get the delta
   * (`event: delta`) and patch their graph in place; the payload is refreshed when next asked for.
   */
  patch(delta: GraphDelta, graph: { export(): unknown }): void;
  /**
   * Watch mode: `graph` (the live vault's) takes over from what the first page was made of (a kept
   * payload, the build's columns), positions kept. Open pages are told to reload only if its payload
   * differs from the one they were sent (the vault changed while the live vault was being read).
   */
  adopt(graph: { export(): unknown }): Promise<void>;
  close(): Promise<void>;
}

/** CSP: only our own script, style and API; the layout worker is a blob: URL. */
export const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
  + "connect-src 'self'; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const MAX_NOTE_BYTES = 2 * 1024 * 1024;
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const root = fs.realpathSync(path.resolve(o.root));
  const host = o.host ?? '127.0.0.1';
  const assets = versionAssets(viewerAssets());
  keepCompressed(assets.js);
  keepCompressed(assets.css);
  // The graph is read in place (a live graphology graph is never exported unless /graph.json is asked for).
  let source: { export(): unknown } | SerializedGraph | ServeModel;
  let live: LiveGraph;
  let graphJson: SerializedGraph | undefined;
  let payload: ViewerPayload | undefined;
  let payloadText = '';
  /** payloadText's size in UTF-8 (the page's HTML preloads a payload only up to a size: html.ts). */
  let payloadBytes = 0;
  // The payload as it came compressed (a snapshot); the model it describes is still being built.
  let packed = o.packed;
  let modelReady: Promise<void> | null = null;
  // The first page's graph has gone (its /api/graph answer finished), or 2 s have passed since
  // listening: the model behind a kept payload, and watch mode's live vault, are built from then on.
  let pageGone!: () => void; // called again: resolving twice is nothing
  const pageSent = new Promise<void>((resolve) => { pageGone = resolve; });
  // A page is up: it has its graph and listens for changes (its /api/events), or 2 s have passed
  // since the graph was sent (a client that never listens). Work that holds the server up waits for it.
  let pageListens!: () => void;
  const pageUp = new Promise<void>((resolve) => { pageListens = resolve; });
  void pageSent.then(() => setTimeout(() => pageListens(), 2000).unref());
  let built: Promise<ServeModel | WholeGraph> | undefined;
  let notePaths = new Set<string>();
  let attachmentPaths = new Set<string>();
  const listeners = new Set<http.ServerResponse>();
  const setGraph = async (g: { export(): unknown } | SerializedGraph | ServeModel, carried?: ReadonlyMap<string, Point>) => {
    source = g;
    graphJson = undefined;
    live = isLiveGraph(g) ? g : fromExport(('export' in g && typeof g.export === 'function' ? g.export() : g) as SerializedGraph);
    const previous = carried ?? (payload?.positions ? positionsOf(payload) : undefined);
    payload = await servedPayload(live, { ...o, root }, previous);
    payloadText = payloadJson(payload);
    payloadBytes = Buffer.byteLength(payloadText);
    packed = undefined;
    setPaths();
  };
  /** The notes and image attachments `/api/note` and `/api/file` may serve. */
  const setPaths = () => {
    const paths = new Set<string>(), files = new Set<string>();
    live.forEachNode((_k, a) => {
      if (typeof a.path !== 'string') return;
      if (a.kind === 'note' || a.kind === 'topic') paths.add(a.path);
      else if (a.kind === 'attachment') files.add(a.path);
    });
    notePaths = paths;
    attachmentPaths = files;
  };
  // Watch mode: a patched graph goes into the payload when a page next asks (positions carried over).
  let stale: { export(): unknown } | undefined;
  let refreshing: Promise<void> | null = null;
  const fresh = (): Promise<void> => refreshing ??= (async () => {
    while (stale) { const g = stale; stale = undefined; await setGraph(g); }
  })().finally(() => { refreshing = null; });
  const fullJson = (): SerializedGraph => (graphJson ??= ('export' in source && typeof source.export === 'function' ? source.export() : source) as SerializedGraph);
  const initial = o.model ?? o.graph ?? o.graphJson;
  if (o.packed) {
    const make = o.packed.model;
    modelReady = pageSent
      .then(() => (built = make())).then((m) => { source = live = m; setPaths(); }).finally(() => { modelReady = null; });
    // Requests waiting for it get the failure; nothing else is left unhandled.
    modelReady.catch(() => undefined);
  } else {
    if (!initial) throw new Error('startServer: give "graph" or "graphJson"');
    await setGraph(initial);
    // The first page asks at once: its payload is being compressed by then (onPayload's snapshot shares the work).
    compressAhead(payloadText);
    o.onPayload?.(payloadText);
  }

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      send(res, 500, 'text/plain', `internal error: ${(e as Error).message}`);
    }
  });
  function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    // DNS rebinding: a page on another site must not reach a loopback server through its own host name.
    const hostName = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (LOOPBACK.has(host) && !LOOPBACK.has(hostName)) return send(res, 403, 'text/plain', 'forbidden host');
    // Checked on the raw target too: URL parsing would quietly fold `/%2e%2e/x` into `/x`.
    if (/(?:\.|%2e){2}/i.test((req.url ?? '').split('?')[0]!)) return send(res, 403, 'text/plain', 'forbidden');
    const url = new URL(req.url ?? '/', 'http://x');
    let pathname: string;
    try { pathname = decodeURIComponent(url.pathname); } catch { return send(res, 400, 'text/plain', 'bad url'); }
    if (pathname.includes('..') || pathname.includes('\0') || /\/\./.test(pathname)) return send(res, 403, 'text/plain', 'forbidden');
    const asset = !pathname.startsWith('/api/') && pathname !== '/graph.json';
    if (modelReady && !asset && pathname !== '/api/graph' && pathname !== '/api/events') {
      void modelReady.then(() => handle(req, res), (e: unknown) => send(res, 500, 'text/plain', `internal error: ${(e as Error).message}`));
      return;
    }
    if ((stale || refreshing) && pathname.startsWith('/api/') && pathname !== '/api/events' || (stale && pathname === '/graph.json')) {
      void fresh().then(() => handle(req, res), (e: unknown) => send(res, 500, 'text/plain', `internal error: ${(e as Error).message}`));
      return;
    }
    switch (pathname) {
      case '/': case '/index.html': return send(res, 200, 'text/html; charset=utf-8',
        pageHtml(assets.html, packed ? gunzippedSize(packed.gzip) : payloadBytes, o.preloadMaxBytes));
      case '/main.js': return send(res, 200, 'text/javascript; charset=utf-8', assets.js, assetCaching(url.searchParams.get('v'), assets.jsHash));
      case '/style.css': return send(res, 200, 'text/css; charset=utf-8', assets.css, assetCaching(url.searchParams.get('v'), assets.cssHash));
      case '/api/graph': res.once('finish', () => pageGone());
        return packed ? sendPacked(res, packed) : send(res, 200, 'application/json; charset=utf-8', payloadText);
      case '/graph.json': return 'exportChunks' in source ? sendStream(res, 'application/json; charset=utf-8', source.exportChunks())
        : send(res, 200, 'application/json; charset=utf-8', JSON.stringify(fullJson()));
      case '/api/edge-text': return serveEdgeText(url.searchParams.get('key'), res);
      case '/api/note': return serveNote(url.searchParams.get('path'), res);
      case '/api/node': return serveNode(url.searchParams.get('key'), res);
      case '/api/file': return serveFile(url.searchParams.get('path'), res);
      case '/api/events': return events(res);
      default: return send(res, 404, 'text/plain', 'not found');
    }
  }
  function serveNote(rel: string | null, res: http.ServerResponse): void {
    const file = notePath(root, rel);
    if (!file.ok) return send(res, file.status, 'text/plain', file.reason);
    if (!notePaths.has(file.rel)) return send(res, 404, 'text/plain', 'not a note of this vault');
    let buf: Buffer;
    try { buf = readRegular(file.abs, MAX_NOTE_BYTES); } catch (e) { return send(res, 404, 'text/plain', `cannot read note: ${reasonOf(e)}`); }
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ path: file.rel, text: buf.toString('utf8') }));
  }
  /** An image a note shows: only the vault's own attachments, never anything else on disk. */
  function serveFile(rel: string | null, res: http.ServerResponse): void {
    const file = attachmentPath(root, rel);
    if (!file.ok) return send(res, file.status, 'text/plain', file.reason);
    if (!attachmentPaths.has(file.rel)) return send(res, 404, 'text/plain', 'not an attachment of this vault');
    if (fs.statSync(file.abs).size > MAX_IMAGE_BYTES) return send(res, 413, 'text/plain', 'image too large to show');
    const body = fs.readFileSync(file.abs);
    const type = IMAGE_TYPES[file.rel.slice(file.rel.lastIndexOf('.') + 1).toLowerCase()]!;
    // An SVG opened on its own must not run script in our origin: a sandboxed, script-less document.
    res.writeHead(200, { 'content-type': type, 'content-length': body.length, 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store', 'cross-origin-resource-policy': 'same-origin' });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }
  /** A node's full attributes (frontmatter included) and its edges with their occurrences. */
  function serveNode(key: string | null, res: http.ServerResponse): void {
    const details = key === null ? null : 'details' in live ? (live as ServeModel).details(key) : nodeDetails(live, key);
    if (!details) return send(res, 404, 'text/plain', 'no such node');
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify(details));
  }
  /** The 说明 of the edges at a node, by the other end and relation (stable across watch-mode patches). */
  function serveEdgeText(key: string | null, res: http.ServerResponse): void {
    if (key === null || !live.hasNode(key)) return send(res, 404, 'text/plain', 'no such node');
    const out: Array<[string, string, string]> = [], into: Array<[string, string, string]> = [];
    live.forEachOutEdge(key, (_e, a, _s, t) => { if (a.description) out.push([t, a.relation ?? 'link', a.description]); });
    live.forEachInEdge(key, (_e, a, s) => { if (a.description) into.push([s, a.relation ?? 'link', a.description]); });
    send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ out, in: into }));
  }
  function events(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', 'content-security-policy': CSP });
    res.write(': connected\n\n');
    listeners.add(res);
    pageListens();
    res.on('close', () => listeners.delete(res));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  setTimeout(() => pageGone(), 2000).unref();
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : o.port;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${port}/`,
    pageSent,
    pageUp,
    async update(g) {
      await setGraph(g);
      for (const l of listeners) l.write('event: graph\ndata: changed\n\n');
    },
    async adopt(g) {
      if (modelReady) await modelReady.catch(() => undefined);
      // What pages were sent: a kept payload is read back (its positions carried over as they were).
      const sent = packed ? zlib.gunzipSync(packed.gzip).toString('utf8') : payloadText;
      const kept = packed ? readPayload(JSON.parse(sent)) : undefined;
      const carried = kept?.positions ? positionsOf(kept) : undefined;
      const before = source;
      await setGraph(g, carried);
      // The columns it replaces are closed now (their edge file), not when the server stops.
      if (before !== g && isColumns(before)) before.close();
      if (!sameShown(payloadText, sent)) for (const l of listeners) l.write('event: graph\ndata: changed\n\n');
    },
    patch(delta, g) {
      stale = g;
      graphJson = undefined;
      const data = JSON.stringify(slimDelta(delta, live.order > META_ALL_MAX_NODES));
      for (const l of listeners) l.write(`event: delta\ndata: ${data}\n\n`);
    },
    close: () => new Promise((resolve) => {
      for (const l of listeners) l.end();
      server.closeAllConnections();
      server.close(() => {
        o.model?.close();
        built?.then((m) => { if (isColumns(m)) m.close(); }, () => undefined);
        resolve();
      });
    }),
  };
}

/**
 * Whether two payload texts show the same graph: equal but for `layout`, which says how the
 * positions were made (a payload with positions carried over does not say it again).
 */
export function sameShown(a: string, b: string): boolean {
  if (a === b) return true;
  const shown = (text: string) => { const p = JSON.parse(text) as { layout?: unknown }; delete p.layout; return JSON.stringify(p); };
  return shown(a) === shown(b);
}

/** The payload `/api/graph` serves for `live` (`o.root`: the vault's real path); `previous`: positions to keep (watch mode). */
export async function servedPayload(live: LiveGraph, o: Pick<ServeOptions, 'root' | 'layout' | 'metaMaxNodes' | 'dateKey' | 'diff'>, previous?: ReadonlyMap<string, Point>): Promise<ViewerPayload> {
  // The 说明 sentences (most of a big payload) are fetched when shown: `/api/edge-text`.
  const payload = await makePayload(live, { root: o.root, noteApi: true, noDescriptions: true, ...(o.layout !== undefined && { layout: o.layout }), ...(previous && { previous }),
    ...(o.metaMaxNodes !== undefined && { metaMaxNodes: o.metaMaxNodes }), ...(o.dateKey !== undefined && { dateKey: o.dateKey }) });
  if (o.diff) payload.diff = o.diff;
  payload.edgeText = true;
  return payload;
}

/**
 * A body too big for one string (the 100k-note graph JSON is 500 MB), written in chunks, compressed
 * as it goes; the next chunk is read once the last has drained, so a slow client costs no memory.
 */
function sendStream(res: http.ServerResponse, type: string, chunks: Iterator<Chunk>): void {
  const encoding = acceptedEncoding(res.req.headers['accept-encoding']);
  res.writeHead(200, { 'content-type': type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer',
    'cache-control': 'no-store', 'cross-origin-resource-policy': 'same-origin', vary: 'accept-encoding', ...(encoding && { 'content-encoding': encoding }) });
  if (res.req.method === 'HEAD') return void res.end();
  const z = encoding === 'br' ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }) : encoding === 'gzip' ? zlib.createGzip() : undefined;
  z?.pipe(res);
  const out = z ?? res;
  let gone = false;
  res.once('close', () => { gone = true; });
  const pump = () => {
    for (;;) {
      if (gone) return void chunks.return?.();
      let c: IteratorResult<Chunk>;
      try { c = chunks.next(); } catch { return void res.destroy(); }
      if (c.done) return void out.end();
      if (!out.write(c.value)) return void out.once('drain', pump);
    }
  };
  pump();
}

/** The JSON payload as kept compressed: brotli or gzip as the client accepts, else decompressed here. */
function sendPacked(res: http.ServerResponse, p: { br: Buffer; gzip: Buffer }): void {
  const encoding = acceptedEncoding(res.req.headers['accept-encoding']);
  const body = encoding === 'br' ? p.br : encoding === 'gzip' ? p.gzip : zlib.gunzipSync(p.gzip);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-security-policy': CSP, 'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer', 'cache-control': 'no-store', 'cross-origin-resource-policy': 'same-origin', vary: 'accept-encoding',
    ...(encoding && { 'content-encoding': encoding }), 'content-length': body.length });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** Every text response: security headers, and the body compressed when the client accepts it (compress.ts). */
function send(res: http.ServerResponse, status: number, type: string, body: string, caching = 'no-store'): void {
  const headers = {
    'content-type': type, 'content-security-policy': CSP,
    'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': caching,
    'cross-origin-resource-policy': 'same-origin', vary: 'accept-encoding',
  };
  const head = res.req.method === 'HEAD';
  const encoding = body.length >= COMPRESS_MIN_BYTES ? acceptedEncoding(res.req.headers['accept-encoding']) : undefined;
  if (!encoding) {
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
    return void res.end(head ? undefined : body);
  }
  compress(body, encoding, (e, buf) => {
    if (e || !buf) { res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) }); return void res.end(head ? undefined : body); }
    res.writeHead(status, { ...headers, 'content-encoding': encoding, 'content-length': buf.length });
    res.end(head ? undefined : buf);
  });
}

export type NotePath = { ok: true; abs: string; rel: string } | { ok: false; status: number; reason: string };

/**
 * A request's `path=` → a file inside the vault, or a refusal. Refused: empty, NUL, absolute
 * (`/etc`, `C:\`, `\\host`), any `.`/`..`/dot-segment (`.obsidian/…`), backslashes, non-`.md`,
 * and anything whose real path (symlinks followed) is not under the vault's real path.
 */
export function notePath(root: string, rel: string | null): NotePath {
  return vaultPath(root, rel, /\.md$/i, 'only notes (.md) are served');
}

/** Images a note may show (`api/file`), by extension, with the type they are served as. */
export const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', bmp: 'image/bmp', svg: 'image/svg+xml',
};

/** `api/file?path=`: an image attachment inside the vault, under the same checks as notes. */
export function attachmentPath(root: string, rel: string | null): NotePath {
  return vaultPath(root, rel, /\.(png|jpe?g|gif|webp|avif|bmp|svg)$/i, 'only image attachments are served');
}

function vaultPath(root: string, rel: string | null, allowed: RegExp, refusal: string): NotePath {
  if (!rel || rel.includes('\0') || rel.includes('\\')) return { ok: false, status: 400, reason: 'bad path' };
  if (path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) return { ok: false, status: 403, reason: 'absolute paths are refused' };
  const segments = rel.split('/');
  if (segments.some((s) => s === '' || s.startsWith('.'))) return { ok: false, status: 403, reason: 'dot segments and dot-folders are refused' };
  if (!allowed.test(rel)) return { ok: false, status: 403, reason: refusal };
  let abs: string;
  try { abs = fs.realpathSync(path.join(root, ...segments)); } catch { return { ok: false, status: 404, reason: 'no such note' }; }
  if (!abs.startsWith(root + path.sep)) return { ok: false, status: 403, reason: 'outside the vault' };
  if (!fs.statSync(abs).isFile()) return { ok: false, status: 404, reason: 'no such note' };
  return { ok: true, abs, rel: segments.join('/') };
}
