// Build: parsed notes + the vault's file list → a graphology graph with typed nodes and edges,
// the broken links, and diagnostics. Pure: the same input gives the same graph, key for key.

import Graph from 'graphology';
import type { Options } from './options.ts';
import { classifyLink } from './relations.ts';
import { buildIndex, folderOf, resolveLink } from './resolve.ts';
import type { Diagnostic, EdgeAttributes, NodeAttributes, Note, Occurrence, RawLink } from './types.ts';

export type VaultGraph = Graph<NodeAttributes, EdgeAttributes>;

export interface BrokenLink {
  source: string; // node key of the note
  path: string; // the note's file path
  line: number;
  column: number;
  raw: string;
  target: string; // linkpath as written
  /** Node key of the unresolved placeholder the link points to. */
  node: string;
}

export interface BuildOutput {
  graph: VaultGraph;
  broken: BrokenLink[];
  diagnostics: Diagnostic[];
  /** Link occurrences by outcome (self links counted apart; they make no edge). */
  counts: { links: number; resolved: number; unresolved: number; ambiguous: number; self: number };
}

export interface BuildInput {
  notes: readonly Note[];
  /** Every non-note file in the vault (possible link targets), vault-relative, sorted. */
  attachments: readonly string[];
}

export const GRAPH_OPTIONS = { type: 'directed', multi: true, allowSelfLoops: false } as const;

/** One pending edge, merged over all the occurrences of (source, target, relation). */
interface EdgeDraft { source: string; target: string; attrs: EdgeAttributes }

