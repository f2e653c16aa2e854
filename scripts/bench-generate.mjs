// Generates a deterministic benchmark repository: Terraform root modules (IAM, node groups, launch
// templates, IRSA, local modules) and YAML (CloudFormation node stacks, eksctl clusters, Kubernetes
// build workloads), about 2 KB a file, from a seed. Same seed, same bytes.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** mulberry32: a small, fast, seedable PRNG (public domain). */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MANAGED = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryReadOnly", "AmazonSSMManagedInstanceCore", "CloudWatchAgentServerPolicy"];
const RISKY = ["AmazonEC2ContainerRegistryPowerUser", "AmazonEC2ContainerRegistryFullAccess"];
const ACTIONS = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "s3:GetObject", "s3:ListBucket", "logs:PutLogEvents", "ec2:DescribeInstances", "ecr:PutImage", "ecr:InitiateLayerUpload", "kms:Decrypt"];

/** The header many infrastructure repositories carry on every file. */
const LICENSE_HEADER = `# Copyright 2026 Example Platform Team
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

`;

/** Files of one Terraform root module (`n` is its number): ten files that refer to each other. */
function terraformModule(n, rnd) {
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const policies = [...new Set([MANAGED[0], MANAGED[1], MANAGED[2], pick(MANAGED), rnd() < 0.15 ? pick(RISKY) : pick(MANAGED)])];
  const actions = [...new Set([pick(ACTIONS), pick(ACTIONS), pick(ACTIONS)])];
  const files = {};
  files["versions.tf"] = `terraform {\n  required_version = ">= 1.5"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 5.0"\n    }\n  }\n}\n\nprovider "aws" {\n  region = var.region\n}\n`;
  files["variables.tf"] = `variable "region" {\n  description = "The AWS region the cluster and its node groups live in."\n  type        = string\n  default     = "eu-west-1"\n}\n\nvariable "cluster_name" {\n  description = "Name of the EKS cluster; node roles, launch templates and repositories are named after it."\n  type        = string\n  default     = "cluster-${n}"\n\n  validation {\n    condition     = can(regex("^[a-z][a-z0-9-]{2,38}$", var.cluster_name))\n    error_message = "The cluster name must be 3 to 39 lower-case letters, digits or hyphens."\n  }\n}\n\nvariable "node_policies" {\n  type    = list(string)\n  default = ${JSON.stringify(policies)}\n}\n\nvariable "hop_limit" {\n  type    = number\n  default = ${rnd() < 0.3 ? 2 : 1}\n}\n\nvariable "pools" {\n  type = map(object({ instance_type = string, size = number }))\n  default = {\n    general = { instance_type = "m6i.large", size = 3 }\n    spot    = { instance_type = "m6a.large", size = ${1 + Math.floor(rnd() * 5)} }\n  }\n}\n`;
  files["locals.tf"] = `data "aws_partition" "current" {}\ndata "aws_caller_identity" "current" {}\n\nlocals {\n  partition  = data.aws_partition.current.partition\n  account_id = data.aws_caller_identity.current.account_id\n  name       = "\${var.cluster_name}-nodes"\n  tags = {\n    Team        = "platform-${n % 17}"\n    Environment = "${pick(["dev", "stage", "prod"])}"\n    CostCenter  = "${1000 + n}"\n  }\n  oidc = "oidc.eks.\${var.region}.amazonaws.com/id/${(n * 2654435761 >>> 0).toString(16).toUpperCase()}"\n}\n`;
  files["iam.tf"] = `data "aws_iam_policy_document" "assume" {\n  statement {\n    actions = ["sts:AssumeRole"]\n    principals {\n      type        = "Service"\n      identifiers = ["ec2.amazonaws.com"]\n    }\n  }\n}\n\nresource "aws_iam_role" "nodes" {\n  name               = local.name\n  assume_role_policy = data.aws_iam_policy_document.assume.json\n  tags               = local.tags\n}\n\nresource "aws_iam_role_policy_attachment" "nodes" {\n  for_each   = toset(var.node_policies)\n  role       = aws_iam_role.nodes.name\n  policy_arn = "arn:\${local.partition}:iam::aws:policy/\${each.value}"\n}\n\nresource "aws_iam_instance_profile" "nodes" {\n  name = local.name\n  role = aws_iam_role.nodes.name\n}\n`;
  files["policy.tf"] = `resource "aws_iam_role_policy" "extra" {\n  name = "extra"\n  role = aws_iam_role.nodes.id\n  policy = jsonencode({\n    Version = "2012-10-17"\n    Statement = [\n      {\n        Sid      = "Extra"\n        Effect   = "Allow"\n        Action   = ${JSON.stringify(actions)}\n        Resource = "*"\n      },\n      {\n        Effect   = "Allow"\n        Action   = ["s3:GetObject"]\n        Resource = ["arn:\${local.partition}:s3:::artifacts-${n}/*"]\n      },\n    ]\n  })\n}\n`;
  files["nodes.tf"] = `resource "aws_launch_template" "nodes" {\n  for_each    = var.pools\n  name_prefix = "\${var.cluster_name}-\${each.key}-"\n  user_data = base64encode(<<-EOT\n    MIME-Version: 1.0\n    Content-Type: multipart/mixed; boundary="BOUNDARY"\n\n    --BOUNDARY\n    Content-Type: text/x-shellscript; charset="us-ascii"\n\n    #!/bin/bash\n    set -euo pipefail\n    echo "joining \${var.cluster_name} as \${each.key}"\n    sysctl -w net.ipv4.ip_forward=1\n    sysctl -w vm.max_map_count=262144\n    mkdir -p /etc/systemd/system/kubelet.service.d\n    cat > /etc/systemd/system/kubelet.service.d/90-labels.conf <<'EOF'\n    [Service]\n    Environment="KUBELET_EXTRA_ARGS=--node-labels=pool=\${each.key},team=platform-${n % 17}"\n    EOF\n    systemctl daemon-reload\n\n    --BOUNDARY--\n  EOT\n  )\n  metadata_options {\n    http_endpoint               = "enabled"\n    http_tokens                 = "${rnd() < 0.1 ? "optional" : "required"}"\n    http_put_response_hop_limit = var.hop_limit\n  }\n  tag_specifications {\n    resource_type = "instance"\n    tags          = local.tags\n  }\n}\n\nresource "aws_eks_node_group" "nodes" {\n  for_each        = var.pools\n  cluster_name    = var.cluster_name\n  node_group_name = each.key\n  node_role_arn   = aws_iam_role.nodes.arn\n  subnet_ids      = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]\n  instance_types  = [each.value.instance_type]\n  launch_template {\n    id      = aws_launch_template.nodes[each.key].id\n    version = aws_launch_template.nodes[each.key].latest_version\n  }\n  scaling_config {\n    desired_size = each.value.size\n    max_size     = each.value.size * 2\n    min_size     = 1\n  }\n  tags = local.tags\n}\n`;
  files["irsa.tf"] = `data "aws_iam_policy_document" "builder_trust" {\n  statement {\n    actions = ["sts:AssumeRoleWithWebIdentity"]\n    principals {\n      type        = "Federated"\n      identifiers = ["arn:\${local.partition}:iam::\${local.account_id}:oidc-provider/\${local.oidc}"]\n    }\n    condition {\n      test     = "${rnd() < 0.1 ? "StringLike" : "StringEquals"}"\n      variable = "\${local.oidc}:sub"\n      values   = ["system:serviceaccount:ci:${rnd() < 0.1 ? "*" : "builder"}"]\n    }\n    condition {\n      test     = "StringEquals"\n      variable = "\${local.oidc}:aud"\n      values   = ["sts.amazonaws.com"]\n    }\n  }\n}\n\nresource "aws_iam_role" "builder" {\n  name               = "\${var.cluster_name}-builder"\n  assume_role_policy = data.aws_iam_policy_document.builder_trust.json\n}\n\nresource "aws_iam_role_policy" "builder" {\n  role = aws_iam_role.builder.id\n  policy = jsonencode({\n    Statement = [\n      { Effect = "Allow", Action = "ecr:GetAuthorizationToken", Resource = "*" },\n      { Effect = "Allow", Action = ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload"], Resource = "arn:\${local.partition}:ecr:\${var.region}:\${local.account_id}:repository/app-${n}" },\n    ]\n  })\n}\n`;
  files["ecr.tf"] = `resource "aws_ecr_repository" "app" {\n  name                 = "app-${n}"\n  image_tag_mutability = "${pick(["MUTABLE", "IMMUTABLE"])}"\n  encryption_configuration {\n    encryption_type = "${pick(["AES256", "KMS"])}"\n  }\n}\n\nresource "aws_ecr_repository_policy" "app" {\n  repository = aws_ecr_repository.app.name\n  policy = jsonencode({\n    Statement = [{\n      Sid       = "Pull"\n      Effect    = "Allow"\n      Principal = { AWS = "arn:\${local.partition}:iam::\${local.account_id}:root" }\n      Action    = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]\n    }]\n  })\n}\n`;
  files["outputs.tf"] = `output "node_role_arn" {\n  value = aws_iam_role.nodes.arn\n}\n\noutput "builder_role_arn" {\n  value = aws_iam_role.builder.arn\n}\n\noutput "repository_url" {\n  value = aws_ecr_repository.app.repository_url\n}\n`;
  files["main.tf"] = `module "extra_pool" {\n  source        = "./modules/pool"\n  name          = "\${var.cluster_name}-extra"\n  extra_actions = ${JSON.stringify(rnd() < 0.1 ? ["ecr:BatchDeleteImage"] : ["s3:GetObject"])}\n}\n`;
  files["modules/pool/main.tf"] = `variable "name" {\n  type = string\n}\n\nvariable "extra_actions" {\n  type    = list(string)\n  default = []\n}\n\nresource "aws_iam_role" "this" {\n  name = var.name\n  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })\n}\n\nresource "aws_iam_role_policy" "this" {\n  role   = aws_iam_role.this.id\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = var.extra_actions, Resource = "*" }] })\n}\n\nresource "aws_eks_node_group" "this" {\n  cluster_name  = "cluster"\n  node_role_arn = aws_iam_role.this.arn\n  subnet_ids    = ["subnet-0123456789abcdef0"]\n  scaling_config {\n    desired_size = 1\n    max_size     = 2\n    min_size     = 1\n  }\n}\n`;
  files["security.tf"] = `resource "aws_security_group" "nodes" {\n  name        = "\${var.cluster_name}-nodes"\n  description = "Worker nodes of \${var.cluster_name}: kubelet, node ports and the cluster API"\n  vpc_id      = "vpc-0123456789abcdef${n % 10}"\n${[443, 10250, 53, 30000, 8472, 4789]
    .map((port) => `\n  ingress {\n    description = "port ${port} from the cluster"\n    from_port   = ${port}\n    to_port     = ${port}\n    protocol    = "${port === 53 ? "udp" : "tcp"}"\n    cidr_blocks = ["10.${n % 250}.0.0/16"]\n  }\n`)
    .join("")}\n  egress {\n    from_port   = 0\n    to_port     = 0\n    protocol    = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n\n  tags = local.tags\n}\n`;
  // Every file starts the way real ones do: a comment saying what it holds and who owns it.
  for (const name of Object.keys(files)) {
    files[name] = `${LICENSE_HEADER}# ${name} of environment ${n}: managed by the platform team (platform-${n % 17}).\n# Changes go through review; see docs/runbooks/eks.md for the rollout order and the rollback steps.\n# Generated layout: versions, variables, locals, IAM, policies, nodes, IRSA, ECR, outputs, modules.\n\n${files[name]}`;
  }
  return files;
}

