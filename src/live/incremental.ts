// Watch mode's model: the vault held in memory — each note's parse and draft, the resolver index,
// a reverse index "file name → notes whose links name it", and the merged graph — patched change by
// change. Pure: the watcher (watch.ts) reads the files; `apply` says what changed in the graph.
//
//   apply([{ type: 'upsert', path: 'b/New.md', text }])
//     1. the file set and the resolver index (byName lists stay in vault order; the memo is cleared)
//     2. re-draft that note, and of the notes with a link named "new" / "new.md" (by resolve.ts step 2
//        the only ones that can resolve differently) those where one of these links now resolves
//        differently: each distinct linkpath is resolved once (memo), a note whose links all give
//        the answer its draft holds keeps its draft and its edges
//     3. patch the graph: drop their old edges, add the new ones — but a note re-drafted only for its
//        links' sake keeps every edge whose key and attributes stay (renaming a hub in place: its
//        in-edges now reach an unresolved node of the same key, which takes the node over; the same
//        in reverse when the file comes back). Attachment, tag and unresolved
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
import type { Diagnostic, EdgeAttributes, NodeAttributes, Note } from '../core/types.ts';
import { bisect, byNameIndex, byPath, linkNames } from './live-index.ts';

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
  /** Lowercase file names its links name (keys of the reverse index). */
  names: string[];
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
  const linkers = new Map<string, Set<string>>();
  let safe = false;
  let graph: VaultGraph;

  const identityOf = (ref: TargetRef): string | undefined =>
    ref.kind === 'path' && states.has(ref.path) ? undefined : madeIdentity(ref);
  const noteAttributes = (d: NoteDraft): NodeAttributes => nodeAttributes(d.attributes, 0, 0, isExcluded);
  const register = (s: NoteState, on: boolean) => {
    for (const n of s.names) {
      const set = linkers.get(n);
      if (on) { if (set) set.add(s.note.path); else linkers.set(n, new Set([s.note.path])); } else set?.delete(s.note.path);
    }
  };

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
    const s: NoteState = { note, draft: draftNote(note, index, opts), key: note.id, edgeKeys: [], idents: new Set(), names: linkNames(note) };
    states.set(note.path, s);
    register(s, true);
  }
  graph = undefined as unknown as VaultGraph;
  remerge();

  /** Steps 1–2: files, index, re-drafts. Returns the notes re-drafted, added and deleted. */
  function update(changes: readonly VaultChange[]): { redrafted: string[]; written: Set<string>; added: string[]; deleted: NoteState[] } {
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
      const s: NoteState = { note, draft: old?.draft as NoteDraft, key: old?.key ?? note.id, edgeKeys: old?.edgeKeys ?? [], idents: old?.idents ?? new Set(), names: linkNames(note) };
      states.set(c.path, s);
      register(s, true);
      redrafted.add(c.path);
    }
    const written = new Set(redrafted);
    if (touchedNames.size > 0) clearMemo(index);
    if (opts.resolveAliases) {
      index = indexVault(notePaths.map((p) => states.get(p)!.note), [...attachments].sort(byPath), opts);
      for (const p of notePaths) redrafted.add(p);
    } else {
      for (const n of touchedNames) for (const p of linkers.get(n) ?? []) if (!redrafted.has(p) && resolvesDifferently(states.get(p)!)) redrafted.add(p);
    }
    for (const p of redrafted) { const s = states.get(p)!; s.draft = draftNote(s.note, index, opts); }
    return { redrafted: [...redrafted], written, added, deleted };
  }

  /** Whether a link of the note now resolves otherwise than its draft says (the memo makes this per linkpath). */
  function resolvesDifferently(s: NoteState): boolean {
    const { links } = s.note;
    const was = s.draft.resolutions;
    for (let i = 0; i < links.length; i++) {
      if (!sameResolution(was[i]!, resolveLink(links[i]!.target, s.note.path, index, opts.resolveAliases))) return true;
    }
    return false;
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
  function patch(rec: Recorder, redrafted: string[], written: ReadonlySet<string>, added: string[], deleted: NoteState[]): void {
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
        let m = made.get(id);
        if (!m) {
          const node = madeNode(e.target);
          if (keyMayCollide(node.key)) throw new Conflict(`live vault: node key "${node.key}" is taken`);
          rec.node(node.key);
          if (handOver.delete(node.key)) g.replaceNodeAttributes(node.key, nodeAttributes(node.attributes, 0, 0, isExcluded));
          else if (g.hasNode(node.key)) throw new Conflict(`live vault: node key "${node.key}" is taken`);
          else g.addNode(node.key, nodeAttributes(node.attributes, 0, 0, isExcluded));
          m = { key: node.key, refs: new Set(), first: path, stale: false };
          made.set(id, m);
        } else if (!m.stale && path < m.first) m.first = path;
        m.refs.add(path);
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
      const { redrafted, written, added, deleted } = update(changes);
      if (!wasSafe || opts.resolveAliases) return remerge(rec)!;
      try {
        patch(rec, redrafted, written, added, deleted);
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

