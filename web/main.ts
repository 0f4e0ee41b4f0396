// The viewer's entry: load the graph, check WebGL, start sigma, wire the controls to the app.
// The only module that imports sigma (it cannot even be imported outside a browser).

import Sigma from 'sigma';
import { EdgeArrowProgram, EdgeLineProgram, EdgeRectangleProgram, NodeCircleProgram, NodePointProgram, drawDiscNodeHover } from 'sigma/rendering';
import EdgeCurveProgram, { EdgeCurvedArrowProgram } from '@sigma/edge-curve';
import type { Settings } from 'sigma/settings';
import { createApp, type App, type AppSettings } from './ui/app.ts';
import { exportPng, fitTo, flyTo } from './ui/camera.ts';
import { uploadOnlyChanges } from './ui/gl-upload.ts';
import { liveDeltas } from './ui/gl-delta.ts';
import { firstFrameFirst, lazyPrograms, warmRenderer } from './ui/gl-lazy.ts';
import { payloadCounts, WARM_SETTINGS, warmGraph } from './ui/gl-warm.ts';
import { canvasesAtSize } from './ui/gl-size.ts';
import { byId } from './ui/dom.ts';
import { afterFrameShown, inIdleTime } from './ui/idle.ts';
import { layoutControl, type LayoutControl } from './ui/fa2.ts';
import type { VaultGraph } from './model/filters.ts';
import { loadPayload, webglAvailable } from './ui/load.ts';
import { toGraph } from './model/to-graph.ts';
import { mapStateKeys, startState } from './model/state.ts';
import type { PendingEdges } from './model/pending.ts';
import { THEMES, relationStyle } from './model/palette.ts';
import { patchIndex, SteppedIndex, type SearchIndex } from './model/search.ts';
import { deltaInGraphKeys, patchGraph, type PageDelta } from './model/live.ts';
import { keysOf, type NodeKeys } from './model/keys.ts';
import { initSearchBox } from './ui/searchbox.ts';
import { DEFAULT_ORPHAN_SENSE } from '../src/query/orphans.ts';
import { initPaths, type PathTool } from './ui/paths.ts';
import { initTimeline, type TimelineControl } from './ui/timeline.ts';
import { timelineOf } from './model/timeline.ts';
import { addDiff } from './model/diff.ts';
import { createDiffView } from './ui/diff.ts';
import { installLabels, labelSettings, type DrawnWord } from './ui/labels.ts';
import type { PlacedLabel } from './model/label-place.ts';
import { edgeTooltip, nodeDragging } from './ui/pointer.ts';

/** What tests and the benchmark read (`window.__kg`). */
export interface KgHandle {
  graph?: VaultGraph;
  renderer?: Sigma;
  app?: App;
  layout?: LayoutControl;
  /** Edges left out of the graph until their relation is shown (pending.ts). */
  pending?: PendingEdges;
  /** "Path from here" (ui/paths.ts). */
  paths?: PathTool;
  /** The timeline slider (ui/timeline.ts), when the notes have dates. */
  timeline?: TimelineControl;
  /** The graph's keys ↔ the vault's (model/keys.ts): tests name nodes by vault key. */
  keys?: NodeKeys;
  /** The labels drawn in the last frame, after the collision pass (labels.ts). */
  drawnLabels?: () => PlacedLabel[];
  /** The relation words drawn on edges in the last frame. */
  drawnWords?: () => DrawnWord[];
  ready: boolean;
  error?: string;
  timings: Record<string, number>;
}
declare global { interface Window { __kg: KgHandle } }

let searchIndex: SearchIndex = { entries: [] };
const kg: KgHandle = { ready: false, timings: { start: performance.now() } };
window.__kg = kg;

function showMessage(text: string): void {
  const el = byId('message');
  el.textContent = text;
  el.hidden = false;
}

