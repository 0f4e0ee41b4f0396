// Where node labels go so that none overlaps another, none sits on another node's disc and none is
// cut off at the canvas edge. The candidates sigma picked (its label grid plus forced labels) are
// placed most important first. The labels that must show (the selection, its neighbours, a local
// graph's nodes) are first all placed short, beside their node or further out on rings with a
// leader line back to it, and then grown to their full title where there is room; the others are
// placed after them, where they fit. Pure: text widths come from a `measure` function (the
// canvas's, with the label font).

export interface LabelCandidate {
  key: string;
  text: string;
  /** Node centre and radius, in viewport pixels. */
  x: number;
  y: number;
  size: number;
  /** Higher first: the selected note, its neighbours, forced labels (≥ 1: must show), then by node size. */
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
/** The middle form of a long label. */
const MID_LABEL_CHARS = 8;
/** The shortest form: as many characters as fit this many pixels (about 5 CJK or 10 Latin ones), at least 3. */
export const SHORT_LABEL_PX = 64;
const GAP = 3;
const CELL = 64;
/** Far rings for the labels that must show: this many, a line apart, this many directions each. */
const FAR_RINGS = 10;
const FAR_DIRECTIONS = 16;
/** The far rings a label that must show tries before it covers a dimmed dot beside its node. */
const CLOSE_RINGS = 3;

export function ellipsis(text: string, max = MAX_LABEL_CHARS): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/** The longest ellipsised prefix of `text` at most `px` wide (never under 3 characters). */
export function shortLabel(text: string, measure: (t: string) => number, px = SHORT_LABEL_PX): string {
  if (text.length <= 3 || measure(text) <= px) return ellipsis(text, Math.max(3, [...text].length));
  const chars = [...text];
  let best = ellipsis(text, 3);
  for (let k = 4; k < chars.length; k++) {
    const t = `${chars.slice(0, k - 1).join('').trimEnd()}…`;
    if (measure(t) > px) break;
    best = t;
  }
  return best;
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
  add(b: Box): void { this.each(b, (c) => { const l = this.cells.get(c); if (l) l.push(b); else this.cells.set(c, [b]); }); }
  /** Take out a box added before (the very object). */
  remove(b: Box): void {
    this.each(b, (c) => { const l = this.cells.get(c); const i = l ? l.indexOf(b) : -1; if (i >= 0) l!.splice(i, 1); });
  }
  private each(b: Box, f: (cell: number) => void): void {
    const i1 = Math.floor(b.x1 / CELL), j0 = Math.floor(b.y0 / CELL), j1 = Math.floor(b.y1 / CELL);
    for (let i = Math.floor(b.x0 / CELL); i <= i1; i++) for (let j = j0; j <= j1; j++) f(i * 100_003 + j);
  }
}

/**
 * A node's disc in viewport pixels. `cover`, for a node drawn without a label: labels keep off it
 * too, but a label that must show may cover it when it has no other place, a dimmed node's
 * (DIMMED: background while a note is highlighted) before an unlabelled dot's (UNLABELLED).
 */
export interface Disc { key: string; x: number; y: number; r: number; cover?: Cover }

/** How readily a label that must show may cover a disc: never (a labelled node), then these, in order. */
export const DIMMED = 1, UNLABELLED = 2;
type Cover = typeof DIMMED | typeof UNLABELLED;

/** Node discs in a uniform grid: does a box touch any disc but one node's own? */
export class DiscGrid {
  private cells = new Map<number, Disc[]>();
  add(d: Disc): void {
    const i1 = Math.floor((d.x + d.r) / CELL), j0 = Math.floor((d.y - d.r) / CELL), j1 = Math.floor((d.y + d.r) / CELL);
    for (let i = Math.floor((d.x - d.r) / CELL); i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const c = i * 100_003 + j, l = this.cells.get(c);
        if (l) l.push(d); else this.cells.set(c, [d]);
      }
    }
  }
  /** Does `b` touch a disc other than `except`'s, discs with `cover` up to `allow` aside? */
  hits(b: Box, except?: string, allow = 0): boolean {
    const i1 = Math.floor(b.x1 / CELL), j0 = Math.floor(b.y0 / CELL), j1 = Math.floor(b.y1 / CELL);
    for (let i = Math.floor(b.x0 / CELL); i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const list = this.cells.get(i * 100_003 + j);
        if (!list) continue;
        for (const d of list) {
          if (d.key === except || (d.cover !== undefined && d.cover <= allow)) continue;
          const dx = d.x - Math.max(b.x0, Math.min(d.x, b.x1)), dy = d.y - Math.max(b.y0, Math.min(d.y, b.y1));
          if (dx * dx + dy * dy < d.r * d.r) return true;
        }
      }
    }
    return false;
  }
}

/** The box of a label drawn at `p`, `width` wide and `height` tall. */
export function labelBox(p: Pick<PlacedLabel, 'x' | 'y' | 'align'>, width: number, height: number): Box {
  const x0 = p.align === 'left' ? p.x : p.align === 'right' ? p.x - width : p.x - width / 2;
  return { x0, y0: p.y - height / 2, x1: x0 + width, y1: p.y + height / 2 };
}

type Spot = Pick<PlacedLabel, 'x' | 'y' | 'align' | 'leader'>;

/**
 * Place the candidates on a `width` × `height` canvas. `grid` may hold boxes placed already (none
 * is placed over them); the placed labels' boxes are added to it. No label touches a disc in
 * `discs` other than its own node's, except that a label with no place left clear of every disc
 * may cover unlabelled ones (`cover`; one that must show, dimmed ones first) rather than be left out.
 */
