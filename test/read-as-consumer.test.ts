/**
 * Files are read as their consumer reads them (issue 14, parts 1-3): CloudFormation's duplicate keys (the last one
 * wins, with a warning), quoted scalars indented as PyYAML, go-yaml and CloudFormation accept them, templated YAML
 * read when it parses and skipped per document when its template breaks it, and a file that does not parse failed only
 * when it is infrastructure as code pullguard reads. Every relaxation is checked on the fast and the slow YAML path.
 */
import { describe, expect, it } from "vitest";
import { brokenDocuments, readsKind } from "../src/discover/broken.js";
import { extractKubernetes } from "../src/extract/kubernetes/extract.js";
import { emptyFacts, type Facts } from "../src/model/facts.js";
import { isFatal, type Diagnostic } from "../src/model/source.js";
import { LineIndex } from "../src/parse/lines.js";
import { parseStructured, parseYamlFast, parseYamlSlow, type ParseResult, type YamlOptions } from "../src/parse/yaml/parse.js";
import { relaxQuotedScalars } from "../src/parse/yaml/relax.js";
import type { PNode } from "../src/parse/yaml/tree.js";
import { formatGithub } from "../src/report/github.js";
import { formatMarkdown } from "../src/report/markdown.js";
import { formatSarif } from "../src/report/sarif.js";
import { formatText } from "../src/report/text.js";
import { RULES } from "../rules/index.js";
import { analyseFile, scan } from "../src/scan.js";

const LAST: YamlOptions = { duplicateKeys: "last" };

function plain(node: PNode | undefined): unknown {
  if (!node) return null;
  if (node.kind === "scalar") return node.value;
  if (node.kind === "seq") return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}

/** Both YAML paths: the fast one must answer, and give the slow one's result exactly. */
function bothPaths(text: string, options: YamlOptions = {}, path = "t.yaml"): ParseResult {
  const file = { path, text };
  const slow = parseYamlSlow(file, new LineIndex(text), options);
  const fast = parseYamlFast(file, new LineIndex(text), options);
  expect(fast, text).toBeDefined();
  expect(fast).toStrictEqual(slow);
  expect(parseStructured(file, undefined, options)).toStrictEqual(slow);
  return slow;
}

/** The slow path answers alone (the fast one declines), and parseStructured gives its answer. */
function slowPath(text: string, options: YamlOptions = {}): ParseResult {
  const file = { path: "t.yaml", text };
  expect(parseYamlFast(file, new LineIndex(text), options), text).toBeUndefined();
  const slow = parseYamlSlow(file, new LineIndex(text), options);
  expect(parseStructured(file, undefined, options)).toStrictEqual(slow);
  return slow;
}

const values = (result: ParseResult) => result.documents.map((d) => plain(d.root));
const where = (d: Diagnostic) => `${d.line}:${d.column}${d.level === "warning" ? " warning" : ""}`;

