// A patch for sigma 3.0.3 (pinned), for live changes (`serve --watch`): a node or edge added, dropped
// or re-reduced is written into the GL programs' arrays in place, instead of the whole graph being
// reduced (a drop) or indexed (any change) again.
// sigma answers graphology's nodeDropped / edgeDropped with a full refresh() (every reducer run
// again: 385k calls, 1.4 s at 100k notes), and any partial refresh that is not `skipIndexation`
// (an added node or edge, a re-coloured one) with process() on the next frame: extent, label grid
// and every program's array rebuilt over the whole graph (50–170 ms at 10k notes, on the frame a
// next change waits behind). Here a dropped item's slot is blanked and reused, a new one takes a
// free slot (the arrays grow with some slack), a re-reduced node is written again with its edges,
// and the label grid loses and gains just those nodes. sigma's own process() runs instead after a
// full refresh, a resize or a new bounding box, a node outside the graph's extent (or a dropped or
// moved one on its border: the extent would change), an item changing program, or a change touching
// more than a quarter of the graph. (graphology 0.26 drops a node's edges with an event each.)
// Items keep their slots, so a new item is drawn above older ones of its program whatever its zIndex
// (a big graph's hover and selection already draw in place, without re-ordering).
// Browser only; main.ts applies it. Does nothing if sigma's internals are not as expected.

import Sigma, { Camera } from 'sigma';
import { graphExtent, matrixFromCamera } from 'sigma/utils';
import { allUsed, release, take, type Slots } from '../model/slots.ts';

type Data = { x: number; y: number; size: number; type: string; hidden?: boolean; label?: unknown };
interface ProgramLike { programs?: ProgramLike[]; array?: Float32Array; capacity?: number; reallocate(c: number): void; process(...a: unknown[]): void }
type Listener = (payload: { key: string; attributes: Record<string, unknown> }) => void;
interface Graph {
  order: number; size: number;
  on(e: string, f: Listener): void; removeListener(e: string, f: Listener): void;
  hasNode(k: string): boolean; hasEdge(k: string): boolean; getNodeAttributes(k: string): { x: number; y: number };
  degree(k: string): number; forEachEdge(k: string, f: (e: string) => void): void;
}
interface Slot { type: string; pos: number; id: number }
/** What changed since sigma's arrays were last filled (per renderer). */
interface DeltaState {
  /** sigma's own process() ran since the graph was bound. */
  ready: boolean;
  full: boolean;
  /** Re-reduced (or added) since the last process, and the program of those that had a slot. */
  nodes: Set<string>; edges: Set<string>; types: Map<string, string>;
  droppedNodes: Map<string, Slot>; droppedEdges: Map<string, Slot>;
  slots: Slots;
  nextId: number; dims: string; bbox: unknown;
}
interface Internals {
  graph: Graph;
  settings: { autoRescale: boolean };
  activeListeners: Record<string, Listener>;
  nodeDataCache: Record<string, Data>; edgeDataCache: Record<string, Data>;
  nodeProgramIndex: Record<string, number>; edgeProgramIndex: Record<string, number>;
  nodeIndices: Record<string, number>; edgeIndices: Record<string, number>;
  itemIDsIndex: Record<number, { type: 'node' | 'edge'; id: string }>;
  nodePrograms: Record<string, ProgramLike>; edgePrograms: Record<string, ProgramLike>;
  nodeExtent: { x: [number, number]; y: [number, number] };
  customBBox: unknown;
  normalizationFunction: { applyTo(d: { x: number; y: number }): void };
  labelGrid: { cells: Record<string, Array<{ key: string }>>; add(key: string, size: number, pos: { x: number; y: number }): void; organize(): void };
  removeNode(k: string): void; removeEdge(k: string): void;
  addNodeToProgram(k: string, id: number, pos: number): void; addEdgeToProgram(k: string, id: number, pos: number): void;
  refresh(opts?: { partialGraph?: { nodes?: string[]; edges?: string[] }; skipIndexation?: boolean; schedule?: boolean }): unknown;
  process(): unknown;
  bindGraphHandlers(): unknown; unbindGraphHandlers(): unknown;
  emit(e: string): void;
  getDimensions(): { width: number; height: number };
  getGraphDimensions(): { width: number; height: number };
  getStagePadding(): number;
  framedGraphToViewport(d: { x: number; y: number }, o: { matrix: Float32Array }): { x: number; y: number };
  vgDelta?: DeltaState;
}

const BLANK = { hidden: true };
let applied = false;

