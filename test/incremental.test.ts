// Watch mode's model (src/incremental.ts): after any change, the live graph exports byte for byte
// what a full build of the vault on disk exports, and its delta turns the old graph into the new.
// Named cases first, then random edit sequences (fast-check) over a small vault in a temp dir.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyDelta, type GraphDelta } from '../src/live/delta.ts';
import { toGraph, type VaultGraph } from '../src/core/graph.ts';
import { createLiveVault, type LiveVault, type VaultChange } from '../src/live/incremental.ts';
import { buildVaultGraph } from '../src/index.ts';

const BASE: Record<string, string> = {
  '00-元语/AI.md': '# AI\n#topic\n',
  '00-元语/Agents.md': '---\ntitle: Agents\n---\n[[AI]]\n',
  'notes/A.md': '---\ntags: [Alpha]\n---\n# A\n[[B]] and [[Missing]] #Beta\n## 相关文档\n- [[C]]；关联理由：引用；说明：because.\n## 关联主题\n- [[AI]]\n',
  'notes/B.md': 'links [[A]], [[x/Dup]], [[Dup]] ![[img.png]] [[gone]]\n',
  'notes/C.md': '[[missing]] [[MISSING]] #beta up:: [[A]]\n',
  'x/Dup.md': 'x dup [[y/Dup]]\n',
  'y/Dup.md': 'y dup #Alpha\n',
  'z/deep/Dup.md': 'deep [[Dup]]\n',
  'att/img.png': 'png',
  'att/doc.pdf': 'pdf',
};

let dir: string;
let live: LiveVault;
let mirror: VaultGraph;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-live-'));
  for (const [p, text] of Object.entries(BASE)) write(p, text);
  const b = await buildVaultGraph(dir);
  live = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
  mirror = b.graph.copy();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(p: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
  fs.writeFileSync(path.join(dir, p), text);
}

/** Do the changes on disk and in the live vault; return the delta. */
function change(...changes: VaultChange[]): GraphDelta {
  for (const c of changes) {
    if (c.type === 'delete') fs.rmSync(path.join(dir, c.path));
    else write(c.path, c.text ?? '');
  }
  return live.apply(changes);
}
const upsert = (p: string, text = ''): VaultChange => ({ type: 'upsert', path: p, text });
const del = (p: string): VaultChange => ({ type: 'delete', path: p });

/** The invariant: live export = full build, byte for byte; the delta replays onto the old graph. */
async function expectInSync(delta?: GraphDelta): Promise<void> {
  const full = await buildVaultGraph(dir);
  expect(JSON.stringify(live.export())).toBe(JSON.stringify(full.graph.export()));
  if (delta) {
    applyDelta(mirror, delta);
    expect(sorted(mirror)).toEqual(sorted(full.graph));
  }
}
const sorted = (g: VaultGraph) => ({
  nodes: g.mapNodes((k, a) => JSON.stringify([k, a])).sort(),
  edges: g.mapEdges((k, a, s, t) => JSON.stringify([k, s, t, a])).sort(),
});
const edgeKeys = (d: GraphDelta) => ({ added: d.addedEdges.map((e) => e.key).sort(), dropped: d.droppedEdges.map((e) => e.key).sort() });

