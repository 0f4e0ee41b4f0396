// Draw one note's typed relations into its container as SVG: coloured edges with arrows for
// direction, neighbours as links to their pages, a legend, and the 说明 sentences in a tooltip on
// hover or focus. Strict-CSP safe: SVG attributes and CSSOM only (no style attributes, no
// innerHTML); every vault string goes in as text.

import { relationStyle } from '../model/palette.ts';
import type { EmbedIndex, Neighbour } from '../../src/viewer/embed.ts';
import { radialLayout, truncate, type Layout, type Slot } from './layout.ts';

const SVG = 'http://www.w3.org/2000/svg';
/** Neighbours drawn at most; the legend says how many more there are. */
export const MAX_NEIGHBOURS = 200;

let instances = 0;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  parent?.appendChild(el);
  return el;
}

function html<K extends keyof HTMLElementTagNameMap>(tag: K, parent: Element, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (cls) el.className = cls;
  parent.appendChild(el);
  return el;
}

/** Only http(s) and file: pages are linked; anything else (javascript:, data:) is not a link. */
function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href, document.baseURI);
    return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'file:' ? href : undefined;
  } catch { return undefined; }
}

/** What drawing one neighbour needs from the whole picture. */
interface Scene {
  box: HTMLElement;
  index: EmbedIndex;
  layout: Layout;
  edgeLayer: SVGGElement;
  nodeLayer: SVGGElement;
  marker: (color: string) => string;
  tip: Tooltip;
  /** Every neighbour's edges, to fade the others while one is hovered. */
  edgesOf: Map<number, SVGPathElement[]>;
}

/** Draw `node`'s local graph into `box` (emptied first). Returns the number of neighbours drawn. */
export function drawNote(box: HTMLElement, index: EmbedIndex, node: number): number {
  box.replaceChildren();
  box.classList.add('vaultgraph-embed');
  if (getComputedStyle(box).position === 'static') box.style.position = 'relative';
  const all = index.neighbours(node);
  const others = [...new Set(all.map((r) => r.node))];
  // Group the neighbours by their first relation so that colours sit together on the circle.
  const first = new Map(others.map((o) => [o, all.find((r) => r.node === o)!]));
  others.sort((a, b) => first.get(a)!.relation.localeCompare(first.get(b)!.relation) || index.title(a).localeCompare(index.title(b)));
  const shown = others.slice(0, MAX_NEIGHBOURS);
  const layout = radialLayout(shown.length);
  const root = svg('svg', { viewBox: `0 0 ${layout.width} ${layout.height}`, width: '100%', role: 'img', class: 'vg-graph', 'font-family': 'inherit', 'font-size': 11 });
  root.style.maxWidth = `${layout.width}px`;
  root.style.display = 'block';
  root.setAttribute('aria-label', `${index.title(node)}: ${all.length} typed relations`);
  const scene: Scene = {
    box, index, layout, marker: markers(svg('defs', {}, root), `vg${++instances}`),
    edgeLayer: svg('g', { class: 'vg-edges', fill: 'none' }, root), nodeLayer: svg('g', { class: 'vg-nodes' }, root),
    tip: tooltip(box), edgesOf: new Map(),
  };
  shown.forEach((other, i) => drawNeighbour(scene, layout.slots[i]!, all.filter((r) => r.node === other)));
  // The note itself, on top of the edges.
  const { cx, cy } = layout;
  svg('circle', { cx, cy, r: 9, fill: 'currentColor', class: 'vg-center' }, scene.nodeLayer);
  const label = svg('text', { x: cx, y: cy + 24, 'text-anchor': 'middle', fill: 'currentColor', 'font-weight': 'bold',
    stroke: 'Canvas', 'stroke-width': 4, 'paint-order': 'stroke', class: 'vg-center-label' }, scene.nodeLayer);
  label.textContent = truncate(index.title(node), 22);
  box.appendChild(root);
  legend(box, all, others.length - shown.length);
  return shown.length;
}

