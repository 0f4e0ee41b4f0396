// The left sidebar: colour legend, node-kind and relation toggles with live counts (the relation
// legend names each relation in the vault's words: 引用 · cites), folder and text filters, local
// graph depth and the colour-group editor. Reads and writes the view state through callbacks.

import { byId, clear, h } from './dom.ts';
import type { RelationInfo, VaultGraph, Visibility } from '../model/filters.ts';
import { KIND_COLORS, KIND_NAMES, categorical, relationStyle } from '../model/palette.ts';
import { groupDrawn } from '../model/view.ts';
import { NODE_KINDS, type NodeKind } from '../../src/viewer/payload.ts';
import type { ColorBy, ViewState } from '../model/state.ts';
import { initDisplay } from './display.ts';

export interface SidebarDeps {
  graph: VaultGraph;
  relations: RelationInfo[];
  folders: string[];
  /** Every edge of the vault, loaded into the graph or not (pending.ts). */
  edgeCount(): number;
  get(): ViewState;
  set(patch: Partial<ViewState>): void;
  /** Community sizes (index → count), once computed. */
  communitySizes(): number[] | null;
  /** Top folder → its palette rank (view.ts folderRanks). */
  folderRanks(): Map<string, number>;
}

const COLOR_BY_NAMES: Record<ColorBy, string> = { kind: 'kind', folder: 'top folder', community: 'community' };

/** Folder rows in the legend: as many as the palette has distinct colours. */
const CATEGORICAL_SHOWN = 12;

const TYPED = ['cites', 'explains', 'further-reading', 'agrees', 'contradicts', 'same-event', 'upstream-downstream', 'version-evolution'];

export function initSidebar(d: SidebarDeps): { update(vis: Visibility): void } {
  const colorBy = byId<HTMLSelectElement>('color-by');
  colorBy.addEventListener('change', () => d.set({ colorBy: colorBy.value as ColorBy }));
  const folder = byId<HTMLSelectElement>('folder');
  for (const f of d.folders) folder.append(h('option', { value: f }, f.includes('/') ? `  ${f}` : f));
  folder.addEventListener('change', () => d.set({ folder: folder.value }));
  const filter = byId<HTMLInputElement>('filter');
  let timer: ReturnType<typeof setTimeout> | undefined;
  filter.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => d.set({ filter: filter.value }), 200); });
  const orphans = byId<HTMLInputElement>('show-orphans');
  orphans.addEventListener('change', () => d.set({ showOrphans: orphans.checked }));
  const depth = byId<HTMLInputElement>('depth');
  depth.addEventListener('input', () => d.set({ depth: Number(depth.value) }));
  byId('rel-all').addEventListener('click', () => d.set({ hiddenRelations: new Set() }));
  byId('rel-typed').addEventListener('click', () => d.set({
    hiddenRelations: new Set(d.relations.map((r) => r.relation).filter((r) => !TYPED.includes(r))),
  }));
  byId('group-add').addEventListener('click', () => d.set({ groups: [...d.get().groups, { query: '', color: categorical(d.get().groups.length + 2) }] }));
  let groupsShown = '';
  const display = initDisplay(d.get, d.set);

  return {
    update(vis) {
      const s = d.get();
      colorBy.value = s.colorBy;
      folder.value = s.folder;
      if (document.activeElement !== filter) filter.value = s.filter;
      orphans.checked = s.showOrphans;
      depth.value = String(s.depth);
      byId('depth-value').textContent = s.depth === 0 ? 'off' : s.selected ? `${s.depth}` : `${s.depth} (select a node)`;
      byId('counts').textContent = `${vis.nodes.size.toLocaleString()} of ${d.graph.order.toLocaleString()} nodes · `
        + `${vis.edges.size.toLocaleString()} of ${d.edgeCount().toLocaleString()} links`;
      renderKinds(d, vis);
      renderRelations(d, vis);
      renderColorLegend(d);
      display.update(vis);
      const key = JSON.stringify(s.groups.map((g) => g.color)) + s.groups.length;
      if (key !== groupsShown) { groupsShown = key; renderGroups(d); }
    },
  };
}

function toggleRow(label: string, color: string, on: boolean, count: string, edge: boolean, onToggle: () => void, data: Record<string, string>): HTMLElement {
  const sw = h('span', { class: edge ? 'swatch edge' : 'swatch' });
  sw.style.background = color;
  const box = h('input', { type: 'checkbox', checked: on, onchange: onToggle });
  return h('li', { class: on ? '' : 'off', ...data }, h('label', { title: label }, box, sw, h('span', { class: 'name' }, label)), h('span', { class: 'count' }, count));
}

