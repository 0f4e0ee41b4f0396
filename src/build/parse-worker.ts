// Worker thread: read and parse the chunks of notes the pool sends and post back the Notes
// (`parse`), their aliases (`aliases`, resolveAliases' first pass) or, for the JSON build path,
// packed drafts (`draft`: resolved, classified, edges as JSON bytes).
//   in:  [{ type: 'files', paths (joined by NUL: joinList), aliases? }]   (every vault file, sent ahead: the resolver's index is built at once)
//        { type: 'init', options, paths?, keys? (joinList), detail?, aliases?, stamp? }   (no paths: those of 'files')
//        then   { type: 'parse' | 'aliases' | 'draft', id, root, files }
//   out: { id, items }   (packed drafts' buffers are transferred, not copied)

import { parentPort } from 'node:worker_threads';
import type { GraphDetail } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import { aliasesOf, draftChunk, draftState, filesState, splitList, type DraftState, type FilesState } from './draft-chunk.ts';
import { readNoteParsed } from './read.ts';

type Message =
  | { type: 'files'; paths: string; aliases?: Array<[string, string[]]> }
  | { type: 'init'; options: Options; paths?: string; keys?: string; detail?: GraphDetail; aliases?: Array<[string, string[]]>; stamp?: boolean }
  | { type: 'parse' | 'aliases' | 'draft'; id: number; root: string; files: Array<[string, string]> };

let options: Options;
let ahead: FilesState | undefined;
let state: DraftState | undefined;
let stamp = false;

parentPort!.on('message', (m: Message) => {
  if (m.type === 'files') {
    ahead = filesState(splitList(m.paths), m.aliases);
    return;
  }
  if (m.type === 'init') {
    options = m.options;
    const files = m.paths !== undefined ? filesState(splitList(m.paths), m.aliases) : ahead;
    state = files && m.keys !== undefined ? draftState(files, splitList(m.keys), m.detail ?? 'lean') : undefined;
    stamp = m.stamp ?? false;
    return;
  }
  if (m.type === 'parse') {
    parentPort!.postMessage({ id: m.id, items: m.files.map(([rel, disk]) => readNoteParsed(m.root, rel, disk, options, false).note) });
    return;
  }
  if (m.type === 'aliases') {
    parentPort!.postMessage({ id: m.id, items: aliasesOf(m.root, m.files, options) });
    return;
  }
  const { items, transfer } = draftChunk(m.root, m.files, state!, options, stamp);
  parentPort!.postMessage({ id: m.id, items }, transfer);
});
