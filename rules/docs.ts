import type { Format } from "../src/model/source.js";
import type { Rule } from "./define.js";

const FORMAT_NAMES: Record<Format, string> = {
  cloudformation: "CloudFormation / SAM",
  eksctl: "eksctl",
  kubernetes: "Kubernetes",
  terraform: "Terraform",
  "terraform-plan": "Terraform plan JSON",
};

const LANGUAGE: Record<Format, string> = {
  cloudformation: "yaml",
  eksctl: "yaml",
  kubernetes: "yaml",
  terraform: "hcl",
  "terraform-plan": "json",
};

const DOCS_BASE_URL = "https://github.com/pullguard/pullguard/blob/main/docs/rules";

/** `PG102-node-role-ecr-write-managed-policy.md`: the id for people who know it, the name for those who search. */
export function ruleDocsFile(rule: Rule): string {
  return `${rule.meta.id}-${rule.meta.name}.md`;
}

export function ruleDocsUrl(rule: Rule): string {
  return `${DOCS_BASE_URL}/${ruleDocsFile(rule)}`;
}

/** GitHub's label for a security-severity score. */
function severityLabel(score: number): string {
  if (score > 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  return "low";
}

/** The rule's documentation in Markdown; docs/rules, `pullguard explain` and SARIF help all use it. */
export function ruleMarkdown(rule: Rule): string {
  const { meta } = rule;
  const h = meta.help;
  const out: string[] = [
    `# ${meta.id} ${meta.name}`,
    "",
    meta.shortDescription,
    "",
    "| | |",
    "|---|---|",
    `| Default level | ${meta.defaultLevel} |`,
    `| Security severity | ${meta.securitySeverity === undefined ? "none" : `${meta.securitySeverity.toFixed(1)} (${severityLabel(meta.securitySeverity)})`} |`,
    `| Precision | ${meta.precision} |`,
    `| Applies to | ${meta.appliesTo.map((f) => FORMAT_NAMES[f]).join(", ")} |`,
    `| Automatic fix | ${meta.fixable ? "yes" : "no"} |`,
    "",
    "## What it does",
    "",
    h.what,
    "",
    "## Why it matters",
    "",
    h.why,
    "",
  ];
  for (const example of h.examples) {
    const lang = LANGUAGE[example.format];
    out.push(`## Example (${FORMAT_NAMES[example.format]})`, "", `Reported (\`${example.file}\`):`, "", "```" + lang, example.bad.trimEnd(), "```", "");
    out.push("Not reported:", "", "```" + lang, example.good.trimEnd(), "```", "");
    for (const c of example.context ?? []) out.push(`Scanned with it (\`${c.file}\`):`, "", "```" + LANGUAGE[c.format], c.text.trimEnd(), "```", "");
  }
  out.push("## How to fix", "", h.fix, "");
  if (!meta.tags.includes("suppression")) out.push("## How to suppress", "", ...suppressionHelp(rule), "");
  if (h.limitations) out.push("## Known limitations", "", h.limitations, "");
  out.push("## References", "", ...h.references.map((r) => `- <${r}>`), "");
  return out.join("\n");
}

/** How to accept one finding of the rule, in each format it applies to; always with a reason. */
function suppressionHelp(rule: Rule): string[] {
  const { id, name, appliesTo } = rule.meta;
  const reason = "reason: <why this is accepted> until: 2027-03-01";
  const out = [
    `Fix the finding if you can. If it is accepted, say why next to it: an ignore needs a reason, can end on a date (after \`until:\` the finding comes back), and is reported if it stops matching anything (\`unused-ignore\`). The rule can be named by id (\`${id}\`) or name (\`${name}\`).`,
    "",
  ];
  if (appliesTo.some((f) => f === "terraform" || f === "cloudformation" || f === "eksctl" || f === "kubernetes")) {
    out.push(`- A comment on the line, or on the line before a block (a resource, a module call, a node group): \`# pullguard-ignore ${id} ${reason}\` (in HCL \`//\` works too). Above a \`module\` block it covers what the module brings; above a \`for_each\` or \`count\` resource, every instance.`);
  }
  if (appliesTo.includes("cloudformation")) out.push(`- In JSON templates, on the resource: \`"Metadata": { "pullguard": { "ignore": [{ "id": "${id}", "reason": "..." }] } }\`.`);
  if (appliesTo.includes("kubernetes")) out.push(`- On a Kubernetes object: the annotation \`pullguard.dev/ignore: "${id} reason: ..."\`.`);
  out.push(`- In \`.pullguard.yml\`: \`ignores: [{ rule: ${id}, path: "infra/**", resource: "aws_iam_role.ci_nodes", reason: "..." }]\`.`);
  return out;
}

/** The plain-text help SARIF consumers show when they do not render Markdown. */
export function ruleText(rule: Rule): string {
  const h = rule.meta.help;
  const plain = (s: string) => s.replace(/`/g, "");
  return [rule.meta.fullDescription, "", plain(h.why), "", `Fix: ${plain(h.fix)}`, "", `Documentation: ${ruleDocsUrl(rule)}`].join("\n");
}

/** docs/rules/README.md: the rule catalogue. */
export function ruleIndexMarkdown(rules: readonly Rule[]): string {
  const rows = rules.map((r) => {
    const severity = r.meta.securitySeverity === undefined ? "" : r.meta.securitySeverity.toFixed(1);
    return `| [${r.meta.id}](${ruleDocsFile(r)}) | \`${r.meta.name}\` | ${r.meta.defaultLevel} | ${severity} | ${r.meta.shortDescription} |`;
  });
  return [
    "# Rules",
    "",
    "Generated from each rule's metadata by `npm run generate`; do not edit by hand. Ids and names never change once released.",
    "",
    "| Id | Name | Default level | Security severity | What it reports |",
    "|---|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
