// Watch mode's model: the vault held in memory — each note's parse and draft, the resolver index,
// a reverse index "linkpath → notes writing it" (and "file name → linkpaths reading it"), and the
// merged graph — patched change by change. Pure: the watcher (watch.ts) reads the files; `apply`
// says what changed in the graph.
//
//   apply([{ type: 'upsert', path: 'b/New.md', text }])
//     1. the file set and the resolver index (byName lists stay in vault order; the memo is cleared)
//     2. re-draft that note; re-resolve the linkpaths that read a file named "new" / "new.md" (by
//        resolve.ts step 2 the only ones that can resolve differently), once per folder of the notes
//        writing them (a result depends on the folder only). Notes where one now resolves otherwise
//        get their draft patched — the edges those links made now reach the new target, nothing is
//        parsed or classified again (retarget.ts) — or, where patching would not give draftNote's
//        draft, are drafted again
//     3. patch the graph: drop their old edges, add the new ones — but an edge whose key and
//        attributes stay stays (renaming a hub in place: its in-edges now reach an unresolved node
//        of the same key, which takes the node over; the same in reverse when the file comes back).
//        Attachment, tag and unresolved
//        nodes live while some note links them, and an unresolved node is re-keyed when the first
//        spelling of its linkpath (in vault order) changes — the keys a full build gives
//     4. the delta: the before and after of every node and edge touched (delta.ts)
// Keys collide only in odd vaults (A.md beside A.MD, "->" in a path, a note named "#tag"); there,
// and with resolveAliases (any alias can rescue any missing link), the graph is re-merged whole and
// diffed: slower, same result. `export()` is byte for byte what a full build exports.

import { draftNote, type EdgeDraft, type NoteDraft, type TargetRef } from '../core/draft.ts';
import { Recorder, type GraphDelta } from './delta.ts';
import { indexVault, toGraph, toModel, type BuildInput, type SerializedEdge, type SerializedNode, type VaultGraph, type VaultModel } from '../core/graph.ts';
import { merge, type Merged } from '../core/merge.ts';
import { noteOf } from '../core/note-of.ts';
import { isAttachment, type Options } from '../core/options.ts';
import { clearMemo, resolveLink, sameResolution, type ResolverIndex } from '../core/resolve.ts';
import { edgeKey, GRAPH_OPTIONS, keyMayCollide, madeIdentity, madeNode, nodeAttributes } from '../core/model.ts';
import type { Diagnostic, EdgeAttributes, NodeAttributes, Note, Resolution } from '../core/types.ts';
import { bisect, byNameIndex, byPath, LinkpathIndex, linkpaths } from './live-index.ts';
import { moveOf, retargetDraft, type Move, type Retarget } from './retarget.ts';

/** One file event: a note's new text (or why it could not be read), an attachment's arrival, a removal. */
export type VaultChange =
  | { type: 'upsert'; path: string; text?: string; diagnostic?: Diagnostic }
  | { type: 'delete'; path: string };

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

interface NoteState {
  note: Note;
  draft: NoteDraft;
  key: string;
  /** Graph key of each draft edge, in draft order (undefined: a tag edge whose key a note holds). */
  edgeKeys: Array<string | undefined>;
  /** Identities of the made nodes its edges reach. */
  idents: Set<string>;
  /** The linkpaths it writes (keys of the reverse index). */
  lps: string[];
}

/** A node the merge makes (attachment `/path`, unresolved `?linkpath`, tag `#name`) and who links it. */
interface MadeState { key: string; refs: Set<string>; first: string; stale: boolean }

class Conflict extends Error {}

const IS_NOTE = /\.md$/i;

