import { defineRule } from "./define.js";
import { irsaRole, nodeStack, tfIrsaRole } from "./examples.js";
import { claimConditions, webIdentityTrusts } from "./irsa.js";

export default defineRule({
  meta: {
    id: "PG204",
    name: "irsa-trust-missing-aud",
    shortDescription: "An IRSA trust does not check the token's audience.",
    fullDescription:
      "A web-identity trust for an EKS OIDC provider has no condition on the :aud claim, so a token the cluster issued for another audience can be used to assume the role.",
    defaultLevel: "warning",
    securitySeverity: 5.3,
    precision: "high",
    tags: ["security", "eks", "irsa", "iam"],
    appliesTo: ["cloudformation", "terraform"],
    fixable: false,
    messages: {
      missingAud: "Role {{role}} trusts web identity without a condition on :aud. Add StringEquals <issuer>:aud = sts.amazonaws.com, as AWS and eksctl do.",
    },
    help: {
      what: "Reports a trust statement for `sts:AssumeRoleWithWebIdentity` from an EKS (or unidentified) OIDC provider that has no condition on the `:aud` claim. The finding points at the action.",
      why: "Projected service account tokens can be minted for any audience. Checking `aud` = `sts.amazonaws.com` makes sure only tokens meant for AWS STS are accepted, which is what AWS's and eksctl's generated trusts do.",
      fix: "Add `StringEquals` `<issuer>:aud` = `sts.amazonaws.com` next to the `:sub` condition.",
      references: ["https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html"],
      examples: [
        {
          format: "cloudformation",
          file: "irsa.yaml",
          bad: nodeStack({ role: "", resources: irsaRole("              StringEquals:\n                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub: system:serviceaccount:ci:kaniko\n") }),
          good: nodeStack({
            role: "",
            resources: irsaRole("              StringEquals:\n                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub: system:serviceaccount:ci:kaniko\n                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud: sts.amazonaws.com\n"),
          }),
        },
        {
          format: "terraform",
          file: "irsa.tf",
          bad: tfIrsaRole([{ test: "StringEquals", claim: "sub", value: "system:serviceaccount:ci:kaniko" }]),
          good: tfIrsaRole([
            { test: "StringEquals", claim: "sub", value: "system:serviceaccount:ci:kaniko" },
            { test: "StringEquals", claim: "aud", value: "sts.amazonaws.com" },
          ]),
        },
      ],
    },
  },
  check(model, context) {
    for (const trust of webIdentityTrusts(model)) {
      if (claimConditions(trust.statement, "aud").length > 0) continue;
      context.report({
        messageId: "missingAud",
        data: { role: trust.role.address },
        location: trust.action.range,
        identity: [trust.role.key, String(trust.statement.sid ?? trust.statement.index)],
        resources: [trust.role.address],
        when: trust.statement.when,
      });
    }
  },
});