describe('live vault: named changes', () => {
  it('starts equal to a full build', async () => {
    await expectInSync();
    expect(JSON.stringify(toGraph(live.export()).export())).toBe(JSON.stringify(live.export()));
  });

  it('edit: a new link and a dropped one, patched without a re-merge', async () => {
    const d = change(upsert('notes/C.md', '[[missing]] up:: [[A]] [[B]]\n'));
    expect(d.remerged).toBe(false);
    expect(edgeKeys(d)).toEqual({ added: ['link:notes/C->notes/B'], dropped: ['tag:notes/C->#beta'] });
    // [[missing]] and [[MISSING]] were one edge (count 2) to the node notes/A spelt "Missing".
    expect(d.changedEdges.map((e) => [e.key, e.attributes.count])).toContainEqual(['link:notes/C->Missing', 1]);
    expect(d.changedNodes.map((n) => n.key).sort()).toContain('notes/B'); // its inDegree
    await expectInSync(d);
  });

  it('add: a new note turns an unresolved link into a resolved one', async () => {
    const d = change(upsert('other/Gone.md', 'now here\n'));
    expect(d.addedNodes.map((n) => n.key)).toEqual(['other/Gone']);
    expect(d.droppedNodes).toEqual(['gone']);
    expect(edgeKeys(d)).toEqual({ added: ['link:notes/B->other/Gone'], dropped: ['link:notes/B->gone'] });
    await expectInSync(d);
  });

  it('delete: links to the note become unresolved', async () => {
    const d = change(del('notes/B.md'));
    expect(d.droppedNodes).toContain('notes/B');
    expect(d.addedNodes.map((n) => [n.key, n.attributes.kind])).toContainEqual(['B', 'unresolved']);
    expect(d.addedEdges.map((e) => e.key)).toContain('link:notes/A->B');
    await expectInSync(d);
  });

  it('rename: a delete and an upsert in one batch moves the node and its links', async () => {
    const text = fs.readFileSync(path.join(dir, 'notes/A.md'), 'utf8');
    fs.rmSync(path.join(dir, 'notes/A.md'));
    write('notes/Alpha.md', text);
    const d = live.apply([del('notes/A.md'), upsert('notes/Alpha.md', text)]);
    expect(d.droppedNodes).toContain('notes/A');
    expect(d.addedNodes.map((n) => n.key)).toContain('notes/Alpha');
    expect(d.addedNodes.map((n) => n.key)).toContain('A'); // [[A]] in B and C is now unresolved
    await expectInSync(d);
  });

  it('rename that changes an ambiguous tie: [[Dup]] from the root picks another file', async () => {
    // Before: x/Dup.md and y/Dup.md tie (same length), x wins in vault order. Renaming x moves it.
    const d = change(del('x/Dup.md'), upsert('xx/Dup.md', 'x dup [[y/Dup]]\n'));
    expect(d.addedEdges.map((e) => e.key)).toContain('link:notes/B->y/Dup');
    await expectInSync(d);
    const d2 = change(upsert('w/Dup.md', 'new tie\n')); // w < y: the new first of the tie
    expect(d2.addedEdges.map((e) => e.key)).toContain('link:notes/B->w/Dup');
    await expectInSync(d2);
  });

  it('a topic note: adding one makes links into the topic folder topic edges', async () => {
    const d = change(upsert('00-元语/Safety.md', '# Safety\n'), upsert('notes/D.md', '[[Safety]] [[Agents]]\n'));
    expect(d.addedNodes.find((n) => n.key === '00-元语/Safety')?.attributes.kind).toBe('topic');
    expect(d.addedEdges.map((e) => e.key).sort()).toEqual(['topic:notes/D->00-元语/Agents', 'topic:notes/D->00-元语/Safety']);
    await expectInSync(d);
  });

  it('tags: a new spelling first in vault order relabels the tag; the last use drops it', async () => {
    const d = change(upsert('00-元语/AI.md', '# AI\n#TOPIC #new\n'));
    expect(d.changedNodes.find((n) => n.key === '#topic')?.attributes.label).toBe('#TOPIC');
    expect(d.addedNodes.map((n) => n.key)).toEqual(['#new']);
    await expectInSync(d);
    const d2 = change(upsert('00-元语/AI.md', '# AI\n'));
    expect(d2.droppedNodes.sort()).toEqual(['#new', '#topic']);
    await expectInSync(d2);
  });

  it('unresolved spelling: the first note in vault order names the node', async () => {
    // "Missing" is first written by notes/A; without that link notes/C's "missing" names it.
    const d = change(upsert('notes/A.md', '[[B]]\n'));
    expect(d.droppedNodes).toContain('Missing');
    expect(d.addedNodes.map((n) => n.key)).toContain('missing');
    await expectInSync(d);
    await expectInSync(change(upsert('notes/0.md', '[[MiSsInG]]\n')));
  });

  it('attachments: added, linked, removed', async () => {
    await expectInSync(change(upsert('notes/E.md', '![[pic.png]] [[doc.pdf]]\n')));
    const d = change(upsert('att/pic.png', ''));
    expect(edgeKeys(d).added).toEqual(['embed:notes/E->att/pic.png']);
    await expectInSync(d);
    await expectInSync(change(del('att/doc.pdf')));
  });

  it('odd keys (A.md beside A.MD) fall back to a re-merge with the same result', async () => {
    const d = change(upsert('notes/A.MD', 'twin [[C]]\n'));
    expect(d.remerged).toBe(true);
    await expectInSync(d);
    const d2 = change(del('notes/A.MD'));
    await expectInSync(d2);
    expect(change(upsert('notes/C.md', '[[B]]\n')).remerged).toBe(false); // back on the fast path
    await expectInSync();
  });

  it('hub renames: a topic linked by many notes, in place and across folders, then back', async () => {
    for (let i = 0; i < 40; i++) write(`many/n${i}.md`, i % 3 === 0 ? `[[00-元语/AI]] [[AI]]\n` : i % 3 === 1 ? `## 关联主题\n- [[00-元语/AI]]\n` : `[[AI|the hub]] [[notes/A]]\n`);
    const b = await buildVaultGraph(dir);
    live = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
    mirror = b.graph.copy();
    const text = BASE['00-元语/AI.md']!;
    const steps: Array<[string, string]> = [['00-元语/AI.md', '00-元语/AI renamed.md'], ['00-元语/AI renamed.md', '00-元语/AI.md'],
      ['00-元语/AI.md', 'elsewhere/AI.md'], ['elsewhere/AI.md', 'elsewhere/deep/AI.md'], ['elsewhere/deep/AI.md', '00-元语/AI.md']];
    for (const [from, to] of steps) {
      const d = change(del(from), upsert(to, text));
      expect(d.remerged).toBe(false);
      await expectInSync(d);
    }
  });

  it('hub renames: onto a name other notes have, case only, out of the topic folder, and each back', async () => {
    for (let i = 0; i < 30; i++) write(`many/n${i}.md`, [`[[00-元语/AI]] [[Dup]]\n`, `## 关联主题\n- [[AI]]\n`, `[[ai|the hub]] up:: [[AI]]\n`][i % 3]!);
    const b = await buildVaultGraph(dir);
    live = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
    mirror = b.graph.copy();
    const text = BASE['00-元语/AI.md']!;
    const steps: Array<[string, string]> = [
      ['00-元语/AI.md', '00-元语/Dup.md'], ['00-元语/Dup.md', '00-元语/AI.md'], // x/Dup.md and y/Dup.md share the new name
      ['00-元语/AI.md', '00-元语/ai.md'], ['00-元语/ai.md', '00-元语/AI.md'], // case only: the node key changes, [[AI]] still finds it
      ['00-元语/AI.md', 'notes/AI.md'], ['notes/AI.md', '00-元语/AI.md'], // out of the topic folder: topic edges become links
      ['00-元语/AI.md', 'many/AI.md'], ['many/AI.md', '00-元语/AI.md'], // into the linkers' own folder
    ];
    for (const [from, to] of steps) {
      const d = change(del(from), upsert(to, text));
      await expectInSync(d);
    }
    expect(JSON.stringify(live.export())).toBe(JSON.stringify(b.graph.export())); // back where it started
  });

  it('hub renames taken by whole folders of linkers: edges stay, the linkers catch up when next edited', async () => {
    for (let i = 0; i < 20; i++) write(`many/n${i}.md`, i % 2 ? `## 关联主题\n- [[00-元语/AI]]\n` : `up:: [[00-元语/AI]]\n`);
    const b = await buildVaultGraph(dir);
    live = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
    mirror = b.graph.copy();
    const text = BASE['00-元语/AI.md']!;
    for (const [from, to] of [['00-元语/AI.md', '00-元语/AI renamed.md'], ['00-元语/AI renamed.md', '00-元语/AI.md'], ['00-元语/AI.md', 'moved/AI.md']] as const) {
      const d = change(del(from), upsert(to, text));
      const touched = [...d.addedEdges, ...d.droppedEdges, ...d.changedEdges].map((e) => e.source);
      expect(touched.filter((s) => s.startsWith('many/'))).toEqual([]); // every [[00-元语/AI]] edge keeps its key
      await expectInSync(d);
    }
    await expectInSync(change(upsert('many/n3.md', '## 关联主题\n- [[00-元语/AI]] [[notes/A]]\n'))); // an edit reads its caught-up draft
    await expectInSync(change(upsert('00-元语/AI.md', text), del('moved/AI.md')));
    await expectInSync(change(del('many/n4.md')));
  });

  it('a first hub rename with linkers in many folders (held by group, refs.ts): linkers edited, added, dropped while renamed; back; across folders', async () => {
    const folders = ['many', 'a/b', 'c', ''];
    for (let i = 0; i < 48; i++) write(`${folders[i % 4] ? `${folders[i % 4]}/` : ''}L${i}.md`, `## 关联主题\n- [[00-元语/AI]]\n${i % 20 === 10 ? '- [[00-元语/ai]]\n' : ''}`);
    const b = await buildVaultGraph(dir);
    live = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
    mirror = b.graph.copy();
    const text = BASE['00-元语/AI.md']!;
    const step = async (...c: VaultChange[]) => { const d = change(...c); expect(d.remerged).toBeFalsy(); await expectInSync(d); };
    await step(del('00-元语/AI.md'), upsert('00-元语/AI renamed.md', text)); // first rename: an unresolved node takes the links
    await step(upsert('L11.md', 'no link now\n')); // the first linker in vault order stops linking
    await step(upsert('many/L4.md', '## 关联主题\n- [[00-元语/AI]]\n- [[notes/A]]\n')); // edited, still linking
    await step(upsert('c/new.md', '## 关联主题\n- [[00-元语/AI]]\n')); // joins a group
    await step(del('a/b/L5.md')); // leaves one
    await step(del('00-元语/AI renamed.md'), upsert('00-元语/AI.md', text)); // back
    await step(del('00-元语/AI.md'), upsert('moved/AI.md', text)); // across folders
    await step(upsert('c/L10.md', '## 关联主题\n- [[00-元语/ai]]\n')); // only the other spelling now
    await step(upsert('00-元语/AI.md', text), del('moved/AI.md')); // back
    await step(del('00-元语/AI.md'), upsert('00-元语/AI renamed.md', text)); // a second rename
    for (let i = 3; i < 48; i += 4) await step(del(`L${i}.md`)); // the root folder's linkers go one by one
    await step(del('00-元语/AI renamed.md'), upsert('00-元语/AI.md', text));
  });

  it('a new file sharing a linked name: links that still resolve the same keep their edges', async () => {
    write('many/p.md', '[[00-元语/AI]] [[x/Dup]]\n');
    write('many/q.md', '[[AI]]\n');
    const b = await buildVaultGraph(dir);
    live = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
    mirror = b.graph.copy();
    const d = change(upsert('other/AI.md', 'another\n')); // [[AI]] now ties by name: suffix rules pick 00-元语/AI still
    await expectInSync(d);
    const d2 = change(upsert('many/AI.md', 'near\n')); // from many/, [[AI]] now finds the nearer file
    expect(d2.addedEdges.map((e) => e.key)).toContain('link:many/q->many/AI');
    expect(d2.addedEdges.map((e) => e.source)).not.toContain('many/p');
    await expectInSync(d2);
  });

  it('an unreadable note stays a node, and an edit that changes nothing gives an empty delta', async () => {
    const d = live.apply({ type: 'upsert', path: 'notes/C.md', diagnostic: { path: 'notes/C.md', line: 1, severity: 'error', code: 'read-error', message: 'x' } });
    expect(d.droppedEdges.length).toBeGreaterThan(0);
    const again = live.apply(upsert('notes/C.md', BASE['notes/C.md']));
    expect(again.addedEdges.length).toBe(d.droppedEdges.length);
    const none = live.apply(upsert('notes/C.md', BASE['notes/C.md']));
    expect(none.addedNodes.length + none.changedNodes.length + none.addedEdges.length + none.droppedEdges.length + none.changedEdges.length).toBe(0);
    await expectInSync();
  });
});