export function createLiveVault(input: BuildInput, opts: Options): LiveVault {
  const isExcluded = input.isExcluded;
  const states = new Map<string, NoteState>();
  const notePaths = [...input.notes].map((n) => n.path).sort(byPath);
  const attachments = new Set(input.attachments);
  const pathOfKey = new Map<string, string>();
  let made = new Map<string, MadeState>();
  let index: ResolverIndex = indexVault(input.notes, input.attachments, opts);
  const names = byNameIndex(index);
  const linkers = new LinkpathIndex();
  let safe = false;
  let graph: VaultGraph;

  const identityOf = (ref: TargetRef): string | undefined =>
    ref.kind === 'path' && states.has(ref.path) ? undefined : madeIdentity(ref);
  const noteAttributes = (d: NoteDraft): NodeAttributes => nodeAttributes(d.attributes, 0, 0, isExcluded);
  const register = (s: NoteState, on: boolean) => { if (on) linkers.add(s.note.path, s.lps); else linkers.remove(s.note.path, s.lps); };

  /** Take keys, edge keys and made nodes from a whole merge (start, and after a re-merge). */
  function adopt(drafts: readonly NoteDraft[], m: Merged<NoteDraft['edges'][number]>): void {
    made = new Map();
    pathOfKey.clear();
    m.nodes.forEach((n) => { if (n.note !== undefined) { const s = states.get(drafts[n.note]!.path)!; s.key = n.key; pathOfKey.set(n.key, s.note.path); } });
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
        const id = identityOf(e.target);
        if (id === undefined) continue;
        s.idents.add(id);
        const ms = made.get(id);
        if (ms) ms.refs.add(d.path); else made.set(id, { key: me.target, refs: new Set([d.path]), first: d.path, stale: false });
      }
    }
    safe = !opts.resolveAliases && !skipped && !m.diagnostics.some((x) => x.code === 'duplicate-node-key') && !m.nodes.some((n) => keyMayCollide(n.key));
  }

  /** Re-merge every draft into a fresh graph (start, odd keys, resolveAliases). */
  function remerge(rec?: Recorder): GraphDelta | undefined {
    const drafts = notePaths.map((p) => states.get(p)!.draft);
    const m = merge(drafts, [...attachments].sort(byPath));
    const next = toGraph(toModel(drafts, m, isExcluded));
    const delta = rec?.diffAll(graph, next);
    graph = next;
    adopt(drafts, m);
    return delta;
  }

  for (const note of input.notes) {
    const s: NoteState = { note, draft: draftNote(note, index, opts), key: note.id, edgeKeys: [], idents: new Set(), lps: linkpaths(note) };
    states.set(note.path, s);
    register(s, true);
  }
  graph = undefined as unknown as VaultGraph;
  remerge();

  /** Steps 1–2: files, index, re-drafts. Returns the notes re-drafted, added and deleted. */
  function update(changes: readonly VaultChange[]): { redrafted: string[]; written: Set<string>; added: string[]; deleted: NoteState[]; retargeted: Map<string, Retarget> } {
    const last = new Map<string, VaultChange>();
    for (const c of changes) last.set(c.path, c);
    const touchedNames = new Set<string>();
    const redrafted = new Set<string>();
    const added: string[] = [];
    const deleted: NoteState[] = [];
    const fileSet = (path: string, on: boolean) => {
      if (on) names.add(path); else names.remove(path);
      touchedNames.add(path.slice(path.lastIndexOf('/') + 1).toLowerCase());
    };
    for (const c of last.values()) {
      if (!IS_NOTE.test(c.path)) {
        if (!opts.allFileTypes && !isAttachment(c.path)) continue;
        if (c.type === 'delete' ? attachments.delete(c.path) : !attachments.has(c.path) && attachments.add(c.path)) fileSet(c.path, c.type !== 'delete');
        continue;
      }
      const old = states.get(c.path);
      if (c.type === 'delete') {
        if (!old) continue;
        register(old, false);
        states.delete(c.path);
        notePaths.splice(bisect(notePaths, c.path), 1);
        deleted.push(old);
        fileSet(c.path, false);
        continue;
      }
      const note = noteOf({ path: c.path, ...(c.text !== undefined && { text: c.text }), ...(c.diagnostic && { diagnostic: c.diagnostic }) }, opts);
      if (old) register(old, false);
      else { notePaths.splice(bisect(notePaths, c.path), 0, c.path); added.push(c.path); fileSet(c.path, true); }
      const s: NoteState = { note, draft: old?.draft as NoteDraft, key: old?.key ?? note.id, edgeKeys: old?.edgeKeys ?? [], idents: old?.idents ?? new Set(), lps: linkpaths(note) };
      states.set(c.path, s);
      register(s, true);
      redrafted.add(c.path);
    }
    const written = new Set(redrafted);
    const retargeted = new Map<string, Retarget>();
    if (touchedNames.size > 0) clearMemo(index);
    if (opts.resolveAliases) {
      index = indexVault(notePaths.map((p) => states.get(p)!.note), [...attachments].sort(byPath), opts);
      for (const p of notePaths) redrafted.add(p);
    } else {
      const moves = new Map<string, Map<string, Move | null>>();
      for (const n of touchedNames) for (const lp of linkers.linkpathsReading(n)) if (!moves.has(lp)) reresolve(lp, redrafted, moves);
      for (const [lp, byFolder] of moves) {
        if (byFolder.size === 0) continue;
        for (const p of linkers.notesWriting(lp)) {
          if (redrafted.has(p) || retargeted.has(p)) continue;
          const s = states.get(p)!;
          if (!byFolder.get(s.draft.attributes.folder)) continue;
          const r = retargetDraft(s.note, s.draft, moves, opts);
          if (r) retargeted.set(p, r); else redrafted.add(p);
        }
      }
    }
    for (const p of redrafted) { const s = states.get(p)!; s.draft = draftNote(s.note, index, opts); }
    return { redrafted: [...redrafted], written, added, deleted, retargeted };
  }

  /**
   * Resolve a linkpath again, once per folder of the notes writing it (a result depends on the
   * source's folder only): per folder, how it moved (null: it did not). Kept only if it moved somewhere.
   */
  function reresolve(lp: string, skip: ReadonlySet<string>, out: Map<string, Map<string, Move | null>>): void {
    const byFolder = new Map<string, Move | null>();
    let any = false;
    for (const p of linkers.notesWriting(lp)) {
      if (skip.has(p)) continue;
      const s = states.get(p)!;
      const folder = s.draft.attributes.folder;
      if (byFolder.has(folder)) continue;
      const was = s.draft.resolutions[s.note.links.findIndex((l) => l.target === lp)]!;
      const now = resolveLink(lp, p, index, false);
      const move = sameResolution(was, now) ? null : moveOf(lp, was, now, opts);
      byFolder.set(folder, move);
      any ||= move !== null;
    }
    out.set(lp, any ? byFolder : new Map());
  }

  /** The graph key a draft edge gets now (a made node not yet made: the key it would be made with). */
  function plannedKey(s: NoteState, e: EdgeDraft): string {
    const id = identityOf(e.target);
    const target = id === undefined ? states.get((e.target as { path: string }).path)!.key : made.get(id)?.key ?? madeNode(e.target).key;
    return edgeKey(e.relation, s.key, target);
  }

  /**
   * Edges of a note re-drafted only because a link resolves otherwise that keep their key and
   * attributes: they stay in the graph untouched. Renaming a hub in place turns its 40k in-edges
   * into edges to an unresolved node of the same key — the same edges, so nothing to redo.
   */
  function keptEdges(s: NoteState, old: ReadonlySet<string | undefined>): { keys: Set<string>; ids: Set<string> } {
    const keys = new Set<string>();
    const ids = new Set<string>();
    for (const e of s.draft.edges) {
      const k = plannedKey(s, e);
      if (!old.has(k) || !graph.hasEdge(k) || !sameEdge(graph.getEdgeAttributes(k), e.attributes)) continue;
      keys.add(k);
      const id = identityOf(e.target);
      if (id !== undefined) ids.add(id);
    }
    return { keys, ids };
  }

  /** Step 3: patch the graph in place; throws Conflict where keys would collide. */
  function patch(rec: Recorder, redrafted: string[], written: ReadonlySet<string>, added: string[], deleted: NoteState[], retargeted: ReadonlyMap<string, Retarget>): void {
    const g = graph;
    const touchedMade = new Set<string>();
    // Computed before anything changes: old edge keys and made nodes are what the plan compares with.
    const kept = new Map<string, { keys: Set<string>; ids: Set<string> }>();
    for (const p of redrafted) if (!written.has(p)) { const s = states.get(p)!; kept.set(p, keptEdges(s, new Set(s.edgeKeys))); }
    /** A node whose file or last link went but kept edges still reach: a new node of the same key takes it over. */
    const handOver = new Set<string>();
    const unlink = (s: NoteState, keep?: { keys: Set<string>; ids: Set<string> }) => {
      for (const k of s.edgeKeys) if (k !== undefined && !keep?.keys.has(k) && g.hasEdge(k)) { rec.edge(k); rec.node(g.source(k)); rec.node(g.target(k)); g.dropEdge(k); }
      for (const id of s.idents) {
        if (keep?.ids.has(id)) continue;
        const m = made.get(id)!;
        m.refs.delete(s.note.path);
        if (m.first === s.note.path) m.stale = true;
        touchedMade.add(id);
      }
      s.edgeKeys = [];
      s.idents = new Set();
    };
    const addedSet = new Set(added);
    for (const p of redrafted) if (!addedSet.has(p)) unlink(states.get(p)!, kept.get(p));
    const moved = new Moved(made);
    for (const [p, r] of retargeted) unlinkMoved(rec, states.get(p)!, r, moved, touchedMade);
    for (const s of deleted) {
      unlink(s);
      rec.node(s.key);
      pathOfKey.delete(s.key);
      if (g.degree(s.key) > 0) { handOver.add(s.key); continue; }
      g.dropNode(s.key);
    }
    for (const id of touchedMade) dropIfUnused(rec, id, handOver);
    for (const p of added) {
      const s = states.get(p)!;
      if (keyMayCollide(s.key)) throw new Conflict(`live vault: node key "${s.key}" is taken`);
      rec.node(s.key);
      if (handOver.delete(s.key)) g.replaceNodeAttributes(s.key, noteAttributes(s.draft)); // an unresolved node's links now reach this note
      else if (g.hasNode(s.key)) throw new Conflict(`live vault: node key "${s.key}" is taken`);
      else g.addNode(s.key, noteAttributes(s.draft));
      pathOfKey.set(s.key, p);
    }
    // Moves that keep their edges first: they make their target under the key their edges have.
    for (const [p, r] of retargeted) if (moved.keeps(r)) linkMoved(rec, states.get(p)!, r, moved, touchedMade, handOver);
    for (const [p, r] of retargeted) if (!moved.keeps(r)) linkMoved(rec, states.get(p)!, r, moved, touchedMade, handOver);
    for (const p of redrafted) link(rec, states.get(p)!, touchedMade, handOver, kept.get(p)?.keys);
    if (handOver.size > 0) throw new Conflict(`live vault: "${[...handOver][0]}" still has links after its file went`);
    for (const id of touchedMade) settleMade(rec, id);
    for (const k of rec.nodes.keys()) {
      if (!g.hasNode(k)) continue;
      const a = g.getNodeAttributes(k);
      a.inDegree = g.inDegree(k);
      a.outDegree = g.outDegree(k);
    }
  }

  /**
   * A retargeted note, before anything is added: it stops reaching its old target. When the
   * target's node key changes its moved edges are dropped; when it stays (an unresolved node of
   * the hub's key takes the hub's node over) they stay in the graph untouched.
   */
  function unlinkMoved(rec: Recorder, s: NoteState, r: Retarget, moved: Moved, touchedMade: Set<string>): void {
    const g = graph;
    const path = s.note.path;
    const fromId = moved.identity(r.from);
    if (s.idents.delete(fromId)) {
      const m = made.get(fromId)!;
      m.refs.delete(path);
      if (m.first === path) m.stale = true;
      touchedMade.add(fromId);
    }
    if (moved.keeps(r, s.edgeKeys[r.at[0]!]!, g, states)) return;
    for (const j of r.at) {
      const old = s.edgeKeys[j]!;
      if (!g.hasEdge(old)) continue;
      rec.edge(old); rec.node(g.source(old)); rec.node(g.target(old));
      g.dropEdge(old);
    }
  }

  /** A retargeted note, once notes are added: it reaches its new target (made here when new). */
  function linkMoved(rec: Recorder, s: NoteState, r: Retarget, moved: Moved, touchedMade: Set<string>, handOver: Set<string>): void {
    const g = graph;
    const keeps = moved.keeps(r);
    let target = moved.noteKey(r.to, states);
    if (target === undefined) {
      const toId = moved.identity(r.to);
      target = ensureMade(rec, r.to, toId, s.note.path, handOver).key;
      s.idents.add(toId);
      touchedMade.add(toId);
    }
    if (keeps) {
      if (target !== moved.plannedKey(r.to, states)) throw new Conflict(`live vault: "${target}" was made under another key than planned`);
      return;
    }
    for (const j of r.at) {
      const key = edgeKey(s.draft.edges[j]!.relation, s.key, target);
      if (g.hasEdge(key)) throw new Conflict(`live vault: edge key "${key}" is taken`);
      s.edgeKeys[j] = key;
      rec.edge(key);
      rec.node(target);
      g.addEdgeWithKey(key, s.key, target, s.draft.edges[j]!.attributes);
    }
  }

  /** The made node of this identity, made now when no note linked it yet; `path` links it. */
  function ensureMade(rec: Recorder, ref: TargetRef, id: string, path: string, handOver: Set<string>): MadeState {
    const g = graph;
    let m = made.get(id);
    if (!m) {
      const node = madeNode(ref);
      if (keyMayCollide(node.key)) throw new Conflict(`live vault: node key "${node.key}" is taken`);
      rec.node(node.key);
      if (handOver.delete(node.key)) g.replaceNodeAttributes(node.key, nodeAttributes(node.attributes, 0, 0, isExcluded));
      else if (g.hasNode(node.key)) throw new Conflict(`live vault: node key "${node.key}" is taken`);
      else g.addNode(node.key, nodeAttributes(node.attributes, 0, 0, isExcluded));
      m = { key: node.key, refs: new Set(), first: path, stale: false };
      made.set(id, m);
    } else if (!m.stale && path < m.first) m.first = path;
    m.refs.add(path);
    return m;
  }

  function link(rec: Recorder, s: NoteState, touchedMade: Set<string>, handOver: Set<string>, keep?: ReadonlySet<string>): void {
    const g = graph;
    const path = s.note.path;
    // A note re-drafted for its links' sake has the same text, so the same node attributes.
    if (!keep) { rec.node(s.key); g.replaceNodeAttributes(s.key, noteAttributes(s.draft)); }
    for (const e of s.draft.edges) {
      const id = identityOf(e.target);
      let target: string;
      if (id === undefined) target = states.get((e.target as { path: string }).path)!.key;
      else {
        const m = ensureMade(rec, e.target, id, path, handOver);
        s.idents.add(id);
        touchedMade.add(id);
        target = m.key;
      }
      const key = edgeKey(e.relation, s.key, target);
      s.edgeKeys.push(key);
      if (keep?.has(key)) continue;
      if (g.hasEdge(key)) throw new Conflict(`live vault: edge key "${key}" is taken`);
      rec.edge(key);
      rec.node(target);
      g.addEdgeWithKey(key, s.key, target, e.attributes);
    }
  }

  /** Drop a made node nothing links any more; with `handOver`, one still reached by kept edges goes there. */
  function dropIfUnused(rec: Recorder, id: string, handOver?: Set<string>): boolean {
    const m = made.get(id);
    if (!m || m.refs.size > 0) return false;
    rec.node(m.key);
    if (graph.degree(m.key) > 0) {
      if (!handOver) throw new Conflict(`live vault: "${m.key}" is still linked`);
      handOver.add(m.key);
    } else graph.dropNode(m.key);
    made.delete(id);
    return true;
  }

  /** A tag's label and an unresolved node's key follow the first note (in vault order) that links it. */
  function settleMade(rec: Recorder, id: string): void {
    if (dropIfUnused(rec, id) || id[0] === '/') return;
    const m = made.get(id);
    if (!m) return;
    if (m.stale) { m.first = minOf(m.refs); m.stale = false; }
    const first = states.get(m.first)!;
    const ref = first.draft.edges.find((e) => identityOf(e.target) === id)!.target;
    const node = madeNode(ref);
    const g = graph;
    if (node.key === m.key) {
      if (g.getNodeAttribute(m.key, 'label') !== node.attributes.label) { rec.node(m.key); g.replaceNodeAttributes(m.key, nodeAttributes(node.attributes, 0, 0, isExcluded)); }
      return;
    }
    if (g.hasNode(node.key) || keyMayCollide(node.key)) throw new Conflict(`live vault: node key "${node.key}" is taken`);
    rec.node(m.key);
    rec.node(node.key);
    g.addNode(node.key, nodeAttributes(node.attributes, 0, 0, isExcluded));
    for (const k of g.inEdges(m.key)) {
      const source = g.source(k);
      const attributes = g.getEdgeAttributes(k);
      const key = edgeKey(attributes.relation, source, node.key);
      rec.edge(k);
      rec.edge(key);
      g.dropEdge(k);
      if (g.hasEdge(key)) throw new Conflict(`live vault: edge key "${key}" is taken`);
      g.addEdgeWithKey(key, source, node.key, attributes);
      const s = states.get(pathOfKey.get(source)!)!;
      s.edgeKeys[s.edgeKeys.indexOf(k)] = key;
    }
    g.dropNode(m.key);
    m.key = node.key;
  }

  return {
    get graph() { return graph; },
    apply(input) {
      const changes = Array.isArray(input) ? input as readonly VaultChange[] : [input as VaultChange];
      const rec = new Recorder(() => graph);
      const wasSafe = safe;
      const { redrafted, written, added, deleted, retargeted } = update(changes);
      if (!wasSafe || opts.resolveAliases) return remerge(rec)!;
      try {
        patch(rec, redrafted, written, added, deleted, retargeted);
      } catch (e) {
        if (!(e instanceof Conflict)) throw e;
        return remerge(rec)!;
      }
      return rec.delta();
    },
    export: () => exportModel(graph, notePaths.map((p) => states.get(p)!)),
    has: (path) => states.has(path) || attachments.has(path),
    filesUnder(folder) {
      const prefix = folder === '' ? '' : `${folder}/`;
      return [...states.keys(), ...attachments].filter((p) => p.startsWith(prefix)).sort(byPath);
    },
  };
}

