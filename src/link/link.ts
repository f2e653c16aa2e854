import {
  describeWhen,
  nodeCredentialPushes,
  referenceOf,
  type AttachmentFact,
  type ExportFact,
  type PodIdentityAssociationFact,
  type ServiceAccountFact,
  type Fact,
  type Facts,
  type InstanceProfileFact,
  type LaunchTemplateFact,
  type NodeGroupFact,
  type PolicyFact,
  type Reference,
  type RoleFact,
  type Text,
  type Unknown,
  type When,
  type WorkloadFact,
  type WorkloadRunFact,
} from "../model/facts.js";
import type {
  Boundary,
  Hop,
  IdentityRole,
  LinkedModel,
  NodePath,
  NodeRole,
  PolicySource,
  ResolvedRole,
  RoleKind,
  Unresolved,
  WorkloadIdentity,
} from "../model/linked.js";
import type { Range } from "../model/source.js";
import { arnPattern } from "../model/arn.js";
import { bindParameters } from "../extract/kubernetes/extract.js";
import { findManagedPolicy, managedPoliciesSource, managedPolicyDocument, parseAwsManagedArn } from "./managed-policies.js";

type Resolved<T> = { fact: T; when: When[] } | { reason: string; range: Range; when: When[] };

const ROLE_ARN = arnPattern("iam", "", "*", String.raw`role\/(?:.*\/)?([^/]+)`);
const PROFILE_ARN = arnPattern("iam", "", "*", String.raw`instance-profile\/(?:.*\/)?([^/]+)`);
const CUSTOMER_POLICY_ARN = arnPattern("iam", "", "*", String.raw`policy\/(?:.*\/)?([^/]+)`);

/** Resolves references across all scanned files and finds the roles EKS nodes run with. */
export interface LinkOptions {
  /**
   * The cluster names the whole repository names, when `facts` hold only part of it (a named file and what it
   * reaches): manifests are placed in a cluster by folders named after any of them.
   */
  clusters?: string[];
}

export function link(facts: Facts, options: LinkOptions = {}): LinkedModel {
  return new Linker(facts, options).run();
}

class Linker {
  private readonly byKey = new Map<string, Fact>();
  private readonly byName = new Map<string, Fact[]>();
  private readonly unresolved: Unresolved[] = [];
  private readonly exportsByName = new Map<string, ExportFact[]>();
  /** What Terraform fills into the `${name}` placeholders of the files it renders, by file and name. */
  private readonly bindings = new Map<string, Text[]>();
  /** Roles named only by a prefix (Terraform `name_prefix`): a full name that starts with it may be theirs. */
  private readonly prefixedRoles: RoleFact[];

  constructor(
    private readonly facts: Facts,
    private readonly options: LinkOptions,
  ) {
    const all: Fact[] = [
      ...facts.roles, ...facts.policies, ...facts.instanceProfiles, ...facts.launchTemplates,
      ...facts.nodeGroups, ...facts.podIdentityAssociations, ...facts.ecrRepositories, ...facts.roleUses,
    ];
    this.prefixedRoles = facts.roles.filter((r) => !r.name && r.namePrefix?.known);
    for (const b of facts.templateBindings) push(this.bindings, `${b.file}\u0000${b.name}`, b.value);
    for (const e of facts.exports) this.exportsByName.set(e.name.text, [...(this.exportsByName.get(e.name.text) ?? []), e]);
    for (const fact of all) {
      this.byKey.set(fact.key, fact);
      const name = "name" in fact ? fact.name : undefined;
      if (name) {
        const key = nameKey(name);
        const list = this.byName.get(key) ?? [];
        list.push(fact);
        this.byName.set(key, list);
      }
    }
  }

  run(): LinkedModel {
    const nodePaths = this.nodePaths();
    const byRole = new Map<string, NodePath[]>();
    for (const path of nodePaths) {
      if (!path.role) continue;
      const list = byRole.get(path.role.key) ?? [];
      list.push(path);
      byRole.set(path.role.key, list);
    }
    const nodeRoles: NodeRole[] = [...byRole.values()].map((paths) => {
      const role = (paths[0] as NodePath).role as RoleFact;
      const { sources, unknowns } = this.policySources(role);
      return { role, paths, sources, boundary: this.boundary(role), unknowns };
    });
    for (const nodeRole of nodeRoles) {
      for (const u of nodeRole.unknowns) this.unresolved.push({ subject: `node role ${nodeRole.role.address}`, ...u });
    }
    const roleKinds = this.roleKinds(byRole);
    const workloadRoles: ResolvedRole[] = this.facts.roles
      .filter((role) => !byRole.has(role.key) && [...(roleKinds.get(role.key) ?? [])].some((k) => k === "irsa" || k === "pod-identity"))
      .map((role) => ({ role, ...this.policySources(role), boundary: this.boundary(role) }));
    return {
      facts: this.facts,
      nodePaths,
      nodeRoles,
      workloadRoles,
      roleKinds,
      workloads: this.workloads(),
      serviceAccountRoles: this.identityRoles(this.facts.serviceAccounts, (a) => (a.role ? [a.role] : [])),
      podIdentityRoles: this.identityRoles(this.facts.podIdentityAssociations, (a) => a.role),
      unresolved: this.unresolved,
    };
  }

