import {
  referenceOf,
  type Attachment,
  type ConditionClause,
  type Facts,
  type LaunchTemplateFact,
  type NodeGroupFact,
  type PolicyDocument,
  type Principal,
  type Reference,
  type RoleFact,
  type Setting,
  type Statement,
  type Tag,
  type Text,
} from "../../model/facts.js";
import type { Range } from "../../model/source.js";
import { get, scalarText, type PEntry, type PMap, type PNode } from "../../parse/yaml/tree.js";
import { Evaluator } from "../cloudformation/evaluate.js";
import { Reader } from "../cloudformation/values.js";
import { isNodeEntry } from "../aws-auth.js";

/*
 * What eksctl (v0.230, read from its sources; research/ecosystem.md D) creates from a ClusterConfig:
 * a node role per node group (unless one is given) with managed policies chosen by
 * `makeManagedPolicies`, a launch template per node group whose metadata options follow
 * `disableIMDSv1` / `disablePodIMDS`, IRSA roles for `iam.serviceAccounts`, Pod Identity roles, and
 * the Karpenter node role.
 */

const DEFAULT_NOTE = "a default of eksctl";
const HOP_NOTE = "eksctl's default: HttpPutResponseHopLimit 2 unless disablePodIMDS is true";
const TOKENS_NOTE = "eksctl's default: HttpTokens required (disableIMDSv1 defaults to true)";
const POWER_USER = "AmazonEC2ContainerRegistryPowerUser";
const PULL_ONLY = "AmazonEC2ContainerRegistryPullOnly";
const EBS_CSI = "service-role/AmazonEBSCSIDriverPolicy";

type GroupKind = "managed" | "self-managed";

interface Group {
  kind: GroupKind;
  item: PMap;
  index: number;
}

/** The facts of one eksctl `ClusterConfig` document. */
export function extractEksctl(path: string, root: PNode, facts: Facts): void {
  if (root.kind !== "map") return;
  const kind = scalarText(get(root, "kind"));
  if (kind !== undefined && kind !== "ClusterConfig") return;
  new ClusterConfig(path, root, facts).run();
}

class ClusterConfig {
  private readonly reader: Reader;
  private readonly cluster: Text | undefined;
  private readonly iam: PNode | undefined;
  /** Keys carry the document's position: two ClusterConfigs of one file never collide. */
  private readonly prefix: string;

  constructor(
    path: string,
    private readonly root: PMap,
    private readonly facts: Facts,
  ) {
    // eksctl embeds `attachPolicy` documents in CloudFormation as they are; the CloudFormation reader reads them.
    this.reader = new Reader(path, new Evaluator({ parameters: new Map(), resources: new Map(), mappings: undefined }));
    this.cluster = textOf(get(get(root, "metadata"), "name"));
    this.iam = get(root, "iam");
    this.prefix = `${path}#${this.cluster?.text ?? "ClusterConfig"}@${root.range.startLine}:${root.range.startColumn}/`;
  }

  run(): void {
    const groups: Group[] = [
      ...items(get(this.root, "nodeGroups")).map((item, index) => ({ kind: "self-managed" as const, item, index })),
      ...items(get(this.root, "managedNodeGroups")).map((item, index) => ({ kind: "managed" as const, item, index })),
    ].flatMap((g) => (g.item.kind === "map" ? [{ ...g, item: g.item }] : []));
    // Groups that leave IMDS to eksctl's defaults share one location (the first of them) so that they are reported once.
    const byPosition = [...groups].sort((a, b) => a.item.range.startLine - b.item.range.startLine || a.item.range.startColumn - b.item.range.startColumn);
    const firstDefault = byPosition.find((g) => !imdsEntry(g.item) && !ownLaunchTemplate(g));
    const at = firstDefault ? nameRange(firstDefault.item) : undefined;
    const defaultImds = at ? { ...at, origin: { range: at, note: HOP_NOTE } } : undefined;
    for (const group of byPosition) this.nodeGroup(group, defaultImds);
    this.karpenter();
    this.joinedNodeRoles();
    items(get(this.iam, "serviceAccounts")).forEach((item, i) => this.serviceAccount(item, i));
    items(get(this.iam, "podIdentityAssociations")).forEach((item, i) => this.podIdentity(item, "iam.podIdentityAssociations", i));
    items(get(this.root, "addons")).forEach((addon, a) => {
      const list = `addons[${scalarText(get(addon, "name")) ?? a}].podIdentityAssociations`;
      items(get(addon, "podIdentityAssociations")).forEach((item, i) => this.podIdentity(item, list, i));
    });
  }

