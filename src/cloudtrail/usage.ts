import { isEcrWrite } from "../iam/access.js";
import { trackedActions } from "../iam/catalogue.js";
import type { ActionInfo } from "../model/access.js";
import type { CloudTrailCoverage, WriteCallGroup } from "../model/cloudtrail.js";
import { join, relative } from "node:path";
import { listLogFiles } from "./files.js";
import { readRecords } from "./records.js";

/** A role as CloudTrail names the issuer of its sessions. */
export interface Issuer {
  /** `arn:aws:iam::111122223333:role/path/NodeRole`. */
  arn: string;
  /** `NodeRole`. */
  name: string;
  accountId: string;
  /** Records of this role's sessions, of any service. */
  records: number;
  /** ECR write calls by group (action, repository, user agent, source IP). */
  writes: Map<string, WriteCallGroup>;
}

/** What the logs hold, reduced to what pullguard needs: the size stays bounded whatever their volume. */
export interface CloudTrailUsage {
  coverage: CloudTrailCoverage;
  /** Role session issuers, by ARN. */
  issuers: Map<string, Issuer>;
}

/** How many unreadable files the report names; the rest are only counted. */
const FAILURES_KEPT = 10;

/**
 * Reads every CloudTrail log file under `path` (files are streamed one after the other) and counts,
 * per role, the ECR write calls its sessions made. Damaged files and malformed records are counted
 * and skipped; only a `path` that cannot be read at all throws (`CloudTrailPathError`).
 */
export async function readCloudTrail(path: string, shownPath = path): Promise<CloudTrailUsage> {
  const { files, unreadable } = listLogFiles(path, shownPath);
  const usage: CloudTrailUsage = {
    coverage: { path: shownPath, filesRead: 0, filesFailed: 0, failures: [], records: 0, malformedRecords: 0, from: undefined, to: undefined },
    issuers: new Map(),
  };
  const { coverage } = usage;
  const fail = (file: string, reason: string) => {
    coverage.filesFailed++;
    // Named as under the path the user gave.
    if (coverage.failures.length < FAILURES_KEPT) coverage.failures.push({ file: join(shownPath, relative(path, file)), reason });
  };
  for (const u of unreadable) fail(u.file, u.reason);
  let earliest = Infinity;
  let latest = -Infinity;
  for (const file of files) {
    const outcome = await readRecords(file, (raw) => {
      const record = validRecord(raw);
      if (!record) {
        coverage.malformedRecords++;
        return;
      }
      coverage.records++;
      if (record.time < earliest) [earliest, coverage.from] = [record.time, own(record.eventTime)];
      if (record.time > latest) [latest, coverage.to] = [record.time, own(record.eventTime)];
      count(usage, record);
    });
    if (outcome.ok) coverage.filesRead++;
    else fail(file, outcome.reason);
  }
  return usage;
}

interface ValidRecord {
  eventTime: string;
  time: number;
  eventSource: string;
  eventName: string;
  raw: Record<string, unknown>;
}

/** A record pullguard can use: an object with a parseable eventTime, an eventSource and an eventName. */
function validRecord(raw: unknown): ValidRecord | undefined {
  if (!isObject(raw)) return undefined;
  const { eventTime, eventSource, eventName } = raw;
  if (typeof eventTime !== "string" || typeof eventSource !== "string" || typeof eventName !== "string") return undefined;
  const time = Date.parse(eventTime);
  if (Number.isNaN(time)) return undefined;
  return { eventTime, time, eventSource, eventName, raw };
}

function count(usage: CloudTrailUsage, record: ValidRecord): void {
  const issuer = issuerOf(usage, record.raw);
  if (!issuer) return;
  issuer.records++;
  const action = ecrWriteAction(record.eventSource, record.eventName);
  if (!action) return;
  const { raw } = record;
  const repository = repositoryOf(raw);
  const userAgent = typeof raw.userAgent === "string" ? raw.userAgent : "(no user agent)";
  const sourceIp = typeof raw.sourceIPAddress === "string" ? raw.sourceIPAddress : "(no source IP)";
  const key = JSON.stringify([action.name, repository, userAgent, sourceIp]);
  let group = issuer.writes.get(key);
  if (!group) {
    const seen = own(record.eventTime);
    group = { action: action.name, repository: own(repository), userAgent: own(userAgent), sourceIp: own(sourceIp), calls: 0, failed: 0, firstSeen: seen, lastSeen: seen };
    issuer.writes.set(key, group);
  }
  // A call that failed (AccessDenied, a missing repository) did not use the permission.
  if (raw.errorCode !== undefined && raw.errorCode !== null) group.failed++;
  else group.calls++;
  if (Date.parse(group.firstSeen) > record.time) group.firstSeen = own(record.eventTime);
  if (Date.parse(group.lastSeen) < record.time) group.lastSeen = own(record.eventTime);
}

/** The role behind a session (`userIdentity.sessionContext.sessionIssuer`); users and services have none. */
function issuerOf(usage: CloudTrailUsage, raw: Record<string, unknown>): Issuer | undefined {
  const identity = raw.userIdentity;
  const context = isObject(identity) ? identity.sessionContext : undefined;
  const source = isObject(context) ? context.sessionIssuer : undefined;
  if (!isObject(source) || source.type !== "Role" || typeof source.arn !== "string") return undefined;
  let issuer = usage.issuers.get(source.arn);
  if (!issuer) {
    const arn = own(source.arn);
    const name = typeof source.userName === "string" ? source.userName : arn.slice(arn.lastIndexOf("/") + 1);
    const accountId = typeof source.accountId === "string" ? source.accountId : (arn.split(":")[4] ?? "");
    issuer = { arn, name: own(name), accountId: own(accountId), records: 0, writes: new Map() };
    usage.issuers.set(arn, issuer);
  }
  return issuer;
}

let byName: Map<string, ActionInfo> | undefined;

/** The catalogue's action for an ECR event, when it is above read (the classes PG101 and PG102 report). */
function ecrWriteAction(eventSource: string, eventName: string): ActionInfo | undefined {
  const service = eventSource === "ecr.amazonaws.com" ? "ecr" : eventSource === "ecr-public.amazonaws.com" ? "ecr-public" : undefined;
  if (!service) return undefined;
  byName ??= new Map(trackedActions().map((a) => [a.name.toLowerCase(), a]));
  const action = byName.get(`${service}:${eventName}`.toLowerCase());
  return action && isEcrWrite(action) ? action : undefined;
}

/** `requestParameters.repositoryName`, else a repository ARN among `resources`; calls on the registry name none. */
function repositoryOf(raw: Record<string, unknown>): string {
  const params = raw.requestParameters;
  if (isObject(params) && typeof params.repositoryName === "string") return params.repositoryName;
  if (Array.isArray(raw.resources)) {
    for (const r of raw.resources as unknown[]) {
      const arn = isObject(r) && typeof r.ARN === "string" ? r.ARN : undefined;
      const name = arn && /:repository\/(.+)$/.exec(arn)?.[1];
      if (name) return name;
    }
  }
  return "(registry)";
}

/**
 * A copy of a string that does not hold on to the parser's input: V8 can keep a short string as a
 * slice of the whole chunk it was cut from, so every kept value would pin a chunk and memory would
 * grow with the logs.
 */
function own(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
