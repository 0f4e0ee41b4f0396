// The controller: owns the view state, derives visibility and colours from it, pushes the result
// into sigma (reducers + refresh), the sidebar, the panel and the URL. Handlers only call set().

import type Sigma from 'sigma';
import type { Settings } from 'sigma/settings';
import { communities } from '../model/communities.ts';
import { computeVisibility, folderList, relationInfo, updateVisibility, type VaultGraph, type Visibility } from '../model/filters.ts';
import { liveRelations, trackChanges } from '../model/live.ts';
import { viewerOrphans } from '../model/orphans.ts';
import { overlayEdges, overlayNodes } from '../model/overlay.ts';
import { limitVisibility } from '../model/timeline.ts';
import type { OrphanReport } from '../../src/query/orphans.ts';
import { makeResolver } from '../model/note-links.ts';
import { showNode, showOrphans, type PanelDeps } from './panel.ts';
import { edgeTextLoader } from './edge-text.ts';
import type { VaultNode, ViewerPayload } from '../../src/viewer/payload.ts';
import { isCompact } from '../../src/viewer/compact.ts';
import type { NodeDetails } from '../../src/viewer/viewer-data.ts';
import { initSidebar, type SidebarDeps } from './sidebar.ts';
import { BIG_GRAPH_EDGES, encodeState, mapStateKeys, type ViewState } from '../model/state.ts';
import { keysOf } from '../model/keys.ts';
import { NO_PENDING, type PendingEdges } from '../model/pending.ts';
import { baseColor, folderRanks, compileGroups, makeEdgeReducer, makeNodeReducer, neighbourhood, type Interaction } from '../model/view.ts';
import { THEMES } from '../model/palette.ts';
import { byId } from './dom.ts';
import { fitState, flyState, scaleTo, zoomFactor } from './camera.ts';
import { localLayout, localUnitsPerPixel } from '../model/local.ts';
import { watchStage } from './stage.ts';
import { curveParallel } from '../model/curves.ts';

const FILTER_KEYS: Array<keyof ViewState> = ['selected', 'depth', 'hiddenRelations', 'hiddenKinds', 'showOrphans', 'folder', 'filter', 'walkTopics'];

export interface App {
  state(): ViewState;
  visible(): Visibility;
  set(patch: Partial<ViewState>): void;
  select(key: string | null, fly?: boolean): void;
  hover(key: string | null): void;
  /** Lay the local graph out again for the stage as it is and show it at its scale (a link opened at depth > 0: the panel opened after the first layout). */
  frameLocal(): void;
  /** The stage is now this size (ui/stage.ts): a local graph laid out for another size is laid out again and refitted. */
  restage(width: number, height: number): void;
  /** The graph was patched in place (watch mode; `touched`: nodes added or changed): recount, refilter, recolour them, redraw. */
  dataChanged(touched: readonly string[]): void;
  /** Show only these nodes and edges, the rest dimmed (a path: ui/paths.ts), or stop. */
  setOverlay(o: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> } | null): void;
  /** Offer each selection to `take` first (picking a path's other end): true = taken, not selected. */
  intercept(take: ((key: string) => boolean) | null): void;
  /** Note the timeline's day or the shown path in the state and the URL (their tools apply them: nothing is redrawn). */
  remember(patch: Partial<Pick<ViewState, 'until' | 'path'>>): void;
  /** Keep only the nodes this predicate accepts (the timeline: ui/timeline.ts), or all. */
  setLimit(keep: ((key: string) => boolean) | null): void;
  /** A node's place in the global layout (the local graph draws its nodes elsewhere meanwhile). */
  position(key: string): { x: number; y: number } | null;
  /** Move a node (dragged): the local graph's position, or the global one (then it stays pinned). */
  moveNode(key: string, at: { x: number; y: number }): void;
  /** Label pass priority and the edges whose relation word is written (labels.ts). */
  labelPriority(key: string, forced: boolean): number;
  wordEdges(): string[];
  /** Fetch the 说明 of the edges at these nodes when served (ui/edge-text.ts): true when new text arrived. */
  edgeText(keys: string[]): Promise<boolean>;
}

/** What the page opened with (state.ts startState) and the edges it left out of the graph (to-graph.ts). */
export interface AppStart { base: ViewState; state: ViewState; pending?: PendingEdges }