/** One arrowhead marker per colour, made on first use; returns the `url(#…)` to reference it. */
function markers(defs: SVGDefsElement, id: string): (color: string) => string {
  const made = new Map<string, string>();
  return (color) => {
    let m = made.get(color);
    if (!m) {
      m = `${id}-m${made.size}`;
      const el = svg('marker', { id: m, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' }, defs);
      svg('path', { d: 'M0,0L10,5L0,10z', fill: color }, el);
      made.set(color, m);
    }
    return `url(#${m})`;
  };
}

/** A neighbour (all its relations with the note): its edges, its dot and label as a link, its hover. */
function drawNeighbour(scene: Scene, slot: Slot, rels: Neighbour[]): void {
  const { box, index, layout, tip, edgesOf } = scene;
  const other = rels[0]!.node;
  const { cx, cy } = layout;
  const paths = rels.map((r, k) => {
    const style = relationStyle(r.relation);
    // Bent apart when there are several; the bend is measured from the middle out, so an edge drawn the other way flips it.
    const bend = (k - (rels.length - 1) / 2) * 18 * (r.dir === 'out' ? 1 : -1);
    const [x1, y1, x2, y2] = r.dir === 'out' ? [cx, cy, slot.x, slot.y] : [slot.x, slot.y, cx, cy];
    const p = svg('path', { d: curve(x1, y1, x2, y2, bend, r.dir === 'out' ? [12, 7] : [7, 12]), stroke: style.color, 'stroke-width': Math.max(1.4, style.size),
      class: `vg-edge vg-${r.dir}`, 'data-relation': r.relation }, scene.edgeLayer);
    if (style.type === 'arrow') p.setAttribute('marker-end', scene.marker(style.color));
    return p;
  });
  edgesOf.set(other, paths);
  const href = safeHref(index.href(other));
  const g = svg(href ? 'a' : 'g', { class: 'vg-node' }, scene.nodeLayer);
  if (href) g.setAttribute('href', href);
  g.setAttribute('aria-label', `${index.title(other)} — ${rels.map((r) => `${r.label}${r.description ? `: ${r.description}` : ''}`).join('; ')}`);
  svg('circle', { cx: slot.x, cy: slot.y, r: 6, fill: relationStyle(rels[0]!.relation).color, stroke: 'Canvas', 'stroke-width': 1.5 }, g);
  const t = svg('text', { x: slot.lx, y: slot.ly, 'text-anchor': slot.anchor, fill: 'currentColor', 'dominant-baseline': layout.flat ? 'auto' : 'central' }, g);
  if (!layout.flat) t.setAttribute('transform', `rotate(${slot.rotate.toFixed(1)} ${slot.lx.toFixed(1)} ${slot.ly.toFixed(1)})`);
  t.textContent = truncate(index.title(other), layout.labelEm);
  const show = (at: { x: number; y: number }) => {
    tip.show(index.title(other), rels, at);
    for (const [o, ps] of edgesOf) for (const p of ps) p.setAttribute('opacity', o === other ? '1' : '0.15');
  };
  const hide = () => { tip.hide(); for (const ps of edgesOf.values()) for (const p of ps) p.removeAttribute('opacity'); };
  for (const el of [g, ...paths]) {
    el.addEventListener('mouseenter', (e) => show(pointIn(box, e as MouseEvent)));
    el.addEventListener('mouseleave', hide);
  }
  g.addEventListener('focus', () => { const r = g.getBoundingClientRect(); show(pointIn(box, { clientX: r.right, clientY: r.bottom })); });
  g.addEventListener('blur', hide);
}

/** A gentle curve from (x1,y1) to (x2,y2), bent sideways by `bend` px, its ends cut back by `cut` px. */
function curve(x1: number, y1: number, x2: number, y2: number, bend: number, cut: [number, number]): string {
  const dx = x2 - x1, dy = y2 - y1;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len, uy = dy / len;
  const ax = x1 + ux * cut[0], ay = y1 + uy * cut[0];
  const bx = x2 - ux * cut[1], by = y2 - uy * cut[1];
  const qx = (ax + bx) / 2 - uy * bend, qy = (ay + by) / 2 + ux * bend;
  const f = (v: number) => v.toFixed(1);
  return `M${f(ax)},${f(ay)}Q${f(qx)},${f(qy)} ${f(bx)},${f(by)}`;
}

function pointIn(box: HTMLElement, e: { clientX: number; clientY: number }): { x: number; y: number } {
  const r = box.getBoundingClientRect();
  return { x: e.clientX - r.left, y: e.clientY - r.top };
}

interface Tooltip { show: (title: string, rels: Neighbour[], at: { x: number; y: number }) => void; hide: () => void }

function tooltip(box: HTMLElement): Tooltip {
  const tip = html('div', box, undefined, 'vg-tooltip');
  tip.setAttribute('role', 'tooltip');
  const s = tip.style;
  Object.assign(s, { position: 'absolute', display: 'none', maxWidth: '22em', padding: '6px 8px', borderRadius: '4px', zIndex: '10',
    background: 'Canvas', color: 'CanvasText', border: '1px solid GrayText', fontSize: '12px', lineHeight: '1.4', pointerEvents: 'none' });
  return {
    show: (title, rels, at) => {
      tip.replaceChildren();
      html('strong', tip, title);
      for (const r of rels) {
        const line = html('div', tip, undefined, 'vg-tip-relation');
        const sw = html('span', line, r.dir === 'out' ? '→ ' : '← ');
        sw.style.color = relationStyle(r.relation).color;
        html('span', line, r.label, 'vg-tip-label').style.fontWeight = 'bold';
        if (r.description) html('span', line, `：${r.description}`, 'vg-tip-description');
      }
      s.display = 'block';
      const maxX = Math.max(0, box.clientWidth - tip.offsetWidth - 4);
      s.left = `${Math.min(at.x + 12, maxX)}px`;
      s.top = `${at.y + 12}px`;
    },
    hide: () => { s.display = 'none'; },
  };
}

function legend(box: HTMLElement, all: Neighbour[], hidden: number): void {
  const counts = new Map<string, { label: string; n: number }>();
  for (const r of all) {
    const c = counts.get(r.relation) ?? { label: r.label, n: 0 };
    c.n++;
    counts.set(r.relation, c);
  }
  const el = html('div', box, undefined, 'vg-legend');
  Object.assign(el.style, { display: 'flex', flexWrap: 'wrap', gap: '4px 12px', fontSize: '12px' });
  for (const [relation, { label, n }] of counts) {
    const item = html('span', el, undefined, 'vg-legend-item');
    const sw = html('span', item, '■ ');
    sw.style.color = relationStyle(relation).color;
    html('span', item, `${label} ${n}`);
  }
  const help = 'arrows run from the note that states the relation; hover for its 说明';
  html('span', el, hidden > 0 ? `${help} · ${hidden} more not shown` : help, 'vg-legend-help').style.opacity = '0.7';
}