describe("duplicate keys: the last one wins in CloudFormation, an error elsewhere", () => {
  const text = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: /a/\n      Path: /b/\n  Role:\n    Type: AWS::IAM::Role\n";

  it("both paths keep the last value, in the first one's place, with a warning at the duplicate", () => {
    const result = bothPaths(text, LAST);
    expect(values(result)).toEqual([{ Resources: { Role: { Type: "AWS::IAM::Role" } } }]);
    expect(result.diagnostics).toEqual([
      { file: "t.yaml", line: 6, column: 7, level: "warning", message: "duplicate key 'Path' (also on line 5): the last one is read, as CloudFormation deploys it" },
      { file: "t.yaml", line: 7, column: 3, level: "warning", message: "duplicate key 'Role' (also on line 2): the last one is read, as CloudFormation deploys it" },
    ]);
    // The entry keeps the place of the first and the position of the last.
    const resources = result.documents[0]?.root;
    const role = resources?.kind === "map" && resources.entries[0]?.value.kind === "map" ? resources.entries[0].value.entries[0] : undefined;
    expect(role?.keyRange).toMatchObject({ startLine: 7, startColumn: 3 });
  });

  it("both paths agree on nested duplicates, flow maps, many keys, short forms and anchors, warnings in text order", () => {
    bothPaths("a: 1\na:\n  b: 1\n  b: !Ref X\nc: {d: 1, d: 2}\n", LAST);
    bothPaths(`m:\n${Array.from({ length: 40 }, (_, i) => `  k${i % 25}: ${i}\n`).join("")}`, LAST);
    const anchored = bothPaths("base: &b\n  x: 1\n  x: 2\nuse: *b\nmerged:\n  <<: *b\n  x: 3\n  x: 4\n", LAST);
    expect(values(anchored)).toEqual([{ base: { x: 2 }, use: { x: 2 }, merged: { x: 4 } }]);
    expect(anchored.diagnostics.map(where)).toEqual(["3:3 warning", "8:3 warning"]);
  });

  it("stays an error without the option (kubectl, eksctl): the fast path declines, the slow one reports it", () => {
    expect(slowPath(text).diagnostics.map(where)).toEqual(["6:7"]);
    expect(slowPath("a: {b: 1, b: 2}\n").diagnostics.map(where)).toEqual(["1:11"]);
    // Keys compare by ===, as in yaml: two `.nan` keys are two keys, on both paths.
    expect(values(bothPaths("a: 1\n.nan: 1\n.nan: 2\n"))).toEqual([{ a: 1, NaN: 2 }]);
    expect(bothPaths("a: 1\n.nan: 1\n.nan: 2\n").documents[0]?.root).toMatchObject({ entries: [{ key: "a" }, { key: "NaN" }, { key: "NaN" }] });
  });

  it("in a JSON template too (JSON.parse keeps the last), only with the option", () => {
    const json = '{"Resources": {"R": {"Type": "A"}, "R": {"Type": "B"}}}';
    const read = parseStructured({ path: "t.json", text: json }, undefined, LAST);
    expect(values(read)).toEqual([{ Resources: { R: { Type: "B" } } }]);
    expect(read.diagnostics.map(where)).toEqual(["1:36 warning"]);
    expect(parseStructured({ path: "t.json", text: json }).diagnostics).toEqual([]);
  });

  it("a CloudFormation template is analysed with the warning; a Deployment or an eksctl file with a duplicate fails", () => {
    const cfn = analyseFile({ path: "stack.yaml", text: `AWSTemplateFormatVersion: "2010-09-09"\n${text}` });
    expect(cfn.status.status).toBe("analysed");
    expect(cfn.diagnostics.map(where)).toEqual(["7:7 warning", "8:3 warning"]);
    const deployment = analyseFile({ path: "d.yaml", text: "apiVersion: apps/v1\nkind: Deployment\nkind: Deployment\nmetadata:\n  name: x\n" });
    expect(deployment.status.status).toBe("failed");
    expect(deployment.diagnostics.map(where)).toEqual(["3:1"]);
    const eksctl = analyseFile({ path: "c.yaml", text: "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n  name: b\n" });
    expect(eksctl.status.status).toBe("failed");
  });
});

