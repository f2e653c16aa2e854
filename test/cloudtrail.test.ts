import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { main, type Io } from "../src/cli/main.js";
import { readCloudTrail } from "../src/cloudtrail/usage.js";
import type { RoleEvidence } from "../src/model/cloudtrail.js";
import { scan } from "../src/scan.js";
import { FIXTURES } from "./helpers.js";

const ESTATE = join(FIXTURES, "cloudtrail", "estate");
const IAC = join(ESTATE, "iac");
const LOGS = join(ESTATE, "logs");
const DAY = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/05";
const RANGE = "from 2026-05-01T08:00:00Z to 2026-05-03T08:00:00Z (15 records)";

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "pullguard-cloudtrail-"));
  temps.push(dir);
  return dir;
}

/** The fixture logs with the 2026/05/02 file gzipped, as S3 exports hold them. */
function gzippedLogs(): string {
  const dir = tempDir();
  cpSync(LOGS, dir, { recursive: true });
  const plain = join(dir, DAY, "02", "111122223333_CloudTrail_us-east-1_20260502T1005Z_b2.json");
  writeFileSync(`${plain}.gz`, gzipSync(readFileSync(plain)));
  rmSync(plain);
  return dir;
}

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: IAC, env: {}, isTTY: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

async function estateFindings(logs: string) {
  const result = scan({ paths: [IAC], cwd: IAC, cloudtrail: await readCloudTrail(logs) });
  return { result, findings: result.findings.map((f) => ({ rule: f.ruleId, file: relative(IAC, join(result.root, f.location.file)), line: f.location.startLine, message: f.message })) };
}

describe("reading exported CloudTrail logs", () => {
  it("reads nested folders, counts and skips malformed records, keeps the records before a file's damage, and skips digests", async () => {
    const { coverage } = await readCloudTrail(LOGS, "logs");
    expect(coverage).toEqual({
      path: "logs",
      filesRead: 3,
      filesFailed: 1,
      failures: [{ file: join("logs", DAY, "03", "111122223333_CloudTrail_us-east-1_20260503T0805Z_d4.json"), reason: expect.stringMatching(/^not valid JSON/) as unknown }],
      records: 15,
      malformedRecords: 4,
      from: "2026-05-01T08:00:00Z",
      to: "2026-05-03T08:00:00Z",
    });
  });

  it("reads gzip files like plain ones", async () => {
    const plain = await readCloudTrail(LOGS, "logs");
    const gzipped = await readCloudTrail(gzippedLogs(), "logs");
    expect({ ...gzipped.coverage, failures: gzipped.coverage.failures.length }).toEqual({ ...plain.coverage, failures: plain.coverage.failures.length });
    expect([...gzipped.issuers.values()]).toEqual([...plain.issuers.values()]);
  });

  it("counts a corrupt gzip file, a file without Records and a file whose Records is not an array as failed, and goes on", async () => {
    const dir = gzippedLogs();
    writeFileSync(join(dir, "broken.json.gz"), "this is not gzip");
    writeFileSync(join(dir, "other.json"), '{"not": "cloudtrail"}');
    writeFileSync(join(dir, "object.json"), '{"Records": {"eventTime": "2026-05-01T00:00:00Z"}}');
    const { coverage } = await readCloudTrail(dir, "logs");
    expect(coverage.records).toBe(15);
    expect(coverage.filesFailed).toBe(4);
    expect(coverage.failures.map((f) => [relative("logs", f.file), f.reason.replace(/ \(.*$/, "")])).toEqual([
      [join(DAY, "03", "111122223333_CloudTrail_us-east-1_20260503T0805Z_d4.json"), "not valid JSON"],
      ["broken.json.gz", "not a valid gzip file"],
      ["object.json", "Records is not an array"],
      ["other.json", "no top-level Records array"],
    ]);
  });

  it("survives hostile files: deep nesting, binary bytes, an empty file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "deep.json"), `{"Records":[${"[".repeat(200_000)}${"]".repeat(200_000)}]}`);
    writeFileSync(join(dir, "binary.json"), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256)));
    writeFileSync(join(dir, "empty.json"), "");
    const { coverage } = await readCloudTrail(dir, "logs");
    expect([coverage.records, coverage.malformedRecords, coverage.filesRead, coverage.filesFailed]).toEqual([0, 1, 1, 2]);
  });

  it("reads one file given by name", async () => {
    const file = join(LOGS, DAY, "01", "111122223333_CloudTrail_us-east-1_20260501T0905Z_a1.json");
    const { coverage } = await readCloudTrail(file);
    expect([coverage.filesRead, coverage.records, coverage.from, coverage.to]).toEqual([1, 9, "2026-05-01T08:00:00Z", "2026-05-01T09:02:00Z"]);
  });
});