// Random sequences: names that collide across folders and cases, links to notes that come and go.
const NAMES = ['notes/A.md', 'notes/B.md', 'notes/n1.md', 'x/Dup.md', 'y/Dup.md', 'q/dup.md', 'notes/Gone.md', '00-元语/AI.md', '00-元语/T2.md', 'notes/missing.md', 'z/AI.md', 'notes/sub/AI.md'];
const ATTACH = ['att/img.png', 'att/new.png', 'att/doc.pdf'];
const TOKENS = ['[[00-元语/AI]]', '[[notes/A]]', '[[./B]]', '[[A]]', '[[B]]', '[[n1]]', '[[Dup]]', '[[x/Dup]]', '[[DUP]]', '[[gone]]', '[[Gone]]', '[[Missing]]', '[[missing]]', '[[AI]]', '[[T2]]',
  '![[img.png]]', '[[new.png]]', '[[doc.pdf]]', '#Alpha', '#alpha', '#Beta', 'up:: [[A]]', '\n## 相关文档\n- [[B]]；关联理由：引用；说明：x', '\n## 关联主题\n- [[AI]]', 'text'];
const op = fc.oneof(
  fc.record({ kind: fc.constant('upsert' as const), name: fc.constantFrom(...NAMES), body: fc.array(fc.constantFrom(...TOKENS), { maxLength: 6 }) }),
  fc.record({ kind: fc.constant('delete' as const), name: fc.constantFrom(...NAMES, ...ATTACH) }),
  fc.record({ kind: fc.constant('rename' as const), name: fc.constantFrom(...NAMES), to: fc.constantFrom(...NAMES) }),
  fc.record({ kind: fc.constant('attach' as const), name: fc.constantFrom(...ATTACH) }),
);

