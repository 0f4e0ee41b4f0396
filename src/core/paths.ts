// Vault paths: the folder of a path, and a note's node key. Every module that needs either calls
// these (keys: model.ts builds the rest of them on top).

/** Parent folder of a vault path ('' at the vault root): `a/b/C.md` → `a/b`. */
export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i === -1 ? '' : path.slice(0, i);
}

/** Vault path → a note's node key: drop a `.md` extension (any case). `a/B.MD` → `a/B`. */
export function noteId(path: string): string {
  return path.replace(/\.md$/i, '');
}
