// The one shape of every error a user sees from the CLI: `vaultgraph: <what>: <path>: <reason>`,
// exit 2 (usage: the command asked for something that cannot be) or 3 (environment: the disk, the
// permissions, the network). Thrown where the path is known; main.ts prints it on one line.

export class Failure extends Error {
  constructor(readonly what: string, readonly path: string, readonly reason: string, readonly exit: 2 | 3 = 3, options?: { cause?: unknown }) {
    super(`${what}: ${path}: ${reason}`, options);
  }
}

/** A Node file-system or network error (it has a `code` such as EACCES). */
export function isErrno(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string';
}

/** `permission denied (EACCES)`: Node's own words for the code, without the path it repeats. */
export function reasonOf(e: unknown): string {
  if (e instanceof Failure) return e.reason;
  if (!isErrno(e)) return e instanceof Error ? e.message.split('\n')[0]! : String(e);
  const words = /^[A-Z0-9_]+: ([^,]+)/.exec(e.message)?.[1] ?? e.message.split('\n')[0]!;
  return e.code && !words.includes(e.code) ? `${words} (${e.code})` : words;
}

/** An error met while doing `what` on `path`, as a Failure (exit 3); a Failure passes through. */
export function fsFailure(what: string, path: string, e: unknown): Failure {
  if (e instanceof Failure) return e;
  return new Failure(what, path, reasonOf(e), 3, { cause: e });
}
