import type { IgnoreDirective, IgnoreStatus } from "../src/model/ignore.js";
import type { Example, RuleMeta } from "./define.js";
import { buildJob, eksctlCluster, nodeStack, tfNodeStack } from "./examples.js";

/** What PG902 and PG903 share: rules about the ignores themselves, in every format that has ignores. */
export const IGNORE_RULE_META = {
  defaultLevel: "warning",
  securitySeverity: undefined,
  precision: "very-high",
  tags: ["maintainability", "suppression"],
  appliesTo: ["cloudformation", "terraform", "eksctl", "kubernetes"],
  fixable: false,
  afterIgnores: true,
} satisfies Partial<RuleMeta<string>>;

/**
 * The identity of a finding about an ignore: its file, what it says, and which of the ignores that say the same
 * in that file it is (in order), so that each gets its own fingerprint while line numbers stay out of it.
 */
export function ignoreIdentity(ignores: IgnoreStatus[], directive: IgnoreDirective, says: (d: IgnoreDirective) => string): string[] {
  const key = (d: IgnoreDirective) => [d.kind, d.location?.file ?? "", d.rules.join(","), says(d)].join("\u0000");
  const same = ignores.map((i) => i.directive).filter((d) => key(d) === key(directive));
  const ordinal = same.sort((a, b) => (a.location?.startLine ?? 0) - (b.location?.startLine ?? 0) || (a.location?.startColumn ?? 0) - (b.location?.startColumn ?? 0)).indexOf(directive);
  return [directive.kind, directive.location?.file ?? "", directive.rules.join(","), says(directive), String(ordinal)];
}

/**
 * Examples for the ignore rules in every format that has ignores: a node role (or build Job) with a
 * finding and an ignore written for it. `unused`: the bad ignore names a rule with no finding there;
 * `invalid`: the bad ignore gives no reason. The good one is a correct ignore that suppresses the finding.
 */
export function ignoreExamples(problem: "unused" | "invalid"): Example[] {
  const REASON = " reason: the CI pool pushes images until the Kaniko migration";
  const good = { rule: "PG102", reason: REASON };
  const bad = problem === "unused" ? { rule: "PG101", reason: REASON } : { rule: "PG102", reason: "" };
  const cfn = (i: { rule: string; reason: string }) =>
    nodeStack({ role: `      ManagedPolicyArns:\n        # pullguard-ignore ${i.rule}${i.reason}\n        - arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser\n` });
  const tf = (i: { rule: string; reason: string }) =>
    tfNodeStack({ policies: ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPowerUser"] }).replace(
      'resource "aws_iam_role_policy_attachment" "node" {',
      `# pullguard-ignore ${i.rule}${i.reason}\nresource "aws_iam_role_policy_attachment" "node" {`,
    );
  const eksctl = (i: { rule: string; reason: string }) =>
    eksctlCluster({ group: `    iam:\n      withAddonPolicies:\n        imageBuilder: true # pullguard-ignore ${i.rule}${i.reason}\n` });
  const k8s = (i: { rule: string; reason: string }) =>
    buildJob(
      "        - name: kaniko\n          image: gcr.io/kaniko-project/executor:v1.23.2\n          args: [--destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app]\n",
    ).replace("  namespace: ci\n", `  namespace: ci\n  annotations:\n    pullguard.dev/ignore: "${i.rule === "PG102" ? "PG201" : "PG205"}${i.reason}"\n`);
  return [
    { format: "cloudformation", file: "nodes.yaml", bad: cfn(bad), good: cfn(good) },
    { format: "terraform", file: "nodes.tf", bad: tf(bad), good: tf(good) },
    { format: "eksctl", file: "cluster.yaml", bad: eksctl(bad), good: eksctl(good) },
    { format: "kubernetes", file: "build.yaml", bad: k8s(bad), good: k8s(good) },
  ];
}
