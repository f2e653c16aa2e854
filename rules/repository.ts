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

/** A repository setting as written, or ECR's default; undefined when the written value cannot be resolved. */
export function settingOf(repository: EcrRepositoryFact, text: Text | undefined, defaultValue: string): RepositorySetting | undefined {
  if (!text) return { value: defaultValue, written: false, range: repository.range, when: repository.when };
  if (!text.known) return undefined;
  return { value: text.text.toUpperCase(), written: true, range: text.range, when: [...repository.when, ...text.when] };
}
