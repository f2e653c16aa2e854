/**
 * Vitest's global setup: every temporary folder the tests (and the processes they start) make goes under one
 * folder of this run, removed when the run ends, so that `npm test` leaves nothing behind in the system's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const run = mkdtempSync(join(tmpdir(), "pullguard-test-run-"));
  // os.tmpdir() reads TMPDIR on each call; the test workers and their child processes inherit it.
  process.env.TMPDIR = run;
  return () => rmSync(run, { recursive: true, force: true });
}
