import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The environment without what `npm test` put in it: this project's npm settings must not reach another npm. */
export const CLEAN_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith("npm_")));

/**
 * npm that cannot download anything: offline, with an empty cache of its own and a registry that does not
 * answer. Installing pullguard must work so, as it has no dependencies to fetch.
 */
export function offlineNpmEnv(): NodeJS.ProcessEnv {
  return {
    ...CLEAN_ENV,
    npm_config_offline: "true",
    npm_config_cache: mkdtempSync(join(tmpdir(), "pullguard-empty-npm-cache-")),
    npm_config_registry: "http://127.0.0.1:9/",
    npm_config_update_notifier: "false",
    NO_COLOR: "1",
  };
}