/** Notes in vault order, then made nodes as first reached, edges in draft order: merge.ts's order. */
function exportModel(g: VaultGraph, notes: readonly NoteState[]): VaultModel {
  const nodes: SerializedNode[] = [];
  const edges: SerializedEdge[] = [];
  const seen = new Set<string>();
  for (const s of notes) { seen.add(s.key); nodes.push({ key: s.key, attributes: { ...g.getNodeAttributes(s.key) } }); }
  for (const s of notes) {
    for (const k of s.edgeKeys) {
      if (k === undefined) continue;
      const target = g.target(k);
      if (!seen.has(target)) { seen.add(target); nodes.push({ key: target, attributes: { ...g.getNodeAttributes(target) } }); }
      edges.push({ key: k, source: s.key, target, attributes: g.getEdgeAttributes(k) });
    }
  }
  return { options: GRAPH_OPTIONS, attributes: {}, nodes, edges };
}

/** Same edge attributes for the same note text: occurrences are its links', so positions tell them apart. */
function sameEdge(a: EdgeAttributes, b: EdgeAttributes): boolean {
  if (a.relation !== b.relation || a.label !== b.label || a.description !== b.description || a.count !== b.count || a.origin !== b.origin) return false;
  const [x, y] = [a.occurrences, b.occurrences];
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i]!.line !== y[i]!.line || x[i]!.column !== y[i]!.column || x[i]!.raw !== y[i]!.raw) return false;
  return true;
}

