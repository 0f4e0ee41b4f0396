// The search box: autocomplete over titles, aliases and paths (search.ts); Enter or a click picks
// a result, which the caller turns into "fly to the node and select it". `/` focuses the box.

import { byId, clear, h } from './dom.ts';
import { KIND_COLORS } from '../model/palette.ts';
import type { NodeKind } from '../../src/viewer/payload.ts';
import { search, type SearchHit, type SearchIndex } from '../model/search.ts';

export function initSearchBox(index: SearchIndex, pick: (key: string) => void): void {
  const input = byId<HTMLInputElement>('search');
  const list = byId<HTMLUListElement>('search-results');
  let hits: SearchHit[] = [];
  let active = 0;

  const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); };
  const choose = (i: number) => {
    const hit = hits[i];
    if (!hit) return;
    close();
    input.value = hit.label;
    input.blur();
    pick(hit.key);
  };
  const render = () => {
    clear(list);
    hits.forEach((hit, i) => {
      const sw = h('span', { class: 'swatch' });
      sw.style.background = KIND_COLORS[hit.kind as NodeKind] ?? KIND_COLORS.note;
      const sub = hit.via === 'alias' ? `alias: ${hit.alias} · ${hit.path}` : hit.path;
      const li = h('li', { role: 'option', 'aria-selected': String(i === active), 'data-key': hit.key },
        h('span', { class: 'row' }, sw, hit.label), h('span', { class: 'sub' }, sub));
      li.addEventListener('mousedown', (ev) => { ev.preventDefault(); choose(i); });
      list.append(li);
    });
    if (!hits.length && input.value.trim()) list.append(h('li', { class: 'muted' }, 'no match'));
    list.hidden = !input.value.trim();
    input.setAttribute('aria-expanded', String(!list.hidden));
  };

  input.addEventListener('input', () => { hits = search(index, input.value); active = 0; render(); });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown') { active = Math.min(hits.length - 1, active + 1); render(); ev.preventDefault(); }
    else if (ev.key === 'ArrowUp') { active = Math.max(0, active - 1); render(); ev.preventDefault(); }
    else if (ev.key === 'Enter') { choose(active); ev.preventDefault(); }
    else if (ev.key === 'Escape') { close(); input.blur(); }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('focus', () => { if (input.value.trim()) { hits = search(index, input.value); render(); } });
  document.addEventListener('keydown', (ev) => {
    const t = ev.target as HTMLElement | null;
    if (ev.key === '/' && t?.tagName !== 'INPUT' && t?.tagName !== 'TEXTAREA') { ev.preventDefault(); input.focus(); input.select(); }
  });
}