function renderKinds(d: SidebarDeps, vis: Visibility): void {
  const el = byId('kinds');
  clear(el);
  const totals = new Map<NodeKind, number>();
  d.graph.forEachNode((_k, a) => totals.set(a.kind, (totals.get(a.kind) ?? 0) + 1));
  const s = d.get();
  for (const kind of NODE_KINDS) {
    const total = totals.get(kind) ?? 0;
    if (!total) continue;
    el.append(toggleRow(KIND_NAMES[kind], KIND_COLORS[kind], !s.hiddenKinds.has(kind), `${vis.kinds[kind]}/${total}`, false, () => {
      const next = new Set(d.get().hiddenKinds);
      if (next.has(kind)) next.delete(kind); else next.add(kind);
      d.set({ hiddenKinds: next });
    }, { 'data-kind': kind }));
  }
}

function renderRelations(d: SidebarDeps, vis: Visibility): void {
  const el = byId('relations');
  clear(el);
  const s = d.get();
  for (const r of d.relations) {
    // The vault's words first (引用), our relation name after: the user reads their own vocabulary.
    const words = r.labels.slice(0, 2).join(' / ');
    const name = words ? `${words} → ${r.relation}` : r.relation;
    el.append(toggleRow(name, relationStyle(r.relation).color, !s.hiddenRelations.has(r.relation),
      `${vis.relations.get(r.relation) ?? 0}/${r.total}`, true, () => {
        const next = new Set(d.get().hiddenRelations);
        if (next.has(r.relation)) next.delete(r.relation); else next.add(r.relation);
        d.set({ hiddenRelations: next });
      }, { 'data-relation': r.relation }));
  }
}

/**
 * The legend names the colouring in force: colour groups win over the chosen colouring, so with
 * groups it says so and lists them first, then what the other nodes are coloured by.
 */
function renderColorLegend(d: SidebarDeps): void {
  const el = byId('color-legend');
  clear(el);
  const row = (color: string, name: string) => {
    const sw = h('span', { class: 'swatch' });
    sw.style.background = color;
    return h('li', {}, sw, h('span', { class: 'name', title: name }, name));
  };
  const s = d.get();
  const groups = s.groups.filter((g) => g.query.trim());
  byId('color-in-force').textContent = groups.length
    ? `Colour groups first (${groups.length}), then ${COLOR_BY_NAMES[s.colorBy]} for the other nodes`
    : `Coloured by ${COLOR_BY_NAMES[s.colorBy]}`;
  // A group's colour as drawn (a dark one lighter on the dark theme), its own colour named beside it.
  for (const g of groups) {
    const drawn = groupDrawn(g.color, s.theme);
    const li = row(drawn, `group: ${g.query}`);
    if (drawn !== g.color) li.append(h('span', { class: 'muted', title: `${g.color} in the vault's graph settings, drawn lighter to show on the dark background` }, ` ${g.color}`));
    el.append(li);
  }
  if (s.colorBy === 'kind') {
    const present = new Set(d.graph.mapNodes((_k, a) => a.kind));
    for (const kind of NODE_KINDS) if (present.has(kind)) el.append(row(KIND_COLORS[kind], KIND_NAMES[kind]));
  } else if (s.colorBy === 'folder') {
    const ranks = [...d.folderRanks()];
    for (const [f, i] of ranks.slice(0, CATEGORICAL_SHOWN)) el.append(row(categorical(i), f || '(vault root)'));
    if (ranks.length > CATEGORICAL_SHOWN) el.append(h('li', { class: 'muted' }, `${ranks.length - CATEGORICAL_SHOWN} more folders share these colours`));
  } else if (s.colorBy === 'community') {
    const sizes = d.communitySizes() ?? [];
    sizes.slice(0, 12).forEach((n, i) => el.append(row(categorical(i), `community ${i + 1} (${n})`)));
  }
}

function renderGroups(d: SidebarDeps): void {
  const el = byId('groups');
  clear(el);
  const groups = d.get().groups;
  groups.forEach((g, i) => {
    const edit = (patch: Partial<typeof g>) => {
      const next = d.get().groups.map((x, j) => (j === i ? { ...x, ...patch } : x));
      d.set({ groups: next });
    };
    const q = h('input', { type: 'text', value: g.query, placeholder: 'path:… tag:#…', 'aria-label': 'colour group query' });
    let timer: ReturnType<typeof setTimeout> | undefined;
    q.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => edit({ query: q.value }), 250); });
    const c = h('input', { type: 'color', value: g.color, 'aria-label': 'colour group colour' });
    c.addEventListener('change', () => edit({ color: c.value }));
    const rm = h('button', { class: 'mini', title: 'Remove this group', onclick: () => d.set({ groups: d.get().groups.filter((_x, j) => j !== i) }) }, '×');
    el.append(h('li', {}, q, c, rm));
  });
  if (!groups.length) el.append(h('li', { class: 'muted' }, 'none: add one with +'));
}
