/** A span of source text. Lines and columns are 1-based; columns count UTF-16 code units, as SARIF does. */
export interface Range {
	file: string;
	startLine: number;
	startColumn: number;
	endLine: number;
	endColumn: number;
	/**
	 * Where the value is actually written, when the range was moved to where a person acts on it
	 * (a module's internal value reported at the module call, a variable default at its use).
	 */
	origin?: {
		range: Range;
		note: string;
		/**
		 * The range was inside a child module's files (`from`) and was moved to the module call `call` (its address).
		 * The scan puts it back when it reports that file (a local module of the scanned repository).
		 */
		moved?: {
			call: string;
			from: Range;
		};
	};
}
/** The formats pullguard recognises when it sniffs a file. */
export type Format = "cloudformation" | "eksctl" | "kubernetes" | "terraform" | "terraform-plan";
/** One file handed to the pipeline, with the path it is reported under (relative to the scan root, `/`-separated). */
export interface SourceFile {
	path: string;
	text: string;
}
/**
 * A problem with an input file itself. Without a level it is fatal for that file: it could not be read or
 * parsed, and the scan is incomplete. A `warning` is not a failure: the file was read as its consumer reads
 * it (a duplicate key CloudFormation resolves), or a document of it was left out (a Helm template), and the
 * diagnostic says so.
 */
