import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { findRule } from "../rules/index.js";
import { initFiles, SARIF_CATEGORY, WORKFLOW_ACTIONS } from "../src/cli/init.js";
import { loadConfig } from "../src/config/config.js";
import { VERSION } from "../src/report/tool.js";
import { PROJECT } from "./helpers.js";

const temp = mkdtempSync(join(tmpdir(), "pullguard-init-"));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const schema = JSON.parse(readFileSync(join(PROJECT, "src", "config", "schema.json"), "utf8")) as { properties: Record<string, unknown> };
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { "runs-on": string; permissions: Record<string, string>; steps: { name?: string; id?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }[] }>;
}

/** A repository with `.git`, and `init` run at its root. */
function repository(): string {
  const dir = mkdtempSync(join(temp, "repo-"));
  mkdirSync(join(dir, ".git"));
  return dir;
}

const files = initFiles({ cwd: repository() });
const byPath = (list: typeof files, path: string) => {
  const file = list.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in ${list.map((f) => f.path).join(", ")}`);
  return file;
};

describe("pullguard init", () => {
  it("writes the configuration, the pre-commit entry and the workflow, each with a reason", () => {
    expect(files.map((f) => f.path)).toEqual([".pullguard.yml", ".pre-commit-config.yaml", ".github/workflows/pullguard.yml"]);
    for (const file of files) {
      expect(file.why.length).toBeGreaterThan(20);
      expect(file.text.endsWith("\n")).toBe(true);
      expect(() => parse(file.text) as unknown).not.toThrow();
    }
  });

  describe(".pullguard.yml", () => {
    const text = byPath(files, ".pullguard.yml").text;
    const config = parse(text) as Record<string, unknown>;

    it("validates against the configuration schema as written", () => {
      expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    });

    it("shows every key of the schema, the ignores as a commented-out example", () => {
      for (const key of Object.keys(schema.properties)) {
        if (key === "ignores") expect(text).toMatch(/^# ignores:$/m);
        else expect(Object.keys(config)).toContain(key);
      }
    });

    it("loads like any configuration, and changes nothing: every value is the default", () => {
      const file = join(mkdtempSync(join(temp, "config-")), ".pullguard.yml");
      writeFileSync(file, text);
      const loaded = loadConfig(file);
      expect(Object.keys(loaded.rules)).toHaveLength(2);
      for (const [key, level] of Object.entries(loaded.rules)) expect(level).toBe(findRule(key)?.meta.defaultLevel);
      // One rule by id, one by name.
      expect(Object.keys(loaded.rules).some((k) => /^PG\d{3}$/.test(k))).toBe(true);
      expect(Object.keys(loaded.rules).some((k) => /^[a-z]+(-[a-z]+)+$/.test(k))).toBe(true);
      expect(loaded.include).toEqual([]);
      expect(loaded.exclude).toEqual([]);
      expect(loaded.failOn).toBe("error");
      expect(loaded.ignores ?? []).toEqual([]);
    });

    it("has an ignores example that is valid once uncommented", () => {
      const uncommented = text.replace(/^# (ignores:| {2})/gm, "$1");
      const withIgnores = parse(uncommented) as { ignores?: Record<string, unknown>[] };
      expect(withIgnores.ignores).toHaveLength(1);
      expect(Object.keys(withIgnores.ignores?.[0] ?? {})).toEqual(["rule", "path", "resource", "reason", "until"]);
      expect(validate(withIgnores), JSON.stringify(validate.errors)).toBe(true);
    });
  });

  describe(".pre-commit-config.yaml", () => {
    it("points at the pullguard repository at this version's tag", () => {
      const config = parse(byPath(files, ".pre-commit-config.yaml").text) as { repos: { repo: string; rev: string; hooks: { id: string }[] }[] };
      expect(config.repos).toEqual([{ repo: "https://github.com/pullguard/pullguard", rev: `v${VERSION}`, hooks: [{ id: "pullguard" }] }]);
    });
  });

  describe(".github/workflows/pullguard.yml", () => {
    const workflow = parse(byPath(files, ".github/workflows/pullguard.yml").text) as Workflow;
    const job = Object.values(workflow.jobs)[0];
    const steps = job?.steps ?? [];

    it("runs on push and pull_request with the permissions code scanning needs and no more", () => {
      expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
      expect(workflow.permissions).toEqual({ contents: "read" });
      expect(job?.permissions).toEqual({ contents: "read", "security-events": "write", actions: "read" });
      expect(job?.["runs-on"]).toBe("ubuntu-latest");
    });

    it("checks out and runs the pullguard action of this major version on the whole repository", () => {
      expect(steps[0]?.uses).toBe(WORKFLOW_ACTIONS.checkout);
      expect(steps[1]).toEqual({ name: "Scan", id: "pullguard", uses: `pullguard/pullguard@v${VERSION.split(".")[0]}`, with: { paths: ".", "fail-on": "error" } });
    });

    it("uploads the SARIF file the action wrote, with the pullguard category, even when the scan fails on findings", () => {
      const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
      expect(upload).toEqual({
        name: "Upload to code scanning",
        if: "always() && steps.pullguard.outputs.sarif-file",
        uses: WORKFLOW_ACTIONS.uploadSarif,
        with: { sarif_file: "${{ steps.pullguard.outputs.sarif-file }}", category: SARIF_CATEGORY },
      });
      expect(SARIF_CATEGORY).toBe("pullguard");
      expect(steps.indexOf(upload as (typeof steps)[number])).toBe(steps.length - 1);
    });

    it("uses the current major version of each action", () => {
      expect(Object.values(WORKFLOW_ACTIONS)).toEqual(["actions/checkout@v7", `pullguard/pullguard@v${VERSION.split(".")[0]}`, "github/codeql-action/upload-sarif@v4"]);
    });
  });

  it("below the repository root: the workflow and the hook go to the root and scan the folder", () => {
    const root = repository();
    const folder = join(root, "infra", "eks clusters");
    mkdirSync(folder, { recursive: true });
    const nested = initFiles({ cwd: folder });
    expect(nested.map((f) => f.path)).toEqual([".pullguard.yml", "../../.pre-commit-config.yaml", "../../.github/workflows/pullguard.yml"]);
    const hook = parse(byPath(nested, "../../.pre-commit-config.yaml").text) as { repos: { hooks: { id: string; files: string }[] }[] };
    expect(hook.repos[0]?.hooks).toEqual([{ id: "pullguard", files: "^infra/eks clusters/" }]);
    expect(new RegExp(hook.repos[0]?.hooks[0]?.files ?? "").test("infra/eks clusters/main.tf")).toBe(true);
    const workflow = parse(byPath(nested, "../../.github/workflows/pullguard.yml").text) as Workflow;
    const steps = Object.values(workflow.jobs)[0]?.steps ?? [];
    expect(steps.find((s) => s.id === "pullguard")?.with).toEqual({ paths: "infra/eks clusters", "fail-on": "error" });
  });

  it("outside a repository: everything goes to the folder itself", () => {
    const alone = mkdtempSync(join(temp, "plain-"));
    expect(initFiles({ cwd: alone }).map((f) => f.path)).toEqual([".pullguard.yml", ".pre-commit-config.yaml", ".github/workflows/pullguard.yml"]);
  });
});
