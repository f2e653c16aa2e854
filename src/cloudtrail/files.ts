import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** `--cloudtrail PATH` names nothing readable: a usage error (exit 2), never an empty, clean result. */
export class CloudTrailPathError extends Error {}

/** Log files as CloudTrail exports them to S3: `*.json` and `*.json.gz`, at any depth (AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/). */
export const LOG_FILE = /\.json(\.gz)?$/i;

export interface LogFiles {
  files: string[];
  /** Folders below PATH that could not be listed, with why. */
  unreadable: { file: string; reason: string }[];
}

/** Every log file under `path` (or `path` itself), in a stable order; errors name the path as the user gave it (`shown`). */
export function listLogFiles(path: string, shown = path): LogFiles {
  let stats;
  try {
    stats = statSync(path);
  } catch (err) {
    throw new CloudTrailPathError(`--cloudtrail ${shown}: ${reasonOf(err)}`);
  }
  if (stats.isFile()) return { files: [path], unreadable: [] };
  if (!stats.isDirectory()) throw new CloudTrailPathError(`--cloudtrail ${shown}: not a file or folder`);
  try {
    readdirSync(path);
  } catch (err) {
    throw new CloudTrailPathError(`--cloudtrail ${shown}: ${reasonOf(err)}`);
  }
  const out: LogFiles = { files: [], unreadable: [] };
  walk(path, out);
  return out;
}

function walk(dir: string, out: LogFiles): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (err) {
    out.unreadable.push({ file: dir, reason: reasonOf(err) });
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    // Symbolic links are not followed: a loop must not hang the scan. Digest files hold hashes, not records.
    if (entry.isDirectory()) {
      if (entry.name !== "CloudTrail-Digest") walk(full, out);
    }
    else if (entry.isFile() && LOG_FILE.test(entry.name)) out.files.push(full);
  }
}

export function reasonOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === "ENOENT") return "no such file or folder";
  if (e.code === "EACCES" || e.code === "EPERM") return "permission denied";
  return e.message ?? String(err);
}
