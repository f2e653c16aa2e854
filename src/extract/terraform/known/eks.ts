import type { Attachment, Reference, Setting, When } from "../../../model/facts.js";
import type { Range } from "../../../model/source.js";
import { attribute } from "../config.js";
import type { ModuleInstance } from "../module.js";
import { branches, object, str, unknown, type TfValue } from "../value.js";
import { isFalse, isTrue, KnownModuleFacts, knownKey, textOf, type External } from "./build.js";
import { admitsAny, admittedMajors, versionRange, type VersionRange } from "./version.js";

/**
 * What `terraform-aws-modules/eks/aws` creates for nodes when its sources are not downloaded, by
 * major version, read from the module's own sources at each release (research/ecosystem.md E.1):
 *
 * - v10–v17: one worker role (`workers_role_name`, or a prefix of the cluster name) with
 *   AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy (unless `attach_worker_cni_policy = false`),
 *   AmazonEC2ContainerRegistryReadOnly and `workers_additional_policies`, for every entry of
 *   `worker_groups` (launch configurations), `worker_groups_launch_template` and `node_groups`
 *   (managed). Launch templates leave IMDSv1 on: `metadata_http_tokens` defaults to "optional" where
 *   the module writes metadata_options (launch templates from v12, launch configurations and node
 *   group launch templates from v15) and EC2's default is "optional" where it does not.
 * - v18+: a role per entry of `eks_managed_node_groups` / `self_managed_node_groups` (merged with
 *   the `*_defaults` input) with WorkerNode, ReadOnly and CNI plus `iam_role_additional_policies`
 *   (a list in v18, a map from v19) and `iam_role_policy_statements` (v20.?+); launch templates
 *   require IMDSv2 and set a hop limit of 2 in v18–v20 and 1 from v21.
 * - aws-auth: `map_roles` (v10–v17) and `aws_auth_roles` (v18–v19, and the v20 `modules/aws-auth`);
 *   access entries: `access_entries` (v20+).
 */
const KNOWN_MAJORS = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
const LATEST_MAJOR = 21;
const DEFAULT_NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryReadOnly", "AmazonEKS_CNI_Policy"];

/** Inputs that only some majors declare: Terraform rejects a call that passes one its version lacks. */
const INPUTS_BY_MAJORS: { inputs: string[]; from: number; to: number }[] = [
  {
    inputs: ["worker_groups", "worker_groups_launch_template", "node_groups", "node_groups_defaults", "workers_group_defaults", "workers_additional_policies", "workers_role_name", "manage_worker_iam_resources", "attach_worker_cni_policy", "map_roles"],
    from: 10,
    to: 17,
  },
  { inputs: ["eks_managed_node_groups", "self_managed_node_groups", "eks_managed_node_group_defaults", "self_managed_node_group_defaults"], from: 18, to: LATEST_MAJOR },
  { inputs: ["aws_auth_roles", "manage_aws_auth_configmap", "aws_auth_node_iam_role_arns_non_windows", "aws_auth_node_iam_role_arns_windows"], from: 18, to: 19 },
  { inputs: ["access_entries"], from: 20, to: LATEST_MAJOR },
];

const EKS_SOURCE =
  /^(?:registry\.terraform\.io\/|registry\.opentofu\.org\/)?terraform-aws-modules\/eks\/aws(?:\/\/modules\/([\w-]+))?$|^(?:git::)?(?:https:\/\/|ssh:\/\/git@|git@)?github\.com[/:]terraform-aws-modules\/terraform-aws-eks(?:\.git)?(?:\/\/modules\/([\w-]+))?(?:\?ref=v?([\w.]+))?$/;

/** Whether a module source is terraform-aws-modules/eks (or one of its submodules). */
export function isEksSource(source: string): boolean {
  return EKS_SOURCE.test(source);
}

interface Placement {
  majors: number[];
  /** The majors come from the inputs, not from the version (which pullguard could not place). */
  guessed: boolean;
  /** How messages name the module and its version. */
  label: string;
}

