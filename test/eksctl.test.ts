import { describe, expect, it } from "vitest";
import { extractEksctl } from "../src/extract/eksctl/extract.js";
import { emptyFacts, type Attachment, type Facts, type Reference, type RoleFact } from "../src/model/facts.js";
import { parseStructured } from "../src/parse/yaml/parse.js";

function extract(yaml: string, path = "cluster.yaml"): Facts {
  const parsed = parseStructured({ path, text: yaml });
  expect(parsed.diagnostics).toEqual([]);
  const facts = emptyFacts();
  for (const d of parsed.documents) if (d.root) extractEksctl(path, d.root, facts);
  return facts;
}

const HEAD = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c1\n";

/** The managed policy names on a role (the last segment of each ARN), sorted. */
function policies(role: RoleFact | undefined): string[] {
  return (role?.attachments ?? []).map((a) => policyText(a).replace(/^.*:policy\//, "")).sort();
}

function policyText(a: Attachment): string {
  return a.policy.kind === "arn" || a.policy.kind === "name" ? a.policy.value.text : `?${a.policy.kind}`;
}

function role(facts: Facts, address: string): RoleFact | undefined {
  return facts.roles.find((r) => r.address === address);
}

function target(ref: Reference | undefined): string | undefined {
  return ref?.kind === "logical" ? ref.target.key : ref?.kind === "arn" || ref?.kind === "name" ? ref.value.text : ref?.kind;
}

describe("eksctl node roles", () => {
  it("attaches eksctl's default policies: PullOnly on every group, CNI unless withOIDC", () => {
    const facts = extract(`${HEAD}nodeGroups:
  - name: self
managedNodeGroups:
  - name: managed
`);
    expect(policies(role(facts, "nodeGroups[self] node role"))).toEqual([
      "AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore",
    ]);
    expect(policies(role(facts, "managedNodeGroups[managed] node role"))).toEqual([
      "AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore",
    ]);
    const worker = role(facts, "managedNodeGroups[managed] node role")?.attachments[0];
    expect(policyText(worker as Attachment)).toBe("arn:${partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy");
    expect(worker?.via).toBe("eksctl defaults");
    expect(worker?.range).toMatchObject({ startLine: 8, origin: { note: "a default of eksctl" } });

    const oidc = extract(`${HEAD}iam:\n  withOIDC: true\nmanagedNodeGroups:\n  - name: managed\n`);
    expect(policies(oidc.roles[0])).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonSSMManagedInstanceCore"]);
  });

  it("replaces the defaults with attachPolicyARNs, keeping PullOnly on unmanaged groups and dropping duplicates", () => {
    const facts = extract(`${HEAD}nodeGroups:
  - name: self
    iam:
      attachPolicyARNs: [arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy]
managedNodeGroups:
  - name: managed
    iam:
      attachPolicyARNs:
        - arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy
        - arn:aws:iam::aws:policy/AmazonEBSCSIDriverPolicy
      withAddonPolicies:
        ebs: true
        cloudWatch: true
`);
    expect(policies(role(facts, "nodeGroups[self] node role"))).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy"]);
    const managed = role(facts, "managedNodeGroups[managed] node role");
    expect(policies(managed)).toEqual(["AmazonEBSCSIDriverPolicy", "AmazonEKSWorkerNodePolicy", "CloudWatchAgentServerPolicy", "service-role/AmazonEBSCSIDriverPolicy"]);
    expect(managed?.attachments.map((a) => `${a.via}@${a.range.startLine}`)).toEqual([
      "iam.attachPolicyARNs@13", "iam.attachPolicyARNs@14", "iam.withAddonPolicies.cloudWatch@17", "iam.withAddonPolicies.ebs@16",
    ]);
  });

  it("attaches PowerUser for imageBuilder at the `true` value: besides PullOnly on managed groups, instead of it on unmanaged ones", () => {
    const facts = extract(`${HEAD}nodeGroups:
  - name: self
    iam: { withAddonPolicies: { imageBuilder: true } }
managedNodeGroups:
  - name: managed
    iam:
      withAddonPolicies:
        imageBuilder: true
`);
    expect(policies(role(facts, "nodeGroups[self] node role"))).not.toContain("AmazonEC2ContainerRegistryPullOnly");
    const managed = role(facts, "managedNodeGroups[managed] node role");
    expect(policies(managed)).toEqual(expect.arrayContaining(["AmazonEC2ContainerRegistryPowerUser", "AmazonEC2ContainerRegistryPullOnly"]));
    const powerUser = managed?.attachments.find((a) => policyText(a).endsWith("PowerUser"));
    expect(powerUser).toMatchObject({ via: "iam.withAddonPolicies.imageBuilder", range: { startLine: 12, startColumn: 23 } });
    expect(powerUser?.range.origin).toBeUndefined();
  });

  it("links each group to its role, with the role's name, boundary, trust and attachPolicy", () => {
    const facts = extract(`${HEAD}managedNodeGroups:
  - name: ng
    iam:
      instanceRoleName: nodes
      instanceRolePermissionsBoundary: arn:aws:iam::111122223333:policy/boundary
      attachPolicy:
        Statement:
          - Effect: Allow
            Action: ecr:PutImage
            Resource: "*"
`);
    const [group] = facts.nodeGroups;
    const [nodeRole] = facts.roles;
    expect(group).toMatchObject({ address: "managedNodeGroups[ng]", nodeKind: "managed", resourceType: "eksctl managedNodeGroups", format: "eksctl" });
    expect(target(group?.role[0])).toBe(nodeRole?.key);
    expect(nodeRole?.name?.text).toBe("nodes");
    expect(target(nodeRole?.boundary[0])).toBe("arn:aws:iam::111122223333:policy/boundary");
    expect(nodeRole?.trust?.statements[0]?.principals?.[0]).toMatchObject({ type: "Service", value: { text: "ec2.amazonaws.com" } });
    expect(nodeRole?.inlineVia).toBe("iam.attachPolicy");
    expect(nodeRole?.inlinePolicies[0]?.statements[0]?.actions?.[0]).toMatchObject({ text: "ecr:PutImage", range: { startLine: 13 } });
  });

  it("uses an instanceRoleARN without creating a role, and an unmanaged group's instanceProfileARN through its launch template", () => {
    const facts = extract(`${HEAD}managedNodeGroups:
  - name: byo
    iam: { instanceRoleARN: "arn:aws:iam::111122223333:role/nodes" }
nodeGroups:
  - name: profile
    iam: { instanceProfileARN: "arn:aws:iam::111122223333:instance-profile/nodes" }
`);
    expect(facts.roles).toEqual([]);
    const group = (address: string) => facts.nodeGroups.find((g) => g.address === address);
    expect(target(group("managedNodeGroups[byo]")?.role[0])).toBe("arn:aws:iam::111122223333:role/nodes");
    expect(group("nodeGroups[profile]")?.role).toEqual([]);
    const template = facts.launchTemplates.find((t) => t.address === "of nodeGroups[profile]");
    expect(target(template?.instanceProfile[0])).toBe("arn:aws:iam::111122223333:instance-profile/nodes");
  });
});

describe("eksctl launch templates", () => {
  // eksctl-io/eksctl examples/05-advanced-nodegroups.yaml, shortened; the line numbers match the original.
  const advanced = `# An advanced example of ClusterConfig object with customised nodegroups:
---
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig

metadata:
  name: cluster-5
  region: eu-west-2

nodeGroups:
  - name: ng1-public
    instanceType: m5.xlarge
    minSize: 2
    maxSize: 8
    volumeSize: 100
    volumeType: gp2
    ami: ami-05ecac759c81e0b0c
    amiFamily: AmazonLinux2
    # defaults to true, which enforces the use of IMDSv2 tokens
    disableIMDSv1: false
    labels:
      nodegroup-type: frontend-workloads
    iam:
      withAddonPolicies:
        autoScaler: true

  - name: ng2-private-a
    instanceType: m5.large
  - name: ng3-private-b
    disablePodIMDS: true
    disableIMDSv1: false
  - name: ng4
managedNodeGroups:
  - name: ng5
    disableIMDSv1: true
`;

  it("derives the metadata options from disableIMDSv1 and disablePodIMDS", () => {
    const facts = extract(advanced);
    const settings = facts.launchTemplates.map((t) => `${t.address}: ${t.metadata.httpTokens[0]?.value} ${t.metadata.hopLimit[0]?.value}`);
    expect(settings).toEqual([
      "of nodeGroups[ng1-public]: optional 2",
      "of nodeGroups[ng2-private-a]: required 2",
      "of nodeGroups[ng3-private-b]: required 1",
      "of nodeGroups[ng4]: required 2",
      "of managedNodeGroups[ng5]: required 2",
    ]);
    for (const group of facts.nodeGroups) expect(target(group.launchTemplate[0])).toBe(facts.launchTemplates.find((t) => t.address === `of ${group.address}`)?.key);
  });

  it("places the settings at the first written IMDS value, and those of default groups at the first of them", () => {
    const facts = extract(advanced);
    const at = (i: number) => facts.launchTemplates[i]?.metadata;
    expect(at(0)?.httpTokens[0]?.range).toMatchObject({ startLine: 20, startColumn: 20 });
    expect(at(0)?.httpTokens[0]?.range.origin).toBeUndefined();
    expect(at(0)?.hopLimit[0]?.range).toMatchObject({ startLine: 20, origin: { note: "eksctl's default: HttpPutResponseHopLimit 2 unless disablePodIMDS is true" } });
    // Both written: the first one (disablePodIMDS) decides where the settings are reported.
    expect(at(2)?.hopLimit[0]?.range).toMatchObject({ startLine: 30 });
    expect(at(2)?.hopLimit[0]?.range.origin).toBeUndefined();
    // disableIMDSv1: true says nothing about the hop limit: that is eksctl's default.
    expect(at(4)?.httpTokens[0]?.range.origin).toBeUndefined();
    expect(at(4)?.hopLimit[0]?.range).toMatchObject({ startLine: 35, origin: {} });
    const shared = at(1)?.hopLimit[0]?.range;
    expect(shared).toMatchObject({ startLine: 27, startColumn: 11, origin: { note: "eksctl's default: HttpPutResponseHopLimit 2 unless disablePodIMDS is true" } });
    expect(at(1)?.httpTokens[0]?.range).toBe(shared);
    expect(at(3)?.hopLimit[0]?.range).toBe(shared);
  });

  it("does not generate a template for a managed group with its own launchTemplate", () => {
    const facts = extract(`${HEAD}managedNodeGroups:
  - name: custom
    launchTemplate:
      id: lt-1234
      version: "3"
  - name: plain
`);
    expect(facts.launchTemplates.map((t) => t.address)).toEqual(["of managedNodeGroups[plain]"]);
    expect(facts.nodeGroups[0]?.launchTemplate).toEqual([
      { kind: "unknown", reason: "launch template lt-1234 is defined outside the scanned files", range: expect.objectContaining({ startLine: 8 }) as unknown, when: [] },
    ]);
    // The first group that leaves IMDS to eksctl is `plain`, not the one with its own template.
    expect(facts.launchTemplates[0]?.metadata.hopLimit[0]?.range.startLine).toBe(10);
  });
});

describe("eksctl service accounts and Pod Identity", () => {
  it("builds the IRSA trust eksctl generates", () => {
    const facts = extract(`${HEAD}iam:
  withOIDC: true
  serviceAccounts:
    - metadata: { name: kaniko, namespace: ci }
      wellKnownPolicies: { imageBuilder: true, ebsCSIController: true }
      roleName: ci-kaniko
    - metadata: { name: runner, namespace: ci }
      subjectPattern: "runner-*"
    - metadata: { name: app }
      attachRoleARN: arn:aws:iam::111122223333:role/app
    - metadata: { name: only, namespace: ops }
      roleOnly: true
`);
    const kaniko = role(facts, "iam.serviceAccounts[ci/kaniko] role");
    const statement = kaniko?.trust?.statements[0];
    expect(statement?.actions?.map((a) => a.text)).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    expect(statement?.principals?.[0]).toMatchObject({ type: "Federated", value: { text: "arn:${partition}:iam::${account}:oidc-provider/${issuer}", known: false } });
    expect(statement?.conditions.map((c) => `${c.operator} ${c.key} ${c.values.map((v) => v.text).join()}`)).toEqual([
      "StringEquals ${issuer}:sub system:serviceaccount:ci:kaniko",
      "StringEquals ${issuer}:aud sts.amazonaws.com",
    ]);
    expect(statement?.range?.startLine).toBe(8);
    expect(kaniko?.name?.text).toBe("ci-kaniko");
    expect(kaniko?.attachments.map((a) => `${a.via} ${policyText(a)} @${a.range.startLine}`)).toEqual([
      "wellKnownPolicies.imageBuilder arn:${partition}:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser @9",
      "wellKnownPolicies.ebsCSIController arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy @9",
    ]);

    const sub = role(facts, "iam.serviceAccounts[ci/runner] role")?.trust?.statements[0]?.conditions[0];
    expect(sub).toMatchObject({ operator: "StringLike", values: [{ text: "system:serviceaccount:ci:runner-*", range: { startLine: 12, startColumn: 23 } }] });

    expect(facts.roles).toHaveLength(3);
    expect(facts.serviceAccounts.map((s) => `${s.namespace?.text}/${s.name?.text} -> ${target(s.role) ?? ""}`)).toEqual([
      `ci/kaniko -> ${kaniko?.key ?? ""}`,
      `ci/runner -> ${role(facts, "iam.serviceAccounts[ci/runner] role")?.key ?? ""}`,
      "default/app -> arn:aws:iam::111122223333:role/app",
    ]);
  });

  it("creates Pod Identity roles unless roleARN is given, also for add-ons", () => {
    const facts = extract(`${HEAD}iam:
  podIdentityAssociations:
    - namespace: ci
      serviceAccountName: builder
      roleName: ci-builder
      permissionPolicyARNs: [arn:aws:iam::111122223333:policy/push]
      wellKnownPolicies: { imageBuilder: true }
      permissionPolicy:
        Statement: [{ Effect: Allow, Action: "ecr:PutImage", Resource: "*" }]
    - namespace: default
      serviceAccountName: reader
      roleARN: arn:aws:iam::111122223333:role/reader
addons:
  - name: aws-ebs-csi-driver
    podIdentityAssociations:
      - namespace: kube-system
        serviceAccountName: ebs-csi-controller-sa
        wellKnownPolicies: { ebsCSIController: true }
`);
    expect(facts.podIdentityAssociations.map((p) => `${p.address} ${p.namespace?.text}/${p.serviceAccount?.text} -> ${target(p.role[0]) ?? ""}`)).toEqual([
      `iam.podIdentityAssociations[ci/builder] ci/builder -> ${facts.roles[0]?.key ?? ""}`,
      "iam.podIdentityAssociations[default/reader] default/reader -> arn:aws:iam::111122223333:role/reader",
      `addons[aws-ebs-csi-driver].podIdentityAssociations[kube-system/ebs-csi-controller-sa] kube-system/ebs-csi-controller-sa -> ${facts.roles[1]?.key ?? ""}`,
    ]);
    const builder = facts.roles[0];
    expect(builder?.trust?.statements[0]).toMatchObject({
      principals: [{ type: "Service", value: { text: "pods.eks.amazonaws.com" } }],
      actions: [{ text: "sts:AssumeRole" }, { text: "sts:TagSession" }],
    });
    expect(builder?.name?.text).toBe("ci-builder");
    expect(builder?.attachments.map((a) => a.via)).toEqual(["permissionPolicyARNs", "wellKnownPolicies.imageBuilder"]);
    expect(builder?.inlinePolicies[0]?.statements[0]?.actions?.[0]?.text).toBe("ecr:PutImage");
  });
});

describe("eksctl Karpenter, keys and bad input", () => {
  it("creates the Karpenter node role with a name a Karpenter EC2NodeClass can name", () => {
    const facts = extract(`${HEAD}karpenter:\n  version: "1.0.6"\n`);
    const karpenter = facts.roles[0];
    expect(karpenter?.name).toMatchObject({ text: "eksctl-KarpenterNodeRole-c1", known: true });
    expect(policies(karpenter)).toEqual(["AmazonEC2ContainerRegistryPullOnly", "AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonSSMManagedInstanceCore"]);
    expect(facts.nodeGroups[0]).toMatchObject({ nodeKind: "karpenter", evidence: "it is the Karpenter node role eksctl creates", range: { startLine: 5 } });
    expect(target(facts.nodeGroups[0]?.role[0])).toBe(karpenter?.key);
    expect(facts.instanceProfiles[0]?.name?.text).toBe("eksctl-KarpenterNodeInstanceProfile-c1");
  });

  it("keeps the keys of two ClusterConfigs in one file apart", () => {
    const doc = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmanagedNodeGroups:\n  - name: ng\n";
    const facts = extract(`${doc}---\n${doc}`);
    const keys = [...facts.roles, ...facts.nodeGroups, ...facts.launchTemplates].map((f) => f.key);
    expect(keys).toHaveLength(6);
    expect(new Set(keys).size).toBe(6);
    expect(keys.every((k) => k.startsWith("cluster.yaml#"))).toBe(true);
  });

  it("skips values of the wrong type without throwing", () => {
    const facts = extract(`apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata: just-a-string
iam: [1, 2]
karpenter:
  version: "1"
nodeGroups: "ng-1"
managedNodeGroups:
  - just-a-string
  - name: [odd]
    iam:
      attachPolicyARNs: arn:aws:iam::aws:policy/AdministratorAccess
      withAddonPolicies: true
      attachPolicy: 12
    disablePodIMDS: maybe
    launchTemplate: lt-123
`);
    expect(facts.nodeGroups.map((g) => g.address)).toEqual(["managedNodeGroups[1]", "karpenter"]);
    expect(facts.roles[1]?.name).toMatchObject({ text: "eksctl-KarpenterNodeRole-${cluster}", known: false });
    expect(facts.launchTemplates[0]?.metadata.hopLimit[0]).toMatchObject({ value: undefined, reason: "disablePodIMDS is not true or false" });
    expect(facts.roles[0]?.inlinePolicies[0]?.unknowns).toHaveLength(1);
  });
});