async function boot(): Promise<void> {
  const payload = await loadPayload();
  kg.timings.loaded = performance.now();
  const name = payload.vaultName || 'vault';
  byId('vault-name').textContent = name;
  document.title = `${name} · vaultgraph`;
  // The timeline bar narrows the stage (style.css): shown before sigma measures it for its first frame.
  const dates = timelineOf(payload);
  if (dates) byId('timeline').hidden = false;
  kg.timings.dates = performance.now();
  uploadOnlyChanges();
  liveDeltas();
  lazyPrograms();
  canvasesAtSize(Sigma);
  const collected: Parameters<Parameters<typeof labelSettings>[0]>[0][] = [];
  const collect = (c: (typeof collected)[number]) => { collected.push(c); };
  // sigma made before the graph, on a few invisible items, so that the GPU prepares what the first
  // frame draws while this task builds the graph (gl-warm.ts); the graph is handed over in setGraph.
  // Not for `serve --diff` (its reducers wrap the app's) nor big graphs (settings need the loaded count).
  const counts = payloadCounts(payload);
  let early: Sigma | undefined;
  try {
    if (!payload.diff && counts.edges <= MANY_EDGES) early = warmRenderer(() => new Sigma(warmGraph(), byId('graph'), settings(WARM_SETTINGS, collect, counts.order, counts.edges, counts.edges)));
  } catch (e) {
    if (noWebgl(counts.order, counts.edges)) return;
    throw e;
  }
  if (early) kg.timings.warm = performance.now();
  // Edges hidden at open (topic edges of a big vault, tags as in Obsidian's graph view, the URL's
  // `hr=`/`hk=`) stay out of the graph until a filter shows them (pending.ts).
  const start = startState(payload, location.hash);
  const { graph, positioned, pending } = toGraph(payload, { relations: start.state.hiddenRelations, kinds: start.state.hiddenKinds });
  // `serve --diff REV`: removed notes and edges join the graph as ghosts; colours by change (ui/diff.ts).
  const diff = payload.diff ? createDiffView(graph, addDiff(graph, payload.diff)) : undefined;
  // The URL names nodes by vault key (after the ghosts: a link may select a removed note).
  const keys = keysOf(graph);
  const linkedPath = start.state.path !== null;
  start.state = mapStateKeys(start.state, keys.node);
  kg.keys = keys;
  kg.graph = graph;
  kg.pending = pending;
  kg.timings.graph = performance.now();
  let renderer!: Sigma;
  // Sigma indexes, processes and draws the graph once: in its constructor, or in setGraph when made early.
  const make = (own: AppSettings): Sigma => {
    if (!early) return new Sigma(graph, byId('graph'), settings(diff ? diff.wrap(own) : own, collect, graph.order, graph.size, graph.size + pending.size));
    for (const [k, v] of Object.entries(own)) early.setSetting(k as keyof AppSettings, v as never);
    early.setGraph(graph);
    return early;
  };
  let app: App;
  try {
    app = createApp(graph, (own) => {
      kg.timings.sigmaStart = performance.now();
      renderer = firstFrameFirst(() => make(own));
      kg.timings.firstFrame = performance.now();
      renderAfterDrag(renderer);
      return renderer;
    }, payload, { ...start, pending });
  } catch (e) {
    if (noWebgl(graph.order, graph.size + pending.size)) return;
    throw e;
  }
  kg.renderer = renderer;
  kg.app = app;
  kg.paths = initPaths(app, graph, pending, renderer);
  byId('panel').addEventListener('vg:path-from', (ev) => kg.paths!.from((ev as CustomEvent<string>).detail));
  if (dates) kg.timeline = initTimeline(app, dates);
  // A link to a path view (`pa=…&pb=…`) opens on it.
  const path = start.state.path;
  // (mapStateKeys dropped a path whose ends the page does not have: the URL forgets it.)
  if (path) kg.paths.show(path.from, path.to, path);
  else if (linkedPath) app.remember({ path: null });
  diff?.mount(app, renderer);
  const labels = installLabels(renderer, {
    priority: (k, forced) => app.labelPriority(k, forced),
    wordEdges: () => app.wordEdges(),
    edgeWord: (e) => {
      const a = graph.getEdgeAttributes(e);
      return { text: a.label && a.label !== a.relation ? a.label : a.relation, color: relationStyle(a.relation).color };
    },
    background: () => THEMES[app.state().theme].background,
  }, collected);
  kg.drawnLabels = labels.drawn;
  kg.drawnWords = labels.words;
  // sigma drew its first frame in its constructor, before the label pass listened: place the labels it
  // collected now. (A second render for them cost a whole WebGL frame: 0.25–1 s with software WebGL.)
  labels.drawNow();
  wire(app, renderer, graph, positioned, payload.vaultName);
  kg.timings.wired = performance.now();
  // `serve --watch`: the server says when the vault changed; a reload keeps the view (it is in the URL).
  if (payload.noteApi && typeof EventSource === 'function') {
    const events = new EventSource('api/events');
    events.addEventListener('graph', () => location.reload());
    // `serve --watch`: one note changed; patch the graph in place, positions kept (web/live.ts).
    events.addEventListener('delta', (ev) => {
      const t0 = performance.now();
      const delta = deltaInGraphKeys(JSON.parse((ev as MessageEvent<string>).data) as PageDelta, keys);
      const touched = patchGraph(graph, delta, pending);
      const t1 = performance.now();
      app.dataChanged(touched);
      const t2 = performance.now();
      patchIndex(searchIndex, [...delta.droppedNodes, ...touched], (k) => (graph.hasNode(k) ? graph.getNodeAttributes(k) : undefined));
      kg.timings.delta = performance.now();
      Object.assign(kg.timings, { deltaPatchMs: t1 - t0, deltaViewMs: t2 - t1, deltaSearchMs: kg.timings.delta - t2 });
    });
  }
  kg.ready = true;
}