  /**
   * Each workload with the service accounts and Pod Identity associations its pods can use. A reusable
   * spec (a Tekton Task, an Argo WorkflowTemplate) is joined once per run of it in the scan.
   */
  private workloads(): WorkloadIdentity[] {
    const runs = this.assignRuns();
    const runTargets = new Set(this.facts.workloads.flatMap((w) => (w.reusable && (runs.get(w.key)?.length ?? 0) > 0 ? [w.reusable] : [])));
    return this.facts.workloads.flatMap((workload) => {
      if (!workload.reusable) return [this.joinWorkload(workload, workload.serviceAccount, workload.namespace, undefined)];
      const mine = runs.get(workload.key) ?? [];
      // A copy whose runs went to a nearer copy of the same name (another version folder) is not run on its own.
      if (mine.length === 0 && pushesWithPodIdentity(workload) && !runTargets.has(workload.reusable)) {
        this.note(`push workload ${workload.address}`, {
          reason: `it runs as the service account its ${workload.reusable.startsWith("Workflow") || workload.reusable.startsWith("ClusterWorkflow") ? "Workflow" : "TaskRun or PipelineRun"} names, and none in the scanned files runs it, so whether it has an IAM role of its own was not checked`,
          range: workload.builderImage?.range ?? workload.podSpec,
          when: workload.when,
        });
      }
      // One identity per service account, whatever number of runs use it.
      const byAccount = new Map<string, WorkloadRunFact>();
      for (const r of mine) {
        const id = `${r.namespace?.text ?? workload.namespace?.text ?? ""}/${r.serviceAccount?.text ?? "default"}`;
        if (!byAccount.has(id)) byAccount.set(id, r);
      }
      return [...byAccount.values()].map((r) => this.joinWorkload(workload, r.serviceAccount, r.namespace ?? workload.namespace, r));
    });
  }

  /**
   * The runs of each reusable spec, by workload key. Runs name what they run (`Task/buildah`); a
   * repository can hold several specs of that name (one per version folder), and a run belongs to the
   * one nearest to it in the folder tree.
   */
  private assignRuns(): Map<string, WorkloadRunFact[]> {
    const out = new Map<string, WorkloadRunFact[]>();
    const specs = this.facts.workloads.filter((w) => w.reusable);
    for (const target of new Set(specs.map((w) => w.reusable as string))) {
      const candidates = specs.filter((w) => w.reusable === target);
      for (const r of this.runsOf(target, 0)) {
        const closeness = (w: WorkloadFact) => sharedPrefix(w.range.file, r.range.file);
        const best = Math.max(...candidates.map(closeness));
        // One run, one definition: among equally near copies (task/kaniko/0.5 and 0.6 for a run outside both), the newest by path.
        const nearest = candidates.filter((c) => closeness(c) === best).sort((a, b) => a.range.file.localeCompare(b.range.file, "en", { numeric: true })).pop();
        if (nearest) out.set(nearest.key, [...(out.get(nearest.key) ?? []), r]);
      }
    }
    return out;
  }

  /** The runs of a reusable spec, through the pipelines that use it (a PipelineRun of a Pipeline of a Task). */
  private runsOf(target: string, depth: number): WorkloadRunFact[] {
    if (depth > 3) return [];
    return this.facts.workloadRuns
      .filter((r) => r.target === target)
      .flatMap((r) => (r.through ? this.runsOf(r.through, depth + 1).map((outer) => ({ ...outer, target, range: r.range, arguments: throughArguments(r.arguments, outer.arguments) })) : [r]));
  }

