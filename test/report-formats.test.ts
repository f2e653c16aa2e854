import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findRule } from "../rules/index.js";
import { ruleDocsUrl } from "../rules/docs.js";
import type { Finding, Level } from "../src/model/finding.js";
import { escapeData, escapeProperty, formatGithub } from "../src/report/github.js";
import { code, formatMarkdown, MARKDOWN_LIMIT, text } from "../src/report/markdown.js";
import { formatText } from "../src/report/text.js";
import { scan, type ScanResult } from "../src/scan.js";
import { FIXTURES, PROJECT } from "./helpers.js";

const PG102_DIR = join(FIXTURES, "cloudformation/pg102-full-access-self-managed");
const KANIKO_DIR = join(FIXTURES, "kubernetes/kaniko-job-default-sa");
const BAD_DIR = join(FIXTURES, "cloudformation/bad-input");

const scanDir = (dir: string): ScanResult => scan({ paths: [dir], cwd: dir, exclude: ["expected.json"] });
const lines = (output: string) => output.split("\n");

const PG102_MESSAGE =
  "Node role NodeInstanceRole has the AWS managed policy AmazonEC2ContainerRegistryFullAccess, which allows ECR admin actions (ecr:PutImage, ecr:BatchDeleteImage, ecr:DeleteRepository, ecr:SetRepositoryPolicy and 17 more): any node, or pod on it, can push, overwrite or delete images. Attach AmazonEC2ContainerRegistryPullOnly instead and give image pushers their own IRSA or Pod Identity role.";

/** A finding written by hand, on a result that otherwise comes from a real scan. */
function synthetic(base: Finding, changes: Partial<Finding> & { file?: string; lines?: [number, number] }): Finding {
  const { file, lines: span, ...rest } = changes;
  const location = { ...base.location, ...(file ? { file } : {}), ...(span ? { startLine: span[0], endLine: span[1] } : {}) };
  return { ...base, ...rest, location };
}

function withFindings(result: ScanResult, findings: Finding[], extra: Partial<ScanResult> = {}): ScanResult {
  return { ...result, findings, ...extra };
}

describe("--format text", () => {
  it("shows each finding with its code frame, and ends it with the link to its rule's page", () => {
    const report = formatText(scanDir(PG102_DIR), { color: false, cwd: PG102_DIR, quiet: true, verbose: false });
    expect(report).toBe(
      [
        "nodegroup.yaml",
        `  25:16  error    ${PG102_MESSAGE}  PG102/node-role-ecr-write-managed-policy`,
        '      24 |         - !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonEKS_CNI_Policy"',
        '    > 25 |         - !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"',
        `         |                ${"^".repeat(76)}`,
        "      26 | ",
        "    https://github.com/pullguard/pullguard/blob/main/docs/rules/PG102-node-role-ecr-write-managed-policy.md",
        "",
        "",
      ].join("\n"),
    );
  });
});

