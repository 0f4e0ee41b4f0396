// Worker thread: read and parse the chunks of notes the pool sends and post back either the Notes
// (`parse`) or, for the JSON build path, frozen drafts (`draft`: resolved, classified, serialised).
//   in:  { type: 'init', options, paths? }   then   { type: 'parse' | 'draft', id, root, files }
//   out: { id, items }

import { parentPort } from 'node:worker_threads';
import { noteOf } from './note-of.ts';
import type { Options } from './options.ts';
import { draftOne } from './parse-pool.ts';
import { readNote } from './read.ts';
import { buildIndex, type ResolverIndex } from './resolve.ts';

type Message =
  | { type: 'init'; options: Options; paths?: string[]; stamp?: boolean }
  | { type: 'parse' | 'draft'; id: number; root: string; files: Array<[string, string]> };

let options: Options;
let index: ResolverIndex | undefined;
let stamp = false;

parentPort!.on('message', (m: Message) => {
  if (m.type === 'init') {
    options = m.options;
    index = m.paths ? buildIndex(m.paths) : undefined;
    stamp = m.stamp ?? false;
    return;
  }
  const items = m.type === 'parse'
    ? m.files.map(([rel, disk]) => noteOf(readNote(m.root, rel, disk, options.maxFileBytes), options))
    : m.files.map(([rel, disk]) => draftOne(m.root, rel, disk, index!, options, stamp));
  parentPort!.postMessage({ id: m.id, items });
});