/** The majors a call's version admits; notes (PG901) for a version pullguard cannot place. */
function place(known: KnownModuleFacts, constraint: string | undefined, written: boolean, shape: (majors: number[]) => number[]): Placement {
  const name = "terraform-aws-modules/eks/aws";
  if (!constraint) {
    if (!written) return { majors: [LATEST_MAJOR], guessed: false, label: `${name} (no version pinned: the latest, v${LATEST_MAJOR})` };
    const majors = shape(KNOWN_MAJORS);
    known.gap(`module call ${known.child.address}`, `the version of ${name} is not a known string, so pullguard checked it as any of v${majors[0]}–v${majors[majors.length - 1]} that its inputs fit`, known.versionRange());
    return { majors, guessed: true, label: `${name} (version not known)` };
  }
  const range = versionRange(constraint);
  const label = `${name} ${constraint}`;
  if (!range) {
    const majors = shape(KNOWN_MAJORS);
    known.gap(`module call ${known.child.address}`, `version constraint "${constraint}" of ${name} is not one pullguard understands, so it checked it as any of v${majors[0]}–v${majors[majors.length - 1]} that its inputs fit`, known.versionRange());
    return { majors, guessed: true, label };
  }
  const majors = admittedMajors(range, KNOWN_MAJORS);
  if (majors.length > 0) return { majors, guessed: false, label };
  if (admitsAny(range, `${LATEST_MAJOR + 1}.0.0`)) {
    known.gap(`module call ${known.child.address}`, `${name} ${constraint} is newer than the majors pullguard knows (v10–v${LATEST_MAJOR}), so it was checked as v${LATEST_MAJOR}`, known.versionRange());
    return { majors: [LATEST_MAJOR], guessed: true, label };
  }
  const fallback = shape(KNOWN_MAJORS);
  known.gap(`module call ${known.child.address}`, `${name} ${constraint} is a major pullguard does not know (it knows v10–v${LATEST_MAJOR}), so it was checked as any of v${fallback[0]}–v${fallback[fallback.length - 1]} that its inputs fit`, known.versionRange());
  return { majors: fallback, guessed: true, label };
}

/** The facts of a call of terraform-aws-modules/eks or one of its submodules. */
export function eksModule(parent: ModuleInstance, child: External, facts: KnownModuleFacts["facts"]): void {
  const m = EKS_SOURCE.exec(child.source ?? "");
  if (!m) return;
  const submodule = m[1] ?? m[2];
  const written = attribute(child.call.block.body, "version") !== undefined;
  const constraint = child.version ?? m[3];
  const probe = new KnownModuleFacts(parent, child, facts, "terraform-aws-modules/eks/aws");
  const shape = (all: number[]) => {
    if (submodule) return all.filter((v) => v >= 18);
    const pre18 = INPUTS_BY_MAJORS[0]?.inputs.some((i) => child.inputs.has(i));
    return all.filter((v) => (pre18 ? v < 18 : v >= 18));
  };
  const { majors, guessed, label } = place(probe, constraint, written || m[3] !== undefined, shape);
  const eks = new KnownEks(new KnownModuleFacts(parent, child, facts, label), majors, guessed ? undefined : constraint);
  if (!submodule) eks.root();
  else if (submodule === "karpenter") eks.karpenter();
  else if (submodule === "eks-managed-node-group") eks.group(child.inputs, "managed", undefined, new Map());
  else if (submodule === "self-managed-node-group") eks.group(child.inputs, "self-managed", undefined, new Map());
  else if (submodule === "aws-auth") eks.awsAuth("aws_auth_roles");
}

class KnownEks {
  /** `constraint`: the call's version constraint, when it decides the majors (not when they were guessed from the inputs). */
  private readonly range: VersionRange | undefined;

  constructor(
    private readonly known: KnownModuleFacts,
    private readonly majors: number[],
    constraint: string | undefined,
  ) {
    this.range = constraint === undefined ? undefined : versionRange(constraint);
  }

  /** Whether the versions checked include any release in [from, to). */
  private admits(from: string, to?: string): boolean {
    if (this.range) return admitsAny(this.range, from, to);
    const [fromMajor = 0] = from.split(".").map(Number);
    const [toMajor = Infinity] = to === undefined ? [] : to.split(".").map(Number);
    return this.majors.some((v) => v >= fromMajor && v < toMajor);
  }

