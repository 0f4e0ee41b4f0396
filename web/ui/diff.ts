// `serve --diff REV` in the page, the DOM part: the colouring by change (a layer under the app's own
// reducers, so hover and filters still dim on top of it), the legend with counts and an on/off
// switch at the top of the sidebar, and the panel's "Changes since REV" section for a note.

import type Sigma from 'sigma';
import type { App, AppSettings } from './app.ts';
import { h } from './dom.ts';
import { PANEL_EXTRAS } from './panel.ts';
import type { VaultGraph } from '../model/filters.ts';
import { noteChanges, statusColor, STATUS_COLORS, type DiffIndex, type Status } from '../model/diff.ts';
import type { Display } from '../model/view.ts';
import { relationStyle, type Theme } from '../model/palette.ts';

export interface DiffView {
  /** The app's reducers with the diff colouring applied first. */
  wrap(own: AppSettings): AppSettings;
  /** Legend in the sidebar, section in the panel; call once the app and renderer exist. */
  mount(app: App, renderer: Sigma): void;
  isOn(): boolean;
}

export function createDiffView(graph: VaultGraph, index: DiffIndex): DiffView {
  let on = true;
  let theme: () => Theme = () => 'light';
  const node = (key: string, data: Display): Display => {
    const st = index.node(key);
    if (st === 'removed' && !on) return { ...data, hidden: true };
    if (!on) return data;
    const color = statusColor(st, theme(), 'node');
    return st === 'same' ? { ...data, color } : { ...data, color, zIndex: 1, forceLabel: st !== 'removed' || graph.order < 2000 };
  };
  const edge = (key: string, data: Display): Display => {
    const st = index.edge(key);
    if (st === 'removed' && !on) return { ...data, hidden: true };
    if (!on) return data;
    const color = statusColor(st, theme(), 'edge');
    return st === 'same' ? { ...data, color } : { ...data, color, zIndex: 1, size: Math.max(2, data.size ?? 1) };
  };
  return {
    isOn: () => on,
    wrap: (own) => ({
      ...own,
      nodeReducer: (k, d) => own.nodeReducer!(k, node(k, d as Display) as typeof d),
      edgeReducer: (k, d) => own.edgeReducer!(k, edge(k, d as Display) as typeof d),
    }),
    mount(app, renderer) {
      theme = () => app.state().theme;
      const side = document.getElementById('side');
      if (side) side.prepend(legend(index, (v) => { on = v; renderer.refresh(); }));
      PANEL_EXTRAS.push((el, key, select) => { if (on) el.append(panelSection(index, graph, key, select)); });
      renderer.refresh();
    },
  };
}

function swatch(color: string, edge = false): HTMLElement {
  const s = h('span', { class: edge ? 'swatch edge' : 'swatch' });
  s.style.background = color;
  return s;
}

function legend(index: DiffIndex, toggle: (on: boolean) => void): HTMLElement {
  const c = index.counts;
  const rows: Array<[Exclude<Status, 'same'>, string, number]> = [
    ['added', 'notes added', c.added],
    ['changed', 'notes changed', c.changed],
    ['removed', 'notes removed (faint)', c.removed],
    ['broken', 'links newly broken', c.broken],
  ];
  const box = h('input', { type: 'checkbox', id: 'diff-on', checked: true });
  box.addEventListener('change', () => toggle((box as HTMLInputElement).checked));
  return h('section', { id: 'diff-legend', 'data-since': index.diff.since },
    h('h2', {}, `Changes since ${index.diff.since}`),
    h('label', { class: 'row' }, box, 'colour by change'),
    h('ul', { class: 'legend' }, ...rows.map(([st, name, n]) => h('li', { 'data-status': st }, swatch(STATUS_COLORS[st]), h('span', { class: 'name' }, name), h('span', { class: 'count' }, n)))),
    h('p', { class: 'muted', id: 'diff-edges' }, `relations +${c.edgesAdded} −${c.edgesRemoved}${c.edgesChanged ? `, ${c.edgesChanged} 说明 changed` : ''}`
      + `${index.diff.brokenFixed ? `; ${index.diff.brokenFixed} broken links fixed` : ''}`));
}

function panelSection(index: DiffIndex, graph: VaultGraph, key: string, select: (key: string) => void): HTMLElement {
  const ch = noteChanges(index.diff, key);
  const st = index.node(key);
  const section = h('section', { id: 'panel-diff', 'data-status': st }, h('h2', {}, `Changes since ${index.diff.since}`));
  const label = (k: string) => (graph.hasNode(k) ? graph.getNodeAttribute(k, 'label') ?? k : k);
  const link = (k: string) => h('button', { class: 'linkish', 'data-key': k, onclick: () => select(k) }, label(k));
  if (st !== 'same') section.append(h('div', { class: 'muted' }, swatch(STATUS_COLORS[st]), st === 'removed' ? 'removed since then' : st === 'added' ? 'new since then' : st === 'broken' ? 'a link broken since then' : 'changed since then'));
  if (ch.renamedFrom) section.append(h('div', { class: 'muted' }, `renamed from ${ch.renamedFrom}`));
  const list = (title: string, items: Array<{ other: string; relation: string; out: boolean }>, color: string) => {
    if (!items.length) return;
    section.append(h('h3', {}, swatch(color, true), `${title} (${items.length})`));
    section.append(h('ul', { 'data-diff': title.split(' ')[1] ?? title },
      ...items.map((i) => h('li', {}, swatch(relationStyle(i.relation).color, true), `${i.relation} ${i.out ? '→' : '←'} `, link(i.other)))));
  };
  list('relations added', ch.added, STATUS_COLORS.added);
  list('relations removed', ch.removed, STATUS_COLORS.removed);
  if (ch.changed.length) {
    section.append(h('h3', {}, swatch(STATUS_COLORS.changed, true), `说明 changed (${ch.changed.length})`));
    section.append(h('ul', { 'data-diff': 'changed' }, ...ch.changed.map((c) => h('li', {}, `${c.relation} → `, link(c.other),
      h('span', { class: 'desc' }, `${c.before ?? '—'} → ${c.after ?? '—'}`)))));
  }
  if (st === 'same' && !ch.added.length && !ch.removed.length && !ch.changed.length) section.append(h('div', { class: 'muted' }, 'unchanged'));
  return section;
}