  private joinWorkload(workload: WorkloadFact, account: Text | undefined, namespaceText: Text | undefined, run: WorkloadRunFact | undefined): WorkloadIdentity {
    const serviceAccount = account?.text ?? "default";
    const namespace = namespaceText?.text;
    // A namespace that is not written is the one the manifest is applied to: it matches any.
    const sameNamespace = (other: Text | undefined) => namespace === undefined || other === undefined || other.text === namespace;
    // Identities come only from the workload's own cluster; one written for another cluster never covers it.
    const cluster = this.clusterOfFile(workload.range.file);
    const sameCluster = (c: string | undefined) => cluster === undefined || c === undefined || c === cluster;
    const allAccounts = (this.identities().accounts.get(serviceAccount) ?? []).filter((a) => sameNamespace(a.namespace));
    const allAssociations = (this.identities().associations.get(serviceAccount) ?? []).filter((a) => sameNamespace(a.namespace));
    let accounts = allAccounts.filter((a) => sameCluster(this.clusterOf(a)));
    let associations = allAssociations.filter((a) => sameCluster(this.clusterOf(a)));
    // The clusters where this service account has identities, when none is the workload's.
    const elsewhere = [...new Set([...allAccounts, ...allAssociations].flatMap((a) => (sameCluster(this.clusterOf(a)) ? [] : [this.clusterOf(a) as string])))].sort();
    const clusters = [...new Set([...accounts, ...associations].flatMap((a) => this.clusterOf(a) ?? []))].sort();
    const undecided = cluster === undefined && clusters.length > 1;
    if (undecided) {
      // Which of them is the workload's cannot be told: only identities that belong to no particular cluster count.
      accounts = accounts.filter((a) => this.clusterOf(a) === undefined);
      associations = associations.filter((a) => this.clusterOf(a) === undefined);
    }
    const joined: WorkloadIdentity = {
      workload,
      serviceAccount,
      namespace,
      run,
      // A run fills in the spec's parameters: the destination it pushes to with them.
      destinations: run ? workload.destinations.map((d) => bindParameters(d, new Map(run.arguments))) : workload.destinations,
      accounts,
      associations,
      cluster,
      ...(undecided ? { undecidedClusters: clusters } : {}),
      ...(accounts.length === 0 && associations.length === 0 && elsewhere.length > 0 ? { otherClusters: elsewhere } : {}),
    };
    // An account known only in other clusters, or in clusters among which the workload's cannot be told, is decided by PG201.
    if (pushesWithPodIdentity(workload, joined.destinations) && serviceAccount !== "default" && joined.accounts.length === 0 && joined.associations.length === 0 && !joined.otherClusters && !joined.undecidedClusters) {
      this.note(`push workload ${workload.address}`, {
        reason: `its service account ${namespace ? `${namespace}/` : ""}${serviceAccount} is not in the scanned files, so whether it has an IAM role of its own (IRSA or Pod Identity) was not checked`,
        range: account?.range ?? workload.podSpec,
        when: workload.when,
      });
    }
    return joined;
  }

  private clusterNames: Set<string> | undefined;

  /**
   * The cluster a file's manifests belong to: a folder of its path named after a cluster the repository
   * names somewhere (an association's cluster, an eksctl ClusterConfig), the deepest such folder.
   */
  private clusterOfFile(file: string): string | undefined {
    this.clusterNames ??= new Set(
      this.options.clusters ?? [...this.facts.podIdentityAssociations, ...this.facts.serviceAccounts].flatMap((f) => (f.cluster?.known ? [f.cluster.text] : [])),
    );
    const folders = file.split("/").slice(0, -1);
    for (let i = folders.length - 1; i >= 0; i--) if (this.clusterNames.has(folders[i] as string)) return folders[i];
    return undefined;
  }

  /** The cluster of a service account or association: written, or decided by its file's folder. */
  private clusterOf(fact: ServiceAccountFact | PodIdentityAssociationFact): string | undefined {
    return fact.cluster?.known ? fact.cluster.text : this.clusterOfFile(fact.range.file);
  }

  private identityRoles<T>(items: T[], references: (item: T) => Reference[]): IdentityRole<T>[] {
    return items.flatMap((via) => references(via).flatMap((ref) => this.roles(ref).flatMap((r) => ("fact" in r ? [{ via, role: r.fact, when: r.when }] : []))));
  }

  /** An import of a value that a scanned template exports becomes a reference to that value. */
  private followImport(ref: Reference, depth = 0): Reference {
    if (ref.kind !== "import") return ref;
    const exported = this.exportsByName.get(ref.exportName)?.[0];
    if (!exported || depth > 4) return { kind: "unknown", reason: ref.reason, range: ref.range, when: ref.when };
    return this.followImport(referenceOf({ ...exported.value, when: [...ref.when, ...exported.value.when] }), depth + 1);
  }

