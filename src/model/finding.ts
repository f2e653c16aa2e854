import type { RoleEvidence } from "./cloudtrail.js";
import type { When } from "./facts.js";
import type { Range } from "./source.js";

export type Level = "error" | "warning" | "note";
export type LevelSetting = Level | "off";

export interface RelatedLocation {
  range: Range;
  message: string;
}

/** A mechanical change: inside `range`, replace the text `find` with `replace`. */
export interface Edit {
  range: Range;
  find: string;
  replace: string;
}

/**
 * An edit whose text the fix engine works out from the file, as rules see no source text: `kind` names
 * how (`remove-eksctl-image-builder`: the `imageBuilder: true` line at `range` becomes a comment).
 */
export interface DeferredEdit {
  range: Range;
  kind: "remove-eksctl-image-builder";
}

export interface Fix {
  description: string;
  edits: Edit[];
  /** Resolved into `edits` by the fix engine before the fix is reported; the fix is dropped when one cannot be. */
  deferred?: DeferredEdit[];
}

/** Why a finding is not reported: an ignore written in the file or in the configuration. */
export interface Suppression {
  kind: "comment" | "metadata" | "annotation" | "config";
  reason: string;
  /** `YYYY-MM-DD`: the ignore stops applying after this day. */
  until: string | undefined;
  /** Where the ignore is written (undefined for a configuration entry without a file of its own). */
  location: Range | undefined;
}

export interface Finding {
  ruleId: string;
  ruleName: string;
  level: Level;
  messageId: string;
  message: string;
  /** Where a person would change the code. */
  location: Range;
  /** The chain behind the finding: node group, launch template, profile, role, policy. */
  related: RelatedLocation[];
  /** Stable across reformatting: built from the rule, the resources and the action or ARN, never from lines. */
  fingerprint: string;
  /** The template conditions under which the finding applies (CloudFormation `Fn::If`). */
  when: When[];
  fix: Fix | undefined;
  /** Why the rule's automatic fix does not apply to this finding, and what to do by hand instead. */
  fixSkipped?: string;
  /** The resources the finding is about (node role, workload, repository addresses), for ignores by resource. */
  resources?: string[];
  /** Set on findings an ignore applies to; they are kept (JSON shows them) but not reported. */
  suppression?: Suppression;
  /** With `--cloudtrail`, on node-role write findings: what the logs say about each role's write calls. */
  cloudtrail?: RoleEvidence[];
}

export const LEVEL_RANK: Record<LevelSetting | "none", number> = { off: 0, none: 0, note: 1, warning: 2, error: 3 };
