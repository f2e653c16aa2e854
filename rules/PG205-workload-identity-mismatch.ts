import { isWebIdentity } from "../src/link/link.js";
import type { RoleFact, Statement } from "../src/model/facts.js";
import type { RelatedLocation } from "../src/model/finding.js";
import { defineRule } from "./define.js";
import { conditionSuffix, joinAnd } from "./helpers.js";
import { admitsServiceAccount, claimConditions } from "./irsa.js";

const BUILDKIT_ACCOUNT = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: buildkit
  namespace: ci
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/ci-kaniko
`;

/** The IRSA role `ci-kaniko`, trusted by the service account `ci/<account>`. */
const tfTrustedRole = (account: string) => `resource "aws_iam_role" "kaniko" {
  name = "ci-kaniko"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:sub" = "system:serviceaccount:ci:${account}"
          "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:aud" = "sts.amazonaws.com"
        }
      }
    }]
  })
}
`;

/** The service account ci/buildkit, annotated with the role above. */
const TF_BUILDKIT_ACCOUNT = `
resource "kubernetes_service_account_v1" "buildkit" {
  metadata {
    name        = "buildkit"
    namespace   = "ci"
    annotations = { "eks.amazonaws.com/role-arn" = aws_iam_role.kaniko.arn }
  }
}
`;

/** A Pod Identity association for a role trusted by `principal` with `actions`. */
const cfnPodIdentity = (principal: string, actions: string) => `Resources:
  BuilderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ${principal} }
            Action: ${actions}
  BuilderIdentity:
    Type: AWS::EKS::PodIdentityAssociation
    Properties:
      ClusterName: prod
      Namespace: ci
      ServiceAccount: buildkit
      RoleArn: !GetAtt BuilderRole.Arn
