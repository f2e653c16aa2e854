import { evaluateAccess } from "../iam/access.js";
import type { RoleAccess } from "../model/access.js";
import type { ConditionClause, PolicyDocument, Statement, Text } from "../model/facts.js";
import type { Boundary, PolicySource } from "../model/linked.js";
import type { Range } from "../model/source.js";
import type { PolicyDocumentJson } from "./policy.js";

/**
 * What a role keeps under the generated SCP, by the same IAM engine as its own policies: an SCP caps
 * what the role's policies allow (like a permissions boundary, on actions and resources) and takes out
 * what it denies. The generated SCP recognises node roles by conditions on the principal, which are
 * known for the role asked about: a Deny statement whose conditions match it applies without them,
 * one whose conditions do not match does not apply. The organization's FullAWSAccess, which every SCP
 * setup keeps beside it, is the SCP layer's allow.
 */
export interface Principal {
  /** `arn:aws:iam::111122223333:role/eks/prod-node-role`. */
  arn: string;
  tags: Record<string, string>;
}

const NOWHERE: Range = { file: "<guardrail>", startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

const FULL_AWS_ACCESS: PolicyDocumentJson = {
  Version: "2012-10-17",
  Statement: [{ Sid: "FullAWSAccess", Effect: "Allow", Action: "*", Resource: "*" }],
};

/** The effective permissions of a role's policies and boundary under the SCP, for the principal the role is. */
export function accessUnderScp(sources: PolicySource[], boundary: Boundary, scp: PolicyDocumentJson, principal: Principal): RoleAccess {
  return evaluateAccess(sources, boundary, [], { scps: [{ name: "pullguard guardrail", sources: scpSources(scp, principal) }] });
}

/** The SCP as policies over one principal: FullAWSAccess, and the statements whose principal conditions hold. */
export function scpSources(scp: PolicyDocumentJson, principal: Principal): PolicySource[] {
  const applying = scp.Statement.flatMap((s) => {
    const held = conditionsHold(s.Condition ?? {}, principal);
    if (held === false) return [];
    const { Condition: _condition, ...rest } = s;
    // A condition on anything but the principal is not known here: kept, so the engine does not assume it.
    return [held === true ? rest : s];
  });
  return [source("FullAWSAccess", FULL_AWS_ACCESS), source("pullguard guardrail SCP", { Version: "2012-10-17", Statement: applying })];
}

/** True when every clause holds for the principal, false when one does not, undefined when one is not about it. */
function conditionsHold(condition: Record<string, Record<string, string | string[]>>, principal: Principal): boolean | undefined {
  let unknown = false;
  for (const [operator, clauses] of Object.entries(condition)) {
    for (const [key, value] of Object.entries(clauses)) {
      const values = [value].flat();
      let holds: boolean | undefined;
      if (operator === "ArnLike" && key === "aws:PrincipalArn") holds = values.some((v) => globMatch(v, principal.arn));
      else if (operator === "StringEquals" && key.startsWith("aws:PrincipalTag/")) holds = values.includes(principal.tags[key.slice("aws:PrincipalTag/".length)] ?? "\u0000");
      if (holds === false) return false;
      if (holds === undefined) unknown = true;
    }
  }
  return unknown ? undefined : true;
}

/** `ArnLike`: `*` and `?` within the ARN, case-sensitive. */
function globMatch(pattern: string, value: string): boolean {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`).test(value);
}

function source(name: string, json: PolicyDocumentJson): PolicySource {
  return { kind: "customer-managed", name, document: documentOf(name, json), attachedAt: NOWHERE, via: "the organization", definedAt: undefined, when: [] };
}

function documentOf(name: string, json: PolicyDocumentJson): PolicyDocument {
  const text = (value: string): Text => ({ text: value, known: true, range: NOWHERE, when: [] });
  const statements: Statement[] = json.Statement.map((s, index) => {
    const conditions: ConditionClause[] = Object.entries(s.Condition ?? {}).flatMap(([operator, clauses]) =>
      Object.entries(clauses).map(([key, value]) => ({ operator, key, values: [value].flat().map(text), range: undefined })),
    );
    return { index, sid: s.Sid, effect: s.Effect, actions: [s.Action].flat().map(text), resources: [s.Resource].flat().map(text), conditions, range: undefined, when: [] };
  });
  return { origin: `service control policy ${name}`, range: undefined, statements, unknowns: [] };
}