export function buildGraph({ notes, attachments }: BuildInput, opts: Options): BuildOutput {
  const graph: VaultGraph = new Graph(GRAPH_OPTIONS);
  const diagnostics: Diagnostic[] = [];
  const broken: BrokenLink[] = [];
  const counts = { links: 0, resolved: 0, unresolved: 0, ambiguous: 0, self: 0 };
  const keyOfPath = new Map<string, string>();
  const topicPrefix = opts.topicFolder.toLowerCase();
  const isTopicPath = (p: string) => topicPrefix !== '' && p.toLowerCase().startsWith(topicPrefix);

  const addNode = (wanted: string, attrs: NodeAttributes, path: string): string => {
    let key = wanted;
    if (graph.hasNode(key)) {
      key = path; // `A.md` and `A.MD`, or `a.png.md` and `a.png`: fall back to the full file name
      for (let n = 2; graph.hasNode(key); n++) key = `${path}#${n}`;
      diagnostics.push({ path, line: 1, severity: 'warning', code: 'duplicate-node-key',
        message: `node key "${wanted}" is already taken by "${graph.getNodeAttribute(wanted, 'path')}"; this file is keyed "${key}"` });
    }
    graph.addNode(key, attrs);
    return key;
  };

  for (const note of notes) {
    const tags = [...new Set(note.tags.map((t) => t.name.toLowerCase()))];
    const meta = Object.keys(note.frontmatter).length > 0 ? jsonCopy(note.frontmatter) : undefined;
    const key = addNode(note.id, {
      kind: isTopicPath(note.path) ? 'topic' : 'note', label: note.title, path: note.path, folder: folderOf(note.path),
      ...(meta && { meta }), ...(note.aliases.length > 0 && { aliases: note.aliases }), ...(tags.length > 0 && { tags }),
      inDegree: 0, outDegree: 0,
    }, note.path);
    keyOfPath.set(note.path, key);
    diagnostics.push(...note.diagnostics);
  }

  const index = buildIndex(
    [...notes.map((n) => n.path), ...attachments].sort(),
    opts.resolveAliases ? new Map(notes.map((n) => [n.path, n.aliases])) : undefined,
  );
  const attachmentKey = (path: string): string => {
    const known = keyOfPath.get(path);
    if (known) return known;
    const key = addNode(path, { kind: 'attachment', label: path.slice(path.lastIndexOf('/') + 1), path, folder: folderOf(path), inDegree: 0, outDegree: 0 }, path);
    keyOfPath.set(path, key);
    return key;
  };
  const unresolvedKeys = new Map<string, string>(); // lowercase linkpath → node key (first spelling)
  const unresolvedKey = (link: RawLink): string => {
    const written = link.target.replace(/\.md$/i, '');
    const lower = written.toLowerCase();
    const known = unresolvedKeys.get(lower);
    if (known) return known;
    const key = addNode(written, { kind: 'unresolved', label: written.slice(written.lastIndexOf('/') + 1) || written, path: written, folder: folderOf(written), inDegree: 0, outDegree: 0 }, `${written} (unresolved)`);
    unresolvedKeys.set(lower, key);
    return key;
  };

  const drafts = new Map<string, EdgeDraft>();
  const addOccurrence = (source: string, target: string, relation: string, label: string, description: string | undefined, occ: Occurrence) => {
    const key = `${relation}:${source}->${target}`;
    const draft = drafts.get(key);
    if (draft && draft.source === source && draft.target === target) {
      draft.attrs.count++;
      draft.attrs.occurrences.push(occ);
      if (description && !draft.attrs.description) draft.attrs.description = description;
      return;
    }
    let unique = key;
    for (let n = 2; drafts.has(unique); n++) unique = `${key}#${n}`; // only when a path itself contains "->"
    drafts.set(unique, { source, target, attrs: { relation, label, ...(description && { description }), count: 1, origin: occ.origin, occurrences: [occ] } });
  };

  for (const note of notes) {
    const source = keyOfPath.get(note.path)!;
    for (const link of note.links) {
      counts.links++;
      const res = resolveLink(link.target, note.path, index, opts.resolveAliases);
      if (res.kind === 'self') { counts.self++; continue; }
      let target: string;
      if (res.kind === 'missing') {
        counts.unresolved++;
        target = unresolvedKey(link);
        broken.push({ source, path: note.path, line: link.line, column: link.column, raw: link.raw, target: link.target, node: target });
      } else {
        counts.resolved++;
        if (res.kind === 'ambiguous') {
          counts.ambiguous++;
          diagnostics.push({ path: note.path, line: link.line, column: link.column, severity: 'warning', code: 'ambiguous-link',
            message: `${link.raw} matches ${res.candidates.length} files of the same path length (${res.candidates.join(', ')}); it resolves to ${res.path}, the first in vault order` });
        }
        target = res.path.toLowerCase().endsWith('.md') ? keyOfPath.get(res.path)! : attachmentKey(res.path);
        if (target === source) { counts.self++; continue; }
      }
      const targetIsTopic = res.kind !== 'missing' && isTopicPath(res.path);
      const c = classifyLink(note, link, targetIsTopic, opts, diagnostics);
      addOccurrence(source, target, c.relation, c.label, c.description, occurrenceOf(link));
    }
    for (const tag of note.tags) {
      const lower = tag.name.toLowerCase();
      const key = `#${lower}`;
      if (!graph.hasNode(key)) graph.addNode(key, { kind: 'tag', label: `#${tag.name}`, path: key, folder: '', inDegree: 0, outDegree: 0 });
      if (graph.getNodeAttribute(key, 'kind') !== 'tag') continue; // a note literally named "#x"
      addOccurrence(source, key, 'tag', 'tag', undefined, { line: tag.line, column: tag.column, raw: `#${tag.name}`, origin: tag.origin });
    }
  }

  for (const [key, d] of drafts) graph.addDirectedEdgeWithKey(key, d.source, d.target, d.attrs);
  graph.forEachNode((node) => {
    graph.mergeNodeAttributes(node, { inDegree: graph.inDegree(node), outDegree: graph.outDegree(node) });
  });
  return { graph, broken, diagnostics, counts };
}

function occurrenceOf(link: RawLink): Occurrence {
  return {
    line: link.line, column: link.column, raw: link.raw, origin: link.origin,
    ...(link.alias !== undefined && { alias: link.alias }), ...(link.subpath !== undefined && { subpath: link.subpath }),
  };
}

/** A JSON-safe deep copy: `__proto__` stays an own data property, dates and odd values vanish. */
function jsonCopy(data: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}
