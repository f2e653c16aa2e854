import { isEcrWrite } from "../src/iam/access.js";
import type { Grant } from "../src/model/access.js";
import { defineRule } from "./define.js";
import { eksctlCluster, nodeStack } from "./examples.js";
import { conditionSuffix, grantRange, groupBy, iamConditionSuffix, listNames, rangeId } from "./helpers.js";

const BUILDER_ROLE = (statement: string) => `  BuilderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: pods.eks.amazonaws.com }
            Action: [sts:AssumeRole, sts:TagSession]
      Policies:
        - PolicyName: push
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ecr:GetAuthorizationToken
                Resource: "*"
${statement}`;

/** An EKS Pod Identity role for image builds whose push statement covers `resource`. */
const TF_BUILDER_ROLE = (resource: string) => `resource "aws_ecr_repository" "app" {
  name = "builds/app"
}

resource "aws_iam_role" "builder" {
  name = "builder"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "pods.eks.amazonaws.com" }, Action = ["sts:AssumeRole", "sts:TagSession"] }]
  })
}

resource "aws_iam_role_policy" "push" {
  role = aws_iam_role.builder.id
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "ecr:GetAuthorizationToken", Resource = "*" },
      { Effect = "Allow", Action = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"], Resource = ${resource} },
    ]
  })
}
`;

export default defineRule({
  meta: {
    id: "PG206",
    name: "push-role-unscoped",
    shortDescription: "A workload role can push to every ECR repository.",
    fullDescription:
      "A role that pods assume through IRSA or EKS Pod Identity allows ECR push or delete actions on every repository (Resource \"*\" or repository/*) instead of the repositories the workload builds, so a compromised build pod can overwrite any image in the account.",
    defaultLevel: "warning",
    securitySeverity: 5.3,
    precision: "high",
    tags: ["security", "ecr", "irsa", "iam", "least-privilege"],
    appliesTo: ["cloudformation", "terraform", "eksctl"],
    fixable: false,
    messages: {
      unscoped: "Workload role {{role}} can {{actions}} on every repository ({{resource}}) through {{grant}}{{condition}}. Scope it to the repositories this workload pushes to (arn:aws:ecr:<region>:<account>:repository/<name>); only ecr:GetAuthorizationToken needs \"*\".",
    },
    help: {
      what: "Reports ECR write actions (push, delete, repository policy) that a workload role (IRSA or EKS Pod Identity) is allowed on every repository (`Resource: \"*\"`, an ARN such as `arn:aws:ecr:*:111122223333:repository/*` whose repository part is only a wildcard, or a `NotResource`), including through AWS managed policies such as `AmazonEC2ContainerRegistryPowerUser`. A `Deny` with `NotResource` that leaves only named repositories scopes the grant; actions that act only on `*` (the registry policy, replication) cannot be scoped and are not reported. The finding points at the action string or the policy ARN.",
      why: "Moving push rights off the node role is the first step; the second is to give each builder only the repositories it builds. A build pod runs third-party code (base images, build scripts); with push on every repository, one poisoned build can replace any image your clusters run.",
      fix: "Write a policy that allows the push actions on the builder's repository ARNs, and keep `ecr:GetAuthorizationToken` (which has no resource) on `*`.",
      references: ["https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html"],
      examples: [
        {
          format: "cloudformation",
          file: "builder.yaml",
          bad: nodeStack({ role: "", resources: BUILDER_ROLE(`              - Effect: Allow
                Action: [ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload]
                Resource: "*"
`) }),
          good: nodeStack({ role: "", resources: BUILDER_ROLE(`              - Effect: Allow
                Action: [ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, ecr:CompleteLayerUpload]
                Resource: arn:aws:ecr:eu-west-1:111122223333:repository/builds/app
`) }),
        },
        {
          format: "terraform",
          file: "builder.tf",
          bad: TF_BUILDER_ROLE('"*"'),
          good: TF_BUILDER_ROLE("aws_ecr_repository.app.arn"),
        },
        {
          format: "eksctl",
          file: "cluster.yaml",
          bad: eksctlCluster({ iam: "  withOIDC: true\n  serviceAccounts:\n    - metadata: { name: kaniko, namespace: ci }\n      wellKnownPolicies:\n        imageBuilder: true\n" }),
          good: eksctlCluster({
            iam: `  withOIDC: true
  serviceAccounts:
    - metadata: { name: kaniko, namespace: ci }
      attachPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"]
            Resource: arn:aws:ecr:eu-west-1:111122223333:repository/app
`,
          }),
        },
      ],
    },
  },
  check(model, context) {
    const hits: { role: string; grant: Grant; resource: string }[] = [];
    for (const workload of model.linked.workloadRoles) {
      for (const grant of model.access.get(workload.role.key)?.grants ?? []) {
        if (!isEcrWrite(grant.action) || grant.action.resourceTypes.length === 0 || grant.scope.only.length > 0) continue;
        const arn = grant.scope.resources.find(isEveryRepository);
        const everything = grant.scope.resources.includes("*") ? unscopedText(grant) : arn === undefined ? undefined : `Resource "${arn}"`;
        if (everything !== undefined) hits.push({ role: workload.role.address, grant, resource: everything });
      }
    }
    for (const group of groupBy(hits, (h) => `${h.role}|${rangeId(grantRange(h.grant))}`).values()) {
      const first = group[0];
      if (!first) continue;
      const { grant } = first;
      context.report({
        messageId: "unscoped",
        data: {
          role: first.role,
          actions: listNames(group.map((h) => h.grant.action.name)),
          grant: grant.source.kind === "aws-managed" ? `the AWS managed policy ${grant.source.name}` : grant.pattern ? `"${grant.pattern.text}" in ${grant.source.document.origin}` : grant.source.document.origin,
          condition: `${conditionSuffix(grant.when)}${iamConditionSuffix(group.map((h) => h.grant))}`,
          resource: first.resource,
        },
        location: grantRange(grant),
        identity: [first.role, grant.source.name, grant.pattern?.text ?? ""],
        resources: [first.role],
        when: grant.when,
      });
    }
  },
});

/** An ECR ARN that names no repository (`…:repository/*`, `…:*`): every repository of its account and region. */
function isEveryRepository(resource: string): boolean {
  const part = /^arn:[^:]*:ecr:[^:]*:[^:]*:(.*)$/.exec(resource)?.[1];
  return part === "*" || part === "repository/*";
}

/** How the statement reaches every repository: `Resource "*"`, or its `NotResource`. */
function unscopedText(grant: Grant): string {
  if (grant.statement.notResources) return `NotResource ${grant.statement.notResources.map((t) => `"${t.text}"`).join(", ")}`;
  return 'Resource "*"';
}