  private get inputs(): Map<string, TfValue> {
    return this.known.inputs;
  }

  private some(test: (major: number) => boolean): boolean {
    return this.majors.some(test);
  }

  root(): void {
    this.undeclaredInputs();
    if (this.some((v) => v < 18)) {
      this.workers();
      this.awsAuth("map_roles");
    }
    if (this.some((v) => v >= 18)) {
      for (const [input, kind] of [["eks_managed_node_groups", "managed"], ["self_managed_node_groups", "self-managed"]] as const) {
        const groups = this.inputs.get(input);
        const defaults = this.inputs.get(`${input.replace(/s$/, "")}_defaults`);
        for (const { value, when } of groups ? branches(groups, this.known.when) : []) {
          if (value.k !== "object") {
            if (value.k !== "null") this.known.gap(`node groups of ${this.known.child.address}`, `${input} is not known (${reasonText(value)}), so its node roles were not checked`, this.known.inputRange(input));
            continue;
          }
          for (const [name, group] of value.attrs) {
            const range = value.keyRanges?.get(name) ?? value.range ?? this.known.site;
            const none = new Map<string, TfValue>();
            this.group(group.k === "object" ? group.attrs : none, kind, { name: `${input}["${name}"]`, key: name, range: this.known.locate.outOfModule(range), when }, defaults?.k === "object" ? defaults.attrs : none);
          }
        }
      }
    }
    if (this.some((v) => v === 18 || v === 19)) {
      this.awsAuth("aws_auth_roles");
      for (const input of ["aws_auth_node_iam_role_arns_non_windows", "aws_auth_node_iam_role_arns_windows"]) {
        for (const ref of this.known.locate.referenceItems(this.inputs.get(input), this.known.inputRange(input), this.known.when)) {
          this.joinedNode(`${this.known.child.address}.${input}`, ref, "aws-auth", `it is in ${input} of ${this.known.label}, which maps it to system:nodes in aws-auth`);
        }
      }
    }
    if (this.some((v) => v >= 20)) {
      this.accessEntries();
      this.autoMode();
    }
  }

  /**
   * EKS Auto Mode (v20.31+ `cluster_compute_config`, v21 `compute_config`): the module makes the node
   * role (AmazonEKSWorkerNodeMinimalPolicy, PullOnly and `node_iam_role_additional_policies`) unless
   * `create_node_iam_role` is false or the config names its own `node_role_arn`.
   */
  private autoMode(): void {
    const known = this.known;
    const input = this.inputs.has("compute_config") ? "compute_config" : "cluster_compute_config";
    const config = objectAttrs(this.inputs.get(input));
    if (!isTrue(config.get("enabled"))) return;
    const range = known.inputRange(input);
    let role: Reference[];
    if (isFalse(this.inputs.get("create_node_iam_role"))) {
      role = known.locate.references(config.get("node_role_arn"), range, known.when);
      if (role.length === 0) return;
    } else {
      const attachments = ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"].map((p) => known.defaultAttachment(p, range));
      attachments.push(...known.attachments(this.inputs.get("node_iam_role_additional_policies"), known.inputRange("node_iam_role_additional_policies"), known.when, "node_iam_role_additional_policies"));
      const cluster = textOf(this.inputs.get("name")) ?? textOf(this.inputs.get("cluster_name")) ?? "${name}";
      known.role(known.key("auto-mode/role"), `${known.child.address} EKS Auto Mode node role`, range, known.when, {
        ...known.roleName(this.inputs.get("node_iam_role_name") ?? str(`${cluster}-eks-auto`, range), !isFalse(this.inputs.get("node_iam_role_use_name_prefix")), range, known.when),
        attachments,
        ...known.governance(this.inputs.get("node_iam_role_permissions_boundary"), [this.inputs.get("tags"), this.inputs.get("node_iam_role_tags")], range, known.when),
      });
      role = [{ kind: "logical", target: { key: known.key("auto-mode/role") }, range, when: known.when }];
    }
    const group = known.nodeGroup(`${known.child.address}.${input}`, "auto", role, range, known.when, `it runs the EKS Auto Mode nodes of ${known.label}`);
    group.resourceType = "aws_eks_cluster";
  }

