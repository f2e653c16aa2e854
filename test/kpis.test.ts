import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeKpis } from "../src/report/kpis.js";
import { formatMarkdown } from "../src/report/markdown.js";
import { formatText } from "../src/report/text.js";
import { FIXTURES, scanFolder } from "./helpers.js";

function measures(folder: string): string[] {
  const { result } = scanFolder(join(FIXTURES, folder));
  const text = formatText(result, { color: false, cwd: result.root, quiet: false, verbose: false });
  return text.slice(text.indexOf("\nMeasures\n") + 1).trimEnd().split("\n");
}

describe("the measures that end the summaries", () => {
  it.each([
    ["eksctl/good-defaults", ["Node groups with pull-only ECR access: 3 of 3 (100%)", "Node roles with ECR write or admin access: 0 of 3", "Push workloads: 0 with their own identity, 0 on node credentials"]],
    ["terraform/local-module-admin", ["Node groups with pull-only ECR access: 0 of 1 (0%)", "Node roles with ECR write or admin access: 1 of 1", "Push workloads: 0 with their own identity, 0 on node credentials"]],
    // A role whose policy is unresolved is neither compliant nor not.
    ["terraform/pg901-unresolved", ["Node groups with pull-only ECR access: 0 of 1 (0%), 1 not known (a role or policy not resolved)", "Node roles with ECR write or admin access: 0 of 1", "Push workloads: 0 with their own identity, 0 on node credentials"]],
    ["kubernetes/builder-account-not-scanned", ["Node groups with pull-only ECR access: 0 of 0", "Node roles with ECR write or admin access: 0 of 0", "Push workloads: 0 with their own identity, 0 on node credentials, 1 not known (service account not in the scan)"]],
    ["cloudtrail/estate/iac", ["Node groups with pull-only ECR access: 1 of 6 (17%)", "Node roles with ECR write or admin access: 5 of 6", "Push workloads: 1 with their own identity, 1 on node credentials"]],
  ])("%s", (folder, lines) => {
    expect(measures(folder)).toEqual(["Measures", ...lines.map((l) => `  ${l}`)]);
  });

  it("counts ReadOnly as compliant, like PullOnly (PG105 is off by default)", () => {
    const { result } = scanFolder(join(FIXTURES, "eksctl", "attach-policy-arns-tiers"));
    const tiers = result.model.linked.nodeRoles.map((n) => result.model.access.get(n.role.key)?.tier);
    const kpis = computeKpis(result);
    const readOrPull = result.model.linked.nodeRoles.filter((n) => ["none", "pull", "read"].includes(result.model.access.get(n.role.key)?.tier ?? "")).length;
    expect(tiers).toContain("read");
    expect(kpis.nodeGroups.compliant).toBe(readOrPull);
  });

  it("ends the Markdown comment with them", () => {
    const { result } = scanFolder(join(FIXTURES, "cloudtrail", "estate", "iac"));
    expect(formatMarkdown(result, { cwd: result.root }).split("\n").slice(-6)).toEqual([
      "#### Measures",
      "",
      "- Node groups with pull-only ECR access: 1 of 6 (17%)",
      "- Node roles with ECR write or admin access: 5 of 6",
      "- Push workloads: 1 with their own identity, 1 on node credentials",
      "",
    ]);
  });
});
