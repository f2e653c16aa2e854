import type { Rule } from "./define.js";
import PG101 from "./PG101-node-role-ecr-write.js";
import PG102 from "./PG102-node-role-ecr-write-managed-policy.js";
import PG103 from "./PG103-node-role-admin.js";
import PG104 from "./PG104-node-role-missing-ecr-pull.js";
import PG105 from "./PG105-node-role-ecr-readonly-not-pullonly.js";
import PG201 from "./PG201-push-workload-without-irsa.js";
import PG202 from "./PG202-irsa-trust-missing-sub.js";
import PG203 from "./PG203-irsa-trust-wildcard-sub.js";
import PG204 from "./PG204-irsa-trust-missing-aud.js";
import PG205 from "./PG205-workload-identity-mismatch.js";
import PG206 from "./PG206-push-role-unscoped.js";
import PG301 from "./PG301-node-imds-reachable.js";
import PG401 from "./PG401-node-role-missing-tags.js";
import PG402 from "./PG402-node-role-no-permissions-boundary.js";
import PG403 from "./PG403-ecr-repository-not-kms-encrypted.js";
import PG404 from "./PG404-ecr-repository-public-policy.js";
import PG405 from "./PG405-ecr-repository-mutable-tags.js";
import PG901 from "./PG901-unresolved-reference.js";
import PG902 from "./PG902-unused-ignore.js";
import PG903 from "./PG903-invalid-ignore.js";

/** Every rule, in id order. Ids and names are a public contract: never reuse or rename one. */
export const RULES: readonly Rule[] = [PG101, PG102, PG103, PG104, PG105, PG201, PG202, PG203, PG204, PG205, PG206, PG301, PG401, PG402, PG403, PG404, PG405, PG901, PG902, PG903] as Rule[];


export function findRule(idOrName: string): Rule | undefined {
  const key = idOrName.trim().toLowerCase();
  return RULES.find((r) => r.meta.id.toLowerCase() === key || r.meta.name === key);
}
