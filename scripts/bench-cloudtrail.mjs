#!/usr/bin/env node
// `node scripts/bench-cloudtrail.mjs [MB...]` (also run at the end of `npm run bench`): generates
// seeded, deterministic CloudTrail logs as S3 exports hold them (nested AWSLogs/... folders, half the
// files gzipped) and measures `pullguard scan IAC --cloudtrail LOGS` in a fresh process: wall time and
// peak RSS at each size (50 and 200 MB of JSON by default), so that flat memory can be seen.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { random } from "./bench-generate.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CHILD = join(ROOT, "scripts", "bench-child.mjs");
const ACCOUNT = "111122223333";
/** About what CloudTrail writes to one file of a busy account (it delivers every few minutes). */
const FILE_BYTES = 2_000_000;

const ROLES = ["bench-builder-nodes", "bench-legacy-nodes", "bench-general-nodes", "ci-deployer", "lambda-exec"];
const CALLS = [
  ["ec2.amazonaws.com", "DescribeInstances"],
  ["ecr.amazonaws.com", "BatchGetImage"],
  ["ecr.amazonaws.com", "GetAuthorizationToken"],
  ["sts.amazonaws.com", "AssumeRoleWithWebIdentity"],
  ["s3.amazonaws.com", "GetObject"],
  ["kms.amazonaws.com", "Decrypt"],
];
const WRITES = ["PutImage", "InitiateLayerUpload", "UploadLayerPart", "CompleteLayerUpload"];