  /**
   * Roles that join the cluster as nodes without a node group of this file: `iamIdentityMappings`
   * in system:nodes (aws-auth) and `accessConfig.accessEntries` of type EC2_LINUX or EC2_WINDOWS.
   */
  private joinedNodeRoles(): void {
    const add = (address: string, arn: Text, nodeKind: "aws-auth" | "access-entry", evidence: string) => {
      this.facts.nodeGroups.push({
        ...this.base(address, arn.range),
        kind: "node-group",
        nodeKind,
        resourceType: nodeKind === "aws-auth" ? "aws-auth" : "AWS::EKS::AccessEntry",
        role: [referenceOf(arn)],
        launchTemplate: [],
        instanceProfile: [],
        evidence,
        amiType: undefined,
      });
    };
    items(get(this.root, "iamIdentityMappings")).forEach((item, i) => {
      const groups = items(get(item, "groups")).flatMap((g) => textOf(g)?.text ?? []);
      const arn = textOf(get(item, "arn"));
      if (arn && isNodeEntry(groups)) add(`iamIdentityMappings[${i}]`, arn, "aws-auth", "eksctl maps it to system:nodes in aws-auth (iamIdentityMappings)");
    });
    items(get(get(this.root, "accessConfig"), "accessEntries")).forEach((item, i) => {
      const type = textOf(get(item, "type"))?.text;
      const arn = textOf(get(item, "principalARN"));
      if (arn && (type === "EC2_LINUX" || type === "EC2_WINDOWS")) add(`accessConfig.accessEntries[${i}]`, arn, "access-entry", `eksctl gives it an EKS access entry of type ${type}`);
    });
  }

  private base(address: string, range: Range) {
    return { key: this.prefix + address, address, format: "eksctl" as const, range, when: [] };
  }

  private nodeGroup({ kind, item, index }: Group, defaultImds: Range | undefined): void {
    const list = kind === "managed" ? "managedNodeGroups" : "nodeGroups";
    const address = `${list}[${scalarText(get(item, "name")) ?? index}]`;
    const at = nameRange(item);
    const iam = get(item, "iam");
    const roleArn = textOf(get(iam, "instanceRoleARN"));
    const profileArn = kind === "self-managed" ? textOf(get(iam, "instanceProfileARN")) : undefined;
    let role: Reference[] = [];
    let instanceProfile: Reference[] = [];
    if (roleArn) role = [referenceOf(roleArn)];
    else if (profileArn) instanceProfile = [referenceOf(profileArn)];
    else {
      const created = this.nodeRole(`${address} node role`, at, kind, iam, item);
      role = [{ kind: "logical", target: { key: created.key }, range: at, when: [] }];
    }
    const group: NodeGroupFact = {
      ...this.base(address, at),
      kind: "node-group",
      nodeKind: kind,
      resourceType: `eksctl ${list}`,
      role,
      launchTemplate: [],
      instanceProfile: [],
      evidence: kind === "managed" ? "it is an eksctl managed node group" : "it is an eksctl node group",
      amiType: undefined,
    };
    this.facts.nodeGroups.push(group);
    const own = ownLaunchTemplate({ kind, item, index });
    if (own) {
      const id = get(own, "id") ?? get(own, "name");
      const range = id?.range ?? own.range;
      group.launchTemplate = [{ kind: "unknown", reason: `launch template ${scalarText(id) ?? "(unnamed)"} is defined outside the scanned files`, range, when: [] }];
      return;
    }
    const template = this.launchTemplate(address, item, defaultImds ?? at, instanceProfile);
    group.launchTemplate = [{ kind: "logical", target: { key: template.key }, range: at, when: [] }];
  }