export interface Diagnostic {
	file: string;
	line: number;
	column: number;
	message: string;
	level?: "warning";
}
interface PolicySource {
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
type Boundary = {
	kind: "none";
} | {
	kind: "resolved";
	sources: PolicySource[];
	range: Range;
} | {
	kind: "unknown";
	unknown: Unknown;
};
interface Hop {
	label: string;
	range: Range;
}
interface NodePath {
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
interface ResolvedRole {
	role: RoleFact;
	sources: PolicySource[];
	boundary: Boundary;
	/** Inputs to this role's permissions that could not be resolved. */
	unknowns: Unknown[];
}
interface NodeRole extends ResolvedRole {
	paths: NodePath[];
}
type RoleKind = "node" | "irsa" | "pod-identity" | "fargate" | "cluster" | "other";
interface Unresolved {
	subject: string;
	reason: string;
	range: Range;
	when: When[];
}
interface WorkloadIdentity {
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
interface IdentityRole<T> {
	via: T;
	role: RoleFact;
	when: When[];
}
interface LinkedModel {
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
interface When {
	condition: string;
	value: boolean;
}
interface Text {
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
interface Unknown {
	reason: string;
	range: Range;
	when: When[];
}
interface LogicalRef {
	/** The `key` of the fact referred to. */
	key: string;
	attribute?: string;
}
type Reference = {
	kind: "logical";
	target: LogicalRef;
	range: Range;
	when: When[];
} | {
	kind: "arn";
	value: Text;
} | {
	kind: "name";
	value: Text;
} | {
	kind: "import";
	exportName: string;
	reason: string;
	range: Range;
	when: When[];
} | {
	kind: "unknown";
	reason: string;
	range: Range;
	when: When[];
};
interface Principal {
	/** `AWS`, `Service`, `Federated`, `CanonicalUser`, or `*` for `Principal: "*"`. */
	type: string;
	value: Text;
}
interface ConditionClause {
	operator: string;
	key: string;
	values: Text[];
	range: Range | undefined;
}
interface Statement {
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
interface PolicyDocument {
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
interface Attachment {
	policy: Reference;
	range: Range;
	when: When[];
	/** The property or resource that attaches it, for messages (`ManagedPolicyArns`). */
	via: string;
}
interface Tag {
	key: Text;
	value: Text;
}
interface RoleFact extends FactBase {
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
interface PolicyFact extends FactBase {
	kind: "policy";
	/** A customer managed policy (it has an ARN and can be attached by it) rather than an inline one. */
	managed: boolean;
	name: Text | undefined;
	document: PolicyDocument;
	roles: Reference[];
	/** The property that names the roles, for messages: `Roles`, `RoleName`, `role`. */
	rolesVia: string;
}
interface InstanceProfileFact extends FactBase {
	kind: "instance-profile";
	name: Text | undefined;
	roles: Reference[];
}
interface Setting<T> {
	value: T | undefined;
	range: Range;
	when: When[];
	reason?: string;
}
interface MetadataOptions {
	/** The `MetadataOptions` block itself, when written. */
	range: Range | undefined;
	httpTokens: Setting<string>[];
	hopLimit: Setting<number>[];
	httpEndpoint: Setting<string>[];
}
interface LaunchTemplateFact extends FactBase {
	kind: "launch-template";
	/** `AWS::EC2::LaunchTemplate` or `AWS::AutoScaling::LaunchConfiguration`. */
	resourceType: string;
	name: Text | undefined;
	instanceProfile: Reference[];
	metadata: MetadataOptions;
	/** Why this template looks like it launches EKS nodes (user data calling bootstrap.sh, an EKS AMI, ...). */
	eksEvidence: string[];
}
type NodeGroupKind = "managed" | "self-managed" | "auto" | "eksctl" | "karpenter" | "fargate" | "access-entry" | "aws-auth";
interface NodeGroupFact extends FactBase {
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
interface PodIdentityAssociationFact extends FactBase {
	kind: "pod-identity-association";
	namespace: Text | undefined;
	serviceAccount: Text | undefined;
	role: Reference[];
	/** The EKS cluster the association belongs to, when written (`cluster_name`, `ClusterName`, the eksctl cluster). */
	cluster: Text | undefined;
}
interface EcrRepositoryFact extends FactBase {
	kind: "ecr-repository";
	/** `AWS::ECR::Repository`, `aws_ecr_repository`, or `aws_ecr_repository_policy` (a policy only: no settings of its own). */
	resourceType: string;
	name: Text | undefined;
	policy: PolicyDocument | undefined;
	/** Every alternative (`Fn::If`, a conditional); empty when not written. */
	encryptionType: Text[];
	tagMutability: Text[];
}
interface RoleUseFact extends FactBase {
	kind: "role-use";
	use: "cluster" | "fargate";
	role: Reference[];
}
interface AttachmentFact extends FactBase {
	kind: "attachment";
	roles: Reference[];
	policy: Reference;
	attachedAt: Range;
	via: string;
}
interface ServiceAccountFact extends FactBase {
	kind: "service-account";
	/** Undefined when not written: the namespace the manifest is applied to. */
	namespace: Text | undefined;
	name: Text | undefined;
	/** The `eks.amazonaws.com/role-arn` annotation, or the role eksctl creates or attaches; undefined when none. */
	role: Reference | undefined;
	/** The EKS cluster, when the file says it (an eksctl ClusterConfig); link decides a manifest's from its folder. */
	cluster?: Text | undefined;
}
interface PushEvidence {
	/** What was seen, for the message: `image gcr.io/kaniko-project/executor:latest`, `argument --destination=repo/app`. */
	text: string;
	range: Range;
}
interface RegistryCredentials {
	kind: "docker-config" | "login" | "aws";
	/** For messages: `secret regcred at /kaniko/.docker`. */
	text: string;
	range: Range;
}
interface PushDestination {
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
interface WorkloadFact extends FactBase {
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
interface WorkloadRunFact extends FactBase {
	kind: "workload-run";
	/** What it runs, as `WorkloadFact.reusable` names it: `Task/kaniko`. */
	target: string;
	/** A Pipeline's task runs as the service account of the run of the pipeline: `Pipeline/build`. */
	through: string | undefined;
	namespace: Text | undefined;
	serviceAccount: Text | undefined;
	/** What the run passes the spec's parameters, by the names the spec uses (`params.IMAGE`, `inputs.parameters.image`), as pairs: facts are plain data. */
	arguments: [
		name: string,
		value: string
	][];
}
interface ExportFact extends FactBase {
	kind: "export";
	name: Text;
	value: Text;
}
interface Facts {
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
interface TemplateBinding {
	/** The rendered file, as the scan names it. */
	file: string;
	name: string;
	value: Text;
}
/**
 * What the CloudTrail logs given with `--cloudtrail` say about node roles: the ECR write calls each
 * role's sessions made, so that a team knows whether removing the write access breaks anything.
 */
/** ECR write calls with the same action, repository and source, counted. */
export interface WriteCallGroup {
	/** `ecr:PutImage`. */
	action: string;
	/** The repository name, or `(registry)` for calls that name none (registry policy, replication). */
	repository: string;
	userAgent: string;
	sourceIp: string;
	/** Calls that succeeded. */
	calls: number;
	/** Calls that failed (`errorCode` set, such as AccessDenied): counted apart, never as use. */
	failed: number;
	firstSeen: string;
	lastSeen: string;
}
/** How a node role of the code was found in the logs. */
export type RoleMatch = 
/** By the role's name (the code never holds the account, so any account's role of that name matches). */
{
	how: "name";
	name: string;
	issuers: string[];
}
/** By a name only partly known in the code (a prefix, a placeholder): `nodes-*`. */
 | {
	how: "pattern";
	pattern: string;
	issuers: string[];
}
/** Not matched: the code does not say the role's name. */
 | {
	how: "none";
	reason: string;
};
export interface RoleEvidence {
	/** The node role's address, as findings name it. */
	role: string;
	match: RoleMatch;
	/**
	 * `used`: at least one successful ECR write call; `unused`: the role's sessions are in the logs and
	 * none made one (safe to remove); `unknown`: the role could not be matched, or the logs hold no
	 * session of it, so they vouch for nothing.
	 */
	verdict: "unused" | "used" | "unknown";
	/** Successful and failed calls, most frequent first. */
	calls: WriteCallGroup[];
	totalCalls: number;
	totalFailed: number;
}
/** The logs read, whatever they held. */
export interface CloudTrailCoverage {
	/** The `--cloudtrail` path as given. */
	path: string;
	filesRead: number;
	/** Files that could not be read or parsed whole (records before the damage are kept). */
	filesFailed: number;
	/** Up to a few of them, with why, for the report. */
	failures: {
		file: string;
		reason: string;
	}[];
	/** Valid records read. */
	records: number;
	/** Records skipped: not an object, or without a valid eventTime, eventSource or eventName. */
	malformedRecords: number;
	/** The earliest and latest `eventTime` of the valid records (ISO 8601), undefined when there is none. */
	from: string | undefined;
	to: string | undefined;
}
export interface CloudTrailEvidence {
	coverage: CloudTrailCoverage;
	/** One entry per node role that has an ECR write or admin finding. */
	roles: RoleEvidence[];
}
export type Level = "error" | "warning" | "note";
export type LevelSetting = Level | "off";
export interface RelatedLocation {
	range: Range;
	message: string;
}
/** A mechanical change: inside `range`, replace the text `find` with `replace`. */
export interface Edit {
	range: Range;
	find: string;
	replace: string;
}
interface DeferredEdit {
	range: Range;
	kind: "remove-eksctl-image-builder";
}
export interface Fix {
	description: string;
	edits: Edit[];
	/** Resolved into `edits` by the fix engine before the fix is reported; the fix is dropped when one cannot be. */
	deferred?: DeferredEdit[];
}
/** Why a finding is not reported: an ignore written in the file or in the configuration. */
export interface Suppression {
	kind: "comment" | "metadata" | "annotation" | "config";
	reason: string;
	/** `YYYY-MM-DD`: the ignore stops applying after this day. */
	until: string | undefined;
	/** Where the ignore is written (undefined for a configuration entry without a file of its own). */
	location: Range | undefined;
}
export interface Finding {
	ruleId: string;
	ruleName: string;
	level: Level;
	messageId: string;
	message: string;
	/** Where a person would change the code. */
	location: Range;
	/** The chain behind the finding: node group, launch template, profile, role, policy. */
	related: RelatedLocation[];
	/** Stable across reformatting: built from the rule, the resources and the action or ARN, never from lines. */
	fingerprint: string;
	/** The template conditions under which the finding applies (CloudFormation `Fn::If`). */
	when: When[];
	fix: Fix | undefined;
	/** Why the rule's automatic fix does not apply to this finding, and what to do by hand instead. */
	fixSkipped?: string;
	/** The resources the finding is about (node role, workload, repository addresses), for ignores by resource. */
	resources?: string[];
	/** Set on findings an ignore applies to; they are kept (JSON shows them) but not reported. */
	suppression?: Suppression;
	/** With `--cloudtrail`, on node-role write findings: what the logs say about each role's write calls. */
	cloudtrail?: RoleEvidence[];
}
interface IgnoreDirective {
	kind: Suppression["kind"];
	/** Rule ids or names, as written. */
	rules: string[];
	reason: string | undefined;
	/** `YYYY-MM-DD`, the last day it applies. */
	until: string | undefined;
	/** Where it is written; undefined for a configuration entry. */
	location: Range | undefined;
	/** What it covers: lines of one file, or (configuration) files and resources by glob. */
	scope: {
		file: string;
		startLine: number;
		endLine: number;
	} | {
		path: string | undefined;
		resource: string | undefined;
	};
	/** Why it does not apply at all (no reason, a date that is not a date, an unknown rule). */
	problem: string | undefined;
}
interface IgnoreStatus {
	directive: IgnoreDirective;
	/** Findings it suppressed. */
	used: number;
	/** Findings it would have suppressed had it not expired. */
	expiredMatches: number;
}
interface WorkerOptions {
	count: number;
	script: URL;
}
/** What became of a file: analysed, failed (a diagnostic says why), skipped (with why), or in a format not analysed yet. */
export type FileStatus = {
	path: string;
	status: "analysed";
	format: Format;
}
/** No format when the file could not even be read. */
 | {
	path: string;
	status: "failed";
	format?: Format;
} | {
	path: string;
	status: "skipped";
	reason: string;
} | {
	path: string;
	status: "unsupported";
	format: Format;
};
interface ResourceType {
	/** `repository`, `role`. */
	name: string;
	/** Its ARN as a pattern, the catalogue's variables made wildcards: `arn:*:ecr:*:*:repository/*`. */
	arn: string;
}
interface ActionInfo {
	/** Canonical spelling, `ecr:PutImage`. */
	name: string;
	service: string;
	/** The access level from the IAM service authorization reference (`Write`, `Permissions management, Write`, ...). */
	level: string;
	/** What it acts on; empty for an action that acts only on `*` (ecr:GetAuthorizationToken). */
	resourceTypes: ResourceType[];
	/** The call may name no resource at all (ecr-public:DescribeRepositories): it is then asked on `*`. */
	resourceOptional: boolean;
}
type EcrTier = "none" | "pull" | "read" | "write" | "admin";
interface ResourceScope {
	/** Every resource the action acts on (every repository; `*` for an action that acts only on `*`). */
	everywhere: boolean;
	/** The Allow's `Resource` patterns that still reach a resource, or `*` for a `NotResource` Allow. */
	resources: string[];
	/** Patterns the grant is narrowed to: a Deny's `NotResource`, the boundary's or an SCP's `Resource`. */
	only: string[];
	/** Patterns taken out: the Allow's `NotResource`, a Deny's `Resource`, what the boundary denies. */
	except: string[];
}
interface GrantCondition {
	/** `aws:SourceVpce is vpce-1234`, `aws:SecureTransport is not false`. */
	text: string;
	/** `allow`: the Allow's own condition; `deny`: the grant holds only while a conditional Deny does not apply. */
	from: "allow" | "deny";
	/** For a Deny that covers only part of the grant: the patterns it denies on. */
	on?: string[];
}
interface Grant {
	action: ActionInfo;
	source: PolicySource;
	statement: Statement;
	/** The `Action` entry that matched; undefined when the statement allows through `NotAction`. */
	pattern: Text | undefined;
	/** Allowed by a grant that is not about one service (`*`, `*:*`, `NotAction`). */
	broad: boolean;
	/** The statement's `Resource` as written, or `all except ...` for its `NotResource`. */
	resources: string[];
	/** Where it reaches once Deny statements, the boundary and any SCP are applied. */
	scope: ResourceScope;
	/** It holds only under IAM conditions: the Allow's own, or a conditional Deny that was not assumed to apply. */
	conditional: boolean;
	conditions: GrantCondition[];
	/** CloudFormation `Fn::If` conditions (and the like) it depends on. */
	when: When[];
}
interface Cancelled {
	grant: Grant;
	reason: string;
	/** Why in one word, for rules that explain a missing permission (PG104). */
	kind: "resource-type" | "deny" | "boundary" | "scp";
}
interface TierReach {
	tier: Exclude<EcrTier, "none">;
	/** Every repository (or the whole registry: a registry-wide action such as ecr:PutReplicationConfiguration). */
	everywhere: boolean;
	/** The patterns it reaches when not everywhere, from the grants' scopes. */
	resources: string[];
	except: string[];
	/** Every grant of this tier holds only under IAM conditions. */
	conditional: boolean;
}
interface RoleAccess {
	/** What the role is effectively allowed, of the tracked actions: somewhere, possibly under conditions. */
	grants: Grant[];
	cancelled: Cancelled[];
	tier: EcrTier;
	/** The reach of each ECR tier the role holds, highest first. */
	reach: TierReach[];
	/** The role can change IAM permissions (its own included): every IAM permissions-management action. */
	iamAdmin: boolean;
	unknowns: Unknown[];
}
interface RuleModel {
	linked: LinkedModel;
	access: Map<string, RoleAccess>;
	/** Every ignore of the scan and what it matched; filled in once the other rules have run. */
	ignores: IgnoreStatus[];
	/** Settings from the configuration that rules read; defaults when unset. */
	options?: RuleOptions;
}
interface RuleOptions {
	/** Tag keys every node role must carry (PG401), compared as AWS does: case-sensitively. */
	requiredTags: string[];
}
interface ConfigIgnore {
	rule: string | string[];
	path?: string;
	resource?: string;
	reason?: string;
	until?: string;
}
interface Issuer {
	/** `arn:aws:iam::111122223333:role/path/NodeRole`. */
	arn: string;
	/** `NodeRole`. */
	name: string;
	accountId: string;
	/** Records of this role's sessions, of any service. */
	records: number;
	/** ECR write calls by group (action, repository, user agent, source IP). */
	writes: Map<string, WriteCallGroup>;
}
/** What the logs hold, reduced to what pullguard needs: the size stays bounded whatever their volume. */
export interface CloudTrailUsage {
	coverage: CloudTrailCoverage;
	/** Role session issuers, by ARN. */
	issuers: Map<string, Issuer>;
}
export interface ScanOptions {
	/** Files and folders to scan (default: the current folder). */
	paths?: string[];
	cwd?: string;
	include?: string[];
	exclude?: string[];
	/** Rule levels by id or name, over the defaults. */
	rules?: Record<string, LevelSetting>;
	/** Scan these in-memory files instead of discovering files on disk. */
	files?: SourceFile[];
	/** Terraform variable files (`--var-file`), read in order. */
	varFiles?: string[];
	/** Terraform variables (`--var NAME=VALUE`). */
	vars?: Record<string, string>;
	/**
	 * Standard input (`-`), scanned as the file `stdin` (rendered manifests: `helm template ... | pullguard -`):
	 * its text, or its bytes, which are decoded and limited like a file's.
	 */
	stdin?: string | Uint8Array;
	/** The configuration file's ignores, with its path and text so that each is placed for PG902 and PG903. */
	config?: {
		path: string;
		text: string;
		ignores: ConfigIgnore[];
	};
	/** Tag keys every node role must carry (`requiredTags` in the configuration; PG401). */
	requiredTags?: string[];
	/** `YYYY-MM-DD` for the `until:` of ignores (default: today, UTC). */
	today?: string;
	/** CloudTrail logs read beforehand (`readCloudTrail`): node-role write findings then say whether the logs show the access in use. */
	cloudtrail?: CloudTrailUsage;
	/** Files larger than this many bytes are not read (default 10 MB). */
	maxFileBytes?: number;
	/**
	 * Keep what reading, parsing, extracting and evaluating gave in a folder (default: node_modules/.cache/pullguard
	 * in the scan root when it has node_modules, else .pullguard-cache), and reuse it for files and root modules that
	 * have not changed. Not used for `files`.
	 */
	cache?: {
		location?: string;
	};
	/**
	 * Analyse YAML and JSON files in up to `count` worker threads running `script` (the bundle's dist/worker.js), when
	 * there are enough of them to pay for starting threads. Reports are the same whatever the count.
	 */
	workers?: WorkerOptions;
}
export interface ScanResult {
	/** The folder file paths are relative to. */
	root: string;
	files: FileStatus[];
	/** Files whose type pullguard never reads (by extension). */
	otherFiles: number;
	/** What is reported: findings no ignore and no baseline entry applies to. */
	findings: Finding[];
	/** Findings an ignore applies to, each with its justification. */
	suppressed: Finding[];
	/** With a baseline: how many findings it matched, and how many of its entries match nothing any more. */
	baseline?: {
		file: string;
		matched: number;
		gone: number;
	};
	/** Files that could not be read or parsed: the scan is incomplete. */
	diagnostics: Diagnostic[];
	model: RuleModel;
	/** File texts by path, for code frames and fixes. */
	sources: Map<string, string>;
	missing: string[];
	/** `--var` names that no scanned Terraform file declares as a variable (Terraform rejects such a value). */
	undeclaredVars: string[];
	/** With `ScanOptions.cloudtrail`: what the logs covered and what they say about each node role with a write finding. */
	cloudtrail?: CloudTrailEvidence;
}
export declare function scan(options?: ScanOptions): ScanResult;
/** The `--format json` document; its shape is documented in docs/json-output.md and versioned by `schemaVersion`. */
export declare function formatJson(result: ScanResult): string;
interface TextOptions {
	color: boolean;
	/** Paths are shown relative to this folder. */
	cwd: string;
	/** Only findings and diagnostics; no node-role summary and no totals. */
	quiet: boolean;
	/** Also list skipped and not yet supported files. */
	verbose: boolean;
}
/** Findings grouped by file with a code frame, then the node-role summary a reviewer reads first. */
export declare function formatText(result: ScanResult, options: TextOptions): string;
interface GithubOptions {
	/** The workspace (the checkout): annotation paths are relative to it. */
	cwd: string;
}
/**
 * GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` annotation per finding and
 * per file that could not be parsed, then one `::notice` with the totals.
 */
export declare function formatGithub(result: ScanResult, options: GithubOptions): string;
interface MarkdownOptions {
	/** Paths are shown relative to this folder (the workspace). */
	cwd: string;
}
/**
 * A pull-request comment: the verdict, the node roles and push workloads a reviewer checks first, the
 * findings by file, the files that could not be analysed, and what was suppressed or baselined.
 */
export declare function formatMarkdown(result: ScanResult, options: MarkdownOptions): string;
type Precision = "very-high" | "high" | "medium" | "low";
interface Example {
	format: Format;
	/** File name the example is scanned under, which decides how it is read. */
	file: string;
	bad: string;
	good: string;
	/** Other files scanned with both (the IAM role a manifest refers to), by name; shown once. */
	context?: {
		file: string;
		format: Format;
		text: string;
	}[];
}
interface RuleHelp {
	/** One paragraph each, Markdown. */
	what: string;
	why: string;
	fix: string;
	limitations?: string;
	references: string[];
	examples: Example[];
}
export interface RuleMeta<MessageId extends string> {
	id: string;
	/** The contract users refer to; never changes once released. */
	name: string;
	shortDescription: string;
	fullDescription: string;
	defaultLevel: LevelSetting;
	/** GitHub code scanning's 0.1–10 score; undefined for rules that are not security findings. */
	securitySeverity: number | undefined;
	precision: Precision;
	tags: string[];
	appliesTo: Format[];
	fixable: boolean;
	/** Rules about the ignores themselves run after the ignores are applied to the other rules' findings. */
	afterIgnores?: boolean;
	messages: Record<MessageId, string>;
	help: RuleHelp;
}
interface Report<MessageId extends string> {
	messageId: MessageId;
	data: Record<string, string | number>;
	location: Range;
	related?: RelatedLocation[];
	/** The addresses of the resources it is about, for ignores by resource in the configuration. */
	resources?: string[];
	/** The logical identity of the finding: resources, actions, ARNs; never line numbers. */
	identity: string[];
	when?: When[];
	fix?: Fix;
	/** Why the rule's fix does not apply here, and what to do by hand (`--fix` says it). */
	fixSkipped?: string;
}
interface RuleContext<MessageId extends string> {
	report(report: Report<MessageId>): void;
}
export interface Rule<MessageId extends string = string> {
	meta: RuleMeta<MessageId>;
	check(model: RuleModel, context: RuleContext<MessageId>): void;
}
/** Every rule, in id order. Ids and names are a public contract: never reuse or rename one. */
export declare const RULES: readonly Rule[];
export declare function findRule(idOrName: string): Rule | undefined;
/**
 * Reads every CloudTrail log file under `path` and counts, per role, the ECR write calls its sessions made
 * (see usage.ts). The streaming JSON parser loads on the first call: a scan or an import of pullguard
 * without logs does not pay for it.
 */
export declare function readCloudTrail(path: string, shownPath?: string): Promise<CloudTrailUsage>;
/**
 * The measures the articles behind pullguard tell teams to track. A node group is compliant when its
 * role can pull from ECR and do nothing more than read (ECR tier none, pull or read, and no IAM
 * administration, which could grant write); AmazonEC2ContainerRegistryReadOnly counts as compliant,
 * like PullOnly, as PG105 is off by default. A group whose role has unresolved policies is "not
 * known": neither compliant nor not.
 */
export interface Kpis {
	nodeGroups: {
		total: number;
		compliant: number;
		notCompliant: number;
		notKnown: number;
		percentCompliant: number | null;
	};
	nodeRoles: {
		total: number;
		writeOrAdmin: number;
	};
	pushWorkloads: {
		total: number;
		ownIdentity: number;
		nodeCredentials: number;
		notKnown: number;
	};
	/** With `--cloudtrail`: node roles with an ECR write finding, by what the logs say. */
	cloudtrail?: {
		rolesWithWrite: number;
		unused: number;
		used: number;
		unknown: number;
	};
}
export declare function computeKpis(result: ScanResult): Kpis;
/** SARIF 2.1.0 for GitHub code scanning, describing every rule. */
export declare function formatSarif(result: ScanResult): string;

export {};
