import { referenceOf, type Attachment, type Facts, type MetadataOptions, type Reference, type Setting, type Tag, type Text, type When } from "../../model/facts.js";
import type { Range } from "../../model/source.js";
import { providerDefaultTags, providerOf } from "./default-tags.js";
import type { Instance, ModuleInstance } from "./module.js";
import { AWS_AUTH_EVIDENCE, isNodeEntry, mapRolesEntries } from "../aws-auth.js";
import { branches, reasonOf, type TfValue } from "./value.js";
import { Locator } from "./values.js";

/** Text in user data or an image id that shows an instance boots as an EKS node. */
const EKS_BOOT_EVIDENCE: [RegExp, string][] = [
  [/\/etc\/eks\/bootstrap\.sh/, "its user data runs /etc/eks/bootstrap.sh"],
  [/\bnodeadm\b|node\.eks\.aws\//, "its user data configures nodeadm (node.eks.aws)"],
  [/\/aws\/service\/eks\/optimized-ami\/|amazon-eks-node-/, "it boots an EKS-optimized AMI"],
  [/\/aws\/service\/bottlerocket\/aws-k8s-/, "it boots a Bottlerocket AMI for Kubernetes"],
];

const EKS_TAG = /^(kubernetes\.io\/cluster\/|k8s\.io\/cluster-autoscaler\/|eks:cluster-name$|eks:nodegroup-name$)/;

/** A resource's attributes and nested blocks, evaluated (HCL) or read (plan JSON). */
export interface Body {
  /** Where the resource or block is declared. */
  range: Range;
  has(name: string): boolean;
  attr(name: string): TfValue | undefined;
  /** Where the attribute's value is written: the use site for values that come from a default. */
  attrRange(name: string): Range | undefined;
  blocks(type: string): Body[];
}

export interface ResourceContext {
  locate: Locator;
  key: string;
  address: string;
  /** The resource's header, moved to the root module's module call when it is inside a child module. */
  range: Range;
  when: When[];
  /** For AWS resources read from configuration: the tags their provider's `default_tags` adds. */
  defaultTags?: Tag[];
}

interface Context extends ResourceContext {
  view: Body;
  facts: Facts;
}

type Handler = (c: Context) => void;

function base(c: Context) {
  return { key: c.key, address: c.address, format: "terraform" as const, range: c.range, when: c.when };
}

function texts(c: Context, name: string): Text[] {
  return c.locate.texts(c.view.attr(name), c.view.attrRange(name), c.when);
}

function first(c: Context, name: string): Text | undefined {
  return texts(c, name)[0];
}

function refs(c: Context, name: string): Reference[] {
  return c.locate.references(c.view.attr(name), c.view.attrRange(name), c.when);
}

function refItems(c: Context, name: string): Reference[] {
  return c.locate.referenceItems(c.view.attr(name), c.view.attrRange(name), c.when);
}

function policy(c: Context, name: string, origin: string) {
  return c.locate.policy(c.view.attr(name), origin, c.view.attrRange(name), c.when);
}

function nameOf(c: Context): Text | undefined {
  return first(c, "name");
}

function tagsOf(c: Context, view: Body = c.view): Tag[] {
  // A plan's tags_all holds the provider's default_tags as well; configuration never writes it.
  const all = view.attr("tags_all");
  const which = all && all.k !== "null" ? "tags_all" : "tags";
  const out = c.locate.tags(view.attr(which), view.attrRange(which), c.when);
  for (const t of view.blocks("tag")) {
    const [key] = c.locate.texts(t.attr("key"), t.attrRange("key"), c.when);
    const [value] = c.locate.texts(t.attr("value"), t.attrRange("value"), c.when);
    if (key && value) out.push({ key, value });
  }
  return out;
}

const HANDLERS: Record<string, Handler> = {
  aws_iam_role: (c) => {
    const attachments: Attachment[] = refItems(c, "managed_policy_arns").map((policy) => ({
      policy,
      range: policy.kind === "arn" || policy.kind === "name" ? policy.value.range : policy.range,
      when: policy.kind === "arn" || policy.kind === "name" ? policy.value.when : policy.when,
      via: "managed_policy_arns",
    }));
    const inlinePolicies = c.view.blocks("inline_policy").map((b) => {
      const [policyName] = c.locate.texts(b.attr("name"), b.attrRange("name"), c.when);
      const origin = `inline policy ${policyName?.text ?? "(unnamed)"} of role ${c.address}`;
      return c.locate.policy(b.attr("policy"), origin, b.attrRange("policy"), c.when);
    });
    c.facts.roles.push({
      ...base(c),
      kind: "role",
      name: nameOf(c),
      namePrefix: first(c, "name_prefix"),
      trust: c.view.has("assume_role_policy") ? policy(c, "assume_role_policy", `trust policy of role ${c.address}`) : undefined,
      attachments,
      inlinePolicies,
      inlineVia: "inline_policy",
      boundary: refs(c, "permissions_boundary"),
      tags: [...(c.defaultTags ?? []), ...tagsOf(c)],
    });
  },

  aws_iam_policy: (c) => {
    c.facts.policies.push({
      ...base(c),
      kind: "policy",
      managed: true,
      name: nameOf(c),
      document: policy(c, "policy", `policy ${c.address}`),
      roles: [],
      rolesVia: "",
    });
  },

  aws_iam_role_policy: (c) => {
    c.facts.policies.push({
      ...base(c),
      kind: "policy",
      managed: false,
      name: nameOf(c),
      document: policy(c, "policy", `policy ${c.address}`),
      roles: refs(c, "role"),
      rolesVia: "role",
    });
  },

  aws_iam_role_policy_attachment: (c) => attach(c, refs(c, "role"), refs(c, "policy_arn")),
  aws_iam_policy_attachment: (c) => attach(c, refItems(c, "roles"), refs(c, "policy_arn")),
  aws_iam_role_policy_attachments_exclusive: (c) => attach(c, refs(c, "role_name"), refItems(c, "policy_arns")),

  aws_iam_instance_profile: (c) => {
    c.facts.instanceProfiles.push({ ...base(c), kind: "instance-profile", name: nameOf(c), roles: refs(c, "role") });
  },

  aws_launch_template: (c) => {
    const profile = c.view.blocks("iam_instance_profile").flatMap((b) => {
      const which = b.has("arn") ? "arn" : "name";
      return c.locate.references(b.attr(which), b.attrRange(which), c.when);
    });
    const evidence = [
      ...bootEvidence(c, "user_data"),
      ...bootEvidence(c, "image_id"),
      ...c.view.blocks("tag_specifications").flatMap((t) => tagsOf(c, t).filter((tag) => EKS_TAG.test(tag.key.text)).map((tag) => `it tags instances ${tag.key.text}`)),
    ];
    c.facts.launchTemplates.push({
      ...base(c),
      kind: "launch-template",
      resourceType: "aws_launch_template",
      name: nameOf(c),
      instanceProfile: profile,
      metadata: metadata(c, c.view.blocks("metadata_options")),
      eksEvidence: evidence,
    });
  },

  aws_launch_configuration: (c) => {
    c.facts.launchTemplates.push({
      ...base(c),
      kind: "launch-template",
      resourceType: "aws_launch_configuration",
      name: nameOf(c),
      instanceProfile: refs(c, "iam_instance_profile"),
      metadata: metadata(c, c.view.blocks("metadata_options")),
      eksEvidence: [...bootEvidence(c, "user_data"), ...bootEvidence(c, "image_id")],
    });
  },

  aws_autoscaling_group: (c) => {
    const specs = [
      ...c.view.blocks("launch_template"),
      ...c.view.blocks("mixed_instances_policy").flatMap((m) => m.blocks("launch_template")).flatMap((l) => l.blocks("launch_template_specification")),
    ];
    const launchTemplate = specs.flatMap((s) => {
      const which = s.has("id") ? "id" : s.has("launch_template_id") ? "launch_template_id" : s.has("name") ? "name" : "launch_template_name";
      return c.locate.references(s.attr(which), s.attrRange(which), c.when);
    });
    if (launchTemplate.length === 0) launchTemplate.push(...refs(c, "launch_configuration"));
    const eksTag = tagsOf(c).find((t) => EKS_TAG.test(t.key.text));
    c.facts.nodeGroups.push({
      ...base(c),
      kind: "node-group",
      nodeKind: "self-managed",
      resourceType: "aws_autoscaling_group",
      role: [],
      launchTemplate,
      instanceProfile: [],
      evidence: eksTag ? `it is tagged ${eksTag.key.text}` : "",
      amiType: undefined,
    });
  },

  aws_eks_node_group: (c) => {
    const launchTemplate = c.view.blocks("launch_template").flatMap((l) => {
      const which = l.has("id") ? "id" : "name";
      return c.locate.references(l.attr(which), l.attrRange(which), c.when);
    });
    c.facts.nodeGroups.push({
      ...base(c),
      kind: "node-group",
      nodeKind: "managed",
      resourceType: "aws_eks_node_group",
      role: refs(c, "node_role_arn"),
      launchTemplate,
      instanceProfile: [],
      evidence: "it is an EKS managed node group",
      amiType: first(c, "ami_type"),
    });
  },

  aws_eks_cluster: (c) => {
    const role = refs(c, "role_arn");
    if (role.length > 0) c.facts.roleUses.push({ ...base(c), kind: "role-use", use: "cluster", role });
    // EKS Auto Mode runs nodes with the role named in compute_config.
    for (const compute of c.view.blocks("compute_config")) {
      const nodeRole = c.locate.references(compute.attr("node_role_arn"), compute.attrRange("node_role_arn"), c.when);
      if (nodeRole.length === 0) continue;
      c.facts.nodeGroups.push({
        ...base(c),
        key: `${c.key}#auto-mode`,
        kind: "node-group",
        nodeKind: "auto",
        resourceType: "aws_eks_cluster",
        role: nodeRole,
        launchTemplate: [],
        instanceProfile: [],
        evidence: "it runs EKS Auto Mode nodes",
        amiType: undefined,
      });
    }
  },

  aws_eks_fargate_profile: (c) => {
    const role = refs(c, "pod_execution_role_arn");
    if (role.length > 0) c.facts.roleUses.push({ ...base(c), kind: "role-use", use: "fargate", role });
  },

  aws_eks_pod_identity_association: (c) => {
    c.facts.podIdentityAssociations.push({
      ...base(c),
      kind: "pod-identity-association",
      namespace: first(c, "namespace"),
      serviceAccount: first(c, "service_account"),
      role: refs(c, "role_arn"),
      cluster: first(c, "cluster_name"),
    });
  },

  aws_eks_access_entry: (c) => {
    // An entry of type EC2_LINUX or EC2_WINDOWS lets instances with the role join as nodes.
    for (const type of texts(c, "type")) {
      if (type.text !== "EC2_LINUX" && type.text !== "EC2_WINDOWS") continue;
      c.facts.nodeGroups.push({
        ...base(c),
        key: `${c.key}#${type.text}`,
        when: type.when,
        kind: "node-group",
        nodeKind: "access-entry",
        resourceType: "aws_eks_access_entry",
        role: refs(c, "principal_arn"),
        launchTemplate: [],
        instanceProfile: [],
        evidence: `it has an EKS access entry of type ${type.text}`,
        amiType: undefined,
      });
    }
  },

  kubernetes_config_map: (c) => awsAuth(c),
  kubernetes_config_map_v1: (c) => awsAuth(c),
  kubernetes_config_map_v1_data: (c) => awsAuth(c),

  // Evaluated for what their templatefile() calls fill into scanned manifests (the evaluator collects it).
  kubectl_manifest: (c) => void c.view.attr("yaml_body"),
  kubernetes_manifest: (c) => void c.view.attr("manifest"),

  kubernetes_service_account: (c) => serviceAccount(c),
  kubernetes_service_account_v1: (c) => serviceAccount(c),

  aws_ecr_repository: (c) => {
    const encryption = c.view.blocks("encryption_configuration")[0];
    c.facts.ecrRepositories.push({
      ...base(c),
      kind: "ecr-repository",
      resourceType: "aws_ecr_repository",
      name: nameOf(c),
      policy: undefined,
      encryptionType: encryption ? c.locate.texts(encryption.attr("encryption_type"), encryption.attrRange("encryption_type"), c.when) : [],
      tagMutability: texts(c, "image_tag_mutability"),
    });
  },

  aws_ecr_repository_policy: (c) => {
    // Kept as a repository fact of its own: the rule reads its policy; the repository is named for messages.
    const [repository] = texts(c, "repository");
    c.facts.ecrRepositories.push({
      ...base(c),
      kind: "ecr-repository",
      resourceType: "aws_ecr_repository_policy",
      name: repository,
      policy: policy(c, "policy", `repository policy ${c.address}`),
      encryptionType: [],
      tagMutability: [],
    });
  },
};

function attach(c: Context, roles: Reference[], policies: Reference[]): void {
  for (const policyRef of policies) {
    const range = policyRef.kind === "arn" || policyRef.kind === "name" ? policyRef.value.range : policyRef.range;
    const when = policyRef.kind === "arn" || policyRef.kind === "name" ? policyRef.value.when : policyRef.when;
    c.facts.attachments.push({ ...base(c), key: `${c.key}#${c.facts.attachments.length}`, kind: "attachment", roles, policy: policyRef, attachedAt: range, when, via: c.address });
  }
}

/**
 * The aws-auth ConfigMap written with the Kubernetes provider: each `mapRoles` entry in system:nodes
 * makes its role a node role. `mapRoles` is YAML text (a heredoc, or yamlencode of a list).
 */
function awsAuth(c: Context): void {
  for (const meta of c.view.blocks("metadata")) {
    const [name] = c.locate.texts(meta.attr("name"), meta.attrRange("name"), c.when);
    const [namespace] = c.locate.texts(meta.attr("namespace"), meta.attrRange("namespace"), c.when);
    if (name?.text !== "aws-auth" || (namespace && namespace.known && namespace.text !== "kube-system")) continue;
    for (const { value: data, when } of branches(c.view.attr("data") ?? { k: "null", range: undefined }, c.when)) {
      const mapRoles = data.k === "object" ? data.attrs.get("mapRoles") : undefined;
      if (!mapRoles) continue;
      const useSite = (data.k === "object" ? data.keyRanges?.get("mapRoles") : undefined) ?? c.view.attrRange("data");
      for (const entry of awsAuthEntries(c, mapRoles, useSite, when)) {
        c.facts.nodeGroups.push({
          ...base(c),
          key: `${c.key}#mapRoles/${entry.index}`,
          address: `${c.address} mapRoles[${entry.index}]`,
          range: entry.role.value.range,
          when: entry.role.value.when,
          kind: "node-group",
          nodeKind: "aws-auth",
          resourceType: "aws-auth",
          role: [entry.role.reference],
          launchTemplate: [],
          instanceProfile: [],
          evidence: AWS_AUTH_EVIDENCE,
          amiType: undefined,
        });
      }
    }
  }
}

/** The system:nodes entries of a mapRoles value: a list (yamlencode of one) or YAML text. */
function awsAuthEntries(c: Context, mapRoles: TfValue, useSite: Range | undefined, when: When[]): { index: number; role: { value: Text; reference: Reference } }[] {
  const out: { index: number; role: { value: Text; reference: Reference } }[] = [];
  for (const { value: written, when: w } of branches(mapRoles, when)) {
    // yamlencode() of a list: the list is read, whatever of it is only known after apply.
    const value = written.k === "unknown" && written.encodes ? written.encodes : written;
    if (value.k === "tuple") {
      value.items.forEach((item, index) => {
        if (item.k !== "object") return;
        const groups = c.locate.textItems(item.attrs.get("groups"), useSite, w).map((g) => g.text);
        if (!isNodeEntry(groups)) return;
        const [arn] = c.locate.texts(item.attrs.get("rolearn"), useSite, w);
        if (arn) out.push({ index, role: { value: arn, reference: referenceOf(arn) } });
      });
      continue;
    }
    if (value.k !== "string") {
      const range = c.locate.at(value, useSite) ?? c.range;
      c.facts.gaps.push({ subject: `aws-auth ${c.address}`, reason: `its mapRoles is not known (${reasonOf(value)}), so the roles it maps to system:nodes were not read`, range, when: w });
      continue;
    }
    const entries = mapRolesEntries(value.text);
    if (!entries) {
      c.facts.gaps.push({ subject: `aws-auth ${c.address}`, reason: "its mapRoles is not a YAML list, so the roles it maps to system:nodes were not read", range: c.locate.at(value, useSite) ?? c.range, when: w });
      continue;
    }
    entries.forEach((entry, index) => {
      if (!isNodeEntry(entry.groups)) return;
      const range = c.locate.partOf(value, entry.start, entry.end, useSite) ?? c.range;
      // An interpolation that is not known stays a `${...}` placeholder in the text: the ARN is then only known at apply.
      const known = !entry.roleArn.includes("${");
      const arn: Text = { text: entry.roleArn, known, range, when: w, ...(known ? {} : { reason: value.reason ?? "only known after apply" }) };
      // A text with one placeholder keeps what that placeholder refers to (`${aws_iam_role.node.arn}`).
      const ref = !known && value.text.split("${").length === 2 ? value.ref : undefined;
      out.push({ index, role: { value: arn, reference: ref ? { kind: "logical", target: ref, range, when: w } : referenceOf(arn) } });
    });
  }
  return out;
}

function serviceAccount(c: Context): void {
  for (const meta of c.view.blocks("metadata")) {
    const annotations = meta.attr("annotations");
    let role: Reference | undefined;
    for (const { value, when } of annotations ? branches(annotations, c.when) : []) {
      const arn = value.k === "object" ? value.attrs.get("eks.amazonaws.com/role-arn") : undefined;
      const text = arn ? c.locate.texts(arn, meta.attrRange("annotations"), when)[0] : undefined;
      if (text) role = referenceOf(text);
    }
    c.facts.serviceAccounts.push({
      ...base(c),
      kind: "service-account",
      namespace: c.locate.texts(meta.attr("namespace"), meta.attrRange("namespace"), c.when)[0],
      name: c.locate.texts(meta.attr("name"), meta.attrRange("name"), c.when)[0],
      role,
    });
  }
}

function bootEvidence(c: Context, name: string): string[] {
  const found = new Set<string>();
  for (const t of texts(c, name)) {
    // user_data is usually base64encode(...) of the script: read what it encodes.
    const decoded = t.known && /^[A-Za-z0-9+/]{16,}={0,2}$/.test(t.text.replace(/\s+/g, "")) ? Buffer.from(t.text, "base64").toString("utf8") : "";
    const haystack = `${t.text} ${decoded} ${t.reason ?? ""}`;
    for (const [re, why] of EKS_BOOT_EVIDENCE) if (re.test(haystack)) found.add(why);
  }
  return [...found];
}

function metadata(c: Context, blocks: Body[]): MetadataOptions {
  const out: MetadataOptions = { range: undefined, httpTokens: [], hopLimit: [], httpEndpoint: [] };
  for (const b of blocks) {
    out.range ??= c.locate.outOfModule(b.range);
    out.httpTokens.push(...settings(c, b, "http_tokens", (t) => t));
    out.hopLimit.push(...settings(c, b, "http_put_response_hop_limit", (t) => (Number.isFinite(Number(t)) ? Number(t) : undefined)));
    out.httpEndpoint.push(...settings(c, b, "http_endpoint", (t) => t));
  }
  return out;
}

function settings<T>(c: Context, view: Body, name: string, parse: (text: string) => T | undefined): Setting<T>[] {
  const value = view.attr(name);
  // An attribute set to null is the provider's default, as if it were not written.
  if (!value || value.k === "null") return [];
  return c.locate.texts(value, view.attrRange(name), c.when).map((t) => {
    const setting: Setting<T> = { value: t.known ? parse(t.text) : undefined, range: t.range, when: t.when };
    if (!t.known) setting.reason = t.reason ?? "not known";
    return setting;
  });
}

/** The resource types pullguard reads, managed and data. */
export const EXTRACTED_TYPES = new Set(Object.keys(HANDLERS));

/** Extracts the facts of one resource instance of a module instance. */
export function extractResource(module: ModuleInstance, instance: Instance, facts: Facts): void {
  if (instance.config.mode !== "managed" || !HANDLERS[instance.config.type]) return;
  const locate = new Locator(module.calls);
  const view = module.body(instance);
  const context: ResourceContext = {
    locate,
    key: module.factKey(instance.config, instance.keyText),
    address: module.address(instance.config, instance.keyText),
    range: locate.outOfModule(view.range),
    when: instance.when,
  };
  // Only roles' tags are read by rules: the provider's default tags are looked up for them alone.
  if (instance.config.type === "aws_iam_role") context.defaultTags = providerDefaultTags(module, providerOf(instance.config.block, instance.config.source), locate, instance.when);
  extractBody(instance.config.type, view, context, facts);
}

/** Extracts the facts of a resource of the given type from its body. */
export function extractBody(type: string, view: Body, context: ResourceContext, facts: Facts): void {
  HANDLERS[type]?.({ ...context, view, facts });
}