  /** An input the admitted versions do not declare: Terraform rejects the call, and pullguard did not read it. */
  private undeclaredInputs(): void {
    for (const { inputs, from, to } of INPUTS_BY_MAJORS) {
      if (this.some((v) => v >= from && v <= to)) continue;
      for (const input of inputs.filter((i) => this.inputs.has(i))) {
        const versions = from === to ? `v${from}` : to === LATEST_MAJOR ? `v${from} and later` : `v${from}–v${to}`;
        this.known.gap(`module call ${this.known.child.address}`, `${this.known.label} has no input ${input} (only ${versions} has it), so Terraform rejects this call and pullguard did not read it`, this.known.inputRange(input));
      }
    }
  }

  /** v10–v17: the worker role and its groups. */
  private workers(): void {
    const inputs = this.inputs;
    if (isFalse(inputs.get("create_eks"))) return;
    const managed = !isFalse(inputs.get("manage_worker_iam_resources"));
    const roleKey = this.known.key("workers-role");
    if (managed && this.hasEntries(["worker_groups", "worker_groups_launch_template", "node_groups"])) {
      const site = this.known.site;
      const attachments: Attachment[] = DEFAULT_NODE_POLICIES.filter((p) => p !== "AmazonEKS_CNI_Policy" || !isFalse(inputs.get("attach_worker_cni_policy"))).map((p) => this.known.defaultAttachment(p, site));
      attachments.push(...this.known.attachments(inputs.get("workers_additional_policies"), this.known.inputRange("workers_additional_policies"), this.known.when, "workers_additional_policies"));
      const roleName = textOf(inputs.get("workers_role_name"));
      const name = roleName ? this.known.roleName(roleName, false, this.known.inputRange("workers_role_name"), this.known.when) : this.known.roleName(inputs.get("cluster_name"), true, site, this.known.when);
      this.known.role(roleKey, `${this.known.child.address} worker role`, site, this.known.when, {
        ...name,
        attachments,
        ...this.known.governance(inputs.get("permissions_boundary"), [inputs.get("tags")], site, this.known.when),
      });
    }
    const defaults = objectAttrs(inputs.get("workers_group_defaults"));
    for (const list of ["worker_groups", "worker_groups_launch_template"] as const) {
      for (const entry of this.entries(list)) {
        const get = (k: string) => entry.attrs.get(k) ?? defaults.get(k);
        const role = this.workerRole(get, managed, roleKey, entry);
        const group = this.known.nodeGroup(entry.address, "self-managed", [], entry.range, entry.when, `it is a worker group of ${this.known.label}`);
        // Worker groups run with an instance profile of the worker role (or of a role or profile the entry names).
        group.role = role.role;
        group.instanceProfile = role.profile;
        // Launch templates got metadata_options in v12.2, launch configurations in v15.2; before, EC2's default (IMDSv1 on) applies.
        const since = list === "worker_groups" ? "15.2.0" : "12.2.0";
        this.known.launchTemplate(group, this.legacyMetadata(get, since, entry), list === "worker_groups" ? "aws_launch_configuration" : "aws_launch_template");
      }
    }
    const nodeDefaults = objectAttrs(inputs.get("node_groups_defaults"));
    for (const entry of this.entries("node_groups")) {
      const get = (k: string) => entry.attrs.get(k) ?? nodeDefaults.get(k);
      const explicit = get("iam_role_arn");
      const role: Reference[] =
        explicit && explicit.k !== "null" ? this.known.locate.references(explicit, entry.range, entry.when) : managed ? [{ kind: "logical", target: { key: roleKey }, range: entry.range, when: entry.when }] : [];
      if (role.length === 0) this.known.gap(`node role of ${entry.address}`, "manage_worker_iam_resources is false and the node group names no iam_role_arn", entry.range);
      const group = this.known.nodeGroup(entry.address, "managed", role, entry.range, entry.when, `it is a managed node group of ${this.known.label}`);
      if (this.some((v) => v >= 15) && isTrue(get("create_launch_template"))) {
        // The group's launch template (v15.2+) takes the worker defaults from v17.18: IMDSv1 stays on unless metadata_http_tokens says otherwise.
        this.known.launchTemplate(group, this.legacyMetadata((k) => get(k) ?? defaults.get(k), "17.18.0", entry));
      } else {
        const amiType = get("ami_type");
        if (amiType) group.amiType = this.known.locate.texts(amiType, entry.range, entry.when)[0];
      }
    }
  }