`;

export default defineRule({
  meta: {
    id: "PG205",
    name: "workload-identity-mismatch",
    shortDescription: "A service account or Pod Identity association names a role that will not let it in.",
    fullDescription:
      "A service account's IRSA annotation names a role whose trust does not admit that service account, or an EKS Pod Identity association names a role that does not trust pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession. The pods cannot assume the role and silently fall back to the node role's credentials.",
    defaultLevel: "warning",
    securitySeverity: 6.5,
    precision: "high",
    tags: ["security", "eks", "irsa", "iam"],
    appliesTo: ["kubernetes", "terraform", "cloudformation"],
    fixable: false,
    messages: {
      irsaMismatch:
        "Service account {{account}} names role {{role}}, but the role's trust {{problem}}{{condition}}: its pods cannot assume the role and fall back to the node role's credentials. Make the trust's :sub condition name system:serviceaccount:{{subject}}, or annotate the right role.",
      podIdentityMismatch:
        "Pod Identity association {{association}} names role {{role}}, whose trust {{problem}}{{condition}}: EKS cannot hand the role to the pods, which fall back to the node role's credentials. Trust Service pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession.",
    },
    help: {
      what: "Checks both ways a pod gets an IAM role of its own, when the role is in the scan. For IRSA, the role named by a service account (the `eks.amazonaws.com/role-arn` annotation of a Kubernetes `ServiceAccount`, a Terraform `kubernetes_service_account`, or an eksctl `iam.serviceAccounts` entry) must have a web-identity trust whose `:sub` condition admits `system:serviceaccount:<namespace>:<name>`; the finding points at the annotation. For EKS Pod Identity, the role of an association (eksctl, Terraform `aws_eks_pod_identity_association`, CloudFormation `AWS::EKS::PodIdentityAssociation`) must trust `pods.eks.amazonaws.com` for both `sts:AssumeRole` and `sts:TagSession`; the finding points at the association's role. Roles are matched by ARN and by name across every scanned file and format.",
      why: "A mismatch does not fail loudly. The AWS SDKs in the pod try the IRSA or Pod Identity credentials, fail, and move on to the next provider in the chain: the node's instance metadata. A build pod then pushes with the node role, which is exactly what the role was meant to prevent, and someone eventually \"fixes\" the failing push by adding ECR write to the node role.",
      fix: "For IRSA, set the trust's `StringEquals` `<issuer>:sub` to the service account that uses the role (or annotate the service account with the role made for it). For Pod Identity, add a trust statement for `Service: pods.eks.amazonaws.com` with `Action: [sts:AssumeRole, sts:TagSession]`.",
      limitations: "A service account without a namespace in its manifest is compared by name only. Conditions with operators other than `StringEquals`, `StringEqualsIgnoreCase` and `StringLike`, or with values only known at deploy time, are not judged.",
      references: ["https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html", "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html"],
      examples: [
        {
          format: "kubernetes",
          file: "serviceaccount.yaml",
          bad: BUILDKIT_ACCOUNT,
          good: BUILDKIT_ACCOUNT.replaceAll("buildkit", "kaniko"),
          context: [{ file: "iam.tf", format: "terraform", text: tfTrustedRole("kaniko") }],
        },
        {
          format: "terraform",
          file: "irsa.tf",
          bad: tfTrustedRole("kaniko") + TF_BUILDKIT_ACCOUNT,
          good: tfTrustedRole("buildkit") + TF_BUILDKIT_ACCOUNT,
        },
        {
          format: "cloudformation",
          file: "builder.yaml",
          bad: cfnPodIdentity("pods.eks.amazonaws.com", "sts:AssumeRole"),
          good: cfnPodIdentity("pods.eks.amazonaws.com", "[sts:AssumeRole, sts:TagSession]"),
        },
      ],
    },
  },
  check(model, context) {
    for (const { via: account, role, when } of model.linked.serviceAccountRoles) {
      const name = account.name;
      const reference = account.role;
      if (!name?.known || !reference) continue;
      const namespace = account.namespace?.known ? account.namespace.text : undefined;
      const trusts = (role.trust?.statements ?? []).filter((s) => s.effect === "Allow" && isWebIdentity(s));
      const verdicts = trusts.map((s) => admitsServiceAccount(s, namespace, name.text));
      if (verdicts.some((v) => v !== false) && trusts.length > 0) continue;
      const subjects = trusts.flatMap((s) => claimConditions(s, "sub").flatMap((c) => c.values.map((v) => v.text)));
      context.report({
        messageId: "irsaMismatch",
        data: {
          account: `${namespace ?? "(namespace not set)"}/${name.text}`,
          role: role.address,
          problem: trusts.length === 0 ? "allows no web identity (sts:AssumeRoleWithWebIdentity)" : `admits only ${joinAnd(subjects.map((v) => `"${v}"`))}`,
          subject: `${namespace ?? "<namespace>"}:${name.text}`,
          condition: conditionSuffix([...account.when, ...when]),
        },
        location: reference.kind === "arn" || reference.kind === "name" ? reference.value.range : reference.range,
        related: trustLocations(role, trusts),
        identity: [account.key, role.key],
        resources: [account.address, role.address],
        when: [...account.when, ...when],
      });
    }
    for (const { via: association, role, when } of model.linked.podIdentityRoles) {
      const problem = podIdentityProblem(role);
      if (!problem) continue;
      const reference = association.role[0];
      context.report({
        messageId: "podIdentityMismatch",
        data: { association: association.address, role: role.address, problem, condition: conditionSuffix([...association.when, ...when]) },
        location: reference?.kind === "arn" || reference?.kind === "name" ? reference.value.range : (reference?.range ?? association.range),
        related: trustLocations(role, role.trust?.statements ?? []),
        identity: [association.key, role.key],
        resources: [association.address, role.address],
        when: [...association.when, ...when],
      });
    }
  },
});

/** What is missing from a Pod Identity role's trust; undefined when it is fine or cannot be told. */
function podIdentityProblem(role: RoleFact): string | undefined {
  const statements = (role.trust?.statements ?? []).filter(
    (s) => s.effect === "Allow" && (s.principals ?? []).some((p) => p.type === "Service" && (!p.value.known || /^pods\.eks\.amazonaws\.com$/i.test(p.value.text))),
  );
  if (statements.length === 0) return "has no statement for Service pods.eks.amazonaws.com";
  const allows = (action: string) => statements.some((s) => (s.actions ?? []).some((a) => !a.known || new RegExp(`^${a.text.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action)));
  const missing = ["sts:AssumeRole", "sts:TagSession"].filter((a) => !allows(a));
  return missing.length > 0 ? `allows pods.eks.amazonaws.com without ${joinAnd(missing)}` : undefined;
}

function trustLocations(role: RoleFact, statements: Statement[]): RelatedLocation[] {
  const out: RelatedLocation[] = [{ range: role.range, message: `role ${role.address}` }];
  for (const s of statements) if (s.range) out.push({ range: s.range, message: `trust statement ${s.sid ?? s.index}` });
  return out;
}
