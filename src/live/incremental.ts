// Watch mode's model: the vault held in memory — each note's parse and draft, the resolver index,
// a reverse index "linkpath → notes writing it" (and "file name → linkpaths reading it"), and the
// merged graph — patched change by change. Pure: the watcher (watch.ts) reads the files; `apply`
// says what changed in the graph.
//
//   apply([{ type: 'upsert', path: 'b/New.md', text }])
//     1–2 (update.ts) the file set and the resolver index (byName lists stay in vault order; the memo is cleared)
//     2. re-draft that note; re-resolve the linkpaths that read a file named "new" / "new.md" (by
//        resolve.ts step 2 the only ones that can resolve differently), once per folder of the notes
//        writing them (a result depends on the folder only). Notes where one now resolves otherwise
//        get their draft patched — the edges those links made now reach the new target, nothing is
//        parsed or classified again (retarget.ts) — or, where patching would not give draftNote's
//        draft, are drafted again. A move every linker of a (linkpath, folder) group can take while
//        its edges keep their keys (a hub renamed) is logged once and the drafts catch up when read (lazy.ts)
//     3. (patch.ts, made.ts, moved.ts) patch the graph: drop their old edges, add the new ones — but an edge whose key and
//        attributes stay stays (renaming a hub in place: its in-edges now reach an unresolved node
//        of the same key, which takes the node over; the same in reverse when the file comes back).
//        Attachment, tag and unresolved
//        nodes live while some note links them, and an unresolved node is re-keyed when the first
//        spelling of its linkpath (in vault order) changes — the keys a full build gives
//     4. (delta.ts) the delta: the before and after of every node and edge touched (delta.ts)
// Keys collide only in odd vaults (A.md beside A.MD, "->" in a path, a note named "#tag"); there,
// and with resolveAliases (any alias can rescue any missing link), the graph is re-merged whole and
// diffed: slower, same result. `export()` is byte for byte what a full build exports.

import { draftNote, type NoteDraft } from '../core/draft.ts';
import { Recorder, type GraphDelta } from './delta.ts';
import { indexVault, toGraph, toModel, type BuildInput, type VaultGraph, type VaultModel } from '../core/graph.ts';
import { merge, type Merged } from '../core/merge.ts';
import type { Options } from '../core/options.ts';
import { keyMayCollide } from '../core/model.ts';
import { byNameIndex, byPath, LinkpathIndex, linkpaths } from './live-index.ts';
import { Conflict, exportModel, identityOf, type LiveState, type NoteState, type VaultChange } from './live-state.ts';
import { settle } from './lazy.ts';
import { MoveLog } from './move-log.ts';
import { patch } from './patch.ts';
import { Refs } from './refs.ts';
import { register, update } from './update.ts';
import type { Note } from '../core/types.ts';

export type { VaultChange } from './live-state.ts';

export interface LiveVault {
  /** The graph now; a re-merge replaces the instance, so read it after each apply. */
  readonly graph: VaultGraph;
  /** Apply changes (a rename is a delete and an upsert, best in one batch) and return the delta. */
  apply(changes: VaultChange | readonly VaultChange[]): GraphDelta;
  /** The graph in a full build's order: `JSON.stringify(live.export())` equals a build's JSON. */
  export(): VaultModel;
  /** Whether the vault has this file (note or attachment) now. */
  has(path: string): boolean;
  /** Files (notes and attachments) under a folder, for a folder that was renamed or removed. */
  filesUnder(folder: string): string[];
}

/** Notes drafted between two pauses while a live vault is made. */
const DRAFTS_PER_STEP = 1000;

/** Run a step generator to its end at once. */
function finish<T>(steps: Generator<void, T>): T {
  for (;;) { const r = steps.next(); if (r.done) return r.value; }
}

export function createLiveVault(input: BuildInput, opts: Options): LiveVault {
  return finish(liveVaultSteps(input, opts));
}

/**
 * The same live vault, made in steps with `pause()` awaited between them (every
 * DRAFTS_PER_STEP drafts, and around the merge), so that a server can answer meanwhile.
 */
export function createLiveVaultPaced(input: BuildInput, opts: Options, pause: () => Promise<void>): Promise<LiveVault> {
  return paced(liveVaultSteps(input, opts), pause);
}

/** Run a step generator with `pause()` awaited between its steps. */
export async function paced<T>(steps: Generator<void, T>, pause: () => Promise<void>): Promise<T> {
  for (;;) { const r = steps.next(); if (r.done) return r.value; await pause(); }
}

function* liveVaultSteps(input: BuildInput, opts: Options): Generator<void, LiveVault> {
  const maker = liveVaultMaker(input.notes, input.attachments, input.isExcluded, opts);
  let drafted = 0;
  for (const note of input.notes) {
    maker.add(note);
    if (++drafted % DRAFTS_PER_STEP === 0) yield;
  }
  yield;
  return yield* maker.complete();
}

