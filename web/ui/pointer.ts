// Pointer gestures on the graph beyond sigma's own: dragging a node moves it and pins it (as in
// Obsidian), and hovering an edge names its relation in a small tooltip. Browser only.

import type Sigma from 'sigma';
import type { App } from './app.ts';
import type { VaultGraph } from '../model/filters.ts';
import { h } from './dom.ts';

/** A press on a node that moves further than this (pixels) is a drag, not a click. */
const DRAG_PX = 4;

export function nodeDragging(renderer: Sigma, app: Pick<App, 'moveNode'>): { moved(): boolean } {
  let node: string | null = null;
  let start: { x: number; y: number } | null = null;
  let moved = false;
  renderer.on('downNode', (e) => {
    node = e.node;
    start = { x: e.event.x, y: e.event.y };
    moved = false;
  });
  renderer.getMouseCaptor().on('mousemovebody', (e) => {
    if (node === null || start === null) return;
    if (!moved && Math.hypot(e.x - start.x, e.y - start.y) < DRAG_PX) return;
    moved = true;
    app.moveNode(node, renderer.viewportToGraph(e));
    // Keep the camera still while a node is dragged.
    e.preventSigmaDefault();
    e.original.preventDefault();
    e.original.stopPropagation();
  });
  const up = () => {
    node = null;
    start = null;
    // The click that ends a drag must not select: clickNode fires after mouseup.
    setTimeout(() => { moved = false; }, 0);
  };
  renderer.getMouseCaptor().on('mouseup', up);
  renderer.on('upNode', up);
  return { moved: () => moved };
}

/** "引用 · cites: A → B" beside the pointer while it is over an edge. */
export function edgeTooltip(renderer: Sigma, graph: VaultGraph, stage: HTMLElement): void {
  const tip = h('div', { id: 'edge-tip', role: 'tooltip', hidden: true });
  stage.append(tip);
  renderer.on('enterEdge', ({ edge, event }) => {
    const a = graph.getEdgeAttributes(edge);
    const word = a.label && a.label !== a.relation ? `${a.label} · ${a.relation}` : a.relation;
    const label = (k: string) => graph.getNodeAttribute(k, 'label') ?? k;
    tip.textContent = `${word}: ${label(graph.source(edge))} → ${label(graph.target(edge))}`;
    tip.style.left = `${event.x + 12}px`;
    tip.style.top = `${event.y + 12}px`;
    tip.hidden = false;
  });
  renderer.on('leaveEdge', () => { tip.hidden = true; });
}