describe("--format github", () => {
  const pg102 = scanDir(PG102_DIR);

  it("writes one annotation per finding, paths relative to the workspace", () => {
    expect(lines(formatGithub(pg102, { cwd: PG102_DIR }))).toEqual([
      `::error file=nodegroup.yaml,line=25,col=16,endLine=25,endColumn=92,title=PG102/node-role-ecr-write-managed-policy::${PG102_MESSAGE}`,
      "::notice::pullguard: 1 finding (1 error)",
      "",
    ]);
    // From the repository root, the path is the scan's own (relative to result.root).
    expect(lines(formatGithub(pg102, { cwd: PROJECT }))[0]).toMatch(
      /^::error file=fixtures\/cloudformation\/pg102-full-access-self-managed\/nodegroup\.yaml,line=25,col=16,/,
    );
  });

  it("writes a parse error for each file that could not be analysed", () => {
    const out = lines(formatGithub(scanDir(BAD_DIR), { cwd: BAD_DIR }));
    expect(out).toContain("::error file=broken.yaml,line=7,col=7,title=not analysed::YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]");
    expect(out).toContain("::error file=trailing-comma.json,line=4,col=47,title=not analysed::JSON syntax error: trailing comma");
    expect(out).toContain("::notice::pullguard: 1 finding (1 error), 2 files could not be analysed");
  });

  it("maps levels: error, warning, note → ::error, ::warning, ::notice", () => {
    const [f] = pg102.findings as [Finding];
    const levels: Level[] = ["error", "warning", "note"];
    const out = lines(formatGithub(withFindings(pg102, levels.map((level) => synthetic(f, { level, message: level }))), { cwd: PG102_DIR }));
    expect(out.map((l) => l.slice(0, l.indexOf(" ")))).toEqual(["::error", "::warning", "::notice", "::notice::pullguard:", ""]);
    expect(out[3]).toBe("::notice::pullguard: 3 findings (1 error, 1 warning, 1 note)");
  });

  it("escapes as @actions/core does: % CR LF in the message, and : , too in properties", () => {
    const [f] = pg102.findings as [Finding];
    const odd = synthetic(f, { file: "odd,dir:100%/a.yaml", ruleName: "x:y,z", message: "100% sure: a,b::c\nnext\r\nlast" });
    const [line] = lines(formatGithub(withFindings(pg102, [odd]), { cwd: pg102.root }));
    expect(line).toBe("::error file=odd%2Cdir%3A100%25/a.yaml,line=25,col=16,endLine=25,endColumn=92,title=PG102/x%3Ay%2Cz::100%25 sure: a,b::c%0Anext%0D%0Alast");
    expect(escapeData("%0A")).toBe("%250A");
    expect(escapeProperty("a:b,c%\r\n")).toBe("a%3Ab%2Cc%25%0D%0A");
  });

  it("leaves out columns when a range spans lines (the runner would drop them)", () => {
    const [f] = pg102.findings as [Finding];
    const [line] = lines(formatGithub(withFindings(pg102, [synthetic(f, { lines: [25, 27] })]), { cwd: PG102_DIR }));
    expect(line).toMatch(/^::error file=nodegroup\.yaml,line=25,endLine=27,title=PG102\/node-role-ecr-write-managed-policy::/);
  });

  it("ends with counts, suppressed findings and the baseline, and never annotates a suppressed finding", () => {
    const [f] = pg102.findings as [Finding];
    const suppressed = { ...f, suppression: { kind: "comment" as const, reason: "accepted", until: undefined, location: undefined } };
    const result = withFindings(pg102, [], { suppressed: [suppressed], baseline: { file: ".pullguard-baseline.json", matched: 4, gone: 1 } });
    expect(lines(formatGithub(result, { cwd: PG102_DIR }))).toEqual([
      "::notice::pullguard: no findings, 1 suppressed, baseline .pullguard-baseline.json: 4 matched, 1 gone",
      "",
    ]);
  });
});

