/**
 * The npm package as users get it: `npm pack`, installed into an empty project with npm offline, an empty
 * cache and --strict-allow-scripts, then `npx pullguard`, `import { scan } from "pullguard"` and its types.
 * And the committed bundle it ships: CI's check fails when the bundle is not what the sources build.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, PROJECT } from "./helpers.js";
import { CLEAN_ENV, offlineNpmEnv } from "./npm-offline.js";

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = offlineNpmEnv()) {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Manifest {
  dependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  bin: Record<string, string>;
  exports: Record<string, unknown>;
}

const pkg = JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as Manifest & { version: string };
let files: string[] = [];
let user = "";
let install: ReturnType<typeof run>;

describe("the npm package", () => {
  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), "pullguard-pack-"));
    const pack = run("npm", ["pack", "--json", "--pack-destination", out], PROJECT);
    expect(pack.code, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    files = (info?.files ?? []).map((f) => f.path);
    user = mkdtempSync(join(tmpdir(), "pullguard-user-"));
    writeFileSync(join(user, "package.json"), '{ "name": "user", "private": true, "type": "module" }\n');
    install = run("npm", ["install", "--offline", "--strict-allow-scripts", "--no-audit", "--no-fund", join(out, info?.filename ?? "")], user);
  }, 240_000);

  it("has no dependencies and no install script", () => {
    expect(pkg.dependencies).toBeUndefined();
    expect(Object.keys(pkg.scripts ?? {}).filter((s) => /^(pre|post)?(install|prepare)$/.test(s))).toEqual([]);
  });

  it("installs with npm offline, from an empty cache, with --strict-allow-scripts", () => {
    expect(install.code, install.stderr).toBe(0);
    expect(install.stdout).toMatch(/added 1 package/);
  });

  it("holds the bundle, the rule docs and the licenses, and nothing of the sources, tests or fixtures", () => {
    for (const file of ["bin/pullguard.js", "dist/cli.js", "dist/index.js", "dist/index.d.ts", "dist/THIRD-PARTY-LICENSES.txt", "docs/rules/PG102-node-role-ecr-write-managed-policy.md", "LICENSE", "CHANGELOG.md"]) {
      expect(files).toContain(file);
    }
    expect(files.filter((f) => /^(src|test|fixtures|scripts|node_modules)\//.test(f))).toEqual([]);
  });

  it("runs with npx: --version and a scan", () => {
    expect(run("npx", ["pullguard", "--version"], user)).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const scan = run("npx", ["pullguard", join(FIXTURES, "cloudformation", "pg102-full-access-self-managed"), "--format", "json"], user);
    expect(scan.code).toBe(1);
    expect((JSON.parse(scan.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).toEqual(["PG102"]);
  });

  it("reads a configuration file (ajv, loaded on demand from the bundle)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-config-"));
    writeFileSync(join(dir, ".pullguard.yml"), "rules:\n  PG999: warning\n");
    expect(run("npx", ["pullguard", dir], user)).toMatchObject({ code: 2, stderr: `pullguard: ${join(dir, ".pullguard.yml")}: rules.PG999: unknown rule (run 'pullguard rules' for the list)\n` });
    writeFileSync(join(dir, ".pullguard.yml"), "rules: [PG102]\n");
    expect(run("npx", ["pullguard", dir], user)).toMatchObject({ code: 2, stderr: `pullguard: ${join(dir, ".pullguard.yml")}: rules: must be a mapping (key: value)\n` });
  });

  it("is importable: scan() returns the findings, and readCloudTrail loads its reader on demand", () => {
    const script = `import { scan, formatSarif, readCloudTrail } from "pullguard";
const result = scan({ files: [{ path: "nodes.yaml", text: ${JSON.stringify(readFileSync(join(FIXTURES, "cloudformation", "pg102-full-access-self-managed", "nodegroup.yaml"), "utf8"))} }] });
const trail = await readCloudTrail(${JSON.stringify(join(PROJECT, "fixtures"))}).catch((err) => err.constructor.name);
console.log(JSON.stringify({ rules: result.findings.map((f) => f.ruleId + ":" + f.location.startLine), sarif: JSON.parse(formatSarif(result)).version, trail: typeof trail }));
`;
    writeFileSync(join(user, "api.mjs"), script);
    const r = run("node", ["api.mjs"], user);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ rules: ["PG102:25"], sarif: "2.1.0", trail: "object" });
  });

  it("has types: a TypeScript user's code type-checks against dist/index.d.ts, and a misuse does not", () => {
    const tsc = join(PROJECT, "node_modules", "typescript", "bin", "tsc");
    const options = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", ];
    writeFileSync(join(user, "good.ts"), 'import { scan, type Finding } from "pullguard";\nconst findings: Finding[] = scan({ paths: ["infra"] }).findings;\nexport const lines: number[] = findings.map((f) => f.location.startLine);\n');
    expect(run(process.execPath, [tsc, ...options, "good.ts"], user, CLEAN_ENV)).toMatchObject({ code: 0, stdout: "" });
    writeFileSync(join(user, "bad.ts"), 'import { scan } from "pullguard";\nexport const n: number = scan({ paths: ["infra"] }).findings;\n');
    expect(run(process.execPath, [tsc, ...options, "bad.ts"], user, CLEAN_ENV).stdout).toMatch(/bad\.ts\(2,14\): error TS2322: Type 'Finding\[\]' is not assignable to type 'number'/);
  });
});

describe("installed by git URL, as the README says until a release is on npm", () => {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: PROJECT, encoding: "utf8" });

  it.skipIf(head.status !== 0)("installs this commit offline, with --strict-allow-scripts, and runs", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-git-user-"));
    writeFileSync(join(dir, "package.json"), '{ "name": "user", "private": true, "type": "module" }\n');
    const install = run("npm", ["install", "--offline", "--strict-allow-scripts", "--no-audit", "--no-fund", `git+file://${PROJECT}#${head.stdout.trim()}`], dir);
    expect(install.code, install.stderr).toBe(0);
    expect(run("npx", ["pullguard", "--version"], dir)).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    expect(run("npx", ["pullguard", join(FIXTURES, "terraform", "tfvars-fullaccess"), "--quiet"], dir).code).toBe(1);
  }, 120_000);
});

describe("the committed bundle", () => {
  /** A clone of this commit, with this checkout's node_modules. */
  function clone(): string {
    const dir = join(mkdtempSync(join(tmpdir(), "pullguard-clone-")), "pullguard");
    expect(run("git", ["clone", "-q", PROJECT, dir], tmpdir(), CLEAN_ENV).code).toBe(0);
    symlinkSync(join(PROJECT, "node_modules"), join(dir, "node_modules"));
    return dir;
  }
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: PROJECT, encoding: "utf8" });

  it.skipIf(head.status !== 0)("built in another folder from the committed sources, is byte for byte the committed dist/; a changed source fails the check", () => {
    const dir = clone();
    expect(run(process.execPath, ["scripts/bundle.mjs", "--check"], dir, CLEAN_ENV)).toMatchObject({ code: 0 });
    const rule = join(dir, "rules", "PG102-node-role-ecr-write-managed-policy.ts");
    writeFileSync(rule, readFileSync(rule, "utf8").replace("Attach AmazonEC2ContainerRegistryPullOnly instead", "Attach PullOnly instead"));
    const stale = run(process.execPath, ["scripts/bundle.mjs", "--check"], dir, CLEAN_ENV);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^dist\/ is not what the sources build \(.*chunks\/chunk-\w+\.js.*\): run npm run bundle and commit dist\/\n$/);
  }, 120_000);
});
