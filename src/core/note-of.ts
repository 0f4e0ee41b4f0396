// VaultFile → Note: a read note is parsed; an unreadable one still becomes a node (links to it
// resolve), carrying its diagnostic.

import type { Options } from './options.ts';
import { parseNote } from './parse/note.ts';
import { noteId } from './paths.ts';
import type { Note, VaultFile } from './types.ts';

export function noteOf(file: VaultFile, options: Pick<Options, 'indexComments'>): Note {
  const note = file.text !== undefined
    ? parseNote(file.path, file.text, options)
    : { id: noteId(file.path), path: file.path, title: noteId(file.path.slice(file.path.lastIndexOf('/') + 1)), frontmatter: {}, aliases: [], links: [], tags: [], headings: [], blocks: [], diagnostics: [] };
  if (file.diagnostic) note.diagnostics.unshift(file.diagnostic);
  return note;
}
