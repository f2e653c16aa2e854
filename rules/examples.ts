/** Builders for the documentation examples, which share one frame per format: a node role and the node group using it. */

/** `ManagedPolicyArns` with the given ARNs, indented as a role property. */
export function managedPolicies(...arns: string[]): string {
  return `      ManagedPolicyArns:\n${arns.map((arn) => `        - ${arn}\n`).join("")}`;
}

/** An inline policy (`Policies`) with the given statement lines, indented as a role property. */
export function inlinePolicy(name: string, statements: string): string {
  return `      Policies:\n        - PolicyName: ${name}\n          PolicyDocument:\n            Statement:\n${statements}`;
}

/**
 * A stack with `NodeRole` (trusted by EC2, with `role` as its further properties), any `resources`,
 * and the EKS managed node group `Nodes` running on it (with `nodes` as further properties).
 */
export function nodeStack(parts: { head?: string; role: string; resources?: string; nodes?: string }): string {
  return `${parts.head ?? ""}Resources:
  NodeRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
${parts.role}${parts.resources ?? ""}  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: prod
      NodeRole: !GetAtt NodeRole.Arn
      Subnets: [subnet-1]
${parts.nodes ?? ""}`;
}

/** An IRSA role `BuilderRole` trusting the cluster's OIDC provider under `Condition:` (the operator blocks, indented). */
export function irsaRole(conditions: string): string {
  return `  BuilderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal:
              Federated: arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE
            Action: sts:AssumeRoleWithWebIdentity
            Condition:
${conditions}`;
}

/**
 * Terraform: the node role `aws_iam_role.node` (trusted by EC2, with `role` as further arguments), the
 * AWS managed policies attached to it with `for_each`, any further `resources`, and the EKS managed node group `workers` running on it.
 */
export function tfNodeStack(parts: { policies: string[]; role?: string; resources?: string; nodes?: string }): string {
  return `resource "aws_iam_role" "node" {
  name = "eks-node"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
${parts.role ?? ""}}

resource "aws_iam_role_policy_attachment" "node" {
  for_each = toset([
${parts.policies.map((name) => `    "arn:aws:iam::aws:policy/${name}",
`).join("")}  ])
  role       = aws_iam_role.node.name
  policy_arn = each.value
}
${parts.resources ?? ""}
resource "aws_eks_node_group" "workers" {
  cluster_name  = "prod"
  node_role_arn = aws_iam_role.node.arn
  subnet_ids    = ["subnet-0123456789abcdef0"]
${parts.nodes ?? ""}
  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }
}
`;
}

/** Terraform: an IRSA role `aws_iam_role.builder` whose trust is an `aws_iam_policy_document` with the given `condition` blocks. */
export function tfIrsaRole(conditions: { test: string; claim: "sub" | "aud"; value: string }[]): string {
  return `data "aws_iam_policy_document" "builder_trust" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"]
    }
${conditions
  .map(
    (c) => `    condition {
      test     = "${c.test}"
      variable = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE:${c.claim}"
      values   = ["${c.value}"]
    }
`,
  )
  .join("")}  }
}

resource "aws_iam_role" "builder" {
  name               = "builder"
  assume_role_policy = data.aws_iam_policy_document.builder_trust.json
}
`;
}

/**
 * An eksctl ClusterConfig with the managed node group `workers` (`group`: its further keys, indented
 * four spaces) and a cluster-level `iam` block when given (indented two spaces).
 */
export function eksctlCluster(parts: { group?: string; iam?: string }): string {
  return `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: eu-west-1
${parts.iam ? `iam:\n${parts.iam}` : ""}managedNodeGroups:
  - name: workers
    instanceType: m6i.large
${parts.group ?? ""}`;
}

/** An eksctl `attachPolicyARNs` list of AWS managed policies, as node group keys. */
export function eksctlPolicies(...names: string[]): string {
  return `    iam:\n      attachPolicyARNs:\n${names.map((n) => `        - arn:aws:iam::aws:policy/${n}\n`).join("")}`;
}

/** A Job `build-app` in namespace `ci` whose pods run as `serviceAccount` (none: `default`), with one container (indented 10 spaces). */
export function buildJob(container: string, serviceAccount?: string): string {
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: build-app
  namespace: ci
spec:
  template:
    spec:
${serviceAccount ? `      serviceAccountName: ${serviceAccount}\n` : ""}      restartPolicy: Never
      containers:
${container}`;
}

