// D3 / force-graph / Foam shape: `{nodes: [{id, ...attributes}], links: [{source, target, ...}]}`.
// Every attribute is kept; `key` on a link is the graph's edge key. Written item by item, in the
// bytes JSON.stringify gives the whole object (indented by 2 with `pretty`).

import type { GraphSource, Write } from './source.ts';

export function writeD3(src: GraphSource, write: Write, opts: { pretty?: boolean } = {}): void {
  const pretty = opts.pretty === true;
  write(pretty ? '{\n  "directed": true,\n  "multigraph": true,\n  "nodes": [' : '{"directed":true,"multigraph":true,"nodes":[');
  const nodes = jsonList(write, pretty);
  let links: ReturnType<typeof jsonList> | undefined;
  src.pass({
    node: (id, a) => nodes.item({ id, ...a }),
    edge: (key, source, target, a) => {
      if (!links) { nodes.end(); write(pretty ? ',\n  "links": [' : ',"links":['); links = jsonList(write, pretty); }
      links.item({ source, target, key, ...a });
    },
  });
  if (!links) { nodes.end(); write(pretty ? ',\n  "links": [' : ',"links":['); links = jsonList(write, pretty); }
  links.end();
  write(pretty ? '\n}\n' : '}\n');
}

/** The items of a list two levels deep, as JSON.stringify(…, null, 2) indents them (or not). */
function jsonList(write: Write, pretty: boolean): { item: (v: object) => void; end: () => void } {
  let first = true;
  return {
    item: (v) => {
      const text = pretty ? '\n    ' + JSON.stringify(v, null, 2).replace(/\n/g, '\n    ') : JSON.stringify(v);
      write(first ? text : ',' + text);
      first = false;
    },
    end: () => { if (pretty && !first) write('\n  '); write(']'); },
  };
}
