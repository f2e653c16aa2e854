import managedFile from "../data/managed-policies.json" with { type: "json" };
import type { ConditionClause, PolicyDocument, Statement, Text, When } from "../model/facts.js";
import { arnPattern } from "../model/arn.js";
import type { Range } from "../model/source.js";

interface StoredStatement {
  index: number;
  effect: "Allow" | "Deny";
  sid?: string;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  condition?: Record<string, Record<string, string | string[]>>;
}

interface ManagedFile {
  source: { package: string; version: string };
  policies: Record<string, { path: string; version: string; statements: StoredStatement[] }>;
}

let loaded: ManagedFile | undefined;

function table(): ManagedFile {
  loaded ??= managedFile as unknown as ManagedFile;
  return loaded;
}

export function managedPoliciesSource(): string {
  const { source } = table();
  return `${source.package} ${source.version}`;
}

/** `arn:<any partition>:iam::aws:policy/<path><name>`; the partition may be a placeholder such as `${AWS::Partition}`. */
const AWS_MANAGED_ARN = arnPattern("iam", "", "aws", String.raw`policy\/(?:(.*)\/)?([^/]+)`);

export function parseAwsManagedArn(arn: string): { path: string; name: string } | undefined {
  const m = AWS_MANAGED_ARN.exec(arn);
  if (!m) return undefined;
  return { path: m[1] ? `/${m[1]}/` : "/", name: m[2] ?? "" };
}

export interface ManagedPolicyInfo {
  name: string;
  path: string;
  version: string;
}

export function findManagedPolicy(name: string): ManagedPolicyInfo | undefined {
  const p = table().policies[name];
  return p ? { name, path: p.path, version: p.version } : undefined;
}

/**
 * The statements of an AWS managed policy that matter to pullguard, as a document whose every
 * string is placed at `range` (the ARN that attaches it): that is where a person would change it.
 */
export function managedPolicyDocument(name: string, range: Range, when: When[]): PolicyDocument | undefined {
  const p = table().policies[name];
  if (!p) return undefined;
  const text = (value: string): Text => ({ text: value, known: true, range, when });
  const statements: Statement[] = p.statements.map((s) => {
    const statement: Statement = { index: s.index, effect: s.effect, conditions: conditions(s, text), range: undefined, when };
    if (s.sid) statement.sid = s.sid;
    if (s.action) statement.actions = s.action.map(text);
    if (s.notAction) statement.notActions = s.notAction.map(text);
    if (s.resource) statement.resources = s.resource.map(text);
    if (s.notResource) statement.notResources = s.notResource.map(text);
    return statement;
  });
  return { origin: `AWS managed policy ${name} (${p.version})`, range: undefined, statements, unknowns: [] };
}

function conditions(s: StoredStatement, text: (v: string) => Text): ConditionClause[] {
  const out: ConditionClause[] = [];
  for (const [operator, keys] of Object.entries(s.condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      out.push({ operator, key, values: (Array.isArray(values) ? values : [values]).map(text), range: undefined });
    }
  }
  return out;
}
