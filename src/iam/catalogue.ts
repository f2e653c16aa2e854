import catalogueFile from "../data/actions.json" with { type: "json" };
import type { ActionInfo, ResourceType } from "../model/access.js";

export type EcrClass = "pull" | "read" | "write" | "admin";

interface CatalogueFile {
  source: { package: string; version: string; updatedAt: string };
  /** Per service, each resource type's ARN format (`arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}`). */
  resourceTypes: Record<string, Record<string, string>>;
  /** Per service: name, access level, resource types (`repository`, or `repository?` when the call may name none). */
  actions: Record<string, [string, string, string[]][]>;
}

const ECR_SERVICES = ["ecr", "ecr-public"];

/** What a node needs to pull images (AmazonEC2ContainerRegistryPullOnly). */
const PULL_ACTIONS = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage"];
export const REQUIRED_PULL_ACTIONS = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

let loaded: ActionInfo[] | undefined;

/** The tracked actions, read from the compacted table the first time a rule needs them. */
export function trackedActions(): readonly ActionInfo[] {
  if (!loaded) {
    const file = catalogueFile as unknown as CatalogueFile;
    loaded = Object.entries(file.actions).flatMap(([service, rows]) =>
      rows.map(([name, level, types]) => ({
        name: `${service}:${name}`,
        service,
        level,
        resourceTypes: types.map((t) => resourceType(file, service, t.replace(/\?$/, ""))),
        resourceOptional: types.length > 0 && types.every((t) => t.endsWith("?")),
      })),
    );
  }
  return loaded;
}

/** The catalogue's ARN format as a pattern: its `${Variables}` stand for any value. */
function resourceType(file: CatalogueFile, service: string, name: string): ResourceType {
  const format = file.resourceTypes[service]?.[name];
  if (format === undefined) throw new Error(`the action catalogue names resource type ${service}:${name} without its ARN`);
  return { name, arn: format.replace(/\$\{[^}]*\}/g, "*") };
}

const patternCache = new Map<string, ActionInfo[]>();

/** The tracked actions an IAM action pattern matches: case-insensitive, `*` any run, `?` one character. */
export function matchPattern(pattern: string): ActionInfo[] {
  const key = pattern.toLowerCase();
  let hit = patternCache.get(key);
  if (!hit) {
    const re = wildcardRegExp(key);
    hit = trackedActions().filter((a) => re.test(a.name.toLowerCase()));
    patternCache.set(key, hit);
  }
  return hit;
}

export function wildcardRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

/** True when the pattern can name services other than one (`*`, `*:*`, `e*:Put*`): a grant that is not about ECR. */
export function patternSpansServices(pattern: string): boolean {
  const colon = pattern.indexOf(":");
  const service = colon < 0 ? pattern : pattern.slice(0, colon);
  return /[*?]/.test(service);
}

export function isEcrAction(action: ActionInfo): boolean {
  return ECR_SERVICES.includes(action.service);
}

/** Actions that change what a pull returns, or who may change it: push, delete, lifecycle, replication, pull-through upstreams, tag mutability. */
const WRITE = /^(ecr|ecr-public):(PutImage|InitiateLayerUpload|UploadLayerPart|CompleteLayerUpload|BatchDeleteImage|DeleteRepository|PutLifecyclePolicy|DeleteLifecyclePolicy|PutReplicationConfiguration|ReplicateImage|CreatePullThroughCacheRule|UpdatePullThroughCacheRule|DeletePullThroughCacheRule|PutImageTagMutability|CreateRepositoryCreationTemplate|UpdateRepositoryCreationTemplate|DeleteRepositoryCreationTemplate)$/;
/** Actions that rewrite who may do anything to a repository or the registry. */
const ADMIN = /^(ecr|ecr-public):(SetRepositoryPolicy|DeleteRepositoryPolicy|PutRegistryPolicy|DeleteRegistryPolicy)$/;

/**
 * The ECR class of an action. Writes that cannot change what a pull returns (creating a repository
 * for a pull-through cache, scan settings, tags) count as read: nodes may need them.
 */
export function ecrClass(action: ActionInfo): EcrClass {
  if (PULL_ACTIONS.includes(action.name)) return "pull";
  if (ADMIN.test(action.name)) return "admin";
  if (WRITE.test(action.name)) return "write";
  return "read";
}

let permissionsActions: ActionInfo[] | undefined;

/** IAM actions that let a principal change permissions, its own included. */
export function iamPermissionsActions(): ActionInfo[] {
  permissionsActions ??= trackedActions().filter((a) => a.service === "iam" && a.level.includes("Permissions management"));
  return permissionsActions;
}

/** The actions a reader should see first when a list is cut: pushing, deleting, rewriting policies. */
const KEY_ACTIONS = [
  "ecr:PutImage", "ecr:BatchDeleteImage", "ecr:DeleteRepository", "ecr:SetRepositoryPolicy", "ecr:PutRegistryPolicy",
  "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutLifecyclePolicy",
  "ecr:PutImageTagMutability", "ecr:PutReplicationConfiguration", "ecr:CreateRepository", "iam:AttachRolePolicy",
  "iam:PutRolePolicy", "iam:PassRole",
];

/** Orders action names by consequence (key actions first, then ECR before IAM), then by name. */
export function byConsequence(a: string, b: string): number {
  const rank = (n: string) => (KEY_ACTIONS.includes(n) ? KEY_ACTIONS.indexOf(n) : KEY_ACTIONS.length + (n.startsWith("iam:") ? 1 : 0));
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