  private lookup<K extends Fact["kind"]>(kind: K, reference: Reference, nameOf: (text: string) => string | undefined, what: string, depth = 0): Resolved<Extract<Fact, { kind: K }>>[] {
    type T = Extract<Fact, { kind: K }>;
    const ref = this.followImport(reference);
    switch (ref.kind) {
      case "import":
      case "unknown":
        return [{ reason: ref.reason, range: ref.range, when: ref.when }];
      case "logical": {
        const fact = this.byKey.get(ref.target.key);
        if (fact?.kind === kind) return [{ fact: fact as T, when: ref.when }];
        return [{ reason: `${ref.target.key.split("#")[1] ?? ref.target.key} is not ${what}`, range: ref.range, when: ref.when }];
      }
      case "arn":
      case "name": {
        const text = ref.value;
        // An empty name is no reference at all (a Terraform branch that sets "" when disabled).
        if (text.known && text.text === "") return [];
        // `${ROLE}` of a file Terraform renders with templatefile(): what Terraform fills in.
        const placeholder = /^\$\{([A-Za-z_][\w-]*)\}$/.exec(text.text)?.[1];
        const bound = placeholder && depth < 4 ? this.bindings.get(`${text.range.file}\u0000${placeholder}`) : undefined;
        if (bound) return bound.flatMap((value) => this.lookup(kind, referenceOf({ ...value, range: text.range, when: [...text.when, ...value.when] }), nameOf, what, depth + 1));
        const name = ref.kind === "arn" ? nameOf(text.text) : text.text;
        if (name === undefined) return [{ reason: `${text.text} is not the ARN of ${what}`, range: text.range, when: text.when }];
        // `arn:...:role/${NodeRole}` names the role resource NodeRole of the same template.
        const symbol = /^\$\{([A-Za-z0-9]+)\}$/.exec(name)?.[1];
        const bySymbol = symbol ? this.byKey.get(`${text.range.file}#${symbol}`) : undefined;
        if (bySymbol?.kind === kind) return [{ fact: bySymbol as T, when: text.when }];
        // An ARN's name part is known when it has no placeholder; a name is as known as its text.
        const named = ref.kind === "arn" ? segment(text, name) : text;
        const matches = (this.byName.get(nameKey(named)) ?? []).filter((f): f is T => f.kind === kind);
        if (matches.length > 0) return matches.map((fact) => ({ fact, when: text.when }));
        if (kind === "role" && named.known) {
          const prefixed = this.prefixedRoles.filter((r) => name.startsWith(r.namePrefix?.text ?? "\u0000"));
          if (prefixed.length === 1) return prefixed.map((fact) => ({ fact: fact as T, when: text.when }));
        }
        const reason = named.known
          ? `${what} ${name} is not defined in the scanned files`
          : `${what} ${text.text} could not be resolved (${text.reason ?? "only known at deploy time"})`;
        return [{ reason, range: text.range, when: text.when }];
      }
    }
  }

  private roles(ref: Reference) {
    return this.lookup("role", ref, (arn) => ROLE_ARN.exec(arn)?.[1], "a role");
  }

  private profiles(ref: Reference) {
    return this.lookup("instance-profile", ref, (arn) => PROFILE_ARN.exec(arn)?.[1], "an instance profile");
  }

  private launchTemplates(ref: Reference) {
    return this.lookup("launch-template", ref, () => undefined, "a launch template");
  }

  private note(subject: string, r: { reason: string; range: Range; when: When[] }): void {
    this.unresolved.push({ subject, reason: r.reason, range: r.range, when: r.when });
  }

