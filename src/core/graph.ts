// Build: parsed notes + the vault's file list → the graph, as graphology's serialised form (the
// model) or as a graphology graph. Pure: the same input gives the same graph, key for key.

import Graph from 'graphology';
import { draftNote, type LinkCounts, type NoteDraft } from './draft.ts';
import { merge, type BrokenLink, type Merged } from './merge.ts';
import { GRAPH_OPTIONS, nodeAttributes } from './model.ts';
import type { Options } from './options.ts';
import { buildIndex, type ResolverIndex } from './resolve.ts';
import type { Diagnostic, EdgeAttributes, NodeAttributes, Note, Resolution } from './types.ts';

export type { BrokenLink } from './merge.ts';
export type { LinkCounts } from './draft.ts';
export type VaultGraph = Graph<NodeAttributes, EdgeAttributes>;

export interface SerializedNode { key: string; attributes: NodeAttributes }
export interface SerializedEdge { key: string; source: string; target: string; attributes: EdgeAttributes }

export { GRAPH_OPTIONS } from './model.ts';

/**
 * The graph as plain arrays, in exactly the shape and order of graphology's `graph.export()`, so
 * it can be written as JSON without building a graphology graph, or loaded with `Graph.from()`.
 */
export interface VaultModel {
  options: typeof GRAPH_OPTIONS;
  attributes: Record<string, never>;
  nodes: SerializedNode[];
  edges: SerializedEdge[];
}

export interface AssembleOutput {
  model: VaultModel;
  /** The resolver index the links were resolved with. */
  index: ResolverIndex;
  /** Note path → how each of its links resolved, in the order of `note.links`. */
  resolutions: Map<string, Resolution[]>;
  broken: BrokenLink[];
  diagnostics: Diagnostic[];
  /** Link occurrences by outcome (self links counted apart; they make no edge). */
  counts: LinkCounts;
}

export interface BuildOutput extends Omit<AssembleOutput, 'model'> { graph: VaultGraph }

export interface BuildInput {
  notes: readonly Note[];
  /** Every non-note file in the vault (possible link targets), vault-relative, sorted. */
  attachments: readonly string[];
  /** Obsidian's "Excluded files": such notes and attachments get `excluded: true`. */
  isExcluded?: (vaultPath: string) => boolean;
}

/** The resolver index over every file of the vault (aliases only when alias resolution is on). */
export function indexVault(notes: ReadonlyArray<Pick<Note, 'path' | 'aliases'>>, attachments: readonly string[], opts: Pick<Options, 'resolveAliases'>): ResolverIndex {
  return buildIndex(
    [...notes.map((n) => n.path), ...attachments].sort(),
    opts.resolveAliases ? new Map(notes.map((n) => [n.path, n.aliases])) : undefined,
  );
}

export function assemble({ notes, attachments, isExcluded }: BuildInput, opts: Options): AssembleOutput {
  const index = indexVault(notes, attachments, opts);
  const drafts = notes.map((n) => draftNote(n, index, opts));
  const merged = merge(drafts, attachments);
  const resolutions = new Map(drafts.map((d) => [d.path, d.resolutions]));
  return { model: toModel(drafts, merged, isExcluded), index, resolutions, broken: merged.broken, diagnostics: merged.diagnostics, counts: merged.counts };
}

/** Build the graphology graph. */
export function buildGraph(input: BuildInput, opts: Options): BuildOutput {
  const { model, ...rest } = assemble(input, opts);
  return { graph: toGraph(model), ...rest };
}

export function toGraph(model: VaultModel): VaultGraph {
  const graph: VaultGraph = new Graph(GRAPH_OPTIONS);
  graph.import(model);
  return graph;
}

/** The merged drafts as graphology's serialised form (attribute order is model.ts's). */
export function toModel(drafts: readonly NoteDraft[], m: Merged<NoteDraft['edges'][number]>, isExcluded?: (p: string) => boolean): VaultModel {
  const nodes = m.nodes.map(({ key, note, made }) => {
    const base = note !== undefined ? drafts[note]!.attributes : made!;
    return { key, attributes: nodeAttributes(base, m.inDegree.get(key) ?? 0, m.outDegree.get(key) ?? 0, isExcluded) };
  });
  const edges = m.edges.map(({ key, source, target, draft }) => ({ key, source, target, attributes: draft.attributes }));
  return { options: GRAPH_OPTIONS, attributes: {}, nodes, edges };
}