  /** The role (or instance profile) a v10–v17 worker group runs with. */
  private workerRole(get: (k: string) => TfValue | undefined, managed: boolean, roleKey: string, entry: Entry): { role: Reference[]; profile: Reference[] } {
    const roleId = get("iam_role_id");
    if (roleId && roleId.k !== "null" && textOf(roleId) !== "local.default_iam_role_id") {
      return { role: this.known.locate.references(roleId, entry.range, entry.when), profile: [] };
    }
    const profile = get("iam_instance_profile_name");
    if (!managed) {
      if (profile && textOf(profile) !== "") return { role: [], profile: this.known.locate.references(profile, entry.range, entry.when) };
      this.known.gap(`node role of ${entry.address}`, "manage_worker_iam_resources is false and the worker group names no iam_instance_profile_name or iam_role_id", entry.range);
      return { role: [], profile: [] };
    }
    return { role: [{ kind: "logical", target: { key: roleKey }, range: entry.range, when: entry.when }], profile: [] };
  }

  /**
   * IMDS settings of a v10–v17 launch template or configuration: IMDSv1 on unless the entry or the
   * defaults turn it off, which the module reads from `since` on. The default is reported at the entry
   * where it can be changed, or at the version line when the admitted versions cannot change it there.
   */
  private legacyMetadata(get: (k: string) => TfValue | undefined, since: string, entry: Entry): { httpTokens: Setting<string>[]; hopLimit: Setting<number>[] } {
    const readable = this.admits(since, "18.0.0");
    const tokens = readable ? get("metadata_http_tokens") : undefined;
    const hop = readable ? get("metadata_http_put_response_hop_limit") : undefined;
    const place = (v: TfValue) => this.known.locate.outOfModule(v.range ?? entry.range, v.origins);
    const note = `the default of ${this.known.label}: IMDSv1 allowed (metadata_http_tokens "optional"${readable ? "" : `, which the module reads only from v${since}`}) before v18`;
    const httpTokens =
      tokens && tokens.k !== "null"
        ? this.known.settings(tokens, place(tokens), entry.when, (t) => t)
        : readable
          ? [{ value: "optional", range: { ...entry.range, origin: { range: this.known.versionRange(), note } }, when: entry.when }]
          : [this.known.versionDefault("optional", note, entry.when)];
    return { httpTokens, hopLimit: hop ? this.known.settings(hop, place(hop), entry.when, (t) => (Number.isFinite(Number(t)) ? Number(t) : undefined)) : [] };
  }

  private hasEntries(lists: string[]): boolean {
    return lists.some((name) => {
      const v = this.inputs.get(name);
      return v !== undefined && v.k !== "null" && !(v.k === "tuple" && v.items.length === 0) && !(v.k === "object" && v.attrs.size === 0);
    });
  }

