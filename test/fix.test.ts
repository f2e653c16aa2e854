import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { applyFixes, eksctlImageBuilderEdit, IMAGE_BUILDER_COMMENT, unifiedDiff } from "../src/fix/apply.js";
import type { Edit, Finding } from "../src/model/finding.js";
import type { Diagnostic, Range, SourceFile } from "../src/model/source.js";
import { resolveEdit } from "../src/report/edits.js";
import { scan } from "../src/scan.js";
import { FIXTURES, scanFolder } from "./helpers.js";

const BOM = "\uFEFF";
/** PG105 and PG405 are off by default; they have fixes too. */
const RULES = { PG105: "warning", PG405: "warning" } as const;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? walk(path) : [path];
    });
}

interface Case {
  name: string;
  files: SourceFile[];
  findings: Finding[];
  /** Where the fixture's broken files are (bad-input): the same after fixing. */
  diagnostics: string[];
}

const where = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}`;

/** Every fixture folder whose scan offers a fix, with its files as on disk (paths as the scan reports them). */
const cases: Case[] = ["cloudformation", "terraform", "eksctl", "kubernetes", "cross"].flatMap((format) =>
  readdirSync(join(FIXTURES, format))
    .sort()
    .flatMap((name) => {
      const dir = join(FIXTURES, format, name);
      const { result } = scanFolder(dir, RULES);
      if (!result.findings.some((f) => f.fix)) return [];
      const files = walk(dir)
        .filter((p) => !p.endsWith("expected.json"))
        .map((p) => ({ path: relative(result.root, p).split("\\").join("/"), text: readFileSync(p, "utf8") }));
      return [{ name: `${format}/${name}`, files, findings: result.findings, diagnostics: result.diagnostics.map(where) }];
    }),
);

/** The spans a set of findings' fixes replace, in file order, each edit once. */
function spansOf(findings: Finding[], file: string, text: string): { start: number; end: number; replace: string }[] {
  const spans = findings
    .flatMap((f) => f.fix?.edits ?? [])
    .filter((e) => e.range.file === file)
    .map((e) => {
      const resolved = resolveEdit(e, text);
      if (!resolved) throw new Error(`edit not found: ${JSON.stringify(e)}`);
      return { start: resolved.start, end: resolved.end, replace: e.replace };
    })
    .sort((a, b) => a.start - b.start);
  return spans.filter((s, i) => i === 0 || s.start !== spans[i - 1]?.start);
}

/** Every character outside the spans is where it was: the text before each span, between them and after the last. */
function expectOnlySpansChanged(before: string, after: string, spans: { start: number; end: number; replace: string }[]): void {
  let from = 0;
  let shift = 0;
  for (const span of spans) {
    expect(after.slice(from + shift, span.start + shift)).toBe(before.slice(from, span.start));
    expect(after.slice(span.start + shift, span.start + shift + span.replace.length)).toBe(span.replace);
    shift += span.replace.length - (span.end - span.start);
    from = span.end;
  }
  expect(after.slice(from + shift)).toBe(before.slice(from));
  expect(after.length).toBe(before.length + shift);
}

/** The spans of `after` that the fixes wrote, as 1-based line/column ranges. */
function writtenRanges(before: string, spans: { start: number; end: number; replace: string }[], file: string): Range[] {
  let shift = 0;
  const ranges: Range[] = [];
  for (const span of spans) {
    const start = span.start + shift;
    const end = start + span.replace.length;
    const at = (offset: number, text: string) => {
      const head = text.slice(0, offset).split("\n");
      return { line: head.length, column: (head[head.length - 1] ?? "").length + 1 };
    };
    const after = before.slice(0, span.start) + span.replace;
    const a = at(start, after);
    const b = at(end, after);
    ranges.push({ file, startLine: a.line, startColumn: a.column, endLine: b.line, endColumn: b.column });
    shift += span.replace.length - (span.end - span.start);
  }
  return ranges;
}

function overlapsRange(a: Range, b: Range): boolean {
  if (a.file !== b.file) return false;
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  return !before(a.endLine, a.endColumn, b.startLine, b.startColumn) && !before(b.endLine, b.endColumn, a.startLine, a.startColumn);
}

function finding(ruleId: string, edits: Edit[], description = `${ruleId} fix`): Finding {
  const location = edits[0]?.range ?? { file: "x", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
  return { ruleId, ruleName: ruleId, level: "error", messageId: "m", message: "m", location, related: [], fingerprint: ruleId, when: [], fix: { description, edits } };
}

function range(file: string, line: number, startColumn: number, endColumn: number): Range {
  return { file, startLine: line, startColumn, endLine: line, endColumn };
}

describe("applyFixes on the fixtures' own fixes", () => {
  it("covers the fixtures with PG102, PG105, PG301 and PG405 fixes", () => {
    const names = cases.map((c) => c.name);
    for (const name of [
      "cloudformation/pg102-full-access-self-managed",
      "cloudformation/pg301-hop-limit",
      "cloudformation/pg301-imdsv1",
      "cloudformation/pg104-missing-pull",
      "terraform/for-each-poweruser",
      "terraform/pg301-launch-template",
      "kubernetes/karpenter-nodeclass-hop-limit",
      "eksctl/attach-policy-arns",
      "terraform/pg405-mutable-tags",
      "cloudformation/pg405-mutable-tags",
    ]) {
      expect(names).toContain(name);
    }
    const rules = new Set(cases.flatMap((c) => c.findings.filter((f) => f.fix).map((f) => f.ruleId)));
    expect([...rules]).toEqual(expect.arrayContaining(["PG102", "PG105", "PG301", "PG405"]));
  });

  it.each(cases)("$name: every fix applies, and the rescanned text has no finding of the fixed rule at the fixed place", ({ files, findings, diagnostics }) => {
    const fixed = findings.filter((f) => f.fix);
    const result = applyFixes(findings, new Map(files.map((f) => [f.path, f.text])));
    expect(result.skipped).toEqual([]);
    expect(result.files.flatMap((f) => f.applied).length).toBe(fixed.length);

    const after = files.map((f) => ({ path: f.path, text: result.files.find((x) => x.path === f.path)?.after ?? f.text }));
    const rescanned = scan({ files: after, rules: RULES });
    expect(rescanned.diagnostics.map(where)).toEqual(diagnostics);
    for (const file of result.files) {
      const spans = spansOf(fixed, file.path, file.before);
      for (const written of writtenRanges(file.before, spans, file.path)) {
        const rules = new Set(fixed.filter((f) => f.fix?.edits.some((e) => e.range.file === file.path)).map((f) => f.ruleId));
        const still = rescanned.findings.filter((f) => rules.has(f.ruleId) && overlapsRange(f.location, written));
        expect(still).toEqual([]);
      }
    }
    // The fixed findings are gone, not only moved: another problem of the same rule may remain (a conditional value).
    const gone = new Set(fixed.map((f) => f.fingerprint));
    expect(rescanned.findings.filter((f) => gone.has(f.fingerprint))).toEqual([]);
  });

  it.each(cases)("$name: every byte outside the edited spans is unchanged", ({ files, findings }) => {
    const result = applyFixes(findings, new Map(files.map((f) => [f.path, f.text])));
    expect(result.files.length).toBeGreaterThan(0);
    for (const file of result.files) {
      expect(file.before).toBe(files.find((f) => f.path === file.path)?.text);
      expectOnlySpansChanged(file.before, file.after, spansOf(findings, file.path, file.before));
    }
  });

  it.each(cases)("$name: a CRLF file with a byte order mark keeps both", ({ files, diagnostics }) => {
    const crlf = files.map((f) => ({ path: f.path, text: f.text.replace(/\r?\n/g, "\r\n") }));
    // The scan reads files without their byte order mark; the fix is applied to the text on disk, which has one.
    const scanned = scan({ files: crlf, rules: RULES });
    expect(scanned.diagnostics.map(where)).toEqual(diagnostics);
    const onDisk = new Map(crlf.map((f) => [f.path, BOM + f.text]));
    const result = applyFixes(scanned.findings, onDisk);
    expect(result.skipped).toEqual([]);
    expect(result.files.length).toBeGreaterThan(0);
    const lf = applyFixes(
      scan({ files, rules: RULES }).findings,
      new Map(files.map((f) => [f.path, f.text])),
    );
    for (const file of result.files) {
      expect(file.after.startsWith(BOM)).toBe(true);
      expect(file.after.slice(1).includes(BOM)).toBe(false);
      expect(/(?<!\r)\n/.test(file.after)).toBe(false);
      expectOnlySpansChanged(file.before.slice(1), file.after.slice(1), spansOf(scanned.findings, file.path, file.before.slice(1)));
      // The same change as in the LF file, line ending for line ending.
      const plain = lf.files.find((f) => f.path === file.path)?.after ?? "";
      expect(file.after).toBe(BOM + plain.replace(/\n/g, "\r\n"));
    }
  });
});

describe("applyFixes: what is kept and what is skipped", () => {
  const tf = [
    'resource "aws_iam_role_policy_attachment" "ecr" {   ',
    "  role       = aws_iam_role.nodes.name\t",
    '  policy_arn = "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"  ',
    "}",
  ].join("\n");
  const file = "main.tf";
  const fullAccess = range(file, 3, 16, 78);
  const swap = (replace: string) => ({ range: fullAccess, find: "AmazonEC2ContainerRegistryFullAccess", replace });

  it("keeps trailing whitespace, tabs and a missing final newline", () => {
    const result = applyFixes([finding("PG102", [swap("AmazonEC2ContainerRegistryPullOnly")])], new Map([[file, tf]]));
    expect(result.files).toHaveLength(1);
    expect(result.files[0]?.after).toBe(tf.replace("FullAccess", "PullOnly"));
    expect(result.files[0]?.after.endsWith("}")).toBe(true);
    expect(result.files[0]?.applied).toEqual([{ ruleId: "PG102", description: "PG102 fix", line: 3 }]);
  });

  it("skips an edit that overlaps one already applied in the file, and says which", () => {
    const first = finding("PG102", [swap("AmazonEC2ContainerRegistryPullOnly")]);
    const second = finding("PG105", [{ range: fullAccess, find: "ContainerRegistry", replace: "X" }]);
    const result = applyFixes([second, first], new Map([[file, tf]]));
    // File order, then rule id: PG102's edit starts first and wins whatever order the findings come in.
    expect(result.files[0]?.after).toBe(tf.replace("FullAccess", "PullOnly"));
    expect(result.skipped).toEqual([{ ruleId: "PG105", description: "PG105 fix", reason: expect.stringMatching(/overlaps the PG102 fix applied at main\.tf:3:/) as unknown }]);
  });

  it("applies a finding's edits together or not at all", () => {
    const first = finding("PG102", [swap("AmazonEC2ContainerRegistryPullOnly")]);
    // One edit of this finding is free (the closing brace), the other overlaps PG102's: neither is made.
    const both = finding("PG301", [
      { range: range(file, 4, 1, 2), find: "}", replace: "} # changed" },
      { range: fullAccess, find: "FullAccess", replace: "ReadOnly" },
    ]);
    const result = applyFixes([both, first], new Map([[file, tf]]));
    expect(result.files[0]?.after).toBe(tf.replace("FullAccess", "PullOnly"));
    expect(result.files[0]?.after.endsWith("\n}")).toBe(true);
    expect(result.skipped.map((s) => s.ruleId)).toEqual(["PG301"]);
  });

  it("skips an edit whose text is no longer at its place, and a file that was not read", () => {
    const moved = finding("PG102", [{ range: range(file, 2, 1, 10), find: "AmazonEC2ContainerRegistryFullAccess", replace: "x" }]);
    const unread = finding("PG301", [{ range: range("other.tf", 1, 1, 2), find: "2", replace: "1" }]);
    const result = applyFixes([moved, unread], new Map([[file, tf]]));
    expect(result.files).toEqual([]);
    expect(result.skipped.map((s) => s.reason)).toEqual(['"AmazonEC2ContainerRegistryFullAccess" is no longer at main.tf:2:1', "other.tf was not read"]);
  });

  it("makes an identical edit proposed by two findings once, and lists both", () => {
    const a = finding("PG102", [swap("AmazonEC2ContainerRegistryPullOnly")], "for node group a");
    const b = finding("PG102", [swap("AmazonEC2ContainerRegistryPullOnly")], "for node group b");
    const result = applyFixes([a, b], new Map([[file, tf]]));
    expect(result.skipped).toEqual([]);
    expect(result.files[0]?.after).toBe(tf.replace("FullAccess", "PullOnly"));
    expect(result.files[0]?.applied.map((x) => x.description)).toEqual(["for node group a", "for node group b"]);
  });

  it("applies edits from the end backwards: several edits on one line and on several lines", () => {
    const text = "a: 2\nb: optional  # keep\nc: 2 2\n";
    const edits = [
      { range: range("x.yaml", 1, 4, 5), find: "2", replace: "1" },
      { range: range("x.yaml", 2, 4, 12), find: "optional", replace: "required" },
      { range: range("x.yaml", 3, 4, 5), find: "2", replace: "10" },
      { range: range("x.yaml", 3, 6, 7), find: "2", replace: "" },
    ];
    const result = applyFixes([finding("PG301", edits)], new Map([["x.yaml", text]]));
    expect(result.files[0]?.after).toBe("a: 1\nb: required  # keep\nc: 10 \n");
  });

  it("treats the real fixes of one fixture and a conflicting copy like ESLint's fix pass", () => {
    const c = cases.find((x) => x.name === "cloudformation/pg301-hop-limit") as Case;
    const real = c.findings.filter((f) => f.fix);
    const hop = real.find((f) => f.ruleId === "PG301") as Finding;
    const rival = { ...hop, ruleId: "PG999", fix: { description: "hop limit 3", edits: (hop.fix?.edits ?? []).map((e) => ({ ...e, replace: "3" })) } };
    const result = applyFixes([...c.findings, rival], new Map(c.files.map((f) => [f.path, f.text])));
    expect(result.skipped).toEqual([{ ruleId: "PG999", description: "hop limit 3", reason: expect.stringContaining("overlaps the PG301 fix") as unknown }]);
    expect(result.files[0]?.applied.map((a) => a.ruleId)).toEqual(["PG102", "PG301"]);
    expect(result.files[0]?.after).toContain("HttpPutResponseHopLimit: 1\n");
  });
});

describe("unifiedDiff", () => {
  it("prints the PG102 swap of a fixture exactly as diff -u does", () => {
    const c = cases.find((x) => x.name === "cloudformation/pg102-full-access-self-managed") as Case;
    const result = applyFixes(c.findings, new Map(c.files.map((f) => [f.path, f.text])));
    const file = result.files[0] as { path: string; before: string; after: string };
    expect(file.path).toBe("fixtures/cloudformation/pg102-full-access-self-managed/nodegroup.yaml");
    expect(unifiedDiff(file.path, file.before, file.after)).toBe(
      [
        "--- a/fixtures/cloudformation/pg102-full-access-self-managed/nodegroup.yaml",
        "+++ b/fixtures/cloudformation/pg102-full-access-self-managed/nodegroup.yaml",
        "@@ -22,7 +22,7 @@",
        "       ManagedPolicyArns:",
        '         - !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy"',
        '         - !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonEKS_CNI_Policy"',
        '-        - !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryFullAccess"',
        '+        - !Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly"',
        " ",
        "   NodeInstanceProfile:",
        "     Type: AWS::IAM::InstanceProfile",
        "",
      ].join("\n"),
    );
  });

  const lines = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}\n`).join("");

  it("merges changes whose context touches (6 lines apart) and splits them at 7", () => {
    const before = lines(30);
    expect(unifiedDiff("f", before, before.replace("\n5\n", "\nfive\n").replace("\n12\n", "\ntwelve\n"))).toBe(
      "--- a/f\n+++ b/f\n@@ -2,14 +2,14 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n 11\n-12\n+twelve\n 13\n 14\n 15\n",
    );
    expect(unifiedDiff("f", before, before.replace("\n5\n", "\nfive\n").replace("\n13\n", "\nthirteen\n"))).toBe(
      "--- a/f\n+++ b/f\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n@@ -10,7 +10,7 @@\n 10\n 11\n 12\n-13\n+thirteen\n 14\n 15\n 16\n",
    );
  });

  it("marks a last line without a newline, keeps CRLF, and counts inserted and removed lines", () => {
    expect(unifiedDiff("f", "x\ny", "x\nz")).toBe("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n x\n-y\n\\ No newline at end of file\n+z\n\\ No newline at end of file\n");
    expect(unifiedDiff("f", "a\r\nb\r\n", "a\r\nc\r\n")).toBe("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n");
    expect(unifiedDiff("f", "a\n", "")).toBe("--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n");
    expect(unifiedDiff("f", "", "a\n")).toBe("--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n");
    expect(unifiedDiff("f", "1\n2\n3\n", "1\n2a\n2b\n3\n")).toBe("--- a/f\n+++ b/f\n@@ -1,3 +1,4 @@\n 1\n-2\n+2a\n+2b\n 3\n");
    expect(unifiedDiff("f", lines(10), lines(10).replace("4\n", ""))).toBe("--- a/f\n+++ b/f\n@@ -1,7 +1,6 @@\n 1\n 2\n 3\n-4\n 5\n 6\n 7\n");
    expect(unifiedDiff("f", "same\n", "same\n")).toBe("");
  });
});

