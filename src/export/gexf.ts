// GEXF 1.2 (Gephi), streamed: the bytes graphology-gexf's writer gives (test/export.test.ts holds them
// equal), written element by element. `kind`, `path`, `folder`… are node attributes and `relation`,
// `description`, `origin`… edge attributes (Gephi partitions and filters on them); the edge weight is
// `count`. Lists and objects are JSON text (GEXF values are scalars), and characters XML forbids
// become U+FFFD (see xml.ts), in keys too. A first pass infers each attribute's type as that writer
// does (the widest type any value needs), the second writes.
// Gephi draws what it reads: `viz:color` per node kind and per relation (the viewer's palette), and
// `viz:position` when positions are given (the export command passes the viewer's cached layout, so
// Gephi opens the graph as the viewer shows it instead of laying it out again).

import type { NodeKind } from '../core/types.ts';
import { KIND_COLORS, relationStyle } from '../viewer/palette.ts';
import { EDGE_COLUMNS, flatten, NODE_COLUMNS, type FlatRow, type Scalar } from './flat.ts';
import type { GraphSource, Write } from './source.ts';
import { xmlSafe } from './xml.ts';

export interface Point { x: number; y: number }

type GexfType = 'string' | 'double' | 'long' | 'integer' | 'boolean';
/** Lower wins: a column with one string value is a string column. */
const PRIORITY: Record<GexfType, number> = { string: 5, double: 6, long: 7, integer: 8, boolean: 9 };
type Model = Map<string, GexfType>;
type Attributes = Record<string, Scalar | undefined>;

export function writeGexf(src: GraphSource, write: Write, positions?: ReadonlyMap<string, Point>): void {
  const nodeModel: Model = new Map(), edgeModel: Model = new Map();
  src.pass({
    node: (_n, a) => infer(nodeModel, nodeData(a).attributes),
    edge: (_e, _s, _t, a) => infer(edgeModel, edgeData(a).attributes),
  });
  write('<?xml version="1.0" encoding="UTF-8"?>\n<gexf version="1.2" xmlns="http://www.gexf.net/1.2draft" xmlns:viz="http:///www.gexf.net/1.1draft/viz">\n  <meta/>\n  <graph defaultedgetype="directed">');
  writeModel(write, nodeModel, 'node');
  writeModel(write, edgeModel, 'edge');
  let list: 'none' | 'nodes' | 'edges' = 'none';
  const open = (to: 'nodes' | 'edges') => {
    if (list === 'nodes') write('\n    </nodes>');
    if (list === 'none' && to === 'edges') write('\n    <nodes/>');
    write(`\n    <${to}>`);
    list = to;
  };
  let nodes = 0, edges = 0;
  src.pass({
    node: (node, a) => {
      if (nodes++ === 0) open('nodes');
      const { label, attributes } = nodeData(a);
      const p = positions?.get(node);
      write(element('node', [['id', xmlSafe(node)], ['label', label]], nodeModel, attributes,
        { color: KIND_COLORS[a.kind as NodeKind] ?? KIND_COLORS.note, ...(p && { x: p.x, y: p.y }) }));
    },
    edge: (edge, s, t, a) => {
      if (edges++ === 0) open('edges');
      const { label, weight, attributes } = edgeData(a);
      write(element('edge', [['id', xmlSafe(edge)], ['source', xmlSafe(s)], ['target', xmlSafe(t)], ['weight', Number.isNaN(weight) ? undefined : weight], ['label', label]],
        edgeModel, attributes, { color: relationStyle(String(attributes.relation)).color }));
    },
  });
  if (nodes === 0) write('\n    <nodes/>');
  else if (edges === 0) write('\n    </nodes>');
  write(edges === 0 ? '\n    <edges/>' : '\n    </edges>');
  write('\n  </graph>\n</gexf>');
}

function nodeData(a: object): { label: string; attributes: Attributes } {
  const { label, ...attributes } = clean(flatten(a, NODE_COLUMNS));
  return { label: String(label), attributes };
}

function edgeData(a: object): { label: string; weight: number; attributes: Attributes } {
  const { label, count, ...rest } = clean(flatten(a, EDGE_COLUMNS));
  return { label: String(label), weight: Number(count), attributes: { count, ...rest } };
}

function clean(row: FlatRow): FlatRow {
  const out: FlatRow = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' ? xmlSafe(v) : v;
  return out;
}

const isEmpty = (v: Scalar | undefined): v is undefined => v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));

function typeOf(v: Scalar): GexfType {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return v === (v | 0) ? (Math.abs(v) <= 0x7fffffff ? 'integer' : 'long') : 'double';
  return 'string';
}

function infer(model: Model, attributes: Attributes): void {
  for (const [k, v] of Object.entries(attributes)) {
    if (isEmpty(v)) continue;
    const type = typeOf(v), now = model.get(k);
    if (now === undefined || PRIORITY[type] < PRIORITY[now]) model.set(k, type);
  }
}

function writeModel(write: Write, model: Model, of: 'node' | 'edge'): void {
  if (model.size === 0) return;
  let text = `\n    <attributes class="${of}">`;
  for (const [name, type] of model) text += `\n      <attribute${attrs([['id', name], ['title', name], ['type', type]])}/>`;
  write(text + '\n    </attributes>');
}

/** One `<node>` or `<edge>` at depth 4, with its attvalues and viz children. */
function element(tag: string, head: Array<[string, string | number | undefined]>, model: Model, attributes: Attributes, viz: { color: string; x?: number; y?: number }): string {
  let text = `\n      <${tag}${attrs(head)}>`;
  if (model.size > 0) {
    let values = '';
    for (const [name] of model) {
      const v = attributes[name];
      if (!isEmpty(v)) values += `\n          <attvalue${attrs([['for', name], ['value', String(v)]])}/>`;
    }
    text += values ? `\n        <attvalues>${values}\n        </attvalues>` : '\n        <attvalues/>';
  }
  const rgb = hexColor(viz.color);
  text += `\n        <viz:color${attrs(Object.entries(rgb))}/>`;
  if (viz.x !== undefined || viz.y !== undefined) text += `\n        <viz:position${attrs([['x', viz.x], ['y', viz.y]])}/>`;
  return text + `\n      </${tag}>`;
}

/** ` name="value"` pairs, escaped as xml-writer escapes them; an empty string or undefined is left out, as there. */
function attrs(pairs: Array<[string, string | number | undefined]>): string {
  let text = '';
  for (const [name, v] of pairs) {
    if (v === undefined || v === '') continue;
    text += ` ${name}="${String(v).replace(ATTR_SPECIAL, (c) => ATTR_ENTITY[c]!)}"`;
  }
  return text;
}

const ATTR_SPECIAL = /[&<"\t\n\r]/g;
const ATTR_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };

/** `#rgb` / `#rrggbb` → r, g, b (the palette's colours are hex). */
function hexColor(color: string): Record<string, number> {
  const h = color.startsWith('#') ? color.slice(1) : '';
  const full = h.length === 3 ? h.replace(/./g, (c) => c + c) : h;
  if (full.length < 6) return {};
  return { r: parseInt(full.slice(0, 2), 16), g: parseInt(full.slice(2, 4), 16), b: parseInt(full.slice(4, 6), 16) };
}
