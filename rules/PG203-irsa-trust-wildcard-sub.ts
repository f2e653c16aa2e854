import { defineRule } from "./define.js";
import { eksctlCluster, irsaRole, nodeStack, tfIrsaRole } from "./examples.js";
import { claimConditions, webIdentityTrusts } from "./irsa.js";

export default defineRule({
  meta: {
    id: "PG203",
    name: "irsa-trust-wildcard-sub",
    shortDescription: "An IRSA trust matches service accounts with a wildcard.",
    fullDescription:
      "A web-identity trust matches the :sub claim with a wildcard (StringLike system:serviceaccount:*:* or ns:*), which admits more service accounts than intended, or uses StringEquals with a *, which matches nothing and leaves the pod on the node's credentials.",
    defaultLevel: "warning",
    securitySeverity: 7.5,
    precision: "high",
    tags: ["security", "eks", "irsa", "iam", "external/cwe/cwe-285"],
    appliesTo: ["cloudformation", "terraform", "eksctl"],
    fixable: false,
    messages: {
      wildcard: "Role {{role}} lets {{value}} assume it through {{operator}} on :sub: every service account that matches the wildcard gets its credentials. Name the service account exactly with StringEquals.",
      neverMatches: "Role {{role}} compares :sub with {{value}} using {{operator}}, which treats * literally and never matches: the pod cannot assume the role and falls back to the node's credentials. Use the exact service account name.",
    },
    help: {
      what: "Reports a `:sub` condition value of a web-identity trust that contains `*` or `?`. With `StringLike` the wildcard widens who can assume the role; with `StringEquals` (or another exact operator) the wildcard is taken literally and the condition never matches.",
      why: "IRSA is only as narrow as its trust. `system:serviceaccount:*:*` is as open as no condition; `system:serviceaccount:ci:*` admits every service account of the namespace, present and future. A `StringEquals` with `*` silently breaks the role, and a build pod that cannot assume its role often ends up pushing with the node's credentials instead.",
      fix: "Use `StringEquals` with the exact `system:serviceaccount:<namespace>:<service account>`; list several values if several service accounts need the role.",
      references: ["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html"],
      examples: [
        {
          format: "cloudformation",
          file: "irsa.yaml",
          bad: nodeStack({
            role: "",
            resources: irsaRole(`              StringLike:
                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub: system:serviceaccount:ci:*
              StringEquals:
                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud: sts.amazonaws.com
`),
          }),
          good: nodeStack({
            role: "",
            resources: irsaRole(`              StringEquals:
                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub: system:serviceaccount:ci:kaniko
                oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud: sts.amazonaws.com
`),
          }),
        },
        {
          format: "terraform",
          file: "irsa.tf",
          bad: tfIrsaRole([
            { test: "StringEquals", claim: "aud", value: "sts.amazonaws.com" },
            { test: "StringLike", claim: "sub", value: "system:serviceaccount:ci:*" },
          ]),
          good: tfIrsaRole([
            { test: "StringEquals", claim: "aud", value: "sts.amazonaws.com" },
            { test: "StringEquals", claim: "sub", value: "system:serviceaccount:ci:kaniko" },
          ]),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({ iam: "  withOIDC: true\n  serviceAccounts:\n    - metadata: { name: kaniko, namespace: ci }\n      subjectPattern: \"kaniko-*\"\n      attachPolicyARNs: [arn:aws:iam::111122223333:policy/ci-push]\n" }),
          good: eksctlCluster({ iam: "  withOIDC: true\n  serviceAccounts:\n    - metadata: { name: kaniko, namespace: ci }\n      attachPolicyARNs: [arn:aws:iam::111122223333:policy/ci-push]\n" }),
        },
      ],
    },
  },
  check(model, context) {
    for (const trust of webIdentityTrusts(model)) {
      for (const clause of claimConditions(trust.statement, "sub")) {
        const like = /Like$/i.test(clause.operator);
        for (const value of clause.values) {
          // A wildcard written around a part that is not known (`system:serviceaccount:${var.ns}:*`) is a wildcard whatever that part is.
          if (!/[*?]/.test(value.known ? value.text : value.text.replace(/\$\{[^}]*\}/g, ""))) continue;
          context.report({
            messageId: like ? "wildcard" : "neverMatches",
            data: { role: trust.role.address, value: `"${value.text}"`, operator: clause.operator },
            location: value.range,
            related: [{ range: trust.action.range, message: `the trust of role ${trust.role.address}` }],
            identity: [trust.role.key, clause.operator, value.text],
            resources: [trust.role.address],
            when: value.when,
          });
        }
      }
    }
  },
});
