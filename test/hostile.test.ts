/**
 * Hostile input, end to end: each case goes through the command line (in process, so that discovery can
 * be interfered with) and pins the documented behaviour: the message with its line and column, the
 * file's status, and the exit code. Nothing may crash, hang, or come out clean because it was not read.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../src/cli/main.js";
import type * as FsModule from "node:fs";
import type * as DiscoverModule from "../src/discover/discover.js";
import type { Discovery } from "../src/discover/discover.js";
import { FIXTURES, PROJECT } from "./helpers.js";

/** A hook run between discovery and reading: a test makes files vanish or reorders what was found. */
const between = vi.hoisted(() => ({ hook: undefined as ((found: Discovery) => void) | undefined }));

vi.mock("../src/discover/discover.js", async (importOriginal) => {
  const real = await importOriginal<typeof DiscoverModule>();
  return {
    ...real,
    discover: (...args: Parameters<typeof real.discover>) => {
      const found = real.discover(...args);
      between.hook?.(found);
      return found;
    },
  };
});

/**
 * Paths the file system refuses with EACCES. chmod cannot deny root anything, so this is how a
 * permission error is made where the tests run as root; the chmod test below checks the real thing.
 */
const denied = vi.hoisted(() => new Set<string>());

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof FsModule>();
  const refuse = (path: unknown, call: string) => {
    if (typeof path === "string" && denied.has(path)) throw Object.assign(new Error(`EACCES: permission denied, ${call} '${path}'`), { code: "EACCES" });
  };
  const guarded = <A extends unknown[], R>(call: string, f: (path: never, ...rest: A) => R) =>
    (path: unknown, ...rest: A): R => {
      refuse(path, call);
      return f(path as never, ...rest);
    };
  return { ...fs, openSync: guarded("open", fs.openSync), readdirSync: guarded("scandir", fs.readdirSync) };
});

afterEach(() => {
  between.hook = undefined;
  denied.clear();
});

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE = 2;
const EXIT_INCOMPLETE = 3;

/** A CloudFormation node role with AmazonEC2ContainerRegistryFullAccess: PG102 at 25:16. */
const NODES_YAML = readFileSync(join(FIXTURES, "cloudformation/pg102-full-access-self-managed/nodegroup.yaml"), "utf8");
/** The same in Terraform: PG102 at 10:16. */
const NODES_TF = readFileSync(join(FIXTURES, "terraform/bad-input/main.tf"), "utf8");
/** The same in a JSON template: PG102 at 14:11 and 15:11. */
const NODES_JSON = readFileSync(join(FIXTURES, "cloudformation/pg102-json-join/nodes.json"), "utf8");

type Files = Record<string, string | Buffer>;

function tempDir(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), "pullguard-hostile-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

interface Report {
  findings: { ruleId: string; location: { file: string; startLine: number; startColumn: number } }[];
  diagnostics: { file: string; line: number; column: number; message: string }[];
  files: { path: string; status: string; reason?: string; format?: string }[];
}

function run(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTTY: false });
  // Only --cloudtrail makes main asynchronous; these scans must answer at once.
  if (typeof code !== "number") throw new Error("main returned a promise for a scan without --cloudtrail");
  return { code, stdout, stderr };
}

/** Scans `dir` as JSON: the exit code, and what a test pins of the report. */
function scanJson(dir: string, ...flags: string[]) {
  const { code, stdout, stderr } = run([".", "--format", "json", ...flags], dir);
  const report = JSON.parse(stdout) as Report;
  return {
    code,
    stderr,
    findings: report.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}:${f.location.startColumn}`),
    diagnostics: report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`),
    files: Object.fromEntries(report.files.map((f) => [f.path, f.status === "skipped" ? `skipped: ${f.reason ?? ""}` : f.status])),
  };
}

const NESTING = "nesting deeper than 256 levels; pullguard does not read it";
const DEEP = 10_000;