function cloudFormation(n, rnd) {
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const arns = [MANAGED[0], MANAGED[1], rnd() < 0.1 ? pick(RISKY) : MANAGED[2], pick(MANAGED)].map((p) => `        - !Sub arn:\${AWS::Partition}:iam::aws:policy/${p}`).join("\n");
  return `AWSTemplateFormatVersion: "2010-09-09"
Description: Node group ${n} of the platform clusters.
Parameters:
  ClusterName:
    Type: String
    Default: cluster-${n}
  HopLimit:
    Type: Number
    Default: ${rnd() < 0.3 ? 2 : 1}
Conditions:
  IsProd: !Equals [!Ref "AWS::AccountId", "111122223333"]
Resources:
  NodeRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "\${ClusterName}-nodes"
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: !Sub "ec2.\${AWS::URLSuffix}" }
            Action: sts:AssumeRole
      ManagedPolicyArns:
${arns}
      Policies:
        - PolicyName: extra
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [${[pick(ACTIONS), pick(ACTIONS)].join(", ")}]
                Resource: "*"
      Tags:
        - { Key: Team, Value: platform-${n % 13} }
  NodeInstanceProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref NodeRole]
  NodeLaunchTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        MetadataOptions:
          HttpTokens: required
          HttpPutResponseHopLimit: !Ref HopLimit
        TagSpecifications:
          - ResourceType: instance
            Tags: [{ Key: Name, Value: !Sub "\${ClusterName}-node" }]
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref ClusterName
      NodeRole: !GetAtt NodeRole.Arn
      Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
      LaunchTemplate:
        Id: !Ref NodeLaunchTemplate
      ScalingConfig: { MinSize: 1, MaxSize: !If [IsProd, 10, 3], DesiredSize: 2 }
  NodeSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub "Worker nodes of \${ClusterName}: kubelet, node ports and the cluster API"
      VpcId: vpc-0123456789abcdef${n % 10}
      SecurityGroupIngress:
${[443, 10250, 53, 30000, 8472, 4789].map((port) => `        - IpProtocol: ${port === 53 ? "udp" : "tcp"}
          FromPort: ${port}
          ToPort: ${port}
          CidrIp: 10.${n % 250}.0.0/16
          Description: port ${port} from the cluster`).join("\n")}
      Tags:
        - { Key: Name, Value: !Sub "\${ClusterName}-nodes" }
Outputs:
  NodeRoleArn:
    Description: The role the nodes of this group run with.
    Value: !GetAtt NodeRole.Arn
    Export:
      Name: !Sub "\${AWS::StackName}-NodeRoleArn"
  NodeSecurityGroupId:
    Description: The security group of the nodes, for the cluster's additional rules.
    Value: !Ref NodeSecurityGroup
    Export:
      Name: !Sub "\${AWS::StackName}-NodeSecurityGroup"
`;
}

