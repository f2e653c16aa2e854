import {
  referenceOf,
  type Attachment,
  type ConditionClause,
  type Facts,
  type LaunchTemplateFact,
  type NodeGroupFact,
  type Reference,
  type RoleFact,
  type Setting,
  type Statement,
  type Tag,
  type Text,
  type When,
} from "../../model/facts.js";
import type { Range } from "../../model/source.js";
import { attribute } from "./config.js";
import { providerDefaultTags } from "./default-tags.js";
import type { ChildResult, ModuleInstance } from "./module.js";
import { asText, branches, type TfValue } from "./value.js";
import { Locator } from "./values.js";

/**
 * What `terraform-aws-modules/eks/aws` creates for node groups when it is not downloaded, by major
 * version (read from the module's sources; research/ecosystem.md E.1): every node role gets
 * AmazonEKSWorkerNodePolicy, AmazonEC2ContainerRegistryReadOnly and the CNI policy, plus what the
 * caller adds; launch templates default to a hop limit of 2 in v18-v20 and 1 from v21; before v18,
 * worker groups with launch templates leave IMDSv1 on.
 */
const KNOWN_MAJORS = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const LATEST_MAJOR = 21;
const DEFAULT_NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy"];

type External = Extract<ChildResult, { kind: "external" }>;

const EKS_SOURCE = /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/eks\/aws(?:\/\/modules\/([\w-]+))?$|^git::https:\/\/github\.com\/terraform-aws-modules\/terraform-aws-eks(?:\.git)?(?:\/\/modules\/([\w-]+))?(?:\?ref=v?([\d.]+))?$/;

const IAM_SOURCE = /^(?:registry\.terraform\.io\/)?terraform-aws-modules\/iam\/aws\/\/modules\/([\w-]+)$|^git::https:\/\/github\.com\/terraform-aws-modules\/terraform-aws-iam(?:\.git)?\/\/modules\/([\w-]+)(?:\?ref=.*)?$/;

/** Adds the facts of a registry module pullguard knows without its sources; false when it does not know it. */
export function knownModule(parent: ModuleInstance, child: External, facts: Facts): boolean {
  const iam = IAM_SOURCE.exec(child.source ?? "");
  if (iam) return irsaModule(parent, child, facts, iam[1] ?? iam[2] ?? "");
  const m = EKS_SOURCE.exec(child.source ?? "");
  if (!m) return false;
  const submodule = m[1] ?? m[2];
  const version = child.version ?? m[3];
  const majors = admittedMajors(version);
  const known = new KnownEks(parent, child, facts, majors);
  if (!submodule) known.root();
  else if (submodule === "karpenter") known.karpenter();
  else if (submodule === "eks-managed-node-group") known.group(child.inputs, "managed", undefined, child.inputs);
  else if (submodule === "self-managed-node-group") known.group(child.inputs, "self-managed", undefined, child.inputs);
  return true;
}

/** The major versions of the EKS module a version constraint admits (`>= 14.0, < 18.0`, `~> 19.12`, `20.20.0`). */
export function admittedMajors(constraint: string | undefined): number[] {
  if (!constraint) return [LATEST_MAJOR];
  const parse = (v: string) => v.split(".").map((n) => Number(n));
  const lower: number[][] = [];
  const upper: { bound: number[]; inclusive: boolean }[] = [];
  for (const clause of constraint.split(",").map((c) => c.trim()).filter(Boolean)) {
    const cm = /^(>=|<=|>|<|~>|=|!=)?\s*v?([\d.]+)/.exec(clause);
    if (!cm) continue;
    const op = cm[1] ?? "=";
    const v = parse(cm[2] ?? "0");
    if (op === ">=" || op === ">") lower.push(v);
    else if (op === "<" || op === "<=") upper.push({ bound: v, inclusive: op === "<=" });
    else if (op === "=") {
      lower.push(v);
      upper.push({ bound: v, inclusive: true });
    } else if (op === "~>") {
      lower.push(v);
      // Only the rightmost given component may grow: ~> 19.12 is < 20, ~> 1.2.3 is < 1.3.
      if (v.length > 1) upper.push({ bound: [...v.slice(0, -2), (v[v.length - 2] ?? 0) + 1], inclusive: false });
    }
  }
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  };
  return KNOWN_MAJORS.filter((major) => {
    const lo = [major, 0, 0];
    const hi = [major, 999, 999];
    return lower.every((l) => compare(hi, l) >= 0) && upper.every((u) => (u.inclusive ? compare(lo, u.bound) <= 0 : compare(lo, u.bound) < 0));
  });
}

