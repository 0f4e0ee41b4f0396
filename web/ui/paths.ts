// "How is A related to B" in the viewer: "Path from here" on a note, then pick the other note (a
// click or a search); the shortest paths (src/query/paths.ts, as `vaultgraph path`) are shown on
// their own in the graph and listed step by step in the panel, each with its relation and 说明.

import type Sigma from 'sigma';
import { findPaths, type NotePath, type PathGraph } from '../../src/query/paths.ts';
import { isDocumentRelation } from '../../src/query/orphans.ts';
import type { App } from './app.ts';
import type { VaultGraph } from '../model/filters.ts';
import { NO_PENDING, type PendingEdges } from '../model/pending.ts';
import { relationStyle } from '../model/palette.ts';
import { append, byId, clear, h } from './dom.ts';
import { fitTo, flyTo } from './camera.ts';

export interface PathTool {
  /** Start picking the other end of a path from `key`. */
  from(key: string): void;
  /** The path between two notes, shown (what a test or a link calls directly); `options` as the panel's checkboxes. */
  show(from: string, to: string, options?: { topics: boolean; directed: boolean }): NotePath[];
  clear(): void;
}

/** The page's graph and its waiting edges (pending.ts) as the path search reads them. */
export function viewerPathGraph(graph: VaultGraph, pending: PendingEdges = NO_PENDING): PathGraph {
  return {
    kindOf: (key) => (graph.hasNode(key) ? graph.getNodeAttribute(key, 'kind') : undefined),
    forEachLink: (node, cb) => {
      const each = (_e: string, a: { relation: string; label?: string; description?: string }, s: string, t: string) =>
        cb({ source: s, target: t, relation: a.relation, ...(a.label && { label: a.label }), ...(a.description && { description: a.description }) });
      if (!graph.hasNode(node)) return;
      graph.forEachEdge(node, each);
      pending.forEachOutEdge(node, each);
      pending.forEachInEdge(node, each);
    },
  };
}