function eksctl(n, rnd) {
  const group = (name) => `  - name: ${name}
    instanceType: ${rnd() < 0.5 ? "m6i.large" : "m6a.xlarge"}
    desiredCapacity: ${1 + Math.floor(rnd() * 4)}
    labels: { role: ${name} }
    volumeSize: 100
    volumeType: gp3
    privateNetworking: true
    tags:
      team: platform-${n % 13}
      cost-center: "${2000 + n}"
    taints:
      - { key: dedicated, value: ${name}, effect: NoSchedule }
${rnd() < 0.5 ? "    disablePodIMDS: true\n" : ""}${rnd() < 0.1 ? "    iam:\n      withAddonPolicies:\n        imageBuilder: true\n        autoScaler: true\n" : "    iam:\n      withAddonPolicies:\n        autoScaler: true\n"}`;
  return `apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: cluster-${n}
  region: eu-west-1
  version: "1.31"
iam:
  withOIDC: true
  serviceAccounts:
    - metadata: { name: builder, namespace: ci }
      attachPolicyARNs: ["arn:aws:iam::111122223333:policy/ci-push-${n}"]
    - metadata: { name: external-dns, namespace: kube-system }
      wellKnownPolicies:
        externalDNS: true
managedNodeGroups:
${group("general")}${group("batch")}${group("system")}`;
}

