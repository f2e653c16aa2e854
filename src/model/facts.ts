import type { Unresolved } from "./linked.js";
import type { Format, Range } from "./source.js";

/**
 * A template condition a value depends on (CloudFormation `Fn::If`, a resource's `Condition`).
 * `value` is the outcome under which the value applies.
 */
export interface When {
  condition: string;
  value: boolean;
}

/**
 * A string from the source with what is known of it. Parts that cannot be known (a pseudo parameter,
 * a parameter without a default, an import) appear in `text` as `${...}` placeholders and make
 * `known` false; `reason` then says why.
 */
export interface Text {
  text: string;
  known: boolean;
  range: Range;
  when: When[];
  reason?: string;
  /** Set when the whole text is one reference to another fact (Ref / GetAtt). */
  ref?: LogicalRef;
  /** Set when the whole text is imported from another template's export (`Fn::ImportValue`), by export name. */
  importedFrom?: string;
}

/** Something pullguard could not resolve, kept so that it is reported (PG901) instead of passing silently. */
export interface Unknown {
  reason: string;
  range: Range;
  when: When[];
}

export interface LogicalRef {
  /** The `key` of the fact referred to. */
  key: string;
  attribute?: string;
}

/** How one fact points at another; resolved in `link`. */
export type Reference =
  | { kind: "logical"; target: LogicalRef; range: Range; when: When[] }
  | { kind: "arn"; value: Text }
  | { kind: "name"; value: Text }
  | { kind: "import"; exportName: string; reason: string; range: Range; when: When[] }
  | { kind: "unknown"; reason: string; range: Range; when: When[] };

export interface Principal {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `Principal: "*"`. */
  type: string;
  value: Text;
}

export interface ConditionClause {
  operator: string;
  key: string;
  values: Text[];
  range: Range | undefined;
}

export interface Statement {
  index: number;
  sid?: string;
  effect: "Allow" | "Deny";
  actions?: Text[];
  notActions?: Text[];
  /** The `NotAction` key: where an allow-everything-but grant is written. */
  notActionKey?: Range;
  resources?: Text[];
  notResources?: Text[];
  principals?: Principal[];
  notPrincipals?: Principal[];
  conditions: ConditionClause[];
  /** Undefined for statements of bundled AWS managed policies, which have no place in the scanned files. */
  range: Range | undefined;
  when: When[];
}

export interface PolicyDocument {
  /** Where the document comes from, for messages: `inline policy "ecr" of role NodeRole`. */
  origin: string;
  range: Range | undefined;
  statements: Statement[];
  unknowns: Unknown[];
}

interface FactBase {
  /** Unique in the scan: `<file>#<logical id>`. */
  key: string;
  /** What a person calls it: the logical id or resource address. */
  address: string;
  format: Format;
  /** The definition (the logical id key of a CloudFormation resource). */
  range: Range;
  when: When[];
}

export interface Attachment {
  policy: Reference;
  range: Range;
  when: When[];
  /** The property or resource that attaches it, for messages (`ManagedPolicyArns`). */
  via: string;
}

export interface Tag {
  key: Text;
  value: Text;
}

export interface RoleFact extends FactBase {
  kind: "role";
  name: Text | undefined;
  /** Terraform's `name_prefix`: the name is this and a suffix generated at creation (matched against CloudTrail). */
  namePrefix?: Text | undefined;
  trust: PolicyDocument | undefined;
  attachments: Attachment[];
  inlinePolicies: PolicyDocument[];
  /** Where the inline policies are written, for messages: `Policies`, `inline_policy`. */
  inlineVia: string;
  /** Every alternative (`Fn::If`); empty when there is none. */
  boundary: Reference[];
  tags: Tag[];
}

export interface PolicyFact extends FactBase {
  kind: "policy";
  /** A customer managed policy (it has an ARN and can be attached by it) rather than an inline one. */
  managed: boolean;
  name: Text | undefined;
  document: PolicyDocument;
  roles: Reference[];
  /** The property that names the roles, for messages: `Roles`, `RoleName`, `role`. */
  rolesVia: string;
}