/** sigma's settings: `order` nodes, `loaded` edges in the graph, `all` with those waiting outside it (pending.ts). */
function settings(own: AppSettings, collect: Parameters<typeof labelSettings>[0], order: number, loaded: number, all: number) {
  const big = all > MANY_EDGES;
  return {
    defaultEdgeType: 'arrow',
    // Bulk relations of big graphs (view.ts edgeLook): plain GL lines; parallel edges: curves (curves.ts).
    edgeProgramClasses: { fast: EdgeLineProgram, arrow: EdgeArrowProgram, line: EdgeRectangleProgram, curved: EdgeCurveProgram, curvedArrow: EdgeCurvedArrowProgram },
    // Hovering an edge names its relation (pointer.ts); edge picking costs a pass per frame, so not
    // when many edges are drawn (the 10k test vault opens with 29k).
    enableEdgeEvents: loaded <= MANY_EDGES,
    // Many nodes: GL points (one vertex each) instead of instanced triangles, the same discs. In
    // software WebGL 100k nodes took 4 s a frame as circles and 0.13 s as points. The hovered and
    // highlighted nodes are still drawn as circles (points have a maximum size on some GPUs).
    ...(order > MANY_NODES && { nodeProgramClasses: { circle: NodePointProgram }, nodeHoverProgramClasses: { circle: NodeCircleProgram } }),
    renderEdgeLabels: false,
    labelFont: 'system-ui, "Noto Sans CJK SC", "Noto Sans SC", sans-serif',
    labelSize: 12,
    // Candidates from sigma's label grid; labels.ts places them without overlaps.
    labelDensity: 1,
    labelGridCellSize: 60,
    ...labelSettings(collect),
    zIndex: true,
    minCameraRatio: 0.01,
    maxCameraRatio: 4,
    // Dragging 50k edges in software GL stalls; hiding them while the camera moves keeps panning smooth.
    hideEdgesOnMove: big,
    hideLabelsOnMove: big,
    // The hover box is white in both themes, so its text stays dark.
    defaultDrawNodeHover: (ctx, data, s) => drawDiscNodeHover(ctx, data, { ...s, labelColor: { color: '#1b1b1b' } }),
    ...own,
  } satisfies Partial<Settings>;
}

/**
 * Without WebGL sigma fails on its first context: then say so (true). Asked only then: a context made
 * just to ask costs the GPU process a context's set-up before sigma's own, in every first frame.
 */
function noWebgl(nodes: number, links: number): boolean {
  if (webglAvailable()) return false;
  byId('timeline').hidden = true;
  showMessage(`This graph (${nodes.toLocaleString()} nodes, ${links.toLocaleString()} links) is drawn with WebGL, `
    + 'and WebGL is not available in this browser.\n\nTurn on hardware acceleration (or try another browser), then reload. '
    + 'The graph itself is fine: `vaultgraph build` still exports it as JSON.');
  kg.error = 'webgl-unavailable';
  return true;
}

/** Above this many nodes they are drawn as GL points. */
const MANY_NODES = 2000;
/**
 * Above this many edges sigma's settings differ (no edge picking, edges and labels hidden while the
 * camera moves), so sigma is not made before the graph (gl-warm.ts): its settings need the count.
 */
const MANY_EDGES = 20_000;

