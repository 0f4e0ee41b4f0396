// A chunk of notes, start to finish, on whatever thread runs it (a parse worker, or inline): read
// (with stamps for the build cache), parse, resolve, classify and pack each note; or, for
// resolveAliases' first pass, only read each note's aliases.

import { draftNote } from '../core/draft.ts';
import type { GraphDetail } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import { ChunkPacker, packContext, type PackContext, type PackedDraft } from '../core/pack.ts';
import { primeParser } from '../core/parse/prime.ts';
import { buildIndex, type ResolverIndex } from '../core/resolve.ts';
import { readNoteParsed, type Stamp } from './read.ts';

/** Notes as [vault path, path on disk] (they differ where a name is not NFC on disk). */
export type Files = ReadonlyArray<[string, string]>;

export interface Drafted { draft: PackedDraft; stamp?: Stamp }

export interface DraftState { index: ResolverIndex; pack: PackContext }

/** What drafting needs of the vault's files alone (no keys yet): the sorted paths and the resolver's index over them (and the aliases). */
export interface FilesState { paths: readonly string[]; index: ResolverIndex }

export function filesState(paths: readonly string[], aliases?: ReadonlyArray<[string, string[]]>): FilesState {
  return { paths, index: buildIndex(paths, aliases && new Map(aliases)) };
}

/** What a thread keeps between chunks: the files' resolver index, and the packer's context for these node keys. */
export function draftState(files: FilesState, keys: readonly string[], detail: GraphDetail): DraftState {
  return { index: files.index, pack: packContext(files.paths, keys, detail) };
}

/** What a thread drafts with for a vault's files (sorted paths, aliases for resolveAliases), node keys and detail. */
export function draftStateFor(setup: { paths: readonly string[]; keys: readonly string[]; aliases?: ReadonlyArray<[string, string[]]>; detail: GraphDetail }): DraftState {
  return draftState(filesState(setup.paths, setup.aliases), setup.keys, setup.detail);
}

/** A chunk at least this long primes the thread's parser first (parse/prime.ts: a few ms, paid back over hundreds of notes, not over the few a warm build drafts). */
const PRIME_FROM = 64;

/** A chunk of notes, start to finish: read (with stamps for the cache), parse, draft, pack. */
export function draftChunk(root: string, files: Files, state: DraftState, options: Options, stamp: boolean): { items: Drafted[]; transfer: ArrayBuffer[] } {
  if (files.length >= PRIME_FROM) primeParser();
  const packer = new ChunkPacker(state.pack);
  const stamps = files.map(([rel, disk]) => {
    const read = readNoteParsed(root, rel, disk, options, stamp);
    packer.add(draftNote(read.note, state.index, options, state.pack.detail === 'lean'));
    return read.stamp;
  });
  const { drafts, transfer } = packer.finish();
  return { items: drafts.map((draft, i) => stamps[i] ? { draft, stamp: stamps[i] } : { draft }), transfer };
}

/** Vault paths or node keys (never holding NUL) as one string, for a worker's init message; splitList undoes it. */
export function joinList(xs: readonly string[]): string { return xs.join('\0'); }
export function splitList(s: string): string[] { return s === '' ? [] : s.split('\0'); }

/** A chunk's aliases (null for a note without any). */
export function aliasesOf(root: string, files: Files, options: Options): Array<[string, string[]] | null> {
  return files.map(([rel, disk]) => {
    const { aliases } = readNoteParsed(root, rel, disk, options, false).note;
    return aliases.length > 0 ? [rel, aliases] : null;
  });
}