describe("multi-line quoted scalars indented less than YAML 1.2 requires", () => {
  /** Each text with the value PyYAML 6 gives (yaml.safe_load), which go-yaml and CloudFormation give too. */
  const cases: [string, unknown][] = [
    ["a:\n  args: ['\n    echo x\n  ']\n", { a: { args: [" echo x "] } }],
    ["a:\n  args: '\n    echo x\n  '\nb: 1\n", { a: { args: " echo x " }, b: 1 }],
    ['a:\n  args: "one\n  two\n three"\nb: 1\n', { a: { args: "one two three" }, b: 1 }],
    ['a:\n  args: "one\ntwo"\nb: 1\n', { a: { args: "one two" }, b: 1 }],
    ['- "one\ntwo"\n', ["one two"]],
    ["a:\n  b:\n    c: 'x\n  y'\n", { a: { b: { c: "x y" } } }],
    ['a:\n  s: "it\'s\n\n  a \\"b\\""\n', { a: { s: "it's\na \"b\"" } }],
    ['a:\n  s: "x\\\n y \\t"\n', { a: { s: "xy \t" } }],
    ["a:\n  - k: !Sub 'arn:${AWS::Partition}:\n  x'\n", { a: [{ k: { "Fn::Sub": "arn:${AWS::Partition}: x" } }] }],
    ['a:\n  b: "x\n# not a comment\n  y" # a comment\n', { a: { b: "x # not a comment y" } }],
    ['a: |\n  "block\nb: "q\nr"\n', { a: '"block\n', b: "q r" }],
  ];

  it.each(cases)("%j: both paths read the value PyYAML reads", (text, value) => {
    const result = bothPaths(text);
    expect(result.diagnostics).toEqual([]);
    expect(values(result)).toEqual([value]);
  });

  it("ranges and keys point into the text as written, not the relaxed one", () => {
    const text = 'a:\n  args: ["\n    x\n  ", b]\n';
    const args = bothPaths(text).documents[0]?.root;
    const seq = args?.kind === "map" && args.entries[0]?.value.kind === "map" ? args.entries[0].value.entries[0]?.value : undefined;
    expect(seq?.kind === "seq" && seq.items.map((i) => i.range)).toEqual([
      { file: "t.yaml", startLine: 2, startColumn: 10, endLine: 4, endColumn: 4 },
      { file: "t.yaml", startLine: 4, startColumn: 6, endLine: 4, endColumn: 7 },
    ]);
    expect(seq?.range).toMatchObject({ startLine: 2, startColumn: 9, endLine: 4, endColumn: 8 });
  });

  it("only what PyYAML also refuses stays an error: a document marker inside, a key over several lines, no closing quote", () => {
    expect(slowPath('a: "x\n---\ny"\n').diagnostics.some(isFatal)).toBe(true);
    expect(slowPath('a:\n  "k\n y": 1\n').diagnostics.some(isFatal)).toBe(true);
    expect(slowPath('a:\n  b: "x\n  y\n').diagnostics.some(isFatal)).toBe(true);
  });

  it("a text the strict parsers accept is never relaxed", () => {
    expect(relaxQuotedScalars("a: 'x\n  y'\n")).toBeUndefined();
    // Plain and block scalars that look like quotes are passed over.
    expect(relaxQuotedScalars("a: b\n  'c\nd: |\n  'e\nf: 1\n")).toBeUndefined();
    // The scan would pad this one, but yaml reads the text as it is: both paths read it strictly.
    const text = "a: >\n x\nb: 'y\n z'\n";
    expect(values(bothPaths(text))).toEqual([{ a: "x\n", b: "y z" }]);
  });

  it("a relaxed document beside a broken one: the first is read, the second fails", () => {
    const result = slowPath("a:\n  b: 'x\n  y'\n---\nc: [\n");
    expect(values(result)).toEqual([{ a: { b: "x y" } }]);
    expect(result.diagnostics.map(where)).toEqual(["6:1"]);
  });
});