  /** The entries of a list or map input, each placed at its own `{` (or its key); one entry for a value not known. */
  private entries(name: string): Entry[] {
    const value = this.inputs.get(name);
    const out: Entry[] = [];
    for (const { value: v, when } of value ? branches(value, this.known.when) : []) {
      const address = `${this.known.child.address}.${name}`;
      if (v.k === "tuple") {
        v.items.forEach((item, i) => {
          const label = item.k === "object" ? textOf(item.attrs.get("name")) : undefined;
          out.push({ address: `${address}[${label === undefined ? i : JSON.stringify(label)}]`, attrs: objectAttrs(item), range: this.known.locate.outOfModule(item.range ?? this.known.inputRange(name), item.origins), when });
        });
      } else if (v.k === "object") {
        for (const [key, item] of v.attrs) {
          const range = v.keyRanges?.get(key) ?? item.range ?? this.known.inputRange(name);
          out.push({ address: `${address}["${key}"]`, attrs: objectAttrs(item), range: this.known.locate.outOfModule(range), when });
        }
      } else if (v.k !== "null") {
        this.known.gap(`node groups of ${this.known.child.address}`, `${name} is not known (${reasonText(v)}), so they were checked with the module's defaults only`, this.known.inputRange(name));
        out.push({ address, attrs: new Map(), range: this.known.inputRange(name), when });
      }
    }
    return out;
  }

  /** A node group of v18+ (or of the node group submodules): its role and its launch template's IMDS settings. */
  group(group: Map<string, TfValue>, kind: "managed" | "self-managed", entry: { name: string; key: string; range: Range; when: When[] } | undefined, defaults: Map<string, TfValue>): void {
    const get = (name: string) => group.get(name) ?? defaults.get(name);
    if (isFalse(get("create"))) return;
    const known = this.known;
    const range = entry?.range ?? known.site;
    const when = entry?.when ?? known.when;
    const address = entry ? `${known.child.address}.${entry.name}` : known.child.address;
    let role: Reference[];
    if (isFalse(get("create_iam_role"))) {
      role = known.locate.references(get("iam_role_arn"), range, when);
      if (role.length === 0) {
        known.gap(`node role of ${address}`, "create_iam_role is false and no iam_role_arn is given", range);
        return;
      }
    } else {
      const attachments = DEFAULT_NODE_POLICIES.filter((p) => p !== "AmazonEKS_CNI_Policy" || !isFalse(get("iam_role_attach_cni_policy"))).map((p) => known.defaultAttachment(p, range));
      attachments.push(...known.attachments(get("iam_role_additional_policies"), range, when, "iam_role_additional_policies"));
      const inline = known.statementsPolicy(get("iam_role_policy_statements"), `inline policy iam_role_policy_statements of ${address} node role`, range, when);
      // The role's tags: the module's tags, the group's, and its iam_role_tags (a submodule's own tags are its `tags` input).
      const tags = [...(entry ? [known.inputs.get("tags")] : []), get("tags"), get("iam_role_tags")];
      const groupName = textOf(get("name")) ?? entry?.key;
      const roleName = get("iam_role_name") ?? (groupName === undefined ? undefined : str(`${groupName}-${kind === "managed" ? "eks-" : ""}node-group`, range));
      known.role(known.key(`${entry?.name ?? "group"}/role`), `${address} node role`, range, when, {
        ...known.roleName(roleName, !isFalse(get("iam_role_use_name_prefix")), range, when),
        attachments,
        ...(inline ? { inlinePolicies: [inline] } : {}),
        ...known.governance(get("iam_role_permissions_boundary"), tags, range, when),
      });
      role = [{ kind: "logical", target: { key: known.key(`${entry?.name ?? "group"}/role`) }, range, when }];
    }
    const nodeGroup = known.nodeGroup(address, kind, role, range, when, `it is a node group of ${known.label}`);
    if (kind === "self-managed" && isFalse(get("create_iam_instance_profile"))) {
      nodeGroup.role = [];
      nodeGroup.instanceProfile = known.locate.references(get("iam_instance_profile_arn"), range, when);
    }
    if (kind === "managed" && isFalse(get("use_custom_launch_template"))) {
      // EKS makes the launch template: its defaults depend on the AMI type.
      const ami = get("ami_type");
      if (ami) nodeGroup.amiType = known.locate.texts(ami, range, when)[0];
      return;
    }
    if (isFalse(get("create_launch_template"))) {
      // A launch template of the caller's, by id: its settings are the caller's.
      const id = get("launch_template_id");
      if (id && id.k !== "null") nodeGroup.launchTemplate = known.locate.references(id, range, when);
      return;
    }
    known.launchTemplate(nodeGroup, this.metadata(get("metadata_options"), range, when));
  }

