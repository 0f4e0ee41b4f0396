// The sidebar's Display and Forces sections (Obsidian's graph view sliders: arrows, text fade, node
// size, link thickness; center, repel, link force, link distance) and the local graph's topic walk
// switch with its note. Built once from a table; reads and writes the view state.

import { byId, clear, h } from './dom.ts';
import type { Visibility } from '../model/filters.ts';
import type { ViewState } from '../model/state.ts';

type Display = ViewState['display'];
type Forces = ViewState['forces'];
interface Slider<K> { key: K; label: string; min: number; max: number; step: number; title: string }

const DISPLAY: Array<Slider<'fade' | 'nodeScale' | 'lineScale'>> = [
  { key: 'fade', label: 'text fade', min: -3, max: 3, step: 0.5, title: 'Labels show from smaller nodes (right) or only on big ones (left)' },
  { key: 'nodeScale', label: 'node size', min: 0.2, max: 3, step: 0.1, title: 'Node size factor' },
  { key: 'lineScale', label: 'link thickness', min: 0.2, max: 3, step: 0.1, title: 'Link thickness factor' },
];
const FORCES: Array<Slider<keyof Forces>> = [
  { key: 'center', label: 'center', min: 0, max: 1, step: 0.05, title: 'Pull towards the middle (local graph)' },
  { key: 'repel', label: 'repel', min: 0, max: 20, step: 0.5, title: 'How hard nodes push apart (local graph)' },
  { key: 'link', label: 'link force', min: 0, max: 1, step: 0.05, title: 'How hard links pull (local graph)' },
  { key: 'distance', label: 'link distance', min: 30, max: 500, step: 10, title: 'How far apart linked nodes sit (local graph)' },
];

export function initDisplay(get: () => ViewState, set: (p: Partial<ViewState>) => void): { update(vis: Visibility): void } {
  const arrows = h('input', { type: 'checkbox', id: 'display-arrows' });
  arrows.addEventListener('change', () => set({ display: { ...get().display, arrows: arrows.checked } }));
  const inputs = new Map<string, HTMLInputElement>();
  const row = <K extends string>(s: Slider<K>, onInput: (v: number) => void) => {
    const input = h('input', { type: 'range', min: s.min, max: s.max, step: s.step, id: `slider-${s.key}`, 'aria-label': s.label });
    input.addEventListener('change', () => onInput(Number(input.value)));
    inputs.set(s.key, input);
    return h('label', { class: 'row slider', title: s.title }, h('span', { class: 'name' }, s.label), input);
  };
  const display = byId('display');
  display.append(h('label', { class: 'row', title: 'Arrow heads on plain links and topic links (typed relations always show their direction)' }, arrows, 'arrows'),
    ...DISPLAY.map((s) => row(s, (v) => set({ display: { ...get().display, [s.key]: v } as Display }))));
  byId('forces').append(...FORCES.map((s) => row(s, (v) => set({ forces: { ...get().forces, [s.key]: v } }))));
  const walk = byId<HTMLInputElement>('walk-topics');
  walk.addEventListener('change', () => set({ walkTopics: walk.checked }));
  return {
    update(vis) {
      const s = get();
      arrows.checked = s.display.arrows;
      for (const d of DISPLAY) inputs.get(d.key)!.value = String(s.display[d.key]);
      for (const f of FORCES) inputs.get(f.key)!.value = String(s.forces[f.key]);
      walk.checked = s.walkTopics;
      const note = byId('local-note');
      clear(note);
      if (vis.topicsLeftOut !== undefined) {
        note.append(`Topics are not walked through: through them this depth reaches ${vis.topicsLeftOut.toLocaleString()} nodes. Tick the box to walk them.`);
      }
      note.hidden = vis.topicsLeftOut === undefined;
    },
  };
}