export interface InstanceProfileFact extends FactBase {
  kind: "instance-profile";
  name: Text | undefined;
  roles: Reference[];
}

/** One possible value of a setting: its value if known, where it is written, and under which conditions. */
export interface Setting<T> {
  value: T | undefined;
  range: Range;
  when: When[];
  reason?: string;
}

export interface MetadataOptions {
  /** The `MetadataOptions` block itself, when written. */
  range: Range | undefined;
  httpTokens: Setting<string>[];
  hopLimit: Setting<number>[];
  httpEndpoint: Setting<string>[];
}

export interface LaunchTemplateFact extends FactBase {
  kind: "launch-template";
  /** `AWS::EC2::LaunchTemplate` or `AWS::AutoScaling::LaunchConfiguration`. */
  resourceType: string;
  name: Text | undefined;
  instanceProfile: Reference[];
  metadata: MetadataOptions;
  /** Why this template looks like it launches EKS nodes (user data calling bootstrap.sh, an EKS AMI, ...). */
  eksEvidence: string[];
}

export type NodeGroupKind = "managed" | "self-managed" | "auto" | "eksctl" | "karpenter" | "fargate" | "access-entry" | "aws-auth";

export interface NodeGroupFact extends FactBase {
  kind: "node-group";
  nodeKind: NodeGroupKind;
  resourceType: string;
  /** The node role when the group names it directly (EKS managed node groups); every `Fn::If` alternative. */
  role: Reference[];
  launchTemplate: Reference[];
  /** Instance profiles the nodes run with when the group names one directly (Karpenter `EC2NodeClass`). */
  instanceProfile: Reference[];
  /** Why this is a group of EKS nodes (for self-managed groups: the cluster tag). */
  evidence: string;
  amiType: Text | undefined;
}

export interface PodIdentityAssociationFact extends FactBase {
  kind: "pod-identity-association";
  namespace: Text | undefined;
  serviceAccount: Text | undefined;
  role: Reference[];
  /** The EKS cluster the association belongs to, when written (`cluster_name`, `ClusterName`, the eksctl cluster). */
  cluster: Text | undefined;
}

export interface EcrRepositoryFact extends FactBase {
  kind: "ecr-repository";
  /** `AWS::ECR::Repository`, `aws_ecr_repository`, or `aws_ecr_repository_policy` (a policy only: no settings of its own). */
  resourceType: string;
  name: Text | undefined;
  policy: PolicyDocument | undefined;
  /** Every alternative (`Fn::If`, a conditional); empty when not written. */
  encryptionType: Text[];
  tagMutability: Text[];
}

/** A role used by something that is not a node: an EKS cluster, a Fargate profile. Only used to classify roles. */
export interface RoleUseFact extends FactBase {
  kind: "role-use";
  use: "cluster" | "fargate";
  role: Reference[];
}

/** A policy attached to roles by a resource of its own (Terraform `aws_iam_role_policy_attachment`). */
export interface AttachmentFact extends FactBase {
  kind: "attachment";
  roles: Reference[];
  policy: Reference;
  attachedAt: Range;
  via: string;
}

/**
 * A Kubernetes service account (a manifest, Terraform `kubernetes_service_account`, eksctl
 * `iam.serviceAccounts`), with the IAM role it gets through IRSA.
 */
export interface ServiceAccountFact extends FactBase {
  kind: "service-account";
  /** Undefined when not written: the namespace the manifest is applied to. */
  namespace: Text | undefined;
  name: Text | undefined;
  /** The `eks.amazonaws.com/role-arn` annotation, or the role eksctl creates or attaches; undefined when none. */
  role: Reference | undefined;
  /** The EKS cluster, when the file says it (an eksctl ClusterConfig); link decides a manifest's from its folder. */
  cluster?: Text | undefined;
}

