import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../src/cli/main.js";
import { FIXTURES, PROJECT } from "./helpers.js";

const BIN = join(PROJECT, "bin", "pullguard.js");
const CFN = join(FIXTURES, "cloudformation");

function cli(args: string[], cwd = PROJECT) {
  const run = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function inProcess(args: string[], io: Partial<Io> = {}) {
  let stdout = "";
  let stderr = "";
  const code = main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: PROJECT, env: {}, isTTY: false, ...io });
  return { code, stdout, stderr };
}

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pullguard-cli-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const BAD = join(CFN, "pg102-full-access-self-managed");
const GOOD = join(CFN, "pg102-good");

describe("command line", () => {
  it("prints the package version", () => {
    const pkg = JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as { version: string };
    expect(cli(["--version"])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
    expect(cli(["-v"]).stdout).toBe(`${pkg.version}\n`);
  });

  it("explains itself with --help", () => {
    const { code, stdout } = cli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("pullguard [scan] [PATH...]");
    expect(stdout).toContain("--fail-on LEVEL");
  });

  it.each([
    [["--frobnicate"], "pullguard: unknown option '--frobnicate'. Run 'pullguard --help' for the options.\n"],
    [["--format", "xml", "."], "pullguard: --format xml: expected one of text, json, sarif, github, markdown. Run 'pullguard --help' for the options.\n"],
    [["--fail-on", "sometimes", "."], "pullguard: --fail-on sometimes: expected one of error, warning, note, none. Run 'pullguard --help' for the options.\n"],
    [["--format"], "pullguard: option '--format' needs a value. Run 'pullguard --help' for the options.\n"],
    [["--rule", "PG999=error", "."], "pullguard: --rule PG999=error: unknown rule 'PG999'. Run 'pullguard rules' for the list.\n"],
    [["--rule", "PG102=loud", "."], "pullguard: --rule loud: expected one of off, note, warning, error. Run 'pullguard --help' for the options.\n"],
    [["--rule", "PG102", "."], "pullguard: --rule PG102: expected ID=LEVEL, for example --rule PG105=warning\n"],
    [["no/such/folder"], "pullguard: no such file or folder: no/such/folder\n"],
    [["explain", "PG000"], "pullguard: unknown rule 'PG000'. Run 'pullguard rules' for the list.\n"],
  ])("rejects %j with exit 2 and one line", (args, message) => {
    expect(cli(args)).toEqual({ code: 2, stdout: "", stderr: message });
  });

  it("lists the rules", () => {
    const { code, stdout } = cli(["rules"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[1]).toMatch(/^PG101\s+node-role-ecr-write\s+error\s+8\.8\s+A node role's own policy allows writing to ECR\.$/);
    expect(stdout).toMatch(/^PG105\s+node-role-ecr-readonly-not-pullonly\s+off\s+-\s+/m);
  });

  it("explains a rule by id or by name", () => {
    const byId = cli(["explain", "PG102"]);
    expect(byId.code).toBe(0);
    expect(byId.stdout).toMatch(/^# PG102 node-role-ecr-write-managed-policy\n/);
    expect(cli(["explain", "node-role-ecr-write-managed-policy"]).stdout).toBe(byId.stdout);
  });

  it("exits 1 with the finding, its location and a code frame", () => {
    const { code, stdout } = cli([BAD]);
    expect(code).toBe(1);
    expect(stdout).toContain("fixtures/cloudformation/pg102-full-access-self-managed/nodegroup.yaml\n  25:16  error    Node role NodeInstanceRole has the AWS managed policy AmazonEC2ContainerRegistryFullAccess");
    expect(stdout).toContain("PG102/node-role-ecr-write-managed-policy");
    expect(stdout).toContain('    > 25 |         - !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"');
    expect(stdout).toContain("NodeInstanceRole  fixtures/cloudformation/pg102-full-access-self-managed/nodegroup.yaml:10  ECR: admin");
    expect(stdout).toContain("nodes: Auto Scaling group NodeGroup → launch template NodeLaunchTemplate → instance profile NodeInstanceProfile (it is tagged kubernetes.io/cluster/prod)");
  });

  it("exits 0 on a clean template", () => {
    const { code, stdout } = cli([GOOD]);
    expect(code).toBe(0);
    expect(stdout).toContain("0 findings (0 error, 0 warning, 0 note)");
  });

  it("honours --fail-on and --rule", () => {
    expect(cli([BAD, "--fail-on", "none"]).code).toBe(0);
    expect(cli([BAD, "--rule", "PG102=off"]).code).toBe(0);
    expect(cli([BAD, "--rule", "node-role-ecr-write-managed-policy=warning"]).code).toBe(0);
    expect(cli([BAD, "--rule", "PG102=warning", "--fail-on", "warning"]).code).toBe(1);
    const notesOnly = join(CFN, "pg901-unresolved");
    expect(cli([notesOnly]).code).toBe(0);
    expect(cli([notesOnly, "--fail-on", "note"]).code).toBe(1);
  });

  it("exits 3 (incomplete) when a file cannot be parsed, and still reports the others", () => {
    const { code, stdout } = cli([join(CFN, "bad-input"), "--exclude", "expected.json"]);
    expect(code).toBe(3);
    expect(stdout).toContain("broken.yaml\n  7:7  error  YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]  (not analysed)");
    expect(stdout).toContain("trailing-comma.json\n  4:47  error  JSON syntax error: trailing comma  (not analysed)");
    expect(stdout).toContain("PG102/node-role-ecr-write-managed-policy");
    expect(stdout).toContain("2 files could not be analysed");
    expect(stdout).toContain("Files: 1 analysed, 2 failed, 2 skipped");
  });

  it("writes the report to --output and keeps standard output clean", () => {
    const dir = mkdtempSync(join(tmpdir(), "pullguard-out-"));
    const out = join(dir, "report.sarif");
    const { code, stdout, stderr } = cli([BAD, "--format", "sarif", "--output", out]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe("pullguard: 1 finding(s)\n");
    expect((JSON.parse(readFileSync(out, "utf8")) as { runs: { results: unknown[] }[] }).runs[0]?.results).toHaveLength(1);
  });

  it("filters with --include and --exclude", () => {
    expect(cli([join(CFN, "bad-input"), "--exclude", "nodes.yaml", "--exclude", "expected.json"]).stdout).not.toContain("PG102");
    expect(cli([join(CFN, "bad-input"), "--include", "nodes.yaml"]).code).toBe(1);
    const only = cli([join(CFN, "bad-input"), "--include", "nodes.yaml", "--format", "json"]);
    expect((JSON.parse(only.stdout) as { files: { path: string }[] }).files.map((f) => f.path)).toEqual(["fixtures/cloudformation/bad-input/nodes.yaml"]);
  });

  it("reads a named file with its folder as context and reports only the named file", () => {
    const dir = join(CFN, "pg101-policy-through-roles");
    const named = cli([join(dir, "iam.yaml"), "--format", "json"]);
    const findings = (JSON.parse(named.stdout) as { findings: { ruleId: string; location: { file: string } }[] }).findings;
    expect(findings.map((f) => `${f.ruleId} ${f.location.file}`)).toEqual([
      "PG101 fixtures/cloudformation/pg101-policy-through-roles/iam.yaml",
      "PG101 fixtures/cloudformation/pg101-policy-through-roles/iam.yaml",
    ]);
    expect(cli([join(dir, "nodes.yaml")]).code).toBe(0);
  });

  describe("Terraform variables", () => {
    const main = readFileSync(join(FIXTURES, "terraform", "tfvars-fullaccess", "main.tf"), "utf8");
    const findings = (stdout: string) =>
      (JSON.parse(stdout) as { findings: { ruleId: string; location: { file: string; startLine: number } }[] }).findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}`);

    it("takes --var as a plain string or an HCL value, the last one winning", () => {
      const dir = tempDir({ "main.tf": main });
      expect(cli([dir, "--format", "json"], dir).code).toBe(0);
      const full = cli([dir, "--format", "json", "--var", "ecr_policy_arn=arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"], dir);
      expect(full.code).toBe(1);
      // A value given on the command line has no line of its own: the finding is where it is used.
      expect(findings(full.stdout)).toEqual(["PG102 main.tf:15"]);
      const quoted = cli([dir, "--format", "json", "--var", 'ecr_policy_arn="arn:aws:iam::aws:policy/AdministratorAccess"'], dir);
      expect(findings(quoted.stdout)).toEqual(["PG103 main.tf:15"]);
      const last = ["--var", "ecr_policy_arn=arn:aws:iam::aws:policy/AdministratorAccess", "--var", "ecr_policy_arn=arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"];
      expect(cli([dir, ...last], dir).code).toBe(0);
    });

    it("reads --var-file after terraform.tfvars and reports findings in it", () => {
      const dir = tempDir({ "main.tf": main, "terraform.tfvars": 'ecr_policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"\n' });
      const vars = tempDir({ "prod.tfvars": '# production\necr_policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"\n' });
      const run = cli([dir, "--format", "json", "--var-file", join(vars, "prod.tfvars")], dir);
      expect(run.code).toBe(1);
      expect(findings(run.stdout)).toEqual([`PG102 ${join(vars, "prod.tfvars")}:2`]);
      expect(cli([dir, "--var-file", join(vars, "prod.tfvars")], dir).stdout).toContain(`${relative(dir, join(vars, "prod.tfvars"))}\n  2:18`);
    });

    it("reports a broken --var-file as an error, and a missing one as a usage error", () => {
      const dir = tempDir({ "main.tf": main, "bad.tfvars": "ecr_policy_arn = [\n" });
      const run = cli([dir, "--format", "json", "--var-file", "bad.tfvars"], dir);
      expect(run.code).toBe(3);
      const report = JSON.parse(run.stdout) as { diagnostics: { file: string; line: number; message: string }[] };
      expect(report.diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual(["bad.tfvars:2"]);
      expect(cli([dir, "--var-file", "nope.tfvars"], dir)).toEqual({ code: 2, stdout: "", stderr: "pullguard: --var-file nope.tfvars: no such file\n" });
      expect(cli([dir, "--var", "no-equals-sign"], dir).stderr).toBe(
        "pullguard: --var no-equals-sign: expected NAME=VALUE, for example --var ecr_policy_arn=arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly\n",
      );
    });
  });

  it("colours a terminal unless NO_COLOR; --color and FORCE_COLOR colour a log, --no-color never", () => {
    const coloured = (args: string[], io: Partial<Io>) => inProcess([BAD, ...args], io).stdout.includes("\u001b[");
    expect(inProcess([BAD], { isTTY: true }).stdout).toContain("\u001b[31m");
    expect(coloured([], { isTTY: true, env: { NO_COLOR: "1" } })).toBe(false);
    expect(coloured([], { isTTY: true, env: {} })).toBe(true);
    expect(coloured(["--no-color"], { isTTY: true })).toBe(false);
    expect(coloured([], {})).toBe(false);
    expect(coloured(["--color"], {})).toBe(true);
    expect(coloured(["--color"], { env: { NO_COLOR: "1" } })).toBe(true);
    expect(coloured(["--color", "--no-color"], { isTTY: true })).toBe(false);
    expect(coloured([], { env: { FORCE_COLOR: "1" } })).toBe(true);
    expect(coloured([], { env: { FORCE_COLOR: "3" } })).toBe(true);
    expect(coloured([], { isTTY: true, env: { FORCE_COLOR: "0" } })).toBe(false);
    expect(coloured([], { env: { FORCE_COLOR: "" } })).toBe(false);
    expect(coloured([], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } })).toBe(false);
    // A report written to a file never holds colours.
    const dir = tempDir({});
    expect(inProcess([BAD, "--color", "--format", "text", "--output", join(dir, "report.txt")], {}).code).toBe(1);
    expect(readFileSync(join(dir, "report.txt"), "utf8")).not.toContain("\u001b[");
  });
});

describe("configuration", () => {
  const template = readFileSync(join(BAD, "nodegroup.yaml"), "utf8");

  it("applies rule levels, failOn and excludes from .pullguard.yml", () => {
    expect(cli(["."], tempDir({ "nodes.yaml": template, ".pullguard.yml": "rules:\n  PG102: off\n" })).code).toBe(0);
    expect(cli(["."], tempDir({ "nodes.yaml": template, ".pullguard.yml": "failOn: none\n" })).code).toBe(0);
    expect(cli(["."], tempDir({ "nodes.yaml": template, ".pullguard.yml": "exclude: [nodes.yaml]\n" })).code).toBe(0);
    expect(cli(["."], tempDir({ "nodes.yaml": template, ".pullguard.yml": "rules:\n  node-role-ecr-write-managed-policy: warning\nfailOn: warning\n" })).code).toBe(1);
  });

  it("requires the tags requiredTags names, owner and team when it is unset (PG401)", () => {
    const pg401 = (config: string) => {
      const { stdout } = cli([".", "--format", "json", "--rule", "PG102=off", "--rule", "PG401=warning"], tempDir({ "nodes.yaml": template, ".pullguard.yml": config }));
      const report = JSON.parse(stdout) as { findings: { ruleId: string; message: string }[] };
      return report.findings.filter((f) => f.ruleId === "PG401").map((f) => f.message);
    };
    expect(pg401("requiredTags: [cost-center]\n")).toEqual([
      "Node role NodeInstanceRole has no cost-center tag (required by requiredTags in the configuration): tag it so that whoever changes its permissions knows whom to ask.",
    ]);
    expect(pg401("failOn: error\n")).toEqual([
      "Node role NodeInstanceRole has no owner and team tags (required by PG401's default, owner and team): tag it so that whoever changes its permissions knows whom to ask.",
    ]);
  });

  it("lets a flag override the configuration", () => {
    const dir = tempDir({ "nodes.yaml": template, ".pullguard.yml": "rules:\n  PG102: off\n" });
    expect(cli([".", "--rule", "PG102=error"], dir).code).toBe(1);
  });

  it.each([
    ["colour: true\n", ".pullguard.yml: colour: unknown key (expected one of rules, include, exclude, failOn, requiredTags, maxFileSize, ignores)"],
    ["include: nodes.yaml\n", ".pullguard.yml: include: must be a list"],
    ["failOn: always\n", ".pullguard.yml: failOn: must be one of error, warning, note, none"],
    ["rules:\n  PG102: loud\n", ".pullguard.yml: rules.PG102: must be one of off, note, warning, error"],
    ["rules:\n  PG999: error\n", ".pullguard.yml: rules.PG999: unknown rule (run 'pullguard rules' for the list)"],
    ["rules: [\n", ".pullguard.yml: not valid YAML"],
    ["requiredTags: owner\n", ".pullguard.yml: requiredTags: must be a list"],
    ["requiredTags: [owner, \"\"]\n", ".pullguard.yml: requiredTags.1: must NOT have fewer than 1 characters"],
  ])("rejects %j with exit 2 naming the key", (config, message) => {
    const dir = tempDir({ "nodes.yaml": template, ".pullguard.yml": config });
    const { code, stderr } = cli(["."], dir);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });

  it("reads --config from another place, and fails on a missing one", () => {
    const dir = tempDir({ "nodes.yaml": template, "strict.yml": "rules:\n  PG102: off\n" });
    expect(cli([".", "--config", "strict.yml"], dir).code).toBe(0);
    const missing = cli([".", "--config", "nope.yml"], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yml: cannot read the configuration/);
  });

  describe("misuse ends with exit 2 and one line, never a stack trace", () => {
    it("creates the folder of --output and --write-baseline, and says so in one line when it cannot", () => {
      const dir = tempDir({});
      const report = join(dir, "reports", "deep", "pullguard.json");
      const baseline = join(dir, "baselines", "b.json");
      const written = cli([BAD, "--format", "json", "--output", report, "--write-baseline", baseline]);
      expect(written.code).toBe(1);
      expect(JSON.parse(readFileSync(report, "utf8"))).toHaveProperty("findings");
      expect(readFileSync(baseline, "utf8")).toContain("PG102");
      writeFileSync(join(dir, "plain-file"), "");
      const blocked = cli([BAD, "--format", "json", "--output", join(dir, "plain-file", "report.json")]);
      expect(blocked).toEqual({ code: 2, stdout: "", stderr: `pullguard: --output ${join(dir, "plain-file", "report.json")}: cannot be written (EEXIST)\n` });
    });

    it("ends quietly when the reader closes the pipe (| head)", () => {
      const dir = tempDir({});
      const run = spawnSync("bash", ["-c", `"${process.execPath}" "${BIN}" "${FIXTURES}" --format json 2>"${join(dir, "err")}" | head -c 10 >/dev/null`], { encoding: "utf8" });
      expect(run.status).toBe(0);
      expect(readFileSync(join(dir, "err"), "utf8")).toBe("");
    });

    it("prints rules and a rule's documentation as JSON", () => {
      const rules = cli(["rules", "--format", "json"]);
      expect(rules.code).toBe(0);
      const list = JSON.parse(rules.stdout) as { id: string; name: string; level: string; securitySeverity: number | null; helpUri: string }[];
      expect(list.find((r) => r.id === "PG102")).toMatchObject({ name: "node-role-ecr-write-managed-policy", level: "error", securitySeverity: 8.8 });
      expect(list.find((r) => r.id === "PG901")?.securitySeverity).toBeNull();
      const doc = JSON.parse(cli(["explain", "node-imds-reachable", "--format", "json"]).stdout) as { id: string; markdown: string };
      expect(doc.id).toBe("PG301");
      expect(doc.markdown).toContain("# PG301");
    });

    it("lists rules with their level and security severity", () => {
      const { stdout } = cli(["rules"]);
      expect(stdout.split("\n")[0]).toMatch(/^ID +NAME +LEVEL +SEVERITY +DESCRIPTION$/);
      expect(stdout).toMatch(/^PG102 +node-role-ecr-write-managed-policy +error +8\.8 /m);
    });

    it.each([
      [["rules", "--fail-on", "error"], "pullguard: 'pullguard rules' does not take --fail-on (it takes --format)\n"],
      [["explain", "PG102", "--output", "x.md"], "pullguard: 'pullguard explain' does not take --output (it takes --format)\n"],
      [["init", "--format", "json"], "pullguard: 'pullguard init' does not take --format\n"],
      [["rules", "--format", "sarif"], "pullguard: --format sarif: expected one of text, json. Run 'pullguard --help' for the options.\n"],
    ])("rejects an option the command does not take: %j", (args, message) => {
      expect(cli(args)).toEqual({ code: 2, stdout: "", stderr: message });
    });

    it("says so when --var names a variable no root module declares", () => {
      const dir = tempDir({ "main.tf": 'variable "ecr_policy" {\n  default = "x"\n}\n' });
      expect(cli([".", "--var", "ecr_polcy=y"], dir)).toEqual({
        code: 2,
        stdout: "",
        stderr: "pullguard: --var ecr_polcy: no Terraform root module in the scanned folders declares a variable named ecr_polcy\n",
      });
      expect(cli([".", "--var", "ecr_policy=y"], dir).code).toBe(0);
    });

    it("explains that standard input is YAML or JSON when it is given Terraform", () => {
      const run = spawnSync(process.execPath, [BIN, "-"], { cwd: PROJECT, input: 'resource "aws_iam_role" "nodes" {\n  name = "nodes"\n}\n', encoding: "utf8" });
      expect({ code: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
        code: 2,
        stdout: "",
        stderr: "pullguard: standard input is read as YAML or JSON (Kubernetes manifests, CloudFormation, eksctl, a plan's JSON); this looks like Terraform, which is read from its folder: pullguard path/to/module\n",
      });
    });
  });
});