describe("--format markdown", () => {
  const pg102 = scanDir(PG102_DIR);
  const docs = ruleDocsUrl(findRule("PG102") as NonNullable<ReturnType<typeof findRule>>);

  it("opens with the verdict, then the node roles, then the findings by file with a link to the rule", () => {
    const out = lines(formatMarkdown(pg102, { cwd: PG102_DIR }));
    expect(out[0]).toBe("### pullguard: 1 finding (1 error)");
    expect(out).toContain("| Role | Where | ECR | IAM admin | Why it is a node role |");
    expect(out).toContain(
      "| `NodeInstanceRole` | `nodegroup.yaml:10` | **admin** | no | Auto Scaling group NodeGroup → launch template NodeLaunchTemplate → instance profile NodeInstanceProfile (it is tagged kubernetes.io/cluster/prod) |",
    );
    expect(out).toContain("**`nodegroup.yaml`**");
    expect(out).toContain(`| error | [PG102](${docs} "node-role-ecr-write-managed-policy") | 25 | ${PG102_MESSAGE} |`);
    expect(out.indexOf("#### Node roles (1)")).toBeLessThan(out.indexOf("#### Findings (1)"));
  });

  it("lists push workloads with their service account and identity", () => {
    const out = lines(formatMarkdown(scanDir(KANIKO_DIR), { cwd: KANIKO_DIR }));
    expect(out).toContain("#### Push workloads (1)");
    expect(out).toContain("| `Job/build-app` | `job.yaml:15` | `ci/default` | **none: the node role's credentials** |");
    expect(out).toContain("No EKS node role was found in the scanned files.");
  });

  it("says which files could not be analysed", () => {
    const out = lines(formatMarkdown(scanDir(BAD_DIR), { cwd: BAD_DIR }));
    expect(out[0]).toBe("### pullguard: 1 finding (1 error), 2 files could not be analysed");
    expect(out).toContain("#### Could not be analysed (2)");
    expect(out).toContain("- `broken.yaml:7:7` YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a \\]");
    expect(out).toContain("- `trailing-comma.json:4:47` JSON syntax error: trailing comma");
  });

  it("counts the levels in the heading, and says no findings when there are none", () => {
    const [f] = pg102.findings as [Finding];
    const three = withFindings(pg102, [f, synthetic(f, { level: "error" }), synthetic(f, { level: "warning" })]);
    expect(lines(formatMarkdown(three, { cwd: PG102_DIR }))[0]).toBe("### pullguard: 3 findings (2 errors, 1 warning)");
    const none = lines(formatMarkdown(withFindings(pg102, []), { cwd: PG102_DIR }));
    expect(none[0]).toBe("### pullguard: no findings");
    expect(none.some((l) => l.startsWith("#### Findings"))).toBe(false);
  });

  it("does not list suppressed findings; it counts them, and the baseline", () => {
    const [f] = pg102.findings as [Finding];
    const hidden = { ...f, message: "a finding someone accepted", suppression: { kind: "comment" as const, reason: "ok", until: undefined, location: undefined } };
    const result = withFindings(pg102, [], { suppressed: [hidden], baseline: { file: ".pullguard-baseline.json", matched: 3, gone: 1 } });
    const output = formatMarkdown(result, { cwd: PG102_DIR });
    const out = lines(output);
    expect(out[0]).toBe("### pullguard: no findings");
    expect(output).not.toContain("a finding someone accepted");
    expect(output).not.toContain("[PG102]");
    expect(out).toContain("1 finding suppressed by an ignore is not listed.");
    expect(out).toContain("Baseline `.pullguard-baseline.json`: 3 findings matched and not listed; 1 entry matches nothing any more.");
  });

  it("escapes what would break a table or turn into Markdown or HTML", () => {
    const [f] = pg102.findings as [Finding];
    const odd = synthetic(f, { message: "a|b <script>x</script> `code` *star* [link](u) $x$ ~s~ & aws_iam_role _lead\\\nnext" });
    const out = lines(formatMarkdown(withFindings(pg102, [odd]), { cwd: PG102_DIR }));
    expect(out).toContain(
      `| error | [PG102](${docs} "node-role-ecr-write-managed-policy") | 25 | a\\|b &lt;script&gt;x&lt;/script&gt; \\\`code\\\` \\*star\\* \\[link\\](u) \\$x\\$ \\~s\\~ &amp; aws_iam_role \\_lead\\\\<br>next |`,
    );
    // Code spans: a longer fence around backticks, `\|` for a pipe inside a table, one line.
    expect(code("a`b|c")).toBe("``a`b\\|c``");
    expect(code("`x`", false)).toBe("`` `x` ``");
    expect(code("two\nlines")).toBe("`two lines`");
    expect(text("x\r\ny")).toBe("x<br>y");
  });

  it("cuts the findings list to stay under the comment limit and says how many were left out", () => {
    const [f] = pg102.findings as [Finding];
    const many = Array.from({ length: 2_000 }, (_, i) => synthetic(f, { file: `stack-${String(i % 7)}.yaml`, message: `${PG102_MESSAGE} (${String(i)})` }));
    const output = formatMarkdown(withFindings(pg102, many), { cwd: pg102.root });
    expect(output.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    const out = lines(output);
    expect(out[0]).toBe("### pullguard: 2000 findings (2000 errors)");
    const shown = out.filter((l) => l.startsWith("| error | [PG102]")).length;
    expect(shown).toBeGreaterThan(50);
    // The measures close the comment; the findings section ends with what it left out.
    const last = out.slice(0, out.indexOf("#### Measures")).filter((l) => l !== "").at(-1);
    expect(last).toBe(`_… and ${String(2_000 - shown)} more findings not shown: a comment is limited in size. Run pullguard locally, or read the annotations, for the full list._`);
    // Nothing is cut when everything fits.
    expect(formatMarkdown(withFindings(pg102, many.slice(0, 10)), { cwd: pg102.root })).not.toContain("more findings not shown");
  });

  it("stays under the limit when the other sections are huge too", () => {
    const [f] = pg102.findings as [Finding];
    const many = Array.from({ length: 500 }, (_, i) => synthetic(f, { message: `${PG102_MESSAGE} (${String(i)})` }));
    const diagnostics = Array.from({ length: 3_000 }, (_, i) => ({ file: `broken-${String(i)}.yaml`, line: 1, column: 1, message: "YAML syntax error: ".repeat(5) }));
    const output = formatMarkdown(withFindings(pg102, many, { diagnostics }), { cwd: pg102.root });
    expect(output.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(output).toMatch(/^_… and \d+ more files not shown: /m);
    expect(output).toMatch(/^_… and \d+ more findings not shown: /m);
    expect(output).toContain("#### Could not be analysed (3000)");
  });
});
