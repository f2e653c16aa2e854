import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT } from "./helpers.js";

/** The environment without what `npm test` put in it: this project's npm settings must not reach another npm. */
export const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));

/**
 * Whether npm can install this package's runtime dependencies offline. npm ci caches their tarballs
 * but not the registry metadata an install resolves versions with, so on a fresh machine it cannot
 * (.ci/run fills the cache with `npm cache add`); the tests that install the package then skip.
 */
export function runtimeDependenciesCached(): boolean {
  // Resolved as installing the package resolves them: its dependencies' ranges, without the lock file (the newest version each admits).
  const manifest = JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  const specs = Object.entries(manifest.dependencies ?? {}).map(([name, range]) => `${name}@${range}`);
  const dir = mkdtempSync(join(tmpdir(), "pullguard-npm-cache-"));
  writeFileSync(join(dir, "package.json"), '{"name":"probe","version":"1.0.0"}');
  const args = ["install", "--offline", "--dry-run", "--ignore-scripts", "--no-save", "--no-package-lock", ...specs];
  return spawnSync("npm", args, { cwd: dir, encoding: "utf8", env: CLEAN_ENV }).status === 0;
}

export const NOT_CACHED = "npm's cache cannot install the runtime dependencies offline; .ci/run fills it with npm cache add";