describe('live vault: random edit sequences', () => {
  it('stays byte-identical to a full build, and every delta replays', async () => {
    let patched = 0, remerged = 0;
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
      fs.rmSync(dir, { recursive: true, force: true });
      for (const [p, text] of Object.entries(BASE)) write(p, text);
      const b = await buildVaultGraph(dir);
      live = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
      mirror = b.graph.copy();
      for (const o of ops) {
        const exists = (p: string) => fs.existsSync(path.join(dir, p));
        let d: GraphDelta | undefined;
        if (o.kind === 'upsert') d = change(upsert(o.name, o.body.join(' ') + '\n'));
        else if (o.kind === 'attach') d = change(upsert(o.name, 'bytes'));
        else if (o.kind === 'delete' && exists(o.name)) d = change(del(o.name));
        else if (o.kind === 'rename' && exists(o.name) && o.name !== o.to) {
          const text = fs.readFileSync(path.join(dir, o.name), 'utf8');
          d = change(del(o.name), upsert(o.to, text));
        }
        if (d) { if (d.remerged) remerged++; else patched++; }
        await expectInSync(d);
      }
    }), { numRuns: 100, seed: 42 });
    expect(patched).toBeGreaterThan(remerged * 3); // the fast path is what is being tested
  }, 120_000);
});

