import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root, found upward from this file so that it works from `src/` (tests) and from the bundle in `dist/` alike. */
function packageJson(): { root: string; version: string; homepage?: string } {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version: string; homepage?: string };
      if (pkg.name === "pullguard") return { ...pkg, root: dir };
    }
  }
  throw new Error("pullguard's package.json was not found");
}

const pkg = packageJson();
/** The folder of pullguard's package.json. */
export const PACKAGE_ROOT = pkg.root;
/** Whether this code runs from the bundle (dist/), whose worker script (dist/worker.js) is the same code. */
export const BUNDLED = !fileURLToPath(import.meta.url).startsWith(join(pkg.root, "src"));
export const TOOL_NAME = "pullguard";
export const VERSION = pkg.version;
export const HOMEPAGE = pkg.homepage ?? "https://github.com/pullguard/pullguard";