/** Why a workload is taken to build and push images; quoted in messages. */
export interface PushEvidence {
  /** What was seen, for the message: `image gcr.io/kaniko-project/executor:latest`, `argument --destination=repo/app`. */
  text: string;
  range: Range;
}

/**
 * Credentials of its own that a pushing container brings, instead of the AWS identity of its pod.
 * `docker-config`: a docker config or auth file from a secret (`/kaniko/.docker`, `--authfile`); it may
 * still hand ECR to the ECR credential helper, which uses the pod's AWS identity. `login`: a registry
 * login with a password that does not come from the pod's AWS identity. `aws`: AWS credentials of its
 * own (a secret mounted at `~/.aws`, access keys in the environment).
 */
export interface RegistryCredentials {
  kind: "docker-config" | "login" | "aws";
  /** For messages: `secret regcred at /kaniko/.docker`. */
  text: string;
  range: Range;
}

/** Where a workload pushes, as far as its manifest tells. */
export interface PushDestination {
  /** The image reference with what is known substituted (parameter defaults, variables): `111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1`. */
  text: string;
  /** As written, when substitution changed it: `{{inputs.parameters.image}}`, `$REGISTRY/app`. */
  written: string | undefined;
  /** Where it is written: the argument, the script line, the parameter default. */
  range: Range;
  /**
   * `ecr`: a private ECR registry (`<account>.dkr.ecr.<region>.amazonaws.com[.cn]`) or ECR Public
   * (`public.ecr.aws`), pushed to with the pod's AWS identity; `other`: another registry, which AWS
   * credentials never authenticate to; `unknown`: the registry cannot be told from the scanned files.
   */
  kind: "ecr" | "other" | "unknown";
  /** The registry host when known: `111122223333.dkr.ecr.eu-west-1.amazonaws.com`, `public.ecr.aws`, `docker.io`. */
  registry: string | undefined;
  /** Why the registry is not known (kind `unknown`), for the message. */
  reason?: string;
  /** Placeholders left in `text` that a run of the spec fills in: `params.IMAGE`, `inputs.parameters.image`. */
  parameters: string[];
  /** Credentials of its own that the pushing container brings. */
  credentials: RegistryCredentials[];
}

/**
 * A pod spec: a Pod, the pod template of a Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or
 * CronJob, or the pods of a Tekton task, an Argo workflow or a Jenkins agent template.
 */
export interface WorkloadFact extends FactBase {
  kind: "workload";
  /** Undefined when not written: the namespace the manifest is applied to. */
  namespace: Text | undefined;
  /** `serviceAccountName`; undefined when the spec names none, and the pods run as `default`. */
  serviceAccount: Text | undefined;
  /** Where the pod spec is, for a message that says where to add `serviceAccountName`. */
  podSpec: Range;
  /** Empty for workloads that show no sign of pushing images: a push workload has a builder and a push, or the author's annotation. */
  pushEvidence: PushEvidence[];
  /** Where its pushes go: empty without push evidence, and at least one (`unknown` when none is written) with it. */
  destinations: PushDestination[];
  /** The `image:` of the container that builds or pushes: where PG201 is reported. Undefined without push evidence. */
  builderImage: Text | undefined;
  /**
   * Set for a spec that runs as whatever service account its run names (a Tekton Task or Pipeline, an
   * Argo WorkflowTemplate): how runs refer to it, `Task/kaniko`.
   */
  reusable: string | undefined;
}

/** A run of a reusable pod spec (a TaskRun of a Task, a PipelineRun of a Pipeline, a Workflow of a WorkflowTemplate). */
export interface WorkloadRunFact extends FactBase {
  kind: "workload-run";
  /** What it runs, as `WorkloadFact.reusable` names it: `Task/kaniko`. */
  target: string;
  /** A Pipeline's task runs as the service account of the run of the pipeline: `Pipeline/build`. */
  through: string | undefined;
  namespace: Text | undefined;
  serviceAccount: Text | undefined;
  /** What the run passes the spec's parameters, by the names the spec uses (`params.IMAGE`, `inputs.parameters.image`), as pairs: facts are plain data. */
  arguments: [name: string, value: string][];
}

