// Obsidian's graph view display and force settings, as the page holds them: their shape and
// defaults (Obsidian's own). The view state carries them (state.ts), the reducers read the display
// (view.ts), the local graph's layout the forces (local.ts).

export interface DisplaySettings { arrows: boolean; nodeScale: number; lineScale: number }
export const DEFAULT_DISPLAY: DisplaySettings = { arrows: true, nodeScale: 1, lineScale: 1 };

export interface Forces { center: number; repel: number; link: number; distance: number }
export const DEFAULT_FORCES: Forces = { center: 0.5, repel: 10, link: 1, distance: 250 };