// Hub renames: many notes in several folders link one or two same-named notes in every spelling;
// the hubs are renamed in place, across folders, onto each other's names and back.
const HUB_SPOTS = ['00-元语/Hub.md', '00-元语/hub.md', '00-元语/Hub 2.md', 'other/Hub.md', 'a/b/Hub.md', 'many/Hub.md', 'many/deep/hub.md', 'Hub.md', 'zz/Hub.MD'];
const HUB_LINKS = ['[[Hub]]', '[[hub]]', '[[Hub.md]]', '[[00-元语/Hub]]', '[[other/Hub]]', '[[b/Hub]]', '[[./Hub]]', '[[Hub|the hub]]', '[[Hub#part]]',
  '\n## 关联主题\n- [[Hub]]', '\n## 关联主题\n- [[00-元语/Hub]]', 'up:: [[Hub]]', '\n## 相关文档\n- [[Hub]]；关联理由：引用；说明：x', '#tag', '[[Other]]'];
const hubOp = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('rename' as const), from: fc.nat(), to: fc.constantFrom(...HUB_SPOTS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), to: fc.constantFrom(...HUB_SPOTS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('edit' as const), linker: fc.nat(), body: fc.array(fc.constantFrom(...HUB_LINKS), { maxLength: 4 }) }) },
);

describe('live vault: hub renames', () => {
  it('stay byte-identical to a full build, without a re-merge', async () => {
    let remerged = 0;
    await fc.assert(fc.asyncProperty(fc.array(fc.array(fc.constantFrom(...HUB_LINKS), { minLength: 1, maxLength: 3 }), { minLength: 6, maxLength: 6 }), fc.array(hubOp, { minLength: 1, maxLength: 6 }), async (bodies, ops) => {
      fs.rmSync(dir, { recursive: true, force: true });
      write('00-元语/Hub.md', '# Hub\n[[Other]]\n');
      write('Other.md', 'other\n');
      const linkers = bodies.map((_, i) => ['notes', 'many', '00-元语', 'a/b', 'other', ''][i % 6] + `/L${i}.md`).map((p) => p.replace(/^\//, ''));
      linkers.forEach((p, i) => write(p, bodies[i]!.join(' ') + '\n'));
      const b = await buildVaultGraph(dir);
      live = createLiveVault({ notes: b.notes, attachments: b.attachments, isExcluded: b.isExcluded }, b.options);
      mirror = b.graph.copy();
      for (const o of ops) {
        const hubs = HUB_SPOTS.filter((p) => fs.existsSync(path.join(dir, p)));
        let d: GraphDelta | undefined;
        if (o.kind === 'rename' && hubs.length > 0) {
          const from = hubs[o.from % hubs.length]!;
          if (from === o.to || hubs.includes(o.to)) continue;
          d = change(del(from), upsert(o.to, fs.readFileSync(path.join(dir, from), 'utf8')));
        } else if (o.kind === 'add' && !hubs.includes(o.to)) d = change(upsert(o.to, 'another hub\n'));
        else if (o.kind === 'edit') d = change(upsert(linkers[o.linker % linkers.length]!, o.body.join(' ') + '\n'));
        if (d?.remerged) remerged++;
        await expectInSync(d);
      }
    }), { numRuns: 60, seed: 7 });
    expect(remerged).toBe(0);
  }, 120_000);
});