/** The sigma settings the app owns (reducers, label colour): given at construction, so sigma indexes the graph once. */
export type AppSettings = Pick<Settings, 'nodeReducer' | 'edgeReducer' | 'labelColor' | 'labelRenderedSizeThreshold'>;

/** Labels show from this rendered node size (sigma's labelRenderedSizeThreshold), moved by Obsidian's text fade. */
export function labelThreshold(order: number, fade: number): number {
  return (order < 400 ? 0 : 6) * 2 ** -fade;
}

/** A local graph shown smaller than this (zoomFactor) is zoomed out: its deeper labels may drop. */
const LOCAL_ZOOMED_OUT = 0.9;

/** At most this many of the selected note's edges get their relation word. */
const WORD_EDGES_MAX = 60;

/**
 * `makeRenderer` is called once, after the graph has its colours, with the settings the app owns:
 * each later setting change or whole-graph update makes sigma re-index every node and edge.
 */
export function createApp(graph: VaultGraph, makeRenderer: (settings: AppSettings) => Sigma, payload: ViewerPayload, start: AppStart): App {
  const { base } = start;
  const pending = start.pending ?? NO_PENDING;
  const keys = keysOf(graph);
  let state = start.state;
  // The URL names nodes by their vault keys (keys.ts).
  const urlHash = () => `#${encodeState(mapStateKeys(state, keys.vault), base)}`;
  if (state.selected && !graph.hasNode(state.selected)) state.selected = null;
  let visible = computeVisibility(graph, state, pending);
  let hovered: string | null = null;
  let comms: Map<string, number> | null = null;
  let commSizes: number[] | null = null;
  // The orphans in the sense asked for (the CLI's rule and default: src/query/orphans.ts), once asked.
  let orphanReport: OrphanReport | null = null;
  let orphanSet = new Set<string>();
  const countOrphans = () => {
    orphanReport = state.orphans ? viewerOrphans(graph, pending, state.orphans) : null;
    orphanSet = new Set(orphanReport?.orphans);
  };
  countOrphans();
  const panel = byId('panel');
  const edgeText = edgeTextLoader(payload, graph, pending);
  const excerpts = new Map<string, string | null>();

  const panelDeps: PanelDeps = {
    graph, pending, vaultName: payload.vaultName,
    excerptOf: (key) => loadExcerpt(key),
    resolve: makeResolver(graph), served: payload.noteApi === true,
    metaOf: (key) => loadMeta(key),
    edgeTextOf: (keys) => edgeText(keys),
    select: (key) => app.select(key, true),
    close: () => app.set({ selected: null, depth: 0 }),
    depth: () => state.depth,
    setDepth: (d) => app.set({ depth: d }),
  };

  // Big vaults leave frontmatter out of the payload (compact.ts `metaKeys`): ask the server for it.
  const metaPartial = isCompact(payload.graph) && payload.graph.metaKeys !== undefined && payload.noteApi === true;
  const metas = new Map<string, Record<string, unknown> | null>();
  async function loadMeta(key: string): Promise<Record<string, unknown> | null> {
    const own = graph.getNodeAttributes(key).meta ?? null;
    if (!metaPartial) return own;
    if (!metas.has(key)) {
      const res = await fetch(`api/node?key=${encodeURIComponent(keys.vault(key))}`);
      metas.set(key, res.ok ? ((await res.json()) as NodeDetails).attributes.meta ?? null : own);
    }
    return metas.get(key)!;
  }

  async function loadExcerpt(key: string): Promise<string | null> {
    if (excerpts.has(key)) return excerpts.get(key)!;
    let text: string | null = payload.excerpts?.[keys.vault(key)] ?? null;
    const a = graph.getNodeAttributes(key);
    if (text === null && payload.noteApi && (a.kind === 'note' || a.kind === 'topic')) {
      const res = await fetch(`api/note?path=${encodeURIComponent(a.path)}`);
      // The whole note (the panel renders it: ui/markdown.ts); only the offline HTML has excerpts.
      text = res.ok ? ((await res.json()) as { text: string }).text : null;
    }
    excerpts.set(key, text);
    return text;
  }

  // Set by recolor(), which runs before anything reads it.
  let folders!: Map<string, number>;
  function recolor(): void {
    folders = folderRanks(graph);
    if (state.colorBy === 'community' && !comms) {
      comms = communities(graph, pending);
      const sizes: number[] = [];
      for (const c of comms.values()) sizes[c] = (sizes[c] ?? 0) + 1;
      commSizes = sizes;
    }
    const groups = compileGroups(state.groups, state.theme);
    // Set on each node's own attributes: a copy per node (`{ ...a, color }`) cost 160–245 ms at 100k
    // notes in Node, against 4–30 ms, and left the old objects to the collector before the first frame.
    graph.updateEachNodeAttributes((key, a) => {
      (a as VaultNode & { color?: string }).color = baseColor(key, a, state.colorBy, groups, comms ?? undefined, folders);
      return a;
    }, { attributes: ['color' as keyof VaultNode] });
  }

  // The reducers are installed once and read `current`; changing a sigma setting costs a full
  // re-validation, so state changes only swap `current` and refresh. Big: counted with the pending edges.
  const big = graph.size + pending.size > BIG_GRAPH_EDGES;
  let near: Set<string> | null = null;
  let local: Map<string, { x: number; y: number }> | null = null;
  /** The local graph's graph units per stage pixel (local.ts): the camera shows it at that scale. */
  let localScale = 1;
  /** The stage the local graph was laid out for. */
  let localStage = { width: 0, height: 0 };
  // A topic's notes, through its topic edges whether they wait outside the graph or are filtered out.
  const members = (key: string, cb: (other: string) => void) => {
    pending.forEachInEdge(key, (_e, _a, src) => cb(src));
    graph.forEachInEdge(key, (_e, a, src) => { if (a.relation === 'topic') cb(src); });
  };
  let current = { node: makeNodeReducer(interaction(), null), edge: makeEdgeReducer(interaction(), !big) };
  function interaction(): Interaction {
    // A big graph's topic has thousands of notes: re-reducing them all on a hover stalls, so no lighting there.
    return { graph, visible, hovered, selected: state.selected, orphans: state.orphans ? orphanSet : null, theme: state.theme,
      local, ...(!big && { members }), display: state.display };
  }
  /** Global positions of the nodes the local graph moved, to put back when it closes. */
  const saved = new Map<string, { x: number; y: number }>();
  const globalAt = (key: string) => saved.get(key) ?? (graph.getNodeAttributes(key) as unknown as { x: number; y: number });
  /**
   * The local graph's own layout (local.ts), around the centre's global place, a quarter of the vault
   * wide. sigma 3.0.3 takes positions from the graph's x/y, not from the reducers: the shown nodes'
   * x/y are swapped for the local ones, and put back (one batch each way).
   */
  function relayoutLocal(): void {
    let next: Map<string, { x: number; y: number }> | null = null;
    if (state.selected && state.depth > 0 && visible.nodes.has(state.selected)) {
      const a = globalAt(state.selected);
      let x0 = Infinity, x1 = -Infinity;
      graph.forEachNode((k) => { const x = globalAt(k).x; if (x < x0) x0 = x; if (x > x1) x1 = x; });
      // Laid out for the stage it is drawn on (the panel is open by now: renderPanel runs first), and shown at its scale.
      const el = byId('graph'), stage = { width: el.clientWidth || 800, height: el.clientHeight || 800 }, radius = Math.max(1, (x1 - x0) / 4);
      next = localLayout(graph, visible.nodes, visible.edges, state.selected, { x: a.x, y: a.y }, radius, state.forces, stage);
      localScale = localUnitsPerPixel(radius, state.forces, stage);
      localStage = stage;
    }
    if (!next && saved.size === 0) { local = null; return; }
    const back = new Map(saved);
    saved.clear();
    if (next) for (const k of next.keys()) saved.set(k, back.get(k) ?? globalAt(k));
    local = next;
    graph.updateEachNodeAttributes((k, attr) => {
      const to = next?.get(k) ?? back.get(k);
      return to ? { ...attr, x: to.x, y: to.y } : attr;
    }, { attributes: ['x', 'y'] as never });
  }
  function applyReducers(): void {
    const ix = interaction();
    near = overlay ? null : neighbourhood(ix);
    current = { node: makeNodeReducer(ix, near, !big), edge: makeEdgeReducer(ix, !big) };
    if (overlay) {
      const o = { ...overlay, dim: THEMES[state.theme].dimNode };
      current = { node: overlayNodes(current.node, o), edge: overlayEdges(current.edge, o, (e) => visible.edges.has(e)) };
    }
  }
  // Hooks of the path and timeline tools (ui/paths.ts, ui/timeline.ts).
  let overlay: { nodes: ReadonlySet<string>; edges: ReadonlySet<string> } | null = null;
  let taker: ((key: string) => boolean) | null = null;
  let limit: ((key: string) => boolean) | null = null;
  const filtered = (): Visibility => { changes?.clear(); return limitVisibility(graph, computeVisibility(graph, state, pending), limit); };
  /**
   * A live change on a big graph (`serve --watch`): the view is updated for what the delta touched
   * (filters.ts updateVisibility) and sigma re-reduces only the nodes and edges whose look may have
   * changed, instead of whole-graph passes (165 ms at 10k notes, 5 s at 100k). Returns false, for
   * the full path, when the answer reads the whole graph: a local graph, the timeline's or a path's
   * limit, the orphans panel (its counts), or a graph cleared.
   */
  const changes = big ? trackChanges(graph) : null;
  const live = big ? liveRelations(graph, pending) : null;
  const relations = () => (live ? live() : relationInfo(graph, pending));
  function liveChanged(touched: readonly string[]): boolean {
    if (!changes || !live || changes.changes.cleared || limit || state.orphans || local || overlay) return false;
    const flipped = updateVisibility(graph, state, visible, changes.changes, pending);
    if (!flipped) return false;
    sidebarDeps.relations = relations();
    colorTouched(touched);
    const prevNear = near;
    applyReducers();
    const nodes = new Set([...touched, ...changes.changes.nodes, ...flipped.nodes, ...(prevNear ?? []), ...(near ?? [])]);
    const edges = new Set([...changes.changes.edges, ...flipped.edges]);
    const focus = hovered ?? state.selected;
    if (focus !== null && graph.hasNode(focus)) graph.forEachEdge(focus, (e) => { edges.add(e); });
    changes.clear();
    renderer.refresh({ partialGraph: { nodes: [...nodes].filter((k) => graph.hasNode(k)), edges: [...edges].filter((e) => graph.hasEdge(e)) }, schedule: true });
    sidebar.update(visible);
    renderPanel();
    return true;
  }
  /**
   * Only the touched nodes get a colour (one by one: sigma re-indexes each; a whole-graph colour
   * pass would repaint nodes it has not indexed yet). Drawing waits for the next frame.
   */
  function colorTouched(touched: readonly string[]): void {
    const groups = compileGroups(state.groups, state.theme);
    for (const k of touched) if (graph.hasNode(k)) graph.setNodeAttribute(k, 'color' as keyof VaultNode, baseColor(k, graph.getNodeAttributes(k), state.colorBy, groups, comms ?? undefined, folders) as never);
  }
  /**
   * Hover (and selection) on a big graph re-reduces only what changed (the old and new
   * neighbourhoods and their edges, `also` nodes) instead of all 100k edges; small graphs get the
   * full dim-the-rest treatment.
   */
  function refreshHover(prevNear: Set<string> | null, prev: string | null, also: Array<string | null> = []): void {
    if (!big) { renderer.refresh(); return; }
    const nodes = new Set([...(prevNear ?? []), ...(near ?? [])]);
    for (const k of also) if (k !== null && graph.hasNode(k)) nodes.add(k);
    const edges = new Set<string>();
    for (const f of [prev, hovered ?? state.selected]) if (f !== null && graph.hasNode(f)) graph.forEachEdge(f, (e) => { edges.add(e); });
    renderer.refresh({ partialGraph: { nodes: [...nodes], edges: [...edges] }, skipIndexation: true });
  }

  /** The camera that frames a note and its neighbourhood (few enough to label), or centres it (`fly`). */
  function cameraTarget(around: Set<string> | null, key: string, fly: boolean) {
    if (around && around.size > 1 && around.size <= 150) return fitState(renderer, around);
    return fly ? flyState(renderer, key) : null;
  }

  function applyTheme(): void {
    document.documentElement.classList.toggle('dark', state.theme === 'dark');
    if (renderer.getSetting('labelColor').color !== THEMES[state.theme].label) renderer.setSetting('labelColor', { color: THEMES[state.theme].label });
    byId('btn-theme').textContent = state.theme === 'dark' ? 'Light' : 'Dark';
  }

  function renderPanel(): void {
    if (state.selected) showNode(panel, panelDeps, state.selected);
    else if (state.orphans && orphanReport) showOrphans(panel, panelDeps, orphanReport, (sense) => app.set({ orphans: sense }));
    else { panel.hidden = true; panel.replaceChildren(); }
    byId('btn-orphans').setAttribute('aria-pressed', String(state.orphans !== false));
    // The grid column changes width: sigma must re-measure its container, and a resized canvas is
    // blank until drawn again (a click on a node opened the panel onto an empty stage).
    requestAnimationFrame(() => {
      const { width, height } = renderer.getDimensions();
      renderer.resize();
      const now = renderer.getDimensions();
      if (now.width !== width || now.height !== height) renderer.scheduleRender();
    });
  }

  const app: App = {
    state: () => state,
    visible: () => visible,
    set(patch) {
      const prev = state;
      state = { ...state, ...patch };
      const changed = (k: keyof ViewState) => k in patch && prev[k] !== state[k];
      if (changed('orphans')) countOrphans();
      // The panel first: opening it narrows the stage, and sigma's render measures the stage, so
      // the frame below is drawn once at the new size (not drawn, then resized and drawn again).
      if (changed('selected') || changed('orphans') || changed('depth')) renderPanel();
      if (Object.keys(patch).every((k) => k === 'selected') && state.depth === 0) {
        // Only the selection moved, with no local graph: nothing to refilter, and a big graph
        // redraws just the old and new neighbourhoods (a full refresh is 3 s at 100k notes).
        const prevNear = near;
        applyReducers();
        refreshHover(prevNear, hovered ?? prev.selected, [prev.selected, state.selected]);
      } else {
        // Edges shown for the first time (their relation or an end's kind was hidden) join the graph, and sigma, now.
        if (changed('hiddenRelations') || changed('hiddenKinds')) {
          if (pending.show(graph, { relations: state.hiddenRelations, kinds: state.hiddenKinds }) > 0 && !big) curveParallel(graph);
        }
        if (FILTER_KEYS.some(changed)) visible = filtered();
        if (FILTER_KEYS.some(changed) || changed('forces')) relayoutLocal();
        if (changed('display')) renderer.setSetting('labelRenderedSizeThreshold', labelThreshold(graph.order, state.display.fade));
        if (changed('colorBy') || changed('groups') || changed('theme')) recolor();
        if (changed('theme')) applyTheme();
        applyReducers();
        renderer.refresh();
      }
      sidebar.update(visible);
      history.replaceState(null, '', urlHash());
      if (local && state.selected && (changed('depth') || changed('selected') || changed('walkTopics') || changed('forces'))) void scaleTo(renderer, state.selected, localScale, 300);
    },
    select(key, fly = false) {
      if (key !== null && !graph.hasNode(key)) return;
      if (key !== null && taker?.(key)) return;
      // Picking a node hidden by the filters shows it: clear the filters that hid it.
      if (key !== null && !visible.nodes.has(key)) {
        const kind = graph.getNodeAttribute(key, 'kind');
        const hiddenKinds = new Set(state.hiddenKinds);
        hiddenKinds.delete(kind);
        app.set({ hiddenKinds, folder: '', filter: '', showOrphans: true, depth: 0 });
      }
      // Bring the note and its neighbours into view, where they are labelled (labels.ts); a hub's
      // hundreds of neighbours would zoom out to everything: search just flies to it. A search
      // (`fly`) jumps there: the camera moves before the selection's frame, which then draws both
      // at once (an animation costs a frame per step, 0.25 s each with software WebGL). A click
      // glides, after its frame has shown the panel and the highlight.
      const ahead = fly && key !== null && state.depth === 0;
      if (ahead) {
        const target = cameraTarget(neighbourhood({ ...interaction(), selected: key, hovered: null }), key, true);
        if (target) renderer.getCamera().setState(target);
      }
      app.set({ selected: key });
      if (key !== null && !local && !ahead) {
        const target = cameraTarget(near, key, fly);
        if (target) void renderer.getCamera().animate(target, { duration: 300 });
      }
    },
    dataChanged(touched) {
      // A node whose kind changed (a link target created: unresolved → note) may show waiting edges.
      pending.show(graph, { relations: state.hiddenRelations, kinds: state.hiddenKinds }, touched);
      if (!big) curveParallel(graph, touched);
      if (state.selected && !graph.hasNode(state.selected)) state = { ...state, selected: null };
      if (liveChanged(touched)) return;
      countOrphans();
      sidebarDeps.relations = relations();
      visible = filtered();
      relayoutLocal();
      colorTouched(touched);
      applyReducers();
      renderer.refresh({ schedule: true });
      sidebar.update(visible);
      renderPanel();
    },
    setOverlay(o) {
      overlay = o;
      applyReducers();
      renderer.refresh();
    },
    intercept(take) { taker = take; },
    remember(patch) {
      state = { ...state, ...patch };
      history.replaceState(null, '', urlHash());
    },
    setLimit(keep) {
      limit = keep;
      visible = filtered();
      applyReducers();
      renderer.refresh();
      sidebar.update(visible);
    },
    position(key) {
      return graph.hasNode(key) ? { ...globalAt(key) } : null;
    },
    moveNode(key, at) {
      // In the local graph the node moves there only (its global place comes back when it closes).
      graph.mergeNodeAttributes(key, (saved.has(key) ? at : { ...at, fixed: true }) as never);
    },
    labelPriority(key, forced) {
      if (key === state.selected) return 4;
      if (key === hovered) return 3;
      // The selected note's own neighbours are placed before a deeper neighbourhood (label-place.ts: all of them must show).
      if (state.selected !== null && graph.hasNode(state.selected) && graph.areNeighbors(key, state.selected)) return 2.5;
      if (near?.has(key)) return 2;
      // A local graph zoomed out past its own scale has no room for every label: beyond the selected
      // note's neighbours they show where they fit beside their node (biggest first), not on leader lines.
      return forced ? (local && zoomFactor(renderer, localScale) < LOCAL_ZOOMED_OUT ? 0.5 : 1) : 0;
    },
    edgeText: (keys) => edgeText(keys),
    wordEdges() {
      const f = hovered ?? state.selected;
      if (f === null || !graph.hasNode(f)) return [];
      const out: string[] = [];
      graph.forEachEdge(f, (e) => { if (visible.edges.has(e) && out.length < WORD_EDGES_MAX) out.push(e); });
      return out;
    },
    restage(width, height) {
      if (local && (width !== localStage.width || height !== localStage.height)) app.frameLocal();
    },
    frameLocal() {
      relayoutLocal();
      if (!local || !state.selected) return;
      applyReducers();
      renderer.refresh();
      void scaleTo(renderer, state.selected, localScale, 300);
    },
    hover(key) {
      if (key === hovered) return;
      const prev = hovered ?? state.selected;
      const prevNear = near;
      hovered = key;
      applyReducers();
      refreshHover(prevNear, prev);
    },
  };

  // Colours first, while no renderer listens; then sigma indexes the graph once, reducers included.
  recolor();
  // Curves cost more to draw than lines: a big graph keeps its parallel edges straight.
  if (!big) curveParallel(graph);
  relayoutLocal();
  applyReducers();
  const renderer = makeRenderer({
    nodeReducer: (k, d) => current.node(k, d), edgeReducer: (k, d) => current.edge(k, d),
    labelColor: { color: THEMES[state.theme].label },
    labelRenderedSizeThreshold: labelThreshold(graph.order, state.display.fade),
  });
  // The sidebar after sigma's first frame: its GPU work runs meanwhile (gl-lazy.ts flushes it), and
  // the stage's size does not depend on the sidebar (a fixed grid column).
  const sidebarDeps: SidebarDeps = {
    graph, relations: relations(), folders: folderList(graph), edgeCount: () => graph.size + pending.size,
    get: () => state, set: (p) => app.set(p), communitySizes: () => commSizes, folderRanks: () => folders,
  };
  const sidebar = initSidebar(sidebarDeps);
  applyTheme();
  sidebar.update(visible);
  renderPanel();
  watchStage(byId('graph'), (w, h) => app.restage(w, h));
  return app;
}