class KnownEks {
  private readonly locate: Locator;
  private readonly site: Range;
  private readonly versionRange: Range;

  constructor(
    private readonly parent: ModuleInstance,
    private readonly child: External,
    private readonly facts: Facts,
    private readonly majors: number[],
  ) {
    this.locate = new Locator(parent.calls);
    this.site = this.locate.outOfModule(child.site.range);
    const version = attribute(child.call.block.body, "version");
    this.versionRange = version ? this.locate.outOfModule(parent.evaluator.range(child.env, version.expr)) : this.site;
  }

  private get label(): string {
    const v = this.child.version ? ` ${this.child.version}` : " (no version pinned: the latest, v21)";
    return `terraform-aws-modules/eks/aws${v}`;
  }

  private key(suffix: string): string {
    return `tf:${this.parent.rootDir}::${this.child.address}/${suffix}`;
  }

  root(): void {
    const inputs = this.child.inputs;
    if (this.majors.some((m) => m < 18)) this.workers(inputs);
    if (this.majors.some((m) => m >= 18)) {
      for (const [input, kind] of [["eks_managed_node_groups", "managed"], ["self_managed_node_groups", "self-managed"]] as const) {
        const groups = inputs.get(input);
        const defaults = inputs.get(`${input.replace(/s$/, "")}_defaults`);
        for (const { value, when } of groups ? branches(groups, this.child.when) : []) {
          if (value.k !== "object") continue;
          for (const [name, group] of value.attrs) {
            const range = value.keyRanges?.get(name) ?? value.range ?? this.site;
            const none = new Map<string, TfValue>();
            this.group(group.k === "object" ? group.attrs : none, kind, { name: `${input}["${name}"]`, range: this.locate.outOfModule(range), when }, defaults?.k === "object" ? defaults.attrs : none);
          }
        }
      }
    }
  }

  /** Before v18: one worker role for worker groups and node groups, with `workers_additional_policies`. */
  private workers(inputs: Map<string, TfValue>): void {
    const manage = inputs.get("manage_worker_iam_resources");
    if (manage?.k === "bool" && !manage.value) return;
    const lists = ["worker_groups", "worker_groups_launch_template", "node_groups"].filter((name) => {
      const v = inputs.get(name);
      return v && !(v.k === "tuple" && v.items.length === 0) && !(v.k === "object" && v.attrs.size === 0);
    });
    if (lists.length === 0) return;
    const roleKey = this.key("workers-role");
    const attachments = [
      ...DEFAULT_NODE_POLICIES.map((p) => this.defaultAttachment(p, this.site)),
      ...this.locate.textItems(inputs.get("workers_additional_policies"), this.site, this.child.when).map((t) => this.attachment(t, "workers_additional_policies")),
    ];
    this.role(roleKey, `${this.child.address} worker role`, attachments, this.governance(inputs.get("permissions_boundary"), [inputs.get("tags")], this.site, this.child.when));
    for (const list of lists) {
      const group = this.nodeGroup(`${this.child.address}.${list}`, list === "node_groups" ? "managed" : "self-managed", roleKey, this.inputRange(list));
      if (list === "worker_groups_launch_template" && this.majors.some((m) => m >= 14 && m < 18)) {
        const lt = this.launchTemplate(`${this.child.address}.${list}`, this.inputRange(list), {
          httpTokens: [{ value: "optional", range: this.inputRange(list), when: this.child.when }],
          hopLimit: [],
        });
        group.launchTemplate = [{ kind: "logical", target: { key: lt.key }, range: lt.range, when: lt.when }];
      }
    }
  }