/** A value a template exports for others to import (CloudFormation `Outputs` with `Export`). */
export interface ExportFact extends FactBase {
  kind: "export";
  name: Text;
  value: Text;
}

export type Fact =
  | RoleFact
  | PolicyFact
  | InstanceProfileFact
  | LaunchTemplateFact
  | NodeGroupFact
  | PodIdentityAssociationFact
  | EcrRepositoryFact
  | RoleUseFact
  | ServiceAccountFact
  | WorkloadFact
  | WorkloadRunFact
  | AttachmentFact
  | ExportFact;

/** Everything extracted from the scanned files, before linking. */
export interface Facts {
  roles: RoleFact[];
  policies: PolicyFact[];
  instanceProfiles: InstanceProfileFact[];
  launchTemplates: LaunchTemplateFact[];
  nodeGroups: NodeGroupFact[];
  podIdentityAssociations: PodIdentityAssociationFact[];
  ecrRepositories: EcrRepositoryFact[];
  roleUses: RoleUseFact[];
  serviceAccounts: ServiceAccountFact[];
  workloads: WorkloadFact[];
  workloadRuns: WorkloadRunFact[];
  attachments: AttachmentFact[];
  exports: ExportFact[];
  /** Parts of a file that were not analysed at all (a template macro, a `Fn::ForEach` block): never silently clean. */
  gaps: Unresolved[];
  /** Values Terraform fills into a scanned file it renders (`templatefile("nodeclass.yaml", { ROLE = ... })`). */
  templateBindings: TemplateBinding[];
}

/** A `${name}` of a scanned file that a Terraform `templatefile()` call fills with `value`. */
export interface TemplateBinding {
  /** The rendered file, as the scan names it. */
  file: string;
  name: string;
  value: Text;
}

export function emptyFacts(): Facts {
  return {
    roles: [],
    policies: [],
    instanceProfiles: [],
    launchTemplates: [],
    nodeGroups: [],
    podIdentityAssociations: [],
    ecrRepositories: [],
    roleUses: [],
    serviceAccounts: [],
    workloads: [],
    workloadRuns: [],
    attachments: [],
    exports: [],
    gaps: [],
    templateBindings: [],
  };
}

export function describeWhen(when: When[]): string {
  return when.map((w) => `condition ${w.condition} is ${w.value}`).join(" and ");
}

/** How a string points at another fact: a reference inside its template, an import, an ARN, a name, or unknown. */
export function referenceOf(text: Text): Reference {
  if (text.ref) return { kind: "logical", target: text.ref, range: text.range, when: text.when };
  if (text.importedFrom !== undefined) {
    return { kind: "import", exportName: text.importedFrom, reason: text.reason ?? "imported", range: text.range, when: text.when };
  }
  if (!text.known && text.text === "${?}") return { kind: "unknown", reason: text.reason ?? "not known", range: text.range, when: text.when };
  return /^arn:/i.test(text.text) ? { kind: "arn", value: text } : { kind: "name", value: text };
}

/** The pushes the pod's AWS identity authenticates: to ECR, or to a registry that cannot be known, without AWS credentials or a login of its own. */
export function nodeCredentialPushes(destinations: PushDestination[]): PushDestination[] {
  return destinations.filter((d) => d.kind !== "other" && !d.credentials.some((c) => c.kind === "aws" || c.kind === "login"));
}

/** Appends every list of `from` to the same list of `into`. */
export function mergeFacts(into: Facts, from: Facts): void {
  for (const key of Object.keys(into) as (keyof Facts)[]) (into[key] as unknown[]).push(...(from[key] as unknown[]));
}
