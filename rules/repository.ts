import type { EcrRepositoryFact, Text, When } from "../src/model/facts.js";
import type { RuleModel } from "../src/model/rule-model.js";
import type { Range } from "../src/model/source.js";

/** ECR repositories with settings of their own (not a Terraform `aws_ecr_repository_policy`, which only holds a policy). */
export function settingsRepositories(model: RuleModel): EcrRepositoryFact[] {
  return model.linked.facts.ecrRepositories.filter((r) => r.resourceType !== "aws_ecr_repository_policy");
}

export interface RepositorySetting {
  /** Upper case, as ECR's enums are spelled. */
  value: string;
  /** False when the value is ECR's default because nothing is written. */
  written: boolean;
  /** The value, or the repository when nothing is written: where a person changes it. */
  range: Range;
  when: When[];
}

/**
 * A repository setting as written (each alternative of an `Fn::If` or a conditional), or ECR's
 * default when nothing is written. Values that cannot be resolved are left out.
 */
export function settingsOf(repository: EcrRepositoryFact, texts: Text[], defaultValue: string): RepositorySetting[] {
  if (texts.length === 0) return [{ value: defaultValue, written: false, range: repository.range, when: repository.when }];
  return texts.filter((t) => t.known).map((t) => ({ value: t.text.toUpperCase(), written: true, range: t.range, when: [...repository.when, ...t.when] }));
}