  /** A node group of v18+ (or the node group submodules): its role and its launch template's IMDS settings. */
  group(group: Map<string, TfValue>, kind: "managed" | "self-managed", entry: { name: string; range: Range; when: When[] } | undefined, defaults: Map<string, TfValue>): void {
    const get = (name: string) => group.get(name) ?? defaults.get(name);
    const range = entry?.range ?? this.site;
    const when = entry?.when ?? this.child.when;
    const address = entry ? `${this.child.address}.${entry.name}` : this.child.address;
    const createRole = get("create_iam_role");
    let role: Reference;
    if (createRole?.k === "bool" && !createRole.value) {
      const external = this.locate.references(get("iam_role_arn"), range, when)[0];
      if (!external) return;
      role = external;
    } else {
      const attachments = DEFAULT_NODE_POLICIES.filter((p) => p !== "AmazonEKS_CNI_Policy" || !isFalse(get("iam_role_attach_cni_policy"))).map((p) => this.defaultAttachment(p, range));
      attachments.push(...this.locate.textItems(asValues(get("iam_role_additional_policies")), range, when).map((t) => this.attachment(t, "iam_role_additional_policies")));
      const roleKey = this.key(`${entry?.name ?? "group"}/role`);
      // The role's tags: the module's tags, the group's, and its iam_role_tags (a submodule's own tags are its `tags` input).
      const tags = [...(entry ? [this.child.inputs.get("tags")] : []), get("tags"), get("iam_role_tags")];
      this.role(roleKey, `${address} node role`, attachments, this.governance(get("iam_role_permissions_boundary"), tags, range, when));
      role = { kind: "logical", target: { key: roleKey }, range, when };
    }
    const nodeGroup = this.nodeGroup(address, kind, undefined, range);
    nodeGroup.role = [role];
    const custom = get("use_custom_launch_template");
    if (kind === "managed" && isFalse(custom)) return;
    const lt = this.launchTemplate(address, range, this.metadata(get("metadata_options"), when));
    nodeGroup.launchTemplate = [{ kind: "logical", target: { key: lt.key }, range: lt.range, when }];
  }

  /** The Karpenter submodule's node role: PullOnly by default, plus `node_iam_role_additional_policies`. */
  karpenter(): void {
    const inputs = this.child.inputs;
    if (isFalse(inputs.get("create_node_iam_role"))) return;
    const roleKey = this.key("karpenter-node-role");
    const attachments = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy"].map((p) => this.defaultAttachment(p, this.site));
    attachments.push(...this.locate.textItems(asValues(inputs.get("node_iam_role_additional_policies")), this.site, this.child.when).map((t) => this.attachment(t, "node_iam_role_additional_policies")));
    // v19 named the node role's boundary iam_role_permissions_boundary; from v20 that input is gone and node_ is prefixed.
    const boundary = inputs.get("node_iam_role_permissions_boundary") ?? inputs.get("iam_role_permissions_boundary");
    this.role(roleKey, `${this.child.address} Karpenter node role`, attachments, this.governance(boundary, [inputs.get("tags"), inputs.get("node_iam_role_tags")], this.site, this.child.when));
    const group = this.nodeGroup(`${this.child.address} Karpenter nodes`, "karpenter", roleKey, this.site);
    group.evidence = "it is the node role of terraform-aws-modules/eks//modules/karpenter";
  }

  private metadata(options: TfValue | undefined, when: When[]): { httpTokens: Setting<string>[]; hopLimit: Setting<number>[] } {
    const given = options?.k === "object" ? options.attrs : new Map<string, TfValue>();
    const hop = given.get("http_put_response_hop_limit");
    const tokens = given.get("http_tokens");
    const out = { httpTokens: [] as Setting<string>[], hopLimit: [] as Setting<number>[] };
    if (hop && hop.k !== "null") {
      for (const t of this.locate.texts(hop, this.site, when)) out.hopLimit.push({ value: t.known ? Number(t.text) : undefined, range: t.range, when: t.when, ...(t.known ? {} : { reason: t.reason ?? "not known" }) });
    } else if (this.majors.some((m) => m >= 18 && m <= 20)) {
      const unsafe = this.majors.filter((m) => m >= 18 && m <= 20).map((m) => `v${m}`).join(", ");
      const note = `the default of ${this.label}: hop limit 2 in ${unsafe} (1 from v21)`;
      out.hopLimit.push({ value: 2, range: { ...this.versionRange, origin: { range: this.versionRange, note } }, when });
    }
    if (tokens && tokens.k !== "null") {
      for (const t of this.locate.texts(tokens, this.site, when)) out.httpTokens.push({ value: t.known ? t.text : undefined, range: t.range, when: t.when });
    } else {
      out.httpTokens.push({ value: "required", range: this.versionRange, when });
    }
    return out;
  }

  private inputRange(name: string): Range {
    const a = attribute(this.child.call.block.body, name);
    return a ? this.locate.outOfModule(this.parent.evaluator.range(this.child.env, a)) : this.site;
  }

