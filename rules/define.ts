import type { When } from "../src/model/facts.js";
import type { Fix, LevelSetting, RelatedLocation } from "../src/model/finding.js";
import type { Format, Range } from "../src/model/source.js";
import type { RuleModel } from "../src/model/rule-model.js";

export type Precision = "very-high" | "high" | "medium" | "low";

/** A runnable example for the rule's documentation; tests scan every one of them. */
export interface Example {
  format: Format;
  /** File name the example is scanned under, which decides how it is read. */
  file: string;
  bad: string;
  good: string;
  /** Other files scanned with both (the IAM role a manifest refers to), by name; shown once. */
  context?: { file: string; format: Format; text: string }[];
}

export interface RuleHelp {
  /** One paragraph each, Markdown. */
  what: string;
  why: string;
  fix: string;
  limitations?: string;
  references: string[];
  examples: Example[];
}

export interface RuleMeta<MessageId extends string> {
  id: string;
  /** The contract users refer to; never changes once released. */
  name: string;
  shortDescription: string;
  fullDescription: string;
  defaultLevel: LevelSetting;
  /** GitHub code scanning's 0.1–10 score; undefined for rules that are not security findings. */
  securitySeverity: number | undefined;
  precision: Precision;
  tags: string[];
  appliesTo: Format[];
  fixable: boolean;
  /** Rules about the ignores themselves run after the ignores are applied to the other rules' findings. */
  afterIgnores?: boolean;
  messages: Record<MessageId, string>;
  help: RuleHelp;
}

export interface Report<MessageId extends string> {
  messageId: MessageId;
  data: Record<string, string | number>;
  location: Range;
  related?: RelatedLocation[];
  /** The addresses of the resources it is about, for ignores by resource in the configuration. */
  resources?: string[];
  /** The logical identity of the finding: resources, actions, ARNs; never line numbers. */
  identity: string[];
  when?: When[];
  fix?: Fix;
  /** Why the rule's fix does not apply here, and what to do by hand (`--fix` says it). */
  fixSkipped?: string;
}

export interface RuleContext<MessageId extends string> {
  report(report: Report<MessageId>): void;
}

export interface Rule<MessageId extends string = string> {
  meta: RuleMeta<MessageId>;
  check(model: RuleModel, context: RuleContext<MessageId>): void;
}

export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule<MessageId> {
  return rule;
}
