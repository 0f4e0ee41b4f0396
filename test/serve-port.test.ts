// `serve` on a busy port: an explicit --port is refused in one line before any build (exit 2);
// the default port gives way to the next free one and says so.

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.ts';
import { choosePort, portFree } from '../src/cli/port.ts';
import { captureIo, fixture } from './helpers.ts';

let blocker: net.Server;
let busy: number;

beforeAll(async () => {
  blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  busy = (blocker.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

describe('serve on a busy port', () => {
  it('an explicit --port in use: one line naming the port and --port, exit 2, before any build', async () => {
    const io = captureIo();
    const t0 = Date.now();
    const code = await runCli(['serve', fixture('mini'), '--port', String(busy)], io);
    expect(code).toBe(2);
    const lines = io.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^vaultgraph: port ${busy} .*in use.*--port`));
    // The mini vault's build prints a warning on stderr: none here, so nothing was built.
    expect(io.err()).not.toContain('related-unknown-reason');
    expect(io.out()).toBe('');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('the default port in use: the next free one, said aloud', async () => {
    expect(await portFree(busy, '127.0.0.1')).toBe(false);
    const c = await choosePort(busy, '127.0.0.1', false);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.port).not.toBe(busy);
    expect(c.note).toContain(`port ${busy} is in use; serving on ${c.port}`);
    expect(await portFree(c.port, '127.0.0.1')).toBe(true);
  });

  it('a free port is taken as asked, silently', async () => {
    expect(await choosePort(0, '127.0.0.1', true)).toEqual({ ok: true, port: 0 });
    const c = await choosePort(busy, '127.0.0.1', true);
    expect(c.ok).toBe(false);
  });
});
