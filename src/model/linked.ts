import type {
  Facts,
  InstanceProfileFact,
  LaunchTemplateFact,
  NodeGroupFact,
  PodIdentityAssociationFact,
  PolicyDocument,
  PushDestination,
  RoleFact,
  ServiceAccountFact,
  Unknown,
  When,
  WorkloadFact,
  WorkloadRunFact,
} from "./facts.js";
import type { Range } from "./source.js";

/** A policy that applies to a role, with where it is attached and, if it is in the scan, where it is defined. */
export interface PolicySource {
  kind: "aws-managed" | "customer-managed" | "inline";
  /** What a person calls it: `AmazonEC2ContainerRegistryFullAccess`, `NodeEcrPolicy`. */
  name: string;
  document: PolicyDocument;
  /** Where it is attached to the role: the ARN in `ManagedPolicyArns`, or the policy resource's `Roles` entry. */
  attachedAt: Range;
  via: string;
  definedAt: Range | undefined;
  when: When[];
}

export type Boundary =
  | { kind: "none" }
  | { kind: "resolved"; sources: PolicySource[]; range: Range }
  | { kind: "unknown"; unknown: Unknown };

/** One step from a node group to its role, for messages and SARIF related locations. */
export interface Hop {
  label: string;
  range: Range;
}

/** How EC2 capacity of an EKS cluster reaches a role: node group → launch template → instance profile → role. */
export interface NodePath {
  group: NodeGroupFact | undefined;
  launchTemplate: LaunchTemplateFact | undefined;
  instanceProfile: InstanceProfileFact | undefined;
  role: RoleFact | undefined;
  /** Why the role is not known, when it is not (a parameter, a variable, a profile outside the scan). */
  unseen?: string;
  /** Why these are EKS nodes. */
  evidence: string;
  hops: Hop[];
}

/** A role with every policy that applies to it. */
export interface ResolvedRole {
  role: RoleFact;
  sources: PolicySource[];
  boundary: Boundary;
  /** Inputs to this role's permissions that could not be resolved. */
  unknowns: Unknown[];
}

export interface NodeRole extends ResolvedRole {
  paths: NodePath[];
}

export type RoleKind = "node" | "irsa" | "pod-identity" | "fargate" | "cluster" | "other";

/** A value that decides a node role's or workload's permissions and could not be resolved (PG901). */
export interface Unresolved {
  subject: string;
  reason: string;
  range: Range;
  when: When[];
}

/** A workload joined to the identities its pods can get. */
export interface WorkloadIdentity {
  workload: WorkloadFact;
  /** The service account the pods run as: the one the spec (or the run of a reusable spec) names, or `default`. */
  serviceAccount: string;
  /** Where that service account lives, when written. */
  namespace: string | undefined;
  /** The run that decides the service account, for a reusable spec. */
  run: WorkloadRunFact | undefined;
  /** The service accounts of the scan it can be (same name; same namespace where both say one). */
  accounts: ServiceAccountFact[];
  /** The EKS Pod Identity associations of that service account. */
  associations: PodIdentityAssociationFact[];
  /** Where its pods push to, with what its run passes the spec's parameters filled in. */
  destinations: PushDestination[];
  /** The cluster the workload's manifest belongs to, when the repository says (its folder is named after one). */
  cluster: string | undefined;
  /**
   * Set when the workload's cluster cannot be decided and its service account has identities in several
   * clusters: none of them is taken to cover it, and these are the clusters, for the message.
   */
  undecidedClusters?: string[];
  /** Set when the service account has identities only in other clusters than the workload's: those clusters. */
  otherClusters?: string[];
}

/** A service account (IRSA) or Pod Identity association and the role it names, when that role is in the scan. */
export interface IdentityRole<T> {
  via: T;
  role: RoleFact;
  when: When[];
}

export interface LinkedModel {
  facts: Facts;
  nodePaths: NodePath[];
  nodeRoles: NodeRole[];
  /** Roles that pods assume through IRSA or EKS Pod Identity. */
  workloadRoles: ResolvedRole[];
  roleKinds: Map<string, Set<RoleKind>>;
  workloads: WorkloadIdentity[];
  serviceAccountRoles: IdentityRole<ServiceAccountFact>[];
  podIdentityRoles: IdentityRole<PodIdentityAssociationFact>[];
  unresolved: Unresolved[];
}