/** Apply once, before the first Sigma is made. */
export function liveDeltas(): void {
  const proto = Sigma.prototype as unknown as Internals;
  const names = ['bindGraphHandlers', 'unbindGraphHandlers', 'refresh', 'process', 'removeNode', 'removeEdge', 'addNodeToProgram', 'addEdgeToProgram', 'framedGraphToViewport'] as const;
  if (applied || names.some((n) => typeof proto[n] !== 'function')) return;
  applied = true;
  const { bindGraphHandlers: bind, unbindGraphHandlers: unbind, refresh, process } = proto;
  proto.bindGraphHandlers = function (this: Internals) {
    const out = bind.call(this);
    const st = reset(this);
    st.ready = false;
    const l = this.activeListeners;
    this.graph.removeListener('nodeDropped', l.dropNodeGraphUpdate!);
    this.graph.removeListener('edgeDropped', l.dropEdgeGraphUpdate!);
    // sigma's handlers, less the full refresh: the slot is blanked on the next frame (process below).
    l.dropNodeGraphUpdate = ({ key }) => {
      forget(this, st, 'node', key);
      this.removeNode(key);
      refresh.call(this, { partialGraph: {}, schedule: true });
    };
    l.dropEdgeGraphUpdate = ({ key }) => {
      forget(this, st, 'edge', key);
      this.removeEdge(key);
      refresh.call(this, { partialGraph: {}, schedule: true });
    };
    this.graph.on('nodeDropped', l.dropNodeGraphUpdate);
    this.graph.on('edgeDropped', l.dropEdgeGraphUpdate);
    return out;
  };
  proto.unbindGraphHandlers = function (this: Internals) {
    if (this.vgDelta) this.vgDelta.full = true;
    return unbind.call(this);
  };
  proto.refresh = function (this: Internals, opts) {
    const st = this.vgDelta;
    if (st) note(this, st, opts);
    return refresh.call(this, opts);
  };
  proto.process = function (this: Internals) {
    const st = this.vgDelta;
    if (st && canPatch(this, st)) { patch(this, st); return this; }
    const out = process.call(this);
    if (st) { reset(this, st); st.ready = true; }
    return out;
  };
}

const limit = (r: Internals) => Math.max(500, (r.graph.order + r.graph.size) / 4);

/** State as after sigma's own process(): every item in its slot, no slot free. */
function reset(r: Internals, st: DeltaState = r.vgDelta ?? ({} as DeltaState)): DeltaState {
  const d = r.getDimensions();
  Object.assign(st, {
    full: false, nodes: new Set(), edges: new Set(), types: new Map(), droppedNodes: new Map(), droppedEdges: new Map(),
    slots: allUsed(), nextId: r.graph.order + r.graph.size + 1,
    dims: `${d.width}x${d.height}`, bbox: r.customBBox,
  });
  r.vgDelta = st;
  return st;
}

/** A refresh: a full one, or one re-reducing many items, means sigma's process(); else note the items. */
function note(r: Internals, st: DeltaState, opts: Parameters<Internals['refresh']>[0]): void {
  if (!opts?.partialGraph) { st.full = true; return; }
  if (opts.skipIndexation) return;
  const nodes = opts.partialGraph.nodes ?? [], edges = opts.partialGraph.edges ?? [];
  // sigma's `eachNodeAttributesUpdated` / `eachEdgeAttributesUpdated` handlers re-reduce every item
  // before refreshing them all: their program before that is not known here.
  const every = (nodes.length > 0 && nodes.length === r.graph.order) || (edges.length > 0 && edges.length === r.graph.size);
  if (every || nodes.length + edges.length + st.nodes.size + st.edges.size > limit(r)) { st.full = true; return; }
  for (const n of nodes) {
    if (!st.nodes.has(n) && r.nodeProgramIndex[n] !== undefined && r.nodeDataCache[n]) st.types.set(`n:${n}`, r.nodeDataCache[n].type);
    st.nodes.add(n);
  }
  for (const e of edges) {
    if (!st.edges.has(e) && r.edgeProgramIndex[e] !== undefined && r.edgeDataCache[e]) st.types.set(`e:${e}`, r.edgeDataCache[e].type);
    st.edges.add(e);
  }
}

/** A dropped item: its slot, to blank on the next process (nothing if it was added since the last one). */
function forget(r: Internals, st: DeltaState, kind: 'node' | 'edge', key: string): void {
  const k = kind[0]!;
  const pos = kind === 'node' ? r.nodeProgramIndex[key] : r.edgeProgramIndex[key];
  const id = kind === 'node' ? r.nodeIndices[key] : r.edgeIndices[key];
  const data = kind === 'node' ? r.nodeDataCache[key] : r.edgeDataCache[key];
  const type = st.types.get(`${k}:${key}`) ?? data?.type;
  (kind === 'node' ? st.nodes : st.edges).delete(key);
  st.types.delete(`${k}:${key}`);
  if (pos === undefined || id === undefined || type === undefined) return;
  (kind === 'node' ? st.droppedNodes : st.droppedEdges).set(key, { type, pos, id });
}