describe("templated YAML: read when it parses, skipped per document when the template breaks it", () => {
  const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx\n";

  it("values that hold {{ }} or $(...) are read (Argo, aws-auth, Tekton)", () => {
    const argo = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates:\n    - name: build\n      container:\n        image: \"{{workflow.parameters.image}}\"\n";
    const awsAuth = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/nodes\n      username: system:node:{{EC2PrivateDNSName}}\n      groups: [system:nodes]\n";
    const tekton = "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n    - name: build\n      image: $(params.builder)\n";
    for (const text of [argo, awsAuth, tekton]) {
      const analysis = analyseFile({ path: "t.yaml", text });
      expect(analysis.status.status, text).toBe("analysed");
      expect(analysis.diagnostics).toEqual([]);
    }
  });

  it("a Helm document in a multi-document file is left out with a warning; the Deployment beside it is read", () => {
    const text = `{{- if .Values.enabled }}\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {{ .Values.name }}\n{{- end }}\n---\n${deployment}---\n{{- end }}\n`;
    const analysis = analyseFile({ path: "t.yaml", text });
    expect(analysis.status.status).toBe("analysed");
    expect(analysis.facts.workloads.map((w) => w.address)).toEqual(["Deployment/web"]);
    expect(analysis.diagnostics.map((d) => `${where(d)} ${d.message.slice(0, 38)}`)).toEqual([
      "1:3 warning document not read: Helm or Go template",
      "19:3 warning document not read: Helm or Go template",
    ]);
  });

  it("a file whose every document is broken by its template is skipped, with its reason, and no diagnostic", () => {
    const analysis = analyseFile({ path: "chart/templates/sa.yaml", text: "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  labels:\n{{ include \"labels\" . | indent 4 }}\n" });
    expect(analysis.status).toEqual({ path: "chart/templates/sa.yaml", status: "skipped", reason: "Helm or Go template (render it first, for example with helm template)" });
    expect(analysis.diagnostics).toEqual([]);
  });

  it("{{ }} that does not break a document does not excuse it: a broken Argo workflow fails", () => {
    const text = "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates:\n    - name: a\n      container:\n        image: \"{{inputs.parameters.image}}\"\n        args: [echo, \"x\"]-oops\n";
    expect(analyseFile({ path: "wf.yaml", text }).status.status).toBe("failed");
  });
});