/**
 * sigma 3.0.3 ends every drag with a full `refresh()` when hideEdgesOnMove is on (sigma#1290, to
 * draw the edges again): every node and edge re-reduced and re-indexed, 3.4 s at 100k notes, after
 * each pan. A render draws them just as well, so the mouse captor gets a view of the renderer whose
 * refresh() renders. (If a sigma upgrade renames the field, pans are only slower again.)
 */
function renderAfterDrag(renderer: Sigma): void {
  const captor = renderer.getMouseCaptor() as unknown as { renderer?: Sigma };
  if (captor.renderer !== renderer) return;
  captor.renderer = new Proxy(renderer, {
    // A refresh of nothing, without re-indexing: just a render.
    get: (target, prop) => (prop === 'refresh' ? () => target.refresh({ partialGraph: {}, skipIndexation: true }) : Reflect.get(target, prop, target) as unknown),
  });
}

function wire(app: App, renderer: Sigma, graph: VaultGraph, positioned: boolean, vaultName: string): void {
  const drag = nodeDragging(renderer, app);
  // No hover while the camera is dragged: on a big graph each hover re-reduces a neighbourhood, and
  // a pan sweeping across hundreds of nodes stalled for minutes at 100k nodes.
  let dragging = false;
  byId('graph').addEventListener('mousedown', () => { dragging = true; });
  window.addEventListener('mouseup', () => { dragging = false; });
  renderer.on('enterNode', ({ node }) => { if (dragging) return; app.hover(node); byId('graph').style.cursor = 'pointer'; });
  renderer.on('leaveNode', () => { app.hover(null); byId('graph').style.cursor = ''; });
  renderer.on('clickNode', ({ node }) => { if (!drag.moved()) app.select(node); });
  edgeTooltip(renderer, graph, byId('stage'));
  renderer.on('clickStage', () => { if (app.state().selected) app.select(null); });
  // Made in idle time once the first frame is on screen (or at once by the first search: search.ts SteppedIndex).
  const index = new SteppedIndex(graph.nodes(), (k) => (graph.hasNode(k) ? graph.getNodeAttributes(k) : undefined));
  searchIndex = index;
  afterFrameShown(() => inIdleTime((more) => index.step(more)));
  initSearchBox(searchIndex, (key) => app.select(key, true));

  const btnLayout = byId('btn-layout');
  const layout = layoutControl(graph, (running) => { btnLayout.textContent = running ? 'Stop layout' : 'Start layout'; }, () => app.state().forces);
  kg.layout = layout;
  btnLayout.addEventListener('click', () => (layout.isRunning() ? layout.stop() : layout.start()));
  byId('btn-fit').addEventListener('click', () => void fitTo(renderer, app.visible().nodes));
  byId('btn-orphans').addEventListener('click', () => app.set({ orphans: app.state().orphans ? false : DEFAULT_ORPHAN_SENSE, selected: null }));
  byId('btn-theme').addEventListener('click', () => app.set({ theme: app.state().theme === 'dark' ? 'light' : 'dark' }));
  byId('btn-png').addEventListener('click', () => exportPng(renderer, THEMES[app.state().theme].background, `${vaultName || 'vault'}-graph.png`));
  byId('btn-link').addEventListener('click', () => {
    void navigator.clipboard?.writeText(location.href).catch(() => undefined);
    byId('btn-link').textContent = 'Copied';
    setTimeout(() => { byId('btn-link').textContent = 'Copy link'; }, 1200);
  });
  document.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape' && (ev.target as HTMLElement | null)?.tagName !== 'INPUT') app.set({ selected: null, orphans: false });
  });
  window.addEventListener('hashchange', () => { /* our own replaceState does not fire this; a pasted link does */ location.reload(); });
  if (!positioned) {
    // No layout from the server (e.g. a bare graph.json): settle it here, briefly, then stop.
    layout.start();
    setTimeout(() => { layout.stop(); void fitTo(renderer, app.visible().nodes, 300); }, Math.min(6000, 1500 + graph.order));
  }
  const sel = app.state().selected;
  if (sel) setTimeout(() => void (app.state().depth > 0 ? app.frameLocal() : flyTo(renderer, sel)), 50);
}

boot().catch((e: unknown) => {
  kg.error = e instanceof Error ? e.message : String(e);
  showMessage(`The graph could not be shown: ${kg.error}`);
});
