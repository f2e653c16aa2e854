import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PROJECT } from "./helpers.js";

interface Workflow {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { steps: { name?: string; run?: string; uses?: string; env?: Record<string, string> }[] }>;
}

function section(version: string) {
  const run = spawnSync(process.execPath, [join(PROJECT, "scripts", "changelog-section.mjs"), version], { encoding: "utf8" });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("releases", () => {
  const workflow = parse(readFileSync(join(PROJECT, ".github", "workflows", "release.yml"), "utf8")) as Workflow;
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  const runs = steps.map((s) => s.run ?? "").join("\n");

  it("run on a version tag, with what publishing with provenance and a release need", () => {
    expect(workflow.on.push.tags).toEqual(["v[0-9]+.[0-9]+.[0-9]+"]);
    expect(workflow.permissions).toEqual({ contents: "write", "id-token": "write" });
  });

  it("check the tag against the package, run CI, publish with provenance, release with the changelog, move the major tag, in that order", () => {
    const order = ["require(\"./package.json\").version", "changelog-section.mjs", "bash .ci/run", "npm publish --provenance", "gh release create", "git tag --force \"$major\""];
    const at = order.map((text) => runs.indexOf(text));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it("take the release notes from the version's CHANGELOG.md section", () => {
    const notes = section("v0.1.0");
    expect(notes.code).toBe(0);
    expect(notes.stdout).toMatch(/^### Added\n\n- First release:/);
    expect(notes.stdout).not.toContain("## [");
  });

  it("refuse a version the changelog has no section for", () => {
    expect(section("9.9.9")).toEqual({ code: 2, stdout: "", stderr: 'CHANGELOG.md has no section for 9.9.9: add "## [9.9.9] - YYYY-MM-DD" before releasing\n' });
  });
});