function minOf(set: ReadonlySet<string>): string {
  let min: string | undefined;
  for (const p of set) if (min === undefined || p < min) min = p;
  return min!;
}


/**
 * Per patch: each retargeted target's identity, node key and planned node key, cached by object
 * (the notes of one folder share their Move's targets), so a hub's 40k linkers cost lookups only.
 */
class Moved {
  private readonly ids = new Map<TargetRef, string>();
  private readonly planned = new Map<TargetRef, string>();
  private readonly notes = new Map<TargetRef, string | undefined>();
  private readonly kept = new Map<TargetRef, Map<TargetRef, boolean>>();
  constructor(private readonly made: ReadonlyMap<string, MadeState>) {}

  identity(ref: TargetRef): string {
    let id = this.ids.get(ref);
    if (id === undefined) this.ids.set(ref, (id = madeIdentity(ref)));
    return id;
  }

  /** The key of the note this target is now, if it is one. */
  noteKey(ref: TargetRef, states: ReadonlyMap<string, NoteState>): string | undefined {
    if (this.notes.has(ref)) return this.notes.get(ref);
    const key = ref.kind === 'path' ? states.get(ref.path)?.key : undefined;
    this.notes.set(ref, key);
    return key;
  }

  /** The node key the target has now, or will be made with; asked before anything is made. */
  plannedKey(ref: TargetRef, states: ReadonlyMap<string, NoteState>): string {
    let key = this.planned.get(ref);
    if (key === undefined) this.planned.set(ref, (key = this.noteKey(ref, states) ?? this.made.get(this.identity(ref))?.key ?? madeNode(ref).key));
    return key;
  }

  /**
   * Whether the moved edges keep their keys (the old and new targets have one node key). Asked
   * first, before anything changes, with one of the moved edges' keys; later from the cache.
   */
  keeps(r: Retarget, oldEdge?: string, g?: VaultGraph, states?: ReadonlyMap<string, NoteState>): boolean {
    let byTo = this.kept.get(r.from);
    if (!byTo) this.kept.set(r.from, (byTo = new Map()));
    let keeps = byTo.get(r.to);
    if (keeps === undefined) byTo.set(r.to, (keeps = g!.hasEdge(oldEdge!) && g!.target(oldEdge!) === this.plannedKey(r.to, states!)));
    return keeps;
  }
}