  private nodePaths(): NodePath[] {
    const paths: NodePath[] = [];
    const usedTemplates = new Set<string>();
    for (const group of this.facts.nodeGroups) {
      const groupHop: Hop = { label: groupLabel(group), range: group.range };
      const resolved = group.launchTemplate.flatMap((ref) => this.launchTemplates(ref));
      const templates = resolved.flatMap((t) => ("fact" in t ? [t.fact] : []));
      for (const t of templates) usedTemplates.add(t.key);
      const evidence = group.evidence || templates.find((t) => t.eksEvidence.length > 0)?.eksEvidence[0] || "";
      if (!evidence) continue; // an Auto Scaling group that nothing marks as EKS capacity
      const subject = groupHop.label;
      for (const t of resolved) if (!("fact" in t)) this.note(`launch template of ${subject}`, t);
      // A group that names its role (EKS managed node groups, Auto Mode, built-in module knowledge) needs no instance profile.
      if (group.nodeKind === "managed" || group.role.length > 0) {
        if (group.role.length === 0) {
          this.note(`node role of ${subject}`, { reason: "NodeRole is not set", range: group.range, when: group.when });
          continue;
        }
        for (const r of group.role.flatMap((ref) => this.roles(ref))) {
          if (!("fact" in r)) {
            this.note(`node role of ${subject}`, r);
            // The nodes still run with a role: their metadata settings are checked, and the measures count them as not known.
            for (const template of templates.length > 0 ? templates : [undefined]) {
              paths.push({ group, launchTemplate: template, instanceProfile: undefined, role: undefined, unseen: r.reason, evidence, hops: [groupHop, ...(template ? [templateHop(template)] : [])] });
            }
            continue;
          }
          // A managed node group's role comes from the group; its launch templates only set how the nodes start.
          for (const template of templates.length > 0 ? templates : [undefined]) {
            const hops = [groupHop, ...(template ? [templateHop(template)] : [])];
            paths.push({ group, launchTemplate: template, instanceProfile: undefined, role: r.fact, evidence, hops });
          }
        }
      } else if (group.instanceProfile.length > 0) {
        for (const template of templates.length > 0 ? templates : [undefined]) {
          paths.push(...this.throughProfiles(group, template, group.instanceProfile, evidence, [groupHop, ...(template ? [templateHop(template)] : [])], subject));
        }
      } else if (templates.length > 0) {
        for (const template of templates) paths.push(...this.throughTemplate(group, template, evidence, [groupHop]));
      } else if (group.launchTemplate.length === 0) {
        this.note(`launch template of ${subject}`, { reason: "the Auto Scaling group names no launch template or launch configuration", range: group.range, when: group.when });
      }
    }
    for (const template of this.facts.launchTemplates) {
      if (usedTemplates.has(template.key) || template.eksEvidence.length === 0) continue;
      paths.push(...this.throughTemplate(undefined, template, template.eksEvidence[0] as string, []));
    }
    paths.push(...this.passedToLaunchedNodes());
    return paths;
  }

  /**
   * Roles a node provisioner may hand to the instances it launches: a policy that allows
   * `iam:PassRole` on the role next to `ec2:CreateFleet` or `ec2:RunInstances` is Karpenter's
   * controller policy (or one like it), and the role it passes is the role of the nodes it creates.
   */
  private passedToLaunchedNodes(): NodePath[] {
    const documents = [
      ...this.facts.policies.map((p) => ({ document: p.document, when: p.when })),
      ...this.facts.roles.flatMap((r) => r.inlinePolicies.map((document) => ({ document, when: r.when }))),
    ];
    const out: NodePath[] = [];
    const allows = (statement: { effect: string; actions?: Text[] }, action: RegExp) => statement.effect === "Allow" && (statement.actions ?? []).some((a) => action.test(a.text));
    for (const { document } of documents) {
      if (!document.statements.some((s) => allows(s, /^ec2:(CreateFleet|RunInstances)$/i))) continue;
      for (const statement of document.statements.filter((s) => allows(s, /^iam:PassRole$/i))) {
        for (const resource of statement.resources ?? []) {
          if (resource.known && /[*?]/.test(resource.text)) continue;
          for (const r of this.roles(referenceOf(resource))) {
            if (!("fact" in r)) continue;
            const evidence = "a node provisioner (Karpenter) may pass it to the instances it launches (iam:PassRole beside ec2:CreateFleet or ec2:RunInstances)";
            out.push({ group: undefined, launchTemplate: undefined, instanceProfile: undefined, role: r.fact, evidence, hops: [{ label: `iam:PassRole in ${document.origin}`, range: resource.range }] });
          }
        }
      }
    }
    return out;
  }

  private throughTemplate(group: NodeGroupFact | undefined, template: LaunchTemplateFact, evidence: string, hops: Hop[]): NodePath[] {
    const subject = templateHop(template).label;
    if (template.instanceProfile.length === 0) {
      this.note(`node role of ${subject}`, { reason: "it names no IamInstanceProfile, so the role its nodes run with is not known", range: template.range, when: template.when });
      return [{ group, launchTemplate: template, evidence, instanceProfile: undefined, role: undefined, unseen: "its launch template names no instance profile", hops: [...hops, templateHop(template)] }];
    }
    return this.throughProfiles(group, template, template.instanceProfile, evidence, [...hops, templateHop(template)], subject);
  }