  /** The launch template eksctl generates for every node group (`makeMetadataOptions`). */
  private launchTemplate(address: string, item: PMap, defaultImds: Range, instanceProfile: Reference[]): LaunchTemplateFact {
    const v1 = get(item, "disableIMDSv1");
    const pod = get(item, "disablePodIMDS");
    const written = imdsEntry(item);
    const httpTokens: Setting<string>[] = [];
    const hopLimit: Setting<number>[] = [];
    if (!written) {
      httpTokens.push({ value: "required", range: defaultImds, when: [] });
      hopLimit.push({ value: 2, range: defaultImds, when: [] });
    } else {
      const at = written.value.range;
      const podBlocked = pod ? flag(pod) : false;
      const v1Disabled = v1 ? flag(v1) : true;
      const unclear = (name: string) => `${name} is not true or false`;
      // IMDSv2 is required when either is set; a value that is not a boolean leaves the outcome unknown.
      const tokens = podBlocked === true || v1Disabled === true ? "required" : podBlocked === undefined || v1Disabled === undefined ? undefined : "optional";
      const tokensRange = v1 || podBlocked === true ? at : { ...at, origin: { range: at, note: TOKENS_NOTE } };
      httpTokens.push({ value: tokens, range: tokensRange, when: [], ...(tokens === undefined ? { reason: unclear(podBlocked === undefined ? "disablePodIMDS" : "disableIMDSv1") } : {}) });
      const hop = podBlocked === undefined ? undefined : podBlocked ? 1 : 2;
      const hopRange = pod ? at : { ...at, origin: { range: at, note: HOP_NOTE } };
      hopLimit.push({ value: hop, range: hopRange, when: [], ...(hop === undefined ? { reason: unclear("disablePodIMDS") } : {}) });
    }
    const template: LaunchTemplateFact = {
      ...this.base(`of ${address}`, nameRange(item)),
      kind: "launch-template",
      resourceType: "eksctl launch template",
      name: undefined,
      instanceProfile,
      metadata: { range: undefined, httpTokens, hopLimit, httpEndpoint: [] },
      eksEvidence: [],
    };
    this.facts.launchTemplates.push(template);
    return template;
  }

  /** The node role eksctl creates (`createRole`, `makeManagedPolicies`). */
  private nodeRole(address: string, at: Range, kind: GroupKind, iam: PNode | undefined, group: PMap): RoleFact {
    const user = textItems(get(iam, "attachPolicyARNs"));
    const addons = get(iam, "withAddonPolicies");
    const imageBuilder = trueNode(get(addons, "imageBuilder"));
    const eksctl = new Map<string, Attachment>();
    const add = (name: string, range: Range, via: string) => eksctl.set(name, managedAttachment(name, range, via));
    const fallback = (name: string) => add(name, { ...at, origin: { range: at, note: DEFAULT_NOTE } }, "eksctl defaults");
    if (user.length === 0) {
      fallback("AmazonEKSWorkerNodePolicy");
      // With IRSA enabled eksctl gives the VPC CNI its own role instead.
      if (flag(get(this.iam, "withOIDC")) !== true) fallback("AmazonEKS_CNI_Policy");
      if (kind === "managed") fallback(PULL_ONLY);
      fallback("AmazonSSMManagedInstanceCore");
    }
    if (imageBuilder) add(POWER_USER, imageBuilder.range, "iam.withAddonPolicies.imageBuilder");
    // Unmanaged groups keep an ECR policy even when attachPolicyARNs replaces the defaults.
    else if (kind === "self-managed") fallback(PULL_ONLY);
    const cloudWatch = trueNode(get(addons, "cloudWatch"));
    if (cloudWatch) add("CloudWatchAgentServerPolicy", cloudWatch.range, "iam.withAddonPolicies.cloudWatch");
    const ebs = trueNode(get(addons, "ebs"));
    if (ebs) add(EBS_CSI, ebs.range, "iam.withAddonPolicies.ebs");
    // eksctl drops a policy of its own when a listed ARN has the same name.
    for (const arn of user) eksctl.delete(arnResourceName(arn.text));
    const attachments = [...user.map((t) => attachment(t, "iam.attachPolicyARNs")), ...eksctl.values()];
    return this.role(address, at, {
      name: textOf(get(iam, "instanceRoleName")),
      boundary: textOf(get(iam, "instanceRolePermissionsBoundary")),
      tags: this.stackTags(group),
      trust: [serviceTrust("ec2.amazonaws.com", ["sts:AssumeRole"], at)],
      attachments,
      inline: get(iam, "attachPolicy"),
      inlineVia: "iam.attachPolicy",
    });
  }

