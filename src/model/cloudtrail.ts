/**
 * What the CloudTrail logs given with `--cloudtrail` say about node roles: the ECR write calls each
 * role's sessions made, so that a team knows whether removing the write access breaks anything.
 */

/** ECR write calls with the same action, repository and source, counted. */
export interface WriteCallGroup {
  /** `ecr:PutImage`. */
  action: string;
  /** The repository name, or `(registry)` for calls that name none (registry policy, replication). */
  repository: string;
  userAgent: string;
  sourceIp: string;
  /** Calls that succeeded. */
  calls: number;
  /** Calls that failed (`errorCode` set, such as AccessDenied): counted apart, never as use. */
  failed: number;
  firstSeen: string;
  lastSeen: string;
}

/** How a node role of the code was found in the logs. */
export type RoleMatch =
  /** By the role's name (the code never holds the account, so any account's role of that name matches). */
  | { how: "name"; name: string; issuers: string[] }
  /** By a name only partly known in the code (a prefix, a placeholder): `nodes-*`. */
  | { how: "pattern"; pattern: string; issuers: string[] }
  /** Not matched: the code does not say the role's name. */
  | { how: "none"; reason: string };

export interface RoleEvidence {
  /** The node role's address, as findings name it. */
  role: string;
  match: RoleMatch;
  /**
   * `used`: at least one successful ECR write call; `unused`: the role's sessions are in the logs and
   * none made one (safe to remove); `unknown`: the role could not be matched, or the logs hold no
   * session of it, so they vouch for nothing.
   */
  verdict: "unused" | "used" | "unknown";
  /** Successful and failed calls, most frequent first. */
  calls: WriteCallGroup[];
  totalCalls: number;
  totalFailed: number;
}

/** The logs read, whatever they held. */
export interface CloudTrailCoverage {
  /** The `--cloudtrail` path as given. */
  path: string;
  filesRead: number;
  /** Files that could not be read or parsed whole (records before the damage are kept). */
  filesFailed: number;
  /** Up to a few of them, with why, for the report. */
  failures: { file: string; reason: string }[];
  /** Valid records read. */
  records: number;
  /** Records skipped: not an object, or without a valid eventTime, eventSource or eventName. */
  malformedRecords: number;
  /** The earliest and latest `eventTime` of the valid records (ISO 8601), undefined when there is none. */
  from: string | undefined;
  to: string | undefined;
}

export interface CloudTrailEvidence {
  coverage: CloudTrailCoverage;
  /** One entry per node role that has an ECR write or admin finding. */
  roles: RoleEvidence[];
}
