// The right-hand panel: a node's title, path, frontmatter (on demand), excerpt and typed links (each a button
// that jumps to the other node), or the orphans list. DOM built with dom.ts only (text, never HTML).

import { append, clear, h } from './dom.ts';
import type { VaultGraph } from '../model/filters.ts';
import { linksOf, obsidianUrl, type LinkGroup } from '../model/links.ts';
import { KIND_COLORS, KIND_NAMES, relationStyle } from '../model/palette.ts';
import type { NodeKind } from '../../src/viewer/payload.ts';
import type { PendingEdges } from '../model/pending.ts';

export interface PanelDeps {
  graph: VaultGraph;
  /** Edges not loaded into the graph yet: the panel lists them too. */
  pending?: PendingEdges;
  vaultName: string;
  /** Resolves to the note's excerpt, or null when there is no text to show. */
  excerptOf(key: string): Promise<string | null>;
  /** The node's frontmatter: in the payload for small vaults, fetched from the server for big ones. */
  metaOf(key: string): Promise<Record<string, unknown> | null>;
  select(key: string): void;
  close(): void;
  depth(): number;
  setDepth(d: number): void;
}

/** Sections other features add at the end of a node's panel (`serve --diff`: web/ui/diff.ts). */
export type PanelExtra = (el: HTMLElement, key: string, select: (key: string) => void) => void;
export const PANEL_EXTRAS: PanelExtra[] = [];

/** How many links of one relation are listed before a "show all" button (hubs have thousands). */
const LIST_LIMIT = 60;

export function showNode(el: HTMLElement, d: PanelDeps, key: string): void {
  const a = d.graph.getNodeAttributes(key);
  clear(el);
  el.hidden = false;
  const swatch = h('span', { class: 'swatch' });
  swatch.style.background = KIND_COLORS[a.kind] ?? KIND_COLORS.note;
  append(el, [
    h('button', { class: 'close mini', title: 'Close (Esc)', onclick: () => d.close() }, '×'),
    h('h1', { id: 'panel-title' }, a.label ?? key),
    h('div', { class: 'path' }, a.path ?? key),
    h('div', { class: 'actions' }, swatch, KIND_NAMES[a.kind]?.replace(/s$/, '') ?? a.kind,
      a.kind === 'note' || a.kind === 'topic' || a.kind === 'attachment'
        ? h('a', { href: obsidianUrl(d.vaultName, a.path), title: 'Open this note in Obsidian' }, 'Open in Obsidian') : null),
    depthControl(d),
  ]);
  if (a.aliases?.length) append(el, [h('div', { class: 'muted' }, `aliases: ${a.aliases.join(' · ')}`)]);
  if (a.tags?.length) append(el, [h('div', { class: 'muted' }, `tags: ${a.tags.map((t) => `#${t.replace(/^#/, '')}`).join(' ')}`)]);
  const metaBox = h('div', {});
  append(el, [metaBox]);
  d.metaOf(key).then((meta) => {
    if (meta && Object.keys(meta).length) append(metaBox, [h('h2', {}, 'Frontmatter'), metaTable(meta)]);
  }).catch(() => { /* the panel is still useful without frontmatter */ });
  const ex = h('div', { class: 'excerpt', id: 'panel-excerpt', hidden: true });
  append(el, [ex]);
  d.excerptOf(key).then((text) => {
    if (text) { ex.textContent = text; ex.hidden = false; }
  }).catch(() => { /* the panel is still useful without an excerpt */ });
  linkSection(el, d, 'Outgoing', linksOf(d.graph, key, 'out', d.pending));
  linkSection(el, d, 'Incoming', linksOf(d.graph, key, 'in', d.pending));
  for (const extra of PANEL_EXTRAS) extra(el, key, d.select);
}

function depthControl(d: PanelDeps): HTMLElement {
  const wrap = h('span', { class: 'row', title: 'Local graph: only nodes this many links away' }, 'local graph:');
  for (const n of [0, 1, 2, 3]) {
    wrap.append(h('button', { class: 'mini', 'aria-pressed': String(d.depth() === n), 'data-depth': n,
      onclick: () => d.setDepth(n) }, n === 0 ? 'off' : String(n)));
  }
  return wrap;
}

function metaTable(meta: Record<string, unknown>): HTMLElement {
  const table = h('table', { id: 'panel-meta' });
  for (const [k, v] of Object.entries(meta)) {
    const text = typeof v === 'string' ? v : JSON.stringify(v);
    table.append(h('tr', {}, h('td', {}, k), h('td', {}, text ?? String(v))));
  }
  return table;
}

function linkSection(el: HTMLElement, d: PanelDeps, title: string, groups: LinkGroup[]): void {
  const total = groups.reduce((n, g) => n + g.items.length, 0);
  const section = h('section', { 'data-links': title.toLowerCase() }, h('h2', {}, `${title} links (${total})`));
  if (total === 0) section.append(h('div', { class: 'muted' }, 'none'));
  for (const g of groups) {
    const sw = h('span', { class: 'swatch edge' });
    sw.style.background = relationStyle(g.relation).color;
    const name = g.label === g.relation ? g.relation : `${g.label} · ${g.relation}`;
    section.append(h('h3', { 'data-relation': g.relation }, sw, name, h('span', { class: 'muted' }, `(${g.items.length})`)));
    const ul = h('ul', {});
    const more = g.items.length - LIST_LIMIT;
    for (const item of g.items.slice(0, LIST_LIMIT)) ul.append(linkItem(d, item));
    if (more > 0) {
      const btn = h('button', { class: 'linkish', onclick: () => {
        btn.parentElement?.remove();
        for (const item of g.items.slice(LIST_LIMIT)) ul.append(linkItem(d, item));
      } }, `show ${more} more`);
      ul.append(h('li', {}, btn));
    }
    section.append(ul);
  }
  el.append(section);
}

function linkItem(d: PanelDeps, item: LinkGroup['items'][number]): HTMLElement {
  return h('li', {},
    h('button', { class: 'linkish', 'data-key': item.other, onclick: () => d.select(item.other) }, item.otherLabel),
    item.count > 1 ? h('span', { class: 'muted' }, ` ×${item.count}`) : null,
    item.description ? h('span', { class: 'desc' }, item.description) : null);
}

/** The orphans view: nodes without any link, listed per kind. */
export function showOrphans(el: HTMLElement, d: PanelDeps, orphans: Map<NodeKind, string[]>, close: () => void): void {
  clear(el);
  el.hidden = false;
  const total = [...orphans.values()].reduce((n, l) => n + l.length, 0);
  append(el, [
    h('button', { class: 'close mini', title: 'Close', onclick: close }, '×'),
    h('h1', { id: 'panel-title' }, `Orphans (${total})`),
    h('div', { class: 'muted' }, 'Nodes with no incoming or outgoing link, highlighted in the graph.'),
  ]);
  for (const [kind, keys] of orphans) {
    const ul = h('ul', { 'data-kind': kind });
    for (const key of keys.slice(0, 500)) {
      ul.append(h('li', {}, h('button', { class: 'linkish', 'data-key': key, onclick: () => d.select(key) },
        d.graph.getNodeAttribute(key, 'label') ?? key)));
    }
    if (keys.length > 500) ul.append(h('li', { class: 'muted' }, `… and ${keys.length - 500} more`));
    append(el, [h('h2', {}, `${KIND_NAMES[kind] ?? kind} (${keys.length})`), ul]);
  }
  if (total === 0) el.append(h('p', {}, 'No orphans: every node has at least one link.'));
}