  private defaultAttachment(policy: string, range: Range): Attachment {
    const text: Text = { text: `arn:\${partition}:iam::aws:policy/${policy}`, known: true, range: { ...range, origin: { range, note: `a default of ${this.label}` } }, when: this.child.when };
    return { policy: { kind: "arn", value: text }, range: text.range, when: text.when, via: `${this.label} defaults` };
  }

  private attachment(text: Text, input: string): Attachment {
    return { policy: /^arn:/i.test(text.text) || !text.known ? { kind: "arn", value: text } : { kind: "name", value: text }, range: text.range, when: text.when, via: input };
  }

  /** A role's permissions boundary and tags from the module inputs that set them. */
  private governance(boundary: TfValue | undefined, tags: (TfValue | undefined)[], range: Range, when: When[]): { boundary: Reference[]; tags: Tag[] } {
    return {
      boundary: boundary && boundary.k !== "null" ? this.locate.references(boundary, range, when) : [],
      // The module's resources get the default_tags of the caller's default AWS provider too.
      tags: [...providerDefaultTags(this.parent, "aws", this.locate, when), ...tags.flatMap((t) => this.locate.tags(t, range, when))],
    };
  }

  private role(key: string, address: string, attachments: Attachment[], governance: { boundary: Reference[]; tags: Tag[] }): RoleFact {
    const role: RoleFact = {
      key,
      address,
      format: "terraform",
      range: this.site,
      when: this.child.when,
      kind: "role",
      name: undefined,
      trust: undefined,
      attachments,
      inlinePolicies: [],
      inlineVia: "inline_policy",
      ...governance,
    };
    this.facts.roles.push(role);
    return role;
  }

  private nodeGroup(address: string, kind: NodeGroupFact["nodeKind"], roleKey: string | undefined, range: Range): NodeGroupFact {
    const group: NodeGroupFact = {
      key: this.key(`${address}/group`),
      address,
      format: "terraform",
      range,
      when: this.child.when,
      kind: "node-group",
      nodeKind: kind,
      resourceType: "aws_eks_node_group",
      role: roleKey ? [{ kind: "logical", target: { key: roleKey }, range, when: this.child.when }] : [],
      launchTemplate: [],
      instanceProfile: [],
      evidence: `it is a node group of ${this.label}`,
      amiType: undefined,
    };
    this.facts.nodeGroups.push(group);
    return group;
  }

  private launchTemplate(address: string, range: Range, metadata: { httpTokens: Setting<string>[]; hopLimit: Setting<number>[] }): LaunchTemplateFact {
    const lt: LaunchTemplateFact = {
      key: this.key(`${address}/launch-template`),
      address: `of ${address}`,
      format: "terraform",
      range,
      when: this.child.when,
      kind: "launch-template",
      resourceType: "aws_launch_template",
      name: undefined,
      instanceProfile: [],
      metadata: { range, httpTokens: metadata.httpTokens, hopLimit: metadata.hopLimit, httpEndpoint: [] },
      eksEvidence: [],
    };
    this.facts.launchTemplates.push(lt);
    return lt;
  }
}

function isFalse(v: TfValue | undefined): boolean {
  return v?.k === "bool" && !v.value;
}

/** `iam_role_additional_policies` is a list in v18 and a map from v19: either way, its values. */
function asValues(v: TfValue | undefined): TfValue | undefined {
  if (v?.k !== "object") return v;
  return { k: "tuple", items: [...v.attrs.values()], range: v.range };
}

/**
 * The IRSA role modules of terraform-aws-modules/iam/aws (read from v3.8-v6.5 sources): the trust they
 * build from their inputs, and the policies they attach.
 */
