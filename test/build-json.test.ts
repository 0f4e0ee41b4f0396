// The JSON build path (workers, frozen drafts, streamed output) must write exactly the bytes of
// JSON.stringify(graph.export()) from the in-memory path — inline and on worker threads.

import { describe, expect, it } from 'vitest';
import { BUNDLED_VAULT } from '../src/cli.ts';
import { buildVaultGraph, buildVaultJson } from '../src/index.ts';
import { fixture } from './helpers.ts';

describe('buildVaultJson', () => {
  for (const [name, root] of [['mini fixture', fixture('mini')], ['sample vault', BUNDLED_VAULT]] as const) {
    for (const threads of [0, 2]) {
      it(`writes the same JSON as graph.export() for the ${name} (${threads ? `${threads} workers` : 'inline'})`, async () => {
        const expected = await buildVaultGraph(root);
        const chunks: string[] = [];
        const b = await buildVaultJson(root, (c) => chunks.push(c), {}, { threads });
        expect(chunks.join('')).toBe(JSON.stringify(expected.graph.export()) + '\n');
        expect(b.broken).toEqual(expected.broken);
        expect(b.counts).toEqual(expected.counts);
        expect(b.diagnostics).toEqual(expected.diagnostics);
        expect([b.nodes, b.edges]).toEqual([expected.graph.order, expected.graph.size]);
      });
    }
  }
});
