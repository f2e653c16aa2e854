import type { CloudTrailUsage } from "./usage.js";

/**
 * Reads every CloudTrail log file under `path` and counts, per role, the ECR write calls its sessions made
 * (see usage.ts). The streaming JSON parser loads on the first call: a scan or an import of pullguard
 * without logs does not pay for it.
 */
export async function readCloudTrail(path: string, shownPath = path): Promise<CloudTrailUsage> {
  const usage = await import("./usage.js");
  return usage.readCloudTrail(path, shownPath);
}
