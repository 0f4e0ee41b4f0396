// A pin on the public surface: what src/index.ts exports and what every command's --help says. A
// later move or refactor cannot change either unnoticed; a deliberate change updates the snapshot
// (`npx vitest run test/public-api.test.ts -u`) in the same commit.

import { describe, expect, it } from 'vitest';
import * as api from '../src/index.ts';
import { mainHelp, runCli } from '../src/cli/main.ts';
import { captureIo } from './helpers.ts';

const commands = [...(await mainHelp()).matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]!);

describe('public API', () => {
  it('src/index.ts exports these values', () => {
    expect(Object.keys(api).sort().map((k) => `${k}: ${typeof (api as Record<string, unknown>)[k]}`)).toMatchSnapshot();
  });

  it('vaultgraph --help lists these commands', async () => {
    expect(await mainHelp()).toMatchSnapshot();
  });

  it.each(commands)('vaultgraph %s --help', async (name) => {
    const io = captureIo();
    expect(await runCli([name, '--help'], io)).toBe(0);
    expect(io.out()).toMatchSnapshot();
  });
});
