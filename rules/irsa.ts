import { isWebIdentity, NON_EKS_ISSUER } from "../src/link/link.js";
import type { ConditionClause, Principal, RoleFact, Statement, Text } from "../src/model/facts.js";
import type { RuleModel } from "../src/model/rule-model.js";

export interface WebIdentityTrust {
  role: RoleFact;
  statement: Statement;
  /** The action entry that allows web identity: where the finding goes. */
  action: Text;
  providers: Principal[];
}

const trustsOf = new WeakMap<RuleModel, WebIdentityTrust[]>();

/** Every Allow statement of a role's trust that lets an EKS OIDC identity (or one not known to be something else) assume it. */
export function webIdentityTrusts(model: RuleModel): WebIdentityTrust[] {
  // Three rules read them: found once per scan.
  const known = trustsOf.get(model);
  if (known) return known;
  const out: WebIdentityTrust[] = [];
  trustsOf.set(model, out);
  for (const role of model.linked.facts.roles) {
    for (const statement of role.trust?.statements ?? []) {
      if (statement.effect !== "Allow" || !isWebIdentity(statement)) continue;
      const providers = (statement.principals ?? []).filter((p) => p.type === "Federated");
      // The issuer's host decides, even when the account in the provider's ARN is only known at apply.
      if (providers.length === 0 || providers.every((p) => NON_EKS_ISSUER.test(p.value.text))) continue;
      const action = (statement.actions ?? []).find((a) => /AssumeRoleWithWebIdentity|\*/i.test(a.text));
      if (action) out.push({ role, statement, action, providers });
    }
  }
  return out;
}

/** Conditions on a claim of the token (`...:sub`, `...:aud`), by the key's suffix. */
export function claimConditions(statement: Statement, claim: "sub" | "aud"): ConditionClause[] {
  return statement.conditions.filter((c) => c.key.toLowerCase().endsWith(`:${claim}`));
}

/**
 * Whether the `:sub` conditions of a web-identity statement admit `system:serviceaccount:<namespace>:<name>`
 * (all conditions must hold; any value of one will do). A namespace that is not known matches any.
 * Undefined when it cannot be told: a value or an operator pullguard does not evaluate.
 */
export function admitsServiceAccount(statement: Statement, namespace: string | undefined, name: string): boolean | undefined {
  let verdict: boolean | undefined = true;
  for (const clause of claimConditions(statement, "sub")) {
    const operator = clause.operator.replace(/^For(Any|All)Values?:/i, "");
    const like = /^StringLike$/i.test(operator);
    if (!like && !/^StringEquals(IgnoreCase)?$/i.test(operator)) return undefined;
    const matches = clause.values.map((v) => (v.known ? subjectMatches(v.text, namespace, name, like, /IgnoreCase$/i.test(operator)) : undefined));
    if (matches.includes(true)) continue;
    if (matches.includes(undefined)) verdict = undefined;
    else return false;
  }
  return verdict;
}

function subjectMatches(pattern: string, namespace: string | undefined, name: string, like: boolean, ignoreCase: boolean): boolean {
  const test = (p: string, value: string) => {
    if (!like) return ignoreCase ? p.toLowerCase() === value.toLowerCase() : p === value;
    const body = p.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    return new RegExp(`^${body}$`, "s").test(value);
  };
  if (namespace !== undefined) return test(pattern, `system:serviceaccount:${namespace}:${name}`);
  // Without a namespace only the account name can be compared.
  const parts = /^system:serviceaccount:([^:]*):(.*)$/.exec(pattern);
  return parts ? test(parts[2] ?? "", name) : like && test(pattern, `system:serviceaccount:x:${name}`);
}
