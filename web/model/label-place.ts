// Where node labels go so that none overlaps another and none is cut off at the canvas edge: the
// candidates sigma picked (its label grid plus forced labels), most important first, each tried to
// the right of its node, then left, above, below, and shortened with an ellipsis before it is
// dropped. The labels that must show (the selection, its neighbours, a local graph's nodes) go
// further out in a crowd, on rings around the node, with a leader line back to it. Pure: text widths come from a `measure` function (the canvas's, with the label font).

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
  /** Set when the label sits away from its node: draw a thin line from here (the node's rim) to the label. */
  leader?: { x: number; y: number };
}

export interface Box { x0: number; y0: number; x1: number; y1: number }

/** Titles longer than this are ellipsised (the hover and the panel show them whole). */
export const MAX_LABEL_CHARS = 22;
/** Shortest form a label is cut to before it is dropped. */
const MIN_LABEL_CHARS = 8;
const GAP = 3;
const CELL = 64;
/** Far rings for the labels that must show: this many, a line apart, this many directions each. */
const FAR_RINGS = 8;
const FAR_DIRECTIONS = 16;

export function ellipsis(text: string, max = MAX_LABEL_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** Boxes indexed in a uniform grid, so each test looks at its neighbourhood only. */
export class BoxGrid {
  private cells = new Map<number, Box[]>();
  hits(b: Box): boolean {
    // Plain loops, no generator: the label pass runs this thousands of times a frame.
    const i1 = Math.floor(b.x1 / CELL), j0 = Math.floor(b.y0 / CELL), j1 = Math.floor(b.y1 / CELL);
    for (let i = Math.floor(b.x0 / CELL); i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const list = this.cells.get(i * 100_003 + j);
        if (!list) continue;
        for (const o of list) if (b.x0 < o.x1 && o.x0 < b.x1 && b.y0 < o.y1 && o.y0 < b.y1) return true;
      }
    }
    return false;
  }
  add(b: Box): void {
    const i1 = Math.floor(b.x1 / CELL), j0 = Math.floor(b.y0 / CELL), j1 = Math.floor(b.y1 / CELL);
    for (let i = Math.floor(b.x0 / CELL); i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const c = i * 100_003 + j, l = this.cells.get(c);
        if (l) l.push(b); else this.cells.set(c, [b]);
      }
    }
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
      // The selection and its neighbours must be labelled: two more rings, a line further out each.
      for (const k of [1, 2]) {
        const o = k * lineHeight;
        spots.push({ x: c.x, y: c.y - up - o, align: 'center' }, { x: c.x, y: c.y + up + o, align: 'center' },
          { x: c.x + d, y: c.y - o, align: 'left' }, { x: c.x + d, y: c.y + o, align: 'left' },
          { x: c.x - d, y: c.y - o, align: 'right' }, { x: c.x - d, y: c.y + o, align: 'right' });
      }
    }
    const texts = [ellipsis(c.text)];
    if ([...c.text].length > MIN_LABEL_CHARS) texts.push(ellipsis(c.text, MIN_LABEL_CHARS));
    const place = (spot: PlacedLabel, w: number): boolean => {
      const b = labelBox(spot, w, lineHeight);
      if (!inside(b) || grid.hits(b)) return false;
      grid.add(b);
      out.push(spot);
      return true;
    };
    let placed = false;
    for (const text of texts) {
      const w = measure(text);
      placed = spots.some((s) => place({ key: c.key, text, ...s }, w));
      if (placed) break;
    }
    if (!placed && c.priority >= 1) {
      const text = texts[texts.length - 1]!, w = measure(text);
      for (const s of farSpots(c, d, lineHeight)) if ((placed = place({ key: c.key, text, ...s }, w))) break;
    }
  }
  return out;
}

/**
 * Spots on rings around a node that must be labelled, nearest first: the label's near side
 * touches the ring, and a leader line runs from the node's rim towards it.
 */
function farSpots(c: LabelCandidate, d: number, lineHeight: number): Array<Pick<PlacedLabel, 'x' | 'y' | 'align' | 'leader'>> {
  const out: Array<Pick<PlacedLabel, 'x' | 'y' | 'align' | 'leader'>> = [];
  for (let k = 2; k <= FAR_RINGS + 1; k++) {
    const r = d + k * lineHeight;
    for (let i = 0; i < FAR_DIRECTIONS; i++) {
      const a = (2 * Math.PI * i) / FAR_DIRECTIONS, cos = Math.cos(a), sin = Math.sin(a);
      const align = cos > 0.3 ? 'left' : cos < -0.3 ? 'right' : 'center';
      const y = c.y + sin * r + (align === 'center' ? Math.sign(sin) * lineHeight / 2 : 0);
      out.push({ x: c.x + cos * r, y, align, leader: { x: c.x + cos * c.size, y: c.y + sin * c.size } });
    }
  }
  return out;
}

/** A relation word to write at the middle of an edge (viewport pixels). */
export interface WordCandidate { edge: string; text: string; x: number; y: number }

/** A relation word written, and its box. */
export interface PlacedWord { edge: string; text: string; box: Box }

/**
 * Relation words, in order, where they fit: inside the canvas, clear of every label placed in
 * `grid` and of every node disc in `discs` (node labels and nodes win); placed words join `grid`.
 */
export function placeWords(cands: WordCandidate[], measure: (text: string) => number, lineHeight: number,
  width: number, height: number, grid: BoxGrid, discs: BoxGrid): PlacedWord[] {
  const out: PlacedWord[] = [];
  for (const c of cands) {
    const box = labelBox({ x: c.x, y: c.y, align: 'center' }, measure(c.text) + 4, lineHeight);
    if (box.x0 < 1 || box.y0 < 1 || box.x1 > width - 1 || box.y1 > height - 1 || grid.hits(box) || discs.hits(box)) continue;
    grid.add(box);
    out.push({ edge: c.edge, text: c.text, box });
  }
  return out;
}