export function initPaths(app: App, graph: VaultGraph, pending: PendingEdges, renderer: Sigma): PathTool {
  const bar = byId('path-bar');
  const panel = byId('panel');
  let options = { topics: false, directed: false };
  let shown: { from: string; to: string } | null = null;
  const label = (k: string) => graph.getNodeAttribute(k, 'label') ?? k;

  function stopPicking(): void {
    bar.hidden = true;
    clear(bar);
    app.intercept(shown ? takeOver : null);
  }
  /** While a path is shown, selecting a note leaves the path view. */
  function takeOver(): boolean { tool.clear(); return false; }

  const tool: PathTool = {
    from(key) {
      clear(bar);
      append(bar, [h('span', {}, 'Path from '), h('strong', {}, label(key)), h('span', {}, ': click the other note or search for it · '),
        h('button', { class: 'mini', id: 'path-cancel', onclick: () => stopPicking() }, 'Cancel')]);
      bar.hidden = false;
      app.intercept((to) => {
        if (to === key) return true;
        stopPicking();
        tool.show(key, to);
        return true;
      });
    },
    show(from, to, opts) {
      if (opts) options = { topics: opts.topics, directed: opts.directed };
      shown = { from, to };
      const via = options.topics ? [...relationsIn(graph, pending)].filter((r) => isDocumentRelation(r) || r === 'topic') : [];
      const paths = findPaths(viewerPathGraph(graph, pending), from, to, { via, directed: options.directed, max: 5 });
      // Every node and relation of the paths must be drawable: show what the filters hid.
      const rels = new Set(paths.flatMap((p) => p.edges.map((e) => e.relation)));
      const hiddenRelations = new Set([...app.state().hiddenRelations].filter((r) => !rels.has(r)));
      const kinds = new Set(paths.flatMap((p) => p.nodes.map((n) => graph.getNodeAttribute(n, 'kind'))));
      const hiddenKinds = new Set([...app.state().hiddenKinds].filter((k) => !kinds.has(k)));
      app.set({ selected: null, orphans: false, depth: 0, folder: '', filter: '', hiddenRelations, hiddenKinds });
      app.remember({ path: { from, to, ...options } });
      const nodes = new Set([from, to, ...paths.flatMap((p) => p.nodes)]);
      app.setOverlay({ nodes, edges: edgeKeys(graph, paths) });
      app.intercept(takeOver);
      renderList(from, to, paths);
      // Served: the steps' 说明 come from the server; list them again once they are here.
      void app.edgeText([...nodes]).then((changed) => {
        if (changed && shown?.from === from && shown.to === to) renderList(from, to, findPaths(viewerPathGraph(graph, pending), from, to, { via, directed: options.directed, max: 5 }));
      });
      void fitTo(renderer, nodes);
      return paths;
    },
    clear() {
      if (!shown) return;
      shown = null;
      app.remember({ path: null });
      app.setOverlay(null);
      app.intercept(null);
      panel.hidden = true;
      clear(panel);
    },
  };

  function renderList(from: string, to: string, paths: NotePath[]): void {
    clear(panel);
    panel.hidden = false;
    const opt = (name: 'topics' | 'directed', text: string) => h('label', { class: 'row' },
      h('input', { type: 'checkbox', id: `path-${name}`, checked: options[name], onchange: () => { options = { ...options, [name]: !options[name] }; tool.show(from, to); } }), text);
    const node = (k: string) => h('button', { class: 'linkish', 'data-key': k, title: 'Show it in the graph', onclick: () => void flyTo(renderer, k) }, label(k));
    const steps = paths[0]?.edges.length ?? 0;
    append(panel, [
      h('button', { class: 'close mini', title: 'Close (Esc)', onclick: () => tool.clear() }, '×'),
      h('h1', { id: 'panel-title' }, `Path: ${label(from)} → ${label(to)}`),
      h('div', { class: 'muted', id: 'path-summary' }, paths.length
        ? `${paths.length} shortest path${paths.length > 1 ? 's' : ''}, ${steps} step${steps > 1 ? 's' : ''} each, over ${options.topics ? 'typed relations and topics' : 'typed relations'}${options.directed ? ', along the links' : ''}`
        : `No path over ${options.topics ? 'typed relations and topics' : 'typed relations'}${options.directed ? ' along the links' : ''}.`),
      h('div', { class: 'actions' }, opt('topics', 'through topics'), opt('directed', 'follow link direction')),
    ]);
    paths.forEach((p, i) => {
      const ol = h('ol', { class: 'path-steps', 'data-path': i });
      p.edges.forEach((e, j) => {
        const here = p.nodes[j]!, there = p.nodes[j + 1]!;
        const sw = h('span', { class: 'swatch edge' });
        sw.style.background = relationStyle(e.relation).color;
        const words = e.label && e.label !== e.relation ? `${e.label} · ${e.relation}` : e.relation;
        ol.append(h('li', { 'data-relation': e.relation }, node(here), ' ',
          h('span', { class: 'rel' }, sw, e.source === here ? `${words} →` : `← ${words}`), ' ', node(there),
          e.description ? h('span', { class: 'desc' }, e.description) : null));
      });
      append(panel, [h('h2', {}, `Path ${i + 1}`), ol]);
    });
  }
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || (ev.target as HTMLElement | null)?.tagName === 'INPUT') return;
    if (!bar.hidden) stopPicking();
    tool.clear();
  });
  return tool;
}

/** The graph's edges that the paths walk (each step's edge, as written). */
function edgeKeys(graph: VaultGraph, paths: NotePath[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) for (const e of p.edges) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) continue;
    for (const k of graph.edges(e.source, e.target)) if (graph.getEdgeAttribute(k, 'relation') === e.relation) out.add(k);
  }
  return out;
}

function relationsIn(graph: VaultGraph, pending: PendingEdges): Set<string> {
  const out = new Set<string>();
  graph.forEachEdge((_e, a) => out.add(a.relation));
  for (const r of pending.labels().keys()) out.add(r);
  return out;
}