function irsaModule(parent: ModuleInstance, child: External, facts: Facts, submodule: string): boolean {
  const inputs = child.inputs;
  const locate = new Locator(parent.calls);
  const site = locate.outOfModule(child.site.range);
  const note = (what: string) => ({ ...site, origin: { range: site, note: `${what} that terraform-aws-modules/iam/aws//modules/${submodule} builds` } });
  const when = child.when;
  const text = (value: string, range: Range): Text => ({ text: value, known: !value.includes("${"), range, when });
  const statements: Statement[] = [];
  const trust = (provider: Text, conditions: ConditionClause[]) => {
    statements.push({
      index: statements.length,
      effect: "Allow",
      actions: [text("sts:AssumeRoleWithWebIdentity", note("the trust statement"))],
      principals: [{ type: "Federated", value: provider }],
      conditions,
      range: site,
      when,
    });
  };
  const subjects = (value: TfValue | undefined, prefix: string) =>
    locate.textItems(value, site, when).map((t) => ({ ...t, text: t.known ? `${prefix}${t.text}` : t.text }));
  let policies: TfValue | undefined;
  let create: TfValue | undefined;
  switch (submodule) {
    case "iam-assumable-role-with-oidc": {
      create = inputs.get("create_role") ?? { k: "bool", value: false, range: site };
      const urls = [...locate.textItems(inputs.get("provider_url"), site, when), ...locate.textItems(inputs.get("provider_urls"), site, when)].filter((u) => u.text !== "");
      for (const url of urls) {
        const host = url.text.replace(/^https:\/\//, "");
        const conditions: ConditionClause[] = [];
        const exact = subjects(inputs.get("oidc_fully_qualified_subjects"), "");
        const like = subjects(inputs.get("oidc_subjects_with_wildcards"), "");
        const audiences = locate.textItems(inputs.get("oidc_fully_qualified_audiences"), site, when);
        if (exact.length > 0) conditions.push({ operator: "StringEquals", key: `${host}:sub`, values: exact, range: site });
        if (like.length > 0) conditions.push({ operator: "StringLike", key: `${host}:sub`, values: like, range: site });
        if (audiences.length > 0) conditions.push({ operator: "StringEquals", key: `${host}:aud`, values: audiences, range: site });
        trust({ ...url, text: `arn:\${partition}:iam::\${account}:oidc-provider/${host}` }, conditions);
      }
      policies = inputs.get("role_policy_arns");
      break;
    }
    case "iam-role-for-service-accounts-eks":
    case "iam-role-for-service-accounts": {
      create = inputs.get(submodule === "iam-role-for-service-accounts" ? "create" : "create_role");
      const test = asText(inputs.get(submodule === "iam-role-for-service-accounts" ? "trust_condition_test" : "assume_role_condition_test") ?? { k: "null", range: undefined }) ?? "StringEquals";
      const providers = inputs.get("oidc_providers");
      for (const { value, when: w } of providers ? branches(providers, when) : []) {
        if (value.k !== "object") continue;
        for (const provider of value.attrs.values()) {
          if (provider.k !== "object") continue;
          const arn = locate.texts(provider.attrs.get("provider_arn"), site, w)[0] ?? text("${?}", site);
          const host = arn.known ? arn.text.replace(/^.*oidc-provider\//, "") : "${issuer}";
          trust(arn, [
            { operator: test, key: `${host}:sub`, values: subjects(provider.attrs.get("namespace_service_accounts"), "system:serviceaccount:"), range: site },
            { operator: "StringEquals", key: `${host}:aud`, values: [text("sts.amazonaws.com", site)], range: site },
          ]);
        }
      }
      policies = inputs.get(submodule === "iam-role-for-service-accounts" ? "policies" : "role_policy_arns");
      break;
    }
    case "iam-eks-role": {
      create = inputs.get("create_role");
      const test = asText(inputs.get("assume_role_condition_test") ?? { k: "null", range: undefined }) ?? "StringEquals";
      const clusters = inputs.get("cluster_service_accounts");
      for (const { value } of clusters ? branches(clusters, when) : []) {
        if (value.k !== "object") continue;
        for (const accounts of value.attrs.values()) {
          trust(text("${the cluster's OIDC provider}", site), [
            { operator: test, key: "${issuer}:sub", values: subjects(accounts, "system:serviceaccount:"), range: site },
            { operator: "StringEquals", key: "${issuer}:aud", values: [text("sts.amazonaws.com", site)], range: site },
          ]);
        }
      }
      policies = inputs.get("role_policy_arns");
      break;
    }
    default:
      return false;
  }
  if (create?.k === "bool" && !create.value) return true;
  const attachments: Attachment[] = locate
    .textItems(asValues(policies), site, when)
    .filter((t) => t.text !== "")
    .map((t) => ({ policy: referenceOf(t), range: t.range, when: t.when, via: "role_policy_arns" }));
  facts.roles.push({
    key: `tf:${parent.rootDir}::${child.address}/role`,
    address: `${child.address} role`,
    format: "terraform",
    range: site,
    when,
    kind: "role",
    name: locate.texts(inputs.get("role_name") ?? inputs.get("name"), site, when)[0],
    trust: { origin: `trust policy of ${child.address}`, range: site, statements, unknowns: [] },
    attachments,
    inlinePolicies: [],
    inlineVia: "inline_policy",
    boundary: [],
    tags: [],
  });
  return true;
}