  private role(
    address: string,
    at: Range,
    spec: { name: Text | undefined; boundary: Text | undefined; tags?: Tag[]; trust: Statement[]; attachments: Attachment[]; inline: PNode | undefined; inlineVia: string },
  ): RoleFact {
    const trust: PolicyDocument = { origin: `trust policy of role ${address}`, range: at, statements: spec.trust, unknowns: [] };
    const role: RoleFact = {
      ...this.base(address, at),
      kind: "role",
      name: spec.name,
      trust,
      attachments: spec.attachments,
      inlinePolicies: spec.inline ? [this.reader.policy(spec.inline, `inline policy ${spec.inlineVia} of ${address}`, [], spec.inline.range)] : [],
      inlineVia: spec.inlineVia,
      boundary: spec.boundary ? [referenceOf(spec.boundary)] : [],
      tags: spec.tags ?? [],
    };
    this.facts.roles.push(role);
    return role;
  }

  /**
   * The tags of the CloudFormation stack eksctl creates a role in, which CloudFormation propagates to
   * the role: `metadata.tags`, and the node group's `tags`, which win (eksctl v0.230
   * `pkg/cfn/manager/api.go` `NewStackCollection`, `nodegroup.go` `CreateStack(..., ng.Tags, ...)`).
   */
  private stackTags(group?: PMap): Tag[] {
    const own = tagMap(get(group, "tags"));
    const ownKeys = new Set(own.map((t) => t.key.text));
    return [...own, ...tagMap(get(get(this.root, "metadata"), "tags")).filter((t) => !ownKeys.has(t.key.text))];
  }

  /** `karpenter:` makes eksctl create the Karpenter node role and its instance profile (`karpenter.go`). */
  private karpenter(): void {
    const entry = this.root.entries.find((e) => e.key === "karpenter");
    if (entry?.value.kind !== "map") return;
    const at = entry.keyRange;
    const cluster = this.cluster?.text ?? "${cluster}";
    const known = this.cluster !== undefined;
    const unknownName = known ? {} : { reason: "the ClusterConfig has no metadata.name" };
    const defaults = { ...at, origin: { range: at, note: DEFAULT_NOTE } };
    const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", PULL_ONLY, "AmazonSSMManagedInstanceCore"].map((p) => managedAttachment(p, defaults, "eksctl defaults"));
    const roleName = `eksctl-KarpenterNodeRole-${cluster}`;
    const role = this.role(roleName, at, {
      name: { text: roleName, known, range: at, when: [], ...unknownName },
      boundary: textOf(get(this.iam, "serviceRolePermissionsBoundary")),
      tags: this.stackTags(),
      trust: [serviceTrust("ec2.amazonaws.com", ["sts:AssumeRole"], at)],
      attachments,
      inline: undefined,
      inlineVia: "iam.attachPolicy",
    });
    const roleRef: Reference = { kind: "logical", target: { key: role.key }, range: at, when: [] };
    const profileName = textOf(get(entry.value, "defaultInstanceProfile")) ?? { text: `eksctl-KarpenterNodeInstanceProfile-${cluster}`, known, range: at, when: [], ...unknownName };
    this.facts.instanceProfiles.push({ ...this.base("karpenter node instance profile", at), kind: "instance-profile", name: profileName, roles: [roleRef] });
    this.facts.nodeGroups.push({
      ...this.base("karpenter", at),
      kind: "node-group",
      nodeKind: "karpenter",
      resourceType: "eksctl karpenter",
      role: [roleRef],
      launchTemplate: [],
      instanceProfile: [],
      evidence: "it is the Karpenter node role eksctl creates",
      amiType: undefined,
    });
  }