  /** The Karpenter submodule's node role: ReadOnly before v21.2, PullOnly from it, plus the additional policies. */
  karpenter(): void {
    const known = this.known;
    const inputs = this.inputs;
    // v19 named the node role's inputs iam_role_*; from v20 they are node_iam_role_* (and iam_role_* is the controller's).
    const v19 = this.some((v) => v === 19);
    const later = this.some((v) => v >= 20);
    const input = (name: string) => (later ? inputs.get(`node_${name}`) : undefined) ?? (v19 ? inputs.get(name) : undefined);
    if (isFalse(inputs.get("create")) || isFalse(input("create_iam_role") ?? (later ? inputs.get("create_node_iam_role") : undefined))) return;
    const readOnly = this.admits("0.0.0", "21.2.0");
    const pullOnly = this.admits("21.2.0");
    const ecr = readOnly ? "AmazonEC2ContainerRegistryReadOnly" : "AmazonEC2ContainerRegistryPullOnly";
    const note = readOnly && pullOnly ? `a default of ${known.label} (ReadOnly before v21.2, PullOnly from it)` : undefined;
    const attachments = ["AmazonEKSWorkerNodePolicy", ecr, "AmazonEKS_CNI_Policy"]
      .filter((p) => p !== "AmazonEKS_CNI_Policy" || !isFalse(input("iam_role_attach_cni_policy")))
      .map((p) => known.defaultAttachment(p, known.site, p === ecr ? note : undefined));
    const additional = later ? "node_iam_role_additional_policies" : "iam_role_additional_policies";
    attachments.push(...known.attachments(input("iam_role_additional_policies"), known.inputRange(additional), known.when, additional));
    const name = input("iam_role_name") ?? str(`Karpenter-${textOf(inputs.get("cluster_name")) ?? "${cluster_name}"}`, known.site);
    const roleKey = known.key("karpenter-node-role");
    known.role(roleKey, `${known.child.address} Karpenter node role`, known.site, known.when, {
      ...known.roleName(name, !isFalse(input("iam_role_use_name_prefix")), known.site, known.when),
      attachments,
      ...known.governance(input("iam_role_permissions_boundary"), [inputs.get("tags"), input("iam_role_tags")], known.site, known.when),
    });
    known.nodeGroup(`${known.child.address} Karpenter nodes`, "karpenter", [{ kind: "logical", target: { key: roleKey }, range: known.site, when: known.when }], known.site, known.when, "it is the node role of terraform-aws-modules/eks//modules/karpenter");
  }

  /** aws-auth entries (`map_roles`, `aws_auth_roles`) in the system:nodes group make their roles node roles. */
  awsAuth(input: string): void {
    if (input === "aws_auth_roles" && this.known.child.source?.includes("//modules/aws-auth") !== true && isFalse(this.inputs.get("manage_aws_auth_configmap")) && isFalse(this.inputs.get("create_aws_auth_configmap"))) return;
    for (const entry of this.entries(input)) {
      const groups = entry.attrs.get("groups");
      const inNodes = this.known.locate.textItems(groups, entry.range, entry.when).some((g) => g.text === "system:nodes");
      if (!inNodes) continue;
      for (const ref of this.known.locate.references(entry.attrs.get("rolearn"), entry.range, entry.when)) {
        this.joinedNode(entry.address, ref, "aws-auth", `it is mapped to system:nodes in aws-auth by ${input} of ${this.known.label}`);
      }
    }
  }

  /** `access_entries` of type EC2_LINUX or EC2_WINDOWS make their principals node roles. */
  private accessEntries(): void {
    for (const entry of this.entries("access_entries")) {
      const type = textOf(entry.attrs.get("type"));
      if (type !== "EC2_LINUX" && type !== "EC2_WINDOWS") continue;
      for (const ref of this.known.locate.references(entry.attrs.get("principal_arn"), entry.range, entry.when)) {
        this.joinedNode(entry.address, ref, "access-entry", `it has an EKS access entry of type ${type} in access_entries of ${this.known.label}`);
      }
    }
  }

