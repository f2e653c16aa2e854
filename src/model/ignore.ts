import type { Suppression } from "./finding.js";
import type { Range } from "./source.js";

/**
 * One ignore as written: a `pullguard-ignore` comment, CloudFormation `Metadata.pullguard.ignore`, a
 * Kubernetes `pullguard.dev/ignore` annotation, or an `ignores` entry of the configuration.
 */
export interface IgnoreDirective {
  kind: Suppression["kind"];
  /** Rule ids or names, as written. */
  rules: string[];
  reason: string | undefined;
  /** `YYYY-MM-DD`, the last day it applies. */
  until: string | undefined;
  /** Where it is written; undefined for a configuration entry. */
  location: Range | undefined;
  /** What it covers: lines of one file, or (configuration) files and resources by glob. */
  scope: { file: string; startLine: number; endLine: number } | { path: string | undefined; resource: string | undefined };
  /** Why it does not apply at all (no reason, a date that is not a date, an unknown rule). */
  problem: string | undefined;
}

/** What the suppression pass found out about each ignore: rules PG902 and PG903 report on it. */
export interface IgnoreStatus {
  directive: IgnoreDirective;
  /** Findings it suppressed. */
  used: number;
  /** Findings it would have suppressed had it not expired. */
  expiredMatches: number;
}
