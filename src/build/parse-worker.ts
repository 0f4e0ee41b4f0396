// Worker thread: read and parse the chunks of notes the pool sends and post back the Notes
// (`parse`), their aliases (`aliases`, resolveAliases' first pass) or, for the JSON build path,
// packed drafts (`draft`: resolved, classified, edges as JSON bytes).
//   in:  { type: 'init', options, paths?, keys? (each joined by NUL: joinList), detail?, aliases?, stamp? }   then   { type: 'parse' | 'aliases' | 'draft', id, root, files }
//   out: { id, items }   (packed drafts' buffers are transferred, not copied)

import { parentPort } from 'node:worker_threads';
import type { GraphDetail } from '../core/model.ts';
import type { Options } from '../core/options.ts';
import { aliasesOf, draftChunk, draftState, splitList, type DraftState } from './draft-chunk.ts';
import { readNoteParsed } from './read.ts';

type Message =
  | { type: 'init'; options: Options; paths?: string; keys?: string; detail?: GraphDetail; aliases?: Array<[string, string[]]>; stamp?: boolean }
  | { type: 'parse' | 'aliases' | 'draft'; id: number; root: string; files: Array<[string, string]> };

let options: Options;
let state: DraftState | undefined;
let stamp = false;

parentPort!.on('message', (m: Message) => {
  if (m.type === 'init') {
    options = m.options;
    state = m.paths !== undefined && m.keys !== undefined ? draftState(splitList(m.paths), splitList(m.keys), m.detail ?? 'lean', m.aliases) : undefined;
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