export function placeLabels(cands: LabelCandidate[], measure: (text: string) => number, lineHeight: number,
  width: number, height: number, grid = new BoxGrid(), discs = new DiscGrid()): PlacedLabel[] {
  const sorted = [...cands].sort((a, b) => b.priority - a.priority || b.size - a.size || (a.key < b.key ? -1 : 1));
  const placed = new Map<string, { label: PlacedLabel; box: Box }>();
  /** The first of `spots` where `text` fits, taken. */
  const take = (c: LabelCandidate, spots: Spot[], text: string, allow = 0): boolean => {
    const w = measure(text);
    for (const s of spots) {
      const box = labelBox(s, w, lineHeight);
      if (box.x0 < 1 || box.y0 < 1 || box.x1 > width - 1 || box.y1 > height - 1 || grid.hits(box) || discs.hits(box, c.key, allow)) continue;
      grid.add(box);
      placed.set(c.key, { label: { key: c.key, text, ...s }, box });
      return true;
    }
    return false;
  };
  const must = sorted.filter((c) => c.priority >= 1), rest = sorted.filter((c) => c.priority < 1);
  // 1. Every label that must show, short: a crowd gets all its labels before any is long. Priority
  // by priority, first each to the right of its node where that is free (so that none takes the
  // place its neighbour needs), then the rest nearest first.
  const short = new Map(must.map((c) => [c.key, shortLabel(c.text, measure)]));
  for (let i = 0; i < must.length;) {
    let j = i;
    while (j < must.length && must[j]!.priority === must[i]!.priority) j++;
    const level = must.slice(i, j);
    for (const c of level) take(c, nearSpots(c, lineHeight).slice(0, 1), short.get(c.key)!);
    for (const c of level) {
      if (placed.has(c.key)) continue;
      const text = short.get(c.key)!, near = nearSpots(c, lineHeight), far = farSpots(c, lineHeight);
      // Clear of every disc if it can be, near its node; else over dimmed dots beside it rather
      // than at the end of a long leader line; else over unlabelled dots rather than not at all.
      const close = far.slice(0, CLOSE_RINGS * FAR_DIRECTIONS);
      if (!take(c, near, text) && !take(c, close, text) && !take(c, near, text, DIMMED) && !take(c, far, text, DIMMED)) {
        if (!take(c, near, text, UNLABELLED)) take(c, far, text, UNLABELLED);
      }
    }
    i = j;
  }
  // 2. Each grows to its full title (or the middle form) beside its node, where there is room.
  for (const c of must) {
    const p = placed.get(c.key);
    if (!p) continue;
    const longer = forms(c.text).filter((t) => t.length > p.label.text.length);
    if (!longer.length) continue;
    grid.remove(p.box);
    const near = nearSpots(c, lineHeight);
    if (!longer.some((t) => take(c, near, t))) grid.add(p.box);
  }
  // 3. The others where they fit beside their node, full or shortened (to 8 characters, then to the
  // short form), clear of every dot; then, for those left out, over dots drawn without a label
  // (never over a labelled node): in the whole vault's dense middle no spot is clear of dots, and
  // without this its topic hubs, the labels that say most at open, would have none.
  const formsOf = (c: LabelCandidate) => {
    // Down to the shortest form: among dense dots a short label finds a gap a long one does not.
    const short = shortLabel(c.text, measure);
    const all = forms(c.text);
    if (short.length < all[all.length - 1]!.length) all.push(short);
    return all;
  };
  for (const c of rest) formsOf(c).some((t) => take(c, nearSpots(c, lineHeight), t));
  for (const c of rest) if (!placed.has(c.key)) formsOf(c).some((t) => take(c, nearSpots(c, lineHeight), t, UNLABELLED));
  return [...placed.values()].map((p) => p.label);
}

/** A label's forms, longest first: the title up to 22 characters, then 8. */
function forms(text: string): string[] {
  const full = ellipsis(text);
  return [...text].length > MID_LABEL_CHARS ? [full, ellipsis(text, MID_LABEL_CHARS)] : [full];
}

/**
 * Beside the node first, then above and below, then on the diagonals (the top priorities also a
 * line or two further out): a label never leaves its node's corner.
 */
function nearSpots(c: LabelCandidate, lineHeight: number): Spot[] {
  const d = c.size + GAP, up = c.size + GAP + lineHeight / 2, diag = c.size * 0.7 + GAP;
  const spots: Spot[] = [
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
    for (const k of [1, 2]) {
      const o = k * lineHeight;
      spots.push({ x: c.x, y: c.y - up - o, align: 'center' }, { x: c.x, y: c.y + up + o, align: 'center' },
        { x: c.x + d, y: c.y - o, align: 'left' }, { x: c.x + d, y: c.y + o, align: 'left' },
        { x: c.x - d, y: c.y - o, align: 'right' }, { x: c.x - d, y: c.y + o, align: 'right' });
    }
  }
  return spots;
}

/**
 * Spots on rings around a node that must be labelled, nearest first: the label's near side
 * touches the ring, and a leader line runs from the node's rim towards it.
 */
function farSpots(c: LabelCandidate, lineHeight: number): Spot[] {
  const out: Spot[] = [];
  const d = c.size + GAP;
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
  width: number, height: number, grid: BoxGrid, discs: DiscGrid): PlacedWord[] {
  const out: PlacedWord[] = [];
  for (const c of cands) {
    const box = labelBox({ x: c.x, y: c.y, align: 'center' }, measure(c.text) + 4, lineHeight);
    if (box.x0 < 1 || box.y0 < 1 || box.x1 > width - 1 || box.y1 > height - 1 || grid.hits(box) || discs.hits(box)) continue;
    grid.add(box);
    out.push({ edge: c.edge, text: c.text, box });
  }
  return out;
}