describe("node-role write findings with --cloudtrail", () => {
  it("lists what used a role's write access, says safe to remove when nothing did, and never for a role it could not match", async () => {
    const { findings } = await estateFindings(LOGS);
    // eksctl names the role when it creates it: nothing to match, and never "safe to remove".
    expect(findings.find((f) => f.file === "cluster.yaml" && f.rule === "PG102")).toEqual({
      rule: "PG102",
      file: "cluster.yaml",
      line: 15,
      message: expect.stringMatching(/imageBuilder: true: .* CloudTrail: the logs could not be matched to this role: eksctl names the role when it creates the node group \(eksctl-CLUSTER-nodegroup-NAME-NodeInstanceRole-\.\.\., cut to 64 characters\); set iam\.instanceRoleName to have it matched\.$/) as unknown,
    });
    const pg102 = findings.filter((f) => f.rule === "PG102" && f.file === "main.tf").map((f) => ({ ...f, message: f.message.slice(f.message.indexOf(" CloudTrail")) }));
    expect(pg102).toEqual([
      {
        rule: "PG102",
        file: "main.tf",
        line: 12,
        message: ` CloudTrail (matched by role name ci-builder-nodes): 5 ECR write calls by this role in the logs ${RANGE}: ecr:PutImage ×2 on app by kaniko/v1.23.2 from 10.0.1.15; ecr:CompleteLayerUpload ×1 on app by kaniko/v1.23.2 from 10.0.1.15; ecr:InitiateLayerUpload ×1 on app by kaniko/v1.23.2 from 10.0.1.15; ecr:PutImage ×1 on web by aws-cli/2.15 from 10.0.1.16. Move these to their own IRSA or Pod Identity role before removing the access.`,
      },
      {
        rule: "PG102",
        file: "main.tf",
        line: 13,
        message: ` CloudTrail (matched by role name legacy-nodes): no ECR write call by this role in the logs ${RANGE}: safe to remove. 1 failed call (such as AccessDenied) is not counted.`,
      },
      {
        rule: "PG102",
        file: "main.tf",
        line: 14,
        message: ` CloudTrail (matched by the partly known role name *-spot-nodes: prod-spot-nodes): no ECR write call by this role in the logs ${RANGE}: safe to remove.`,
      },
      {
        rule: "PG102",
        file: "main.tf",
        line: 15,
        message: ` CloudTrail (matched by the partly known role name batch-*: batch-20260501120000000000000001): 1 ECR write call by this role in the logs ${RANGE}: ecr:PutImage ×1 on batch by docker/24.0 from 10.0.4.40. Move these to their own IRSA or Pod Identity role before removing the access.`,
      },
    ]);
    // Other rules' findings are left as they are.
    expect(findings.find((f) => f.rule === "PG201")?.message).not.toContain("CloudTrail");
  });

  it("says how to make a CloudFormation role without RoleName matchable", async () => {
    const dir = join(FIXTURES, "cloudformation", "pg102-full-access-self-managed");
    const result = scan({ paths: [dir], cwd: dir, exclude: ["expected.json"], cloudtrail: await readCloudTrail(LOGS) });
    expect(result.findings.find((f) => f.ruleId === "PG102")?.message).toMatch(
      / CloudTrail: the logs could not be matched to this role: CloudFormation names the role when it creates it \(STACK-LOGICALID-\.\.\.\); set RoleName to have it matched\.$/,
    );
  });

  it("says the logs cannot tell when they hold no session of the role", async () => {
    const dir = tempDir();
    const only = join(LOGS, DAY, "02", "111122223333_CloudTrail_us-east-1_20260502T1005Z_b2.json");
    cpSync(only, join(dir, "b2.json"));
    const { findings } = await estateFindings(dir);
    const legacy = findings.find((f) => f.file === "main.tf" && f.line === 13);
    expect(legacy?.message).toContain(
      "CloudTrail (matched by role name legacy-nodes): the logs from 2026-05-02T10:00:00Z to 2026-05-02T18:30:00Z (4 records) hold no session of this role: they may come from another account or region, so they cannot tell whether its write access is used.",
    );
    expect(findings.map((f) => f.message).join("\n")).not.toContain("safe to remove");
  });

  it("says the logs tell nothing when they hold no valid record", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "empty.json"), '{"Records": [42, {"eventName": "PutImage"}]}');
    const { result, findings } = await estateFindings(dir);
    expect(findings.find((f) => f.file === "main.tf" && f.line === 13)?.message).toContain("CloudTrail (matched by role name legacy-nodes): the logs hold no valid record, so they cannot tell whether this role's write access is used.");
    expect(result.cloudtrail?.coverage).toMatchObject({ records: 0, malformedRecords: 2, from: undefined, to: undefined });
  });

  it("tells apart roles with the same address in two Terraform roots", async () => {
    const root = (name: string) => `
resource "aws_iam_role" "nodes" {
  name = "${name}"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy_attachment" "ecr" {
  role       = aws_iam_role.nodes.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser"
}
resource "aws_eks_node_group" "nodes" {
  cluster_name  = "c"
  node_role_arn = aws_iam_role.nodes.arn
  subnet_ids    = ["subnet-1"]
}
`;
    const result = scan({
      files: [{ path: "prod/main.tf", text: root("prod-nodes") }, { path: "staging/main.tf", text: root("staging-nodes") }],
      cloudtrail: await readCloudTrail(LOGS),
    });
    const said = result.findings.filter((f) => f.ruleId === "PG102").map((f) => [f.location.file, f.message.slice(f.message.indexOf(" CloudTrail"))]);
    expect(said).toEqual([
      ["prod/main.tf", ` CloudTrail (matched by role name prod-nodes): the logs ${RANGE} hold no session of this role: they may come from another account or region, so they cannot tell whether its write access is used.`],
      ["staging/main.tf", ` CloudTrail (matched by role name staging-nodes): the logs ${RANGE} hold no session of this role: they may come from another account or region, so they cannot tell whether its write access is used.`],
    ]);
  });

  it("names each role of a finding that covers several", async () => {
    const tf = `
resource "aws_iam_role" "a" {
  name = "nodes-a"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role" "b" {
  name = "nodes-b"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_policy" "push" {
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ["ecr:PutImage"], Resource = "*" }] })
}
resource "aws_iam_policy_attachment" "push" {
  name       = "push"
  roles      = [aws_iam_role.a.name, aws_iam_role.b.name]
  policy_arn = aws_iam_policy.push.arn
}
resource "aws_eks_node_group" "a" {
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.a.arn
  subnet_ids    = ["subnet-1"]
}
resource "aws_eks_node_group" "b" {
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.b.arn
  subnet_ids    = ["subnet-1"]
}
`;
    const dir = tempDir();
    const session = (name: string, eventName: string) => ({
      eventTime: "2026-05-01T10:00:00Z",
      eventSource: "ecr.amazonaws.com",
      eventName,
      userAgent: "buildah/1.33",
      sourceIPAddress: "10.0.0.9",
      requestParameters: { repositoryName: "api" },
      userIdentity: { type: "AssumedRole", sessionContext: { sessionIssuer: { type: "Role", arn: `arn:aws:iam::444455556666:role/${name}`, accountId: "444455556666", userName: name } } },
    });
    writeFileSync(join(dir, "logs.json"), JSON.stringify({ Records: [session("nodes-a", "PutImage"), session("NODES-B", "BatchGetImage")] }));
    const result = scan({ files: [{ path: "main.tf", text: tf }], cloudtrail: await readCloudTrail(dir) });
    const pg101 = result.findings.find((f) => f.ruleId === "PG101");
    expect(pg101?.message).toContain(
      "CloudTrail: role aws_iam_role.a (matched by role name nodes-a): 1 ECR write call by this role in the logs from 2026-05-01T10:00:00Z to 2026-05-01T10:00:00Z (2 records): ecr:PutImage ×1 on api by buildah/1.33 from 10.0.0.9. Move these to their own IRSA or Pod Identity role before removing the access.; role aws_iam_role.b (matched by role name nodes-b): no ECR write call by this role in the logs from 2026-05-01T10:00:00Z to 2026-05-01T10:00:00Z (2 records): safe to remove.",
    );
    expect(pg101?.cloudtrail?.map((e: RoleEvidence) => [e.role, e.verdict])).toEqual([["aws_iam_role.a", "used"], ["aws_iam_role.b", "unused"]]);
  });
});