/** Whether the noted changes can be written in place (else sigma's process() runs). */
function canPatch(r: Internals, st: DeltaState): boolean {
  const g = r.graph, d = r.getDimensions();
  if (!st.ready || st.full || !r.settings.autoRescale || r.customBBox !== st.bbox || `${d.width}x${d.height}` !== st.dims) return false;
  // A node placed outside, or moved or dropped from the border: the extent, so every position, changes.
  if (st.nodes.size > 0 || st.droppedNodes.size > 0) {
    const now = graphExtent(g as never), was = r.nodeExtent;
    if (now.x[0] !== was.x[0] || now.x[1] !== was.x[1] || now.y[0] !== was.y[0] || now.y[1] !== was.y[1]) return false;
  }
  let edges = st.edges.size;
  for (const n of st.nodes) {
    const data = r.nodeDataCache[n];
    if (!g.hasNode(n) || !data || !r.nodePrograms[data.type]) return false;
    const was = st.types.get(`n:${n}`);
    if (was !== undefined && was !== data.type) return false;
    if (r.nodeProgramIndex[n] !== undefined) edges += g.degree(n);
  }
  for (const e of st.edges) {
    const data = r.edgeDataCache[e];
    if (!g.hasEdge(e) || !data || !r.edgePrograms[data.type]) return false;
    const was = st.types.get(`e:${e}`);
    if (was !== undefined && was !== data.type) return false;
  }
  return edges + st.nodes.size <= limit(r);
}

/** sigma's process() for the noted changes only. */
function patch(r: Internals, st: DeltaState): void {
  r.emit('beforeProcess');
  const g = r.graph;
  for (const [key, s] of st.droppedNodes) {
    r.nodePrograms[s.type]?.process(0, s.pos, BLANK);
    release(st.slots, `n:${s.type}`, s.pos);
    delete r.itemIDsIndex[s.id];
    if (r.nodeIndices[key] === s.id) delete r.nodeIndices[key];
  }
  for (const [key, s] of st.droppedEdges) {
    r.edgePrograms[s.type]?.process(0, s.pos, BLANK, BLANK, BLANK);
    release(st.slots, `e:${s.type}`, s.pos);
    delete r.itemIDsIndex[s.id];
    if (r.edgeIndices[key] === s.id) delete r.edgeIndices[key];
  }
  const edges = new Set(st.edges);
  for (const n of st.nodes) {
    const data = r.nodeDataCache[n]!;
    const { x, y } = g.getNodeAttributes(n);
    data.x = x; data.y = y;
    r.normalizationFunction.applyTo(data);
    let pos = r.nodeProgramIndex[n];
    if (pos === undefined) {
      pos = slot(r, st, 'n', data.type);
      r.nodeIndices[n] = st.nextId;
      r.itemIDsIndex[st.nextId++] = { type: 'node', id: n };
    } else g.forEachEdge(n, (e) => { edges.add(e); });
    r.addNodeToProgram(n, r.nodeIndices[n]!, pos);
  }
  for (const e of edges) {
    let pos = r.edgeProgramIndex[e];
    if (pos === undefined) {
      pos = slot(r, st, 'e', r.edgeDataCache[e]!.type);
      r.edgeIndices[e] = st.nextId;
      r.itemIDsIndex[st.nextId++] = { type: 'edge', id: e };
    }
    r.addEdgeToProgram(e, r.edgeIndices[e]!, pos);
  }
  relabel(r, st);
  Object.assign(st, { nodes: new Set(), edges: new Set(), types: new Map(), droppedNodes: new Map(), droppedEdges: new Map() });
  r.emit('afterProcess');
}

/** The label grid without the dropped and re-reduced nodes, then with the latter where process() puts them. */
function relabel(r: Internals, st: DeltaState): void {
  const gone = new Set([...st.droppedNodes.keys(), ...st.nodes]);
  if (gone.size === 0) return;
  const grid = r.labelGrid;
  for (const k in grid.cells) {
    const cell = grid.cells[k]!;
    if (cell.some((c) => gone.has(c.key))) grid.cells[k] = cell.filter((c) => !gone.has(c.key));
  }
  const matrix = matrixFromCamera(new Camera().getState(), r.getDimensions(), r.getGraphDimensions(), r.getStagePadding());
  for (const n of st.nodes) {
    const data = r.nodeDataCache[n]!;
    if (typeof data.label === 'string' && !data.hidden) grid.add(n, data.size, r.framedGraphToViewport(data, { matrix }));
  }
  grid.organize();
}

/** A slot for a new item (model/slots.ts); a full program's arrays grow, keeping what they hold. */
function slot(r: Internals, st: DeltaState, kind: 'n' | 'e', type: string): number {
  const program = (kind === 'n' ? r.nodePrograms : r.edgePrograms)[type]!;
  const parts = program.programs ?? [program];
  const { pos, grow } = take(st.slots, `${kind}:${type}`, parts[0]!.capacity ?? 0);
  if (grow !== undefined) {
    for (const p of parts) {
      const old = p.array!;
      p.reallocate(grow);
      p.array!.set(old.subarray(0, Math.min(old.length, p.array!.length)));
    }
  }
  return pos;
}