describe("hostile input", () => {
  it("refuses 10,000 nested brackets in every format with a diagnostic at the 257th level, and reads the other files", () => {
    const open = "[".repeat(DEEP);
    const close = "]".repeat(DEEP);
    const dir = tempDir({
      "nodes.yaml": NODES_YAML,
      "deep.json": `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::IAM::Role", "Properties": ${open}${close}}}}`,
      "deep.yaml": `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  R: ${open}${close}\n`,
      "deep.tf": `locals {\n  a = ${open}${close}\n}\n`,
      "deep.tf.json": `{"locals": {"a": ${open}${close}}}`,
      "plan.json": `{"format_version": "1.2", "planned_values": ${open}${close}}`,
      // Indentation nests too: 300 levels of block mappings.
      "indented.yaml": `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: 300 }, (_, i) => `${" ".repeat(i + 1)}k${i}:\n`).join("")}`,
      "dashes.yaml": `apiVersion: v1\nkind: ConfigMap\ndata:\n${"- ".repeat(300)}x\n`,
    });
    const result = scanJson(dir);
    expect(result.code).toBe(EXIT_INCOMPLETE);
    expect(result.findings).toEqual(["PG102 nodes.yaml:25:16"]);
    expect(result.diagnostics).toEqual([
      // Each at the bracket, dash or indentation that opens level 257, counting the levels around it.
      `dashes.yaml:4:513: ${NESTING}`,
      `deep.json:1:357: ${NESTING}`,
      `deep.tf:2:262: HCL syntax error: nesting deeper than 256 levels`,
      `deep.tf.json:1:272: JSON syntax error: ${NESTING}`,
      `deep.yaml:3:262: ${NESTING}`,
      `indented.yaml:259:257: ${NESTING}`,
      `plan.json:1:300: ${NESTING}`,
    ]);
    expect(result.files["nodes.yaml"]).toBe("analysed");
    expect(result.files["deep.yaml"]).toBe("failed");
  });

  it("does not read a policy written as JSON text nested 10,000 deep, says so (PG901), and still reports the rest", () => {
    const deep = `${"[".repeat(DEEP)}${"]".repeat(DEEP)}`;
    const policy = `{"Statement": [{"Effect": "Allow", "Action": ${deep}, "Resource": "*"}]}`;
    const dir = tempDir({
      "tf/main.tf": `${NODES_TF}
resource "aws_iam_role_policy" "heredoc" {
  role   = aws_iam_role.nodes.name
  policy = <<EOF
${policy}
EOF
}

resource "aws_iam_role_policy" "decoded" {
  role   = aws_iam_role.nodes.name
  policy = jsonencode(jsondecode("${deep}"))
}
`,
      "cfn/nodes.yaml": NODES_YAML.replace("  NodeInstanceProfile:", `  Extra:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: extra
      Roles: [!Ref NodeInstanceRole]
      PolicyDocument: '${policy}'
  NodeInstanceProfile:`),
    });
    const { code, stdout } = run([".", "--format", "json", "--fail-on", "error"], dir);
    expect(code).toBe(EXIT_FINDINGS);
    const report = JSON.parse(stdout) as { diagnostics: unknown[]; findings: { ruleId: string; message: string; location: { file: string; startLine: number } }[] };
    expect(report.diagnostics).toEqual([]);
    expect(report.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine} ${f.message.split(". ")[0] ?? ""}`)).toEqual([
      "PG102 cfn/nodes.yaml:25 Node role NodeInstanceRole has the AWS managed policy AmazonEC2ContainerRegistryFullAccess, which allows ECR admin actions (ecr:PutImage, ecr:BatchDeleteImage, ecr:DeleteRepository, ecr:SetRepositoryPolicy and 17 more): any node, or pod on it, can push, overwrite or delete images",
      `PG901 cfn/nodes.yaml:32 Node role NodeInstanceRole: policy Extra is a JSON string with ${NESTING}`,
      "PG102 tf/main.tf:10 Node role aws_iam_role.nodes has the AWS managed policy AmazonEC2ContainerRegistryFullAccess, which allows ECR admin actions (ecr:PutImage, ecr:BatchDeleteImage, ecr:DeleteRepository, ecr:SetRepositoryPolicy and 17 more): any node, or pod on it, can push, overwrite or delete images",
      `PG901 tf/main.tf:27 Node role aws_iam_role.nodes: policy aws_iam_role_policy.heredoc: ${NESTING}`,
      `PG901 tf/main.tf:34 Node role aws_iam_role.nodes: policy aws_iam_role_policy.decoded: jsonencode() of a value that is not known (jsondecode() of JSON with ${NESTING})`,
    ]);
  });

  it("reads nesting just under the limit", () => {
    const dir = tempDir({
      // 250 levels of indentation holding 250 levels of brackets: the parsers and extractors must not overflow.
      "config.yaml": `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: 250 }, (_, i) => `${" ".repeat(i + 1)}k${i}:\n`).join("")}${" ".repeat(252)}z: ${"[".repeat(250)}${"]".repeat(250)}\n`,
      "deep.tf": `locals {\n  a = ${"[".repeat(250)}${"]".repeat(250)}\n}\n`,
    });
    expect(scanJson(dir)).toMatchObject({ code: EXIT_CLEAN, diagnostics: [], files: { "config.yaml": "analysed", "deep.tf": "analysed" } });
  });

  it("refuses a YAML alias bomb (a billion laughs) with a diagnostic at the alias that crosses the limit", () => {
    const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(", ")}]`);
    const dir = tempDir({ "nodes.yaml": NODES_YAML, "bomb.yaml": `apiVersion: v1\nkind: ConfigMap\ndata:\n${levels.map((l) => `  ${l}\n`).join("")}` });
    const result = scanJson(dir);
    expect(result.code).toBe(EXIT_INCOMPLETE);
    expect(result.findings).toEqual(["PG102 nodes.yaml:25:16"]);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatch(/^bomb\.yaml:9:\d+: YAML aliases expand to more than \d+ nodes; refusing to read what looks like an alias bomb$/);
  });

  describe("file size limit", () => {
    const big = (size: number, head: string) => Buffer.concat([Buffer.from(head), Buffer.alloc(size - head.length, "#")]);

    it("does not read a file over 10 MB, says how to raise the limit, and reads it when raised", () => {
      const size = 10 * 1024 * 1024 + 1;
      const dir = tempDir({ "nodes.yaml": NODES_YAML, "huge.yaml": big(size, 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n') });
      const result = scanJson(dir);
      expect(result.code).toBe(EXIT_INCOMPLETE);
      expect(result.findings).toEqual(["PG102 nodes.yaml:25:16"]);
      expect(result.diagnostics).toEqual(["huge.yaml:1:1: the file is 10.0 MB, over the 10 MB limit; raise it with --max-file-size 16MB or maxFileSize in .pullguard.yml"]);
      expect(result.files["huge.yaml"]).toBe("failed");
      expect(scanJson(dir, "--max-file-size", "16MB")).toMatchObject({ code: EXIT_FINDINGS, diagnostics: [], files: { "huge.yaml": "analysed" } });
    });

    it("takes the limit from .pullguard.yml, and the flag over it", () => {
      const dir = tempDir({ "nodes.yaml": NODES_YAML, "main.tf": NODES_TF, ".pullguard.yml": "maxFileSize: 1KB\n" });
      const result = scanJson(dir);
      expect(result.code).toBe(EXIT_INCOMPLETE);
      expect(result.findings).toEqual(["PG102 main.tf:10:16"]);
      expect(result.diagnostics).toEqual(["nodes.yaml:1:1: the file is 1.6 KB, over the 1 KB limit; raise it with --max-file-size 16MB or maxFileSize in .pullguard.yml"]);
      expect(scanJson(dir, "--max-file-size", "2kb")).toMatchObject({ code: EXIT_FINDINGS, diagnostics: [], findings: ["PG102 main.tf:10:16", "PG102 nodes.yaml:25:16"] });
    });

    it("skips a large file that does not start like infrastructure as code (a lock file), as it would at any size", () => {
      const dir = tempDir({ "nodes.yaml": NODES_YAML, "package-lock.json": big(4096, '{"name": "x", "lockfileVersion": 3, "packages": {}}\n') });
      const result = scanJson(dir, "--max-file-size", "1KB");
      expect(result.code).toBe(EXIT_INCOMPLETE); // nodes.yaml is over 1 KB too
      expect(result.files["package-lock.json"]).toMatch(/^skipped: not infrastructure as code \(judged from its first 64 KB: the file is 4 KB, over the 1 KB limit/);
    });

    it("rejects a size that is not one, on the command line (exit 2) and in the configuration (exit 2)", () => {
      const dir = tempDir({ "nodes.yaml": NODES_YAML });
      expect(run([".", "--max-file-size", "big"], dir)).toEqual({ code: EXIT_USAGE, stdout: "", stderr: "pullguard: --max-file-size big: expected a size such as 10MB, 512KB or 1GB\n" });
      writeFileSync(join(dir, ".pullguard.yml"), "maxFileSize: lots\n");
      const config = run(["."], dir);
      expect(config.code).toBe(EXIT_USAGE);
      expect(config.stderr).toMatch(/\.pullguard\.yml: maxFileSize: must match exactly one schema in oneOf|maxFileSize/);
    });
  });

  describe("bytes that are not UTF-8 text", () => {
    it("skips a binary YAML or JSON file, and fails a binary .tf file at its NUL byte", () => {
      const dir = tempDir({
        "nodes.yaml": NODES_YAML,
        "logo.yaml": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
        "blob.json": Buffer.from([0x7b, 0x00, 0x7d]),
        "secret.tf": Buffer.concat([Buffer.from('variable "a" {}\n# x'), Buffer.from([0x00, 0x47, 0x49, 0x54])]),
      });
      const result = scanJson(dir);
      expect(result.code).toBe(EXIT_INCOMPLETE);
      expect(result.findings).toEqual(["PG102 nodes.yaml:25:16"]);
      expect(result.files).toMatchObject({ "logo.yaml": "skipped: binary file", "blob.json": "skipped: binary file", "secret.tf": "failed" });
      expect(result.diagnostics).toEqual(["secret.tf:2:4: binary content (a NUL byte): not a Terraform text file"]);
    });

    it("fails a file with invalid UTF-8 at the line and column of the first bad byte", () => {
      const bad = Buffer.concat([Buffer.from("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: \"é"), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]);
      const dir = tempDir({ "nodes.yaml": NODES_YAML, "sa.yaml": bad, "main.tf": Buffer.concat([Buffer.from("# caf"), Buffer.from([0xe9]), Buffer.from("\n")]) });
      const result = scanJson(dir);
      expect(result.code).toBe(EXIT_INCOMPLETE);
      expect(result.findings).toEqual(["PG102 nodes.yaml:25:16"]);
      expect(result.diagnostics).toEqual([
        "main.tf:1:6: invalid UTF-8 (byte 0xE9); save the file as UTF-8",
        "sa.yaml:4:11: invalid UTF-8 (byte 0xC3); save the file as UTF-8",
      ]);
    });

    it("reads UTF-8 with a byte order mark, and UTF-16 (LE and BE) with one, with the same findings at the same columns", () => {
      const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();
      const dir = tempDir({
        "bom/nodes.yaml": `\uFEFF${NODES_YAML}`,
        "bom/main.tf": `\uFEFF${NODES_TF}`,
        "le/nodes.yaml": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NODES_YAML, "utf16le")]),
        "le/main.tf": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NODES_TF, "utf16le")]),
        "be/nodes.json": Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(NODES_JSON)]),
        "odd/nodes.yaml": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NODES_YAML, "utf16le"), Buffer.from([0x41])]),
      });
      const result = scanJson(dir);
      expect(result.code).toBe(EXIT_INCOMPLETE);
      expect(result.findings).toEqual([
        "PG102 be/nodes.json:14:68",
        "PG102 be/nodes.json:15:83",
        "PG102 bom/main.tf:10:16",
        "PG102 bom/nodes.yaml:25:16",
        "PG102 le/main.tf:10:16",
        "PG102 le/nodes.yaml:25:16",
      ]);
      expect(result.diagnostics).toEqual(["odd/nodes.yaml:1:1: UTF-16LE file with an odd number of bytes: it is truncated or not UTF-16LE"]);
    });

    it("--fix leaves a UTF-16 file as it is (fixes are written as UTF-8), and says so", () => {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NODES_YAML, "utf16le")]);
      const dir = tempDir({ "nodes.yaml": utf16 });
      const { code, stderr } = run([".", "--fix"], dir);
      expect(code).toBe(EXIT_FINDINGS);
      expect(stderr).toContain("pullguard: nodes.yaml is UTF-16; pullguard fixes only UTF-8 files, so its fixes are left to you\n");
      expect(readFileSync(join(dir, "nodes.yaml")).equals(utf16)).toBe(true);
    });

    it("keeps lines and columns right with CRLF line endings, in every format", () => {
      const crlf = (text: string) => text.replace(/\n/g, "\r\n");
      const dir = tempDir({ "nodes.yaml": crlf(NODES_YAML), "main.tf": crlf(NODES_TF), "nodes.json": crlf(NODES_JSON), "broken.yaml": crlf("apiVersion: v1\nkind: ServiceAccount\nmetadata: [\n  name: x\n") });
      const result = scanJson(dir);
      expect(result.findings).toEqual(["PG102 main.tf:10:16", "PG102 nodes.json:14:68", "PG102 nodes.json:15:83", "PG102 nodes.yaml:25:16"]);
      expect(result.diagnostics).toEqual(["broken.yaml:5:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]"]);
    });
  });

  describe("the file system", () => {
    it("reports a file that disappears between discovery and reading, and still reports the others", () => {
      const dir = tempDir({ "nodes.yaml": NODES_YAML, "gone.yaml": NODES_YAML });
      between.hook = () => rmSync(join(dir, "gone.yaml"));
      const result = scanJson(dir);
      expect(result.code).toBe(EXIT_INCOMPLETE);
      expect(result.findings).toEqual(["PG102 nodes.yaml:25:16"]);
      expect(result.diagnostics).toEqual(["gone.yaml:1:1: the file disappeared while pullguard was scanning (ENOENT)"]);
      expect(result.files["gone.yaml"]).toBe("failed");
    });

    it("reports a file replaced by a folder or a named pipe between discovery and reading, without blocking on the pipe", () => {
      const dir = tempDir({ "nodes.yaml": NODES_YAML, "was-file.yaml": NODES_YAML, "pipe.yaml": NODES_YAML });
      const mkfifo = spawnSync("mkfifo", ["--help"]).status === 0;
      between.hook = () => {
        rmSync(join(dir, "was-file.yaml"));
        mkdirSync(join(dir, "was-file.yaml"));
        rmSync(join(dir, "pipe.yaml"));
        if (mkfifo) spawnSync("mkfifo", [join(dir, "pipe.yaml")]);
      };
      const result = scanJson(dir);
      expect(result.code).toBe(EXIT_INCOMPLETE);
      expect(result.findings).toEqual(["PG102 nodes.yaml:25:16"]);
      expect(result.diagnostics).toEqual([
        mkfifo ? "pipe.yaml:1:1: not a regular file (a pipe, socket or device)" : "pipe.yaml:1:1: the file disappeared while pullguard was scanning (ENOENT)",
        "was-file.yaml:1:1: a folder where a file was expected (EISDIR)",
      ]);
    });

    it("reports a file and a folder the file system refuses (EACCES), and still reports the others", () => {
      const dir = tempDir({ "nodes.yaml": NODES_YAML, "secret.yaml": NODES_YAML, "locked/inner.yaml": NODES_YAML });
      denied.add(join(dir, "secret.yaml"));
      denied.add(join(dir, "locked"));
      const result = scanJson(dir);
      expect(result.code).toBe(EXIT_INCOMPLETE);
      expect(result.findings).toEqual(["PG102 nodes.yaml:25:16"]);
      expect(result.diagnostics).toEqual([
        "locked:1:1: could not list this folder (EACCES), so its files were not scanned",
        "secret.yaml:1:1: permission denied (EACCES): pullguard cannot read this file",
      ]);
      expect(result.files).toEqual({ "nodes.yaml": "analysed", "secret.yaml": "failed" });
    });

    // chmod cannot take access away from root (CAP_DAC_OVERRIDE): there the case cannot be built.
    const probe = mkdtempSync(join(tmpdir(), "pullguard-chmod-"));
    writeFileSync(join(probe, "f"), "x");
    chmodSync(join(probe, "f"), 0o000);
    let chmodDenies = false;
    try {
      readFileSync(join(probe, "f"));
    } catch {
      chmodDenies = true;
    }
    const permissionTest = chmodDenies ? it : it.skip;
    permissionTest(`reports a file and a folder it may not read (skipped when chmod cannot deny access: ${chmodDenies ? "it can here" : "running as root"})`, () => {
      const dir = tempDir({ "nodes.yaml": NODES_YAML, "secret.yaml": NODES_YAML, "locked/inner.yaml": NODES_YAML });
      chmodSync(join(dir, "secret.yaml"), 0o000);
      chmodSync(join(dir, "locked"), 0o000);
      try {
        const result = scanJson(dir);
        expect(result.code).toBe(EXIT_INCOMPLETE);
        expect(result.findings).toEqual(["PG102 nodes.yaml:25:16"]);
        expect(result.diagnostics).toEqual([
          "locked:1:1: could not list this folder (EACCES), so its files were not scanned",
          "secret.yaml:1:1: permission denied (EACCES): pullguard cannot read this file",
        ]);
      } finally {
        chmodSync(join(dir, "locked"), 0o755);
      }
    });

    it("follows no symbolic link loop, and lists a link that leads nowhere as skipped", () => {
      const dir = tempDir({ "stacks/nodes.yaml": NODES_YAML });
      symlinkSync(join(dir, "stacks"), join(dir, "stacks", "again")); // a folder that contains itself
      symlinkSync(join(dir, "b.yaml"), join(dir, "a.yaml")); // a → b → a
      symlinkSync(join(dir, "a.yaml"), join(dir, "b.yaml"));
      symlinkSync(join(dir, "nowhere.yaml"), join(dir, "dangling.yaml"));
      const result = scanJson(dir);
      expect(result.code).toBe(EXIT_FINDINGS);
      expect(result.findings).toEqual(["PG102 stacks/nodes.yaml:25:16"]);
      expect(result.diagnostics).toEqual([]);
      const broken = "skipped: a symbolic link that leads nowhere (dangling, or a loop of links)";
      expect(result.files).toEqual({ "a.yaml": broken, "b.yaml": broken, "dangling.yaml": broken, "stacks/nodes.yaml": "analysed" });
    });

    it("decodes and limits standard input like a file: UTF-16 read, binary skipped, too large failed", () => {
      const dir = tempDir({});
      const stdin = (bytes: Buffer, ...flags: string[]) => {
        let stdout = "";
        const code = main(["-", "--format", "json", ...flags], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: dir, env: {}, isTTY: false, readStdin: () => bytes });
        if (typeof code !== "number") throw new Error("main returned a promise for a scan without --cloudtrail");
        const report = JSON.parse(stdout) as Report;
        return { code, findings: report.findings.map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}:${f.location.startColumn}`), diagnostics: report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`), files: report.files };
      };
      expect(stdin(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NODES_YAML, "utf16le")]))).toMatchObject({ code: EXIT_FINDINGS, findings: ["PG102 stdin:25:16"] });
      expect(stdin(Buffer.from([0x00, 0x01, 0x02]))).toMatchObject({ code: EXIT_CLEAN, files: [{ path: "stdin", status: "skipped", reason: "binary file" }] });
      expect(stdin(Buffer.from(NODES_YAML), "--max-file-size", "1KB")).toMatchObject({
        code: EXIT_INCOMPLETE,
        diagnostics: ["stdin:1:1: the file is 1.6 KB, over the 1 KB limit; raise it with --max-file-size 16MB or maxFileSize in .pullguard.yml"],
      });
    });

    it("exits 2 for a path that does not exist, naming it", () => {
      const dir = tempDir({ "nodes.yaml": NODES_YAML });
      expect(run(["nodes.yaml", "no/such/stack.yaml"], dir)).toEqual({ code: EXIT_USAGE, stdout: "", stderr: `pullguard: no such file or folder: no/such/stack.yaml\n` });
    });
  });

  describe("partial failure in every format", () => {
    const dir = tempDir({ "nodes.yaml": NODES_YAML, "main.tf": NODES_TF, "broken.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n", "huge.tf": "# big\n".repeat(400) });
    const formats = (format: string) => run([".", "--format", format, "--max-file-size", "2KB"], dir);

    it("text: the findings, each failed file with its message, and the count of files not analysed; exit 3", () => {
      const { code, stdout } = formats("text");
      expect(code).toBe(EXIT_INCOMPLETE);
      expect(stdout).toContain("broken.yaml\n  3:1  error  YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]  (not analysed)");
      expect(stdout).toContain("huge.tf\n  1:1  error  the file is 2.3 KB, over the 2 KB limit; raise it with --max-file-size 16MB or maxFileSize in .pullguard.yml  (not analysed)");
      expect(stdout).toContain("main.tf\n  10:16  error");
      expect(stdout).toContain("nodes.yaml\n  25:16  error");
      expect(stdout).toContain("2 findings (2 error, 0 warning, 0 note), 2 files could not be analysed");
      expect(stdout).toContain("Files: 2 analysed, 2 failed, 0 skipped");
    });

    it("JSON: findings, diagnostics and failed file statuses", () => {
      const { code, stdout } = formats("json");
      expect(code).toBe(EXIT_INCOMPLETE);
      const report = JSON.parse(stdout) as Report & { summary: { files: Record<string, number> } };
      expect(report.findings.map((f) => f.location.file)).toEqual(["main.tf", "nodes.yaml"]);
      expect(report.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`)).toEqual(["broken.yaml:3:1", "huge.tf:1:1"]);
      expect(report.files).toEqual([
        { path: "broken.yaml", status: "failed", format: "cloudformation" },
        { path: "huge.tf", status: "failed" },
        { path: "main.tf", status: "analysed", format: "terraform" },
        { path: "nodes.yaml", status: "analysed", format: "cloudformation" },
      ]);
      expect(report.summary.files).toMatchObject({ analysed: 2, failed: 2 });
    });

    it("SARIF: the results, and toolExecutionNotifications with executionSuccessful false", () => {
      const { code, stdout } = formats("sarif");
      expect(code).toBe(EXIT_INCOMPLETE);
      const run0 = (JSON.parse(stdout) as { runs: { results: { ruleId: string }[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[] }).runs[0];
      expect(run0?.results.map((r) => r.ruleId)).toEqual(["PG102", "PG102"]);
      expect(run0?.invocations[0]?.executionSuccessful).toBe(false);
      expect(run0?.invocations[0]?.toolExecutionNotifications).toEqual([
        {
          level: "error",
          message: { text: "broken.yaml:3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "broken.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 3, startColumn: 1 } } }],
        },
        {
          level: "error",
          message: { text: "huge.tf:1:1: the file is 2.3 KB, over the 2 KB limit; raise it with --max-file-size 16MB or maxFileSize in .pullguard.yml" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "huge.tf", uriBaseId: "%SRCROOT%" }, region: { startLine: 1, startColumn: 1 } } }],
        },
      ]);
    });

    it("GitHub annotations and Markdown: each failed file, and the scan marked incomplete", () => {
      const github = formats("github");
      expect(github.code).toBe(EXIT_INCOMPLETE);
      expect(github.stdout).toContain("::error file=huge.tf,line=1,col=1,title=not analysed::the file is 2.3 KB, over the 2 KB limit");
      expect(github.stdout).toContain("::notice::pullguard: 2 findings (2 errors), 2 files could not be analysed");
      const markdown = formats("markdown");
      expect(markdown.code).toBe(EXIT_INCOMPLETE);
      expect(markdown.stdout).toContain("**The scan is incomplete:** 2 files could not be analysed");
      expect(markdown.stdout).toContain("huge.tf:1:1");
    });

    it("exits 3 even with --fail-on none: an incomplete scan is never a pass", () => {
      expect(run([".", "--fail-on", "none", "--max-file-size", "2KB"], dir).code).toBe(EXIT_INCOMPLETE);
      expect(run([".", "--fail-on", "none", "--exclude", "broken.yaml", "--exclude", "huge.tf"], dir).code).toBe(EXIT_CLEAN);
    });
  });

  describe("deterministic output", () => {
    const dir = tempDir({
      "a/nodes.yaml": NODES_YAML,
      "b/main.tf": NODES_TF,
      "c/nodes.json": NODES_JSON,
      "d/broken.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n",
      "e/kaniko.yaml": readFileSync(join(FIXTURES, "kubernetes/kaniko-job-default-sa/job.yaml"), "utf8"),
      "f/logo.yaml": Buffer.from([0, 1, 2]),
    });
    /** A fixed permutation per seed (a small LCG), so that a failure can be replayed. */
    const shuffled = <T>(items: T[], seed: number): T[] => {
      const out = [...items];
      let state = seed;
      for (let i = out.length - 1; i > 0; i--) {
        state = (state * 1103515245 + 12345) % 2147483648;
        const j = state % (i + 1);
        [out[i], out[j]] = [out[j] as T, out[i] as T];
      }
      return out;
    };

    it.each(["json", "sarif"])("gives byte-identical %s whatever order the files are found in", (format) => {
      const reference = run([".", "--format", format], dir);
      expect(reference.code).toBe(EXIT_INCOMPLETE);
      for (const seed of [1, 2, 3, 4, 5]) {
        between.hook = (found) => {
          found.files = shuffled(found.files, seed);
        };
        expect(run([".", "--format", format], dir).stdout).toBe(reference.stdout);
      }
    });

    it("gives the same report for a folder whatever else is scanned with it", () => {
      spawnSync("git", ["init", "-q"], { cwd: dir }); // one root (the work tree) for both scans
      const alone = JSON.parse(run(["a", "--format", "json"], dir).stdout) as Report;
      const together = JSON.parse(run([".", "--format", "json"], dir).stdout) as Report;
      expect(together.findings.filter((f) => f.location.file.startsWith("a/"))).toEqual(alone.findings);
    });

    it("puts no timestamp and no absolute path in SARIF", () => {
      const sarif = run([".", "--format", "sarif"], dir).stdout;
      expect(sarif).not.toContain(dir);
      expect(sarif).not.toContain(tmpdir());
      expect(sarif).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(sarif).not.toMatch(/"(startTimeUtc|endTimeUtc|timeUtc|commandLine|workingDirectory)"/);
    });

    it("names a --var-file outside the repository in SARIF without its absolute path", () => {
      const outside = tempDir({ "broken.tfvars": "ecr_policy_arn = [\n" });
      const sarif = run([".", "--format", "sarif", "--var-file", join(outside, "broken.tfvars")], dir).stdout;
      expect(sarif).not.toContain(outside);
      expect(sarif).toContain("broken.tfvars (outside the repository):2:1: HCL syntax error");
    });
  });

  describe("no code execution, no reading outside the scanned tree", () => {
    const fullAccess = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ecr:*", Resource: "*" }] });
    const nodeRole = (policy: string) => `${NODES_TF.replace("AmazonEC2ContainerRegistryFullAccess", "AmazonEC2ContainerRegistryPullOnly")}
resource "aws_iam_role_policy" "extra" {
  role   = aws_iam_role.nodes.name
  policy = ${policy}
}
`;

    it("reads file() and templatefile() inside the tree, but not through .., an absolute path or a link that leads out", () => {
      const outside = tempDir({ "policy.json": fullAccess });
      const inside = tempDir({ "stack/policy.json": fullAccess, "stack/main.tf": nodeRole('file("${path.module}/policy.json")') });
      expect(scanJson(join(inside, "stack")).findings.filter((f) => f.startsWith("PG101"))).not.toEqual([]);
      for (const path of ['"../../${basename(path.cwd)}/policy.json"', `"${join(outside, "policy.json")}"`, '"${path.module}/link/policy.json"']) {
        const dir = tempDir({ "main.tf": nodeRole(`templatefile(${path}, {})`) });
        symlinkSync(outside, join(dir, "link"));
        const result = scanJson(dir);
        expect(result.findings.filter((f) => f.startsWith("PG101"))).toEqual([]);
        expect(readdirSync(outside)).toEqual(["policy.json"]);
      }
    });

    it("never runs Terraform, fetches a module or opens a connection: the scan code imports no process, network or eval facility", () => {
      const sources = spawnSync("git", ["ls-files", "src", "rules"], { cwd: PROJECT, encoding: "utf8" }).stdout.split("\n").filter((f) => f.endsWith(".ts"));
      expect(sources.length).toBeGreaterThan(20);
      const forbidden = /from "node:(child_process|http|https|net|tls|dgram|dns|vm|worker_threads)"|(?<![.\w])(?<!private )eval\(|new Function\(|\bfetch\(/;
      // The worker pool runs pullguard's own dist/worker.js, named from the package's folder, never from the input.
      const pool = ["src/workers.ts", "src/worker.ts"];
      const offenders = sources.filter((f) => forbidden.test(readFileSync(join(PROJECT, f), "utf8").replace(pool.includes(f) ? /from "node:worker_threads"/g : /$^/, "")));
      expect(offenders).toEqual([]);
      const scripts = sources.filter((f) => /\bworkers: \{ count, script:/.test(readFileSync(join(PROJECT, f), "utf8")));
      expect(scripts).toEqual(["src/cli/main.ts"]);
      expect(readFileSync(join(PROJECT, "src/cli/main.ts"), "utf8")).toContain('script: pathToFileURL(join(PACKAGE_ROOT, "dist", "worker.js"))');
    });

    it("leaves a remote module unread, with a note that says so", () => {
      const dir = tempDir({ "main.tf": 'module "eks_nodes" {\n  source = "git::https://example.invalid/nodes.git?ref=v1"\n}\n' });
      const { code, stdout } = run([".", "--format", "json"], dir);
      expect(code).toBe(EXIT_CLEAN);
      expect(stdout).toContain("is not downloaded (run terraform init)");
    });
  });

  it("stops a chain of locals that doubles a string each time, instead of running out of memory", () => {
    const locals = Array.from({ length: 40 }, (_, i) => `  a${i + 1} = "\${local.a${i}}\${local.a${i}}"`).join("\n");
    const dir = tempDir({ "main.tf": `locals {\n  a0 = "xxxxxxxxxx"\n${locals}\n}\n${NODES_TF.replace(/name(\s+)= "nodes"/, "name$1= local.a40")}` });
    const result = scanJson(dir);
    expect(result.code).toBe(EXIT_FINDINGS);
    expect(result.findings).toEqual(["PG102 main.tf:53:16"]);
  });
});
