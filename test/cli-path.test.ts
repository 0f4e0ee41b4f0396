// `vaultgraph path [vault] A B` called as a function, on the relations fixture (typed 相关文档 items).

import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { captureIo, fixture } from './helpers.ts';

const VAULT = fixture('relations');
const run = async (...argv: string[]) => {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
};

describe('vaultgraph path', () => {
  it('--json prints from, to, via and every shortest path with relation and 说明', async () => {
    const r = await run('path', VAULT, '起点', 'notes/终点.md', '--json', '-q');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      from: 'notes/起点', to: 'notes/终点', via: [],
      paths: [
        { nodes: ['notes/起点', 'notes/中转', 'notes/终点'], edges: [
          { source: 'notes/起点', target: 'notes/中转', relation: 'cites', description: '起点引用了中转的数据。' },
          { source: 'notes/中转', target: 'notes/终点', relation: 'explains', description: '中转解说了终点的结论。' }] },
        { nodes: ['notes/起点', 'notes/旁路', 'notes/终点'], edges: [
          { source: 'notes/旁路', target: 'notes/起点', relation: 'contradicts', description: '旁路反对起点的看法。' },
          { source: 'notes/旁路', target: 'notes/终点', relation: 'further-reading', description: '旁路延伸了终点。' }] },
      ],
    });
  });

  it('text lists the steps readably, the direction of each link shown', async () => {
    const r = await run('path', VAULT, 'notes/起点', 'notes/终点', '-q');
    expect(r.out).toContain('2 shortest paths from 起点 to 终点, 2 steps each (over typed relations):');
    expect(r.out).toContain('起点 ─[引用 cites]→ 中转\n      起点引用了中转的数据。');
    expect(r.out).toContain('起点 ←[观点相悖 contradicts]─ 旁路');
  });

  it('--directed, --max and --via narrow or widen the walk', async () => {
    const nodes = async (...more: string[]) => JSON.parse((await run('path', VAULT, '起点', '终点', '--json', '-q', ...more)).out).paths.map((p: { nodes: string[] }) => p.nodes.join(' '));
    expect(await nodes('--directed')).toEqual(['notes/起点 notes/中转 notes/终点']);
    expect(await nodes('--max', '1')).toHaveLength(1);
    const viaTopic = JSON.parse((await run('path', VAULT, '孤岛', '终点', '--json', '-q', '--via', 'topic')).out);
    expect(viaTopic.via).toEqual(['topic']);
    expect(viaTopic.paths[0].nodes).toEqual(['notes/孤岛', '00-元语/AI', 'notes/终点']);
  });

  it('no path: exit 1 and one line saying so', async () => {
    const r = await run('path', VAULT, '孤岛', '终点', '-q');
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toEqual(['vaultgraph: no path from notes/孤岛 to notes/终点 over typed relations (try --via with more relations)']);
  });

  it('works without a vault (the bundled sample) and refuses bad input with exit 2', async () => {
    expect((await run('path', '-q')).code).toBe(2);
    expect((await run('path', '起点', '-q')).err).toMatch(/^vaultgraph: path needs A and B/);
    expect((await run('path', VAULT, 'nope', '终点', '-q')).err).toMatch(/^vaultgraph: A: no node "nope"/);
    expect((await run('path', VAULT, '起点', '终点', '--via', 'bogus', '-q')).err).toMatch(/--via: no "bogus" relation in this vault/);
    expect((await run('path', VAULT, '起点', '终点', '--max', '0', '-q')).code).toBe(2);
    expect((await run('path', VAULT, 'a', 'b', 'c', 'd')).code).toBe(2);
    const sample = await run('path', '01-博客/Anthropic/Claude的新宪法', '01-博客/Anthropic/Claude的新宪法', '-q');
    expect(sample.err).toContain('A and B are the same note');
  });
});
