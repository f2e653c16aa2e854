/**
 * The npm package as users get it: `npm pack`, installed into an empty folder (from npm's cache,
 * offline), then `npx pullguard` and `import { scan } from "pullguard"` from there.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, PROJECT } from "./helpers.js";
import { CLEAN_ENV, NOT_CACHED, runtimeDependenciesCached } from "./npm-offline.js";


function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...CLEAN_ENV, npm_config_offline: "true", NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const pkg = JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as { version: string };
let files: string[] = [];
let user = "";

const cached = runtimeDependenciesCached();

describe.skipIf(!cached)(cached ? "the npm package" : `the npm package (skipped: ${NOT_CACHED})`, () => {
  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), "pullguard-pack-"));
    const pack = run("npm", ["pack", "--json", "--pack-destination", out], PROJECT);
    expect(pack.code, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    files = (info?.files ?? []).map((f) => f.path);
    user = mkdtempSync(join(tmpdir(), "pullguard-user-"));
    writeFileSync(join(user, "package.json"), '{ "name": "user", "private": true, "type": "module" }\n');
    const install = run("npm", ["install", "--no-audit", "--no-fund", join(out, info?.filename ?? "")], user);
    expect(install.code, install.stderr).toBe(0);
  }, 240_000);

  it("holds what it needs and nothing of the sources, tests or fixtures", () => {
    expect(files).toContain("bin/pullguard.js");
    expect(files).toContain("dist/src/index.js");
    expect(files).toContain("dist/src/index.d.ts");
    expect(files).toContain("dist/src/data/managed-policies.json");
    expect(files).toContain("docs/rules/PG102-node-role-ecr-write-managed-policy.md");
    expect(files).toContain("LICENSE");
    expect(files.filter((f) => /^(src|test|fixtures|scripts)\//.test(f) || f.startsWith("dist/test/"))).toEqual([]);
  });

  it("runs with npx: --version and a scan", () => {
    expect(run("npx", ["pullguard", "--version"], user)).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const scan = run("npx", ["pullguard", join(FIXTURES, "cloudformation", "pg102-full-access-self-managed"), "--format", "json"], user);
    expect(scan.code).toBe(1);
    expect((JSON.parse(scan.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toEqual(["PG102"]);
  });

  it("is importable: scan() returns the findings", () => {
    const script = `import { scan, formatSarif } from "pullguard";
const result = scan({ files: [{ path: "nodes.yaml", text: ${JSON.stringify(readFileSync(join(FIXTURES, "cloudformation", "pg102-full-access-self-managed", "nodegroup.yaml"), "utf8"))} }] });
console.log(JSON.stringify({ rules: result.findings.map((f) => f.ruleId + ":" + f.location.startLine), sarif: JSON.parse(formatSarif(result)).version }));
`;
    writeFileSync(join(user, "api.mjs"), script);
    const r = run("node", ["api.mjs"], user);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ rules: ["PG102:25"], sarif: "2.1.0" });
  });
});
