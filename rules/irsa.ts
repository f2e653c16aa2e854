import { isWebIdentity } from "../src/link/link.js";
import type { ConditionClause, Principal, RoleFact, Statement, Text } from "../src/model/facts.js";
import type { RuleModel } from "../src/model/rule-model.js";

/** OIDC issuers that are known not to be EKS clusters: their trusts are CI federation, not IRSA. */
const NON_EKS_ISSUER = /oidc-provider\/(token\.actions\.githubusercontent\.com|oidc\.circleci\.com|gitlab\.com|app\.terraform\.io|accounts\.google\.com|bitbucket\.org|api\.bitbucket\.org|[^/]*\.auth0\.com)/i;

export interface WebIdentityTrust {
  role: RoleFact;
  statement: Statement;
  /** The action entry that allows web identity: where the finding goes. */
  action: Text;
  providers: Principal[];
}

/** Every Allow statement of a role's trust that lets an EKS OIDC identity (or one not known to be something else) assume it. */
export function webIdentityTrusts(model: RuleModel): WebIdentityTrust[] {
  const out: WebIdentityTrust[] = [];
  for (const role of model.linked.facts.roles) {
    for (const statement of role.trust?.statements ?? []) {
      if (statement.effect !== "Allow" || !isWebIdentity(statement)) continue;
      const providers = (statement.principals ?? []).filter((p) => p.type === "Federated");
      if (providers.length === 0 || providers.every((p) => p.value.known && NON_EKS_ISSUER.test(p.value.text))) continue;
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
