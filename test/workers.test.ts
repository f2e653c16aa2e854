/**
 * YAML and JSON files are analysed in worker threads (the bundle's dist/worker.js) when there are enough of them:
 * whatever the number of threads, and whichever finishes first, the reports are byte for byte the same.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a script of the project, without types
import { generate } from "../scripts/bench-generate.mjs";
import { FIXTURES, PROJECT } from "./helpers.js";

describe("worker threads", () => {
  // A generated estate (enough files for several workers) and every fixture, in one repository.
  const dir = mkdtempSync(join(tmpdir(), "pullguard-workers-"));
  (generate as (dir: string, options: { terraformFiles: number; yamlFiles: number }) => void)(join(dir, "estate"), { terraformFiles: 60, yamlFiles: 500 });
  cpSync(FIXTURES, join(dir, "fixtures"), { recursive: true });

  const run = (workers: string, format: string) => {
    const result = spawnSync(process.execPath, [join(PROJECT, "bin", "pullguard.js"), ".", "--exclude", "expected.json", "--workers", workers, "--format", format], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it.each(["json", "sarif", "text"])("%s: one thread and several give the same report", (format) => {
    const one = run("1", format);
    expect(one.status).toBe(3);
    expect(one.stdout.length).toBeGreaterThan(10_000);
    for (const workers of ["2", "5"]) expect(run(workers, format), `--workers ${workers}`).toEqual(one);
  });

  it("starts the threads it is asked for (each writes a CPU profile of its own)", () => {
    const profiles = mkdtempSync(join(tmpdir(), "pullguard-profiles-"));
    const result = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", profiles, join(PROJECT, "bin", "pullguard.js"), "estate", "--workers", "3", "--format", "json"], { cwd: dir, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    expect(result.status).toBe(1);
    expect(readdirSync(profiles).filter((f) => f.endsWith(".cpuprofile"))).toHaveLength(4);
  });

  it("--workers takes a number of threads", () => {
    const bad = run("0", "json");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--workers 0: expected a number of threads from 1 to 999");
  });
});
