import { defineRule } from "./define.js";
import { irsaRole, nodeStack, tfIrsaRole } from "./examples.js";
import { conditionSuffix } from "./helpers.js";
import { claimConditions, webIdentityTrusts } from "./irsa.js";

export default defineRule({
  meta: {
    id: "PG202",
    name: "irsa-trust-missing-sub",
    shortDescription: "Any service account in the cluster can assume this IRSA role.",
    fullDescription:
      "A role trusts an EKS OIDC provider (sts:AssumeRoleWithWebIdentity) without a condition on the token's :sub claim, so every service account of the cluster, in every namespace, can assume it.",
    defaultLevel: "error",
    securitySeverity: 8.1,
    precision: "high",
    tags: ["security", "eks", "irsa", "iam", "external/cwe/cwe-285"],
    appliesTo: ["cloudformation", "terraform"],
    fixable: false,
    messages: {
      missingSub:
        "Role {{role}} trusts {{provider}} for sts:AssumeRoleWithWebIdentity without a condition on :sub{{condition}}: any service account in the cluster can assume it. Add StringEquals on <issuer>:sub = system:serviceaccount:<namespace>:<name>.",
    },
    help: {
      what: "Reports a trust statement that allows `sts:AssumeRoleWithWebIdentity` from an OIDC provider that is, or may be, an EKS cluster's, and has no condition on the `:sub` claim. The finding points at the action. Trusts of providers known not to be EKS clusters (GitHub Actions, CircleCI, GitLab, Terraform Cloud) are left alone.",
      why: "The token of every pod in the cluster is signed by the same issuer and carries the same audience. Without a `:sub` condition, any service account, in any namespace, can exchange its token for this role's credentials: a role meant for the image builder is open to every workload.",
      fix: "Add a `StringEquals` condition on `<issuer>:sub` with `system:serviceaccount:<namespace>:<service account>` (and on `<issuer>:aud` with `sts.amazonaws.com`), or use EKS Pod Identity, which binds the role to one service account.",
      references: [
        "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
        "https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html",
      ],
      examples: [
        {
          format: "cloudformation",
          file: "irsa.yaml",
          bad: nodeStack({ role: "", resources: irsaRole("              StringEquals:\n                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud: sts.amazonaws.com\n") }),
          good: nodeStack({
            role: "",
            resources: irsaRole("              StringEquals:\n                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud: sts.amazonaws.com\n                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub: system:serviceaccount:ci:kaniko\n"),
          }),
        },
        {
          format: "terraform",
          file: "irsa.tf",
          bad: tfIrsaRole([{ test: "StringEquals", claim: "aud", value: "sts.amazonaws.com" }]),
          good: tfIrsaRole([
            { test: "StringEquals", claim: "aud", value: "sts.amazonaws.com" },
            { test: "StringEquals", claim: "sub", value: "system:serviceaccount:ci:kaniko" },
          ]),
        },
      ],
    },
  },
  check(model, context) {
    for (const trust of webIdentityTrusts(model)) {
      if (claimConditions(trust.statement, "sub").length > 0) continue;
      const provider = trust.providers[0]?.value;
      context.report({
        messageId: "missingSub",
        data: {
          role: trust.role.address,
          provider: provider?.known ? provider.text.replace(/^.*oidc-provider\//, "") : "an OIDC provider",
          condition: conditionSuffix([...trust.role.when, ...trust.statement.when]),
        },
        location: trust.action.range,
        related: [{ range: trust.role.range, message: `role ${trust.role.address}` }],
        identity: [trust.role.key, String(trust.statement.sid ?? trust.statement.index)],
        resources: [trust.role.address],
        when: trust.statement.when,
      });
    }
  },
});
