// Writing an export to disk — the one place in export/ that touches the file system.

import path from 'node:path';
import { writeFileAtomic } from '../build/write.ts';

/**
 * One text to `target`, or several named texts into the folder `target`, each file atomically (a
 * reader may see a new nodes.csv beside an old edges.csv for a moment, never a half-written file).
 */
export function writeOutputAtomic(target: string, output: string | Record<string, string>): string[] {
  if (typeof output === 'string') {
    writeFileAtomic(target, output);
    return [target];
  }
  return Object.entries(output).map(([name, text]) => {
    const file = path.join(target, name);
    writeFileAtomic(file, text);
    return file;
  });
}
