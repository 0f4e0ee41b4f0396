// The embed's layout: the note in the middle, its neighbours on a circle around it, grouped by
// relation. Up to RADIAL_FLAT neighbours the labels are horizontal; beyond, each label runs along
// its radius so that 50 or 150 neighbours never overlap. Pure numbers, no DOM.

export const RADIAL_FLAT = 14;

export interface Slot {
  x: number;
  y: number;
  /** Where the label starts, its anchor and its rotation in degrees (0 for flat labels). */
  lx: number;
  ly: number;
  anchor: 'start' | 'middle' | 'end';
  rotate: number;
}

export interface Layout {
  width: number;
  height: number;
  cx: number;
  cy: number;
  radius: number;
  slots: Slot[];
  /** Flat labels (few neighbours) or labels along the radius. */
  flat: boolean;
  /** How long a label may be, in em (see labelUnits). */
  labelEm: number;
}

/** Room left for labels outside the circle, in px (at 11px text, about 12 CJK characters). */
const LABEL_ROOM = 150;

export function radialLayout(n: number): Layout {
  const flat = n <= RADIAL_FLAT;
  // Rotated labels need about 15px of arc each; flat ones a fixed, comfortable circle.
  const radius = flat ? 110 : Math.max(120, (n * 15) / (2 * Math.PI));
  const marginX = flat ? 160 : LABEL_ROOM;
  const marginY = flat ? 40 : LABEL_ROOM;
  const width = 2 * (radius + marginX);
  const height = 2 * (radius + marginY);
  const cx = width / 2;
  const cy = height / 2;
  const slots: Slot[] = [];
  for (let i = 0; i < n; i++) {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
    const cos = Math.cos(a);
    const sin = Math.sin(a);
    const x = cx + radius * cos;
    const y = cy + radius * sin;
    if (flat) {
      const anchor = cos > 0.25 ? 'start' : cos < -0.25 ? 'end' : 'middle';
      const lx = anchor === 'middle' ? x : x + (anchor === 'start' ? 10 : -10);
      const ly = anchor === 'middle' ? y + (sin < 0 ? -12 : 20) : y + 4;
      slots.push({ x, y, lx, ly, anchor, rotate: 0 });
    } else {
      const left = cos < 0;
      const deg = (a * 180) / Math.PI + (left ? 180 : 0);
      slots.push({ x, y, lx: cx + (radius + 10) * cos, ly: cy + (radius + 10) * sin, anchor: left ? 'end' : 'start', rotate: deg });
    }
  }
  return { width, height, cx, cy, radius, slots, flat, labelEm: flat ? 13 : 12 };
}

/** Width of a string in em at a CJK-friendly estimate: wide characters 1, others 0.55. */
export function labelUnits(s: string): number {
  let u = 0;
  for (const ch of s) u += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 1 : 0.55;
  return u;
}

/** `s` cut to at most `em` units, with an ellipsis when cut. */
export function truncate(s: string, em: number): string {
  if (labelUnits(s) <= em) return s;
  let out = '';
  let u = 0;
  for (const ch of s) {
    const w = labelUnits(ch);
    if (u + w > em - 0.6) break;
    out += ch;
    u += w;
  }
  return out + '…';
}
