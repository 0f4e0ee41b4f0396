// The layers, as rules on the import graph of src/ and web/: no import circles; the core (src/core/)
// reads no disk and imports no other layer; nothing in src/ imports the page (web/); the page's pure
// model (web/model/) imports no DOM wiring (web/ui/). Type-only imports count: a circle of types is
// still two modules that cannot be understood apart.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function files(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []);
}

/** Module → the modules and packages it imports (relative specifiers resolved to repo paths). */
function importGraph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of [...files('src'), ...files('web')]) {
    const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      deps.push(spec.startsWith('.') ? path.normalize(path.join(path.dirname(f), spec)) : spec);
    }
    g.set(f, deps);
  }
  return g;
}

/** Strongly connected components with more than one module (Tarjan). */
function circles(g: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++; stack.push(v); on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do { w = stack.pop()!; on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return out;
}

const graph = importGraph();
const importsOf = (prefix: string) => [...graph].filter(([f]) => f.startsWith(prefix)).flatMap(([f, deps]) => deps.map((d) => `${f} → ${d}`));

describe('the import graph', () => {
  it('has no circles', () => {
    expect(circles(graph)).toEqual([]);
  });

  it('the core imports no other layer and no file system', () => {
    const bad = importsOf('src/core/').filter((e) => {
      const d = e.split(' → ')[1]!;
      return d.startsWith('node:fs') || d.startsWith('node:worker_threads') || d.startsWith('node:http') || (d.startsWith('src/') && !d.startsWith('src/core/')) || d.startsWith('web/');
    });
    expect(bad).toEqual([]);
  });

  it('queries over a graph read no disk and import no Node-side layer', () => {
    const bad = importsOf('src/query/').filter((e) => {
      const d = e.split(' → ')[1]!;
      return d.startsWith('node:') || ['src/build/', 'src/live/', 'src/viewer/', 'src/cli/', 'web/'].some((p) => d.startsWith(p));
    });
    expect(bad).toEqual([]);
  });

  it('nothing in src/ imports the page (web/)', () => {
    expect(importsOf('src/').filter((e) => e.split(' → ')[1]!.startsWith('web/'))).toEqual([]);
  });

  it("the page's model imports no DOM wiring, and the viewer's codec only the core and queries", () => {
    expect(importsOf('web/model/').filter((e) => e.split(' → ')[1]!.startsWith('web/ui/'))).toEqual([]);
    const codec = ['src/viewer/compact.ts', 'src/viewer/columns.ts', 'src/viewer/payload.ts', 'src/viewer/query.ts', 'src/viewer/dates.ts', 'src/viewer/diff-payload.ts'];
    // The codec runs in the page too: the pure core and queries only, no Node-side module.
    const bad = codec.flatMap((f) => (graph.get(f) ?? []).filter((d) => !d.startsWith('src/core/') && !d.startsWith('src/query/') && !codec.includes(d)).map((d) => `${f} → ${d}`));
    expect(bad).toEqual([]);
  });
});