  /** Node paths through instance profiles (of a launch template, or named by the group itself). */
  private throughProfiles(group: NodeGroupFact | undefined, template: LaunchTemplateFact | undefined, profiles: Reference[], evidence: string, hops: Hop[], subject: string): NodePath[] {
    const out: NodePath[] = [];
    // Nodes whose role cannot be seen still run with one: their instance metadata settings are still checked.
    const unseen = (reason: string, profile: InstanceProfileFact | undefined) => out.push({ group, launchTemplate: template, evidence, instanceProfile: profile, role: undefined, unseen: reason, hops });
    for (const p of profiles.flatMap((ref) => this.profiles(ref))) {
      if (!("fact" in p)) {
        this.note(`instance profile of ${subject}`, p);
        unseen(p.reason, undefined);
        continue;
      }
      const profile: InstanceProfileFact = p.fact;
      for (const roleRef of profile.roles) {
        for (const r of this.roles(roleRef)) {
          if (!("fact" in r)) {
            this.note(`role of instance profile ${profile.address}`, r);
            unseen(r.reason, profile);
            continue;
          }
          out.push({ group, launchTemplate: template, evidence, instanceProfile: profile, role: r.fact, hops: [...hops, { label: `instance profile ${profile.address}`, range: profile.range }] });
        }
      }
    }
    return out;
  }


  /** Every policy that applies to a role, and what could not be resolved. */
  private policySources(role: RoleFact): { sources: PolicySource[]; unknowns: Unknown[] } {
    const sources: PolicySource[] = [];
    const unknowns: Unknown[] = [];
    for (const attachment of role.attachments) {
      const resolved = this.policyByReference(attachment.policy, attachment.via, attachment.range, attachment.when);
      if ("reason" in resolved) unknowns.push(resolved);
      else sources.push(resolved);
    }
    for (const document of role.inlinePolicies) {
      const name = /^inline policy (\S+)/.exec(document.origin)?.[1] ?? "inline policy";
      sources.push({ kind: "inline", name, document, attachedAt: document.range ?? role.range, via: role.inlineVia, definedAt: document.range, when: role.when });
    }
    const index = this.byRole();
    for (const attachment of index.attachments.get(role.key) ?? []) {
      const resolved = this.policyByReference(attachment.policy, attachment.via, attachment.attachedAt, attachment.when);
      if ("reason" in resolved) unknowns.push(resolved);
      else sources.push(resolved);
    }
    for (const { policy, ref, when } of index.policies.get(role.key) ?? []) {
      sources.push(this.policySource(policy, refRange(ref), policy.rolesVia, [...policy.when, ...when]));
    }
    return { sources, unknowns };
  }

  private identityIndex: { accounts: Map<string, ServiceAccountFact[]>; associations: Map<string, PodIdentityAssociationFact[]> } | undefined;

  /** Service accounts and Pod Identity associations by service account name. */
  private identities() {
    if (this.identityIndex) return this.identityIndex;
    const accounts = new Map<string, ServiceAccountFact[]>();
    for (const a of this.facts.serviceAccounts) if (a.name) push(accounts, a.name.text, a);
    const associations = new Map<string, PodIdentityAssociationFact[]>();
    for (const a of this.facts.podIdentityAssociations) if (a.serviceAccount) push(associations, a.serviceAccount.text, a);
    this.identityIndex = { accounts, associations };
    return this.identityIndex;
  }

  private roleIndex: { attachments: Map<string, AttachmentFact[]>; policies: Map<string, { policy: PolicyFact; ref: Reference; when: When[] }[]> } | undefined;

  /** Attachments and policies by the key of each role they name, resolved once (not once per role). */
  private byRole() {
    if (this.roleIndex) return this.roleIndex;
    const attachments = new Map<string, AttachmentFact[]>();
    for (const attachment of this.facts.attachments) {
      const keys = new Set(attachment.roles.flatMap((ref) => this.roles(ref).flatMap((r) => ("fact" in r ? [r.fact.key] : []))));
      for (const key of keys) push(attachments, key, attachment);
    }
    const policies = new Map<string, { policy: PolicyFact; ref: Reference; when: When[] }[]>();
    for (const policy of this.facts.policies) {
      for (const ref of policy.roles) {
        for (const r of this.roles(ref)) if ("fact" in r) push(policies, r.fact.key, { policy, ref, when: r.when });
      }
    }
    this.roleIndex = { attachments, policies };
    return this.roleIndex;
  }

