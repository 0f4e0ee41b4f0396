// `serve`'s port, chosen before any build: an explicit `--port` that is taken is a usage error
// (one line, exit 2); the default port, when taken, gives way to the next free one, said aloud.

import net from 'node:net';

/** Whether `port` is free on `host` now (bound and released at once). Other bind errors are left to the real bind. */
export function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) => resolve(e.code !== 'EADDRINUSE'));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

export type PortChoice = { ok: true; port: number; note?: string } | { ok: false; message: string };

/**
 * The port to serve on. `explicit`: the user named it, so a busy one is refused with the way out;
 * otherwise the next free port after `wanted` is taken (up to `tries` of them, then any free one).
 */
export async function choosePort(wanted: number, host: string, explicit: boolean, tries = 20): Promise<PortChoice> {
  if (wanted === 0 || await portFree(wanted, host)) return { ok: true, port: wanted };
  if (explicit) return { ok: false, message: `port ${wanted} on ${host} is in use: stop what uses it or choose another with --port N (0 picks a free one)` };
  for (let p = wanted + 1; p < wanted + tries && p <= 65535; p++) {
    if (await portFree(p, host)) return { ok: true, port: p, note: `port ${wanted} is in use; serving on ${p} instead (choose one with --port N)` };
  }
  return { ok: true, port: 0, note: `ports ${wanted}–${wanted + tries - 1} are in use; serving on a free port (choose one with --port N)` };
}
