// The right-hand panel: a node's title, path, frontmatter (on demand), excerpt and typed links (each a button
// that jumps to the other node), or the orphans list. DOM built with dom.ts only (text, never HTML).

import { append, clear, h } from './dom.ts';
import type { VaultGraph } from '../model/filters.ts';
import { linksOf, obsidianUrl, type LinkGroup } from '../model/links.ts';
import { KIND_COLORS, KIND_NAMES, relationStyle } from '../model/palette.ts';
import { renderNote } from './markdown.ts';
import type { LinkResolver } from '../model/note-links.ts';
import { ORPHAN_SENSES, SENSE_WORDS, type OrphanReport, type OrphanSense } from '../../src/query/orphans.ts';
import type { PendingEdges } from '../model/pending.ts';

export interface PanelDeps {
  graph: VaultGraph;
  /** Edges not loaded into the graph yet: the panel lists them too. */
  pending?: PendingEdges;
  vaultName: string;
  /** Resolves to the note's text (its excerpt in the offline HTML), or null when there is none. */
  excerptOf(key: string): Promise<string | null>;
  /** Links written in a note → the node they name (the core's resolution, model/note-links.ts). */
  resolve?: LinkResolver;
  /** Served (`vaultgraph serve`): images come from the server; offline they are named only. */
  served?: boolean;
  /** The node's frontmatter: in the payload for small vaults, fetched from the server for big ones. */
  metaOf(key: string): Promise<Record<string, unknown> | null>;
  /** Served pages fetch edges' 说明 when shown (ui/edge-text.ts): true when new text arrived for these nodes. */
  edgeTextOf?(keys: string[]): Promise<boolean>;
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
        ? h('a', { href: obsidianUrl(d.vaultName, a.path), title: 'Open this note in Obsidian' }, 'Open in Obsidian') : null,
      // ui/paths.ts listens: then the user picks the other note.
      a.kind !== 'note' && a.kind !== 'topic' ? null : h('button', { class: 'mini', id: 'btn-path-from', title: 'How is this note related to another? Pick the other one next',
        onclick: () => el.dispatchEvent(new CustomEvent('vg:path-from', { detail: key, bubbles: true })) }, 'Path from here…')),
    depthControl(d),
  ]);
  if (a.aliases?.length) append(el, [h('div', { class: 'muted' }, `aliases: ${a.aliases.join(' · ')}`)]);
  if (a.tags?.length) append(el, [h('div', { class: 'muted' }, `tags: ${a.tags.map((t) => `#${t.replace(/^#/, '')}`).join(' ')}`)]);
  const metaBox = h('div', {});
  append(el, [metaBox]);
  d.metaOf(key).then((meta) => {
    if (meta && Object.keys(meta).length) append(metaBox, [h('h2', {}, 'Frontmatter'), metaTable(meta)]);
  }).catch(() => { /* the panel is still useful without frontmatter */ });
  const ex = h('div', { class: 'excerpt note-body', id: 'panel-excerpt', hidden: true });
  append(el, [ex]);
  // Links in the rendered note select their node (markdown.ts makes them `a[data-key]`).
  ex.addEventListener('click', (ev) => {
    const a = (ev.target as Element | null)?.closest('a[data-key]');
    if (!a) return;
    ev.preventDefault();
    d.select(a.getAttribute('data-key')!);
  });
  d.excerptOf(key).then((text) => {
    if (!text) return;
    if (d.resolve) ex.replaceChildren(renderNote(text, { path: a.path, resolve: d.resolve, served: d.served ?? false, nodeOf: (k) => nodeOf(d, k) }));
    else ex.textContent = text;
    ex.hidden = false;
  }).catch(() => { /* the panel is still useful without the note's text */ });
  const links = h('div', { id: 'panel-links' });
  const drawLinks = () => {
    clear(links);
    linkSection(links, d, 'Outgoing', linksOf(d.graph, key, 'out', d.pending));
    linkSection(links, d, 'Incoming', linksOf(d.graph, key, 'in', d.pending));
  };
  drawLinks();
  append(el, [links]);
  d.edgeTextOf?.([key]).then((changed) => { if (changed && links.isConnected) drawLinks(); }).catch(() => { /* listed without 说明 */ });
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
  for (const [k, v] of Object.entries(meta)) table.append(h('tr', {}, h('td', {}, k), h('td', {}, metaText(v))));
  return table;
}

/** A frontmatter value as read: empty stays empty (not `null`), lists are comma-separated. */
export function metaText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')) return v.map((x) => metaText(x)).join(', ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function nodeOf(d: PanelDeps, key: string): { kind: string; path: string; label: string } | null {
  if (!d.graph.hasNode(key)) return null;
  const a = d.graph.getNodeAttributes(key);
  return { kind: a.kind, path: a.path, label: a.label };
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

/**
 * The orphans view: the documents that are orphans in the sense shown (the CLI's default first), the
 * counts of the other senses as buttons that switch to them.
 */
export function showOrphans(el: HTMLElement, d: PanelDeps, r: OrphanReport, setSense: (sense: OrphanSense | false) => void): void {
  clear(el);
  el.hidden = false;
  const total = r.orphans.length;
  const others = ORPHAN_SENSES.filter((s) => s !== r.sense).map((s) =>
    h('button', { class: 'mini', 'data-sense': s, title: `Show the documents ${SENSE_WORDS[s]}`, onclick: () => setSense(s) },
      `${r.counts[s].toLocaleString()} ${SENSE_WORDS[s]}`));
  append(el, [
    h('button', { class: 'close mini', title: 'Close', onclick: () => setSense(false) }, '×'),
    h('h1', { id: 'panel-title', 'data-sense': r.sense }, `Orphans: ${total.toLocaleString()} ${SENSE_WORDS[r.sense]}`),
    h('div', { class: 'muted' }, 'Documents only (topic notes are left out), highlighted in the graph; "vaultgraph orphans" counts the same way.'),
    h('div', { class: 'actions', id: 'orphan-senses' }, 'other senses:', ...others),
  ]);
  const ul = h('ul', { 'data-kind': 'note' });
  const sorted = [...r.orphans].sort((x, y) => (d.graph.getNodeAttribute(x, 'label') ?? x).localeCompare(d.graph.getNodeAttribute(y, 'label') ?? y));
  for (const key of sorted.slice(0, 500)) {
    ul.append(h('li', {}, h('button', { class: 'linkish', 'data-key': key, onclick: () => d.select(key) },
      d.graph.getNodeAttribute(key, 'label') ?? key)));
  }
  if (total > 500) ul.append(h('li', { class: 'muted' }, `… and ${total - 500} more`));
  el.append(ul);
  if (total === 0) el.append(h('p', {}, `No orphans in this sense: no document is ${SENSE_WORDS[r.sense]}.`));
}
