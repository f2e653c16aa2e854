import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, scanFolder, scanText } from "./helpers.js";

/** A node role of a scan: its address, why nodes run as it, and the policies it holds. */
function nodeRoles(folder: string): { role: string; evidence: string[]; policies: string[] }[] {
  const { result } = scanFolder(join(FIXTURES, folder));
  return result.model.linked.nodeRoles
    .map((r) => ({ role: r.role.address, evidence: [...new Set(r.paths.map((p) => p.evidence))].sort(), policies: r.sources.map((s) => s.name).sort() }))
    .sort((a, b) => (a.role < b.role ? -1 : 1));
}

function messages(folder: string, rule: string): string[] {
  const { result } = scanFolder(join(FIXTURES, folder));
  return result.findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.file.split("/").pop()}:${f.location.startLine}:${f.location.startColumn} ${f.message}`);
}

describe("every way a role becomes a node role", () => {
  it("an EKS access entry of type EC2_LINUX in Terraform, CloudFormation and eksctl; not a STANDARD one", () => {
    expect(nodeRoles("terraform/access-entry-node-role")).toEqual([
      { role: "aws_iam_role.nodes", evidence: ["it has an EKS access entry of type EC2_LINUX"], policies: ["AmazonEC2ContainerRegistryFullAccess"] },
    ]);
    expect(nodeRoles("cloudformation/access-entry-node-role").map((r) => [r.role, r.evidence])).toEqual([["NodeRole", ["it has an EKS access entry of type EC2_LINUX"]]]);
    expect(nodeRoles("cross/eksctl-joined-node-roles").map((r) => [r.role, r.evidence])).toEqual([
      ["BatchNodeRole", ["eksctl maps it to system:nodes in aws-auth (iamIdentityMappings)"]],
      ["GpuNodeRole", ["eksctl gives it an EKS access entry of type EC2_LINUX"]],
    ]);
  });

  it("an aws-auth mapRoles entry in system:nodes, from a manifest and from kubernetes_config_map(_v1)(_data), heredoc or yamlencode; not system:masters", () => {
    expect(nodeRoles("cross/aws-auth-configmap-terraform-role").map((r) => r.role)).toEqual(["aws_iam_role.legacy_nodes"]);
    const manifest = messages("cross/aws-auth-configmap-terraform-role", "PG102");
    expect(manifest).toEqual([expect.stringMatching(/^iam\.tf:10:5 Node role aws_iam_role\.legacy_nodes has the AWS managed policy AmazonEC2ContainerRegistryPowerUser/)]);
    expect(nodeRoles("terraform/aws-auth-config-map").map((r) => [r.role, r.evidence])).toEqual([
      ["aws_iam_role.batch", ["it is mapped to system:nodes in the aws-auth ConfigMap"]],
      ["aws_iam_role.gpu_workers", ["it is mapped to system:nodes in the aws-auth ConfigMap"]],
      ["aws_iam_role.workers", ["it is mapped to system:nodes in the aws-auth ConfigMap"]],
    ]);
  });

  it("an aws-auth entry is placed at its rolearn in the manifest's block scalar", () => {
    const result = scanText({
      "aws-auth.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n    - rolearn: arn:aws:iam::111122223333:role/unknown-nodes\n      groups: [system:nodes]\n",
    });
    const notes = result.findings.filter((f) => f.ruleId === "PG901").map((f) => [f.location.startLine, f.location.startColumn, f.message]);
    expect(notes).toEqual([[8, 16, expect.stringContaining("a role unknown-nodes is not defined in the scanned files")]]);
  });

  it("the roles Karpenter's controller may pass to the instances it launches (iam:PassRole beside ec2:CreateFleet), its policy a !Sub JSON string", () => {
    expect(nodeRoles("cloudformation/karpenter-controller-passrole")).toEqual([
      {
        role: "KarpenterNodeRole",
        evidence: ["a node provisioner (Karpenter) may pass it to the instances it launches (iam:PassRole beside ec2:CreateFleet or ec2:RunInstances)"],
        policies: ["AmazonEC2ContainerRegistryPowerUser", "AmazonEKSWorkerNodePolicy"],
      },
    ]);
  });

  it("the node roles of the eks module's outputs, of its Karpenter submodule and of eks-blueprints-addons", () => {
    expect(nodeRoles("terraform/eks-module-outputs")).toEqual([
      {
        role: "module.addons Karpenter node role",
        evidence: ["it has an EKS access entry of type EC2_LINUX", "it is the Karpenter node role of aws-ia/eks-blueprints-addons/aws"],
        policies: ["AmazonEC2ContainerRegistryPowerUser", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"],
      },
      {
        role: 'module.eks.eks_managed_node_groups["builders"] node role',
        evidence: ["it is a node group of terraform-aws-modules/eks/aws ~> 21.0"],
        policies: ["AmazonEC2ContainerRegistryFullAccess", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"],
      },
      {
        role: "module.karpenter Karpenter node role",
        evidence: ["it is the node role of terraform-aws-modules/eks//modules/karpenter"],
        policies: ["AmazonEC2ContainerRegistryPowerUser", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy"],
      },
    ]);
  });
});

describe("references across module boundaries", () => {
  it("a policy resource of the caller passed into the eks module is that policy, in every major's shape", () => {
    const roles = nodeRoles("terraform/eks-module-caller-policy");
    expect(roles.filter((r) => r.policies.includes("ci-image-push")).map((r) => r.role)).toEqual([
      "module.eks_v17 worker role",
      'module.eks_v18.eks_managed_node_groups["builders"] node role',
      'module.eks_v20.eks_managed_node_groups["builders"] node role',
      'module.eks_v21.eks_managed_node_groups["general"] node role',
      "module.karpenter Karpenter node role",
    ]);
    expect(messages("terraform/eks-module-caller-policy", "PG101")).toContain(
      'main.tf:57:22 Node role module.eks_v20.eks_managed_node_groups["cleaners"] node role can ecr:BatchDeleteImage through "ecr:BatchDeleteImage" in inline policy iam_role_policy_statements of module.eks_v20.eks_managed_node_groups["cleaners"] node role: any node, or pod on it, can delete images. Give image pushers their own IRSA or Pod Identity role instead.',
    );
  });

  it("a policy of the caller given to the IRSA module's role_policy_arns is checked like any workload role's", () => {
    expect(messages("terraform/irsa-module-caller-policy", "PG206")[0]).toMatch(/^main\.tf:10:37 Workload role module\.builder_irsa role can ecr:PutImage on every repository \(Resource "\*"\) through "ecr:PutImage" in policy aws_iam_policy\.push/);
    expect(messages("terraform/irsa-module-caller-policy-good", "PG206")).toEqual([]);
  });

  it("a version pullguard cannot place, an input the version does not have, and one a local module does not declare are each noted", () => {
    expect(messages("terraform/eks-module-versions-noted", "PG901").map((m) => m.replace(/ pullguard could not check.*$/, ""))).toEqual([
      "main.tf:12:13 Module call module.eks_unknown: the version of terraform-aws-modules/eks/aws is not a known string, so pullguard checked it as any of v18–v21 that its inputs fit.",
      "main.tf:23:13 Module call module.eks_ancient: terraform-aws-modules/eks/aws ~> 5.0 is a major pullguard does not know (it knows v10–v21), so it was checked as any of v10–v17 that its inputs fit.",
      "main.tf:36:3 Module call module.eks_mixed: terraform-aws-modules/eks/aws ~> 21.0 has no input workers_additional_policies (only v10–v17 has it), so Terraform rejects this call and pullguard did not read it.",
      "main.tf:47:3 Module call module.nodes: input extra_policy is not a variable of module ./nodes, so Terraform rejects this call and the value is used by nothing.",
    ]);
  });
});

describe("partly known values still decide", () => {
  it("a :sub wildcard around a part only known at apply is PG203", () => {
    expect(messages("terraform/irsa-partial-sub-wildcard", "PG203")).toEqual([
      expect.stringMatching(/^main\.tf:18:19 Role aws_iam_role\.builder lets "system:serviceaccount:\$\{var\.namespace\}:\*" assume it through StringLike on :sub/),
    ]);
  });

  it("a launch template of EKS nodes whose instance profile is a variable or a parameter is PG301, saying the role could not be seen", () => {
    expect(messages("terraform/pg301-unseen-instance-profile", "PG301")).toEqual([
      'main.tf:18:35 Launch template aws_launch_template.nodes sets http_put_response_hop_limit to 2 and allows IMDSv1 (http_tokens optional), so any pod on these nodes can take the credentials of their node role, whatever that role can do (pullguard could not see it: variable node_instance_profile has no value (no default, no input)). Require IMDSv2 with a hop limit of 1 (http_tokens = "required", http_put_response_hop_limit = 1), and give pods that need AWS access their own IRSA or Pod Identity role.',
    ]);
    expect(messages("cloudformation/pg301-unseen-instance-profile", "PG301")).toEqual([expect.stringContaining("pullguard could not see it: an instance profile ${NodeInstanceProfileArn} could not be resolved (parameter NodeInstanceProfileArn has no Default)")]);
    expect(messages("terraform/pg301-unseen-instance-profile-good", "PG301")).toEqual([]);
  });
});
