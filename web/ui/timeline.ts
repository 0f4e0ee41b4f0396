// The timeline bar under the graph: a slider over the notes' dates (model/timeline.ts) that shows
// the vault as it grew, a play button, and the counts — shown / dated, and the undated notes,
// which stay visible. At the last day nothing is hidden.

import type { App } from './app.ts';
import { dayToIso, shownAt, upTo, type Timeline } from '../model/timeline.ts';
import { append, byId, clear, h } from './dom.ts';

export interface TimelineControl {
  /** Show the graph as of this day (clamped); the last day shows everything. */
  at(day: number): void;
  play(): void;
  pause(): void;
  readonly timeline: Timeline;
}

/** Steps a play takes from the first day to the last (one frame each, ~10 s on a fast machine). */
const PLAY_STEPS = 120;

export function initTimeline(app: App, t: Timeline): TimelineControl {
  const bar = byId('timeline');
  const slider = h('input', { type: 'range', id: 'timeline-slider', min: t.first, max: t.last, step: 1, value: t.last,
    'aria-label': `Show the notes up to this ${t.key}` });
  const playBtn = h('button', { class: 'mini', id: 'timeline-play', title: 'Play: the vault as it grew' }, '▶');
  const label = h('span', { id: 'timeline-label' });
  clear(bar);
  append(bar, [playBtn, slider, label]);
  bar.hidden = false;
  let day = t.last;
  let timer: ReturnType<typeof setTimeout> | null = null;

  let limited = false;
  /** Show day `d`; `remember`: write it into the URL (not at each step of a play: once when it stops). */
  function show(d: number, remember = true): void {
    day = Math.max(t.first, Math.min(t.last, Math.round(d)));
    slider.value = String(day);
    // The last day limits nothing: no refilter and no redraw when nothing was limited (the page's open).
    if (day < t.last || limited) app.setLimit(day >= t.last ? null : upTo(t, day));
    limited = day < t.last;
    if (remember) app.remember({ until: limited ? day : null });
    const n = shownAt(t, day);
    label.textContent = `${dayToIso(day)} · ${n.toLocaleString()}/${t.dated.toLocaleString()} notes by ${t.key}`
      + (t.undated ? ` · ${t.undated.toLocaleString()} without date, shown` : '');
    label.title = `Notes whose ${t.key} is on or before ${dayToIso(day)}; the ${t.undated} notes without a ${t.key} are always shown`;
  }
  const control: TimelineControl = {
    timeline: t,
    at: show,
    play() {
      if (timer) return;
      if (day >= t.last) show(t.first, false);
      playBtn.textContent = '❚❚';
      const step = Math.max(1, Math.ceil((t.last - t.first) / PLAY_STEPS));
      // One step after the previous one is drawn: a slow machine plays slower rather than piling up.
      const tick = () => {
        show(day + step, false);
        if (day >= t.last) { control.pause(); return; }
        timer = setTimeout(() => requestAnimationFrame(tick), 60);
      };
      timer = setTimeout(tick, 0);
    },
    pause() {
      if (timer) clearTimeout(timer);
      if (timer) app.remember({ until: limited ? day : null });
      timer = null;
      playBtn.textContent = '▶';
    },
  };
  slider.addEventListener('input', () => { control.pause(); show(Number(slider.value)); });
  playBtn.addEventListener('click', () => (timer ? control.pause() : control.play()));
  // The day the page opened on (the URL's `tl=`), else the last.
  show(app.state().until ?? t.last);
  return control;
}