  private policySource(policy: PolicyFact, attachedAt: Range, via: string, when: When[]): PolicySource {
    return {
      kind: policy.managed ? "customer-managed" : "inline",
      name: policy.name?.known ? policy.name.text : policy.address,
      document: policy.document,
      attachedAt,
      via,
      definedAt: policy.range,
      when,
    };
  }

  private policyByReference(reference: Reference, via: string, range: Range, when: When[]): PolicySource | Unknown {
    const ref = this.followImport(reference);
    if (ref.kind === "unknown" || ref.kind === "import") return { reason: ref.reason, range, when };
    if (ref.kind === "logical") {
      const fact = this.byKey.get(ref.target.key);
      if (fact?.kind === "policy") return this.policySource(fact, range, via, when);
      return { reason: `${fact?.address ?? ref.target.key} is not a managed policy`, range, when };
    }
    const text = ref.value;
    const managed = parseAwsManagedArn(text.text);
    if (managed) {
      if (/\$\{/.test(managed.name)) return { reason: `the policy name in ${text.text} could not be resolved (${text.reason ?? "not known"})`, range, when };
      const info = findManagedPolicy(managed.name);
      const document = managedPolicyDocument(managed.name, range, when);
      if (!info || !document) {
        return { reason: `AWS managed policy ${managed.name} is not in pullguard's bundled index (${managedPoliciesSource()})`, range, when };
      }
      return { kind: "aws-managed", name: info.name, document, attachedAt: range, via, definedAt: undefined, when };
    }
    const customer = CUSTOMER_POLICY_ARN.exec(text.text)?.[1];
    if (customer !== undefined) {
      const found = (this.byName.get(nameKey(segment(text, customer))) ?? []).find((f): f is PolicyFact => f.kind === "policy" && f.managed);
      if (found) return this.policySource(found, range, via, when);
      // A policy looked up by name in an account only known at plan time may be an AWS managed one.
      const accountUnknown = /^arn:[^:]*(?:\$\{[^}]*\})?[^:]*:iam::\$\{/.test(text.text);
      const managedDocument = accountUnknown && segment(text, customer).known ? managedPolicyDocument(customer, range, when) : undefined;
      if (managedDocument) return { kind: "aws-managed", name: customer, document: managedDocument, attachedAt: range, via, definedAt: undefined, when };
      return {
        reason: segment(text, customer).known ? `customer managed policy ${customer} is not defined in the scanned files` : `policy ARN ${text.text} could not be resolved (${text.reason ?? "not known"})`,
        range,
        when,
      };
    }
    return { reason: text.known ? `${text.text} is not a policy ARN` : `policy ARN ${text.text} could not be resolved (${text.reason ?? "not known"})`, range, when };
  }

  private boundary(role: RoleFact): Boundary {
    const [only, ...others] = role.boundary;
    if (!only) return { kind: "none" };
    const range = refRange(only);
    // A boundary that only some Fn::If branches set cannot be relied on: the role is evaluated without it, and said so.
    const branch = (ref: Reference) => refWhen(ref).filter((w) => !role.when.some((r) => r.condition === w.condition && r.value === w.value));
    const conditional = [only, ...others].find((ref) => branch(ref).length > 0);
    if (conditional) {
      const reason = `the permissions boundary applies only when ${describeWhen(branch(conditional))}; the role was evaluated without it`;
      return { kind: "unknown", unknown: { reason, range, when: [] } };
    }
    const resolved = this.policyByReference(only, "PermissionsBoundary", range, role.when);
    if ("reason" in resolved) return { kind: "unknown", unknown: { ...resolved, reason: `permissions boundary: ${resolved.reason}` } };
    return { kind: "resolved", sources: [resolved], range };
  }

  private roleKinds(nodeRoles: Map<string, NodePath[]>): Map<string, Set<RoleKind>> {
    const kinds = new Map<string, Set<RoleKind>>();
    const add = (key: string, kind: RoleKind) => {
      const set = kinds.get(key) ?? new Set<RoleKind>();
      set.add(kind);
      kinds.set(key, set);
    };
    for (const key of nodeRoles.keys()) add(key, "node");
    for (const use of this.facts.roleUses) {
      for (const r of use.role.flatMap((ref) => this.roles(ref))) if ("fact" in r) add(r.fact.key, use.use);
    }
    for (const association of this.facts.podIdentityAssociations) {
      for (const r of association.role.flatMap((ref) => this.roles(ref))) if ("fact" in r) add(r.fact.key, "pod-identity");
    }
    for (const role of this.facts.roles) {
      for (const statement of role.trust?.statements ?? []) {
        if (statement.effect !== "Allow") continue;
        for (const p of statement.principals ?? []) {
          if (p.type === "Federated" && isWebIdentity(statement) && !NON_EKS_ISSUER.test(p.value.text)) add(role.key, "irsa");
          if (p.type === "Service" && /^pods\.eks\.amazonaws\.com$/.test(p.value.text)) add(role.key, "pod-identity");
          if (p.type === "Service" && /^eks-fargate-pods\./.test(p.value.text)) add(role.key, "fargate");
          if (p.type === "Service" && /^eks\.amazonaws\.com$/.test(p.value.text)) add(role.key, "cluster");
        }
      }
      if (!kinds.has(role.key)) add(role.key, "other");
    }
    return kinds;
  }
}

/** The name part of an ARN, known when it has no placeholder even if the partition or account are only known at deploy time. */
function segment(text: Text, name: string): Text {
  return { ...text, text: name, known: !name.includes("${") };
}

export function nameKey(text: Text): string {
  // A name only known at deploy time (`${AWS::StackName}`) can only be matched inside its own template.
  return text.known ? text.text : `${text.range.file}\u0000${text.text}`;
}

function refRange(ref: Reference): Range {
  return ref.kind === "arn" || ref.kind === "name" ? ref.value.range : ref.range;
}

function refWhen(ref: Reference): When[] {
  return ref.kind === "arn" || ref.kind === "name" ? ref.value.when : ref.when;
}


const GROUP_KINDS: Record<string, string> = {
  "AWS::EKS::Nodegroup": "EKS managed node group",
  "AWS::AutoScaling::AutoScalingGroup": "Auto Scaling group",
  aws_eks_access_entry: "EKS access entry",
  "AWS::EKS::AccessEntry": "EKS access entry",
  "aws-auth": "aws-auth entry",
};

function groupLabel(group: NodeGroupFact): string {
  return `${GROUP_KINDS[group.resourceType] ?? "node group"} ${group.address}`;
}

function templateHop(template: LaunchTemplateFact): Hop {
  const kind = template.resourceType === "AWS::AutoScaling::LaunchConfiguration" ? "launch configuration" : "launch template";
  return { label: `${kind} ${template.address}`, range: template.range };
}

/** OIDC issuers that are known not to be EKS clusters: their trusts are CI federation, not IRSA. */
export const NON_EKS_ISSUER = /oidc-provider\/(token\.actions\.githubusercontent\.com|oidc\.circleci\.com|gitlab\.com|app\.terraform\.io|accounts\.google\.com|bitbucket\.org|api\.bitbucket\.org|[^/]*\.auth0\.com)/i;

/** A trust statement for OIDC web identity (IRSA): `sts:AssumeRoleWithWebIdentity`, or a wildcard that covers it. */
export function isWebIdentity(statement: { actions?: Text[] }): boolean {
  return (statement.actions ?? []).some((a) => /^(sts:(AssumeRoleWithWebIdentity|\*|AssumeRoleWith\*)|\*)$/i.test(a.text));
}

/**
 * What a pipeline's task is given when the pipeline's run gives the pipeline `outer`: the task's own
 * arguments with the pipeline's `$(params.X)` filled in (and the run's arguments where the task passes none).
 */
function throughArguments(inner: [string, string][], outer: [string, string][]): [string, string][] {
  const given = new Map(outer);
  const out = new Map(outer);
  for (const [name, value] of inner) out.set(name, value.replace(/\$\(params\.([\w-]+)\)/g, (all, p: string) => given.get(`params.${p}`) ?? all));
  return [...out];
}

/** Whether a workload pushes with whatever AWS identity its pods have (to ECR, or where it cannot be known): only then is its identity worth a note. */
function pushesWithPodIdentity(workload: WorkloadFact, destinations = workload.destinations): boolean {
  if (workload.pushEvidence.length === 0) return false;
  return destinations.length === 0 || nodeCredentialPushes(destinations).length > 0;
}

/** How many leading path segments two files share. */
function sharedPrefix(a: string, b: string): number {
  const x = a.split("/");
  const y = b.split("/");
  let n = 0;
  while (n < x.length - 1 && n < y.length - 1 && x[n] === y[n]) n++;
  return n;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