/**
 * A live vault made while its notes are still being read (watch.ts openLiveVault: drafted on this
 * thread as the parse workers hand them over): `add` every note of `listed`, in that order, then run
 * `complete` (the merge and the graph, in steps). `listed` names every note: the resolver index is
 * made from it first, so under resolveAliases it must carry every note's aliases (read them first).
 */
export function liveVaultMaker(listed: ReadonlyArray<Pick<Note, 'path' | 'aliases'>>, attachments: readonly string[], isExcluded: BuildInput['isExcluded'], opts: Options): { add(note: Note): void; complete(): Generator<void, LiveVault> } {
  const index = indexVault(listed, attachments, opts);
  const live: LiveState = {
    graph: undefined as unknown as VaultGraph, states: new Map(), made: new Map(), pathOfKey: new Map(),
    notePaths: listed.map((n) => n.path).sort(byPath), attachments: new Set(attachments),
    index, names: byNameIndex(index), linkers: new LinkpathIndex(), opts, isExcluded,
    moveLog: new MoveLog(), epoch: 0, unsure: false,
  };
  const { states } = live;
  /** False after a merge with odd keys (or with resolveAliases): changes are then applied by re-merging. */
  let safe = false;

  /** Take keys, edge keys and made nodes from a whole merge (start, and after a re-merge). */
  function adopt(drafts: readonly NoteDraft[], m: Merged<NoteDraft['edges'][number]>): void {
    const made: LiveState['made'] = (live.made = new Map());
    live.pathOfKey.clear();
    m.nodes.forEach((n) => { if (n.note !== undefined) { const s = states.get(drafts[n.note]!.path)!; s.key = n.key; live.pathOfKey.set(n.key, s.note.path); } });
    let j = 0;
    let skipped = false;
    for (const d of drafts) {
      const s = states.get(d.path)!;
      s.edgeKeys = [];
      s.idents = new Set();
      for (const e of d.edges) {
        const me = m.edges[j];
        if (me?.draft !== e) { s.edgeKeys.push(undefined); skipped = true; continue; }
        j++;
        s.edgeKeys.push(me.key);
        const id = identityOf(live, e.target);
        if (id === undefined) continue;
        s.idents.add(id);
        const ms = made.get(id);
        if (ms) ms.refs.add(d.path); else made.set(id, { key: me.target, refs: new Refs([d.path]), first: d.path, stale: false });
      }
    }
    safe = !opts.resolveAliases && !skipped && !m.diagnostics.some((x) => x.code === 'duplicate-node-key') && !m.nodes.some((n) => keyMayCollide(n.key));
  }

  /** Re-merge every draft into a fresh graph (start, odd keys, resolveAliases). */
  const remerge = (rec?: Recorder): GraphDelta | undefined => finish(remergeSteps(rec));
  function* remergeSteps(rec?: Recorder): Generator<void, GraphDelta | undefined> {
    for (const p of live.notePaths) settle(live, states.get(p)!);
    live.unsure = false;
    const drafts = live.notePaths.map((p) => states.get(p)!.draft);
    const m = merge(drafts, [...live.attachments].sort(byPath));
    yield;
    const next = toGraph(toModel(drafts, m, live.isExcluded));
    const delta = rec?.diffAll(live.graph, next);
    live.graph = next;
    adopt(drafts, m);
    return delta;
  }

  return {
    add(note) {
      const s: NoteState = { note, draft: draftNote(note, index, opts), key: note.id, edgeKeys: [], idents: new Set(), lps: linkpaths(note), seen: 0 };
      states.set(note.path, s);
      register(live, s, true);
    },
    *complete() {
      yield* remergeSteps();
      return liveVault();
    },
  };

  function liveVault(): LiveVault {
    return {
      get graph() { return live.graph; },
      apply(input) {
        const changes = Array.isArray(input) ? input as readonly VaultChange[] : [input as VaultChange];
        const rec = new Recorder(() => live.graph);
        const wasSafe = safe;
        const plan = update(live, changes);
        if (!wasSafe || opts.resolveAliases) return remerge(rec)!;
        try {
          patch(live, rec, plan);
          if (live.unsure) return remerge(rec)!;
        } catch (e) {
          if (!(e instanceof Conflict)) throw e;
          return remerge(rec)!;
        }
        return rec.delta();
      },
      export: () => exportModel(live.graph, live.notePaths.map((p) => states.get(p)!)),
      has: (path) => states.has(path) || live.attachments.has(path),
      filesUnder(folder) {
        const prefix = folder === '' ? '' : `${folder}/`;
        return [...states.keys(), ...live.attachments].filter((p) => p.startsWith(prefix)).sort(byPath);
      },
    };
  }
}