function kubernetes(n, rnd) {
  const builder = rnd() < 0.3;
  const sa = rnd() < 0.5 ? `      serviceAccountName: builder-${n}\n` : "";
  return `apiVersion: v1
kind: ServiceAccount
metadata:
  name: builder-${n}
  namespace: ci
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::111122223333:role/cluster-${n}-builder
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-${n}
  namespace: apps
  labels: { app: api-${n} }
spec:
  replicas: 3
  selector:
    matchLabels: { app: api-${n} }
  template:
    metadata:
      labels: { app: api-${n} }
    spec:
      containers:
        - name: api
          image: 111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:${n}
          ports: [{ containerPort: 8080 }]
          env:
            - { name: LOG_LEVEL, value: info }
            - { name: REGION, value: eu-west-1 }
            - { name: QUEUE_URL, value: "https://sqs.eu-west-1.amazonaws.com/111122223333/queue-${n}" }
            - name: DB_PASSWORD
              valueFrom: { secretKeyRef: { name: api-${n}-db, key: password } }
          readinessProbe:
            httpGet: { path: /healthz, port: 8080 }
            periodSeconds: 10
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
---
apiVersion: v1
kind: Service
metadata:
  name: api-${n}
  namespace: apps
spec:
  selector: { app: api-${n} }
  ports:
    - { name: http, port: 80, targetPort: 8080 }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-${n}-config
  namespace: apps
data:
  settings.yaml: |
    server:
      port: 8080
      timeout: 30s
    features:
      audit: true
      tracing: ${rnd() < 0.5}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: build-${n}
  namespace: ci
spec:
  template:
    spec:
${sa}      restartPolicy: Never
      containers:
        - name: build
          image: ${builder ? "gcr.io/kaniko-project/executor:v1.23.2" : "golang:1.23"}
          args: ${builder ? `["--context=git://github.com/example/app-${n}.git", "--destination=111122223333.dkr.ecr.eu-west-1.amazonaws.com/app-${n}:latest"]` : `["go", "test", "./..."]`}
`;
}

/**
 * Writes `terraformFiles` Terraform files (ten per root module, with a local module) and `yamlFiles`
 * YAML files (CloudFormation, eksctl, Kubernetes in turn) under `dir`. Returns the files written.
 */
export function generate(dir, { terraformFiles = 2000, yamlFiles = 2000, seed = 20261122 } = {}) {
  const rnd = random(seed);
  const written = [];
  const write = (path, text) => {
    const file = join(dir, path);
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, text);
    written.push({ path, bytes: Buffer.byteLength(text) });
  };
  for (let n = 0; written.length < terraformFiles; n++) {
    for (const [name, text] of Object.entries(terraformModule(n, rnd))) {
      if (written.length < terraformFiles) write(`terraform/env-${String(n).padStart(4, "0")}/${name}`, text);
    }
  }
  const makers = [["cloudformation", cloudFormation], ["eksctl", eksctl], ["kubernetes", kubernetes]];
  for (let n = 0; n < yamlFiles; n++) {
    const [kind, make] = makers[n % 3];
    write(`${kind}/group-${String(Math.floor(n / 30)).padStart(3, "0")}/${kind}-${n}.yaml`, make(n, rnd));
  }
  return written;
}