describe("eksctl imageBuilder removal", () => {
  const cluster = readFileSync(join(FIXTURES, "eksctl", "imagebuilder-managed", "cluster.yaml"), "utf8");
  const imageBuilderFinding = (text: string): Finding => {
    const found = scan({ files: [{ path: "cluster.yaml", text }] }).findings.find((f) => f.ruleId === "PG102" && f.messageId === "imageBuilder");
    if (!found) throw new Error("no PG102 imageBuilder finding");
    return found;
  };
  const removeWith = (text: string, onDisk = text) => {
    const found = imageBuilderFinding(text);
    const edit = eksctlImageBuilderEdit(text, found.location);
    if (!edit) return undefined;
    return applyFixes([{ ...found, fix: { description: "Remove imageBuilder", edits: [edit] } }], new Map([["cluster.yaml", onDisk]]));
  };

  it("replaces the whole line with a comment at its indentation, the rest unchanged", () => {
    const found = imageBuilderFinding(cluster);
    expect(found.location).toMatchObject({ startLine: 14, startColumn: 23, endLine: 14, endColumn: 27 });
    expect(eksctlImageBuilderEdit(cluster, found.location)).toEqual({
      range: { file: "cluster.yaml", startLine: 14, startColumn: 1, endLine: 15, endColumn: 1 },
      find: "        imageBuilder: true\n",
      replace: `        ${IMAGE_BUILDER_COMMENT}\n`,
    });
    const result = removeWith(cluster);
    expect(result?.skipped).toEqual([]);
    const after = result?.files[0]?.after ?? "";
    expect(after).toBe(cluster.replace("        imageBuilder: true\n", `        ${IMAGE_BUILDER_COMMENT}\n`));
    const rescanned = scan({ files: [{ path: "cluster.yaml", text: after }] });
    expect(rescanned.diagnostics).toEqual([]);
    expect(rescanned.findings.filter((f) => f.ruleId === "PG102")).toEqual([]);
    expect(unifiedDiff("cluster.yaml", cluster, after)).toBe(
      [
        "--- a/cluster.yaml",
        "+++ b/cluster.yaml",
        "@@ -11,5 +11,5 @@",
        "     desiredCapacity: 2",
        "     iam:",
        "       withAddonPolicies:",
        "-        imageBuilder: true",
        `+        ${IMAGE_BUILDER_COMMENT}`,
        "         cloudWatch: true",
        "",
      ].join("\n"),
    );
  });

  it("keeps CRLF and a byte order mark", () => {
    const crlf = cluster.replace(/\n/g, "\r\n");
    const after = removeWith(crlf, BOM + crlf)?.files[0]?.after ?? "";
    expect(after).toBe(BOM + crlf.replace("        imageBuilder: true\r\n", `        ${IMAGE_BUILDER_COMMENT}\r\n`));
  });

  it("handles the key as the last line without a newline, and as the only addon policy", () => {
    const last = cluster.replace("        imageBuilder: true\n        cloudWatch: true\n", "        cloudWatch: true\n        imageBuilder: true");
    expect(removeWith(last)?.files[0]?.after).toBe(last.replace("        imageBuilder: true", `        ${IMAGE_BUILDER_COMMENT}`));
    const only = cluster.replace("        cloudWatch: true\n", "");
    const after = removeWith(only)?.files[0]?.after ?? "";
    const rescanned = scan({ files: [{ path: "cluster.yaml", text: after }] });
    expect(rescanned.diagnostics).toEqual([]);
    expect(rescanned.findings.filter((f) => f.ruleId === "PG102")).toEqual([]);
  });

  it("keeps a trailing comment out of the way: the line still goes", () => {
    const commented = cluster.replace("imageBuilder: true\n", "imageBuilder: true   # CI pushes\n");
    expect(removeWith(commented)?.files[0]?.after).toBe(cluster.replace("        imageBuilder: true\n", `        ${IMAGE_BUILDER_COMMENT}\n`));
  });

  it("offers nothing for a flow map, on one line or several", () => {
    const inline = cluster.replace("withAddonPolicies:\n        imageBuilder: true\n        cloudWatch: true", "withAddonPolicies: { imageBuilder: true, autoScaler: true }");
    expect(eksctlImageBuilderEdit(inline, imageBuilderFinding(inline).location)).toBeUndefined();
    const multiline = cluster.replace(
      "withAddonPolicies:\n        imageBuilder: true\n        cloudWatch: true",
      "withAddonPolicies: {\n          autoScaler: true,\n          imageBuilder: true\n        }",
    );
    const found = imageBuilderFinding(multiline);
    expect(found.location.startLine).toBe(15);
    expect(eksctlImageBuilderEdit(multiline, found.location)).toBeUndefined();
  });

  it("offers nothing for a range that is not a withAddonPolicies imageBuilder value", () => {
    const sa = [
      "apiVersion: eksctl.io/v1alpha5",
      "kind: ClusterConfig",
      "metadata: { name: c, region: eu-west-1 }",
      "iam:",
      "  withOIDC: true",
      "  serviceAccounts:",
      "    - metadata: { name: kaniko, namespace: ci }",
      "      wellKnownPolicies:",
      "        imageBuilder: true",
      "",
    ].join("\n");
    expect(eksctlImageBuilderEdit(sa, range("cluster.yaml", 9, 23, 27))).toBeUndefined();
    // The key's position rather than the value's, and another key's value.
    expect(eksctlImageBuilderEdit(cluster, range("cluster.yaml", 14, 9, 21))).toBeUndefined();
    expect(eksctlImageBuilderEdit(cluster, range("cluster.yaml", 15, 21, 25))).toBeUndefined();
  });
});