  /** An IRSA role eksctl creates for `iam.serviceAccounts[]` (or attaches with `attachRoleARN`), and the service account. */
  private serviceAccount(item: PNode, index: number): void {
    const metadata = get(item, "metadata");
    const nameNode = get(metadata, "name");
    const name = textOf(nameNode);
    const namespace = textOf(get(metadata, "namespace"));
    const ns = namespace?.text ?? "default";
    const address = `iam.serviceAccounts[${ns}/${name?.text ?? index}]`;
    const at = nameNode?.range ?? item.range;
    const attachRole = textOf(get(item, "attachRoleARN"));
    let role: Reference;
    if (attachRole) role = referenceOf(attachRole);
    else {
      const pattern = textOf(get(item, "subjectPattern"));
      const text = (value: string, range = at, known = true): Text => ({ text: value, known, range, when: [] });
      const sub = pattern
        ? { operator: "StringLike", value: text(`system:serviceaccount:${ns}:${pattern.text}`, pattern.range) }
        : { operator: "StringEquals", value: text(`system:serviceaccount:${ns}:${name?.text ?? "${?}"}`, at, name !== undefined) };
      const conditions: ConditionClause[] = [
        { operator: sub.operator, key: "${issuer}:sub", values: [sub.value], range: sub.value.range },
        { operator: "StringEquals", key: "${issuer}:aud", values: [text("sts.amazonaws.com")], range: at },
      ];
      const provider: Text = {
        text: "arn:${partition}:iam::${account}:oidc-provider/${issuer}",
        known: false,
        range: at,
        when: [],
        reason: "the OIDC provider of the cluster is only known once eksctl creates it",
      };
      const statement: Statement = {
        index: 0,
        effect: "Allow",
        actions: [text("sts:AssumeRoleWithWebIdentity")],
        principals: [{ type: "Federated", value: provider }],
        conditions,
        range: at,
        when: [],
      };
      const created = this.role(`${address} role`, at, {
        name: textOf(get(item, "roleName")),
        boundary: textOf(get(item, "permissionsBoundary")),
        trust: [statement],
        attachments: [...textItems(get(item, "attachPolicyARNs")).map((t) => attachment(t, "attachPolicyARNs")), ...wellKnown(get(item, "wellKnownPolicies"))],
        inline: get(item, "attachPolicy"),
        inlineVia: "attachPolicy",
      });
      role = { kind: "logical", target: { key: created.key }, range: at, when: [] };
    }
    if (flag(get(item, "roleOnly")) === true) return;
    this.facts.serviceAccounts.push({
      ...this.base(address, at),
      kind: "service-account",
      namespace: namespace ?? { text: "default", known: true, range: at, when: [] },
      name,
      role,
      cluster: this.cluster,
    });
  }

  /** A Pod Identity association, with the role eksctl creates for it unless `roleARN` is given. */
  private podIdentity(item: PNode, list: string, index: number): void {
    if (item.kind !== "map") return;
    const namespace = textOf(get(item, "namespace"));
    const saNode = get(item, "serviceAccountName");
    const serviceAccount = textOf(saNode);
    const address = `${list}[${namespace && serviceAccount ? `${namespace.text}/${serviceAccount.text}` : index}]`;
    const at = saNode?.range ?? item.range;
    const roleArn = textOf(get(item, "roleARN"));
    let role: Reference;
    if (roleArn) role = referenceOf(roleArn);
    else {
      const created = this.role(`${address} role`, at, {
        name: textOf(get(item, "roleName")),
        boundary: textOf(get(item, "permissionsBoundaryARN")),
        trust: [serviceTrust("pods.eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"], at)],
        attachments: [...textItems(get(item, "permissionPolicyARNs")).map((t) => attachment(t, "permissionPolicyARNs")), ...wellKnown(get(item, "wellKnownPolicies"))],
        inline: get(item, "permissionPolicy"),
        inlineVia: "permissionPolicy",
      });
      role = { kind: "logical", target: { key: created.key }, range: at, when: [] };
    }
    this.facts.podIdentityAssociations.push({ ...this.base(address, at), kind: "pod-identity-association", namespace, serviceAccount, role: [role], cluster: this.cluster });
  }
}

