import type { RoleAccess } from "../model/access.js";
import type { Text } from "../model/facts.js";
import type { LinkedModel } from "../model/linked.js";
import type { RuleModel } from "../model/rule-model.js";
import { evaluateAccess, type EvaluateOptions } from "./access.js";

/** Evaluates the effective permissions of every node role. */
export function evaluateModel(linked: LinkedModel): RuleModel {
  const access = new Map<string, RoleAccess>();
  const options: EvaluateOptions = { resolve: repositoryArns(linked) };
  for (const r of [...linked.nodeRoles, ...linked.workloadRoles]) access.set(r.role.key, evaluateAccess(r.sources, r.boundary, [], options));
  return { linked, access, ignores: [] };
}

/**
 * A policy's reference to a repository of the scan (`!GetAtt Repo.Arn`, `aws_ecr_repository.app.arn`)
 * is that repository's ARN, whose partition, region and account are not known: one repository, not any.
 */
function repositoryArns(linked: LinkedModel): (text: Text) => { pattern: string; label: string } | undefined {
  const byKey = new Map(linked.facts.ecrRepositories.map((r) => [r.key, r]));
  return (text) => {
    if (!text.ref || text.ref.attribute?.toLowerCase() !== "arn") return undefined;
    const repository = byKey.get(text.ref.key);
    const name = repository?.name;
    if (!repository || !name?.known) return undefined;
    return { pattern: `arn:\${?}:ecr:\${?}:\${?}:repository/${name.text}`, label: `repository ${name.text} (${repository.address})` };
  };
}