function record(next, time) {
  const role = ROLES[Math.floor(next() * ROLES.length)];
  // Only the builders' nodes push: about one call in 200.
  const push = role === "bench-builder-nodes" && next() < 0.02;
  const [eventSource, eventName] = push ? ["ecr.amazonaws.com", WRITES[Math.floor(next() * WRITES.length)]] : CALLS[Math.floor(next() * CALLS.length)];
  const session = `i-0${Math.floor(next() * 1e12).toString(16)}`;
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: `AROAEXAMPLE:${session}`,
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${session}`,
      accountId: ACCOUNT,
      accessKeyId: `ASIA${Math.floor(next() * 1e15)}`,
      sessionContext: {
        sessionIssuer: { type: "Role", principalId: "AROAEXAMPLE", arn: `arn:aws:iam::${ACCOUNT}:role/${role}`, accountId: ACCOUNT, userName: role },
        attributes: { creationDate: new Date(time - 3_600_000).toISOString(), mfaAuthenticated: "false" },
      },
    },
    eventTime: new Date(time).toISOString().replace(/\.\d+Z$/, "Z"),
    eventSource,
    eventName,
    awsRegion: "us-east-1",
    sourceIPAddress: `10.0.${Math.floor(next() * 16)}.${Math.floor(next() * 250)}`,
    userAgent: push ? "kaniko/v1.23.2" : "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64",
    requestParameters: eventSource === "ecr.amazonaws.com" ? { registryId: ACCOUNT, repositoryName: `team-${Math.floor(next() * 8)}/service` } : { maxResults: 100 },
    responseElements: null,
    requestID: Math.floor(next() * 1e16).toString(16),
    eventID: Math.floor(next() * 1e16).toString(16),
    readOnly: !push,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: `${eventSource.split(".")[0]}.us-east-1.amazonaws.com` },
  };
}

/** Writes about `megabytes` MB of log JSON under `dir` (every other file gzipped); returns the counts. */
export function generateCloudTrail(dir, { megabytes, seed = 7 }) {
  const next = random(seed);
  let bytes = 0;
  let files = 0;
  let records = 0;
  let time = Date.parse("2026-04-01T00:00:00Z");
  while (bytes < megabytes * 1e6) {
    const batch = [];
    let size = 0;
    while (size < FILE_BYTES) {
      time += Math.floor(next() * 2000);
      const r = record(next, time);
      batch.push(r);
      size += JSON.stringify(r).length + 1;
    }
    const day = new Date(time).toISOString().slice(0, 10).split("-");
    const folder = join(dir, "AWSLogs", ACCOUNT, "CloudTrail", "us-east-1", ...day);
    mkdirSync(folder, { recursive: true });
    const text = JSON.stringify({ Records: batch });
    const name = `${ACCOUNT}_CloudTrail_us-east-1_${new Date(time).toISOString().replace(/[-:]|\.\d+/g, "")}_${files}.json`;
    if (files % 2 === 1) writeFileSync(join(folder, `${name}.gz`), gzipSync(text));
    else writeFileSync(join(folder, name), text);
    bytes += text.length;
    records += batch.length;
    files++;
  }
  return { files, records, mb: bytes / 1e6 };
}

/** The node roles the logs name: one pushes, one does not. */
function writeIac(dir) {
  mkdirSync(dir, { recursive: true });
  const role = (name, policy) => `
resource "aws_iam_role" "${name}" {
  name               = "bench-${name}-nodes"
  assume_role_policy = jsonencode({ Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}
resource "aws_iam_role_policy_attachment" "${name}" {
  role       = aws_iam_role.${name}.name
  policy_arn = "arn:aws:iam::aws:policy/${policy}"
}
resource "aws_eks_node_group" "${name}" {
  cluster_name  = "bench"
  node_role_arn = aws_iam_role.${name}.arn
  subnet_ids    = ["subnet-1"]
}
`;
  writeFileSync(join(dir, "main.tf"), role("builder", "AmazonEC2ContainerRegistryFullAccess") + role("legacy", "AmazonEC2ContainerRegistryPowerUser"));
}

/** One fresh pullguard process on the logs: wall time, peak RSS, and what the report said (to be sure the logs were read). */
function measureScan(iac, logs, report) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, [CHILD, "cli", iac, "--cloudtrail", logs, "--format", "json", "--output", report, "--quiet"], { stdio: ["ignore", "ignore", "pipe", "pipe"], encoding: "utf8" });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 1) throw new Error(`pullguard --cloudtrail exited ${run.status}: ${run.stderr?.slice(0, 500)}`);
  const { maxRssKb } = JSON.parse(String(run.output[3] ?? "{}"));
  const { cloudtrail } = JSON.parse(readFileSync(report, "utf8"));
  return { wallMs: Math.round(wallMs), peakRssMb: Math.round(maxRssKb / 1024), records: cloudtrail.coverage.records, verdicts: Object.fromEntries(cloudtrail.roles.map((r) => [r.role, r.verdict])) };
}

/** Generates and measures each size; `log` prints a line. Returns the figures by size. */
export function benchCloudTrail({ work, log, sizes = [50, 200] }) {
  const iac = join(work, "cloudtrail-iac");
  writeIac(iac);
  const out = {};
  for (const megabytes of sizes) {
    const logs = join(work, `cloudtrail-${megabytes}`);
    const generated = generateCloudTrail(logs, { megabytes });
    const m = measureScan(iac, logs, join(work, `cloudtrail-${megabytes}.json`));
    const mbPerSecond = Number((generated.mb / (m.wallMs / 1000)).toFixed(1));
    out[`${megabytes}MB`] = { ...generated, mb: Number(generated.mb.toFixed(1)), ...m, mbPerSecond };
    log(`  ${generated.mb.toFixed(0).padStart(4)} MB (${generated.files} files, ${generated.records} records)  ${String(m.wallMs).padStart(6)} ms  ${mbPerSecond} MB/s  RSS ${m.peakRssMb} MB  ${JSON.stringify(m.verdicts)}`);
    rmSync(logs, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const work = mkdtempSync(join(tmpdir(), "pullguard-bench-cloudtrail-"));
  try {
    console.log("pullguard --cloudtrail on generated logs (half the files gzipped)");
    benchCloudTrail({ work, log: console.log, ...(sizes.length > 0 ? { sizes } : {}) });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