/** `wellKnownPolicies` that are AWS managed policies (`createWellKnownPolicies`); the others are inline and grant no ECR. */
function wellKnown(node: PNode | undefined): Attachment[] {
  const out: Attachment[] = [];
  const imageBuilder = trueNode(get(node, "imageBuilder"));
  if (imageBuilder) out.push(managedAttachment(POWER_USER, imageBuilder.range, "wellKnownPolicies.imageBuilder"));
  const ebs = trueNode(get(node, "ebsCSIController"));
  if (ebs) out.push(managedAttachment(EBS_CSI, ebs.range, "wellKnownPolicies.ebsCSIController"));
  return out;
}

function serviceTrust(service: string, actions: string[], at: Range): Statement {
  const text = (value: string): Text => ({ text: value, known: true, range: at, when: [] });
  const principal: Principal = { type: "Service", value: text(service) };
  return { index: 0, effect: "Allow", actions: actions.map(text), principals: [principal], conditions: [], range: at, when: [] };
}

function managedAttachment(name: string, range: Range, via: string): Attachment {
  const text: Text = { text: `arn:\${partition}:iam::aws:policy/${name}`, known: true, range, when: [] };
  return { policy: { kind: "arn", value: text }, range, when: [], via };
}

function attachment(text: Text, via: string): Attachment {
  return { policy: referenceOf(text), range: text.range, when: [], via };
}

/** The name eksctl compares when it drops duplicate policies: the ARN's resource after its first `/`. */
function arnResourceName(arn: string): string {
  const resource = arn.split(":").slice(5).join(":");
  return resource.slice(resource.indexOf("/") + 1);
}

/** `disableIMDSv1` or `disablePodIMDS`, whichever the group writes first. */
function imdsEntry(item: PMap): PEntry | undefined {
  return item.entries.find((e) => e.key === "disableIMDSv1" || e.key === "disablePodIMDS");
}

/** A managed group's own `launchTemplate` (eksctl then generates none). */
function ownLaunchTemplate(group: Group): PNode | undefined {
  const lt = get(group.item, "launchTemplate");
  return group.kind === "managed" && lt?.kind === "map" ? lt : undefined;
}

function nameRange(item: PMap): Range {
  return get(item, "name")?.range ?? item.range;
}

function items(node: PNode | undefined): PNode[] {
  return node?.kind === "seq" ? node.items : [];
}

function textOf(node: PNode | undefined): Text | undefined {
  if (node?.kind !== "scalar") return undefined;
  const text = scalarText(node);
  return text === undefined || text === "" ? undefined : { text, known: true, range: node.range, when: [] };
}

/** A `key: value` map of tags, each placed at its key. */
function tagMap(node: PNode | undefined): Tag[] {
  if (node?.kind !== "map") return [];
  return node.entries.flatMap((e) => {
    const value = textOf(e.value) ?? { text: "", known: true, range: e.value.range, when: [] };
    return [{ key: { text: e.key, known: true, range: e.keyRange, when: [] }, value }];
  });
}

function textItems(node: PNode | undefined): Text[] {
  return items(node).flatMap((item) => textOf(item) ?? []);
}

/** A YAML boolean; undefined when the value is something else. */
function flag(node: PNode | undefined): boolean | undefined {
  if (node?.kind !== "scalar") return undefined;
  if (typeof node.value === "boolean") return node.value;
  const text = scalarText(node)?.toLowerCase();
  return text === "true" ? true : text === "false" ? false : undefined;
}

function trueNode(node: PNode | undefined): PNode | undefined {
  return flag(node) === true ? node : undefined;
}
