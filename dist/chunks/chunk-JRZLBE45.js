import { createRequire as __pullguardRequire } from "node:module";
const require = __pullguardRequire(import.meta.url);

// src/cloudtrail/files.ts
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
var CloudTrailPathError = class extends Error {
};
var LOG_FILE = /\.json(\.gz)?$/i;
function listLogFiles(path, shown = path) {
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
  const out = { files: [], unreadable: [] };
  walk(path, out);
  return out;
}
function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  } catch (err) {
    out.unreadable.push({ file: dir, reason: reasonOf(err) });
    return;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "CloudTrail-Digest") walk(full, out);
    } else if (entry.isFile() && LOG_FILE.test(entry.name)) out.files.push(full);
  }
}
function reasonOf(err) {
  const e = err;
  if (e.code === "ENOENT") return "no such file or folder";
  if (e.code === "EACCES" || e.code === "EPERM") return "permission denied";
  return e.message ?? String(err);
}

export {
  CloudTrailPathError,
  listLogFiles
};