  private joinedNode(address: string, role: Reference, kind: "aws-auth" | "access-entry", evidence: string): void {
    const range = role.kind === "arn" || role.kind === "name" ? role.value.range : role.range;
    const when = role.kind === "arn" || role.kind === "name" ? role.value.when : role.when;
    const group = this.known.nodeGroup(address, kind, [role], range, when, evidence);
    group.resourceType = kind === "aws-auth" ? "aws-auth" : "aws_eks_access_entry";
  }

  /** IMDS settings of a v18+ node group's launch template: the caller's metadata_options, or the version's default. */
  private metadata(options: TfValue | undefined, range: Range, when: When[]): { httpTokens: Setting<string>[]; hopLimit: Setting<number>[] } {
    const known = this.known;
    const given = objectAttrs(options);
    const hop = given.get("http_put_response_hop_limit");
    const tokens = given.get("http_tokens");
    const out = { httpTokens: [] as Setting<string>[], hopLimit: [] as Setting<number>[] };
    if (hop && hop.k !== "null") out.hopLimit.push(...known.settings(hop, hop.range ?? range, when, (t) => (Number.isFinite(Number(t)) ? Number(t) : undefined)));
    else if (this.some((m) => m >= 18 && m <= 20)) {
      const unsafe = this.majors.filter((m) => m >= 18 && m <= 20).map((m) => `v${m}`).join(", ");
      out.hopLimit.push(known.versionDefault(2, `the default of ${known.label}: hop limit 2 in ${unsafe} (1 from v21)`, when));
    }
    if (tokens && tokens.k !== "null") out.httpTokens.push(...known.settings(tokens, tokens.range ?? range, when, (t) => t));
    else out.httpTokens.push({ value: "required", range: known.versionRange(), when });
    return out;
  }
}

interface Entry {
  address: string;
  attrs: Map<string, TfValue>;
  range: Range;
  when: When[];
}

function objectAttrs(v: TfValue | undefined): Map<string, TfValue> {
  return v?.k === "object" ? v.attrs : new Map<string, TfValue>();
}

function reasonText(v: TfValue): string {
  return v.k === "unknown" ? v.reason : v.k === "cond" ? `depends on ${v.condition}` : `a ${v.k}`;
}

/**
 * The outputs callers read from the module (`module.eks.eks_managed_node_groups["x"].iam_role_arn`,
 * `module.karpenter.node_iam_role_name`) as references to the roles pullguard made for it.
 */
export function eksOutput(parent: ModuleInstance, child: External, output: string, site: Range): TfValue | undefined {
  const m = EKS_SOURCE.exec(child.source ?? "");
  if (!m) return undefined;
  const submodule = m[1] ?? m[2];
  const roleRef = (what: string, attribute: string) => unknown(`${child.address}.${output} is only known after apply`, site, { ref: { key: knownKey(parent, child, what), attribute } });
  const roleAttributes = (what: string) =>
    object(
      new Map([
        ["iam_role_arn", roleRef(what, "arn")],
        ["iam_role_name", roleRef(what, "name")],
        ["iam_role_unique_id", roleRef(what, "unique_id")],
      ]),
      site,
    );
  if (!submodule) {
    if (output === "worker_iam_role_arn" || output === "worker_iam_role_name") return roleRef("workers-role", output.endsWith("arn") ? "arn" : "name");
    if (output === "eks_managed_node_groups" || output === "self_managed_node_groups") {
      const groups = child.inputs.get(output);
      if (groups?.k !== "object") return undefined;
      return object(new Map([...groups.attrs.keys()].map((name) => [name, roleAttributes(`${output}["${name}"]/role`)])), site);
    }
    return undefined;
  }
  if (submodule === "karpenter") {
    const attribute = { node_iam_role_arn: "arn", node_iam_role_name: "name", role_arn: "arn", role_name: "name", node_iam_role_unique_id: "unique_id" }[output];
    return attribute ? roleRef("karpenter-node-role", attribute) : undefined;
  }
  if (submodule === "eks-managed-node-group" || submodule === "self-managed-node-group") {
    return roleAttributes("group/role").attrs.get(output);
  }
  return undefined;
}
