// Where node labels go so that none overlaps another and none is cut off at the canvas edge: the
// candidates sigma picked (its label grid plus forced labels), most important first, each tried to
// the right of its node, then left, above, below, and shortened with an ellipsis before it is
// dropped. Pure: text widths come from a `measure` function (the canvas's, with the label font).

export interface LabelCandidate {
  key: string;
  text: string;
  /** Node centre and radius, in viewport pixels. */
  x: number;
  y: number;
  size: number;
  /** Higher first: the selected note, its neighbours, forced labels, then by node size. */
  priority: number;
}

export interface PlacedLabel {
  key: string;
  /** What is drawn: the label, maybe shortened (the full title shows on hover). */
  text: string;
  /** The text's anchor: `align` says which side of the box it is; the text is vertically centred on y. */
  x: number;
  y: number;
  align: 'left' | 'right' | 'center';
  /** Set when the label sits away from its node: a thin line is drawn from the node (this point) to the label. */
  leader?: { x: number; y: number };
}

export interface Box { x0: number; y0: number; x1: number; y1: number }

/** Titles longer than this are ellipsised (the hover and the panel show them whole). */
export const MAX_LABEL_CHARS = 22;
/** Shortest form a label is cut to before it is dropped. */
const MIN_LABEL_CHARS = 8;
/** Labels at or above this priority (the selected note and its neighbours) are never dropped while a spot is free nearby. */
export const MUST_LABEL = 2.5;
/** Shortest form of a must-have label, and how far from its node (in line heights) it may go, on a leader line. */
const MUST_MIN_CHARS = 4;
const LEADER_RINGS = 12;
const GAP = 3;
const CELL = 64;

export function ellipsis(text: string, max = MAX_LABEL_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Boxes indexed in a uniform grid, so each test looks at its neighbourhood only. */
export class BoxGrid {
  private cells = new Map<number, Box[]>();
  private *cellsOf(b: Box): Generator<number> {
    for (let i = Math.floor(b.x0 / CELL); i <= Math.floor(b.x1 / CELL); i++) {
      for (let j = Math.floor(b.y0 / CELL); j <= Math.floor(b.y1 / CELL); j++) yield i * 100_003 + j;
    }
  }
  hits(b: Box): boolean {
    for (const c of this.cellsOf(b)) {
      for (const o of this.cells.get(c) ?? []) if (b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) return true;
    }
    return false;
  }
  add(b: Box): void {
    for (const c of this.cellsOf(b)) { const l = this.cells.get(c); if (l) l.push(b); else this.cells.set(c, [b]); }
  }
}

/** The box of a label drawn at `p`, `width` wide and `height` tall. */
export function labelBox(p: Pick<PlacedLabel, 'x' | 'y' | 'align'>, width: number, height: number): Box {
  const x0 = p.align === 'left' ? p.x : p.align === 'right' ? p.x - width : p.x - width / 2;
  return { x0, y0: p.y - height / 2, x1: x0 + width, y1: p.y + height / 2 };
}

/**
 * Place the candidates in priority order on a `width` × `height` canvas. `grid` may hold boxes
 * placed already (none is placed over them); the placed labels' boxes are added to it.
 */
export function placeLabels(cands: LabelCandidate[], measure: (text: string) => number, lineHeight: number,
  width: number, height: number, grid = new BoxGrid()): PlacedLabel[] {
  const out: PlacedLabel[] = [];
  const sorted = [...cands].sort((a, b) => b.priority - a.priority || b.size - a.size || (a.key < b.key ? -1 : 1));
  const inside = (b: Box) => b.x0 >= 1 && b.y0 >= 1 && b.x1 <= width - 1 && b.y1 <= height - 1;
  for (const c of sorted) {
    const d = c.size + GAP, up = c.size + GAP + lineHeight / 2, diag = c.size * 0.7 + GAP;
    // Beside the node first, then above and below, then on the diagonals (the top priorities
    // also a line further out): a label never leaves its node's corner.
    const spots: Array<Pick<PlacedLabel, 'x' | 'y' | 'align'>> = [
      { x: c.x + d, y: c.y, align: 'left' },
      { x: c.x - d, y: c.y, align: 'right' },
      { x: c.x, y: c.y - up, align: 'center' },
      { x: c.x, y: c.y + up, align: 'center' },
      { x: c.x + diag, y: c.y - diag - lineHeight / 2, align: 'left' },
      { x: c.x + diag, y: c.y + diag + lineHeight / 2, align: 'left' },
      { x: c.x - diag, y: c.y - diag - lineHeight / 2, align: 'right' },
      { x: c.x - diag, y: c.y + diag + lineHeight / 2, align: 'right' },
    ];
    if (c.priority >= 2) {
      // The selection and its neighbourhood should be labelled: two more rings, a line further out each.
      for (const k of [1, 2]) {
        const o = k * lineHeight;
        spots.push({ x: c.x, y: c.y - up - o, align: 'center' }, { x: c.x, y: c.y + up + o, align: 'center' },
          { x: c.x + d, y: c.y - o, align: 'left' }, { x: c.x + d, y: c.y + o, align: 'left' },
          { x: c.x - d, y: c.y - o, align: 'right' }, { x: c.x - d, y: c.y + o, align: 'right' });
      }
    }
    const texts = [ellipsis(c.text)];
    if ([...c.text].length > MIN_LABEL_CHARS) texts.push(ellipsis(c.text, MIN_LABEL_CHARS));
    let placed = false;
    for (const text of texts) {
      const w = measure(text);
      for (const s of spots) {
        const b = labelBox(s, w, lineHeight);
        if (!inside(b) || grid.hits(b)) continue;
        grid.add(b);
        out.push({ key: c.key, text, ...s });
        placed = true;
        break;
      }
      if (placed) break;
    }
    if (!placed && c.priority >= MUST_LABEL) {
      const l = leaderSpot(c, measure, lineHeight, (b) => inside(b) && !grid.hits(b));
      if (l) { grid.add(labelBox(l, measure(l.text), lineHeight)); out.push(l); }
    }
  }
  return out;
}

/**
 * A must-have label that found no spot at its node: further out on rings around it (a line height
 * apart, more directions on the outer ones), shortened down to MUST_MIN_CHARS, with a leader line back to the node.
 */
function leaderSpot(c: LabelCandidate, measure: (text: string) => number, lineHeight: number, free: (b: Box) => boolean): PlacedLabel | null {
  const texts = [...new Set([ellipsis(c.text), ellipsis(c.text, MIN_LABEL_CHARS), ellipsis(c.text, MUST_MIN_CHARS)])];
  for (let ring = 2; ring <= LEADER_RINGS; ring++) {
    const r = c.size + ring * lineHeight;
    for (const text of texts) {
      const w = measure(text);
      // Outer rings are longer: more directions on them.
      const n = Math.max(16, ring * 4);
      for (let k = 0; k < n; k++) {
        const a = (k * 2 * Math.PI) / n;
        const dx = Math.cos(a), dy = Math.sin(a);
        const align: PlacedLabel['align'] = dx > 0.3 ? 'left' : dx < -0.3 ? 'right' : 'center';
        const spot = { x: c.x + dx * r, y: c.y + dy * r, align };
        if (free(labelBox(spot, w, lineHeight))) return { key: c.key, text, ...spot, leader: { x: c.x + dx * c.size, y: c.y + dy * c.size } };
      }
    }
  }
  return null;
}