describe("pullguard scan --cloudtrail", () => {
  it("explains --cloudtrail in --help", async () => {
    const { stdout } = await cli(["--help"]);
    expect(stdout).toMatch(/--cloudtrail PATH +CloudTrail logs as exported to S3/);
  });

  it("stops with exit 2 and a clear message when the path cannot be read", async () => {
    expect(await cli(["scan", ".", "--cloudtrail", "no-such-logs"])).toEqual({ code: 2, stdout: "", stderr: "pullguard: --cloudtrail no-such-logs: no such file or folder\n" });
    expect((await cli(["scan", ".", "--cloudtrail="])).code).toBe(2);
  });

  it("ends the text summary with the measures, CloudTrail's included", async () => {
    const { code, stdout } = await cli(["scan", ".", "--cloudtrail", relative(IAC, gzippedLogs())]);
    expect(code).toBe(1);
    const measures = stdout.slice(stdout.indexOf("Measures\n")).split("\n").map((l) => l.replace(/logs \S+:/, "logs LOGS:").replace(/whole: \S+: /, "whole: FILE: "));
    expect(measures).toEqual([
      "Measures",
      "  Node groups with pull-only ECR access: 1 of 6 (17%)",
      "  Node roles with ECR write or admin access: 5 of 6",
      "  Push workloads: 1 with their own identity, 1 on node credentials",
      "  Node roles whose ECR write access is unused in CloudTrail: 2 of 5 (2 used, 1 not known)",
      "  CloudTrail logs LOGS: 4 files, 15 records from 2026-05-01T08:00:00Z to 2026-05-03T08:00:00Z; 4 malformed records skipped, 1 file not read whole",
      expect.stringMatching(/^ {4}not read whole: FILE: not valid JSON/) as unknown,
      "",
    ]);
  });

  it("puts the evidence in the JSON output and in SARIF results", async () => {
    const json = JSON.parse((await cli(["scan", ".", "--format", "json", "--cloudtrail", "../logs"])).stdout) as {
      kpis: unknown;
      cloudtrail: { coverage: { path: string; records: number }; roles: RoleEvidence[] };
      findings: { ruleId: string; location: { startLine: number }; cloudtrail?: RoleEvidence[] }[];
    };
    expect(json.kpis).toEqual({
      nodeGroups: { total: 6, compliant: 1, notCompliant: 5, notKnown: 0, percentCompliant: 17 },
      nodeRoles: { total: 6, writeOrAdmin: 5 },
      pushWorkloads: { total: 2, ownIdentity: 1, nodeCredentials: 1, notKnown: 0 },
      cloudtrail: { rolesWithWrite: 5, unused: 2, used: 2, unknown: 1 },
    });
    expect(json.cloudtrail.coverage).toMatchObject({ path: "../logs", records: 15 });
    expect(json.cloudtrail.roles.map((r) => [r.role, r.verdict, r.match.how, r.totalCalls, r.totalFailed])).toEqual([
      ["managedNodeGroups[image-builders] node role", "unknown", "none", 0, 0],
      ["aws_iam_role.builders", "used", "name", 5, 0],
      ["aws_iam_role.legacy", "unused", "name", 0, 1],
      ["aws_iam_role.spot", "unused", "pattern", 0, 0],
      ["aws_iam_role.batch", "used", "pattern", 1, 0],
    ]);
    const builders = json.findings.find((f) => f.location.startLine === 12)?.cloudtrail?.[0];
    expect(builders?.calls[0]).toEqual({ action: "ecr:PutImage", repository: "app", userAgent: "kaniko/v1.23.2", sourceIp: "10.0.1.15", calls: 2, failed: 0, firstSeen: "2026-05-01T09:01:00Z", lastSeen: "2026-05-02T10:00:00Z" });
    expect(builders?.match).toEqual({ how: "name", name: "ci-builder-nodes", issuers: ["arn:aws:iam::111122223333:role/ci-builder-nodes"] });

    const sarif = JSON.parse((await cli(["scan", ".", "--format", "sarif", "--cloudtrail", "../logs"])).stdout) as {
      runs: { results: { message: { text: string }; locations: { physicalLocation: { region: { startLine: number } } }[]; properties?: { cloudtrail?: RoleEvidence[] } }[] }[];
    };
    const legacy = sarif.runs[0]?.results.find((r) => r.locations[0]?.physicalLocation.region.startLine === 13);
    expect(legacy?.message.text).toContain(`no ECR write call by this role in the logs ${RANGE}: safe to remove.`);
    expect(legacy?.properties?.cloudtrail?.[0]?.verdict).toBe("unused");
  });

  it("ends the Markdown comment with the measures", async () => {
    const { stdout } = await cli(["scan", ".", "--format", "markdown", "--cloudtrail", "../logs"]);
    expect(stdout.slice(stdout.indexOf("#### Measures"))).toMatch(
      /^#### Measures\n\n- Node groups with pull-only ECR access: 1 of 6 \(17%\)\n- Node roles with ECR write or admin access: 5 of 6\n- Push workloads: 1 with their own identity, 1 on node credentials\n- Node roles whose ECR write access is unused in CloudTrail: 2 of 5 \(2 used, 1 not known\)\n- CloudTrail logs \.\.\/logs: 4 files, 15 records from 2026-05-01T08:00:00Z to 2026-05-03T08:00:00Z; 4 malformed records skipped, 1 file not read whole\n- not read whole: /,
    );
  });
});