describe("failed or skipped: decided by what a file that does not parse would be", () => {
  const skipped: [string, string, string | RegExp][] = [
    ["spark.yaml", "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  driver:\n    volumeMounts:\n      - name: a\n    - name: b\n", /^SparkApplication: a kind pullguard does not read, and not valid YAML \(7:1: /],
    ["ray.yaml", "apiVersion: ray.io/v1\nkind: RayCluster\nspec: {a: 1\n", /^RayCluster: a kind/],
    ["calico.yaml", "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nspec:\n  selector: all()\n  selector: x\n", /^GlobalNetworkPolicy: a kind/],
    ["provisioner.yaml", "apiVersion: karpenter.sh/v1alpha5\nkind: Provisioner\nspec:\n  requirements:\n  - key: a\n   operator: In\n", /^Provisioner: a kind/],
    ["configmap.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  a: 1\n  a: 2\n", /^ConfigMap: a kind/],
    ["sc.yaml.template", "apiVersion: v1\nkind: StorageClass\napiVersion: storage.k8s.io/v1\n", /^a \.template file that is not CloudFormation/],
    ["envsubst.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: x\n  ${EXTRA}\n", /^a template whose \$\{X\} placeholders break the YAML/],
    ["printf.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\nspec: {}\n", /^a template whose %s placeholders/],
    ["windows.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: %POD_NAME%\n", /^a template whose %VAR% placeholders/],
    ["userdata.yaml", "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"==B==\"\n\n--==B==\nContent-Type: text/x-shellscript\n\n#!/bin/bash\n--==B==--\n", /^MIME multipart user data/],
    ["values.schema.json", '{"properties": {"kind": {"type": "string"}, "apiVersion": {{ .Values.schema | toJson }}}}', /^Helm or Go template/],
    ["main.tf", 'locals {\n  enabled = <% if eq (index .Params `x`) "yes" %>true<% else %>false<% end %>\n}\n', /^a template of a Terraform file: its <% %> actions break the HCL/],
  ];

  it.each(skipped)("%s is skipped, with its reason", (path, text, reason) => {
    const analysis = analyseFile({ path, text });
    expect(analysis.status.status, JSON.stringify(analysis.diagnostics)).toBe("skipped");
    expect(analysis.status.status === "skipped" && analysis.status.reason).toMatch(reason);
    expect(analysis.diagnostics).toEqual([]);
  });

  const failed: [string, string][] = [
    ["deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: a\n       - name: b\n"],
    ["stack.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  R:\n    Type: AWS::IAM::Role\n    Properties: {a: 1\n"],
    ["stack.template", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"R": {"Type": "AWS::IAM::Role"}}\n'],
    ["dynamic.yaml", "Resources:\n  R:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: '{{resolve:ssm:/a}}'\n      Name: [x\n"],
    ["cluster.yaml", "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a\n"],
    ["workflow.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n  templates: [\n"],
    ["task.yaml", "apiVersion: tekton.dev/v1\nkind: Task\nspec:\n  steps:\n  - name: a\n   image: b\n"],
    ["aws-auth.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: x\n  mapRoles: y\n"],
    ["nodeclass.yaml", "apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nspec:\n  role: a\n  role: b\n"],
    ["sa.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: [\n"],
    ["list.yaml", "apiVersion: v1\nkind: List\nitems:\n  - apiVersion: batch/v1\n    kind: Job\n    spec: {a\n"],
    // A fragment after the Pod (an example's `...`): judged by the file's kind.
    ["pod.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n...\n volumes:\n   - name: a\n  secret: {}\n"],
    ["main.tf", 'resource "aws_iam_role" "a" {\n  name = \n}\n'],
  ];

  it.each(failed)("%s fails the scan", (path, text) => {
    const analysis = analyseFile({ path, text });
    expect(analysis.status.status, JSON.stringify(analysis.status)).toBe("failed");
    expect(analysis.diagnostics.some(isFatal)).toBe(true);
  });

  it("a multi-document file: a broken kind pullguard does not read beside a Deployment that parses is a warning", () => {
    const text = "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec: {a\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: builder\n";
    const analysis = analyseFile({ path: "t.yaml", text });
    expect(analysis.status.status).toBe("analysed");
    expect(analysis.facts.serviceAccounts).toHaveLength(1);
    expect(analysis.diagnostics.map(where)).toEqual(["4:1 warning"]);
  });

  it("the document that broke is the one judged, even when yaml reports it at the next document's ---", () => {
    const parses = (text: string) => parseStructured({ path: "t.yaml", text }).diagnostics.every((d) => !isFatal(d));
    const text = "apiVersion: v1\nkind: Pod\nspec: {a\n---\napiVersion: ray.io/v1\nkind: RayCluster\n";
    const judge = brokenDocuments({ path: "t.yaml", format: "kubernetes", text, parses });
    expect(judge({ line: 4, column: 1, message: "x" })).toBeUndefined();
    expect(judge({ line: 5, column: 1, message: "x" })).toMatch(/^RayCluster/);
  });
});

describe("the kinds a broken document is failed for are the kinds the extractor reads", () => {
  const container = "containers:\n  - name: a\n    image: gcr.io/kaniko-project/executor:v1\n    args: [--destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/a:1]\n";
  const indent = (text: string, n: number) => text.replace(/^/gm, " ".repeat(n));
  const podSpec = (path: string[]) => path.map((k, i) => `${" ".repeat(2 * i)}${k}:\n`).join("") + indent(container, 2 * path.length);
  const read: [string, string, string][] = [
    ["Pod", "v1", podSpec(["spec"])],
    ["PodTemplate", "v1", podSpec(["template", "spec"])],
    ...["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "DeploymentConfig", "Rollout"].map((k): [string, string, string] => [k, "apps/v1", podSpec(["spec", "template", "spec"])]),
    ["CronJob", "batch/v1", podSpec(["spec", "jobTemplate", "spec", "template", "spec"])],
    ["ServiceAccount", "v1", "metadata:\n  name: a\n"],
    ["ConfigMap", "v1", "metadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/nodes\n      groups: [system:nodes]\n"],
    ["Task", "tekton.dev/v1", "spec:\n  steps:\n" + indent(container.replace("containers:\n", ""), 2)],
    ["Workflow", "argoproj.io/v1alpha1", "spec:\n  templates:\n    - name: a\n      container:\n        image: gcr.io/kaniko-project/executor:v1\n"],
    ["EC2NodeClass", "karpenter.k8s.aws/v1", "spec:\n  role: nodes\n"],
  ];
  const hasFacts = (facts: Facts) => Object.values(facts).some((list) => Array.isArray(list) && list.length > 0);

  it.each(read)("%s (%s) is read, and a broken one fails", (kind, apiVersion, body) => {
    const facts = emptyFacts();
    const root = parseStructured({ path: "t.yaml", text: `apiVersion: ${apiVersion}\nkind: ${kind}\n${body}` }).documents[0]?.root;
    extractKubernetes("t.yaml", root!, facts);
    expect(hasFacts(facts)).toBe(true);
    expect(readsKind(kind, apiVersion, kind === "ConfigMap" ? "aws-auth" : undefined)).toBe(true);
  });

  it.each([
    ["SparkApplication", "sparkoperator.k8s.io/v1beta2", podSpec(["spec", "driver"])],
    ["RayCluster", "ray.io/v1", podSpec(["spec", "headGroupSpec", "template", "spec"])],
    ["Provisioner", "karpenter.sh/v1alpha5", "spec:\n  providerRef:\n    name: default\n"],
    ["NodePool", "karpenter.sh/v1", podSpec(["spec", "template", "spec"])],
    ["ConfigMap", "v1", "metadata:\n  name: app\ndata:\n  a: b\n"],
  ])("%s (%s) is not read, and a broken one is skipped", (kind, apiVersion, body) => {
    const facts = emptyFacts();
    const root = parseStructured({ path: "t.yaml", text: `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: app\n${body.replace("metadata:\n  name: app\n", "")}` }).documents[0]?.root;
    extractKubernetes("t.yaml", root!, facts);
    expect(hasFacts(facts)).toBe(false);
    expect(readsKind(kind, apiVersion, "app")).toBe(false);
  });
});

describe("warnings in reports: shown as warnings, never counted as files that could not be analysed", () => {
  const files = [
    { path: "stack.yaml", text: "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n  Q:\n    Type: AWS::SQS::Queue\n" },
    { path: "broken.yaml", text: "apiVersion: v1\nkind: Pod\nspec: {a\n---\nkind: Pod\nspec: {b\n" },
  ];
  const result = scan({ files });

  it("the scan keeps the warning beside the two errors of one failed file", () => {
    expect(result.files.map((f) => `${f.path} ${f.status}`)).toEqual(["broken.yaml failed", "stack.yaml analysed"]);
    expect(result.diagnostics.map((d) => `${d.file}:${where(d)}`)).toEqual(["broken.yaml:4:1", "broken.yaml:7:1", "stack.yaml:5:3 warning"]);
  });

  it("text: a warning line, and files (not diagnostics) in the summary", () => {
    const text = formatText(result, { color: false, cwd: result.root, quiet: false, verbose: false });
    expect(text).toContain("  5:3  warning  duplicate key 'Q' (also on line 3)");
    expect(text).not.toMatch(/warning .*\(not analysed\)/);
    expect(text).toMatch(/, 1 file could not be analysed\n/);
    expect(text).toContain("Files: 1 analysed, 1 failed");
  });

  it("SARIF, GitHub and Markdown", () => {
    const sarif = JSON.parse(formatSarif(result, RULES)) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string }[] }[] }[] };
    const invocation = sarif.runs[0]!.invocations[0]!;
    expect(invocation.toolExecutionNotifications.map((n) => n.level)).toEqual(["error", "error", "warning"]);
    expect(invocation.executionSuccessful).toBe(false);
    const github = formatGithub(result, { cwd: result.root });
    expect(github).toContain("::warning file=stack.yaml,line=5,col=3,title=read with a warning::duplicate key");
    expect(github).toContain("1 file could not be analysed");
    const markdown = formatMarkdown(result, { cwd: result.root });
    expect(markdown).toContain("1 file could not be analysed (listed below)");
    expect(markdown).toContain("#### Read with warnings (1)");
    const clean = scan({ files: [files[0]!] });
    expect((JSON.parse(formatSarif(clean, RULES)) as typeof sarif).runs[0]!.invocations[0]!.executionSuccessful).toBe(true);
  });
});
