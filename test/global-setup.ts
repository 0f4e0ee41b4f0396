// Every test's temporary files go to one folder per run (TMPDIR, set in vitest.config.ts), removed
// when the run ends, so test runs leave nothing behind in the system's temp folder.

import fs from 'node:fs';

export default function setup(): () => void {
  const dir = process.env.VAULTGRAPH_TEST_TMP!;
  fs.mkdirSync(dir, { recursive: true });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
